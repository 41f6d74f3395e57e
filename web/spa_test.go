package web_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/interviewprep/interviewprep/web"
)

const themeScript = `
      (function () { document.documentElement.classList.toggle('dark', true); })();
    `

const indexHTML = `<!doctype html>
<html lang="en">
  <head>
    <title>Interview-Prep</title>
    <script>` + themeScript + `</script>
    <script type="module" crossorigin src="/assets/index-abc123.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`

var appJS = strings.Repeat("console.log('interview prep app');\n", 200)

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html":            {Data: []byte(indexHTML)},
		"favicon.svg":           {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		"assets/app-123.js":     {Data: []byte(appJS)},
		"assets/index-abc.css":  {Data: []byte("body{margin:0}")},
		"assets/logo-9f8e.webp": {Data: []byte("RIFF....WEBP")},
	}
}

func newSPA(t *testing.T, files fs.FS) *web.SPA {
	t.Helper()
	s, err := web.NewSPA(files, web.Sources{})
	if err != nil {
		t.Fatalf("NewSPA: %v", err)
	}
	return s
}

func get(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("body is not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

func TestFallbackServesIndex(t *testing.T) {
	s := newSPA(t, testFS())
	for _, target := range []string{"/", "/some/route", "/interviews/42/room", "/index.html", "/users/ada.lovelace"} {
		rec := get(s, target)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", target, rec.Code)
			continue
		}
		if rec.Body.String() != indexHTML {
			t.Errorf("GET %s body is not index.html: %.80q", target, rec.Body.String())
		}
		h := rec.Header()
		if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s Content-Type = %q", target, ct)
		}
		if cc := h.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s Cache-Control = %q, want no-cache", target, cc)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' 'sha256-") {
			t.Errorf("GET %s CSP = %q, want a script-src with a hash", target, csp)
		}
		if etag := h.Get("ETag"); len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
			t.Errorf("GET %s ETag = %q, want a quoted strong ETag", target, etag)
		}
		if h.Get("Content-Encoding") != "" {
			t.Errorf("GET %s without Accept-Encoding is encoded %q", target, h.Get("Content-Encoding"))
		}
	}
}

func TestIndexConditionalGet(t *testing.T) {
	s := newSPA(t, testFS())
	first := get(s, "/some/route")
	etag := first.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	rec := get(s, "/another/route", "If-None-Match", etag)
	if rec.Code != http.StatusNotModified {
		t.Fatalf("GET with If-None-Match %s = %d, want 304", etag, rec.Code)
	}
	if rec.Body.Len() != 0 {
		t.Errorf("304 has a body of %d bytes", rec.Body.Len())
	}
	if rec.Header().Get("ETag") != etag {
		t.Errorf("304 ETag = %q, want %q", rec.Header().Get("ETag"), etag)
	}
	if rec := get(s, "/some/route", "If-None-Match", `"stale"`); rec.Code != http.StatusOK {
		t.Errorf("GET with a stale ETag = %d, want 200", rec.Code)
	}

	// A different index.html gets a different ETag.
	other := testFS()
	other["index.html"] = &fstest.MapFile{Data: []byte(indexHTML + "<!-- v2 -->")}
	if e2 := get(newSPA(t, other), "/").Header().Get("ETag"); e2 == etag {
		t.Errorf("changed index.html kept ETag %s", etag)
	}
}

func TestIndexGzip(t *testing.T) {
	s := newSPA(t, testFS())
	rec := get(s, "/dashboard", "Accept-Encoding", "br, gzip;q=0.8")
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", rec.Header().Get("Content-Encoding"))
	}
	if got := gunzip(t, rec.Body.Bytes()); string(got) != indexHTML {
		t.Errorf("gunzipped index differs: %.80q", got)
	}
	if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary = %q, want Accept-Encoding", rec.Header().Get("Vary"))
	}
	if rec := get(s, "/dashboard", "Accept-Encoding", "gzip;q=0"); rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 still got Content-Encoding %q", rec.Header().Get("Content-Encoding"))
	}
}

