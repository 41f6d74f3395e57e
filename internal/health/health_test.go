package health

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/supervisor"
)

func ok(context.Context) error { return nil }

func failing(msg string) func(context.Context) error {
	return func(context.Context) error { return errors.New(msg) }
}

// slow answers after d unless its context ends first.
func slow(d time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		select {
		case <-time.After(d):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func serve(t *testing.T, c *Checker) (*httptest.ResponseRecorder, Report) {
	t.Helper()
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/health", nil))
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	var rep Report
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatalf("body %q: %v", rec.Body.String(), err)
	}
	return rec, rep
}

func TestAllUp(t *testing.T) {
	c := New("1.2.3", "serve",
		Component{Name: "mongodb", Description: "MongoDB", Address: "db:27017", Probe: ok},
		Component{Name: "kratos", Description: "Ory Kratos", Probe: ok},
		Component{Name: "mail", Description: "SMTP", Probe: ok, Embedded: true},
	)
	rec, rep := serve(t, c)
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	if rep.Status != Up || rep.Version != "1.2.3" || rep.Mode != "serve" {
		t.Errorf("report = %+v", rep)
	}
	if len(rep.Components) != 3 || len(rep.Details) != 3 {
		t.Fatalf("components %v details %v, want 3 each", rep.Components, rep.Details)
	}
	for name, s := range rep.Components {
		if s != Up || rep.Details[name].Status != Up || rep.Details[name].Error != "" {
			t.Errorf("%s: %s %+v, want up without error", name, s, rep.Details[name])
		}
	}
	if d := rep.Details["mongodb"]; d.Description != "MongoDB" || d.Address != "db:27017" || d.Managed {
		t.Errorf("mongodb detail = %+v", d)
	}
	if !rep.Details["mail"].Managed {
		t.Error("embedded component not reported as managed")
	}
	if rep.CheckedAt.IsZero() || time.Since(rep.CheckedAt) > time.Minute {
		t.Errorf("checkedAt = %v", rep.CheckedAt)
	}
}

func TestOneDownIs503(t *testing.T) {
	c := New("v", "dev",
		Component{Name: "mongodb", Probe: ok},
		Component{Name: "livekit", Probe: failing("dial tcp 127.0.0.1:7880: connection refused")},
		Component{Name: "kratos", Probe: ok},
	)
	rec, rep := serve(t, c)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503", rec.Code)
	}
	if rep.Status != Degraded {
		t.Errorf("status = %q, want %q", rep.Status, Degraded)
	}
	if rep.Components["livekit"] != Down {
		t.Errorf("livekit = %q, want down", rep.Components["livekit"])
	}
	if got := rep.Details["livekit"].Error; got != "dial tcp 127.0.0.1:7880: connection refused" {
		t.Errorf("livekit error = %q", got)
	}
	for _, name := range []string{"mongodb", "kratos"} {
		if rep.Components[name] != Up || rep.Details[name].Error != "" {
			t.Errorf("%s = %q (%q), want up", name, rep.Components[name], rep.Details[name].Error)
		}
	}
}

func TestSlowProbeCutOffByTimeout(t *testing.T) {
	const probeSleep = 3 * time.Second
	c := New("v", "serve",
		Component{Name: "slow", Probe: slow(probeSleep)},
		Component{Name: "fast", Probe: ok},
	)
	c.Timeout = 50 * time.Millisecond
	start := time.Now()
	rep := c.Check(context.Background())
	elapsed := time.Since(start)
	if elapsed > probeSleep/3 {
		t.Errorf("Check took %v; the %v timeout did not cut off the %v probe", elapsed, c.Timeout, probeSleep)
	}
	if rep.Status != Degraded || rep.Components["slow"] != Down || rep.Components["fast"] != Up {
		t.Errorf("report = %v (%s), want slow down, fast up, degraded", rep.Components, rep.Status)
	}
	if rep.Details["slow"].Error != context.DeadlineExceeded.Error() {
		t.Errorf("slow error = %q, want %q", rep.Details["slow"].Error, context.DeadlineExceeded)
	}
	if l := rep.Details["slow"].LatencyMs; l < float64(c.Timeout.Milliseconds())/2 {
		t.Errorf("slow latency = %vms, want about the %v timeout", l, c.Timeout)
	}
}

