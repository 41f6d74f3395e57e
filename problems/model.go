package problems

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Limits on a problem's fields. The whole request body is also bounded by
// httpx.MaxBodyBytes (1 MiB), so a problem cannot reach every per-field
// maximum at once.
const (
	MaxTitle       = 200    // characters
	MaxTags        = 10     // tags per problem
	MaxTag         = 30     // characters per tag
	MaxStatement   = 50_000 // characters
	MaxStarter     = 20_000 // characters per language
	MaxTests       = 100
	MaxTestName    = 100        // characters
	MaxTestIO      = 100 * 1024 // bytes of input, and of expected output
	MinTimeLimitMs = 100
	MaxTimeLimitMs = 10_000
)

var tagPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// Starter is the code a candidate starts from, one per language of Languages.
type Starter struct {
	JavaScript string `bson:"javascript" json:"javascript"`
	Python     string `bson:"python" json:"python"`
	Java       string `bson:"java" json:"java"`
}

// ByLanguage returns the starter for lang ("javascript", "python", "java").
func (s Starter) ByLanguage(lang string) (string, bool) {
	switch lang {
	case "javascript":
		return s.JavaScript, true
	case "python":
		return s.Python, true
	case "java":
		return s.Java, true
	}
	return "", false
}

// Test is one test case of a stored problem: stdin and the expected stdout.
// Hidden tests are not shown to the candidate.
type Test struct {
	Name     string `bson:"name" json:"name"`
	Input    string `bson:"input" json:"input"`
	Expected string `bson:"expected" json:"expected"`
	Hidden   bool   `bson:"hidden" json:"hidden"`
}

// Problem is one problem of the question bank, built in or written by an
// interviewer. ID is "builtin:<slug>" for the built-in catalog.
type Problem struct {
	ID          string    `bson:"_id" json:"id"`
	Slug        string    `bson:"slug" json:"slug"`
	Title       string    `bson:"title" json:"title"`
	Difficulty  string    `bson:"difficulty" json:"difficulty"`
	Tags        []string  `bson:"tags" json:"tags"`
	Statement   string    `bson:"statement" json:"statement"` // Markdown
	Starter     Starter   `bson:"starter" json:"starter"`
	Tests       []Test    `bson:"tests" json:"tests"`
	TimeLimitMs int       `bson:"timeLimitMs" json:"timeLimitMs"`
	BuiltIn     bool      `bson:"builtIn" json:"builtIn"`
	CreatedBy   *string   `bson:"createdBy" json:"createdBy"` // user id; nil for built-in problems
	CreatedAt   time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt   time.Time `bson:"updatedAt" json:"updatedAt"`
	// CatalogHash is, for a built-in problem, the ContentHash of the catalog
	// version it was last seeded from. While the stored content still hashes
	// to it, nobody has edited the problem and a newer catalog may replace it.
	CatalogHash string `bson:"catalogHash,omitempty" json:"-"`
}

// Summary is a problem as the list shows it: no statement, starters or tests.
type Summary struct {
	ID         string    `bson:"_id" json:"id"`
	Slug       string    `bson:"slug" json:"slug"`
	Title      string    `bson:"title" json:"title"`
	Difficulty string    `bson:"difficulty" json:"difficulty"`
	Tags       []string  `bson:"tags" json:"tags"`
	BuiltIn    bool      `bson:"builtIn" json:"builtIn"`
	UpdatedAt  time.Time `bson:"updatedAt" json:"updatedAt"`
}

// Input holds the editable fields of a problem: the body of POST and PUT
// (a PUT replaces all of them).
type Input struct {
	Title       string   `json:"title"`
	Difficulty  string   `json:"difficulty"`
	Tags        []string `json:"tags"`
	Statement   string   `json:"statement"`
	Starter     Starter  `json:"starter"`
	Tests       []Test   `json:"tests"`
	TimeLimitMs int      `json:"timeLimitMs"`
}

// normalize trims the title and tags; everything else is kept as typed
// (whitespace matters in code and test data).
func (in Input) normalize() Input {
	in.Title = strings.TrimSpace(in.Title)
	in.Difficulty = strings.TrimSpace(in.Difficulty)
	tags := make([]string, 0, len(in.Tags))
	for _, t := range in.Tags {
		tags = append(tags, strings.TrimSpace(t))
	}
	in.Tags = tags
	tests := make([]Test, 0, len(in.Tests))
	for _, tc := range in.Tests {
		tc.Name = strings.TrimSpace(tc.Name)
		tests = append(tests, tc)
	}
	in.Tests = tests
	return in
}

