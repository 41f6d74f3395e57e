package identity

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

func decodeUser(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	testenv.DecodeJSON(t, raw, &m)
	for _, k := range []string{"id", "email", "name", "avatarUrl", "role"} {
		if _, ok := m[k]; !ok {
			t.Errorf("user JSON lacks %q: %s", k, raw)
		}
	}
	if len(m) != 5 {
		t.Errorf("user JSON has other keys than id, email, name, avatarUrl, role: %s", raw)
	}
	return m
}

// TestSessionTokenLazyUser: an identity whose hook never came signs in with
// a session token; the first request creates its user as a candidate.
func TestSessionTokenLazyUser(t *testing.T) {
	app := newApp(t, appOptions{})
	email := uniqueEmail("lazy")
	id := app.createIdentity(t, strings.ToUpper(email[:1])+email[1:], "Lazy Larry")
	if n := len(snapshot(t, app.db)); n != 0 {
		t.Fatalf("%d users before the first request, want 0", n)
	}
	token := apiLogin(t, app.kratos, email, testPassword)

	status, raw := app.api(t, "GET", "/api/me", token, nil)
	if status != http.StatusOK {
		t.Fatalf("GET /api/me = %d %s", status, raw)
	}
	me := decodeUser(t, raw)
	if me["id"] != id.ID || me["email"] != email || me["name"] != "Lazy Larry" || me["role"] != "candidate" || me["avatarUrl"] != "" {
		t.Errorf("me = %v, want id %s, email %s (lower case), name Lazy Larry, role candidate", me, id.ID, email)
	}
	users := snapshot(t, app.db)
	if len(users) != 1 || users[0].ID != id.ID || users[0].Role != RoleCandidate || users[0].CreatedAt.IsZero() {
		t.Errorf("users after the first request = %+v, want the one candidate", users)
	}
	// The second request finds it and creates nothing.
	if status, _ := app.api(t, "GET", "/api/me", token, nil); status != 200 || len(snapshot(t, app.db)) != 1 {
		t.Errorf("second request: status %d, %d users", status, len(snapshot(t, app.db)))
	}
}

func TestLazyUserGetsAdminFromConfig(t *testing.T) {
	email := uniqueEmail("boss")
	app := newApp(t, appOptions{adminEmails: []string{"  " + strings.ToUpper(email) + " "}})
	app.createIdentity(t, email, "The Boss")
	token := apiLogin(t, app.kratos, email, testPassword)
	status, raw := app.api(t, "GET", "/api/me", token, nil)
	if status != 200 || decodeUser(t, raw)["role"] != "admin" {
		t.Fatalf("GET /api/me = %d %s, want role admin (email in the admin list, other case)", status, raw)
	}
}

func TestNoOrBadSession(t *testing.T) {
	app := newApp(t, appOptions{})
	for name, h := range map[string]http.Header{
		"nothing":       {},
		"bogus token":   {"X-Session-Token": {"ory_st_" + randomHex(16)}},
		"bogus cookie":  {"Cookie": {"ory_kratos_session=" + randomHex(20)}},
		"other cookies": {"Cookie": {"theme=dark; csrf=abc"}},
	} {
		status, raw := call(t, "GET", app.url+"/api/me", h, nil)
		if status != http.StatusUnauthorized {
			t.Errorf("%s: GET /api/me = %d %s, want 401", name, status, raw)
			continue
		}
		if b := testenv.ErrorBody(t, raw); b.Error == "" || b.RequestID == "" {
			t.Errorf("%s: 401 body %s lacks error or requestId", name, raw)
		}
	}
	// A revoked session stops working once the cache entry is gone.
	u, token := app.user(t, RoleCandidate)
	if status, _ := app.api(t, "GET", "/api/me", token, nil); status != 200 {
		t.Fatalf("fresh token: %d", status)
	}
	if err := app.svc.kratos.admin(testenv.Context(t), "DELETE", "/admin/identities/"+u.ID+"/sessions", nil, http.StatusNoContent, nil); err != nil {
		t.Fatal(err)
	}
	app.svc.sessions.now = func() time.Time { return time.Now().Add(31 * time.Second) }
	if status, raw := app.api(t, "GET", "/api/me", token, nil); status != http.StatusUnauthorized {
		t.Errorf("revoked session after the cache expired: %d %s, want 401", status, raw)
	}
}

