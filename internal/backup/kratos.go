package backup

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

	"github.com/interviewprep/interviewprep/internal/backup/archive"
)

// Kratos reads and creates identities through Kratos's admin API. Kratos
// keeps identities in its own database (SQLite under the data directory in
// dev, PostgreSQL in production); the app's users are keyed by their
// identity ids.
type Kratos struct {
	AdminURL string       // e.g. http://127.0.0.1:4434
	HTTP     *http.Client // nil: http.DefaultClient
	PageSize int          // identities a list request asks for; 0: 250
}

// identityRecord is one identity as the archive keeps it: what creating it
// again needs, with its password hash and social sign-in links (never the
// social providers' tokens).
type identityRecord struct {
	ID string `json:"id"`
	identityBody
	PasswordHash string     `json:"password_hash,omitempty"` // PHC string (bcrypt in our Kratos)
	OIDC         []oidcLink `json:"oidc,omitempty"`
}

// identityBody is what Kratos's list returns and its create takes alike.
type identityBody struct {
	SchemaID            string          `json:"schema_id"`
	State               string          `json:"state,omitempty"`
	Traits              json.RawMessage `json:"traits"`
	MetadataPublic      json.RawMessage `json:"metadata_public,omitempty"`
	MetadataAdmin       json.RawMessage `json:"metadata_admin,omitempty"`
	VerifiableAddresses []address       `json:"verifiable_addresses,omitempty"`
	RecoveryAddresses   []address       `json:"recovery_addresses,omitempty"`
}

type address struct {
	Value      string `json:"value"`
	Via        string `json:"via"`
	Verified   bool   `json:"verified,omitempty"`
	Status     string `json:"status,omitempty"`
	VerifiedAt string `json:"verified_at,omitempty"`
}

type oidcLink struct {
	Provider string `json:"provider"`
	Subject  string `json:"subject"`
}

// email is the identity's email trait, which our schema makes its password
// and code identifier.
func (b identityBody) email() string {
	var t struct {
		Email string `json:"email"`
	}
	_ = json.Unmarshal(b.Traits, &t)
	return strings.ToLower(strings.TrimSpace(t.Email))
}

// decodeIdentity reads one identity line of an archive.
func decodeIdentity(line []byte) (identityRecord, error) {
	var r identityRecord
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	err := dec.Decode(&r)
	var traits map[string]any
	switch {
	case err != nil:
	case !validIdentityID(r.ID):
		err = fmt.Errorf("id %q is not a UUID", r.ID)
	case r.SchemaID == "":
		err = errors.New("no schema_id")
	case json.Unmarshal(r.Traits, &traits) != nil || traits == nil:
		err = errors.New("traits are not a JSON object")
	}
	if err != nil {
		return r, fmt.Errorf("%w: identity: %v", archive.ErrBad, err)
	}
	return r, nil
}

// kratosIdentity is an identity as GET /admin/identities returns it with
// include_credential=password and oidc.
type kratosIdentity struct {
	ID string `json:"id"`
	identityBody
	Credentials struct {
		Password struct {
			Config struct {
				HashedPassword string `json:"hashed_password"`
			} `json:"config"`
		} `json:"password"`
		OIDC struct {
			Config struct {
				Providers []oidcLink `json:"providers"`
			} `json:"config"`
		} `json:"oidc"`
	} `json:"credentials"`
}

func (k kratosIdentity) record() identityRecord {
	b := k.identityBody
	b.MetadataPublic, b.MetadataAdmin = nullToEmpty(b.MetadataPublic), nullToEmpty(b.MetadataAdmin)
	return identityRecord{ID: k.ID, identityBody: b,
		PasswordHash: k.Credentials.Password.Config.HashedPassword, OIDC: k.Credentials.OIDC.Config.Providers}
}

func nullToEmpty(m json.RawMessage) json.RawMessage {
	if bytes.Equal(bytes.TrimSpace(m), []byte("null")) {
		return nil
	}
	return m
}