// Validate checks every field (of the normalized input: the service trims
// the title, tags and test names first) and reports all problems at once, keyed by
// field: title, difficulty, tags, statement, starter.<lang>, tests,
// tests.<i>.name|input|expected, timeLimitMs.
func (in Input) Validate() error {
	f := map[string]string{}
	n := utf8.RuneCountInString
	switch {
	case strings.TrimSpace(in.Title) == "":
		f["title"] = "is required"
	case n(in.Title) > MaxTitle:
		f["title"] = fmt.Sprintf("must be at most %d characters", MaxTitle)
	}
	if !slices.Contains(Difficulties, in.Difficulty) {
		f["difficulty"] = "must be easy, medium or hard"
	}
	if msg := tagsError(in.Tags); msg != "" {
		f["tags"] = msg
	}
	switch {
	case strings.TrimSpace(in.Statement) == "":
		f["statement"] = "is required"
	case n(in.Statement) > MaxStatement:
		f["statement"] = fmt.Sprintf("must be at most %d characters", MaxStatement)
	}
	for _, lang := range Languages {
		code, _ := in.Starter.ByLanguage(lang)
		switch {
		case strings.TrimSpace(code) == "":
			f["starter."+lang] = "is required"
		case n(code) > MaxStarter:
			f["starter."+lang] = fmt.Sprintf("must be at most %d characters", MaxStarter)
		}
	}
	switch {
	case len(in.Tests) == 0:
		f["tests"] = "add at least one test case"
	case len(in.Tests) > MaxTests:
		f["tests"] = fmt.Sprintf("at most %d test cases", MaxTests)
	default:
		names := map[string]bool{}
		for i, tc := range in.Tests {
			key := "tests." + strconv.Itoa(i) + "."
			name := strings.TrimSpace(tc.Name)
			switch {
			case name == "":
				f[key+"name"] = "is required"
			case n(name) > MaxTestName:
				f[key+"name"] = fmt.Sprintf("must be at most %d characters", MaxTestName)
			case names[name]:
				f[key+"name"] = "another test case has this name"
			}
			names[name] = true
			if len(tc.Input) > MaxTestIO {
				f[key+"input"] = "must be at most 100 KB"
			}
			if len(tc.Expected) > MaxTestIO {
				f[key+"expected"] = "must be at most 100 KB"
			}
		}
	}
	if in.TimeLimitMs < MinTimeLimitMs || in.TimeLimitMs > MaxTimeLimitMs {
		f["timeLimitMs"] = fmt.Sprintf("must be between %d and %d milliseconds", MinTimeLimitMs, MaxTimeLimitMs)
	}
	if len(f) > 0 {
		return &httpx.ValidationError{Fields: f}
	}
	return nil
}

// tagsError says what is wrong with tags (the first problem found), or "".
func tagsError(tags []string) string {
	if len(tags) > MaxTags {
		return fmt.Sprintf("at most %d tags", MaxTags)
	}
	for i, t := range tags {
		switch {
		case t == "":
			return "tags cannot be empty"
		case utf8.RuneCountInString(t) > MaxTag:
			return fmt.Sprintf("tag %q is longer than %d characters", t, MaxTag)
		case !tagPattern.MatchString(t):
			return fmt.Sprintf("tag %q may only use lowercase letters, digits and hyphens", t)
		case slices.Contains(tags[:i], t):
			return fmt.Sprintf("tag %q is listed twice", t)
		}
	}
	return ""
}

// ListQuery filters the list. Every field is optional.
type ListQuery struct {
	Q          string // matched, case-insensitively, against title, slug and tags
	Difficulty string // one of Difficulties
	Tag        string // exact tag
}

var slugDrop = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify derives a slug from a title: lowercase ASCII letters and digits
// joined by single hyphens, at most 60 characters; "problem" when nothing
// is left (a title in another script).
func Slugify(title string) string {
	s := strings.Trim(slugDrop.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	if s == "" {
		return "problem"
	}
	return s
}
