package identity

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// HookPath is where Kratos's registration `after` web hook posts.
const HookPath = "/internal/kratos/hook"

// HookKeyHeader carries the hook's API key (Kratos: auth.type api_key, in header).
const HookKeyHeader = "X-Api-Key"

// HookPayload is the body deploy/kratos/registration.hook.jsonnet makes
// Kratos send. Unknown fields are ignored (that template sends all traits),
// so adding a trait to the identity schema does not break sign-up.
type HookPayload struct {
	Identity *Identity `json:"identity"`
}

// hook answers Kratos's registration web hook: it checks the API key, then
// creates the user (EnsureUser). Refused calls change nothing.
func (h *Handler) hook(w http.ResponseWriter, r *http.Request) {
	if !h.hookKeyOK(r.Header.Get(HookKeyHeader)) {
		httpx.Logger(r.Context()).Warn("identity: Kratos hook called without the right API key")
		httpx.Error(w, r, ErrBadHookKey)
		return
	}
	var p HookPayload
	if err := decodeHook(w, r, &p); err != nil {
		httpx.Error(w, r, err)
		return
	}
	if p.Identity == nil {
		httpx.Error(w, r, httpx.Invalid("identity", "is required"))
		return
	}
	if _, err := h.svc.EnsureUser(r.Context(), *p.Identity); err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, struct{}{})
}

// hookKeyOK compares key with the configured one in constant time (hashing
// both first, so not even the length shows). An empty key never matches.
func (h *Handler) hookKeyOK(key string) bool {
	if h.hookKey == "" || key == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(key)), sha256.Sum256([]byte(h.hookKey))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// decodeHook reads one JSON value of at most httpx.MaxBodyBytes, allowing
// unknown fields (unlike httpx.Decode).
func decodeHook(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, httpx.MaxBodyBytes))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fmt.Errorf("%w: hook body larger than %d bytes", httpx.ErrTooLarge, httpx.MaxBodyBytes)
		}
		return fmt.Errorf("%w: hook body is not the expected JSON: %v", httpx.ErrBadRequest, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: unexpected data after the hook's JSON value", httpx.ErrBadRequest)
	}
	return nil
}
