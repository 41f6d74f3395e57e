package identity

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

type page struct {
	Users    []map[string]any `json:"users"`
	Total    int              `json:"total"`
	Page     int              `json:"page"`
	PageSize int              `json:"pageSize"`
}

func names(p page) []string {
	out := make([]string, len(p.Users))
	for i, u := range p.Users {
		out[i], _ = u["name"].(string)
	}
	return out
}

func TestListUsers(t *testing.T) {
	app := newApp(t, appOptions{})
	admin, adminToken := app.user(t, RoleAdmin) // named "Test admin …"
	_, interviewerToken := app.user(t, RoleInterviewer)
	_, candidateToken := app.user(t, RoleCandidate)
	seedUser(t, app.svc, "Ada Lovelace", RoleInterviewer)
	seedUser(t, app.svc, "Alan Turing", RoleInterviewer)
	seedUser(t, app.svc, "Grace Hopper", RoleCandidate)
	seedUser(t, app.svc, "Linus Torvalds", RoleCandidate)
	seedUser(t, app.svc, "Barbara Liskov", RoleCandidate)
	seedUser(t, app.svc, "Dot a.b Person", RoleCandidate)
	seedUser(t, app.svc, "Dot axb Person", RoleCandidate)
	const total = 3 + 7

	list := func(token string, q url.Values) page {
		t.Helper()
		status, raw := app.api(t, "GET", "/api/users?"+q.Encode(), token, nil)
		if status != 200 {
			t.Fatalf("GET /api/users?%s = %d %s", q.Encode(), status, raw)
		}
		var p page
		testenv.DecodeJSON(t, raw, &p)
		for _, u := range p.Users {
			decodeUser(t, mustMarshal(t, u))
		}
		return p
	}

	all := list(adminToken, nil)
	if all.Total != total || len(all.Users) != total || all.Page != 1 || all.PageSize != DefaultPageSize {
		t.Fatalf("default list: total %d, %d users, page %d, size %d; want %d users on page 1 of size %d",
			all.Total, len(all.Users), all.Page, all.PageSize, total, DefaultPageSize)
	}
	for i := 1; i < len(all.Users); i++ {
		if names(all)[i-1] > names(all)[i] {
			t.Errorf("not sorted by name: %v", names(all))
			break
		}
	}

	if got := names(list(adminToken, url.Values{"q": {"LOVELACE"}})); fmt.Sprint(got) != "[Ada Lovelace]" {
		t.Errorf("q=LOVELACE: %v", got)
	}
	if got := list(adminToken, url.Values{"q": {admin.Email[:12]}}); got.Total != 1 || got.Users[0]["id"] != admin.ID {
		t.Errorf("q=<email prefix>: %v", names(got))
	}
	if got := names(list(adminToken, url.Values{"q": {"a.b"}})); fmt.Sprint(got) != "[Dot a.b Person]" {
		t.Errorf("q=a.b (a literal dot, not a regexp): %v", got)
	}
	if got := list(adminToken, url.Values{"q": {"(["}}); got.Total != 0 {
		t.Errorf("q=([: %v", names(got))
	}
	if got := names(list(adminToken, url.Values{"role": {"interviewer"}})); len(got) != 3 {
		t.Errorf("role=interviewer: %v, want 3", got)
	}
	if got := names(list(adminToken, url.Values{"role": {"interviewer"}, "q": {"al"}})); fmt.Sprint(got) != "[Alan Turing]" {
		t.Errorf("role=interviewer&q=al: %v", got)
	}

	// Paging walks the same order.
	var walked []string
	for p := 1; p <= 4; p++ {
		pg := list(adminToken, url.Values{"page": {fmt.Sprint(p)}, "pageSize": {"3"}})
		if pg.Total != total || pg.Page != p || pg.PageSize != 3 {
			t.Errorf("page %d: total %d page %d size %d", p, pg.Total, pg.Page, pg.PageSize)
		}
		walked = append(walked, names(pg)...)
	}
	if fmt.Sprint(walked) != fmt.Sprint(names(all)) {
		t.Errorf("pages of 3 = %v, want %v", walked, names(all))
	}
	if pg := list(adminToken, url.Values{"page": {"9"}}); pg.Total != total || len(pg.Users) != 0 || pg.Users == nil {
		t.Errorf("page past the end: %+v, want total %d and an empty users array", pg, total)
	}
	if pg := list(adminToken, url.Values{"pageSize": {"1000"}}); pg.PageSize != MaxPageSize {
		t.Errorf("pageSize=1000 gave pageSize %d, want %d", pg.PageSize, MaxPageSize)
	}

	// Interviewers may list (people pickers); candidates may not.
	if got := list(interviewerToken, url.Values{"role": {"candidate"}}); got.Total != 6 {
		t.Errorf("interviewer lists candidates: %d, want 6", got.Total)
	}
	if status, _ := app.api(t, "GET", "/api/users", candidateToken, nil); status != 403 {
		t.Errorf("candidate lists users: %d, want 403", status)
	}

	for q, field := range map[string]string{
		"role=root": "role", "page=0": "page", "page=99999999999999": "page", "page=x": "page", "page=-1": "page",
		"pageSize=0": "pageSize", "pageSize=ten": "pageSize",
	} {
		status, raw := app.api(t, "GET", "/api/users?"+q, adminToken, nil)
		if status != 400 || testenv.ErrorBody(t, raw).Fields[field] == "" {
			t.Errorf("GET /api/users?%s = %d %s, want 400 with fields.%s", q, status, raw, field)
		}
	}
	status, raw := app.api(t, "GET", "/api/users?role=x&page=0", adminToken, nil)
	if b := testenv.ErrorBody(t, raw); status != 400 || len(b.Fields) != 2 {
		t.Errorf("two bad parameters: %d %s, want both fields", status, raw)
	}
}
