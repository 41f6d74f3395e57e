package identity

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/interviewprep/interviewprep/internal/testenv"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// seedUser stores a user with role without Kratos.
func seedUser(t *testing.T, svc *Service, name string, role Role) User {
	t.Helper()
	u, err := svc.EnsureUser(testenv.Context(t), Identity{ID: fakeID(), Traits: Traits{Email: uniqueEmail(strings.ToLower(strings.Fields(name)[0])), Name: name}})
	if err != nil {
		t.Fatal(err)
	}
	if u, err = svc.changeRole(testenv.Context(t), u.ID, role); err != nil {
		t.Fatal(err)
	}
	return u
}

func as(ctx context.Context, u User) context.Context { return WithPrincipal(ctx, &Principal{User: u}) }

func TestLastAdminCannotBeDemoted(t *testing.T) {
	var changedMu sync.Mutex
	var changed []string
	app := newApp(t, appOptions{roleChanged: func(id string) {
		changedMu.Lock()
		defer changedMu.Unlock()
		changed = append(changed, id)
	}})
	admin, token := app.user(t, RoleAdmin)

	// Over HTTP: the only admin demotes themself.
	before := snapshot(t, app.db)
	status, raw := app.api(t, "PUT", "/api/users/"+admin.ID+"/role", token, map[string]string{"role": "interviewer"})
	if status != http.StatusConflict {
		t.Fatalf("demoting the last admin = %d %s, want 409", status, raw)
	}
	if msg := testenv.ErrorBody(t, raw).Error; !strings.Contains(msg, "last admin") {
		t.Errorf("409 message %q does not say why", msg)
	}
	if !sameDocs(before, snapshot(t, app.db)) {
		t.Error("refused demotion changed the users collection")
	}

	// With a second admin, one may go, then not the other.
	second := seedUser(t, app.svc, "Second Admin", RoleAdmin)
	ctx := as(testenv.Context(t), admin)
	if u, err := app.svc.SetRole(ctx, second.ID, RoleCandidate); err != nil || u.Role != RoleCandidate {
		t.Fatalf("demote one of two admins: %+v %v", u, err)
	}
	changedMu.Lock()
	heard := len(changed)
	changedMu.Unlock()
	if _, err := app.svc.SetRole(ctx, admin.ID, RoleCandidate); !errors.Is(err, ErrLastAdmin) || httpx.Status(err) != 409 {
		t.Errorf("demote the remaining admin: %v, want ErrLastAdmin (409)", err)
	}
	// Setting an admin to admin is no change, not a conflict.
	if _, err := app.svc.SetRole(ctx, admin.ID, RoleAdmin); err != nil {
		t.Errorf("admin to admin: %v", err)
	}
	// RoleChanged heard the demotion, and nothing of the refused or no-op
	// changes after it.
	changedMu.Lock()
	defer changedMu.Unlock()
	if heard == 0 || len(changed) != heard || changed[heard-1] != second.ID {
		t.Errorf("RoleChanged calls = %v, want %d ending with the demoted %s", changed, heard, second.ID)
	}
	if n := countAdmins(t, app.db); n != 1 {
		t.Errorf("%d admins, want 1", n)
	}
}

