package identity

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Erasing a person (GDPR art. 17): DeleteUser removes their Kratos identity
// (which ends their sessions), asks every other domain to erase what it
// keeps about them (Config.EraseElsewhere, wired by internal/app), deletes
// their user document, and keeps an erasure record in ErasuresCollection:
// who erased whom and when, and how much each domain erased, with no name
// or email. The record is also the tombstone that stops a cached session or
// a late registration hook from making the user again (docs/decisions.md).

// ErasuresCollection holds one ErasureRecord per erased user, _id = the
// erased user's id (an opaque Kratos id that names no one once erased).
const ErasuresCollection = "erasures"

// Collections lists identity's collections, all read by exact _id on hot
// paths (users by id, the erasure tombstone by the id of a session's
// identity).
func Collections() []string { return []string{UsersCollection, ErasuresCollection} }

// DeletedUserName is how a person who was erased is shown where what they
// wrote is kept (comments, chat).
const DeletedUserName = "Deleted user"

// Erasure states.
const (
	ErasureStarted   = "started"   // the person can no longer sign in; some data may remain (a retry resumes)
	ErasureCompleted = "completed" // every domain erased what it keeps
)

// Counts is what one domain erased: what (e.g. "interviews deleted") → how many.
type Counts map[string]int64

// ErasureRecord is the record of one erasure. It holds no personal data of
// the erased person beyond their opaque id.
type ErasureRecord struct {
	UserID      string            `bson:"_id" json:"userId"`
	Role        Role              `bson:"role" json:"role"` // the role they had
	By          string            `bson:"by" json:"by"`     // the admin who erased them (user id)
	State       string            `bson:"state" json:"state"`
	RequestedAt time.Time         `bson:"requestedAt" json:"requestedAt"`
	CompletedAt *time.Time        `bson:"completedAt,omitempty" json:"completedAt,omitempty"`
	Counts      map[string]Counts `bson:"counts" json:"counts"` // by domain
}

// Erasure is what a domain is asked to erase about a person: everything it
// keeps under their id, and every interview in Interviews whole (those the
// person was the candidate of: they are about them). Schedule decides the
// interviews (internal/app asks it first).
type Erasure struct {
	UserID     string
	Interviews []string
	// Kept are the interviews that stay which they are on (as interviewer
	// or owner): rooms takes them out of those calls.
	Kept []string
}

// Sentinels of DeleteUser.
var (
	ErrDeleteSelf = httpx.Detail(httpx.ErrConflict, "you cannot delete your own account; ask another admin")
	ErrErased     = httpx.Detail(httpx.ErrConflict, "this account was deleted")
)

// DeleteUser erases user id everywhere and returns the erasure record. It
// needs PermManageUsers; an admin cannot delete themself. A failure part
// way leaves a record in state started, and the person unable to sign in;
// calling DeleteUser again resumes (every step is idempotent).
func (s *Service) DeleteUser(ctx context.Context, id string) (ErasureRecord, error) {
	if err := Authorize(ctx, PermManageUsers); err != nil {
		return ErasureRecord{}, err
	}
	p, _ := PrincipalFrom(ctx)
	if id == p.ID {
		return ErasureRecord{}, ErrDeleteSelf
	}
	if !validIdentityID(id) {
		return ErasureRecord{}, ErrUserNotFound
	}
	rec, err := s.beginErasure(ctx, id, p.ID)
	if err != nil {
		return ErasureRecord{}, err
	}
	log := s.logger.With("user_id", id, "by", p.ID)
	// Kratos first: from now on the person can neither sign in nor use a
	// session (its sessions go with the identity), so they cannot add data
	// while the domains erase.
	if err := s.kratos.deleteIdentity(ctx, id); err != nil {
		return ErasureRecord{}, err
	}
	s.sessions.forget(id)
	// Their user document next: every node reads it on every request, and
	// without it (and with the tombstone) no session acts for them.
	if err := s.store.delete(ctx, id); err != nil {
		return ErasureRecord{}, err
	}
	counts := Counts{"users": 1}
	if s.eraseElsewhere != nil {
		more, err := s.eraseElsewhere(ctx, id)
		if err != nil {
			log.ErrorContext(ctx, "erasure incomplete; deleting the user again resumes it", "err", err)
			return ErasureRecord{}, fmt.Errorf("identity: erase user %s: %w", id, err)
		}
		for domain, c := range more {
			rec.Counts[domain] = c
		}
	}
	rec.Counts["identity"] = counts
	now := s.now().UTC().Truncate(time.Millisecond)
	rec.State, rec.CompletedAt = ErasureCompleted, &now
	if _, err := s.erasures().ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, rec); err != nil {
		return ErasureRecord{}, fmt.Errorf("identity: complete erasure record: %w", err)
	}
	log.InfoContext(ctx, "user erased", "counts", rec.Counts)
	if s.changed != nil {
		s.changed(id) // what they hold open ends (collab closes their sockets on every node)
	}
	return rec, nil
}

