// Package ratelimit counts requests per key (a client address, a user, an
// email) in token buckets and refuses the ones over the limit with 429. The
// buckets live in this process: with several app nodes each node counts on
// its own (docs/decisions.md).
package ratelimit

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Rate is how many requests one key may make: Burst at once, and Burst per
// Per after that (one every Per/Burst). The zero Rate sets no limit.
type Rate struct {
	Burst int
	Per   time.Duration
}

// Off reports whether r sets no limit.
func (r Rate) Off() bool { return r.Burst <= 0 || r.Per <= 0 }

// String writes r as ParseRate reads it.
func (r Rate) String() string {
	if r.Off() {
		return "off"
	}
	per := r.Per.String()
	switch {
	case r.Per%time.Hour == 0:
		per = strconv.Itoa(int(r.Per/time.Hour)) + "h"
	case r.Per%time.Minute == 0:
		per = strconv.Itoa(int(r.Per/time.Minute)) + "m"
	}
	return strconv.Itoa(r.Burst) + "/" + per
}

// Set reads s into r (flag.Value).
func (r *Rate) Set(s string) error {
	v, err := ParseRate(s)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// ParseRate reads "N/duration" ("20/1m": 20 at once, then 20 a minute) or
// "off" (no limit).
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return Rate{}, nil
	}
	n, per, ok := strings.Cut(s, "/")
	if !ok {
		return Rate{}, fmt.Errorf("%q is not N/duration (e.g. 20/1m) or off", s)
	}
	burst, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || burst < 1 || burst > 1_000_000 {
		return Rate{}, fmt.Errorf("%q: the count must be a whole number from 1 to 1000000", s)
	}
	d, err := time.ParseDuration(strings.TrimSpace(per))
	if err != nil || d < time.Second || d > 24*time.Hour {
		return Rate{}, fmt.Errorf("%q: the period must be a duration from 1s to 24h", s)
	}
	return Rate{Burst: burst, Per: d}, nil
}

// DefaultMaxKeys bounds the buckets a Limiter keeps.
const DefaultMaxKeys = 100_000

// Options are a Limiter's settings besides its rate.
type Options struct {
	Now     func() time.Time // default time.Now
	MaxKeys int              // buckets kept at most (default DefaultMaxKeys)
}

// Limiter is a token bucket per key. Buckets that have filled up again are
// dropped (they are the same as a new one), so memory follows the keys
// active in the last Per, and never exceeds MaxKeys buckets.
type Limiter struct {
	rate    Rate
	every   time.Duration // one token back every
	now     func() time.Time
	maxKeys int

	mu      sync.Mutex
	buckets map[string]bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// New returns a limiter of rate (no limit when rate is Off).
func New(rate Rate, o Options) *Limiter {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxKeys <= 0 {
		o.MaxKeys = DefaultMaxKeys
	}
	l := &Limiter{rate: rate, now: o.Now, maxKeys: o.MaxKeys, buckets: map[string]bucket{}}
	if !rate.Off() {
		l.every = rate.Per / time.Duration(rate.Burst)
	}
	return l
}

// Rate is the limiter's rate.
func (l *Limiter) Rate() Rate { return l.rate }

// Allow takes a token from key's bucket: it returns 0 when the request may
// go ahead, else how long until the bucket has a token again.
func (l *Limiter) Allow(key string) time.Duration {
	if l.rate.Off() {
		return 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) >= l.rate.Per {
		l.sweep(now)
	}
	b, ok := l.buckets[key]
	if ok {
		b = l.refill(b, now)
	} else {
		if len(l.buckets) >= l.maxKeys {
			l.makeRoom(now)
		}
		b = bucket{tokens: float64(l.rate.Burst), at: now}
	}
	if b.tokens >= 1 {
		b.tokens--
		l.buckets[key] = b
		return 0
	}
	l.buckets[key] = b
	return time.Duration(math.Ceil((1 - b.tokens) * float64(l.every)))
}

// refill adds the tokens earned since b was last seen.
func (l *Limiter) refill(b bucket, now time.Time) bucket {
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(float64(l.rate.Burst), b.tokens+float64(elapsed)/float64(l.every))
		b.at = now
	}
	return b
}

// sweep drops the buckets that are full again.
func (l *Limiter) sweep(now time.Time) {
	l.swept = now
	for k, b := range l.buckets {
		if l.refill(b, now).tokens >= float64(l.rate.Burst) {
			delete(l.buckets, k)
		}
	}
}

// makeRoom frees a bucket for a new key: full ones first, else any (its key
// starts afresh when it comes back; memory stays bounded under a flood of
// new keys).
func (l *Limiter) makeRoom(now time.Time) {
	l.sweep(now)
	for k := range l.buckets {
		if len(l.buckets) < l.maxKeys {
			return
		}
		delete(l.buckets, k)
	}
}

// Middleware refuses a request with 429 once the bucket of key(r) is empty;
// what names the requests in the message ("collaboration tickets"). A
// request whose key is "" is not counted.
func (l *Limiter) Middleware(what string, key func(*http.Request) string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if k := key(r); k != "" {
				if wait := l.Allow(k); wait > 0 {
					Refuse(w, r, wait, what)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Refuse answers 429 with Retry-After and a JSON error that says what was
// limited and when to try again.
func Refuse(w http.ResponseWriter, r *http.Request, wait time.Duration, what string) {
	when := RetryAfter(w, wait)
	httpx.Logger(r.Context()).Info("rate limited", "what", what, "method", r.Method, "path", r.URL.Path, "retry_after", when)
	httpx.Error(w, r, httpx.Detail(httpx.ErrRateLimited, "too many %s; try again in %s", what, when))
}

// RetryAfter sets the Retry-After header to wait (whole seconds, rounded
// up) and returns the wait in words ("40 seconds").
func RetryAfter(w http.ResponseWriter, wait time.Duration) string {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return inWords(secs)
}

// inWords says a wait of secs seconds the way people do.
func inWords(secs int) string {
	switch {
	case secs == 1:
		return "a second"
	case secs < 90:
		return strconv.Itoa(secs) + " seconds"
	default:
		return strconv.Itoa((secs+59)/60) + " minutes"
	}
}
