package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/ratelimit"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

// kratosFlow starts a Kratos flow through the app's /auth proxy (API or
// browser) and returns its id, the CSRF token of a browser flow, and the
// cookies Kratos set.
func (a *secApp) kratosFlow(t *testing.T, kind, client string, header http.Header) (id, csrf string, cookies []*http.Cookie) {
	t.Helper()
	req, _ := http.NewRequestWithContext(testenv.Context(t), "GET", a.url+"/auth/self-service/"+kind+"/"+client, nil)
	req.Header.Set("Accept", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := noRedirect().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var flow struct {
		ID string `json:"id"`
		UI struct {
			Nodes []struct {
				Attributes struct {
					Name  string `json:"name"`
					Value any    `json:"value"`
				} `json:"attributes"`
			} `json:"nodes"`
		} `json:"ui"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&flow); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("start %s/%s: %d %v", kind, client, resp.StatusCode, err)
	}
	for _, n := range flow.UI.Nodes {
		if n.Attributes.Name == "csrf_token" {
			csrf, _ = n.Attributes.Value.(string)
		}
	}
	return flow.ID, csrf, resp.Cookies()
}

// signIn submits a password login through the proxy (csrf: a browser
// flow's token) and returns the status, the body and the answer's headers.
func (a *secApp) signIn(t *testing.T, flow, email, password string, header http.Header, csrf string) (int, []byte, http.Header) {
	t.Helper()
	body := map[string]string{"method": "password", "identifier": email, "password": password}
	if csrf != "" {
		body["csrf_token"] = csrf
	}
	return testenv.Send(t, "POST", a.url+"/auth/self-service/login?flow="+flow, header, body)
}

// Normal use, as the browser tests make it from one address (every person
// signing in many times, joining and reconnecting), stays under the default
// limits.
func TestDefaultLimitsLeaveNormalUseAlone(t *testing.T) {
	a := startSecApp(t, nil)
	if a.cfg.Limits != config.Default(config.ModeServe).Limits {
		t.Fatalf("limits %+v are not the defaults", a.cfg.Limits)
	}
	var people []person
	for i := range 5 {
		people = append(people, a.person(t, fmt.Sprint("sec-busy", i), identity.RoleCandidate))
	}
	// 40 sign-ins from this one address within seconds, 8 for each person.
	for round := range 8 {
		for _, p := range people {
			flow, _, _ := a.kratosFlow(t, "login", "api", nil)
			if status, raw, _ := a.signIn(t, flow, p.Email, testenv.Password, nil, ""); status != http.StatusOK {
				t.Fatalf("sign-in %d of %s: %d %s", round+1, p.Email, status, raw)
			}
		}
	}
	owner := a.person(t, "sec-busy-owner", identity.RoleInterviewer)
	var iv struct{ ID string }
	a.must(t, "POST", "/api/interviews", owner, map[string]any{"title": "Busy", "candidateId": people[0].ID,
		"interviewerIds": []string{owner.ID}, "startsAt": time.Now().UTC().Format(time.RFC3339), "durationMinutes": 30, "instant": true},
		http.StatusCreated, &iv)
	for i := range 25 {
		a.must(t, "POST", "/api/interviews/"+iv.ID+"/join", people[0], nil, http.StatusOK, nil)
		if i%5 == 0 {
			a.must(t, "POST", "/api/interviews/"+iv.ID+"/join", owner, nil, http.StatusOK, nil)
		}
	}
	for range 50 {
		a.must(t, "POST", "/api/collab/ticket", people[0], nil, http.StatusOK, nil)
	}
}

// Over a limit: 429 with Retry-After and a message; other people and other
// addresses are not held back.
func TestRateLimits(t *testing.T) {
	a := startSecApp(t, func(c *config.Config) {
		c.Limits = config.LimitsConfig{
			SignInIP: ratelimit.Rate{Burst: 3, Per: time.Minute}, SignInEmail: ratelimit.Rate{Burst: 2, Per: 10 * time.Minute},
			Ticket: ratelimit.Rate{Burst: 2, Per: time.Minute}, Join: ratelimit.Rate{Burst: 2, Per: time.Minute},
		}
	})
	ada := a.person(t, "sec-limit-ada", identity.RoleInterviewer)
	grace := a.person(t, "sec-limit-grace", identity.RoleCandidate)
	alan := a.person(t, "sec-limit-alan", identity.RoleCandidate)

	is429 := func(t *testing.T, what string, status int, raw []byte, h http.Header, msg string) {
		t.Helper()
		if status != http.StatusTooManyRequests {
			t.Fatalf("%s: %d %s, want 429", what, status, raw)
		}
		if s, err := strconv.Atoi(h.Get("Retry-After")); err != nil || s < 1 {
			t.Errorf("%s: Retry-After %q, want whole seconds", what, h.Get("Retry-After"))
		}
		if b := testenv.ErrorBody(t, raw); !strings.Contains(b.Error, msg) {
			t.Errorf("%s: error %q, want it to say %q", what, b.Error, msg)
		}
	}

	t.Run("sign-in per email, through the proxy", func(t *testing.T) {
		// From three addresses behind a trusted proxy (loopback), so that
		// only the email's limit (2) can refuse.
		for i, from := range []string{"198.51.100.1", "198.51.100.2"} {
			flow, _, _ := a.kratosFlow(t, "login", "api", nil)
			if status, raw, _ := a.signIn(t, flow, ada.Email, testenv.Password, http.Header{"X-Forwarded-For": {from}}, ""); status != http.StatusOK {
				t.Fatalf("sign-in %d: %d %s", i+1, status, raw)
			}
		}
		flow, _, _ := a.kratosFlow(t, "login", "api", nil)
		status, raw, h := a.signIn(t, flow, strings.ToUpper(ada.Email), testenv.Password, http.Header{"X-Forwarded-For": {"198.51.100.3"}}, "")
		is429(t, "3rd sign-in for the email", status, raw, h, "Too many sign-in attempts for this email address")
		// Someone else from the same address goes on.
		if status, raw, _ := a.signIn(t, flow, grace.Email, testenv.Password, http.Header{"X-Forwarded-For": {"198.51.100.3"}}, ""); status != http.StatusOK {
			t.Fatalf("another person: %d %s", status, raw)
		}
	})

	t.Run("sign-in per address, counted by X-Forwarded-For from the trusted proxy", func(t *testing.T) {
		from := http.Header{"X-Forwarded-For": {"203.0.113.50"}}
		for i := range 3 {
			flow, _, _ := a.kratosFlow(t, "login", "api", nil)
			status, raw, _ := a.signIn(t, flow, fmt.Sprintf("nobody-%d@example.test", i), "wrong-password-1", from, "")
			if status == http.StatusTooManyRequests {
				t.Fatalf("attempt %d refused: %s", i+1, raw)
			}
		}
		// Recovery and registration count too.
		rflow, _, _ := a.kratosFlow(t, "recovery", "api", nil)
		status, raw, h := testenv.Send(t, "POST", a.url+"/auth/self-service/recovery?flow="+rflow, from,
			map[string]string{"method": "code", "email": "someone@example.test"})
		is429(t, "4th attempt from the address", status, raw, h, "Too many sign-in attempts from your network")
		// The client cannot choose another address: what it puts before the
		// proxy's entry does not count.
		spoofed := http.Header{"X-Forwarded-For": {"192.0.2.77, 203.0.113.50"}}
		flow, _, _ := a.kratosFlow(t, "login", "api", nil)
		if status, raw, _ := a.signIn(t, flow, alan.Email, testenv.Password, spoofed, ""); status != http.StatusTooManyRequests {
			t.Fatalf("a forged X-Forwarded-For escaped the limit: %d %s", status, raw)
		}
		// Another client of the proxy signs in.
		if status, raw, _ := a.signIn(t, flow, alan.Email, testenv.Password, http.Header{"X-Forwarded-For": {"203.0.113.51"}}, ""); status != http.StatusOK {
			t.Fatalf("another address: %d %s", status, raw)
		}
		// Starting and reading flows is never counted.
		for range 10 {
			a.kratosFlow(t, "login", "browser", from)
		}
	})

	t.Run("a browser's form post gets a page", func(t *testing.T) {
		from := http.Header{"X-Forwarded-For": {"203.0.113.50"}, "Accept": {"text/html,application/xhtml+xml,*/*;q=0.8"}}
		status, raw, h := testenv.Send(t, "POST", a.url+"/auth/self-service/login?flow=x", from,
			"identifier=x%40example.test&password=p&method=password")
		if status != http.StatusTooManyRequests || !strings.HasPrefix(h.Get("Content-Type"), "text/html") ||
			!strings.Contains(string(raw), `<a href="/login">`) || h.Get("Retry-After") == "" {
			t.Fatalf("form post over the limit: %d %s %s", status, h.Get("Content-Type"), raw)
		}
	})

	t.Run("collaboration tickets per user", func(t *testing.T) {
		for range 2 {
			a.must(t, "POST", "/api/collab/ticket", ada, nil, http.StatusOK, nil)
		}
		status, raw, h := testenv.Send(t, "POST", a.url+"/api/collab/ticket", testenv.SessionHeader(ada.Token), nil)
		is429(t, "3rd ticket", status, raw, h, "Too many collaboration tickets; try again in 30 seconds")
		a.must(t, "POST", "/api/collab/ticket", grace, nil, http.StatusOK, nil)
	})

	t.Run("joins per user", func(t *testing.T) {
		var iv struct{ ID string }
		a.must(t, "POST", "/api/interviews", ada, map[string]any{"title": "Limits", "candidateId": grace.ID,
			"interviewerIds": []string{ada.ID}, "startsAt": time.Now().UTC().Format(time.RFC3339), "durationMinutes": 30, "instant": true},
			http.StatusCreated, &iv)
		for range 2 {
			a.must(t, "POST", "/api/interviews/"+iv.ID+"/join", grace, nil, http.StatusOK, nil)
		}
		status, raw, h := testenv.Send(t, "POST", a.url+"/api/interviews/"+iv.ID+"/join", testenv.SessionHeader(grace.Token), nil)
		is429(t, "3rd join", status, raw, h, "Too many attempts to join calls")
		a.must(t, "POST", "/api/interviews/"+iv.ID+"/join", ada, nil, http.StatusOK, nil)
	})
}

// cookieFlags returns the Set-Cookie line of name in h (without its value).
func cookieFlags(h http.Header, name string) (string, bool) {
	for _, line := range h.Values("Set-Cookie") {
		if strings.HasPrefix(line, name) {
			_, flags, _ := strings.Cut(line, ";")
			return strings.ToLower(flags), true
		}
	}
	return "", false
}

// Kratos's cookies, as the browser gets them through the /auth proxy, and
// the headers every answer carries.
func TestCookiesAndHeaders(t *testing.T) {
	a := startSecApp(t, nil)
	ada := a.person(t, "sec-cookie-ada", identity.RoleInterviewer)

	t.Run("Kratos's cookies through /auth", func(t *testing.T) {
		flow, csrf, cookies := a.kratosFlow(t, "login", "browser", nil)
		if csrf == "" || len(cookies) == 0 {
			t.Fatalf("browser flow without a CSRF token or cookie: %q %v", csrf, cookies)
		}
		status, raw, h := a.signIn(t, flow, ada.Email, testenv.Password, http.Header{"Cookie": {cookieHeader(cookies)}}, csrf)
		if status != http.StatusOK {
			t.Fatalf("browser sign-in: %d %s", status, raw)
		}
		for _, c := range cookies {
			checkCookie(t, c.Name, strings.ToLower(setCookieFlags(c)))
		}
		flags, ok := cookieFlags(h, "ory_kratos_session=")
		if !ok {
			t.Fatalf("no session cookie: %v", h.Values("Set-Cookie"))
		}
		checkCookie(t, "ory_kratos_session", flags)
	})

	t.Run("our own answers set no cookie", func(t *testing.T) {
		for _, path := range []string{"/", "/api/config", "/api/me", "/api/interviews", "/api/health"} {
			_, _, h := testenv.Send(t, "GET", a.url+path, testenv.SessionHeader(ada.Token), nil)
			if c := h.Values("Set-Cookie"); len(c) > 0 {
				t.Errorf("GET %s sets %v", path, c)
			}
		}
	})

	every := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "strict-origin-when-cross-origin",
		"X-Frame-Options":            "DENY",
		"Cross-Origin-Opener-Policy": "same-origin",
	}
	t.Run("every answer", func(t *testing.T) {
		for _, path := range []string{"/", "/api/me", "/api/nope", "/auth/health/alive", "/assets/missing.js", "/api/dev/mail/messages"} {
			_, _, h := testenv.Send(t, "GET", a.url+path, nil, nil)
			for name, want := range every {
				if got := h.Get(name); got != want {
					t.Errorf("GET %s: %s = %q, want %q", path, name, got, want)
				}
			}
			if !strings.Contains(h.Get("Permissions-Policy"), "camera=(self)") {
				t.Errorf("GET %s: Permissions-Policy = %q", path, h.Get("Permissions-Policy"))
			}
		}
		_, _, h := testenv.Send(t, "GET", a.url+"/api/config", http.Header{"X-Forwarded-Proto": {"https"}}, nil)
		if !strings.Contains(h.Get("Strict-Transport-Security"), "max-age=") {
			t.Errorf("over https: Strict-Transport-Security = %q", h.Get("Strict-Transport-Security"))
		}
	})

	t.Run("the app's pages carry the CSP", func(t *testing.T) {
		for _, path := range []string{"/", "/login", "/interviews/abc/room", "/interviews/abc/replay", "/index.html"} {
			status, _, h := testenv.Send(t, "GET", a.url+path, nil, nil)
			if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				t.Fatalf("GET %s: %d %s", path, status, h.Get("Content-Type"))
			}
			checkCSP(t, path, h.Get("Content-Security-Policy"), a.cfg)
		}
	})
}

func cookieHeader(cs []*http.Cookie) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// setCookieFlags writes c's attributes as in Set-Cookie.
func setCookieFlags(c *http.Cookie) string {
	s := c.String()
	_, flags, _ := strings.Cut(s, ";")
	return flags
}

// checkCookie wants a session's or CSRF cookie out of scripts' reach
// (HttpOnly), not sent on cross-site requests (SameSite Lax or Strict),
// and only over TLS (Secure: Kratos sets it unless started with --dev,
// which the app never does; browsers keep Secure cookies from
// http://localhost too).
func checkCookie(t *testing.T, name, flags string) {
	t.Helper()
	t.Logf("cookie %s:%s", name, flags)
	for _, want := range []string{"httponly", "secure", "path=/"} {
		if !strings.Contains(flags, want) {
			t.Errorf("cookie %s: %q lacks %s", name, flags, want)
		}
	}
	if !strings.Contains(flags, "samesite=lax") && !strings.Contains(flags, "samesite=strict") {
		t.Errorf("cookie %s: %q lacks SameSite=Lax or Strict", name, flags)
	}
}

// checkCSP wants the pages' policy: scripts from the app (and the hashes of
// its inline scripts) only, WebAssembly but no eval, no plugins, no
// framing, no foreign base or form targets, and connections to the app,
// sockets and LiveKit.
func checkCSP(t *testing.T, path, csp string, cfg config.Config) {
	t.Helper()
	dirs := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			dirs[f[0]] = f[1:]
		}
	}
	want := map[string][]string{
		"default-src":     {"'self'"},
		"object-src":      {"'none'"},
		"frame-ancestors": {"'none'"},
		"base-uri":        {"'self'"},
	}
	for d, v := range want {
		if strings.Join(dirs[d], " ") != strings.Join(v, " ") {
			t.Errorf("GET %s: CSP %s = %q, want %q (policy %q)", path, d, dirs[d], v, csp)
		}
	}
	script := strings.Join(dirs["script-src"], " ")
	if !strings.HasPrefix(script, "'self'") || !strings.Contains(script, "'wasm-unsafe-eval'") ||
		strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") || strings.Contains(script, "*") {
		t.Errorf("GET %s: script-src %q: want 'self', hashes and 'wasm-unsafe-eval' only", path, script)
	}
	connect := strings.Join(dirs["connect-src"], " ")
	for _, src := range append([]string{"'self'"}, connectSources(cfg)...) {
		if !strings.Contains(connect, src) {
			t.Errorf("GET %s: connect-src %q lacks %s", path, connect, src)
		}
	}
	if w := strings.Join(dirs["worker-src"], " "); !strings.Contains(w, "'self'") {
		t.Errorf("GET %s: worker-src %q: Monaco's worker and the service worker need 'self'", path, w)
	}
	if f := strings.Join(dirs["form-action"], " "); !strings.HasPrefix(f, "'self'") {
		t.Errorf("GET %s: form-action %q", path, f)
	}
}

// Every body is capped: a declared size over the cap is refused before
// anything reads it, and a JSON handler stops reading an undeclared one at
// the cap; the collaboration socket refuses an oversized message.
func TestBodyLimits(t *testing.T) {
	a := startSecApp(t, nil)
	f := newFixture(t, a)
	// One JSON string longer than the cap: a decoder reads until the cap
	// stops it.
	big := []byte(`{"title":"` + strings.Repeat("a", httpx.MaxBodyBytes) + `"}`)
	checked := 0
	for _, r := range authzTable() {
		method, tmpl, _ := strings.Cut(r.req, " ")
		if method != "POST" && method != "PUT" && method != "PATCH" {
			continue
		}
		// As someone the route lets in, when anyone it does.
		var c *tcase
		for i := range r.cases {
			if w := r.cases[i].want; w == done || w == allowed {
				c = &r.cases[i]
				break
			}
		}
		if c == nil {
			c = &r.cases[0]
		}
		path := f.path(t, r, *c, tmpl)
		who := c.who(f)
		for _, chunked := range []bool{false, true} {
			if chunked && (r.body == nil || c.want != done && c.want != allowed) {
				continue // nothing reads this body
			}
			status, raw := sendBody(t, method, a.url+path, who, big, chunked)
			checked++
			if status != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), "larger than") {
				t.Errorf("%s %s as %s, %d bytes (chunked %v): %d %.200s, want 413", method, r.req, c.name, len(big), chunked, status, raw)
			}
		}
	}
	// Through the /auth proxy: an attempt is read (for its email) up to the
	// cap; anything else is streamed to Kratos up to it.
	for _, path := range []string{"/auth/self-service/login?flow=x", "/auth/self-service/settings?flow=x"} {
		for _, chunked := range []bool{false, true} {
			status, raw := sendBody(t, "POST", a.url+path, f.c1, big, chunked)
			checked++
			if status != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), "larger than") {
				t.Errorf("POST %s, %d bytes (chunked %v): %d %.200s, want 413", path, len(big), chunked, status, raw)
			}
		}
	}
	t.Logf("%d oversized requests refused", checked)

	t.Run("the collaboration socket", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(a.url, "http")+"/collab",
			&websocket.DialOptions{HTTPHeader: testenv.SessionHeader(f.c1.Token)})
		if err != nil {
			t.Fatal(err)
		}
		defer conn.CloseNow()
		conn.SetReadLimit(-1)
		if err := conn.Write(ctx, websocket.MessageBinary, bytes.Repeat([]byte{0}, 1<<20+1)); err != nil {
			t.Fatal(err)
		}
		for {
			if _, _, err := conn.Read(ctx); err != nil {
				if errors.Is(err, context.DeadlineExceeded) {
					t.Fatal("the socket stayed open after an oversized message")
				}
				return // closed by the server
			}
		}
	})
}

// sendBody sends body as JSON, with its length declared or chunked.
func sendBody(t *testing.T, method, url string, who person, body []byte, chunked bool) (int, []byte) {
	t.Helper()
	var rd io.Reader = bytes.NewReader(body)
	if chunked {
		rd = io.MultiReader(rd) // hides the length: sent chunked
	}
	req, err := http.NewRequestWithContext(testenv.Context(t), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if who.Token != "" {
		req.Header.Set("X-Session-Token", who.Token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}
