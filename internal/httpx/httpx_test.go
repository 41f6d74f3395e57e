package httpx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

func TestStatusMapsEverySentinel(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{httpx.ErrBadRequest, http.StatusBadRequest},
		{httpx.ErrUnauthorized, http.StatusUnauthorized},
		{httpx.ErrForbidden, http.StatusForbidden},
		{httpx.ErrNotFound, http.StatusNotFound},
		{httpx.ErrConflict, http.StatusConflict},
		{httpx.ErrTooLarge, http.StatusRequestEntityTooLarge},
		{httpx.ErrRateLimited, http.StatusTooManyRequests},
		{httpx.ErrUnavailable, http.StatusServiceUnavailable},
		{httpx.Invalid("email", "is required"), http.StatusBadRequest},
		{errors.New("boom"), http.StatusInternalServerError},
		{nil, http.StatusInternalServerError},
	}
	for _, tt := range tests {
		if got := httpx.Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
		if tt.err == nil {
			continue
		}
		wrapped := fmt.Errorf("schedule: load slot: %w", fmt.Errorf("store: %w", tt.err))
		if got := httpx.Status(wrapped); got != tt.want {
			t.Errorf("Status(wrapped %v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestStatusJoinedError(t *testing.T) {
	err := errors.Join(errors.New("mongo: no documents"), httpx.ErrNotFound)
	if got := httpx.Status(err); got != http.StatusNotFound {
		t.Errorf("Status(joined) = %d, want 404", got)
	}
}

func TestDetail(t *testing.T) {
	errNoSlot := httpx.Detail(httpx.ErrNotFound, "no such slot")
	tests := []struct {
		name     string
		err      error
		sentinel error
		status   int
		msg      string
	}{
		{"on an httpx sentinel", httpx.Detail(httpx.ErrConflict, "slot %d is %s", 3, "taken"), httpx.ErrConflict, http.StatusConflict, "slot 3 is taken"},
		{"on a domain sentinel", httpx.Detail(errNoSlot, "no slot at %s", "9:00"), errNoSlot, http.StatusNotFound, "no slot at 9:00"},
		{"wrapped", fmt.Errorf("schedule: book: %w", httpx.Detail(httpx.ErrForbidden, "not yours")), httpx.ErrForbidden, http.StatusForbidden, "schedule: book: not yours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := httpx.Status(tt.err); got != tt.status {
				t.Errorf("Status = %d, want %d", got, tt.status)
			}
			if got := tt.err.Error(); got != tt.msg {
				t.Errorf("Error() = %q, want %q", got, tt.msg)
			}
			if !errors.Is(tt.err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", tt.err, tt.sentinel)
			}
			if errors.Is(tt.err, httpx.ErrBadRequest) {
				t.Errorf("errors.Is(%v, ErrBadRequest) = true, want only its own sentinel", tt.err)
			}
		})
	}
	rec := httptest.NewRecorder()
	httpx.Error(rec, httptest.NewRequest(http.MethodGet, "/", nil), httpx.Detail(errNoSlot, "no slot at %s", "9:00"))
	if body := decodeBody(t, rec); rec.Code != http.StatusNotFound || body.Error != "No slot at 9:00" {
		t.Errorf("Error wrote %d %q, want 404 %q (the message alone, capitalised)", rec.Code, body.Error, "No slot at 9:00")
	}
}

// observed runs h behind Observe with a logger writing to logs and returns
// the response.
func observed(t *testing.T, h http.HandlerFunc, req *http.Request, logs *bytes.Buffer) *httptest.ResponseRecorder {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := httptest.NewRecorder()
	httpx.Observe(logger, h).ServeHTTP(rec, req)
	return rec
}

func decodeBody(t *testing.T, rec *httptest.ResponseRecorder) httpx.ErrorBody {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want application/json", ct)
	}
	var body httpx.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q is not an ErrorBody: %v", rec.Body.String(), err)
	}
	return body
}

func TestErrorValidationGives400WithFields(t *testing.T) {
	var logs bytes.Buffer
	verr := &httpx.ValidationError{Fields: map[string]string{"email": "is required", "name": "is too long"}}
	rec := observed(t, func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, r, fmt.Errorf("signup: %w", verr))
	}, httptest.NewRequest(http.MethodPost, "/api/signup", nil), &logs)

	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status = %d, want 400", rec.Code)
	}
	body := decodeBody(t, rec)
	if body.Fields["email"] != "is required" || body.Fields["name"] != "is too long" || len(body.Fields) != 2 {
		t.Errorf("fields = %v, want the validation error's fields", body.Fields)
	}
	if body.Error == "" {
		t.Error("error message is empty")
	}
	if body.RequestID == "" || body.RequestID != rec.Header().Get("X-Request-ID") {
		t.Errorf("requestId = %q, X-Request-ID = %q; want equal and non-empty", body.RequestID, rec.Header().Get("X-Request-ID"))
	}
}

