package identity

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/interviewprep/interviewprep/internal/testenv"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// TestGrantsTable pins who may do what; a change to grants must change this.
func TestGrantsTable(t *testing.T) {
	want := map[Permission][]Role{
		PermViewSelf:           {RoleCandidate, RoleInterviewer, RoleAdmin},
		PermListUsers:          {RoleInterviewer, RoleAdmin},
		PermManageUsers:        {RoleAdmin},
		PermJoinInterviews:     {RoleCandidate, RoleInterviewer, RoleAdmin},
		PermScheduleInterviews: {RoleInterviewer, RoleAdmin},
		PermViewAllInterviews:  {RoleAdmin},
		PermReviewInterviews:   {RoleInterviewer, RoleAdmin},
		PermViewProblems:       {RoleInterviewer, RoleAdmin},
		PermManageProblems:     {RoleInterviewer, RoleAdmin},
	}
	if len(Permissions()) != len(want) {
		t.Errorf("Permissions() = %v, want the %d of this test", Permissions(), len(want))
	}
	for _, p := range Permissions() {
		for _, r := range Roles() {
			got, exp := r.Can(p), false
			for _, w := range want[p] {
				exp = exp || w == r
			}
			if got != exp {
				t.Errorf("%s.Can(%s) = %v, want %v", r, p, got, exp)
			}
		}
	}
	if Role("root").Can(PermViewSelf) || Role("").Can(PermViewSelf) {
		t.Error("an unknown role holds a permission")
	}
	var nobody *Principal
	if nobody.Can(PermViewSelf) {
		t.Error("a nil principal holds a permission")
	}
}

func TestAuthorize(t *testing.T) {
	ctx := context.Background()
	if err := Authorize(ctx, PermViewSelf); httpx.Status(err) != http.StatusUnauthorized {
		t.Errorf("no principal: %v (status %d), want 401", err, httpx.Status(err))
	}
	cand := WithPrincipal(ctx, &Principal{User{ID: fakeID(), Role: RoleCandidate}})
	if err := Authorize(cand, PermViewSelf); err != nil {
		t.Errorf("candidate view-self: %v", err)
	}
	err := Authorize(cand, PermManageUsers)
	if httpx.Status(err) != http.StatusForbidden || !strings.Contains(err.Error(), "candidate") {
		t.Errorf("candidate manage-users: %v (status %d), want 403 naming the role", err, httpx.Status(err))
	}
	down := withSessionError(ctx, ErrKratosUnavailable)
	if err := Authorize(down, PermViewSelf); !errors.Is(err, ErrKratosUnavailable) || httpx.Status(err) != 503 {
		t.Errorf("session check failed: %v, want 503", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Require with a permission outside the table did not panic")
		}
	}()
	Require(Permission("made-up"), http.NotFoundHandler())
}

// TestAuthorizationTable calls every route as nobody, a candidate, an
// interviewer and an admin (real Kratos sessions) and checks the status;
// every refused request must leave the users collection as it was.
func TestAuthorizationTable(t *testing.T) {
	app := newApp(t, appOptions{})
	tokens := map[string]string{"none": ""}
	for _, r := range Roles() {
		_, tokens[string(r)] = app.user(t, r)
	}
	target, _ := app.user(t, RoleCandidate)
	hookBody := func() map[string]any {
		return map[string]any{"identity": map[string]any{"id": fakeID(), "traits": map[string]any{
			"email": uniqueEmail("hooked"), "name": "Hooked", "picture": ""}}}
	}

	type route struct {
		name   string
		method string
		path   string
		body   func() any
		header http.Header
		want   map[string]int // by caller
		after  func(t *testing.T, caller string)
	}
	routes := []route{
		{name: "me", method: "GET", path: "/api/me",
			want: map[string]int{"none": 401, "candidate": 200, "interviewer": 200, "admin": 200}},
		{name: "list users", method: "GET", path: "/api/users",
			want: map[string]int{"none": 401, "candidate": 403, "interviewer": 200, "admin": 200}},
		{name: "list users bad role", method: "GET", path: "/api/users?role=root",
			want: map[string]int{"none": 401, "candidate": 403, "interviewer": 400, "admin": 400}},
		{name: "set role", method: "PUT", path: "/api/users/" + target.ID + "/role",
			body: func() any { return map[string]string{"role": "interviewer"} },
			want: map[string]int{"none": 401, "candidate": 403, "interviewer": 403, "admin": 200},
			after: func(t *testing.T, caller string) {
				if caller == "admin" {
					if got := roleOf(t, app.db, target.ID); got != RoleInterviewer {
						t.Errorf("after the admin's PUT the target is %s, want interviewer", got)
					}
					if _, err := app.svc.changeRole(testenv.Context(t), target.ID, RoleCandidate); err != nil {
						t.Fatal(err)
					}
				}
			}},
		{name: "set role unknown user", method: "PUT", path: "/api/users/" + fakeID() + "/role",
			body: func() any { return map[string]string{"role": "interviewer"} },
			want: map[string]int{"none": 401, "candidate": 403, "interviewer": 403, "admin": 404}},
		{name: "set role cross-site (CSRF)", method: "PUT", path: "/api/users/" + target.ID + "/role",
			body:   func() any { return map[string]string{"role": "admin"} },
			header: http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}},
			want:   map[string]int{"none": 403, "candidate": 403, "interviewer": 403, "admin": 403}},
		{name: "hook without key", method: "POST", path: HookPath, body: func() any { return hookBody() },
			want: map[string]int{"none": 401, "candidate": 401, "interviewer": 401, "admin": 401}},
		{name: "hook with wrong key", method: "POST", path: HookPath, body: func() any { return hookBody() },
			header: http.Header{HookKeyHeader: {testHookKey + "x"}},
			want:   map[string]int{"none": 401, "candidate": 401, "interviewer": 401, "admin": 401}},
		{name: "hook with key", method: "POST", path: HookPath, body: func() any { return hookBody() },
			header: http.Header{HookKeyHeader: {testHookKey}},
			want:   map[string]int{"none": 200, "candidate": 200, "interviewer": 200, "admin": 200}},
	}
	for _, rt := range routes {
		for _, caller := range []string{"none", "candidate", "interviewer", "admin"} {
			t.Run(rt.name+"/"+caller, func(t *testing.T) {
				want := rt.want[caller]
				before := snapshot(t, app.db)
				h := http.Header{}
				for k, v := range rt.header {
					h[k] = v
				}
				if tok := tokens[caller]; tok != "" {
					h.Set("X-Session-Token", tok)
				}
				var body any
				if rt.body != nil {
					body = rt.body()
				}
				status, raw := call(t, rt.method, app.url+rt.path, h, body)
				if status != want {
					t.Fatalf("%s %s as %s = %d %s, want %d", rt.method, rt.path, caller, status, raw, want)
				}
				after := snapshot(t, app.db)
				switch {
				case status >= 400:
					if !strings.Contains(string(raw), "error") && status != 403 {
						t.Errorf("refusal without an error body: %s", raw)
					}
					if !sameDocs(before, after) {
						t.Errorf("refused request changed the users collection:\nbefore %v\nafter  %v", before, after)
					}
				case rt.method == "GET" && !sameDocs(before, after):
					t.Errorf("GET changed the users collection")
				case rt.path == HookPath && len(after) != len(before)+1:
					t.Errorf("accepted hook: %d users before, %d after, want one more", len(before), len(after))
				}
				if rt.after != nil {
					rt.after(t, caller)
				}
			})
		}
	}
}
