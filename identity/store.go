package identity

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/database"
)

// UsersCollection holds one User document per person, _id = Kratos identity id.
const UsersCollection = "users"

// Indexes are the indexes of the users collection, for database.Migrate.
func Indexes() []database.Index {
	return []database.Index{
		{Collection: UsersCollection, Name: "email_unique", Keys: bson.D{{Key: "email", Value: 1}}, Unique: true},
	}
}

// store reads and writes the users collection. Hot paths (every request)
// look users up by _id only, the one lookup FerretDB does not filter in Go.
type store struct {
	c *mongo.Collection
}

func newStore(db *mongo.Database) *store {
	return &store{c: db.Collection(UsersCollection)}
}

// get returns the user with id, or ErrUserNotFound.
func (s *store) get(ctx context.Context, id string) (User, error) {
	var u User
	err := s.c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&u)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return User{}, ErrUserNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: load user %s: %w", id, err)
	}
	return u, nil
}

// byEmail returns the user with the (normalized) email, or ErrUserNotFound.
func (s *store) byEmail(ctx context.Context, email string) (User, error) {
	var u User
	err := s.c.FindOne(ctx, bson.D{{Key: "email", Value: email}}).Decode(&u)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return User{}, ErrUserNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: find user by email: %w", err)
	}
	return u, nil
}

// insertIfMissing stores u unless a user with u.ID exists, and returns the
// stored user either way: an existing user is never changed. Another user
// with the same email gives ErrEmailTaken.
func (s *store) insertIfMissing(ctx context.Context, u User) (User, error) {
	update := bson.D{{Key: "$setOnInsert", Value: bson.D{
		{Key: "email", Value: u.Email},
		{Key: "name", Value: u.Name},
		{Key: "avatarUrl", Value: u.AvatarURL},
		{Key: "role", Value: u.Role},
		{Key: "createdAt", Value: u.CreatedAt},
		{Key: "updatedAt", Value: u.UpdatedAt},
	}}}
	opts := options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)
	var out User
	err := s.c.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: u.ID}}, update, opts).Decode(&out)
	if err == nil {
		return out, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return User{}, fmt.Errorf("identity: create user %s: %w", u.ID, err)
	}
	// Either a concurrent insert of the same id won (then it is there now) or
	// the email belongs to another id.
	existing, gerr := s.get(ctx, u.ID)
	if gerr == nil {
		return existing, nil
	}
	if errors.Is(gerr, ErrUserNotFound) {
		return User{}, ErrEmailTaken
	}
	return User{}, gerr
}

// setRole changes id's role and returns the updated user.
func (s *store) setRole(ctx context.Context, id string, role Role, now time.Time) (User, error) {
	return s.update(ctx, id, bson.D{{Key: "role", Value: role}, {Key: "updatedAt", Value: now}})
}

// setProfile copies the profile fields Kratos owns (email, name, avatar).
func (s *store) setProfile(ctx context.Context, u User, now time.Time) (User, error) {
	out, err := s.update(ctx, u.ID, bson.D{
		{Key: "email", Value: u.Email}, {Key: "name", Value: u.Name}, {Key: "avatarUrl", Value: u.AvatarURL},
		{Key: "updatedAt", Value: now},
	})
	if mongo.IsDuplicateKeyError(err) {
		return User{}, ErrEmailTaken
	}
	return out, err
}

func (s *store) update(ctx context.Context, id string, set bson.D) (User, error) {
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After)
	var out User
	err := s.c.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}, opts).Decode(&out)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return User{}, ErrUserNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: update user %s: %w", id, err)
	}
	return out, nil
}

// countRole counts the users with role.
func (s *store) countRole(ctx context.Context, role Role) (int64, error) {
	n, err := s.c.CountDocuments(ctx, bson.D{{Key: "role", Value: role}})
	if err != nil {
		return 0, fmt.Errorf("identity: count %s users: %w", role, err)
	}
	return n, nil
}

// list returns one page of users matching q, sorted by name (byte order; the
// embedded FerretDB has no collations) and then id, plus the total matching.
// FerretDB answers this by scanning the collection, which is fine for an
// admin page over thousands of users; MongoDB can use the email index only
// for exact matches, so it scans too.
func (s *store) list(ctx context.Context, q ListQuery) ([]User, int64, error) {
	filter := bson.D{}
	if q.Role != "" {
		filter = append(filter, bson.E{Key: "role", Value: q.Role})
	}
	if q.Q != "" {
		re := bson.D{{Key: "$regex", Value: regexp.QuoteMeta(q.Q)}, {Key: "$options", Value: "i"}}
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "name", Value: re}},
			bson.D{{Key: "email", Value: re}},
		}})
	}
	total, err := s.c.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, fmt.Errorf("identity: count users: %w", err)
	}
	opts := options.Find().
		SetSort(bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(int64((q.Page - 1) * q.PageSize)).
		SetLimit(int64(q.PageSize))
	cur, err := s.c.Find(ctx, filter, opts)
	if err != nil {
		return nil, 0, fmt.Errorf("identity: list users: %w", err)
	}
	users := []User{}
	if err := cur.All(ctx, &users); err != nil {
		return nil, 0, fmt.Errorf("identity: read users: %w", err)
	}
	return users, total, nil
}