func TestErrorClientErrorShowsMessage(t *testing.T) {
	rec := httptest.NewRecorder()
	httpx.Error(rec, httptest.NewRequest(http.MethodGet, "/", nil), fmt.Errorf("interview already booked: %w", httpx.ErrConflict))
	if rec.Code != http.StatusConflict {
		t.Fatalf("status = %d, want 409", rec.Code)
	}
	body := decodeBody(t, rec)
	if body.Error != "Interview already booked: conflict" {
		t.Errorf("error = %q, want the wrapped message capitalised", body.Error)
	}
	if body.Fields != nil {
		t.Errorf("fields = %v, want none", body.Fields)
	}
}

func TestErrorInternalHidesTextAndLogsIt(t *testing.T) {
	const secret = "dial tcp 10.0.0.5:27017: password=hunter2 refused"
	var logs bytes.Buffer
	rec := observed(t, func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, r, errors.New(secret))
	}, httptest.NewRequest(http.MethodGet, "/api/interviews", nil), &logs)

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "hunter2") || strings.Contains(rec.Body.String(), "10.0.0.5") {
		t.Fatalf("500 body leaks the internal error: %s", rec.Body.String())
	}
	body := decodeBody(t, rec)
	if body.Error == "" {
		t.Error("500 body has no generic message")
	}
	id := rec.Header().Get("X-Request-ID")
	if body.RequestID == "" || body.RequestID != id {
		t.Errorf("requestId = %q, want the X-Request-ID %q", body.RequestID, id)
	}
	if !strings.Contains(logs.String(), "hunter2") || !strings.Contains(logs.String(), id) {
		t.Errorf("log does not record the internal error with the request ID:\n%s", logs.String())
	}
}

// A request whose client went away is no server error: 499, and nothing
// logged at error level.
func TestErrorClientGoneIsNotAFailure(t *testing.T) {
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := observed(t, func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, r, fmt.Errorf("database: read: %w", context.Canceled))
	}, httptest.NewRequest(http.MethodGet, "/api/notifications", nil).WithContext(ctx), &logs)
	if rec.Code != httpx.StatusClientClosed {
		t.Fatalf("status = %d, want 499", rec.Code)
	}
	if strings.Contains(logs.String(), "level=ERROR") || strings.Contains(logs.String(), "request failed") {
		t.Fatalf("logged as a failure:\n%s", logs.String())
	}
	// A cancelled error while the client is still there is ours: 500.
	rec = observed(t, func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, r, fmt.Errorf("job: %w", context.Canceled))
	}, httptest.NewRequest(http.MethodGet, "/api/x", nil), &logs)
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
}

func TestErrorUnavailableHidesText(t *testing.T) {
	var logs bytes.Buffer
	rec := observed(t, func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, r, fmt.Errorf("kratos at http://10.1.1.1:4434: %w", httpx.ErrUnavailable))
	}, httptest.NewRequest(http.MethodGet, "/", nil), &logs)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "10.1.1.1") {
		t.Errorf("503 body leaks the internal error: %s", rec.Body.String())
	}
}

type payload struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
	Tags []string
}

func decodeReq(body, contentType string) (payload, *httptest.ResponseRecorder, error) {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	var p payload
	err := httpx.Decode(rec, req, &p)
	return p, rec, err
}

