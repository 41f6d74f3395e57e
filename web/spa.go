package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"
)

// ErrNotBuilt is returned when the embedded app has no index.html.
var ErrNotBuilt = errors.New("web: the app is not built (web/dist/index.html missing); run `make web`")

// SPA serves the app: hashed files under /assets/ are cached for a year,
// other files are revalidated, and any other path gets index.html so the
// client-side router can take it (history fallback).
type SPA struct {
	files   fs.FS
	index   []byte
	indexGz []byte
	etag    string
	csp     string

	mu sync.Mutex
	gz map[string][]byte // gzip of compressible files, made on first request
}

// Sources are the origins the app's pages reach besides the app itself.
type Sources struct {
	// FormAction: where forms may submit (and be redirected) to. Social
	// sign-in posts to Kratos, which redirects to the provider, and CSP
	// form-action applies to that redirect.
	FormAction []string
	// Connect: what fetch may reach besides the app and any ws:/wss:
	// socket — LiveKit's http(s) origin, which livekit-client asks why a
	// connection failed (/rtc/v1/validate).
	Connect []string
}

// NewSPA prepares the app in files (normally Dist()), with a CSP that lets
// its pages reach extra.
func NewSPA(files fs.FS, extra Sources) (*SPA, error) {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return nil, ErrNotBuilt
	}
	sum := sha256.Sum256(index)
	s := &SPA{
		files:   files,
		index:   index,
		indexGz: gzipBytes(index),
		etag:    `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		csp:     ContentSecurityPolicy(index, extra),
		gz:      map[string][]byte{},
	}
	return s, nil
}

var inlineScript = regexp.MustCompile(`(?s)<script(?:\s[^>]*)?>(.*?)</script>`)
var srcAttr = regexp.MustCompile(`\ssrc\s*=`)

// ContentSecurityPolicy allows the app's own scripts and the hashes of the
// inline scripts in index (the theme script that runs before first paint),
// connections to the app, any socket and extra.Connect, and forms to the app
// and extra.FormAction.
func ContentSecurityPolicy(index []byte, extra Sources) string {
	scripts := []string{"'self'"}
	for _, m := range inlineScript.FindAllSubmatchIndex(index, -1) {
		open := index[m[0]:m[2]]
		if srcAttr.Match(open) {
			continue
		}
		sum := sha256.Sum256(index[m[2]:m[3]])
		scripts = append(scripts, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return strings.Join([]string{
		"default-src 'self'",
		// 'wasm-unsafe-eval' lets the room compile Automerge's WebAssembly; it allows no JavaScript eval.
		"script-src " + strings.Join(scripts, " ") + " 'wasm-unsafe-eval'",
		"style-src 'self' 'unsafe-inline'",  // Radix and Monaco set inline styles
		"img-src 'self' data: blob: https:", // avatars from GitHub/Google
		"font-src 'self' data:",
		strings.TrimSpace("connect-src 'self' ws: wss: " + strings.Join(extra.Connect, " ")), // LiveKit is on its own origin
		"media-src 'self' blob:",
		"worker-src 'self' blob:",
		"frame-src 'self'",
		"frame-ancestors 'none'",
		"base-uri 'self'",
		strings.TrimSpace("form-action 'self' " + strings.Join(extra.FormAction, " ")),
		"object-src 'none'",
	}, "; ")
}

func (s *SPA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name != "" && name != "index.html" {
		if st, err := fs.Stat(s.files, name); err == nil && !st.IsDir() {
			s.serveFile(w, r, name)
			return
		}
		if strings.HasPrefix(name, "assets/") || isStaticExt(path.Ext(name)) {
			// A missing hashed asset (an old tab after a deploy) must not get HTML.
			http.NotFound(w, r)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", s.csp)
	h.Set("ETag", s.etag)
	h.Add("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == s.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := s.index
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = s.indexGz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

func isStaticExt(ext string) bool {
	switch ext {
	case ".js", ".css", ".map", ".png", ".svg", ".ico", ".woff", ".woff2", ".ttf", ".json", ".txt", ".webmanifest":
		return true
	}
	return false
}

func (s *SPA) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	h := w.Header()
	if strings.HasPrefix(name, "assets/") {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)
	if compressible(ctype) {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			if gz, err := s.gzipped(name); err == nil {
				h.Set("Content-Encoding", "gzip")
				http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(gz))
				return
			}
		}
	}
	data, err := fs.ReadFile(s.files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

func (s *SPA) gzipped(name string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.gz[name]; ok {
		return b, nil
	}
	data, err := fs.ReadFile(s.files, name)
	if err != nil {
		return nil, err
	}
	b := gzipBytes(data)
	s.gz[name] = b
	return b, nil
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg") || strings.Contains(ctype, "wasm")
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}
