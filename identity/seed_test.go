package identity

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestSeedDemo(t *testing.T) {
	app := newApp(t, appOptions{})
	ctx := testenv.Context(t)

	// One demo identity exists in Kratos already (someone signed up with it):
	// the seed reuses it.
	// (Kratos is shared by the test binary: another test may have seeded.)
	pre, ok, err := app.svc.kratos.identityByEmail(ctx, "grace@interviewprep.dev")
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		pre.ID = app.createIdentity(t, "grace@interviewprep.dev", "Grace Hopper").ID
	}
	if got, ok, err := app.svc.kratos.identityByEmail(ctx, "GRACE@interviewprep.dev"); err != nil || !ok || got.ID != pre.ID {
		t.Fatalf("identityByEmail (other case) = %+v %v %v, want %s", got, ok, err, pre.ID)
	}

	first, err := SeedDemo(ctx, app.kratos.AdminURL, app.svc)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Role{
		"admin@interviewprep.dev": RoleAdmin,
		"ada@interviewprep.dev":   RoleInterviewer, "alan@interviewprep.dev": RoleInterviewer,
		"grace@interviewprep.dev": RoleCandidate, "linus@interviewprep.dev": RoleCandidate,
	}
	if len(first) != len(want) {
		t.Fatalf("SeedDemo returned %d logins, want %d", len(first), len(want))
	}
	for _, l := range first {
		if want[l.Email] != l.Role || l.Password != DemoPassword {
			t.Errorf("login %+v, want role %s and the demo password", l, want[l.Email])
		}
	}
	users := snapshot(t, app.db)
	if len(users) != len(want) {
		t.Fatalf("%d users after seeding, want %d", len(users), len(want))
	}
	byEmail := map[string]User{}
	for _, u := range users {
		byEmail[u.Email] = u
		if want[u.Email] != u.Role {
			t.Errorf("user %s has role %s, want %s", u.Email, u.Role, want[u.Email])
		}
	}
	if byEmail["grace@interviewprep.dev"].ID != pre.ID {
		t.Errorf("grace's user id %s, want the existing identity %s reused", byEmail["grace@interviewprep.dev"].ID, pre.ID)
	}
	if byEmail["ada@interviewprep.dev"].Name != "Ada Lovelace" || byEmail["linus@interviewprep.dev"].Name != "Linus Torvalds" {
		t.Errorf("names: %+v", users)
	}

	// Someone changes a demo role; seeding again restores the demo roles
	// and creates nothing.
	if _, err := app.svc.changeRole(ctx, byEmail["linus@interviewprep.dev"].ID, RoleAdmin); err != nil {
		t.Fatal(err)
	}
	second, err := SeedDemo(ctx, app.kratos.AdminURL, app.svc)
	if err != nil {
		t.Fatalf("second SeedDemo: %v", err)
	}
	if !slices.Equal(first, second) {
		t.Errorf("second SeedDemo returned %+v, want %+v", second, first)
	}
	again := snapshot(t, app.db)
	if len(again) != len(users) {
		t.Fatalf("%d users after seeding twice, want %d", len(again), len(users))
	}
	for i := range again {
		if again[i].ID != users[i].ID || again[i].Role != users[i].Role {
			t.Errorf("after reseeding %+v, want %+v", again[i], users[i])
		}
	}
	for email := range want {
		var ids []adminIdentity
		if err := app.svc.kratos.admin(ctx, "GET", "/admin/identities?credentials_identifier="+email, nil, http.StatusOK, &ids); err != nil || len(ids) != 1 {
			t.Errorf("Kratos has %d identities for %s (%v), want 1", len(ids), email, err)
		}
	}

	// Every demo login (except the pre-existing grace, whose password the
	// seed leaves alone) signs in through Kratos's API flow; the email is verified.
	for _, l := range first {
		if l.Email == "grace@interviewprep.dev" {
			continue
		}
		token := apiLogin(t, app.kratos, l.Email, l.Password)
		status, raw := app.api(t, "GET", "/api/me", token, nil)
		if status != 200 || decodeUser(t, raw)["role"] != string(l.Role) {
			t.Errorf("%s signed in: /api/me = %d %s", l.Email, status, raw)
		}
		var id struct {
			VerifiableAddresses []struct {
				Verified bool `json:"verified"`
			} `json:"verifiable_addresses"`
		}
		if err := app.svc.kratos.admin(ctx, "GET", "/admin/identities/"+byEmail[l.Email].ID, nil, 200, &id); err != nil {
			t.Fatal(err)
		}
		if len(id.VerifiableAddresses) != 1 || !id.VerifiableAddresses[0].Verified {
			t.Errorf("%s: verifiable addresses %+v, want one verified", l.Email, id.VerifiableAddresses)
		}
	}
}

// TestDemoPasswordPassesPolicy: the admin API does not check passwords, so
// ask Kratos's registration flow, which does. Registering a demo email again
// must fail only because the account exists, never because of the password
// policy (length, similarity to the email). A weak password on the same
// email shows the policy is checked before the duplicate.
func TestDemoPasswordPassesPolicy(t *testing.T) {
	app := newApp(t, appOptions{})
	if _, err := SeedDemo(testenv.Context(t), app.kratos.AdminURL, app.svc); err != nil {
		t.Fatal(err)
	}
	policy := []int{4000005, 4000031, 4000032, 4000033, 4000034}
	duplicate := []int{4000007, 4000027, 4000028}
	try := func(email, password string) []int {
		t.Helper()
		_, raw := call(t, "GET", app.kratos.PublicURL+"/self-service/registration/api", nil, nil)
		var flow struct {
			UI struct {
				Action string `json:"action"`
			} `json:"ui"`
		}
		testenv.DecodeJSON(t, raw, &flow)
		status, raw := call(t, "POST", flow.UI.Action, nil, map[string]any{
			"method": "password", "password": password, "traits": map[string]string{"email": email, "name": "Someone"},
		})
		if status == 200 {
			t.Fatalf("registering %s again succeeded", email)
		}
		ids := messageIDs(t, raw)
		t.Logf("register %s again: status %d, messages %v", email, status, ids)
		return ids
	}
	for _, d := range demoUsers {
		ids := try(d.email, DemoPassword)
		if slices.ContainsFunc(ids, func(id int) bool { return slices.Contains(policy, id) }) ||
			!slices.ContainsFunc(ids, func(id int) bool { return slices.Contains(duplicate, id) }) {
			t.Errorf("%s with the demo password: messages %v, want only 'exists' (%v), no policy error (%v)", d.email, ids, duplicate, policy)
		}
	}
	ids := try("admin@interviewprep.dev", "admin@interviewprep.dev")
	if !slices.ContainsFunc(ids, func(id int) bool { return slices.Contains(policy, id) }) {
		t.Errorf("a password equal to the email: messages %v, want a policy error (so the check above means something)", ids)
	}
}

// messageIDs collects the ids of every UI message in a Kratos flow body.
func messageIDs(t *testing.T, raw []byte) []int {
	t.Helper()
	var flow struct {
		UI struct {
			Messages []struct {
				ID int `json:"id"`
			} `json:"messages"`
			Nodes []struct {
				Messages []struct {
					ID int `json:"id"`
				} `json:"messages"`
			} `json:"nodes"`
		} `json:"ui"`
	}
	if err := json.Unmarshal(raw, &flow); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	var ids []int
	for _, m := range flow.UI.Messages {
		ids = append(ids, m.ID)
	}
	for _, n := range flow.UI.Nodes {
		for _, m := range n.Messages {
			ids = append(ids, m.ID)
		}
	}
	return ids
}
