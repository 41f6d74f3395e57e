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
	colChanges   = "collab_changes"   // {_id: "docId:n", docId, bytes | compacted}  n = 1, 2, …
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

// changeDoc is one numbered record of a document's changes. Compaction
// keeps the record without its bytes (compacted): a number is never free
// again, so a node whose view of the log is behind cannot store its changes
// under a number a snapshot already covers; it gets a duplicate key, catches
// up and takes the next one.
type changeDoc struct {
	ID        string `bson:"_id"`
	DocID     string `bson:"docId"`
	Bytes     []byte `bson:"bytes,omitempty"`
	Compacted bool   `bson:"compacted,omitempty"`
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
// before it was written was never acknowledged). Meeting a compacted record
// means another node compacted meanwhile: it starts again from the newer
// snapshot.
func (st *store) load(ctx context.Context, id DocumentID) (loaded, error) {
	for range 10 {
		l, again, err := st.loadOnce(ctx, id)
		if err != nil || !again {
			return l, err
		}
	}
	return loaded{}, fmt.Errorf("collab: load %s: compacted under every attempt", id)
}

func (st *store) loadOnce(ctx context.Context, id DocumentID) (l loaded, again bool, err error) {
	snap, err := st.snapshot(ctx, id)
	if err != nil {
		return l, false, err
	}
	l.snapshot, l.upTo = snap.Bytes, snap.UpTo
	for n := snap.UpTo + 1; ; n++ {
		c, found, err := st.change(ctx, id, n)
		if err != nil {
			return l, false, err
		}
		if !found {
			return l, false, nil
		}
		if c.Compacted {
			return loaded{}, true, nil
		}
		l.changes = append(l.changes, c.Bytes)
	}
}

func (st *store) snapshot(ctx context.Context, id DocumentID) (snapshotDoc, error) {
	var snap snapshotDoc
	err := st.db.Collection(colSnapshots).FindOne(ctx, bson.D{{Key: "_id", Value: string(id)}}).Decode(&snap)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return snap, errDocNotFound
	}
	if err != nil {
		return snap, fmt.Errorf("collab: load snapshot %s: %w", id, err)
	}
	return snap, nil
}

// change reads record n of document id.
func (st *store) change(ctx context.Context, id DocumentID, n int64) (changeDoc, bool, error) {
	var c changeDoc
	err := st.db.Collection(colChanges).FindOne(ctx, bson.D{{Key: "_id", Value: changeKey(id, n)}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("collab: load change %s: %w", changeKey(id, n), err)
	}
	return c, true, nil
}

// appendChanges stores change bytes as number n. Insert-only: a duplicate
// number is an error (errTaken when another node stored it first), never an
// overwrite.
func (st *store) appendChanges(ctx context.Context, id DocumentID, n int64, b []byte) error {
	if _, err := st.db.Collection(colChanges).InsertOne(ctx, changeDoc{ID: changeKey(id, n), DocID: string(id), Bytes: b}); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("%w: %s", errTaken, changeKey(id, n))
		}
		return fmt.Errorf("collab: append change %s: %w", changeKey(id, n), err)
	}
	return nil
}

// errTaken: the change number was stored already (by another node).
var errTaken = errors.New("collab: change number taken")

// compact replaces the snapshot with one that covers changes up to upTo,
// unless a newer one is stored (another node compacted further: nothing to
// do), then, when empty, empties those changes' records (best effort: a
// leftover is skipped on load because loading starts after upTo). A node
// linked to others keeps the records whole (hub.persist says why).
func (st *store) compact(ctx context.Context, id DocumentID, snapshot []byte, prevUpTo, upTo int64, empty bool) error {
	res, err := st.db.Collection(colSnapshots).ReplaceOne(ctx,
		bson.D{{Key: "_id", Value: string(id)}, {Key: "upTo", Value: bson.D{{Key: "$lt", Value: upTo}}}},
		snapshotDoc{ID: string(id), Bytes: snapshot, UpTo: upTo})
	if err != nil {
		return fmt.Errorf("collab: compact %s: %w", id, err)
	}
	if res.MatchedCount == 0 || !empty {
		return nil
	}
	for n := prevUpTo + 1; n <= upTo; n++ {
		_, err := st.db.Collection(colChanges).UpdateOne(ctx, bson.D{{Key: "_id", Value: changeKey(id, n)}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "compacted", Value: true}}}, {Key: "$unset", Value: bson.D{{Key: "bytes", Value: ""}}}})
		if err != nil {
			return fmt.Errorf("collab: empty compacted change: %w", err)
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
	update := func() error {
		_, err := st.db.Collection(colAuthors).UpdateOne(ctx, bson.D{{Key: "_id", Value: string(id)}},
			bson.D{{Key: "$set", Value: set}}, options.UpdateOne().SetUpsert(true))
		return err
	}
	err = update()
	if mongo.IsDuplicateKeyError(err) {
		// Another node's upsert created the record first: now it matches.
		err = update()
	}
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
