package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

type fakeInterviews map[string]Interview

func (f fakeInterviews) Interview(_ context.Context, id string) (Interview, error) {
	iv, ok := f[id]
	if !ok {
		return Interview{}, ErrNotFound
	}
	return iv, nil
}

type fakeProblems struct{}

func (fakeProblems) Tests(context.Context, string) ([]Test, int, error) {
	return []Test{{Name: "adds", Input: "1 2\n", Expected: "3\n"}, {Name: "big", Input: "40 2\n", Expected: "42\n", Hidden: true}}, 2000, nil
}

// people of the fake interview: the header X-Test-User picks one.
var cast = map[string]identity.Role{"cand": identity.RoleCandidate, "owner": identity.RoleInterviewer,
	"iv": identity.RoleInterviewer, "other": identity.RoleInterviewer, "admin": identity.RoleAdmin}

type apiEnv struct {
	url string
	bus *events.Bus
	iv  string
}

func newAPI(t *testing.T) *apiEnv {
	t.Helper()
	db := testenv.Database(t)
	iv := testenv.RandomHex(8)
	ivs := fakeInterviews{iv: {ID: iv, OwnerID: "owner", CandidateID: "cand", InterviewerIDs: []string{"owner", "iv"}, ProblemID: "p1"}}
	bus := events.New()
	w := NewWorkers(WorkersConfig{DB: db, Executor: executor(t), Bus: bus, Logger: slog.New(slog.DiscardHandler), Poll: 200 * time.Millisecond})
	svc, err := New(Config{DB: db, Interviews: ivs, Problems: fakeProblems{}, Bus: bus, Workers: w, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.Start(ctx)
	t.Cleanup(func() { cancel(); w.Stop() })
	mux := http.NewServeMux()
	NewHandler(svc).Register(mux)
	auth := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if u := r.Header.Get("X-Test-User"); u != "" {
			r = r.WithContext(identity.WithPrincipal(r.Context(), &identity.Principal{User: identity.User{ID: u, Role: cast[u]}}))
		}
		mux.ServeHTTP(rw, r)
	})
	return &apiEnv{url: testenv.Serve(t, auth), bus: bus, iv: iv}
}

func (a *apiEnv) call(t *testing.T, method, path, who string, body any) (int, []byte) {
	t.Helper()
	h := http.Header{}
	if who != "" {
		h.Set("X-Test-User", who)
	}
	return testenv.Call(t, method, a.url+path, h, body)
}

