package httpx

import (
	"fmt"
	"net/http"
	"slices"
)

// Mux is where a package registers its routes: an *http.ServeMux, or
// Routes, which also remembers them.
type Mux interface {
	Handle(pattern string, handler http.Handler)
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}

// Routes registers routes on a ServeMux and remembers their patterns, so
// that the app can list every route it serves (a test checks each one
// against the authorization table) and put middleware in front of chosen
// routes by pattern (rate limits) without the owning package knowing.
type Routes struct {
	mux      *http.ServeMux
	patterns []string
	wrap     map[string]func(http.Handler) http.Handler
}

// NewRoutes returns Routes registering on mux.
func NewRoutes(mux *http.ServeMux) *Routes {
	return &Routes{mux: mux, wrap: map[string]func(http.Handler) http.Handler{}}
}

// Wrap puts mw in front of the route registered with exactly pattern. It
// must be called before that route is registered; Check reports a Wrap
// whose pattern was never registered (a renamed route).
func (rs *Routes) Wrap(pattern string, mw func(http.Handler) http.Handler) {
	if slices.Contains(rs.patterns, pattern) {
		panic(fmt.Sprintf("httpx: Wrap(%q) after the route was registered", pattern))
	}
	if prev, ok := rs.wrap[pattern]; ok {
		rs.wrap[pattern] = func(h http.Handler) http.Handler { return prev(mw(h)) }
		return
	}
	rs.wrap[pattern] = mw
}

// Handle registers h for pattern (behind its Wrap middleware, if any).
func (rs *Routes) Handle(pattern string, h http.Handler) {
	if mw, ok := rs.wrap[pattern]; ok {
		h = mw(h)
	}
	rs.mux.Handle(pattern, h) // panics on a conflicting pattern, as ServeMux does
	rs.patterns = append(rs.patterns, pattern)
}

// HandleFunc registers f for pattern.
func (rs *Routes) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	rs.Handle(pattern, http.HandlerFunc(f))
}

// Patterns returns the registered patterns in the order of registration.
func (rs *Routes) Patterns() []string { return slices.Clone(rs.patterns) }

// Check returns an error naming every pattern given to Wrap that no route
// was registered with: its middleware protects nothing.
func (rs *Routes) Check() error {
	var missing []string
	for p := range rs.wrap {
		if !slices.Contains(rs.patterns, p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("httpx: middleware for routes that do not exist: %q", missing)
	}
	return nil
}
