package identity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/ratelimit"
)

// SignInLimits counts sign-in attempts made through the /auth proxy: the
// POSTs that submit a Kratos flow which checks a secret or sends an email
// (login, registration, recovery, verification; passwords and one-time
// codes alike), per client address and per email address the attempt names.
// Everything else under /auth (starting and reading flows, sign-out, social
// sign-in's callback) passes uncounted.
type SignInLimits struct {
	ByAddress *ratelimit.Limiter
	ByEmail   *ratelimit.Limiter
	// ClientAddress is the request's client (httpx.ClientIP with the
	// configured trusted proxies).
	ClientAddress func(*http.Request) string
}

// signInFlows are the Kratos flows whose submission is an attempt, and the
// app page each starts on.
var signInFlows = []string{"login", "registration", "recovery", "verification"}

// Middleware counts the attempts among requests to Kratos's public API
// proxied under prefix ("/auth") and refuses those over a limit with 429:
// JSON for the app's fetches and API clients, a short page for a browser's
// form post.
func (l SignInLimits) Middleware(prefix string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			flow, ok := signInFlow(r, prefix)
			if !ok {
				next.ServeHTTP(w, r)
				return
			}
			if wait := l.ByAddress.Allow("ip:" + l.ClientAddress(r)); wait > 0 {
				refuseSignIn(w, r, wait, flow, "from your network")
				return
			}
			email, err := attemptEmail(r)
			if err != nil {
				httpx.Error(w, r, err)
				return
			}
			if email != "" {
				if wait := l.ByEmail.Allow("email:" + email); wait > 0 {
					refuseSignIn(w, r, wait, flow, "for this email address")
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// signInFlow returns the flow r submits when it is an attempt.
func signInFlow(r *http.Request, prefix string) (string, bool) {
	if r.Method != http.MethodPost {
		return "", false
	}
	rest, ok := strings.CutPrefix(r.URL.Path, prefix+"/self-service/")
	if !ok {
		return "", false
	}
	for _, f := range signInFlows {
		if rest == f {
			return f, true
		}
	}
	return "", false
}

// attemptEmail reads the email address an attempt names (lower-case; "" when
// none): the login's identifier, registration's traits.email, recovery's and
// verification's email, from a form or a JSON body. The body is put back for
// Kratos.
func attemptEmail(r *http.Request) (string, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, httpx.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", fmt.Errorf("%w: body larger than %d bytes", httpx.ErrTooLarge, httpx.MaxBodyBytes)
		}
		return "", fmt.Errorf("%w: read the body: %v", httpx.ErrBadRequest, err)
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	r.ContentLength = int64(len(raw))
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var fields []string
	switch {
	case mt == "application/json":
		var v struct {
			Identifier string `json:"identifier"`
			Email      string `json:"email"`
			Traits     struct {
				Email string `json:"email"`
			} `json:"traits"`
		}
		if json.Unmarshal(raw, &v) == nil {
			fields = []string{v.Identifier, v.Email, v.Traits.Email}
		}
	case mt == "application/x-www-form-urlencoded":
		if q, err := url.ParseQuery(string(raw)); err == nil {
			fields = []string{q.Get("identifier"), q.Get("email"), q.Get("traits.email")}
		}
	}
	for _, f := range fields {
		if f = normalizeEmail(f); f != "" {
			return f, nil
		}
	}
	return "", nil
}

// refuseSignIn answers an attempt over a limit: JSON (httpx's error body)
// unless a browser posted a form, which gets a page it can show.
func refuseSignIn(w http.ResponseWriter, r *http.Request, wait time.Duration, flow, scope string) {
	what := "sign-in attempts " + scope
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		ratelimit.Refuse(w, r, wait, what)
		return
	}
	when := ratelimit.RetryAfter(w, wait)
	httpx.Logger(r.Context()).Info("rate limited", "what", what, "method", r.Method, "path", r.URL.Path, "retry_after", when)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.WriteHeader(http.StatusTooManyRequests)
	_ = refusalPage.Execute(w, map[string]string{
		"What": "Too many " + what, "When": when, "Back": "/" + flow,
	})
}

var refusalPage = template.Must(template.New("429").Parse(`<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Too many attempts · Interview-Prep</title>
<main>
<h1>Too many attempts</h1>
<p>{{.What}}. Please try again in {{.When}}.</p>
<p><a href="{{.Back}}">Back</a></p>
</main>
</html>
`))
