package identity

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// A candidate who never set a password signs in with a one-time code sent
// to their email (Kratos's code method, passwordless_enabled in
// deploy/kratos): through the real Kratos API and the real inbox.
func TestPasswordlessCodeLogin(t *testing.T) {
	app := newApp(t, appOptions{})
	k := app.kratos
	mail := testenv.StartMail(t)

	// An identity with no password at all.
	email := uniqueEmail("codelogin")
	status, raw := call(t, http.MethodPost, k.AdminURL+"/admin/identities", nil, map[string]any{
		"schema_id": "default", "state": "active",
		"traits":               map[string]string{"email": email, "name": "Code Candidate"},
		"verifiable_addresses": []map[string]any{{"value": email, "via": "email", "verified": true, "status": "completed"}},
	})
	if status != http.StatusCreated {
		t.Fatalf("create identity: %d %s", status, raw)
	}
	var created struct {
		ID string `json:"id"`
	}
	testenv.DecodeJSON(t, raw, &created)

	// A password sign-in is impossible; the login flow offers a code.
	var flow struct {
		ID string `json:"id"`
		UI struct {
			Action string `json:"action"`
			Nodes  []struct {
				Group      string `json:"group"`
				Attributes struct {
					Name string `json:"name"`
				} `json:"attributes"`
			} `json:"nodes"`
		} `json:"ui"`
		State string `json:"state"`
	}
	status, raw = call(t, http.MethodGet, k.PublicURL+"/self-service/login/api", nil, nil)
	if status != http.StatusOK {
		t.Fatalf("create login flow: %d %s", status, raw)
	}
	testenv.DecodeJSON(t, raw, &flow)
	hasCode := false
	for _, n := range flow.UI.Nodes {
		hasCode = hasCode || n.Group == "code"
	}
	if !hasCode {
		t.Fatalf("the login flow offers no code method: %s", raw)
	}
	for _, pw := range []string{"", testPassword} {
		if status, raw := call(t, http.MethodPost, flow.UI.Action, nil, map[string]string{"method": "password", "identifier": email, "password": pw}); status == http.StatusOK {
			t.Fatalf("a password sign-in worked for an identity without one: %s", raw)
		}
	}

	// Ask for a code: Kratos answers with the flow, now waiting for it.
	status, raw = call(t, http.MethodPost, flow.UI.Action, nil, map[string]string{"method": "code", "identifier": email})
	testenv.DecodeJSON(t, raw, &flow)
	if status != http.StatusBadRequest || flow.State != "sent_email" {
		t.Fatalf("request a code: %d state %q %s, want 400 sent_email", status, flow.State, raw)
	}

	// The code arrives in the inbox.
	code := waitForCode(t, mail.APIURL, email)

	// A wrong code is refused; the right one signs in.
	status, raw = call(t, http.MethodPost, flow.UI.Action, nil, map[string]string{"method": "code", "identifier": email, "code": "000000"})
	if status == http.StatusOK && code != "000000" {
		t.Fatalf("a wrong code signed in: %s", raw)
	}
	status, raw = call(t, http.MethodPost, flow.UI.Action, nil, map[string]string{"method": "code", "identifier": email, "code": code})
	if status != http.StatusOK {
		t.Fatalf("sign in with the code: %d %s", status, raw)
	}
	var out struct {
		SessionToken string `json:"session_token"`
		Session      struct {
			Identity struct {
				ID string `json:"id"`
			} `json:"identity"`
		} `json:"session"`
	}
	testenv.DecodeJSON(t, raw, &out)
	if out.SessionToken == "" || out.Session.Identity.ID != created.ID {
		t.Fatalf("session = %s, want one for %s", raw, created.ID)
	}
	// The session works on the app: the user is created on first use.
	status, raw = app.api(t, http.MethodGet, "/api/me", out.SessionToken, nil)
	var me User
	testenv.DecodeJSON(t, raw, &me)
	if status != http.StatusOK || me.ID != created.ID || me.Role != RoleCandidate || me.Email != email {
		t.Fatalf("/api/me with the code session: %d %s", status, raw)
	}
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// waitForCode reads the newest one-time code sent to email from Mailpit.
func waitForCode(t *testing.T, mailAPI, email string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var list struct {
			Messages []struct {
				ID string `json:"ID"`
			} `json:"messages"`
		}
		status, raw := call(t, http.MethodGet, mailAPI+"/api/v1/search?"+url.Values{"query": {`to:"` + email + `"`}}.Encode(), nil, nil)
		if status == http.StatusOK {
			testenv.DecodeJSON(t, raw, &list)
		}
		if len(list.Messages) > 0 {
			var msg struct {
				Text string `json:"Text"`
			}
			_, raw = call(t, http.MethodGet, mailAPI+"/api/v1/message/"+list.Messages[0].ID, nil, nil)
			testenv.DecodeJSON(t, raw, &msg)
			if m := sixDigits.FindStringSubmatch(msg.Text); m != nil {
				return m[1]
			}
			t.Fatalf("no code in the message: %s", strings.TrimSpace(msg.Text))
		}
		if time.Now().After(deadline) {
			t.Fatalf("no message to %s within 30 s", email)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
