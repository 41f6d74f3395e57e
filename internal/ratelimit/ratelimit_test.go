package ratelimit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a fake clock tests move by hand.
type clock struct{ t atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.t.Store(time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *clock) now() time.Time          { return time.Unix(0, c.t.Load()) }
func (c *clock) advance(d time.Duration) { c.t.Add(int64(d)) }

func TestParseRate(t *testing.T) {
	good := map[string]Rate{
		"20/1m":    {20, time.Minute},
		" 5 / 10s": {5, 10 * time.Second},
		"60/10m":   {60, 10 * time.Minute},
		"100/24h":  {100, 24 * time.Hour},
		"off":      {},
	}
	for in, want := range good {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
		if again, err := ParseRate(got.String()); err != nil || again != want {
			t.Errorf("ParseRate(%q.String() = %q) = %v, %v; want it back", in, got.String(), again, err)
		}
	}
	for _, in := range []string{"", "20", "0/1m", "-1/1m", "x/1m", "20/", "20/1ms", "20/25h", "20/soon", "on"} {
		if r, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) = %v, want an error", in, r)
		}
	}
	if s := (Rate{20, 10 * time.Minute}).String(); s != "20/10m" {
		t.Errorf("String = %q, want 20/10m", s)
	}
	if s := (Rate{3, 90 * time.Second}).String(); s != "3/1m30s" {
		t.Errorf("String = %q, want 3/1m30s", s)
	}
}

func TestBucket(t *testing.T) {
	c := newClock()
	l := New(Rate{Burst: 3, Per: 3 * time.Second}, Options{Now: c.now})
	for i := range 3 {
		if wait := l.Allow("a"); wait != 0 {
			t.Fatalf("request %d of the burst refused (wait %v)", i+1, wait)
		}
	}
	if wait := l.Allow("a"); wait != time.Second {
		t.Fatalf("4th request: wait %v, want 1s (one token a second)", wait)
	}
	if wait := l.Allow("b"); wait != 0 {
		t.Fatalf("another key was refused: %v", wait)
	}
	c.advance(400 * time.Millisecond)
	if wait := l.Allow("a"); wait != 600*time.Millisecond {
		t.Fatalf("0.4 s later: wait %v, want 600ms", wait)
	}
	c.advance(600 * time.Millisecond)
	if wait := l.Allow("a"); wait != 0 {
		t.Fatalf("a second after the refusal: wait %v, want a token", wait)
	}
	if wait := l.Allow("a"); wait == 0 {
		t.Fatal("the token was spent twice")
	}
	// A long pause fills the bucket, but not above the burst.
	c.advance(time.Hour)
	for i := range 3 {
		if wait := l.Allow("a"); wait != 0 {
			t.Fatalf("after an hour, request %d refused", i+1)
		}
	}
	if wait := l.Allow("a"); wait == 0 {
		t.Fatal("the bucket held more than its burst")
	}
}

// Steady use at the refill rate is never refused.
func TestSteadyUseIsNotLimited(t *testing.T) {
	c := newClock()
	l := New(Rate{Burst: 10, Per: time.Minute}, Options{Now: c.now})
	for i := range 1000 {
		if wait := l.Allow("user"); wait != 0 {
			t.Fatalf("request %d at 10 a minute refused (wait %v)", i, wait)
		}
		c.advance(6 * time.Second)
	}
}

func TestOffNeverLimits(t *testing.T) {
	l := New(Rate{}, Options{})
	for range 10_000 {
		if l.Allow("k") != 0 {
			t.Fatal("an Off rate refused")
		}
	}
}

func TestMemoryIsBounded(t *testing.T) {
	c := newClock()
	l := New(Rate{Burst: 2, Per: time.Minute}, Options{Now: c.now, MaxKeys: 100})
	for i := range 1000 {
		l.Allow(fmt.Sprint("ip-", i))
	}
	if n := len(l.buckets); n > 100 {
		t.Fatalf("%d buckets kept, want at most 100", n)
	}
	// Buckets that filled up again are dropped at the next sweep.
	c.advance(time.Minute)
	l.Allow("late")
	if n := len(l.buckets); n != 1 {
		t.Fatalf("%d buckets after every old one refilled, want 1", n)
	}
	// A key under pressure is kept while others come and go.
	l.Allow("hot")
	l.Allow("hot")
	if l.Allow("hot") == 0 {
		t.Fatal("hot key not limited")
	}
}

func TestConcurrentUseCountsEveryRequest(t *testing.T) {
	l := New(Rate{Burst: 50, Per: time.Hour}, Options{})
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if l.Allow("k") == 0 {
					allowed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if n := allowed.Load(); n != 50 {
		t.Fatalf("%d of 800 concurrent requests allowed, want exactly the burst of 50", n)
	}
}

func TestMiddlewareAnswers429(t *testing.T) {
	c := newClock()
	l := New(Rate{Burst: 2, Per: 90 * time.Second}, Options{Now: c.now})
	var served int
	h := l.Middleware("collaboration tickets", func(r *http.Request) string { return r.Header.Get("X-User") })(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { served++; w.WriteHeader(http.StatusNoContent) }))
	call := func(user string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/api/collab/ticket", nil)
		req.Header.Set("X-User", user)
		h.ServeHTTP(rec, req)
		return rec
	}
	for range 2 {
		if rec := call("ada"); rec.Code != http.StatusNoContent {
			t.Fatalf("within the burst: %d", rec.Code)
		}
	}
	rec := call("ada")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("over the burst: %d, want 429", rec.Code)
	}
	if ra := rec.Header().Get("Retry-After"); ra != "45" {
		t.Errorf("Retry-After = %q, want 45 (one token every 45 s)", ra)
	}
	var body struct{ Error string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("429 body %q is not the JSON error (%v)", rec.Body.String(), err)
	}
	if body.Error != "Too many collaboration tickets; try again in 45 seconds" {
		t.Errorf("error = %q", body.Error)
	}
	if served != 2 {
		t.Errorf("handler ran %d times, want 2 (not for the refused request)", served)
	}
	if rec := call("grace"); rec.Code != http.StatusNoContent {
		t.Errorf("another user: %d, want 204", rec.Code)
	}
	for range 5 {
		if rec := call(""); rec.Code != http.StatusNoContent {
			t.Errorf("a request without a key: %d, want it not counted", rec.Code)
		}
	}
}

func TestInWords(t *testing.T) {
	for secs, want := range map[int]string{1: "a second", 2: "2 seconds", 89: "89 seconds", 90: "2 minutes", 600: "10 minutes", 601: "11 minutes"} {
		if got := inWords(secs); got != want {
			t.Errorf("inWords(%d) = %q, want %q", secs, got, want)
		}
	}
}
