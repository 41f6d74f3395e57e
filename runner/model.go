package runner

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Limits on what a request may carry.
const (
	MaxSource      = 64 << 10 // bytes of source code
	MaxStdin       = 64 << 10 // bytes of standard input
	MaxHiddenTests = 20       // hidden tests per interview
	MaxTestName    = 100      // characters
	MaxTestIO      = 64 << 10 // bytes of a hidden test's input, and of its expected output
	// maxJobTests bounds the test data a run carries (the run document holds it).
	maxJobBytes = 8 << 20
	// RecentRuns is how many runs GET /api/interviews/{id}/runs returns.
	RecentRuns = 20
)

// RunRequest is the body of POST /api/interviews/{id}/runs.
type RunRequest struct {
	Language string  `json:"language"`
	Source   string  `json:"source"`
	Stdin    *string `json:"stdin,omitempty"`
	Tests    bool    `json:"tests,omitempty"`
}

// Validate checks every field and reports all problems at once.
func (r RunRequest) Validate() error {
	f := map[string]string{}
	if !slices.Contains(Languages, r.Language) {
		f["language"] = "must be javascript, python or java"
	}
	switch {
	case strings.TrimSpace(r.Source) == "":
		f["source"] = "is empty: write some code first"
	case len(r.Source) > MaxSource:
		f["source"] = fmt.Sprintf("must be at most %d KB", MaxSource>>10)
	case !utf8.ValidString(r.Source):
		f["source"] = "must be UTF-8 text"
	}
	if r.Stdin != nil {
		switch {
		case r.Tests:
			f["stdin"] = "a test run reads each test's input; leave stdin out"
		case len(*r.Stdin) > MaxStdin:
			f["stdin"] = fmt.Sprintf("must be at most %d KB", MaxStdin>>10)
		}
	}
	if len(f) > 0 {
		return &httpx.ValidationError{Fields: f}
	}
	return nil
}

// HiddenTestRequest is the body of POST /api/interviews/{id}/run-tests.
type HiddenTestRequest struct {
	Name     string `json:"name"`
	Input    string `json:"input"`
	Expected string `json:"expected"`
}

// Validate checks every field (after the name is trimmed).
func (r HiddenTestRequest) Validate() error {
	f := map[string]string{}
	switch n := utf8.RuneCountInString(strings.TrimSpace(r.Name)); {
	case n == 0:
		f["name"] = "is required"
	case n > MaxTestName:
		f["name"] = fmt.Sprintf("must be at most %d characters", MaxTestName)
	}
	if len(r.Input) > MaxTestIO {
		f["input"] = fmt.Sprintf("must be at most %d KB", MaxTestIO>>10)
	}
	switch {
	case len(r.Expected) > MaxTestIO:
		f["expected"] = fmt.Sprintf("must be at most %d KB", MaxTestIO>>10)
	case strings.TrimSpace(r.Expected) == "":
		f["expected"] = "is required: what the program must print"
	}
	if len(f) > 0 {
		return &httpx.ValidationError{Fields: f}
	}
	return nil
}

// HiddenTest is an interviewer's hidden test of one interview.
type HiddenTest struct {
	ID        string    `bson:"id" json:"id"`
	Name      string    `bson:"name" json:"name"`
	Input     string    `bson:"input" json:"input"`
	Expected  string    `bson:"expected" json:"expected"`
	CreatedBy string    `bson:"createdBy" json:"createdBy"`
	CreatedAt time.Time `bson:"createdAt" json:"createdAt"`
}

// RunView is a run as the API shows it (GET /api/runs/{id}).
type RunView struct {
	ID          string       `json:"id"`
	InterviewID string       `json:"interviewId"`
	UserID      string       `json:"userId"`
	Language    string       `json:"language"`
	WithTests   bool         `json:"withTests"`
	Status      string       `json:"status"`
	Position    int          `json:"position,omitempty"`
	CreatedAt   time.Time    `json:"createdAt"`
	FinishedAt  *time.Time   `json:"finishedAt,omitempty"`
	Stdin       string       `json:"stdin"`
	Stdout      string       `json:"stdout"`
	Stderr      string       `json:"stderr"`
	ExitCode    int          `json:"exitCode"`
	TimeMs      int64        `json:"timeMs"`
	CPUMs       int64        `json:"cpuMs"`
	MemoryKB    int64        `json:"memoryKB"`
	Truncated   bool         `json:"truncated"`
	Limit       string       `json:"limit,omitempty"`
	Compile     bool         `json:"compileFailed,omitempty"`
	Error       string       `json:"error,omitempty"`
	Passed      int          `json:"passed"`
	Total       int          `json:"total"`
	Tests       []TestResult `json:"tests,omitempty"`
}

// view makes d's view for a viewer; candidates see hidden tests only as
// passed or failed (no input, expected or actual output, no stderr: a
// program could print its input there).
func view(d runDoc, pos int, candidate bool) RunView {
	v := RunView{ID: d.ID, InterviewID: d.InterviewID, UserID: d.UserID, Language: d.Language, WithTests: d.WithTests,
		Status: d.Status, CreatedAt: d.CreatedAt, FinishedAt: d.FinishedAt, Stdin: d.Stdin, Error: d.Error}
	if d.Status == StatusQueued {
		v.Position = pos
	}
	if d.WithTests {
		v.Total = len(d.Tests)
	}
	if r := d.Result; r != nil {
		v.Stdout, v.Stderr, v.ExitCode, v.TimeMs, v.CPUMs, v.MemoryKB = r.Stdout, r.Stderr, r.ExitCode, r.TimeMs, r.CPUMs, r.MemoryKB
		v.Truncated, v.Limit, v.Compile = r.Truncated, r.Limit, r.Compile
		v.Tests = make([]TestResult, 0, len(r.Tests))
		firstFailHidden := false
		failed := false
		for _, t := range r.Tests {
			if t.Passed {
				v.Passed++
			} else if !failed {
				failed, firstFailHidden = true, t.Hidden
			}
			if candidate && t.Hidden {
				t = TestResult{Name: t.Name, Passed: t.Passed, Hidden: true, TimeMs: t.TimeMs, MemoryKB: t.MemoryKB, Limit: t.Limit}
			}
			v.Tests = append(v.Tests, t)
		}
		if candidate && firstFailHidden {
			v.Stdout, v.Stderr = "", ""
		}
	}
	return v
}