// TestCookieSession signs in through Kratos's browser flow on the app origin
// (through the /auth/ proxy, as the SPA does) and calls the API with the
// browser's cookies.
func TestCookieSession(t *testing.T) {
	app := newApp(t, appOptions{})
	email := uniqueEmail("browser")
	id := app.createIdentity(t, email, "Brow Ser")
	jar := cookieJar{}

	flowResp := jar.do(t, "GET", app.url+"/auth/self-service/login/browser", nil)
	if flowResp.status != 200 {
		t.Fatalf("browser login flow: %d %s", flowResp.status, flowResp.body)
	}
	var flow struct {
		UI struct {
			Action string `json:"action"`
			Nodes  []struct {
				Attributes struct {
					Name  string `json:"name"`
					Value any    `json:"value"`
				} `json:"attributes"`
			} `json:"nodes"`
		} `json:"ui"`
	}
	testenv.DecodeJSON(t, flowResp.body, &flow)
	csrf := ""
	for _, n := range flow.UI.Nodes {
		if n.Attributes.Name == "csrf_token" {
			csrf, _ = n.Attributes.Value.(string)
		}
	}
	if csrf == "" || !strings.HasPrefix(flow.UI.Action, app.url+"/auth/") {
		t.Fatalf("flow action %q csrf %q: want an action on the app origin and a CSRF token", flow.UI.Action, csrf)
	}
	login := jar.do(t, "POST", flow.UI.Action, map[string]string{
		"method": "password", "identifier": email, "password": testPassword, "csrf_token": csrf,
	})
	if login.status != 200 {
		t.Fatalf("browser login: %d %s", login.status, login.body)
	}
	if !strings.Contains(jar.header(), "ory_kratos_session=") {
		t.Fatalf("no session cookie after login; cookies: %q", jar.header())
	}

	me := jar.do(t, "GET", app.url+"/api/me", nil)
	if me.status != 200 || decodeUser(t, me.body)["id"] != id.ID {
		t.Fatalf("GET /api/me with the browser's cookies = %d %s, want the user %s", me.status, me.body, id.ID)
	}
	// Without the session cookie (only Kratos's CSRF cookie) it is anonymous.
	only := http.Header{"Cookie": {strings.Join(jar.without("ory_kratos_session"), "; ")}}
	if status, raw := call(t, "GET", app.url+"/api/me", only, nil); status != 401 {
		t.Errorf("GET /api/me with only the CSRF cookie = %d %s, want 401", status, raw)
	}
}

// cookieJar keeps cookies by name regardless of Secure (Kratos marks them
// secure; browsers still send those to http://127.0.0.1).
type cookieJar map[string]string

type response struct {
	status int
	body   []byte
}

func (j cookieJar) header() string {
	parts := make([]string, 0, len(j))
	for k, v := range j {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, "; ")
}

func (j cookieJar) without(name string) []string {
	var parts []string
	for k, v := range j {
		if k != name {
			parts = append(parts, k+"="+v)
		}
	}
	return parts
}

func (j cookieJar) do(t *testing.T, method, u string, body any) response {
	t.Helper()
	h := http.Header{}
	if c := j.header(); c != "" {
		h.Set("Cookie", c)
	}
	status, raw, header := testenv.Send(t, method, u, h, body)
	for _, c := range (&http.Response{Header: header}).Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(j, c.Name)
		} else {
			j[c.Name] = c.Value
		}
	}
	return response{status, raw}
}

// TestRoleChangeSeenWithoutNewSignIn: a candidate promoted by an admin gets
// the interviewer's permissions on the very next request with the same
// token (inside the whoami cache's lifetime), and loses them when demoted.
func TestRoleChangeSeenWithoutNewSignIn(t *testing.T) {
	app := newApp(t, appOptions{})
	_, adminToken := app.user(t, RoleAdmin)
	cand, token := app.user(t, RoleCandidate)

	if status, _ := app.api(t, "GET", "/api/users", token, nil); status != http.StatusForbidden {
		t.Fatalf("candidate lists users: %d, want 403", status)
	}
	status, raw := app.api(t, "PUT", "/api/users/"+cand.ID+"/role", adminToken, map[string]string{"role": "interviewer"})
	if status != 200 || decodeUser(t, raw)["role"] != "interviewer" {
		t.Fatalf("promote: %d %s", status, raw)
	}
	if status, raw := app.api(t, "GET", "/api/users", token, nil); status != http.StatusOK {
		t.Errorf("promoted user lists users with the same token: %d %s, want 200", status, raw)
	}
	if _, raw := app.api(t, "GET", "/api/me", token, nil); decodeUser(t, raw)["role"] != "interviewer" {
		t.Errorf("GET /api/me after promotion: %s", raw)
	}
	app.api(t, "PUT", "/api/users/"+cand.ID+"/role", adminToken, map[string]string{"role": "candidate"})
	if status, _ := app.api(t, "GET", "/api/users", token, nil); status != http.StatusForbidden {
		t.Errorf("demoted user lists users: %d, want 403", status)
	}
}

