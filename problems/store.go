package problems

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/database"
)

// Collection holds one Problem document per problem.
const Collection = "problems"

// SummariesCollection holds one Summary document per problem, under the
// problem's _id: the read model the list scans, a few hundred bytes per
// problem instead of the whole statement, starters and tests.
const SummariesCollection = "problem_summaries"

// Indexes are the indexes of the problems collection, for database.Migrate.
// The unique slug index makes two concurrent creates with the same title
// pick different slugs; no query relies on it for speed (on FerretDB none
// could, docs/architecture.md §3).
func Indexes() []database.Index {
	return []database.Index{
		{Collection: Collection, Name: "slug_unique", Keys: bson.D{{Key: "slug", Value: 1}}, Unique: true},
	}
}

// store reads and writes the problems collection and its summaries. Single
// problems are read and written by _id, the one lookup FerretDB serves
// without a scan. The list and the slug check scan the summaries: FerretDB
// filters every non-_id query in Go after reading each document (docs/architecture.md §3),
// so they read small documents, and a bank holds hundreds of problems, not
// millions. Every write goes to the problem first, then to its summary;
// reconcileSummaries (at start) repairs a summary a crash left behind.
type store struct {
	c         *mongo.Collection
	summaries *mongo.Collection
}

func newStore(db *mongo.Database) *store {
	return &store{c: db.Collection(Collection), summaries: db.Collection(SummariesCollection)}
}

func summaryOf(p Problem) Summary {
	return Summary{ID: p.ID, Slug: p.Slug, Title: p.Title, Difficulty: p.Difficulty, Tags: p.Tags, BuiltIn: p.BuiltIn, UpdatedAt: p.UpdatedAt}
}

// putSummary stores p's summary, replacing the one it had.
func (s *store) putSummary(ctx context.Context, p Problem) error {
	_, err := s.summaries.ReplaceOne(ctx, bson.D{{Key: "_id", Value: p.ID}}, summaryOf(p), options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("problems: store summary of %s: %w", p.ID, err)
	}
	return nil
}

func (s *store) deleteSummary(ctx context.Context, id string) error {
	if _, err := s.summaries.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("problems: delete summary of %s: %w", id, err)
	}
	return nil
}

// reconcileSummaries makes the summaries match the problems: a summary for
// every problem, none for a problem that is gone. It reads every problem,
// so it runs at start (SeedCatalog), not per request; it returns how many
// summaries it changed.
func (s *store) reconcileSummaries(ctx context.Context) (int, error) {
	proj := bson.D{
		{Key: "slug", Value: 1}, {Key: "title", Value: 1}, {Key: "difficulty", Value: 1},
		{Key: "tags", Value: 1}, {Key: "builtIn", Value: 1}, {Key: "updatedAt", Value: 1},
	}
	cur, err := s.c.Find(ctx, bson.D{}, options.Find().SetProjection(proj))
	if err != nil {
		return 0, fmt.Errorf("problems: reconcile: %w", err)
	}
	var problems []Summary
	if err := cur.All(ctx, &problems); err != nil {
		return 0, fmt.Errorf("problems: reconcile: %w", err)
	}
	have, err := s.allSummaries(ctx, bson.D{})
	if err != nil {
		return 0, err
	}
	stored := make(map[string]Summary, len(have))
	for _, sum := range have {
		stored[sum.ID] = sum
	}
	changed := 0
	for _, p := range problems {
		if old, ok := stored[p.ID]; !ok || !sameSummary(old, p) {
			if _, err := s.summaries.ReplaceOne(ctx, bson.D{{Key: "_id", Value: p.ID}}, p, options.Replace().SetUpsert(true)); err != nil {
				return changed, fmt.Errorf("problems: reconcile %s: %w", p.ID, err)
			}
			changed++
		}
		delete(stored, p.ID)
	}
	for id := range stored {
		// Created after the scan above? Then its problem exists: keep it.
		if ok, err := s.exists(ctx, id); err != nil || ok {
			if err != nil {
				return changed, err
			}
			continue
		}
		if err := s.deleteSummary(ctx, id); err != nil {
			return changed, err
		}
		changed++
	}
	return changed, nil
}