func TestHeadIndex(t *testing.T) {
	s := newSPA(t, testFS())
	req := httptest.NewRequest(http.MethodHead, "/route", nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD = %d with %d body bytes, want 200 and none", rec.Code, rec.Body.Len())
	}
	if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(len(indexHTML)) {
		t.Errorf("HEAD Content-Length = %q, want %d", got, len(indexHTML))
	}
}

func TestAssetPlain(t *testing.T) {
	s := newSPA(t, testFS())
	rec := get(s, "/assets/app-123.js")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET asset = %d", rec.Code)
	}
	if rec.Body.String() != appJS {
		t.Errorf("asset body differs (%d bytes)", rec.Body.Len())
	}
	h := rec.Header()
	if cc := h.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("Cache-Control = %q, want a year and immutable", cc)
	}
	if ct := h.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("Content-Type = %q, want JavaScript", ct)
	}
	if h.Get("Content-Encoding") != "" {
		t.Errorf("Content-Encoding = %q without Accept-Encoding", h.Get("Content-Encoding"))
	}
	if h.Get("Content-Security-Policy") != "" {
		t.Errorf("asset carries the document CSP")
	}
}

func TestAssetGzip(t *testing.T) {
	s := newSPA(t, testFS())
	for i := range 2 { // the second request is served from the cache
		rec := get(s, "/assets/app-123.js", "Accept-Encoding", "gzip, deflate")
		if rec.Code != http.StatusOK {
			t.Fatalf("request %d: status %d", i, rec.Code)
		}
		if rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("request %d: Content-Encoding = %q, want gzip", i, rec.Header().Get("Content-Encoding"))
		}
		if rec.Body.Len() >= len(appJS) {
			t.Errorf("request %d: gzip body %d bytes is not smaller than %d", i, rec.Body.Len(), len(appJS))
		}
		if got := gunzip(t, rec.Body.Bytes()); string(got) != appJS {
			t.Errorf("request %d: gunzipped asset differs", i)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
			t.Errorf("request %d: Content-Type = %q, want JavaScript", i, ct)
		}
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("request %d: Vary = %q", i, rec.Header().Get("Vary"))
		}
	}
}

func TestIncompressibleNotGzipped(t *testing.T) {
	s := newSPA(t, testFS())
	rec := get(s, "/assets/logo-9f8e.webp", "Accept-Encoding", "gzip")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("webp: status %d, Content-Encoding %q; want 200 unencoded", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	if rec.Body.String() != "RIFF....WEBP" {
		t.Errorf("webp body = %q", rec.Body.String())
	}
}

func TestRootFileRevalidated(t *testing.T) {
	s := newSPA(t, testFS())
	rec := get(s, "/favicon.svg")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("favicon: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("favicon Cache-Control = %q, want no-cache (not hashed)", cc)
	}
}

func TestMissingStaticFileIs404NotHTML(t *testing.T) {
	s := newSPA(t, testFS())
	for _, target := range []string{"/assets/x.js", "/assets/old-chunk.css", "/assets/nested/thing", "/missing.png", "/robots.txt", "/deep/path/icon.svg"} {
		rec := get(s, target)
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", target, rec.Code)
		}
		if strings.Contains(rec.Header().Get("Content-Type"), "html") || strings.Contains(rec.Body.String(), "<html") {
			t.Errorf("GET %s answered with HTML (%q)", target, rec.Header().Get("Content-Type"))
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s := newSPA(t, testFS())
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(m, "/some/route", strings.NewReader("x")))
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s = %d, want 405", m, rec.Code)
		}
		if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "HEAD") {
			t.Errorf("%s Allow = %q", m, allow)
		}
	}
}

