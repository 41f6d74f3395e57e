package identity

import (
	"strings"
	"testing"
	"time"
)

func TestSessionCache(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	c := newSessionCache(30*time.Second, 100)
	c.now = func() time.Time { return now }
	tok := cacheKey(credential{token: "abc"})
	if cacheKey(credential{cookie: "abc"}) == tok {
		t.Error("a cookie and a token with the same text share a cache key")
	}

	s := &session{ID: "s1", Identity: &Identity{ID: "i1"}, ExpiresAt: now.Add(time.Hour)}
	c.put(tok, s)
	if got, ok := c.get(tok); !ok || got != s {
		t.Fatalf("get after put = %v, %v", got, ok)
	}
	now = now.Add(30 * time.Second)
	if _, ok := c.get(tok); ok {
		t.Error("entry still served after the TTL")
	}

	// Never past the session's own expiry.
	short := &session{ID: "s2", Identity: &Identity{ID: "i2"}, ExpiresAt: now.Add(5 * time.Second)}
	c.put(tok, short)
	now = now.Add(6 * time.Second)
	if _, ok := c.get(tok); ok {
		t.Error("entry served after the session expired")
	}

	// Negative answers are cached.
	bad := cacheKey(credential{token: "bad"})
	c.put(bad, nil)
	if got, ok := c.get(bad); !ok || got != nil {
		t.Errorf("negative entry: %v, %v", got, ok)
	}

	// Bounded: filling past max evicts.
	for i := range 1000 {
		c.put(cacheKey(credential{token: string(rune(i)) + "x"}), s)
		if n := c.len(); n > 100 {
			t.Fatalf("cache holds %d entries, max 100", n)
		}
	}

	// TTL ≤ 0 disables caching.
	off := newSessionCache(-1, 100)
	off.put(tok, s)
	if _, ok := off.get(tok); ok {
		t.Error("disabled cache served an entry")
	}
}

func TestValidation(t *testing.T) {
	for _, id := range []string{fakeID(), "9f8c2a44-0b1e-4f3a-a5a8-1b2c3d4e5f60"} {
		if !validIdentityID(id) {
			t.Errorf("validIdentityID(%q) = false", id)
		}
	}
	for _, id := range []string{"", "x", "9f8c2a44-0b1e-4f3a-a5a8-1b2c3d4e5f6", "9f8c2a44x0b1e-4f3a-a5a8-1b2c3d4e5f60", "9f8c2a44-0b1e-4f3a-a5a8-1b2c3d4e5g60"} {
		if validIdentityID(id) {
			t.Errorf("validIdentityID(%q) = true", id)
		}
	}
	for in, want := range map[string]string{
		"https://a.example/p.png": "https://a.example/p.png", "http://a/b": "http://a/b",
		"javascript:alert(1)": "", "data:image/png;base64,xx": "", "/relative.png": "", "": "",
	} {
		if got := avatarURL(in); got != want {
			t.Errorf("avatarURL(%q) = %q, want %q", in, got, want)
		}
	}
	if got := displayName(Traits{Email: "Ada@Example.test"}); got != "ada" {
		t.Errorf("displayName without a name = %q, want the email's local part", got)
	}
	long := displayName(Traits{Name: strings.Repeat("é", 150)})
	if len([]rune(long)) > 100 {
		t.Errorf("displayName kept %d runes, want ≤ 100", len([]rune(long)))
	}
	for _, s := range []string{"candidate", "interviewer", "admin", " admin "} {
		if _, err := ParseRole(s); err != nil {
			t.Errorf("ParseRole(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "Admin", "root"} {
		if _, err := ParseRole(s); err == nil {
			t.Errorf("ParseRole(%q) = nil error", s)
		}
	}
}
