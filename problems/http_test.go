package problems

import (
	"net/http"
	"strings"
	"testing"

	"github.com/interviewprep/interviewprep/internal/testenv"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// TestAuthorizationTable calls every route as nobody, a candidate, an
// interviewer and an admin. Refused calls change nothing.
func TestAuthorizationTable(t *testing.T) {
	app := newApp(t, true)
	existing := app.create(t, validInput("Existing Problem"))
	builtIn := BuiltInID("lru-cache")

	// Each allowed DELETE needs a problem of its own.
	victim := func() string { return "/api/problems/" + app.create(t, validInput("Victim")).ID }

	type route struct {
		method string
		path   func() string
		body   any
		write  bool
		ok     int
	}
	routes := []route{
		{"GET", func() string { return "/api/problems" }, nil, false, http.StatusOK},
		{"GET", func() string { return "/api/problems?q=cache&difficulty=medium&tag=design" }, nil, false, http.StatusOK},
		{"POST", func() string { return "/api/problems" }, validInput("Posted"), true, http.StatusCreated},
		{"GET", func() string { return "/api/problems/" + existing.ID }, nil, false, http.StatusOK},
		{"GET", func() string { return "/api/problems/" + builtIn }, nil, false, http.StatusOK},
		{"PUT", func() string { return "/api/problems/" + existing.ID }, validInput("Renamed"), true, http.StatusOK},
		{"PUT", func() string { return "/api/problems/" + builtIn }, validInput("Edited Built-in"), true, http.StatusOK},
		{"DELETE", victim, nil, true, http.StatusNoContent},
	}
	roles := []struct {
		role identity.Role
		want func(ok int) int
	}{
		{"", func(int) int { return http.StatusUnauthorized }},
		{identity.RoleCandidate, func(int) int { return http.StatusForbidden }},
		{identity.RoleInterviewer, func(ok int) int { return ok }},
		{identity.RoleAdmin, func(ok int) int { return ok }},
	}
	for _, r := range routes {
		for _, who := range roles {
			path := r.path()
			var before []bson.M
			if r.write {
				before = snapshot(t, app.db)
			}
			status, raw := app.api(t, r.method, path, who.role, r.body)
			want := who.want(r.ok)
			name := r.method + " " + path + " as " + string(who.role)
			if who.role == "" {
				name += "nobody"
			}
			if status != want {
				t.Errorf("%s = %d %s, want %d", name, status, raw, want)
				continue
			}
			if want >= 400 {
				testenv.ErrorBody(t, raw)
				if r.write && !sameDocs(before, snapshot(t, app.db)) {
					t.Errorf("%s was refused but changed the problems collection", name)
				}
			}
		}
	}

	// Errors that are not about permissions.
	before := snapshot(t, app.db)
	for _, c := range []struct {
		method, path string
		body         any
		want         int
	}{
		{"GET", "/api/problems/nope", nil, http.StatusNotFound},
		{"PUT", "/api/problems/nope", validInput("Ghost"), http.StatusNotFound},
		{"DELETE", "/api/problems/nope", nil, http.StatusNotFound},
		{"DELETE", "/api/problems/" + builtIn, nil, http.StatusConflict},
		{"POST", "/api/problems", []byte(`{"title":`), http.StatusBadRequest},
		{"POST", "/api/problems", []byte(`{"title":"x","admin":true}`), http.StatusBadRequest},
		{"POST", "/api/problems", []byte(`{"title":"x","tests":[{"name":"a","input":"` + strings.Repeat("x", httpx.MaxBodyBytes) + `"}]}`), http.StatusRequestEntityTooLarge},
		{"GET", "/api/problems?difficulty=impossible", nil, http.StatusBadRequest},
	} {
		status, raw := app.api(t, c.method, c.path, identity.RoleInterviewer, c.body)
		if status != c.want {
			t.Errorf("%s %s = %d %s, want %d", c.method, c.path, status, raw, c.want)
			continue
		}
		body := testenv.ErrorBody(t, raw)
		if c.want == http.StatusConflict && !strings.Contains(body.Error, "Built-in problems cannot be deleted") {
			t.Errorf("409 message %q does not say why", body.Error)
		}
	}
	if !sameDocs(before, snapshot(t, app.db)) {
		t.Error("refused requests changed the problems collection")
	}
	if ok, err := app.svc.ProblemExists(testenv.Context(t), builtIn); err != nil || !ok {
		t.Errorf("built-in problem after refused delete: exists=%v err=%v", ok, err)
	}
}

// TestCreateGetUpdateDelete walks one problem through its life over HTTP.
func TestCreateGetUpdateDelete(t *testing.T) {
	app := newApp(t, false)
	events, stop := app.bus.Subscribe(eventsViewer(app, identity.RoleInterviewer))
	defer stop()
	candEvents, stopCand := app.bus.Subscribe(eventsViewer(app, identity.RoleCandidate))
	defer stopCand()

	in := validInput("  Sum of Numbers  ")
	in.Tags = []string{" arrays "}
	status, raw := app.api(t, "POST", "/api/problems", identity.RoleInterviewer, in)
	if status != http.StatusCreated {
		t.Fatalf("create = %d %s", status, raw)
	}
	var p Problem
	testenv.DecodeJSON(t, raw, &p)
	author := app.users[identity.RoleInterviewer].ID
	if p.ID == "" || p.Slug != "sum-of-numbers" || p.Title != "Sum of Numbers" || p.BuiltIn ||
		p.CreatedBy == nil || *p.CreatedBy != author || p.CreatedAt.IsZero() || len(p.Tests) != 2 ||
		len(p.Tags) != 1 || p.Tags[0] != "arrays" {
		t.Errorf("created %+v", p)
	}
	// The JSON carries exactly the contract's fields.
	var fields map[string]any
	testenv.DecodeJSON(t, raw, &fields)
	for _, k := range []string{"id", "slug", "title", "difficulty", "tags", "statement", "starter", "tests", "timeLimitMs", "builtIn", "createdBy", "createdAt", "updatedAt"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("problem JSON lacks %q", k)
		}
	}
	if len(fields) != 13 {
		t.Errorf("problem JSON has %d fields, want 13: %v", len(fields), fields)
	}
	expectEvent(t, events, "problem:"+p.ID)

	status, raw = app.api(t, "GET", "/api/problems/"+p.ID, identity.RoleAdmin, nil)
	var got Problem
	if testenv.DecodeJSON(t, raw, &got); status != http.StatusOK || got.Statement != in.Statement || got.Starter != in.Starter {
		t.Errorf("get = %d %+v", status, got)
	}

	upd := validInput("Sum of Many Numbers")
	upd.Difficulty = "medium"
	upd.Tests = upd.Tests[:1]
	status, raw = app.api(t, "PUT", "/api/problems/"+p.ID, identity.RoleAdmin, upd)
	var after Problem
	if testenv.DecodeJSON(t, raw, &after); status != http.StatusOK {
		t.Fatalf("update = %d %s", status, raw)
	}
	if after.Title != "Sum of Many Numbers" || after.Difficulty != "medium" || len(after.Tests) != 1 ||
		after.Slug != "sum-of-numbers" || *after.CreatedBy != author || !after.CreatedAt.Equal(p.CreatedAt) ||
		!after.UpdatedAt.After(p.CreatedAt) && !after.UpdatedAt.Equal(p.CreatedAt) {
		t.Errorf("updated %+v (the slug, author and creation time must not change)", after)
	}
	expectEvent(t, events, "problem:"+p.ID)

	if status, raw = app.api(t, "DELETE", "/api/problems/"+p.ID, identity.RoleInterviewer, nil); status != http.StatusNoContent {
		t.Fatalf("delete = %d %s", status, raw)
	}
	expectEvent(t, events, "problem:"+p.ID)
	if status, _ = app.api(t, "GET", "/api/problems/"+p.ID, identity.RoleInterviewer, nil); status != http.StatusNotFound {
		t.Errorf("get after delete = %d, want 404", status)
	}
	select {
	case e := <-candEvents:
		t.Errorf("a candidate heard %v", e.Topics)
	default:
	}
}
