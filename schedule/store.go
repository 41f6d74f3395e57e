package schedule

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/database"
)

// Collections.
const (
	InterviewsCollection    = "interviews"
	CommentsCollection      = "comments"
	NotificationsCollection = "notifications"
	RemindersCollection     = "reminders"
	CountersCollection      = "counters"
	// SnapshotCollection holds the read model's snapshot when it is kept
	// in the database (Config.SnapshotInStore): derived from interviews,
	// never exported.
	SnapshotCollection = "schedule_snapshot"
)

// Collections lists schedule's collections. Every read and write on them is
// by exact _id, so on the embedded FerretDB they want the _id expression
// index (database.DB.EnsureIDIndexes).
func Collections() []string {
	return []string{InterviewsCollection, CommentsCollection, NotificationsCollection, RemindersCollection, CountersCollection}
}

// DerivedCollections are schedule's collections made from the others (the
// read model's snapshot): a backup leaves them out and an import drops
// them, since they describe what the target held before.
func DerivedCollections() []string { return []string{SnapshotCollection} }

// Indexes are schedule's secondary indexes, for database.Migrate. Its hot
// paths read by _id only, so there are none; the function exists so that
// the wiring treats every domain alike.
func Indexes() []database.Index { return nil }

// store is the database side; every lookup is by exact _id (docs/architecture.md §3).
// Interviews are read once at start (the read model lives in memory) and
// written by _id. Comments and notifications are small insert-only
// documents numbered per interview / per user, each number claimed by the
// insert under its _id (database.AppendNumbered); a counter document
// (counters, _id "comments:<interview>" / "notifications:<user>") hints
// where each series ends, so a list is one counter read, a probe past it and
// one _id lookup per item, never a scan.
type store struct {
	counters      *mongo.Collection
	interviews    *mongo.Collection
	comments      *mongo.Collection
	notifications *mongo.Collection
	reminders     *mongo.Collection

	marks marks
}

func newStore(db *mongo.Database) *store {
	return &store{
		counters:      db.Collection(CountersCollection),
		interviews:    db.Collection(InterviewsCollection),
		comments:      db.Collection(CommentsCollection),
		notifications: db.Collection(NotificationsCollection),
		reminders:     db.Collection(RemindersCollection),
	}
}

func (s *store) all(ctx context.Context) ([]*Interview, error) {
	cur, err := s.interviews.Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("schedule: load interviews: %w", err)
	}
	var out []*Interview
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("schedule: load interviews: %w", err)
	}
	return out, nil
}

func (s *store) get(ctx context.Context, id string) (*Interview, error) {
	var iv Interview
	err := s.interviews.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&iv)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("schedule: load interview: %w", err)
	}
	return &iv, nil
}

// writesKey is the counters document that counts interview writes.
const writesKey = "interviews:writes"

// writeMark says how far the interviews were written: N counts the writes
// (each counts itself before it writes, so a write that died half-way
// counts too); Epoch is drawn when the counter is made, so a counter that
// was dropped and made again (an import) never matches an older mark.
type writeMark struct {
	Epoch string `bson:"epoch"`
	N     int64  `bson:"n"`
}

// marks follows the write mark through this node's own writes: from a
// mark the model was known to hold (trust), each write of ours must move
// it by exactly one, else someone else wrote (another process on the same
// database, not linked to this node) and the model may lack it.
type marks struct {
	mu      sync.Mutex
	known   writeMark
	trusted bool
}

// countWrite counts one interview write (before it is made). Writes on
// this node are serialized (Service.writeMu), so ours come one by one.
func (s *store) countWrite(ctx context.Context) error {
	var m writeMark
	var err error
	for range 2 { // two first upserts at once: one gets a duplicate key
		err = s.counters.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: writesKey}},
			bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(1)}}},
				{Key: "$setOnInsert", Value: bson.D{{Key: "epoch", Value: newID()}}}},
			options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&m)
		if !mongo.IsDuplicateKeyError(err) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("schedule: count interview write: %w", err)
	}
	s.marks.mu.Lock()
	defer s.marks.mu.Unlock()
	if s.marks.trusted && m.Epoch == s.marks.known.Epoch && m.N == s.marks.known.N+1 {
		s.marks.known = m
	} else {
		s.marks.trusted = false
	}
	return nil
}

