package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Password is the password of the identities Person creates.
const Password = "correct-horse-battery-9"

// Person is a Kratos identity with a session.
type Person struct {
	ID, Email, Name, Token string
}

// Person returns this test binary's person called label, made on first use:
// an identity with UniqueEmail(label), the name "Test <label>" and Password,
// signed in through the API flow. Kratos, with its identities and sessions,
// is shared by every test in the binary, so they share its people too.
func (k *Kratos) Person(t testing.TB, label string) Person {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	if p, ok := k.people[label]; ok {
		return p
	}
	p := Person{Email: UniqueEmail(label), Name: "Test " + label}
	var err error
	if p.ID, err = k.CreateIdentity(Context(t), p.Email, p.Name, Password); err != nil {
		t.Fatal(err)
	}
	if p.Token, err = k.Login(Context(t), p.Email, Password); err != nil {
		t.Fatal(err)
	}
	if k.people == nil {
		k.people = map[string]Person{}
	}
	k.people[label] = p
	return p
}

// Session returns a session token of the identity with email, signing in
// with password the first time this test binary asks.
func (k *Kratos) Session(t testing.TB, email, password string) string {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	if tok, ok := k.sessions[email]; ok {
		return tok
	}
	tok, err := k.Login(Context(t), email, password)
	if err != nil {
		t.Fatal(err)
	}
	if k.sessions == nil {
		k.sessions = map[string]string{}
	}
	k.sessions[email] = tok
	return tok
}

// CreateIdentity creates a Kratos identity with a verified email and a
// password through the admin API and returns its id.
func (k *Kratos) CreateIdentity(ctx context.Context, email, name, password string) (string, error) {
	body := map[string]any{
		"schema_id": "default", "state": "active",
		"traits":               map[string]string{"email": email, "name": name},
		"credentials":          map[string]any{"password": map[string]any{"config": map[string]string{"password": password}}},
		"verifiable_addresses": []map[string]any{{"value": email, "via": "email", "verified": true, "status": "completed"}},
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := kratosJSON(ctx, http.MethodPost, k.AdminURL+"/admin/identities", body, http.StatusCreated, &out); err != nil {
		return "", fmt.Errorf("testenv: create identity %s: %w", email, err)
	}
	return out.ID, nil
}

// Login signs in through Kratos's API login flow, talking to Kratos directly
// (not through an app's /auth proxy), and returns the session token for
// X-Session-Token.
func (k *Kratos) Login(ctx context.Context, email, password string) (string, error) {
	var flow struct {
		UI struct {
			Action string `json:"action"`
		} `json:"ui"`
	}
	if err := kratosJSON(ctx, http.MethodGet, k.PublicURL+"/self-service/login/api", nil, http.StatusOK, &flow); err != nil {
		return "", fmt.Errorf("testenv: login flow: %w", err)
	}
	// The action points at the app origin's /auth proxy.
	action := strings.Replace(flow.UI.Action, strings.TrimRight(k.AppURL, "/")+"/auth", k.PublicURL, 1)
	var out struct {
		SessionToken string `json:"session_token"`
	}
	in := map[string]string{"method": "password", "identifier": email, "password": password}
	if err := kratosJSON(ctx, http.MethodPost, action, in, http.StatusOK, &out); err != nil {
		return "", fmt.Errorf("testenv: login %s: %w", email, err)
	}
	if out.SessionToken == "" {
		return "", fmt.Errorf("testenv: login %s: no session token", email)
	}
	return out.SessionToken, nil
}

func kratosJSON(ctx context.Context, method, url string, in any, want int, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, raw)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// Logout ends a session through Kratos's API logout, as signing out does.
func (k *Kratos) Logout(ctx context.Context, sessionToken string) error {
	if err := kratosJSON(ctx, http.MethodDelete, k.PublicURL+"/self-service/logout/api",
		map[string]string{"session_token": sessionToken}, http.StatusNoContent, nil); err != nil {
		return fmt.Errorf("testenv: logout: %w", err)
	}
	return nil
}
