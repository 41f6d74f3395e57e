package database

import (
	"context"
	"errors"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The embedded FerretDB pushes down only an exact _id equality (docs/architecture.md §3),
// so append-only series are numbered by a counter document and read back by
// exact ids. These are the two halves every domain uses.

// counter is one sequence: N is the last number handed out.
type counter struct {
	ID string `bson:"_id"`
	N  int64  `bson:"n"`
}

// NextNumber hands out the next number (1, 2, …) of sequence key, kept as a
// document {_id: key, n} in counters.
func NextNumber(ctx context.Context, counters *mongo.Collection, key string) (int64, error) {
	var c counter
	err := counters.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: key}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: int64(1)}}}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&c)
	return c.N, err
}

// LastNumber is the last number sequence key handed out (0 = none).
func LastNumber(ctx context.Context, counters *mongo.Collection, key string) (int64, error) {
	var c counter
	err := counters.FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	return c.N, err
}

// ByIDs loads the documents with ids from c, in order, a few exact-_id
// lookups at a time; a missing one (a number handed out whose insert
// failed) is nil.
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