// TestWhoamiCached: repeated requests with one credential call Kratos once
// per cache lifetime; the role still comes from the database each time.
func TestWhoamiCached(t *testing.T) {
	app := newApp(t, appOptions{})
	u, token := app.user(t, RoleCandidate)
	base := app.calls.Load()
	for range 5 {
		if status, _ := app.api(t, "GET", "/api/me", token, nil); status != 200 {
			t.Fatalf("GET /api/me: %d", status)
		}
	}
	if n := app.calls.Load() - base; n != 1 {
		t.Errorf("5 requests called whoami %d times, want 1", n)
	}
	// Unknown tokens are cached too (as "no session").
	bogus := "ory_st_" + randomHex(16)
	for range 3 {
		app.api(t, "GET", "/api/me", bogus, nil)
	}
	if n := app.calls.Load() - base; n != 2 {
		t.Errorf("after 3 requests with a bogus token whoami was called %d times in all, want 2", n)
	}
	// The role is read from the database, not the cache.
	if _, err := app.svc.store.setRole(testenv.Context(t), u.ID, RoleInterviewer, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, raw := app.api(t, "GET", "/api/me", token, nil); decodeUser(t, raw)["role"] != "interviewer" {
		t.Errorf("role changed in the database, /api/me says %s", raw)
	}
	// After the TTL Kratos is asked again.
	app.svc.sessions.now = func() time.Time { return time.Now().Add(31 * time.Second) }
	app.api(t, "GET", "/api/me", token, nil)
	if n := app.calls.Load() - base; n != 3 {
		t.Errorf("after the TTL whoami was called %d times in all, want 3", n)
	}
}

// TestProfileFollowsKratos: a name changed in Kratos (settings) reaches the
// user once the cached session expires; the role is kept.
func TestProfileFollowsKratos(t *testing.T) {
	app := newApp(t, appOptions{cacheTTL: -1})
	u, token := app.user(t, RoleInterviewer)
	patch := []map[string]any{
		{"op": "replace", "path": "/traits/name", "value": "Renamed Person"},
		{"op": "add", "path": "/traits/picture", "value": "https://avatars.example/p.png"},
	}
	if err := app.svc.kratos.admin(testenv.Context(t), "PATCH", "/admin/identities/"+u.ID, patch, http.StatusOK, nil); err != nil {
		t.Fatal(err)
	}
	_, raw := app.api(t, "GET", "/api/me", token, nil)
	me := decodeUser(t, raw)
	if me["name"] != "Renamed Person" || me["avatarUrl"] != "https://avatars.example/p.png" || me["role"] != "interviewer" {
		t.Errorf("after renaming in Kratos /api/me = %s", raw)
	}
	if got, _ := app.svc.User(testenv.Context(t), u.ID); got.Name != "Renamed Person" {
		t.Errorf("stored name %q, want it updated", got.Name)
	}
}

// TestKratosDown: a credential that cannot be checked gives 503 on
// protected routes (not 401, which would sign the SPA out), and public
// routes behind the middleware still work.
func TestKratosDown(t *testing.T) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	app := newApp(t, appOptions{kratosURL: "http://127.0.0.1:" + port})
	status, raw := app.api(t, "GET", "/api/me", "ory_st_"+randomHex(8), nil)
	if status != http.StatusServiceUnavailable {
		t.Fatalf("GET /api/me with Kratos down = %d %s, want 503", status, raw)
	}
	if strings.Contains(string(raw), "127.0.0.1") {
		t.Errorf("503 body leaks the Kratos address: %s", raw)
	}
	// No credential: no Kratos call, plain 401.
	if status, _ := app.api(t, "GET", "/api/me", "", nil); status != http.StatusUnauthorized {
		t.Errorf("anonymous GET /api/me with Kratos down = %d, want 401", status)
	}
	// A public route behind the middleware is unaffected.
	mw := app.svc.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := PrincipalFrom(r.Context()); ok {
			t.Error("principal set although Kratos is down")
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/health", nil)
	req.Header.Set("X-Session-Token", "ory_st_x")
	mw.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Errorf("public route with Kratos down = %d, want the handler's 204", rec.Code)
	}
}
