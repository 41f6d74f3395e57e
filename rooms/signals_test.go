package rooms

import (
	"net/http"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func (a *testApp) signals(t *testing.T, id string, p person) []Signal {
	t.Helper()
	status, raw := a.api(t, "GET", "/api/interviews/"+id+"/signals", p, nil)
	if status != http.StatusOK {
		t.Fatalf("signals as %s: %d %s", p.Name, status, raw)
	}
	var out struct{ Signals []Signal }
	testenv.DecodeJSON(t, raw, &out)
	return out.Signals
}

// The candidate's page records pastes and time away; both sides read them
// (they are shown openly), interviewers hear them live, nobody else records
// or reads them, and bad reports are refused without a trace.
func TestIntegritySignals(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	path := "/api/interviews/" + iv.ID + "/signals"
	heard, stop := a.bus.Subscribe(events.Viewer{UserID: a.p.ivOn.ID, Role: string(identity.RoleInterviewer)})
	defer stop()

	status, raw := a.api(t, "POST", path, a.p.cand, map[string]any{"kind": "paste", "chars": 1200})
	if status != http.StatusCreated {
		t.Fatalf("paste signal: %d %s", status, raw)
	}
	status, raw = a.api(t, "POST", path, a.p.cand, map[string]any{"kind": "away", "awayMs": 42_000})
	if status != http.StatusCreated {
		t.Fatalf("away signal: %d %s", status, raw)
	}
	for _, p := range []person{a.p.cand, a.p.ivOn, a.p.owner, a.p.admin} {
		got := a.signals(t, iv.ID, p)
		if len(got) != 2 || got[0].Kind != SignalPaste || got[0].Chars != 1200 || got[1].Kind != SignalAway || got[1].AwayMs != 42_000 {
			t.Fatalf("signals as %s = %+v", p.Name, got)
		}
		// Away starts when the page lost focus: 42 s before it was reported.
		if d := got[0].At.Sub(got[1].At); d < 41*time.Second || d > 50*time.Second {
			t.Errorf("away started %v before the paste, want about 42 s", d)
		}
		if got[0].UserID != a.p.cand.ID {
			t.Errorf("signal user = %q, want the candidate", got[0].UserID)
		}
	}
	select {
	case e := <-heard:
		if len(e.Topics) != 1 || e.Topics[0] != "signals:"+iv.ID {
			t.Errorf("interviewer heard %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Error("the interviewer heard no live event")
	}

	before := a.dump(t)
	for _, tc := range []struct {
		who  person
		body any
		want int
	}{
		{a.p.cand, map[string]any{"kind": "paste"}, http.StatusBadRequest},
		{a.p.cand, map[string]any{"kind": "paste", "chars": -5}, http.StatusBadRequest},
		{a.p.cand, map[string]any{"kind": "paste", "chars": 5, "awayMs": 3}, http.StatusBadRequest},
		{a.p.cand, map[string]any{"kind": "away", "awayMs": 0}, http.StatusBadRequest},
		{a.p.cand, map[string]any{"kind": "away", "awayMs": maxAwayMs + 1}, http.StatusBadRequest},
		{a.p.cand, map[string]any{"kind": "cheating"}, http.StatusBadRequest},
		{a.p.cand, map[string]any{"kind": "paste", "chars": 5, "userId": "x"}, http.StatusBadRequest},
		{a.p.cand, "not json", http.StatusBadRequest},
		{a.p.ivOn, map[string]any{"kind": "paste", "chars": 5}, http.StatusForbidden},
		{a.p.admin, map[string]any{"kind": "paste", "chars": 5}, http.StatusForbidden},
		{a.p.candOff, map[string]any{"kind": "paste", "chars": 5}, http.StatusForbidden},
		{person{}, map[string]any{"kind": "paste", "chars": 5}, http.StatusUnauthorized},
	} {
		if status, raw := a.api(t, "POST", path, tc.who, tc.body); status != tc.want {
			t.Errorf("signal %v by %q: %d %s, want %d", tc.body, tc.who.Name, status, raw, tc.want)
		}
	}
	if !sameDump(before, a.dump(t)) {
		t.Fatal("a refused signal was stored")
	}
	for _, p := range []person{a.p.candOff, a.p.ivOff} {
		if status, _ := a.api(t, "GET", path, p, nil); status != http.StatusForbidden && status != http.StatusNotFound {
			t.Errorf("signals read by %s: %d, want 403 or 404", p.Name, status)
		}
	}
}