// each calls fn with every identity, a page at a time.
func (k *Kratos) each(ctx context.Context, fn func(identityRecord) error) error {
	size := k.PageSize
	if size <= 0 {
		size = 250
	}
	token := ""
	for {
		q := url.Values{"page_size": {fmt.Sprint(size)}, "include_credential": {"password", "oidc"}}
		if token != "" {
			q.Set("page_token", token)
		}
		var page []kratosIdentity
		resp, err := k.call(ctx, http.MethodGet, "/admin/identities?"+q.Encode(), nil, http.StatusOK, &page)
		if err != nil {
			return fmt.Errorf("backup: list Kratos identities: %w", err)
		}
		for _, id := range page {
			if err := fn(id.record()); err != nil {
				return err
			}
		}
		token = nextPageToken(resp.Header.Get("Link"))
		if token == "" || len(page) == 0 {
			return nil
		}
	}
}

// nextPageToken reads the page_token of the rel="next" link of Kratos's
// Link header; "" when there is no next page.
func nextPageToken(link string) string {
	for _, l := range strings.Split(link, ",") {
		target, params, ok := strings.Cut(strings.TrimSpace(l), ";")
		if !ok || !strings.Contains(params, `rel="next"`) {
			continue
		}
		u, err := url.Parse(strings.Trim(strings.TrimSpace(target), "<>"))
		if err == nil {
			return u.Query().Get("page_token")
		}
	}
	return ""
}

// find returns the id of the identity whose identifier is email; "" when
// there is none.
func (k *Kratos) find(ctx context.Context, email string) (string, error) {
	var found []kratosIdentity
	q := url.Values{"credentials_identifier": {email}}
	if _, err := k.call(ctx, http.MethodGet, "/admin/identities?"+q.Encode(), nil, http.StatusOK, &found); err != nil {
		return "", fmt.Errorf("backup: find Kratos identity %s: %w", email, err)
	}
	for _, id := range found {
		if id.email() == email {
			return id.ID, nil
		}
	}
	return "", nil
}

// errConflict is Kratos's 409: an identity with the same identifier exists.
var errConflict = errors.New("conflict")

// restore makes sure the identity exists in this Kratos and returns its id
// here: the identity with the same email when there is one (left as it
// is), else a new one created from rec, password hash and social sign-in
// links included. Kratos picks a new id for it: its API cannot set one.
func (k *Kratos) restore(ctx context.Context, rec identityRecord) (id string, created bool, err error) {
	email := rec.email()
	if email != "" {
		if id, err := k.find(ctx, email); err != nil || id != "" {
			return id, false, err
		}
	}
	type credentials struct {
		Password any `json:"password,omitempty"`
		OIDC     any `json:"oidc,omitempty"`
	}
	body := struct {
		identityBody
		Credentials *credentials `json:"credentials,omitempty"`
	}{identityBody: rec.identityBody}
	if rec.PasswordHash != "" || len(rec.OIDC) > 0 {
		body.Credentials = &credentials{}
	}
	if rec.PasswordHash != "" {
		body.Credentials.Password = map[string]any{"config": map[string]any{"hashed_password": rec.PasswordHash}}
	}
	if len(rec.OIDC) > 0 {
		body.Credentials.OIDC = map[string]any{"config": map[string]any{"providers": rec.OIDC}}
	}
	var out struct {
		ID string `json:"id"`
	}
	_, err = k.call(ctx, http.MethodPost, "/admin/identities", body, http.StatusCreated, &out)
	if errors.Is(err, errConflict) && email != "" {
		// Created meanwhile (someone signed up): use that one.
		if id, ferr := k.find(ctx, email); ferr == nil && id != "" {
			return id, false, nil
		}
	}
	if err != nil {
		return "", false, fmt.Errorf("backup: create Kratos identity %s: %w", email, err)
	}
	return out.ID, true, nil
}

// maxKratosBody bounds one answer of Kratos's (a page of identities).
const maxKratosBody = 64 << 20

func (k *Kratos) call(ctx context.Context, method, path string, in any, want int, out any) (*http.Response, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(k.AdminURL, "/")+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := k.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("Kratos admin API at %s: %w", k.AdminURL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxKratosBody))
	if err != nil {
		return nil, fmt.Errorf("read Kratos's answer: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusConflict:
		return resp, fmt.Errorf("%w: %s", errConflict, snippet(raw))
	case resp.StatusCode != want:
		return resp, fmt.Errorf("Kratos answered %d: %s", resp.StatusCode, snippet(raw))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return resp, fmt.Errorf("decode Kratos's answer: %w", err)
		}
	}
	return resp, nil
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// validIdentityID reports whether id is a UUID in its text form, as Kratos
// writes identity ids.
func validIdentityID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i := range len(id) {
		c := id[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
		}
	}
	return true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