// trust says that the model holds every write up to m.
func (s *store) trust(m writeMark) {
	s.marks.mu.Lock()
	defer s.marks.mu.Unlock()
	s.marks.known, s.marks.trusted = m, true
}

// trustedMark returns the write mark, and whether the model holds every
// write up to it (no one else wrote since it was trusted). Callers hold
// Service.writeMu, so that no write of ours is half-way.
func (s *store) trustedMark(ctx context.Context) (writeMark, bool, error) {
	m, err := s.writeMark(ctx)
	if err != nil {
		return m, false, err
	}
	s.marks.mu.Lock()
	defer s.marks.mu.Unlock()
	return m, s.marks.trusted && s.marks.known == m, nil
}

// writeMark returns the interviews' write mark, making the counter when
// there is none (interviews written around the service, e.g. seeded).
func (s *store) writeMark(ctx context.Context) (writeMark, error) {
	for range 2 {
		var m writeMark
		err := s.counters.FindOne(ctx, bson.D{{Key: "_id", Value: writesKey}}).Decode(&m)
		if err == nil {
			return m, nil
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return writeMark{}, fmt.Errorf("schedule: read the interviews' write mark: %w", err)
		}
		_, err = s.counters.InsertOne(ctx, bson.D{{Key: "_id", Value: writesKey}, {Key: "epoch", Value: newID()}, {Key: "n", Value: int64(0)}})
		if err != nil && !mongo.IsDuplicateKeyError(err) {
			return writeMark{}, fmt.Errorf("schedule: make the interviews' write mark: %w", err)
		}
	}
	return writeMark{}, errors.New("schedule: the interviews' write mark keeps vanishing")
}

func (s *store) insert(ctx context.Context, iv *Interview) error {
	if err := s.countWrite(ctx); err != nil {
		return err
	}
	if _, err := s.interviews.InsertOne(ctx, iv); err != nil {
		return fmt.Errorf("schedule: insert interview: %w", err)
	}
	return nil
}

func (s *store) replace(ctx context.Context, iv *Interview) error {
	if err := s.countWrite(ctx); err != nil {
		return err
	}
	res, err := s.interviews.ReplaceOne(ctx, bson.D{{Key: "_id", Value: iv.ID}}, iv)
	if err != nil {
		return fmt.Errorf("schedule: update interview: %w", err)
	}
	if res.MatchedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// remove deletes interview id (ErrNotFound when there is none).
func (s *store) remove(ctx context.Context, id string) error {
	if err := s.countWrite(ctx); err != nil {
		return err
	}
	res, err := s.interviews.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("schedule: delete interview: %w", err)
	}
	if res.DeletedCount == 0 {
		return ErrNotFound
	}
	return nil
}

// appendNumbered stores the next document of series key in c, claiming its
// number by the insert (database.AppendNumbered); doc builds the document
// for the id it gets.
func (s *store) appendNumbered(ctx context.Context, c *mongo.Collection, key string,
	idOf func(int64) string, doc func(id string) any) (string, error) {
	id, err := database.AppendNumbered(ctx, c, s.counters, key, idOf, doc)
	if err != nil {
		return "", fmt.Errorf("schedule: insert into %s: %w", c.Name(), err)
	}
	return id, nil
}

// last is the number of the last document of series key in c (0 = none).
func (s *store) last(ctx context.Context, c *mongo.Collection, key string, idOf func(int64) string) (int64, error) {
	n, err := database.LastNumbered(ctx, c, s.counters, key, idOf, 0)
	if err != nil {
		return 0, fmt.Errorf("schedule: end of %s: %w", key, err)
	}
	return n, nil
}

// byIDs loads the documents with ids from c in order, skipping missing
// ones (a number an older version handed out whose insert failed).
func byIDs[T any](ctx context.Context, c *mongo.Collection, ids []string) ([]T, error) {
	docs, err := database.ByIDs[T](ctx, c, ids)
	if err != nil {
		return nil, fmt.Errorf("schedule: load %s: %w", c.Name(), err)
	}
	out := make([]T, 0, len(ids))
	for _, d := range docs {
		if d != nil {
			out = append(out, *d)
		}
	}
	return out, nil
}

func commentKey(interviewID string) string { return "comments:" + interviewID }
func commentID(interviewID string, n int64) string {
	return fmt.Sprintf("%s:%06d", interviewID, n)
}