// TestConcurrentDemotionsKeepAnAdmin: two admins demote each other at the
// same moment, many times over; exactly one succeeds each round.
func TestConcurrentDemotionsKeepAnAdmin(t *testing.T) {
	app := newApp(t, appOptions{})

	// Once over HTTP with real sessions.
	a, tokA := app.user(t, RoleAdmin)
	b, tokB := app.user(t, RoleAdmin)
	statuses := make(chan int, 2)
	var wg sync.WaitGroup
	for _, c := range []struct{ token, target string }{{tokA, b.ID}, {tokB, a.ID}} {
		wg.Go(func() {
			status, _ := app.api(t, "PUT", "/api/users/"+c.target+"/role", c.token, map[string]string{"role": "candidate"})
			statuses <- status
		})
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for s := range statuses {
		got[s]++
	}
	if got[200] != 1 || got[409] != 1 {
		t.Errorf("two admins demoting each other over HTTP: statuses %v, want one 200 and one 409", got)
	}
	if n := countAdmins(t, app.db); n != 1 {
		t.Fatalf("%d admins after the HTTP race, want 1", n)
	}

	// Many rounds through the service.
	for round := range 15 {
		x := seedUser(t, app.svc, "Racer X", RoleAdmin)
		y := seedUser(t, app.svc, "Racer Y", RoleAdmin)
		// Leave only x and y as admins.
		for _, u := range snapshot(t, app.db) {
			if u.Role == RoleAdmin && u.ID != x.ID && u.ID != y.ID {
				if _, err := app.svc.changeRole(testenv.Context(t), u.ID, RoleCandidate); err != nil {
					t.Fatal(err)
				}
			}
		}
		errs := make(chan error, 2)
		start := make(chan struct{})
		for _, pair := range [][2]User{{x, y}, {y, x}} {
			wg.Go(func() {
				<-start
				_, err := app.svc.SetRole(as(testenv.Context(t), pair[0]), pair[1].ID, RoleInterviewer)
				errs <- err
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		ok, conflicts := 0, 0
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrLastAdmin):
				conflicts++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("round %d: %d succeeded, %d refused; want 1 and 1", round, ok, conflicts)
		}
		if n := countAdmins(t, app.db); n != 1 {
			t.Fatalf("round %d: %d admins left, want 1", round, n)
		}
	}
}

func TestSetRoleByEmail(t *testing.T) {
	app := newApp(t, appOptions{})
	ctx := testenv.Context(t)
	_, err := app.svc.SetRoleByEmail(ctx, "nobody@example.test", RoleAdmin)
	if !errors.Is(err, ErrUserNotFound) || err.Error() != "no user with email nobody@example.test; they must sign up first" {
		t.Errorf("unknown email: %v, want ErrUserNotFound with the sign-up hint", err)
	}
	u := seedUser(t, app.svc, "Cli User", RoleCandidate)
	got, err := app.svc.SetRoleByEmail(ctx, " "+strings.ToUpper(u.Email)+" ", RoleAdmin)
	if err != nil || got.Role != RoleAdmin || roleOf(t, app.db, u.ID) != RoleAdmin {
		t.Fatalf("set-role admin by email (other case): %+v %v", got, err)
	}
	if _, err := app.svc.SetRoleByEmail(ctx, u.Email, RoleCandidate); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("CLI demoting the last admin: %v, want ErrLastAdmin", err)
	}
	if _, err := app.svc.SetRoleByEmail(ctx, u.Email, Role("root")); httpx.Status(err) != 400 {
		t.Errorf("unknown role: %v, want a 400 error", err)
	}
}

func TestSetRoleValidation(t *testing.T) {
	app := newApp(t, appOptions{})
	_, token := app.user(t, RoleAdmin)
	target := seedUser(t, app.svc, "Target Person", RoleCandidate)
	before := snapshot(t, app.db)
	for _, tt := range []struct {
		body  any
		field string
	}{
		{map[string]string{"role": "root"}, "role"},
		{map[string]string{"role": ""}, "role"},
		{map[string]string{}, "role"},
		{map[string]any{"role": 3}, "role"},
		{map[string]string{"role": "admin", "extra": "x"}, ""},
		{[]byte(`{"role":`), ""},
	} {
		status, raw := app.api(t, "PUT", "/api/users/"+target.ID+"/role", token, tt.body)
		if status != 400 {
			t.Errorf("PUT role %v = %d %s, want 400", tt.body, status, raw)
			continue
		}
		if b := testenv.ErrorBody(t, raw); tt.field != "" && b.Fields[tt.field] == "" {
			t.Errorf("PUT role %v: fields %v, want %q", tt.body, b.Fields, tt.field)
		}
	}
	if !sameDocs(before, snapshot(t, app.db)) {
		t.Error("invalid role changes changed the users collection")
	}
}

// TestInsertIfMissingKeepsExisting pins the store's half of idempotency
// (EnsureUser reads first; this covers a hook racing lazy creation).
func TestInsertIfMissingKeepsExisting(t *testing.T) {
	app := newApp(t, appOptions{})
	first := seedUser(t, app.svc, "First Writer", RoleInterviewer)
	again := first
	again.Role, again.Name = RoleCandidate, "Second Writer"
	got, err := app.svc.store.insertIfMissing(testenv.Context(t), again)
	if err != nil {
		t.Fatal(err)
	}
	if got.Role != RoleInterviewer || got.Name != "First Writer" {
		t.Errorf("insertIfMissing over an existing user returned %+v, want it unchanged", got)
	}
	if roleOf(t, app.db, first.ID) != RoleInterviewer {
		t.Error("insertIfMissing changed the stored role")
	}
	other := again
	other.ID = fakeID()
	if _, err := app.svc.store.insertIfMissing(testenv.Context(t), other); !errors.Is(err, ErrEmailTaken) {
		t.Errorf("new id with a taken email: %v, want ErrEmailTaken", err)
	}
}

// Check resolves copied session headers to their user while the session
// lives, and to nothing once it has ended.
func TestCheckCopiedCredentials(t *testing.T) {
	app := newApp(t, appOptions{cacheTTL: -1})
	u, token := app.user(t, RoleInterviewer)
	r, _ := http.NewRequest("GET", "/collab", nil)
	r.Header.Set("X-Session-Token", token)
	r.Header.Set("Accept", "x") // not a credential: not copied
	h := Credentials(r)
	if len(h) != 1 || h.Get("X-Session-Token") != token {
		t.Fatalf("copied %v", h)
	}
	p, err := app.svc.Check(testenv.Context(t), h)
	if err != nil || p == nil || p.ID != u.ID || p.Role != RoleInterviewer {
		t.Fatalf("live session: %+v, %v", p, err)
	}
	// Signing out (Kratos's API logout) ends it.
	if err := app.kratos.Logout(testenv.Context(t), token); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []http.Header{h, {}, {"X-Session-Token": {"ory_st_not-a-session"}}} {
		if p, err := app.svc.Check(testenv.Context(t), bad); err != nil || p != nil {
			t.Errorf("%v: %+v, %v; want no user", bad, p, err)
		}
	}
}
