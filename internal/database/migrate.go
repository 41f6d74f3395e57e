package database

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Index is one index a domain package needs. Each domain declares its own
// and cmd hands the union to Migrate; this package knows no collection names.
type Index struct {
	Collection string
	Name       string
	Keys       bson.D
	Unique     bool
}

// ErrBadIndex is returned for an index declaration that cannot be created.
var ErrBadIndex = errors.New("database: bad index declaration")

// Migrate creates every declared index that does not exist yet. It is
// idempotent; an index of the same name with different keys is an error
// (drop it by hand, then migrate again) rather than a silent mismatch.
func Migrate(ctx context.Context, db *mongo.Database, indexes []Index) error {
	seen := map[string]bool{}
	for _, ix := range indexes {
		if ix.Collection == "" || ix.Name == "" || len(ix.Keys) == 0 {
			return fmt.Errorf("%w: %+v needs a collection, a name and keys", ErrBadIndex, ix)
		}
		id := ix.Collection + "." + ix.Name
		if seen[id] {
			return fmt.Errorf("%w: %s declared twice", ErrBadIndex, id)
		}
		seen[id] = true

		existing, err := listIndexes(ctx, db.Collection(ix.Collection))
		if err != nil {
			return err
		}
		if keys, ok := existing[ix.Name]; ok {
			if !sameKeys(keys, ix.Keys) {
				return fmt.Errorf("database: index %s exists with keys %v, want %v", id, keys, ix.Keys)
			}
			continue
		}
		model := mongo.IndexModel{Keys: ix.Keys, Options: options.Index().SetName(ix.Name).SetUnique(ix.Unique)}
		if _, err := db.Collection(ix.Collection).Indexes().CreateOne(ctx, model); err != nil {
			return fmt.Errorf("database: create index %s: %w", id, err)
		}
	}
	return nil
}

func listIndexes(ctx context.Context, c *mongo.Collection) (map[string]bson.D, error) {
	cur, err := c.Indexes().List(ctx)
	if err != nil {
		// A collection that does not exist yet has no indexes.
		if strings.Contains(err.Error(), "NamespaceNotFound") || strings.Contains(err.Error(), "ns does not exist") {
			return map[string]bson.D{}, nil
		}
		return nil, fmt.Errorf("database: list indexes of %s: %w", c.Name(), err)
	}
	var specs []struct {
		Name string `bson:"name"`
		Key  bson.D `bson:"key"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return nil, fmt.Errorf("database: read indexes of %s: %w", c.Name(), err)
	}
	out := make(map[string]bson.D, len(specs))
	for _, s := range specs {
		out[s.Name] = s.Key
	}
	return out, nil
}

func sameKeys(a, b bson.D) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || fmt.Sprint(toInt(a[i].Value)) != fmt.Sprint(toInt(b[i].Value)) {
			return false
		}
	}
	return true
}

// toInt folds the numeric types an index direction comes back as.
func toInt(v any) any {
	switch n := v.(type) {
	case int32:
		return int64(n)
	case int64:
		return n
	case int:
		return int64(n)
	case float64:
		return int64(n)
	}
	return v
}