func TestProbesRunConcurrently(t *testing.T) {
	// Five probes that each take 300ms finish together, not one after another.
	var comps []Component
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		comps = append(comps, Component{Name: n, Probe: func(context.Context) error {
			time.Sleep(300 * time.Millisecond)
			return nil
		}})
	}
	c := New("v", "dev", comps...)
	start := time.Now()
	rep := c.Check(context.Background())
	if elapsed := time.Since(start); elapsed > 1200*time.Millisecond {
		t.Errorf("Check of five 300ms probes took %v; probes are not concurrent", elapsed)
	}
	if rep.Status != Up {
		t.Errorf("status = %q", rep.Status)
	}
}

func TestCallerContextReachesProbes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep := New("v", "dev", Component{Name: "x", Probe: slow(time.Minute)}).Check(ctx)
	if rep.Components["x"] != Down || rep.Details["x"].Error != context.Canceled.Error() {
		t.Errorf("cancelled check: %v %+v, want x down with %q", rep.Components, rep.Details["x"], context.Canceled)
	}
}

func TestJSONShape(t *testing.T) {
	c := New("v9", "dev",
		Component{Name: "mongodb", Description: "FerretDB", Probe: ok, Embedded: true},
		Component{Name: "mail", Description: "Mailpit", Probe: failing("refused")},
	)
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/health", nil))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"status", "version", "mode", "checkedAt", "components", "details"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("report lacks %q: %s", k, rec.Body.String())
		}
	}
	var components map[string]string
	if err := json.Unmarshal(raw["components"], &components); err != nil {
		t.Fatalf("components is not an object of strings: %s", raw["components"])
	}
	if components["mongodb"] != "up" || components["mail"] != "down" {
		t.Errorf("components = %v", components)
	}
	var details map[string]map[string]any
	if err := json.Unmarshal(raw["details"], &details); err != nil {
		t.Fatalf("details: %v", err)
	}
	for _, k := range []string{"status", "description", "latencyMs", "managed"} {
		if _, ok := details["mongodb"][k]; !ok {
			t.Errorf("details.mongodb lacks %q: %v", k, details["mongodb"])
		}
	}
	if details["mail"]["error"] != "refused" {
		t.Errorf("details.mail.error = %v", details["mail"]["error"])
	}
	if _, ok := details["mongodb"]["error"]; ok {
		t.Errorf("an up component has an error key: %v", details["mongodb"])
	}
	if _, ok := details["mongodb"]["pid"]; ok {
		t.Errorf("an unsupervised component has a pid: %v", details["mongodb"])
	}
}

func TestNoComponentsIsUp(t *testing.T) {
	rec, rep := serve(t, New("v", "dev"))
	if rec.Code != http.StatusOK || rep.Status != Up {
		t.Errorf("empty checker: %d %q, want 200 up", rec.Code, rep.Status)
	}
}

