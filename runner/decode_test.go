package runner

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// FuzzRunRequest: any body either decodes into a request that validates or
// is refused as a bad request; nothing panics. (go test -fuzz=FuzzRunRequest ./runner)
func FuzzRunRequest(f *testing.F) {
	for _, s := range []string{`{"language":"python","source":"print(1)"}`, `{"language":"java","source":"x","tests":true,"stdin":""}`,
		`{"language":"cobol"}`, `{}`, `[]`, `{"source":"\u0000"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var r RunRequest
		if json.Unmarshal([]byte(body), &r) != nil {
			return
		}
		if err := r.Validate(); err != nil && !errors.Is(err, httpx.ErrBadRequest) {
			t.Fatalf("validation error %v is not a bad request", err)
		}
		var h HiddenTestRequest
		if json.Unmarshal([]byte(body), &h) == nil {
			if err := h.Validate(); err != nil && !errors.Is(err, httpx.ErrBadRequest) {
				t.Fatalf("validation error %v is not a bad request", err)
			}
		}
	})
}
