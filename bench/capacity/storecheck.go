package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/automerge/automerge-go"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/collab"
)

// storedDoc is a document whose stored state is checked after the run:
// what a node loading it afresh would hold must be what the clients hold.
type storedDoc struct {
	url   string
	field string // the text typed into
	want  int    // characters the clients converged to
}

// checkStore reads each document as a node loads it (collab/store.go: the
// snapshot, then the numbered records after it until the first missing
// one) straight from the database, and reports every document whose stored
// text is not what the clients hold, and every record that is compacted
// while the snapshot does not cover it (its bytes are gone).
func checkStore(ctx context.Context, dbURI string, docs []storedDoc) ([]string, error) {
	client, err := mongo.Connect(mongoopts.Client().ApplyURI(dbURI))
	if err != nil {
		return nil, err
	}
	defer func() { _ = client.Disconnect(context.Background()) }()
	db := client.Database("interviewprep")
	var problems []string
	for _, d := range docs {
		id, err := collab.ParseDocumentID(d.url)
		if err != nil {
			return nil, err
		}
		var snap struct {
			Bytes []byte `bson:"bytes"`
			UpTo  int64  `bson:"upTo"`
		}
		if err := db.Collection("collab_snapshots").FindOne(ctx, bson.D{{Key: "_id", Value: string(id)}}).Decode(&snap); err != nil {
			return nil, fmt.Errorf("snapshot of %s: %w", id, err)
		}
		doc, err := automerge.Load(snap.Bytes)
		if err != nil {
			return nil, fmt.Errorf("load snapshot of %s: %w", id, err)
		}
		n := snap.UpTo + 1
		for ; ; n++ {
			var rec struct {
				Bytes     []byte `bson:"bytes"`
				Compacted bool   `bson:"compacted"`
			}
			err := db.Collection("collab_changes").FindOne(ctx, bson.D{{Key: "_id", Value: string(id) + ":" + strconv.FormatInt(n, 10)}}).Decode(&rec)
			if errors.Is(err, mongo.ErrNoDocuments) {
				break
			}
			if err != nil {
				return nil, err
			}
			if rec.Compacted {
				problems = append(problems, fmt.Sprintf("%s: record %d is compacted (its bytes deleted) but the snapshot ends at %d", id, n, snap.UpTo))
				continue
			}
			if err := doc.LoadIncremental(rec.Bytes); err != nil {
				return nil, fmt.Errorf("record %d of %s: %w", n, id, err)
			}
		}
		got := 0
		if v, err := doc.Path(d.field).Get(); err == nil && v.Kind() == automerge.KindText {
			got = v.Text().Len()
		}
		if got != d.want {
			problems = append(problems, fmt.Sprintf("%s (%s): the store holds %d characters (snapshot up to %d, records to %d), the clients %d",
				id, d.field, got, snap.UpTo, n-1, d.want))
		}
	}
	return problems, nil
}
