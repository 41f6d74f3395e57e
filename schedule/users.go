package schedule

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// userCache keeps users for a short while: every interview JSON names
// several people, and a dashboard shows up to 150 interviews.
type userCache struct {
	users Users
	ttl   time.Duration
	mu    sync.RWMutex
	m     map[string]cachedUser
}

type cachedUser struct {
	u   identity.User
	exp time.Time
}

func newUserCache(u Users, ttl time.Duration) *userCache {
	return &userCache{users: u, ttl: ttl, m: map[string]cachedUser{}}
}

// get returns the user, or an error wrapping httpx.ErrNotFound.
func (c *userCache) get(ctx context.Context, id string) (identity.User, error) {
	now := time.Now()
	c.mu.RLock()
	e, ok := c.m[id]
	c.mu.RUnlock()
	if ok && now.Before(e.exp) {
		return e.u, nil
	}
	u, err := c.users.User(ctx, id)
	if err != nil {
		return identity.User{}, err
	}
	c.mu.Lock()
	if len(c.m) > 100_000 {
		c.m = map[string]cachedUser{}
	}
	c.m[id] = cachedUser{u: u, exp: now.Add(c.ttl)}
	c.mu.Unlock()
	return u, nil
}

// fresh reads the user past the cache (validation needs the current role).
func (c *userCache) fresh(ctx context.Context, id string) (identity.User, error) {
	c.mu.Lock()
	delete(c.m, id)
	c.mu.Unlock()
	return c.get(ctx, id)
}

// forget drops user id from the cache (they were erased).
func (c *userCache) forget(id string) {
	c.mu.Lock()
	delete(c.m, id)
	c.mu.Unlock()
}

// json shows a user; one that no longer exists is shown by id, and the
// empty id (what an erased person wrote, kept) as "Deleted user".
func (c *userCache) json(ctx context.Context, id string) UserJSON {
	if id == "" {
		return UserJSON{Name: identity.DeletedUserName}
	}
	u, err := c.get(ctx, id)
	if err != nil {
		if !errors.Is(err, httpx.ErrNotFound) {
			httpx.Logger(ctx).Warn("schedule: load user", "id", id, "err", err)
		}
		return UserJSON{ID: id, Name: "Unknown user"}
	}
	return UserJSON{ID: u.ID, Name: u.Name, Email: u.Email, AvatarURL: u.AvatarURL}
}
