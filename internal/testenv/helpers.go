package testenv

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Context is a context for one test's calls: cancelled when the test ends,
// and after a minute at most.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// DecodeJSON unmarshals raw into v or fails the test showing raw.
func DecodeJSON(t testing.TB, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}

// ErrorBody decodes an API error response and checks it carries a message.
func ErrorBody(t testing.TB, raw []byte) httpx.ErrorBody {
	t.Helper()
	var b httpx.ErrorBody
	DecodeJSON(t, raw, &b)
	if b.Error == "" {
		t.Errorf("error response without a message: %s", raw)
	}
	return b
}

// Send sends a JSON request and returns the status, body and headers. body
// is sent as is when it is []byte or string, marshalled otherwise, and
// absent when nil. Redirects are not followed.
func Send(t testing.TB, method, url string, header http.Header, body any) (int, []byte, http.Header) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(Context(t), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, raw, resp.Header
}

// SessionHeader is the header that signs a request in with a Kratos session
// token ("" = no session).
func SessionHeader(token string) http.Header {
	h := http.Header{}
	if token != "" {
		h.Set("X-Session-Token", token)
	}
	return h
}

// RandomHex returns n random bytes in hex (2n characters).
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// UniqueEmail is an address no other test uses on the shared Kratos:
// label-<8 hex digits>@example.test.
func UniqueEmail(label string) string {
	return fmt.Sprintf("%s-%s@example.test", label, RandomHex(4))
}
