package httpx_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

func TestRoutesRecordsAndWraps(t *testing.T) {
	mux := http.NewServeMux()
	rs := httpx.NewRoutes(mux)
	var order []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	rs.Wrap("POST /api/things/{id}/join", mw("outer"))
	rs.Wrap("POST /api/things/{id}/join", mw("inner"))
	var m httpx.Mux = rs // what packages register on
	m.HandleFunc("GET /api/things", func(w http.ResponseWriter, r *http.Request) { order = append(order, "list") })
	m.Handle("POST /api/things/{id}/join", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		order = append(order, "join "+r.PathValue("id"))
	}))
	if got, want := rs.Patterns(), []string{"GET /api/things", "POST /api/things/{id}/join"}; !slices.Equal(got, want) {
		t.Fatalf("Patterns = %q, want %q", got, want)
	}
	if err := rs.Check(); err != nil {
		t.Fatalf("Check = %v", err)
	}
	mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/api/things/7/join", nil))
	mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/things", nil))
	if want := []string{"outer", "inner", "join 7", "list"}; !slices.Equal(order, want) {
		t.Fatalf("ran %q, want %q", order, want)
	}

	rs.Wrap("POST /api/renamed", mw("x"))
	if err := rs.Check(); err == nil || !strings.Contains(err.Error(), "POST /api/renamed") {
		t.Fatalf("Check with a wrap for a missing route = %v, want it named", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Wrap after the route was registered did not panic")
		}
	}()
	rs.Wrap("GET /api/things", mw("late"))
}

func TestLimitBody(t *testing.T) {
	var read int
	var readErr error
	h := httpx.LimitBody(10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 100)
		for {
			n, err := r.Body.Read(buf)
			read += n
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr = err
				}
				break
			}
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	// Declared too long: refused before the handler.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 11))))
	if rec.Code != http.StatusRequestEntityTooLarge || read != 0 || !strings.Contains(rec.Body.String(), "larger than 10 bytes") {
		t.Fatalf("Content-Length 11: %d %q (handler read %d), want 413 before the handler", rec.Code, rec.Body.String(), read)
	}
	// Undeclared (chunked): the read stops at the cap.
	req := httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 50)))
	req.ContentLength = -1
	h.ServeHTTP(httptest.NewRecorder(), req)
	if read != 10 || readErr == nil {
		t.Fatalf("chunked 50 bytes: handler read %d (err %v), want 10 then an error", read, readErr)
	}
	// Within the cap: untouched.
	read, readErr = 0, nil
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader("0123456789")))
	if rec.Code != http.StatusNoContent || read != 10 || readErr != nil {
		t.Fatalf("10 bytes: %d, read %d, err %v", rec.Code, read, readErr)
	}
}
