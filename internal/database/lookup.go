package database

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The embedded FerretDB pushes down only an exact _id equality (docs/architecture.md §3),
// so append-only series (comments, notifications, chat, attendance, …) are
// documents numbered 1, 2, … under _id idOf(n), read back by exact ids.
//
// A number is claimed by inserting the document itself under its numbered
// _id: the primary key's uniqueness is atomic in every backend, whereas a
// counter's $inc upsert is not on the embedded FerretDB (concurrent callers
// were handed the same number). A taken number is a duplicate-key error, and
// the writer tries the next one; so the numbers in use have no gaps, and
// whoever holds n+1 found n taken. A counter document {_id: key, n} is kept
// only as a hint of where the series ends: bumped after each insert, best
// effort, never ahead of a stored document, and readers probe past it
// (LastNumbered), so a lost or stale hint never loses or hides a document.

// maxClaims bounds AppendNumbered's tries: each failed one means another
// writer stored a document meanwhile, so only a crowd of writers on one
// series gets near it.
const maxClaims = 100

// claiming queues this process's appends to one series (hashed with the
// collection into a few slots) so that they do not all try the same number
// and all but one retry, each retry a write; SQLite writes one at a time
// anyway. Other processes are kept apart by the claim alone.
var claiming = func() (slots [32]chan struct{}) {
	for i := range slots {
		slots[i] = make(chan struct{}, 1)
	}
	return slots
}()

func claimSlot(docs *mongo.Collection, key string) chan struct{} {
	h := fnv.New32a()
	h.Write([]byte(docs.Database().Name() + "\x00" + docs.Name() + "\x00" + key))
	return claiming[h.Sum32()%uint32(len(claiming))]
}

// AppendNumbered stores the next document of series key: doc(id) is the
// document to insert under id = idOf(n), for the first number n not taken.
// It returns the id the document was stored under. docs holds the series,
// counters its hint.
func AppendNumbered(ctx context.Context, docs, counters *mongo.Collection, key string,
	idOf func(n int64) string, doc func(id string) any) (string, error) {
	slot := claimSlot(docs, key)
	select {
	case slot <- struct{}{}:
		defer func() { <-slot }()
	case <-ctx.Done():
		return "", fmt.Errorf("database: append to %s %s: %w", docs.Name(), key, ctx.Err())
	}
	return appendNumbered(ctx, docs, counters, key, idOf, doc)
}

// appendNumbered is AppendNumbered without the queue, as another process
// would append.
func appendNumbered(ctx context.Context, docs, counters *mongo.Collection, key string,
	idOf func(n int64) string, doc func(id string) any) (string, error) {
	last, err := hint(ctx, counters, key)
	if err != nil {
		return "", err
	}
	n := last + 1
	for range maxClaims {
		id := idOf(n)
		_, err := docs.InsertOne(ctx, doc(id))
		if err == nil {
			bump(ctx, counters, key, n)
			return id, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return "", fmt.Errorf("database: insert %s %s: %w", docs.Name(), id, err)
		}
		// Taken, unless the duplicate is on another unique key: then no
		// number would do.
		taken, err := exists(ctx, docs, id)
		if err != nil {
			return "", err
		}
		if !taken {
			return "", fmt.Errorf("database: insert %s %s: duplicate key not on _id", docs.Name(), id)
		}
		if n, err = runEnd(ctx, docs, idOf, n); err != nil {
			return "", err
		}
		n++
	}
	return "", fmt.Errorf("database: append to %s %s: every number taken in %d tries", docs.Name(), key, maxClaims)
}

// LastNumbered is the number of the last document of series key (0 = none),
// at least atLeast (a number the caller knows is taken, or 0). It reads the
// hint and probes past it by exact _id. A number up to the hint may be
// missing, if an older version of this code stored the series (it handed
// out numbers whose insert then failed): ByIDs returns such a number as nil.
func LastNumbered(ctx context.Context, docs, counters *mongo.Collection, key string,
	idOf func(n int64) string, atLeast int64) (int64, error) {
	n, err := hint(ctx, counters, key)
	if err != nil {
		return 0, err
	}
	return runEnd(ctx, docs, idOf, max(n, atLeast))
}

// runEnd is the last number of the run of taken numbers from, which is
// taken (or 0): past it, numbers are claimed in order, so it gallops
// (from+1, +2, +4, …) to a free one, then halves the way back.
func runEnd(ctx context.Context, docs *mongo.Collection, idOf func(n int64) string, from int64) (int64, error) {
	lo, step := from, int64(1) // lo is taken
	var hi int64               // hi is free
	for {
		taken, err := exists(ctx, docs, idOf(lo+step))
		if err != nil {
			return 0, err
		}
		if !taken {
			hi = lo + step
			break
		}
		lo += step
		step *= 2
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		taken, err := exists(ctx, docs, idOf(mid))
		if err != nil {
			return 0, err
		}
		if taken {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// exists reports whether docs holds a document with _id id.
func exists(ctx context.Context, docs *mongo.Collection, id string) (bool, error) {
	err := docs.FindOne(ctx, bson.D{{Key: "_id", Value: id}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, mongo.ErrNoDocuments):
		return false, nil
	default:
		return false, fmt.Errorf("database: look up %s %s: %w", docs.Name(), id, err)
	}
}

// counter is one series' hint: N is a number known to be taken.
type counter struct {
	ID string `bson:"_id"`
	N  int64  `bson:"n"`
}

// hint is the number series key's counter holds (0 = none).
func hint(ctx context.Context, counters *mongo.Collection, key string) (int64, error) {
	var c counter
	err := counters.FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("database: read counter %s: %w", key, err)
	}
	return c.N, nil
}

// bump raises series key's hint to n. Its error is dropped on purpose: the
// document is stored, and a hint left behind only costs the next reader or
// writer a few lookups (LastNumbered, AppendNumbered probe past it). Two
// first upserts of one counter may race to insert it; the loser retries once,
// as an update.
func bump(ctx context.Context, counters *mongo.Collection, key string, n int64) {
	for range 2 {
		_, err := counters.UpdateOne(ctx, bson.D{{Key: "_id", Value: key}},
			bson.D{{Key: "$max", Value: bson.D{{Key: "n", Value: n}}}},
			options.UpdateOne().SetUpsert(true))
		if !mongo.IsDuplicateKeyError(err) {
			return
		}
	}
}

// ByIDs loads the documents with ids from c, in order, a few exact-_id
// lookups at a time; a missing one is nil.
func ByIDs[T any](ctx context.Context, c *mongo.Collection, ids []string) ([]*T, error) {
	docs := make([]*T, len(ids))
	errs := make([]error, len(ids))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			var v T
			err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&v)
			switch {
			case err == nil:
				docs[i] = &v
			case !errors.Is(err, mongo.ErrNoDocuments):
				errs[i] = err
			}
		}()
	}
	wg.Wait()
	return docs, errors.Join(errs...)
}

// DeleteMany deletes what filter matches in c and says how many went (a
// scan on the embedded FerretDB unless the filter is on _id: for rare
// work such as erasing a person, never a hot path).
func DeleteMany(ctx context.Context, c *mongo.Collection, filter any) (int64, error) {
	res, err := c.DeleteMany(ctx, filter)
	if err != nil {
		return 0, fmt.Errorf("delete from %s: %w", c.Name(), err)
	}
	return res.DeletedCount, nil
}