// TestSupervisedStarting runs a real child: the first instance is ready at
// once and exits; the restarted one runs but never becomes ready, so the
// process stays in the starting state and health reports it as such.
func TestSupervisedStarting(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	sh := "/bin/sh"
	if _, err := os.Stat(sh); err != nil {
		t.Fatalf("these tests run a real child through %s: %v", sh, err)
	}
	marker := filepath.Join(t.TempDir(), "ran-once")
	var readyCalls atomic.Int32
	spec := supervisor.Spec{
		Name: "fake",
		Path: sh,
		Args: []string{"-c", `if [ -e "$0" ]; then exec sleep 30; fi; : > "$0"`, marker},
		Ready: func(context.Context) error {
			if readyCalls.Add(1) == 1 {
				return nil
			}
			return errors.New("still warming up")
		},
		ReadyTimeout: time.Minute,
		Output:       io.Discard,
		MinBackoff:   10 * time.Millisecond,
		MaxBackoff:   10 * time.Millisecond,
	}
	proc, err := supervisor.Start(context.Background(), spec, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("supervisor.Start: %v", err)
	}
	defer proc.Stop()

	deadline := time.Now().Add(10 * time.Second)
	for proc.Status().State != supervisor.StateStarting || proc.Status().Restarts < 1 {
		if time.Now().After(deadline) {
			t.Fatalf("child never restarted into the starting state: %+v", proc.Status())
		}
		time.Sleep(10 * time.Millisecond)
	}

	c := New("v", "dev",
		Component{Name: "fake", Process: proc, Probe: failing("connection refused")},
		Component{Name: "other", Probe: ok},
	)
	rec, rep := serve(t, c)
	if rep.Components["fake"] != Starting {
		t.Fatalf("fake = %q, want %q (%+v)", rep.Components["fake"], Starting, rep.Details["fake"])
	}
	if rec.Code != http.StatusServiceUnavailable || rep.Status != Degraded {
		t.Errorf("got %d %q while a component is starting, want 503 degraded", rec.Code, rep.Status)
	}
	d := rep.Details["fake"]
	if !d.Managed || d.PID <= 0 || d.Restarts < 1 || d.Since == nil || d.Error != "connection refused" {
		t.Errorf("fake detail = %+v, want managed with pid, restarts, since and the probe error", d)
	}
	if d.PID != proc.Status().PID {
		t.Errorf("pid = %d, want the running child's %d", d.PID, proc.Status().PID)
	}

	// Once the probe answers, the component is up whatever the process state.
	c = New("v", "dev", Component{Name: "fake", Process: proc, Probe: ok})
	if rec, rep := serve(t, c); rec.Code != http.StatusOK || rep.Components["fake"] != Up {
		t.Errorf("answering supervised component: %d %v, want 200 up", rec.Code, rep.Components)
	}
}

// TestSupervisedDownCarriesLastError: a supervised component that is not
// starting and fails its probe is down, with the supervisor's last error.
func TestSupervisedDownCarriesLastError(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	sh := "/bin/sh"
	if _, err := os.Stat(sh); err != nil {
		t.Fatalf("these tests run a real child through %s: %v", sh, err)
	}
	// The child exits 5 every time and is restarted only after a long back-off,
	// so after the first exit it sits in the down state.
	proc, err := supervisor.Start(context.Background(), supervisor.Spec{
		Name: "crashy", Path: sh, Args: []string{"-c", "exit 5"},
		Output: io.Discard, MinBackoff: time.Minute, MaxBackoff: time.Minute,
	}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("supervisor.Start: %v", err)
	}
	defer proc.Stop()
	deadline := time.Now().Add(10 * time.Second)
	for proc.Status().State != supervisor.StateDown {
		if time.Now().After(deadline) {
			t.Fatalf("child never went down: %+v", proc.Status())
		}
		time.Sleep(10 * time.Millisecond)
	}
	rep := New("v", "dev", Component{Name: "crashy", Process: proc, Probe: failing("refused")}).Check(context.Background())
	if rep.Components["crashy"] != Down {
		t.Fatalf("crashy = %q, want down", rep.Components["crashy"])
	}
	if got, want := rep.Details["crashy"].Error, "refused (exited: exit status 5)"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

// A probe whose error wraps ErrStarting reports the component as starting
// (the whole degraded, 503), and its note is reported whether up or not.
func TestProbeSaysStartingWithANote(t *testing.T) {
	var state atomic.Value
	state.Store("loading")
	probe := func(context.Context) error {
		if state.Load() == "loading" {
			return fmt.Errorf("%w: the interview list is loading", ErrStarting)
		}
		return nil
	}
	c := New("1", "serve", Component{Name: "schedule", Description: "interview read model", Embedded: true,
		Probe: probe, Note: func() string { return state.Load().(string) }})
	rec, rep := serve(t, c)
	if rec.Code != http.StatusServiceUnavailable || rep.Status != Degraded || rep.Components["schedule"] != Starting {
		t.Errorf("loading: %d %s %v", rec.Code, rep.Status, rep.Components)
	}
	if d := rep.Details["schedule"]; d.Note != "loading" || d.Error == "" {
		t.Errorf("loading detail: %+v", d)
	}
	state.Store("provisional")
	rec, rep = serve(t, c)
	if rec.Code != http.StatusOK || rep.Status != Up || rep.Components["schedule"] != Up {
		t.Errorf("provisional: %d %s %v", rec.Code, rep.Status, rep.Components)
	}
	if d := rep.Details["schedule"]; d.Note != "provisional" || d.Error != "" {
		t.Errorf("provisional detail: %+v", d)
	}
}
