package testenv

import (
	"context"
	"encoding/json"
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
