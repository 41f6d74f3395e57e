package identity

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

func hookHeader(key string) http.Header {
	h := http.Header{}
	if key != "" {
		h.Set(HookKeyHeader, key)
	}
	return h
}

func hookPayload(id, email, name, picture string) map[string]any {
	return map[string]any{"identity": map[string]any{"id": id, "traits": map[string]any{
		"email": email, "name": name, "picture": picture}}}
}

func TestHookCreatesUserIdempotently(t *testing.T) {
	admin := uniqueEmail("chief")
	app := newApp(t, appOptions{adminEmails: []string{strings.ToUpper(admin)}})
	id, email := fakeID(), uniqueEmail("New.Person")

	status, raw := call(t, "POST", app.url+HookPath, hookHeader(testHookKey),
		hookPayload(id, strings.ToUpper(email), "New Person", "https://img.example/a.png"))
	if status != 200 || strings.TrimSpace(string(raw)) != "{}" {
		t.Fatalf("hook = %d %s, want 200 {}", status, raw)
	}
	u, err := app.svc.User(testenv.Context(t), id)
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != strings.ToLower(email) || u.Name != "New Person" || u.AvatarURL != "https://img.example/a.png" || u.Role != RoleCandidate {
		t.Errorf("created user %+v, want candidate with lower-case email, name and avatar", u)
	}

	// Promote, then the hook again (Kratos retried, or a replay): nothing changes.
	if _, err := app.svc.changeRole(testenv.Context(t), id, RoleInterviewer); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, app.db)
	for range 2 {
		if status, raw := call(t, "POST", app.url+HookPath, hookHeader(testHookKey), hookPayload(id, "other@example.test", "Other", "")); status != 200 {
			t.Fatalf("repeated hook = %d %s", status, raw)
		}
	}
	if after := snapshot(t, app.db); !sameDocs(before, after) {
		t.Errorf("repeated hook changed the user:\nbefore %+v\nafter  %+v", before, after)
	}

	// An email from the admin list (any case) gets admin.
	bossID := fakeID()
	if status, raw := call(t, "POST", app.url+HookPath, hookHeader(testHookKey), hookPayload(bossID, admin, "Chief", "")); status != 200 {
		t.Fatalf("hook for the admin = %d %s", status, raw)
	}
	if got := roleOf(t, app.db, bossID); got != RoleAdmin {
		t.Errorf("user with a configured admin email has role %s, want admin", got)
	}
	// A picture that is not an http(s) URL is dropped.
	jsID := fakeID()
	call(t, "POST", app.url+HookPath, hookHeader(testHookKey), hookPayload(jsID, uniqueEmail("js"), "", "javascript:alert(1)"))
	if u, err := app.svc.User(testenv.Context(t), jsID); err != nil || u.AvatarURL != "" || u.Name == "" {
		t.Errorf("user %+v (%v), want no avatar and a name from the email", u, err)
	}
}

func TestHookConcurrentCallsCreateOne(t *testing.T) {
	app := newApp(t, appOptions{})
	id, email := fakeID(), uniqueEmail("twice")
	done := make(chan int, 4)
	for range 4 {
		go func() {
			status, _ := call(t, "POST", app.url+HookPath, hookHeader(testHookKey), hookPayload(id, email, "Twice", ""))
			done <- status
		}()
	}
	for range 4 {
		if s := <-done; s != 200 {
			t.Errorf("concurrent hook = %d, want 200", s)
		}
	}
	if users := snapshot(t, app.db); len(users) != 1 {
		t.Errorf("%d users after 4 concurrent hooks, want 1", len(users))
	}
}

