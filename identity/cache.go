package identity

import (
	"crypto/sha256"
	"sync"
	"time"
)

// sessionCache remembers Kratos's whoami answers briefly, keyed by a SHA-256
// of the credential (the raw cookie or token is never kept), so that not
// every request calls Kratos. It holds only who the session belongs to;
// roles are read from the database on every request. A nil session is cached
// too (an invalid or signed-out credential). Each node has its own cache;
// the cost is that a session revoked in Kratos keeps working here for up to
// ttl.
type sessionCache struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu      sync.Mutex
	entries map[[32]byte]cacheEntry
}

type cacheEntry struct {
	sess    *session // nil: no valid session
	expires time.Time
}

func newSessionCache(ttl time.Duration, max int) *sessionCache {
	return &sessionCache{ttl: ttl, max: max, now: time.Now, entries: make(map[[32]byte]cacheEntry)}
}

func cacheKey(c credential) [32]byte {
	if c.token != "" {
		return sha256.Sum256([]byte("token\x00" + c.token))
	}
	return sha256.Sum256([]byte("cookie\x00" + c.cookie))
}

// get returns the cached answer for key; ok is false on a miss.
func (c *sessionCache) get(key [32]byte) (sess *session, ok bool) {
	if c.ttl <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	if !c.now().Before(e.expires) {
		delete(c.entries, key)
		return nil, false
	}
	return e.sess, true
}

// put caches sess (possibly nil) for key, never past the session's own expiry.
func (c *sessionCache) put(key [32]byte, sess *session) {
	if c.ttl <= 0 || c.max <= 0 {
		return
	}
	now := c.now()
	expires := now.Add(c.ttl)
	if sess != nil && !sess.ExpiresAt.IsZero() && sess.ExpiresAt.Before(expires) {
		expires = sess.ExpiresAt
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; !ok && len(c.entries) >= c.max {
		c.evict(now)
	}
	c.entries[key] = cacheEntry{sess: sess, expires: expires}
}

// evict makes room: first drop expired entries; if that frees less than a
// tenth of the cache, drop arbitrary ones (map order) until it does.
func (c *sessionCache) evict(now time.Time) {
	for k, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, k)
		}
	}
	target := c.max - max(c.max/10, 1)
	for k := range c.entries {
		if len(c.entries) <= target {
			break
		}
		delete(c.entries, k)
	}
}

// len is the number of entries (tests).
func (c *sessionCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