// wait polls run id as who until it is done or failed.
func (a *apiEnv) wait(t *testing.T, id, who string) RunView {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		status, raw := a.call(t, "GET", "/api/runs/"+id, who, nil)
		if status != http.StatusOK {
			t.Fatalf("GET run: %d %s", status, raw)
		}
		var v RunView
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		if v.Status == StatusDone || v.Status == StatusFailed {
			return v
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the run did not finish")
	return RunView{}
}

func TestAPIRunAndTests(t *testing.T) {
	a := newAPI(t)
	events, stop := a.bus.Subscribe(events.Viewer{UserID: "iv"})
	defer stop()
	base := "/api/interviews/" + a.iv

	status, raw := a.call(t, "POST", base+"/runs", "cand", map[string]any{"language": "python", "source": "print(input()[::-1])", "stdin": "abc"})
	if status != http.StatusAccepted {
		t.Fatalf("submit: %d %s", status, raw)
	}
	var created struct{ ID string }
	_ = json.Unmarshal(raw, &created)
	// A second run while the first is unfinished is refused.
	if status, raw := a.call(t, "POST", base+"/runs", "cand", map[string]any{"language": "python", "source": "print(1)"}); status != http.StatusConflict && status != http.StatusAccepted {
		t.Errorf("second run: %d %s", status, raw)
	}
	v := a.wait(t, created.ID, "iv")
	if v.Stdout != "cba\n" || v.ExitCode != 0 {
		t.Errorf("run: %+v", v)
	}
	select {
	case e := <-events:
		if e.Topics[0] != Topic(a.iv) {
			t.Errorf("event %v", e.Topics)
		}
	case <-time.After(5 * time.Second):
		t.Error("the interviewer heard nothing")
	}

	// Hidden tests: an interviewer adds one; the candidate may not see them.
	if status, raw := a.call(t, "POST", base+"/run-tests", "iv", map[string]any{"name": "secret", "input": "5 5\n", "expected": "10\n"}); status != http.StatusCreated {
		t.Fatalf("add hidden test: %d %s", status, raw)
	}
	if status, _ := a.call(t, "GET", base+"/run-tests", "cand", nil); status != http.StatusForbidden {
		t.Errorf("candidate lists hidden tests: %d", status)
	}
	if status, _ := a.call(t, "POST", base+"/run-tests", "admin", map[string]any{"name": "x", "expected": "1"}); status != http.StatusForbidden {
		t.Errorf("admin adds a hidden test: %d", status)
	}
	// Wait for any second run of the candidate to end.
	time.Sleep(200 * time.Millisecond)
	var id string
	for range 50 {
		status, raw = a.call(t, "POST", base+"/runs", "cand", map[string]any{"language": "javascript", "tests": true,
			"source": "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(' ').map(Number); console.error('input was', a, b); console.log(a + b === 10 ? 11 : a + b);"})
		if status == http.StatusAccepted {
			_ = json.Unmarshal(raw, &created)
			id = created.ID
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if id == "" {
		t.Fatalf("test run: %d %s", status, raw)
	}
	cv := a.wait(t, id, "cand")
	if cv.Total != 3 || cv.Passed != 2 || len(cv.Tests) != 3 {
		t.Fatalf("candidate's view: %+v", cv)
	}
	secret := cv.Tests[2]
	if secret.Passed || !secret.Hidden || secret.Input != "" || secret.Expected != "" || secret.Got != "" || secret.Stderr != "" {
		t.Errorf("the candidate sees a hidden test: %+v", secret)
	}
	if strings.Contains(cv.Stderr, "input was 5 5") {
		t.Errorf("the candidate sees a hidden test's stderr: %q", cv.Stderr)
	}
	iv := a.wait(t, id, "iv")
	if iv.Tests[2].Input != "5 5\n" || iv.Tests[2].Got != "11\n" {
		t.Errorf("the interviewer's view: %+v", iv.Tests[2])
	}
	// The interview's runs, newest first, for its people and admins.
	status, raw = a.call(t, "GET", base+"/runs", "admin", nil)
	var list struct{ Runs []RunView }
	_ = json.Unmarshal(raw, &list)
	if status != http.StatusOK || len(list.Runs) < 2 || list.Runs[0].ID != id {
		t.Errorf("list: %d %s", status, raw)
	}
}

func TestAPIRefusals(t *testing.T) {
	a := newAPI(t)
	base := "/api/interviews/" + a.iv
	ok := map[string]any{"language": "python", "source": "print(1)"}
	for _, c := range []struct {
		who    string
		path   string
		body   any
		status int
	}{
		{"", base + "/runs", ok, http.StatusUnauthorized},
		{"other", base + "/runs", ok, http.StatusForbidden},
		{"admin", base + "/runs", ok, http.StatusForbidden},
		{"cand", "/api/interviews/nope/runs", ok, http.StatusNotFound},
		{"cand", base + "/runs", map[string]any{"language": "cobol", "source": "x"}, http.StatusBadRequest},
		{"cand", base + "/runs", map[string]any{"language": "python", "source": " "}, http.StatusBadRequest},
		{"cand", base + "/runs", map[string]any{"language": "python", "source": strings.Repeat("x", MaxSource+1)}, http.StatusBadRequest},
		{"cand", base + "/runs", map[string]any{"language": "python", "source": "x", "stdin": strings.Repeat("x", MaxStdin+1)}, http.StatusBadRequest},
		{"cand", base + "/runs", map[string]any{"language": "python", "source": "x", "extra": 1}, http.StatusBadRequest},
		{"iv", base + "/run-tests", map[string]any{"name": "", "expected": ""}, http.StatusBadRequest},
	} {
		status, raw := a.call(t, "POST", c.path, c.who, c.body)
		if status != c.status {
			t.Errorf("%s POST %s %v: %d %s, want %d", c.who, c.path, c.body, status, raw, c.status)
		}
	}
	if status, _ := a.call(t, "GET", "/api/runs/"+a.iv+":999", "cand", nil); status != http.StatusNotFound {
		t.Errorf("missing run: %d", status)
	}
	if status, _ := a.call(t, "GET", base+"/runs", "other", nil); status != http.StatusForbidden {
		t.Errorf("outsider lists runs: %d", status)
	}
}

// TestClaimConcurrently: runners racing for the same queue take each run
// exactly once; a run whose lease expires is taken again, and the old
// holder learns it lost it.
func TestClaimConcurrently(t *testing.T) {
	db := testenv.Database(t)
	ctx := testenv.Context(t)
	if err := database.Migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	q := NewQueue(db, nil)
	iv := testenv.RandomHex(8)
	const runs = 12
	for i := range runs {
		d := runDoc{InterviewID: iv, UserID: fmt.Sprintf("u%d", i), Language: Python, Source: "print(1)", Status: StatusQueued, CreatedAt: time.Now()}
		if err := q.enqueue(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	taken := map[string]int{}
	var wg sync.WaitGroup
	for r := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rq := NewQueue(db, nil)
			for {
				c, err := rq.claim(ctx, fmt.Sprintf("runner%d", r), time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if c == nil {
					return
				}
				mu.Lock()
				taken[c.run.ID]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(taken) != runs {
		t.Errorf("%d runs taken, want %d", len(taken), runs)
	}
	for id, n := range taken {
		if n != 1 {
			t.Errorf("%s taken %d times", id, n)
		}
	}

	// Lease expiry: a runner that stopped renewing loses its run. The queue's
	// clock is the test's, so "held" and "expired" do not depend on how busy
	// the machine is.
	var clockMu sync.Mutex
	clock := time.Now()
	now := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }
	q = NewQueue(db, now)
	d := runDoc{InterviewID: iv, UserID: "late", Language: Python, Source: "print(1)", Status: StatusQueued, CreatedAt: time.Now()}
	if err := q.enqueue(ctx, &d); err != nil {
		t.Fatal(err)
	}
	first, err := q.claim(ctx, "dies", 30*time.Second)
	if err != nil || first == nil {
		t.Fatalf("claim: %v %v", first, err)
	}
	clockMu.Lock()
	clock = clock.Add(29 * time.Second)
	clockMu.Unlock()
	if again, _ := q.claim(ctx, "other", time.Minute); again != nil {
		t.Fatal("a leased run was taken while its lease held")
	}
	clockMu.Lock()
	clock = clock.Add(2 * time.Second)
	clockMu.Unlock()
	second, err := q.claim(ctx, "other", time.Minute)
	if err != nil || second == nil || second.run.ID != first.run.ID || second.attempt != 2 {
		t.Fatalf("after expiry: %+v %v", second, err)
	}
	if ok, err := q.renew(ctx, first, time.Minute); err != nil || ok {
		t.Errorf("the old holder renewed a lost lease: %v %v", ok, err)
	}
	if err := q.finish(ctx, second, &Result{Stdout: "1\n"}, ""); err != nil {
		t.Fatal(err)
	}
	got, err := q.get(ctx, first.run.ID)
	if err != nil || got.Status != StatusDone {
		t.Errorf("after finish: %+v %v", got, err)
	}
}