func TestHookRefusals(t *testing.T) {
	app := newApp(t, appOptions{})
	existing := fakeID()
	if _, err := app.svc.EnsureUser(testenv.Context(t), Identity{ID: existing, Traits: Traits{Email: uniqueEmail("taken"), Name: "Taken"}}); err != nil {
		t.Fatal(err)
	}
	takenEmail := snapshot(t, app.db)[0].Email
	good := hookPayload(fakeID(), uniqueEmail("x"), "X", "")
	tests := []struct {
		name   string
		key    string
		body   any
		status int
	}{
		{"no key", "", good, 401},
		{"wrong key", "nope", good, 401},
		{"key prefix", testHookKey[:5], good, 401},
		{"key with suffix", testHookKey + "0", good, 401},
		{"empty body", testHookKey, []byte(""), 400},
		{"not JSON", testHookKey, []byte("identity=1"), 400},
		{"truncated", testHookKey, []byte(`{"identity":{"id":`), 400},
		{"trailing data", testHookKey, []byte(`{"identity":{"id":"` + fakeID() + `","traits":{"email":"a@b.c"}}} {}`), 400},
		{"no identity", testHookKey, map[string]any{"user": 1}, 400},
		{"no id", testHookKey, hookPayload("", uniqueEmail("x"), "X", ""), 400},
		{"id not a uuid", testHookKey, hookPayload("../../etc", uniqueEmail("x"), "X", ""), 400},
		{"no email", testHookKey, hookPayload(fakeID(), "", "X", ""), 400},
		{"not an email", testHookKey, hookPayload(fakeID(), "nobody", "X", ""), 400},
		{"traits wrong type", testHookKey, map[string]any{"identity": map[string]any{"id": fakeID(), "traits": "x"}}, 400},
		{"email of another user", testHookKey, hookPayload(fakeID(), takenEmail, "X", ""), 409},
		{"too large", testHookKey, []byte(`{"identity":{"id":"` + strings.Repeat("a", 2<<20) + `"}}`), 413},
	}
	before := snapshot(t, app.db)
	for _, tt := range tests {
		status, raw := call(t, "POST", app.url+HookPath, hookHeader(tt.key), tt.body)
		if status != tt.status {
			t.Errorf("%s: hook = %d %s, want %d", tt.name, status, raw, tt.status)
			continue
		}
		testenv.ErrorBody(t, raw)
	}
	if after := snapshot(t, app.db); !sameDocs(before, after) {
		t.Errorf("refused hooks changed the users collection:\nbefore %+v\nafter  %+v", before, after)
	}

	// A handler without a configured key refuses even an empty key.
	h := NewHandler(app.svc, "")
	if h.hookKeyOK("") || h.hookKeyOK("anything") {
		t.Error("hook without a configured key accepted a call")
	}
}

// TestRegistrationCallsHook signs up through Kratos's API registration flow:
// Kratos (configured as deploy/kratos will be) calls the hook, which creates
// the user, and the new session works on the API.
func TestRegistrationCallsHook(t *testing.T) {
	email := uniqueEmail("signup")
	app := newApp(t, appOptions{adminEmails: []string{email}})
	other := uniqueEmail("signup")

	register := func(email, name, picture string) (id, token string) {
		t.Helper()
		status, raw := call(t, "GET", app.kratos.PublicURL+"/self-service/registration/api", nil, nil)
		if status != 200 {
			t.Fatalf("registration flow: %d %s", status, raw)
		}
		var flow struct {
			UI struct {
				Action string `json:"action"`
			} `json:"ui"`
		}
		testenv.DecodeJSON(t, raw, &flow)
		status, raw = call(t, "POST", flow.UI.Action, nil, map[string]any{
			"method": "password", "password": testPassword, "traits": traits(email, name, picture),
		})
		if status != 200 {
			t.Fatalf("register %s: %d %s", email, status, raw)
		}
		var out struct {
			SessionToken string `json:"session_token"`
			Identity     struct {
				ID string `json:"id"`
			} `json:"identity"`
		}
		testenv.DecodeJSON(t, raw, &out)
		return out.Identity.ID, out.SessionToken
	}
	waitUser := func(id string) User {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			u, err := app.svc.User(testenv.Context(t), id)
			if err == nil {
				return u
			}
			if time.Now().After(deadline) {
				t.Fatalf("the registration hook did not create user %s: %v", id, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	id, token := register(email, "Signed Up", "https://img.example/me.png")
	u := waitUser(id)
	if u.Email != email || u.Name != "Signed Up" || u.AvatarURL != "https://img.example/me.png" || u.Role != RoleAdmin {
		t.Errorf("user from the hook = %+v, want admin (email in the admin list) named Signed Up with the picture", u)
	}
	id2, _ := register(other, "Second", "")
	if u := waitUser(id2); u.Role != RoleCandidate {
		t.Errorf("second user's role = %s, want candidate", u.Role)
	}
	if token == "" {
		t.Fatal("registration returned no session token (session hook after the web hook)")
	}
	if status, raw := app.api(t, "GET", "/api/me", token, nil); status != 200 || decodeUser(t, raw)["id"] != id {
		t.Errorf("GET /api/me with the new session = %d %s", status, raw)
	}
}

func traits(email, name, picture string) map[string]string {
	t := map[string]string{"email": email, "name": name}
	if picture != "" {
		t["picture"] = picture
	}
	return t
}
