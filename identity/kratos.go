package identity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// kratos calls Kratos's HTTP API: whoami on the public API, identities on
// the admin API.
type kratos struct {
	publicURL string // no trailing slash
	adminURL  string // no trailing slash; "" when not configured
	http      *http.Client
}

// maxKratosBody bounds what we read from Kratos.
const maxKratosBody = 1 << 20

// credential is how a request proves its session: the browser's Cookie
// header or an API client's session token.
type credential struct {
	cookie string // the whole Cookie header
	token  string // X-Session-Token
}

// session is the part of Kratos's session we use.
type session struct {
	ID        string    `json:"id"`
	Active    bool      `json:"active"`
	ExpiresAt time.Time `json:"expires_at"`
	Identity  *Identity `json:"identity"`
}

// whoami asks Kratos whose session cred is. It returns nil, nil when there
// is no valid session (401, or 403 when a second factor is missing), and an
// error wrapping ErrKratosUnavailable when Kratos did not answer sensibly.
func (k *kratos) whoami(ctx context.Context, cred credential) (*session, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.publicURL+"/sessions/whoami", nil)
	if err != nil {
		return nil, fmt.Errorf("identity: whoami request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if cred.token != "" {
		req.Header.Set("X-Session-Token", cred.token)
	} else {
		req.Header.Set("Cookie", cred.cookie)
	}
	resp, err := k.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("identity: whoami: %w: %v", ErrKratosUnavailable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxKratosBody))
	if err != nil {
		return nil, fmt.Errorf("identity: whoami: %w: read: %v", ErrKratosUnavailable, err)
	}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusUnauthorized, http.StatusForbidden:
		return nil, nil
	default:
		return nil, fmt.Errorf("identity: whoami: %w: status %d: %s", ErrKratosUnavailable, resp.StatusCode, snippet(body))
	}
	var s session
	if err := json.Unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("identity: whoami: %w: decode: %v", ErrKratosUnavailable, err)
	}
	if !s.Active || s.Identity == nil || s.Identity.ID == "" || (!s.ExpiresAt.IsZero() && !s.ExpiresAt.After(time.Now())) {
		return nil, nil
	}
	return &s, nil
}

// adminIdentity is an identity as the admin API returns it.
type adminIdentity struct {
	ID     string `json:"id"`
	State  string `json:"state"`
	Traits Traits `json:"traits"`
}

func (a adminIdentity) identity() Identity { return Identity{ID: a.ID, Traits: a.Traits} }

// identityByEmail finds the identity whose password/code identifier is
// email; ok is false when there is none.
func (k *kratos) identityByEmail(ctx context.Context, email string) (adminIdentity, bool, error) {
	var found []adminIdentity
	q := url.Values{"credentials_identifier": {email}}
	if err := k.admin(ctx, http.MethodGet, "/admin/identities?"+q.Encode(), nil, http.StatusOK, &found); err != nil {
		return adminIdentity{}, false, fmt.Errorf("identity: find identity %s: %w", email, err)
	}
	for _, id := range found {
		if normalizeEmail(id.Traits.Email) == normalizeEmail(email) {
			return id, true, nil
		}
	}
	return adminIdentity{}, false, nil
}

// newIdentity is an identity to create through the admin API.
type newIdentity struct {
	Traits   Traits
	Password string
	Verified bool // mark the email address verified
}

// errIdentityExists is returned by createIdentity on 409.
var errIdentityExists = errors.New("identity: identity exists")

// errIdentityNotFound is what an admin call answered with 404 returns.
var errIdentityNotFound = errors.New("identity: no such identity")

// createIdentity creates an active identity with a password.
func (k *kratos) createIdentity(ctx context.Context, n newIdentity) (adminIdentity, error) {
	type address struct {
		Value    string `json:"value"`
		Via      string `json:"via"`
		Verified bool   `json:"verified"`
		Status   string `json:"status"`
	}
	traits := map[string]string{"email": n.Traits.Email, "name": n.Traits.Name}
	if n.Traits.Picture != "" {
		traits["picture"] = n.Traits.Picture
	}
	body := map[string]any{
		"schema_id": "default",
		"state":     "active",
		"traits":    traits,
		"credentials": map[string]any{
			"password": map[string]any{"config": map[string]string{"password": n.Password}},
		},
	}
	if n.Verified {
		body["verifiable_addresses"] = []address{{Value: n.Traits.Email, Via: "email", Verified: true, Status: "completed"}}
	}
	var out adminIdentity
	if err := k.admin(ctx, http.MethodPost, "/admin/identities", body, http.StatusCreated, &out); err != nil {
		return adminIdentity{}, fmt.Errorf("identity: create identity %s: %w", n.Traits.Email, err)
	}
	return out, nil
}

// admin calls the admin API and decodes a want-status answer into out.
func (k *kratos) admin(ctx context.Context, method, path string, in any, want int, out any) error {
	if k.adminURL == "" {
		return errors.New("no Kratos admin URL configured")
	}
	var rd io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, k.adminURL+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := k.http.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrKratosUnavailable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxKratosBody))
	if err != nil {
		return fmt.Errorf("%w: read: %v", ErrKratosUnavailable, err)
	}
	if resp.StatusCode == http.StatusConflict {
		return fmt.Errorf("%w: %s", errIdentityExists, snippet(body))
	}
	if resp.StatusCode == http.StatusNotFound && want != http.StatusNotFound {
		return fmt.Errorf("%w: %s", errIdentityNotFound, snippet(body))
	}
	if resp.StatusCode != want {
		return fmt.Errorf("kratos admin %s %s: status %d: %s", method, path, resp.StatusCode, snippet(body))
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("kratos admin %s %s: decode: %w", method, path, err)
		}
	}
	return nil
}

// snippet is the start of a response body, for error messages.
func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
