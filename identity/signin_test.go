package identity

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/ratelimit"
)

// signInProxy is the /auth proxy's limit in front of a stand-in for Kratos
// that records the bodies it was given.
func signInProxy(byAddress, byEmail ratelimit.Rate) (http.Handler, *[]string) {
	var bodies []string
	kratos := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		w.WriteHeader(http.StatusOK)
	})
	l := SignInLimits{
		ByAddress: ratelimit.New(byAddress, ratelimit.Options{}), ByEmail: ratelimit.New(byEmail, ratelimit.Options{}),
		ClientAddress: func(r *http.Request) string { return httpx.ClientIP(r, nil).String() },
	}
	return l.Middleware("/auth")(kratos), &bodies
}

func attempt(h http.Handler, path, from, contentType, body, accept string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.RemoteAddr = from + ":40000"
	req.Header.Set("Content-Type", contentType)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestSignInLimitPerAddress(t *testing.T) {
	h, bodies := signInProxy(ratelimit.Rate{Burst: 3, Per: time.Minute}, ratelimit.Rate{})
	for i, path := range []string{"/auth/self-service/login?flow=1", "/auth/self-service/registration?flow=2", "/auth/self-service/recovery?flow=3"} {
		body := `{"method":"password","identifier":"user` + string(rune('a'+i)) + `@example.com","password":"x"}`
		if rec := attempt(h, path, "198.51.100.1", "application/json", body, "application/json"); rec.Code != http.StatusOK {
			t.Fatalf("attempt %d: %d", i+1, rec.Code)
		}
		if got := (*bodies)[i]; got != body {
			t.Fatalf("Kratos got %q, want the body as sent", got)
		}
	}
	rec := attempt(h, "/auth/self-service/verification?flow=4", "198.51.100.1", "application/json", `{"email":"z@example.com"}`, "application/json")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "20" {
		t.Fatalf("4th attempt from the address: %d Retry-After %q, want 429 and 20 s", rec.Code, rec.Header().Get("Retry-After"))
	}
	if !strings.Contains(rec.Body.String(), "Too many sign-in attempts from your network; try again in 20 seconds") {
		t.Errorf("429 body = %s", rec.Body.String())
	}
	if len(*bodies) != 3 {
		t.Errorf("the refused attempt reached Kratos")
	}
	// Another address is counted apart; what is not an attempt is not counted.
	if rec := attempt(h, "/auth/self-service/login?flow=5", "203.0.113.5", "application/json", `{}`, ""); rec.Code != http.StatusOK {
		t.Errorf("another address: %d", rec.Code)
	}
	for _, path := range []string{"/auth/self-service/settings?flow=6", "/auth/self-service/logout", "/auth/self-service/login/api", "/api/interviews"} {
		if rec := attempt(h, path, "198.51.100.1", "application/json", `{}`, ""); rec.Code != http.StatusOK {
			t.Errorf("POST %s (not an attempt): %d", path, rec.Code)
		}
	}
	for range 10 {
		req := httptest.NewRequest(http.MethodGet, "/auth/self-service/login/browser", nil)
		req.RemoteAddr = "198.51.100.1:1"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("starting a flow: %d, want it never limited", rec.Code)
		}
	}
}

func TestSignInLimitPerEmail(t *testing.T) {
	h, _ := signInProxy(ratelimit.Rate{}, ratelimit.Rate{Burst: 2, Per: 10 * time.Minute})
	form := func(field, email string) string { return url.Values{field: {email}, "csrf_token": {"t"}}.Encode() }
	// The same person from two addresses, as a login identifier, a
	// registration trait and a recovery email, in any case.
	for i, b := range []struct{ from, body string }{
		{"198.51.100.1", form("identifier", "Ada@Example.com")},
		{"203.0.113.9", form("traits.email", " ada@example.com")},
	} {
		if rec := attempt(h, "/auth/self-service/login?flow=1", b.from, "application/x-www-form-urlencoded", b.body, "text/html"); rec.Code != http.StatusOK {
			t.Fatalf("attempt %d: %d", i+1, rec.Code)
		}
	}
	rec := attempt(h, "/auth/self-service/recovery?flow=2", "192.0.2.1", "application/x-www-form-urlencoded",
		form("email", "ADA@example.com"), "text/html,application/xhtml+xml,*/*;q=0.8")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "300" {
		t.Fatalf("3rd attempt for the email: %d Retry-After %q, want 429 and 300 s", rec.Code, rec.Header().Get("Retry-After"))
	}
	// A browser's form post gets a page, with its own CSP, back to the flow.
	body := rec.Body.String()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") ||
		!strings.Contains(body, "Too many sign-in attempts for this email address. Please try again in 5 minutes.") ||
		!strings.Contains(body, `href="/recovery"`) {
		t.Errorf("page (%s):\n%s", ct, body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("page CSP = %q", csp)
	}
	// Someone else from the same address is not held back by Ada's limit.
	if rec := attempt(h, "/auth/self-service/login?flow=3", "192.0.2.1", "application/json", `{"identifier":"grace@example.com"}`, ""); rec.Code != http.StatusOK {
		t.Errorf("another email: %d", rec.Code)
	}
}

func TestSignInLimitBodyTooLarge(t *testing.T) {
	h, bodies := signInProxy(ratelimit.Rate{Burst: 100, Per: time.Minute}, ratelimit.Rate{Burst: 100, Per: time.Minute})
	req := httptest.NewRequest(http.MethodPost, "/auth/self-service/login?flow=1", strings.NewReader(strings.Repeat("a", httpx.MaxBodyBytes+1)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || len(*bodies) != 0 {
		t.Fatalf("oversize attempt: %d (Kratos called %d times), want 413 before Kratos", rec.Code, len(*bodies))
	}
}