func TestPathTraversalCannotEscape(t *testing.T) {
	root := fstest.MapFS{
		"secret.txt":       {Data: []byte("TOP SECRET")},
		"secret.js":        {Data: []byte("TOP SECRET")},
		"dist/index.html":  {Data: []byte(indexHTML)},
		"dist/assets/a.js": {Data: []byte("ok")},
	}
	dist, err := fs.Sub(root, "dist")
	if err != nil {
		t.Fatal(err)
	}
	s := newSPA(t, dist)
	for _, target := range []string{
		"/../secret.txt",
		"/assets/../../secret.js",
		"/%2e%2e/secret.txt",
		"/assets/%2e%2e/%2e%2e/secret.txt",
		"/..%2fsecret.txt",
		"/./../secret.js",
	} {
		rec := get(s, target)
		if strings.Contains(rec.Body.String(), "TOP SECRET") {
			t.Errorf("GET %s served a file outside the app", target)
		}
		if rec.Code == http.StatusOK && rec.Body.String() != indexHTML {
			t.Errorf("GET %s = 200 with %q", target, rec.Body.String())
		}
	}
	// Sanity: the app's own files are still served.
	if rec := get(s, "/assets/a.js"); rec.Body.String() != "ok" {
		t.Errorf("GET /assets/a.js = %d %q", rec.Code, rec.Body.String())
	}
}

func TestNewSPAWithoutIndex(t *testing.T) {
	_, err := web.NewSPA(fstest.MapFS{"assets/app.js": {Data: []byte("x")}}, web.Sources{})
	if !errors.Is(err, web.ErrNotBuilt) {
		t.Errorf("NewSPA without index.html = %v, want ErrNotBuilt", err)
	}
}

func cspHash(script string) string {
	sum := sha256.Sum256([]byte(script))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func TestContentSecurityPolicyHashesInlineScripts(t *testing.T) {
	csp := web.ContentSecurityPolicy([]byte(indexHTML), web.Sources{})
	want := "script-src 'self' " + cspHash(themeScript) + " 'wasm-unsafe-eval';"
	if !strings.Contains(csp, want) {
		t.Errorf("CSP %q\nlacks %q", csp, want)
	}
	if n := strings.Count(csp, "'sha256-"); n != 1 {
		t.Errorf("CSP has %d hashes, want 1 (the src= script is not inline)", n)
	}
	for _, d := range []string{"default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP lacks %q", d)
		}
	}
	for _, d := range strings.Split(csp, "; ") {
		// WebAssembly compilation (Automerge) is the one exception: it allows no JavaScript eval.
		if strings.HasPrefix(d, "script-src") && strings.Contains(strings.ReplaceAll(d, "'wasm-unsafe-eval'", ""), "unsafe") {
			t.Errorf("script-src allows unsafe scripts: %q", d)
		}
	}
}

func TestContentSecurityPolicyScriptVariants(t *testing.T) {
	const a, b = "var a = 1;", "\n  window.x = 'y';\n"
	html := `<script type="module">` + a + `</script>` +
		`<script async src="/assets/x.js"></script>` +
		`<script src = "/assets/y.js" defer></script>` +
		`<script data-src="z">` + b + `</script>` +
		`<noscript>no js</noscript>`
	csp := web.ContentSecurityPolicy([]byte(html), web.Sources{})
	for _, s := range []string{a, b} {
		if !strings.Contains(csp, cspHash(s)) {
			t.Errorf("CSP lacks the hash of %q: %s", s, csp)
		}
	}
	if n := strings.Count(csp, "'sha256-"); n != 2 {
		t.Errorf("CSP has %d hashes, want 2", n)
	}
	if none := web.ContentSecurityPolicy([]byte(`<html><body></body></html>`), web.Sources{}); !strings.Contains(none, "script-src 'self' 'wasm-unsafe-eval';") {
		t.Errorf("CSP without inline scripts = %q, want script-src 'self' only", none)
	}
}

func TestServedCSPMatchesIndex(t *testing.T) {
	s := newSPA(t, testFS())
	if got, want := get(s, "/").Header().Get("Content-Security-Policy"), web.ContentSecurityPolicy([]byte(indexHTML), web.Sources{}); got != want {
		t.Errorf("served CSP %q != ContentSecurityPolicy(index) %q", got, want)
	}
}

func TestContentSecurityPolicyExtraSources(t *testing.T) {
	csp := web.ContentSecurityPolicy([]byte(`<html></html>`), web.Sources{
		FormAction: []string{"https:"}, Connect: []string{"https://rtc.example.com"},
	})
	for _, want := range []string{"connect-src 'self' ws: wss: https://rtc.example.com;", "form-action 'self' https:;"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
}