func sameSummary(a, b Summary) bool {
	return a.ID == b.ID && a.Slug == b.Slug && a.Title == b.Title && a.Difficulty == b.Difficulty &&
		slices.Equal(a.Tags, b.Tags) && a.BuiltIn == b.BuiltIn && a.UpdatedAt.Equal(b.UpdatedAt)
}

func (s *store) allSummaries(ctx context.Context, filter bson.D) ([]Summary, error) {
	cur, err := s.summaries.Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("problems: list: %w", err)
	}
	out := []Summary{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("problems: read list: %w", err)
	}
	return out, nil
}

func (s *store) get(ctx context.Context, id string) (Problem, error) {
	var p Problem
	err := s.c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Problem{}, ErrNotFound
	}
	if err != nil {
		return Problem{}, fmt.Errorf("problems: load %s: %w", id, err)
	}
	return p, nil
}

func (s *store) exists(ctx context.Context, id string) (bool, error) {
	err := s.c.FindOne(ctx, bson.D{{Key: "_id", Value: id}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("problems: look up %s: %w", id, err)
	}
	return true, nil
}

// list returns the summaries matching difficulty and tag (either may be "").
func (s *store) list(ctx context.Context, difficulty, tag string) ([]Summary, error) {
	filter := bson.D{}
	if difficulty != "" {
		filter = append(filter, bson.E{Key: "difficulty", Value: difficulty})
	}
	if tag != "" {
		filter = append(filter, bson.E{Key: "tags", Value: tag})
	}
	return s.allSummaries(ctx, filter)
}

// slugs returns every stored slug, for picking a free one. The unique index
// on problems.slug has the last word when two creates race.
func (s *store) slugs(ctx context.Context) (map[string]bool, error) {
	cur, err := s.summaries.Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "slug", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("problems: list slugs: %w", err)
	}
	var docs []struct {
		Slug string `bson:"slug"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("problems: read slugs: %w", err)
	}
	out := make(map[string]bool, len(docs))
	for _, d := range docs {
		out[d.Slug] = true
	}
	return out, nil
}

// errDuplicate is returned by insert when the _id or the slug is taken.
var errDuplicate = errors.New("problems: duplicate key")

// insert stores a new problem, then its summary.
func (s *store) insert(ctx context.Context, p Problem) error {
	_, err := s.c.InsertOne(ctx, p)
	if mongo.IsDuplicateKeyError(err) {
		return errDuplicate
	}
	if err != nil {
		return fmt.Errorf("problems: insert %s: %w", p.ID, err)
	}
	return s.putSummary(ctx, p)
}

// replaceContent sets the editable fields of problem id (and its catalog
// hash when catalogHash is not nil); ErrNotFound when it does not exist.
// With ifUpdatedAt, it only writes while the problem's updatedAt is still
// that time (the seeder uses it so as not to overwrite an edit saved between
// its read and its write) and answers ErrNotFound otherwise.
func (s *store) replaceContent(ctx context.Context, id string, in Input, now time.Time, catalogHash *string, ifUpdatedAt *time.Time) (Problem, error) {
	set := bson.D{
		{Key: "title", Value: in.Title},
		{Key: "difficulty", Value: in.Difficulty},
		{Key: "tags", Value: in.Tags},
		{Key: "statement", Value: in.Statement},
		{Key: "starter", Value: in.Starter},
		{Key: "tests", Value: in.Tests},
		{Key: "timeLimitMs", Value: in.TimeLimitMs},
		{Key: "updatedAt", Value: now},
	}
	if catalogHash != nil {
		set = append(set, bson.E{Key: "catalogHash", Value: *catalogHash})
	}
	filter := bson.D{{Key: "_id", Value: id}}
	if ifUpdatedAt != nil {
		filter = append(filter, bson.E{Key: "updatedAt", Value: *ifUpdatedAt})
	}
	var p Problem
	err := s.c.FindOneAndUpdate(ctx, filter, bson.D{{Key: "$set", Value: set}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Problem{}, ErrNotFound
	}
	if err != nil {
		return Problem{}, fmt.Errorf("problems: update %s: %w", id, err)
	}
	return p, s.putSummary(ctx, p)
}

// delete removes problem id; ErrNotFound when it does not exist.
func (s *store) delete(ctx context.Context, id string) error {
	res, err := s.c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("problems: delete %s: %w", id, err)
	}
	if res.DeletedCount == 0 {
		return ErrNotFound
	}
	return s.deleteSummary(ctx, id)
}