func TestDecodeAcceptsJSON(t *testing.T) {
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "application/merge-patch+json", ""} {
		p, _, err := decodeReq(`{"name":"Ada","age":36}`+"\n", ct)
		if err != nil {
			t.Errorf("Decode with Content-Type %q = %v, want nil", ct, err)
			continue
		}
		if p.Name != "Ada" || p.Age != 36 {
			t.Errorf("decoded %+v", p)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	tests := []struct {
		name, body, ct string
		status         int
		contains       string
	}{
		{"wrong content type", `{"name":"a"}`, "text/plain", 400, "content type"},
		{"form content type", `name=a`, "application/x-www-form-urlencoded", 400, "content type"},
		{"malformed", `{"name": "a",}`, "application/json", 400, "malformed JSON at byte 14"},
		{"unknown field", `{"name":"a","admin":true}`, "application/json", 400, `unknown field "admin"`},
		{"empty body", ``, "application/json", 400, "empty body"},
		{"truncated", `{"name":`, "application/json", 400, ""},
		{"trailing value", `{"name":"a"} {"name":"b"}`, "application/json", 400, "after the JSON value"},
		{"trailing garbage", `{"name":"a"} x`, "application/json", 400, "after the JSON value"},
		{"trailing brace", `{"name":"a"}}`, "application/json", 400, "after the JSON value"},
		{"trailing bracket", `{"name":"a"}]`, "application/json", 400, "after the JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := decodeReq(tt.body, tt.ct)
			if err == nil {
				t.Fatalf("Decode(%q) = nil, want an error", tt.body)
			}
			if got := httpx.Status(err); got != tt.status {
				t.Errorf("Status = %d, want %d (err %v)", got, tt.status, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
		})
	}
}

func TestDecodeWrongTypeIsValidationError(t *testing.T) {
	_, _, err := decodeReq(`{"name":"a","age":"old"}`, "application/json")
	var ve *httpx.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Decode(age as string) = %v, want a *ValidationError", err)
	}
	if msg, ok := ve.Fields["age"]; !ok || !strings.Contains(msg, "int") {
		t.Errorf("fields = %v, want age: must be int", ve.Fields)
	}
	if httpx.Status(err) != http.StatusBadRequest {
		t.Errorf("Status = %d, want 400", httpx.Status(err))
	}
}

func TestDecodeTooLarge(t *testing.T) {
	big := `{"name":"` + strings.Repeat("a", httpx.MaxBodyBytes) + `"}`
	_, _, err := decodeReq(big, "application/json")
	if !errors.Is(err, httpx.ErrTooLarge) {
		t.Fatalf("Decode(%d bytes) = %v, want ErrTooLarge", len(big), err)
	}
	if got := httpx.Status(err); got != http.StatusRequestEntityTooLarge {
		t.Errorf("Status = %d, want 413", got)
	}

	// A small value followed by more than MaxBodyBytes of padding is still
	// an oversize body.
	padded := `{"name":"a"}` + strings.Repeat(" ", httpx.MaxBodyBytes+10)
	if _, _, err := decodeReq(padded, "application/json"); httpx.Status(err) != http.StatusRequestEntityTooLarge {
		t.Errorf("Decode(value + %d bytes of padding) = %v, want a 413 error", httpx.MaxBodyBytes, err)
	}

	// Just under the limit is fine.
	fits := `{"name":"` + strings.Repeat("a", httpx.MaxBodyBytes-20) + `"}`
	if _, _, err := decodeReq(fits, "application/json"); err != nil {
		t.Errorf("Decode(%d bytes) = %v, want nil", len(fits), err)
	}
}

var hexID = regexp.MustCompile(`^[0-9a-f]{24}$`)

func TestObserveRequestID(t *testing.T) {
	tests := []struct {
		name, incoming string
		keep           bool
	}{
		{"none", "", false},
		{"valid", "edge-proxy_0123456789", true},
		{"spaces", "has some spaces", false},
		{"too short", "abc", false},
		{"too long", strings.Repeat("a", 65), false},
		{"injection", "abcdefgh\r\nX-Evil: 1", false},
		{"non-ascii", "abcdéfghij", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen string
			req := httptest.NewRequest(http.MethodGet, "/api/me", nil)
			if tt.incoming != "" {
				req.Header["X-Request-Id"] = []string{tt.incoming}
			}
			var logs bytes.Buffer
			rec := observed(t, func(w http.ResponseWriter, r *http.Request) {
				seen = httpx.RequestID(r.Context())
				w.WriteHeader(http.StatusNoContent)
			}, req, &logs)
			got := rec.Header().Get("X-Request-ID")
			if got != seen {
				t.Errorf("header ID %q != context ID %q", got, seen)
			}
			if tt.keep {
				if got != tt.incoming {
					t.Errorf("X-Request-ID = %q, want the incoming %q kept", got, tt.incoming)
				}
			} else if !hexID.MatchString(got) {
				t.Errorf("X-Request-ID = %q, want a fresh 24-hex-digit ID", got)
			}
			if !strings.Contains(logs.String(), "request_id="+got) || !strings.Contains(logs.String(), "status=204") {
				t.Errorf("access log lacks request ID or status:\n%s", logs.String())
			}
		})
	}
}

func TestObserveIDsAreUnique(t *testing.T) {
	h := httpx.Observe(slog.New(slog.DiscardHandler), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	seen := map[string]bool{}
	for range 50 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		id := rec.Header().Get("X-Request-ID")
		if seen[id] {
			t.Fatalf("request ID %q repeated", id)
		}
		seen[id] = true
	}
}

func TestRequestIDOutsideMiddleware(t *testing.T) {
	if id := httpx.RequestID(httptest.NewRequest(http.MethodGet, "/", nil).Context()); id != "" {
		t.Errorf("RequestID without Observe = %q, want empty", id)
	}
}