// beginErasure stores the erasure record (state started) of user id, or
// returns the one a failed attempt left; ErrUserNotFound when there is
// neither a user nor an unfinished erasure.
func (s *Service) beginErasure(ctx context.Context, id, by string) (ErasureRecord, error) {
	s.roleMu.Lock() // the last-admin rule of changeRole holds here too
	defer s.roleMu.Unlock()
	old, err := s.erasure(ctx, id)
	switch {
	case err == nil && old.State != ErasureCompleted:
		old.By = by
		if old.Counts == nil {
			old.Counts = map[string]Counts{}
		}
		return old, nil // resume
	case err == nil:
		return ErasureRecord{}, ErrUserNotFound
	case !errors.Is(err, ErrUserNotFound):
		return ErasureRecord{}, err
	}
	u, err := s.store.get(ctx, id)
	if err != nil {
		return ErasureRecord{}, err
	}
	if u.Role == RoleAdmin {
		n, err := s.store.countRole(ctx, RoleAdmin)
		if err != nil {
			return ErasureRecord{}, err
		}
		if n <= 1 {
			return ErasureRecord{}, ErrLastAdmin
		}
	}
	rec := ErasureRecord{UserID: id, Role: u.Role, By: by, State: ErasureStarted,
		RequestedAt: s.now().UTC().Truncate(time.Millisecond), Counts: map[string]Counts{}}
	if _, err := s.erasures().InsertOne(ctx, rec); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return ErasureRecord{}, httpx.Detail(httpx.ErrConflict, "this user is being deleted already")
		}
		return ErasureRecord{}, fmt.Errorf("identity: store erasure record: %w", err)
	}
	return rec, nil
}

func (s *Service) erasures() *mongo.Collection {
	return s.store.c.Database().Collection(ErasuresCollection)
}

// erasure returns the erasure record of user id, or ErrUserNotFound.
func (s *Service) erasure(ctx context.Context, id string) (ErasureRecord, error) {
	var rec ErasureRecord
	err := s.erasures().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&rec)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return ErasureRecord{}, ErrUserNotFound
	}
	if err != nil {
		return ErasureRecord{}, fmt.Errorf("identity: load erasure record: %w", err)
	}
	return rec, nil
}

// erased reports whether user id was erased (or is being erased).
func (s *Service) erased(ctx context.Context, id string) (bool, error) {
	_, err := s.erasure(ctx, id)
	if errors.Is(err, ErrUserNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Erasures returns the erasure records, newest first (at most 500). It
// needs PermManageUsers.
func (s *Service) Erasures(ctx context.Context) ([]ErasureRecord, error) {
	if err := Authorize(ctx, PermManageUsers); err != nil {
		return nil, err
	}
	cur, err := s.erasures().Find(ctx, bson.D{}, options.Find().
		SetSort(bson.D{{Key: "requestedAt", Value: -1}, {Key: "_id", Value: 1}}).SetLimit(500))
	if err != nil {
		return nil, fmt.Errorf("identity: list erasures: %w", err)
	}
	out := []ErasureRecord{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("identity: read erasures: %w", err)
	}
	return out, nil
}

// delete removes user id's document; a missing one is not an error (a
// resumed erasure).
func (s *store) delete(ctx context.Context, id string) error {
	if _, err := s.c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("identity: delete user %s: %w", id, err)
	}
	return nil
}

// deleteIdentity deletes Kratos identity id with its credentials and
// sessions; one already gone is not an error.
func (k *kratos) deleteIdentity(ctx context.Context, id string) error {
	err := k.admin(ctx, http.MethodDelete, "/admin/identities/"+url.PathEscape(id), nil, http.StatusNoContent, nil)
	if errors.Is(err, errIdentityNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("identity: delete Kratos identity %s: %w", id, err)
	}
	return nil
}

// forget drops the cached sessions of identity id.
func (c *sessionCache) forget(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.sess != nil && e.sess.Identity != nil && e.sess.Identity.ID == id {
			delete(c.entries, k)
		}
	}
}
