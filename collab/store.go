package collab

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/database"
)

// Collections. Every read is an exact _id lookup: on the embedded FerretDB
// nothing else avoids a table scan (docs/architecture.md §3).
const (
	colDocs      = "collab_docs"      // {_id: docId, interviewId, kind, createdAt}
	colChanges   = "collab_changes"   // {_id: "docId:n", docId, bytes}  n = 1, 2, … after the snapshot's upTo
	colSnapshots = "collab_snapshots" // {_id: docId, bytes, upTo}
	colAuthors   = "collab_authors"   // {_id: docId, actors: {<actor hex>: userId}}
)

// Collections lists collab's collections (all read by exact _id).
func Collections() []string { return []string{colDocs, colChanges, colSnapshots, colAuthors} }

// Indexes lists the indexes collab needs. Reads are by _id only, so none
// beyond the default _id index; the docId field of changes is indexed for
// operators' ad-hoc queries on real MongoDB.
func Indexes() []database.Index {
	return []database.Index{
		{Collection: colChanges, Name: "docId", Keys: bson.D{{Key: "docId", Value: 1}}},
		{Collection: colDocs, Name: "interviewId", Keys: bson.D{{Key: "interviewId", Value: 1}}},
	}
}

// Kind is which of an interview's documents a document is.
type Kind string

const (
	KindCode    Kind = "code"
	KindProblem Kind = "problem"
	KindNotes   Kind = "notes"
)

type docMeta struct {
	ID          string    `bson:"_id"`
	InterviewID string    `bson:"interviewId"`
	Kind        Kind      `bson:"kind"`
	CreatedAt   time.Time `bson:"createdAt"`
}

type snapshotDoc struct {
	ID    string `bson:"_id"`
	Bytes []byte `bson:"bytes"`
	UpTo  int64  `bson:"upTo"`
}

type changeDoc struct {
	ID    string `bson:"_id"`
	DocID string `bson:"docId"`
	Bytes []byte `bson:"bytes"`
}

var errDocNotFound = errors.New("collab: document not found")

type store struct {
	db *mongo.Database
}

func changeKey(id DocumentID, n int64) string { return string(id) + ":" + strconv.FormatInt(n, 10) }

// create stores a new document: its snapshot first, then the record that
// makes it exist.
func (st *store) create(ctx context.Context, m docMeta, snapshot []byte) error {
	if _, err := st.db.Collection(colSnapshots).InsertOne(ctx, snapshotDoc{ID: m.ID, Bytes: snapshot}); err != nil {
		return fmt.Errorf("collab: store snapshot: %w", err)
	}
	if _, err := st.db.Collection(colDocs).InsertOne(ctx, m); err != nil {
		return fmt.Errorf("collab: store document: %w", err)
	}
	return nil
}

func (st *store) meta(ctx context.Context, id DocumentID) (docMeta, error) {
	var m docMeta
	err := st.db.Collection(colDocs).FindOne(ctx, bson.D{{Key: "_id", Value: string(id)}}).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return m, errDocNotFound
	}
	if err != nil {
		return m, fmt.Errorf("collab: load document %s: %w", id, err)
	}
	return m, nil
}

// loaded is a document as stored: a snapshot and the changes after it.
type loaded struct {
	snapshot []byte
	upTo     int64
	changes  [][]byte // changes upTo+1 … upTo+len
}

// load reads the snapshot and then the changes after it, one exact _id
// lookup each, until the first missing number (an append that crashed
// before it was written was never acknowledged).
func (st *store) load(ctx context.Context, id DocumentID) (loaded, error) {
	var l loaded
	var snap snapshotDoc
	err := st.db.Collection(colSnapshots).FindOne(ctx, bson.D{{Key: "_id", Value: string(id)}}).Decode(&snap)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return l, errDocNotFound
	}
	if err != nil {
		return l, fmt.Errorf("collab: load snapshot %s: %w", id, err)
	}
	l.snapshot, l.upTo = snap.Bytes, snap.UpTo
	for n := snap.UpTo + 1; ; n++ {
		var c changeDoc
		err := st.db.Collection(colChanges).FindOne(ctx, bson.D{{Key: "_id", Value: changeKey(id, n)}}).Decode(&c)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return l, nil
		}
		if err != nil {
			return l, fmt.Errorf("collab: load change %s: %w", changeKey(id, n), err)
		}
		l.changes = append(l.changes, c.Bytes)
	}
}

// appendChanges stores change bytes as number n. Insert-only: a duplicate
// number is an error, never an overwrite.
func (st *store) appendChanges(ctx context.Context, id DocumentID, n int64, b []byte) error {
	if _, err := st.db.Collection(colChanges).InsertOne(ctx, changeDoc{ID: changeKey(id, n), DocID: string(id), Bytes: b}); err != nil {
		return fmt.Errorf("collab: append change %s: %w", changeKey(id, n), err)
	}
	return nil
}

// compact replaces the snapshot with one that covers changes up to upTo,
// then deletes those changes (best effort: a leftover change is skipped on
// load because loading starts after upTo).
func (st *store) compact(ctx context.Context, id DocumentID, snapshot []byte, prevUpTo, upTo int64) error {
	_, err := st.db.Collection(colSnapshots).ReplaceOne(ctx, bson.D{{Key: "_id", Value: string(id)}},
		snapshotDoc{ID: string(id), Bytes: snapshot, UpTo: upTo}, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("collab: compact %s: %w", id, err)
	}
	for n := prevUpTo + 1; n <= upTo; n++ {
		if _, err := st.db.Collection(colChanges).DeleteOne(ctx, bson.D{{Key: "_id", Value: changeKey(id, n)}}); err != nil {
			return fmt.Errorf("collab: delete compacted change: %w", err)
		}
	}
	return nil
}

// addAuthors records userID as the user of actors (hex) in document id.
// An actor keeps its first user.
func (st *store) addAuthors(ctx context.Context, id DocumentID, actors []string, userID string) error {
	var cur struct {
		Actors map[string]string `bson:"actors"`
	}
	err := st.db.Collection(colAuthors).FindOne(ctx, bson.D{{Key: "_id", Value: string(id)}}).Decode(&cur)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return fmt.Errorf("collab: read authors of %s: %w", id, err)
	}
	set := bson.D{}
	for _, a := range actors {
		if _, ok := cur.Actors[a]; !ok {
			set = append(set, bson.E{Key: "actors." + a, Value: userID})
		}
	}
	if len(set) == 0 {
		return nil
	}
	_, err = st.db.Collection(colAuthors).UpdateOne(ctx, bson.D{{Key: "_id", Value: string(id)}},
		bson.D{{Key: "$set", Value: set}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("collab: store authors of %s: %w", id, err)
	}
	return nil
}

// authors returns document id's actors (hex) and their users.
func (st *store) authors(ctx context.Context, id DocumentID) (map[string]string, error) {
	var cur struct {
		Actors map[string]string `bson:"actors"`
	}
	err := st.db.Collection(colAuthors).FindOne(ctx, bson.D{{Key: "_id", Value: string(id)}}).Decode(&cur)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("collab: read authors of %s: %w", id, err)
	}
	if cur.Actors == nil {
		cur.Actors = map[string]string{}
	}
	return cur.Actors, nil
}
