package schedule

import (
	"net/http"
	"strings"
	"testing"
)

// The outcome is the interviewers' verdict: its candidate never sees it,
// neither in an answer nor through the list's outcome filter.
func TestCandidatesNeverSeeTheOutcome(t *testing.T) {
	a := newApp(t)
	iv := a.interview(t, true)
	if _, err := a.svc.SetOutcome(a.as(t, a.p.ivOn), iv.ID, OutcomeFailed); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/interviews/" + iv.ID, "/api/dashboard", "/api/interviews"} {
		status, raw := a.api(t, "GET", path, a.p.candOn, nil)
		if status != http.StatusOK || strings.Contains(string(raw), `"outcome":"`) {
			t.Errorf("candidate, %s: %d %s, want no outcome", path, status, raw)
		}
		status, raw = a.api(t, "GET", path, a.p.ivOn, nil)
		if status != http.StatusOK || !strings.Contains(string(raw), `"outcome":"failed"`) {
			t.Errorf("interviewer, %s: %d %s, want the outcome", path, status, raw)
		}
	}
	for _, tt := range []struct {
		who     person
		outcome string
		listed  bool
	}{
		{a.p.candOn, "failed", false}, {a.p.candOn, "succeeded", false}, {a.p.candOn, "none", true},
		{a.p.ivOn, "failed", true}, {a.p.ivOn, "none", false},
	} {
		status, raw := a.api(t, "GET", "/api/interviews?outcome="+tt.outcome, tt.who, nil)
		if status != http.StatusOK || strings.Contains(string(raw), iv.ID) != tt.listed {
			t.Errorf("%s lists outcome=%s: %d, listed %v, want %v", tt.who.Email, tt.outcome, status, !tt.listed, tt.listed)
		}
	}
}