func TestObserveRecoversPanic(t *testing.T) {
	var logs bytes.Buffer
	rec := observed(t, func(w http.ResponseWriter, r *http.Request) {
		panic("nil map write in handler")
	}, httptest.NewRequest(http.MethodGet, "/api/boom", nil), &logs)

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	body := decodeBody(t, rec)
	id := rec.Header().Get("X-Request-ID")
	if id == "" || body.RequestID != id {
		t.Errorf("requestId = %q, X-Request-ID = %q; want equal and non-empty", body.RequestID, id)
	}
	if strings.Contains(rec.Body.String(), "nil map") {
		t.Errorf("500 body leaks the panic value: %s", rec.Body.String())
	}
	if !strings.Contains(logs.String(), "nil map write in handler") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("panic not logged with value and status:\n%s", logs.String())
	}
}

func TestObservePanicAfterWriteKeepsResponse(t *testing.T) {
	var logs bytes.Buffer
	rec := observed(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte("partial"))
		panic("late")
	}, httptest.NewRequest(http.MethodGet, "/", nil), &logs)
	if rec.Code != http.StatusAccepted || rec.Body.String() != "partial" {
		t.Errorf("got %d %q, want the handler's 202 \"partial\" untouched", rec.Code, rec.Body.String())
	}
}

func TestObserveRepanicsAbortHandler(t *testing.T) {
	h := httpx.Observe(slog.New(slog.DiscardHandler), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler re-panicked", p)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
}

func TestObserveKeepsFlusher(t *testing.T) {
	var flushErr error
	h := httpx.Observe(slog.New(slog.DiscardHandler), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		flushErr = http.NewResponseController(w).Flush()
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/events", nil))
	if flushErr != nil || !rec.Flushed {
		t.Errorf("Flush through Observe: err %v, flushed %v", flushErr, rec.Flushed)
	}
}

func TestSecurityHeaders(t *testing.T) {
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	want := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "strict-origin-when-cross-origin",
		"X-Frame-Options":            "DENY",
		"Cross-Origin-Opener-Policy": "same-origin",
	}

	rec := httptest.NewRecorder()
	httpx.SecurityHeaders(next).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://prep.local/", nil))
	if rec.Code != http.StatusTeapot {
		t.Errorf("status = %d, want the next handler's 418", rec.Code)
	}
	for k, v := range want {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if pp := rec.Header().Get("Permissions-Policy"); !strings.Contains(pp, "camera=(self)") || !strings.Contains(pp, "microphone=(self)") {
		t.Errorf("Permissions-Policy = %q, want camera and microphone allowed for self", pp)
	}
	if hsts := rec.Header().Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS on plain HTTP = %q, want none", hsts)
	}

	req := httptest.NewRequest(http.MethodGet, "http://prep.local/", nil)
	req.Header.Set("X-Forwarded-Proto", "http")
	rec = httptest.NewRecorder()
	httpx.SecurityHeaders(next).ServeHTTP(rec, req)
	if hsts := rec.Header().Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS with X-Forwarded-Proto http = %q, want none", hsts)
	}

	req = httptest.NewRequest(http.MethodGet, "http://prep.local/", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	rec = httptest.NewRecorder()
	httpx.SecurityHeaders(next).ServeHTTP(rec, req)
	if hsts := rec.Header().Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=31536000") {
		t.Errorf("HSTS with X-Forwarded-Proto https = %q, want max-age=31536000…", hsts)
	}

	rec = httptest.NewRecorder()
	httpx.SecurityHeaders(next).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "https://prep.local/", nil))
	if rec.Header().Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS on a TLS request")
	}
}

func TestJSONSetsHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	httpx.JSON(rec, http.StatusCreated, map[string]int{"id": 7})
	if rec.Code != http.StatusCreated || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("got %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	if strings.TrimSpace(rec.Body.String()) != `{"id":7}` {
		t.Errorf("body = %q", rec.Body.String())
	}
}

func TestReplyWritesValueOrError(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	rec := httptest.NewRecorder()
	httpx.Reply(rec, req, http.StatusCreated, map[string]int{"n": 1}, nil)
	if rec.Code != http.StatusCreated || strings.TrimSpace(rec.Body.String()) != `{"n":1}` {
		t.Fatalf("value: %d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	httpx.Reply(rec, req, http.StatusCreated, map[string]int{"n": 1}, fmt.Errorf("no such thing: %w", httpx.ErrNotFound))
	if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), `"n"`) {
		t.Fatalf("error: %d %q", rec.Code, rec.Body.String())
	}
}
