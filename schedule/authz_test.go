package schedule

import (
	"net/http"
	"testing"
	"time"
)

// TestAuthorizationTable calls every route as every kind of user and checks
// the status; after every refused write, nothing changed.
func TestAuthorizationTable(t *testing.T) {
	a := newApp(t)
	p := a.p
	type actor struct {
		name string
		who  person
	}
	actors := []actor{
		{"none", person{}}, {"candidate on it", p.candOn}, {"candidate not on it", p.candOff},
		{"interviewer on it", p.ivOn}, {"interviewer not on it", p.ivOff}, {"admin", p.admin},
	}
	type route struct {
		method, path string // {id} is replaced
		body         func() any
		write        bool
		want         [6]int // per actor, in order
	}
	createBody := func() any {
		return map[string]any{"title": "T", "candidateId": p.cand2.ID, "interviewerIds": []string{p.ivOn.ID},
			"startsAt": a.clock.Now().Add(3 * time.Hour).Format(time.RFC3339), "durationMinutes": 30}
	}
	const (
		ok = http.StatusOK
		cr = http.StatusCreated
		nc = http.StatusNoContent
		un = http.StatusUnauthorized
		fb = http.StatusForbidden
		nf = http.StatusNotFound
	)
	routes := []route{
		{"GET", "/api/interviews", nil, false, [6]int{un, ok, ok, ok, ok, ok}},
		{"POST", "/api/interviews", createBody, true, [6]int{un, fb, fb, cr, cr, cr}},
		{"GET", "/api/interviews/{id}", nil, false, [6]int{un, ok, nf, ok, nf, ok}},
		{"PATCH", "/api/interviews/{id}", func() any { return map[string]any{"title": "Renamed"} }, true, [6]int{un, fb, nf, ok, nf, ok}},
		{"DELETE", "/api/interviews/{id}", nil, true, [6]int{un, fb, nf, ok, nf, ok}},
		{"GET", "/api/interviews/{id}/comments", nil, false, [6]int{un, fb, nf, ok, nf, ok}},
		{"POST", "/api/interviews/{id}/comments", func() any { return map[string]any{"content": "Good", "rating": 4} }, true, [6]int{un, fb, nf, cr, nf, cr}},
		{"PUT", "/api/interviews/{id}/outcome", func() any { return map[string]any{"outcome": "succeeded"} }, true, [6]int{un, fb, nf, ok, nf, ok}},
		{"PUT", "/api/interviews/{id}/problem", func() any { return map[string]any{"problemId": "two-sum"} }, true, [6]int{un, fb, nf, ok, nf, ok}},
		{"GET", "/api/dashboard", nil, false, [6]int{un, ok, ok, ok, ok, ok}},
		{"GET", "/api/notifications", nil, false, [6]int{un, ok, ok, ok, ok, ok}},
		{"POST", "/api/notifications/read", func() any { return map[string]any{"all": true} }, true, [6]int{un, nc, nc, nc, nc, nc}},
	}
	for _, r := range routes {
		for i, ac := range actors {
			iv := a.interview(t, true) // live, so the outcome may be set
			path := r.path
			if len(path) > 0 {
				path = replaceID(path, iv.ID)
			}
			var body any
			if r.body != nil {
				body = r.body()
			}
			before := a.dump(t)
			status, raw := a.api(t, r.method, path, ac.who, body)
			if status != r.want[i] {
				t.Errorf("%s %s as %s: %d %s, want %d", r.method, r.path, ac.name, status, raw, r.want[i])
				continue
			}
			if r.write && status >= 400 {
				if r.body != nil {
					// A refusal never depends on the body.
					if s2, raw := a.api(t, r.method, path, ac.who, `{"bogus`); s2 != status {
						t.Errorf("%s %s as %s with a malformed body: %d %s, want %d", r.method, r.path, ac.name, s2, raw, status)
					}
				}
				if after := a.dump(t); !sameDump(before, after) {
					t.Errorf("%s %s as %s: refused (%d) but the database changed", r.method, r.path, ac.name, status)
				}
			}
		}
	}
}

func replaceID(path, id string) string {
	const ph = "{id}"
	for i := 0; i+len(ph) <= len(path); i++ {
		if path[i:i+len(ph)] == ph {
			return path[:i] + id + path[i+len(ph):]
		}
	}
	return path
}