// insertComment numbers c and stores it.
func (s *store) insertComment(ctx context.Context, c *Comment) error {
	_, err := s.appendNumbered(ctx, s.comments, commentKey(c.InterviewID),
		func(n int64) string { return commentID(c.InterviewID, n) },
		func(id string) any { c.ID = id; return c })
	return err
}

// listComments returns an interview's comments, oldest first.
func (s *store) listComments(ctx context.Context, interviewID string) ([]Comment, error) {
	n, err := s.last(ctx, s.comments, commentKey(interviewID),
		func(n int64) string { return commentID(interviewID, n) })
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, n)
	for i := int64(1); i <= n; i++ {
		ids = append(ids, commentID(interviewID, i))
	}
	return byIDs[Comment](ctx, s.comments, ids)
}

func notificationKey(userID string) string { return "notifications:" + userID }
func notificationID(userID string, n int64) string {
	return fmt.Sprintf("%s:%012d", userID, n)
}

// ownsNotification reports whether notification id belongs to userID.
func ownsNotification(userID, id string) bool {
	return strings.HasPrefix(id, userID+":") && len(id) == len(userID)+13
}

// insertNotifications numbers each notification for its user and stores
// them, one insert each (the insert claims the number).
func (s *store) insertNotifications(ctx context.Context, ns []Notification) error {
	for i := range ns {
		nt := &ns[i]
		if _, err := s.appendNumbered(ctx, s.notifications, notificationKey(nt.UserID),
			func(n int64) string { return notificationID(nt.UserID, n) },
			func(id string) any { nt.ID = id; return nt }); err != nil {
			return err
		}
	}
	return nil
}

// listNotifications returns userID's last limit notifications, newest first.
func (s *store) listNotifications(ctx context.Context, userID string, limit int) ([]Notification, error) {
	n, err := s.last(ctx, s.notifications, notificationKey(userID),
		func(n int64) string { return notificationID(userID, n) })
	if err != nil {
		return nil, err
	}
	var ids []string
	for i := n; i >= 1 && int64(len(ids)) < int64(limit); i-- {
		ids = append(ids, notificationID(userID, i))
	}
	return byIDs[Notification](ctx, s.notifications, ids)
}

func (s *store) markRead(ctx context.Context, id string) error {
	if _, err := s.notifications.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "read", Value: true}}}}); err != nil {
		return fmt.Errorf("schedule: mark notification read: %w", err)
	}
	return nil
}

// reminderClaim is one reminder of one interview at one start time. Its _id
// is the claim: whoever inserts it sends the reminder.
type reminderClaim struct {
	ID          string     `bson:"_id"`
	InterviewID string     `bson:"interviewId"`
	ClaimedAt   time.Time  `bson:"claimedAt"`
	SentAt      *time.Time `bson:"sentAt,omitempty"`
}

// claim takes reminder id. It returns false when another run holds it or
// sent it. A claim older than lease that was never marked sent (a node died
// mid-send) is taken over with a compare-and-set on claimedAt.
func (s *store) claim(ctx context.Context, id, interviewID string, now time.Time, lease time.Duration) (bool, error) {
	_, err := s.reminders.InsertOne(ctx, reminderClaim{ID: id, InterviewID: interviewID, ClaimedAt: now})
	if err == nil {
		return true, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return false, fmt.Errorf("schedule: claim reminder: %w", err)
	}
	var old reminderClaim
	if err := s.reminders.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&old); err != nil {
		if errors.Is(err, mongo.ErrNoDocuments) {
			return false, nil // released meanwhile; the next run takes it
		}
		return false, fmt.Errorf("schedule: read reminder claim: %w", err)
	}
	if old.SentAt != nil || now.Sub(old.ClaimedAt) < lease {
		return false, nil
	}
	res, err := s.reminders.UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "claimedAt", Value: old.ClaimedAt}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "claimedAt", Value: now}}}})
	if err != nil {
		return false, fmt.Errorf("schedule: take over reminder claim: %w", err)
	}
	return res.ModifiedCount == 1, nil
}

func (s *store) markSent(ctx context.Context, id string, at time.Time) error {
	if _, err := s.reminders.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "sentAt", Value: at}}}}); err != nil {
		return fmt.Errorf("schedule: mark reminder sent: %w", err)
	}
	return nil
}

func (s *store) release(ctx context.Context, id string) error {
	if _, err := s.reminders.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("schedule: release reminder claim: %w", err)
	}
	return nil
}
