package schedule

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// storeSnapshots keeps the snapshot in the database (SnapshotCollection),
// for nodes on an external MongoDB: they share no disk, and a node that
// starts (a new one, or one moved to another machine) reads the snapshot
// any node saved. The bytes are a file's (encodeSnapshot), compressed with
// DEFLATE (FerretDB hands binary data over slowly: fewer bytes read
// faster), cut into parts of snapshotPart bytes, _id "<generation>:<n>"; the "head" document names
// the generation that is whole. A save writes a new generation, then moves
// the head to it only if the head is older (two nodes saving at once: the
// later one wins, the other deletes its parts), then deletes older parts.
// A reader that finds a part missing (deleted under it) or a bad checksum
// ignores the snapshot and loads from the store, as with no snapshot.
type storeSnapshots struct {
	c    *mongo.Collection
	part int // bytes per part; 0 = snapshotPart
}

// snapshotPart is the size of one part: well under a document's 16 MiB.
const snapshotPart = 2 << 20

const snapshotHeadID = "head"

type snapshotHead struct {
	ID         string    `bson:"_id"`
	Generation string    `bson:"generation"`
	Parts      int       `bson:"parts"`
	Size       int64     `bson:"size"`
	Raw        int64     `bson:"raw"` // size before compression
	At         time.Time `bson:"at"`
	BasedOn    writeMark `bson:"basedOn"`
}

type snapshotPartDoc struct {
	ID         string    `bson:"_id"`
	Generation string    `bson:"generation"`
	At         time.Time `bson:"at"`
	Data       []byte    `bson:"data"`
}

func (st *storeSnapshots) String() string { return "collection " + st.c.Name() }

func (st *storeSnapshots) head(ctx context.Context) (*snapshotHead, error) {
	var h snapshotHead
	err := st.c.FindOne(ctx, bson.D{{Key: "_id", Value: snapshotHeadID}}).Decode(&h)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, fmt.Errorf("schedule: snapshot in %s: %w", st.c.Name(), os.ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("schedule: read the snapshot's head: %w", err)
	}
	return &h, nil
}

func (st *storeSnapshots) load(ctx context.Context) (*snapshot, error) {
	h, err := st.head(ctx)
	if err != nil {
		return nil, err
	}
	if h.Parts < 0 || h.Size < 0 || h.Size > int64(h.Parts)*int64(st.partSize()) {
		return nil, fmt.Errorf("%w: head says %d parts, %d bytes", errBadSnapshot, h.Parts, h.Size)
	}
	data := make([]byte, 0, h.Size)
	for n := range h.Parts {
		var p snapshotPartDoc
		err := st.c.FindOne(ctx, bson.D{{Key: "_id", Value: partID(h.Generation, n)}}).Decode(&p)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return nil, fmt.Errorf("%w: part %d of %d is missing (a newer one replaced it)", errBadSnapshot, n, h.Parts)
		}
		if err != nil {
			return nil, fmt.Errorf("schedule: read the snapshot: %w", err)
		}
		if int64(len(data)+len(p.Data)) > h.Size {
			return nil, fmt.Errorf("%w: longer than its head says", errBadSnapshot)
		}
		data = append(data, p.Data...)
	}
	if int64(len(data)) != h.Size {
		return nil, fmt.Errorf("%w: %d bytes, its head says %d", errBadSnapshot, len(data), h.Size)
	}
	return inflateSnapshot(data, h.Raw)
}

// inflateSnapshot decompresses what a save stored (raw bytes before
// compression, as its head says) and decodes it.
func inflateSnapshot(data []byte, rawSize int64) (*snapshot, error) {
	if rawSize < 0 || rawSize > maxSnapshotRaw {
		return nil, fmt.Errorf("%w: head says %d bytes uncompressed", errBadSnapshot, rawSize)
	}
	raw := bytes.NewBuffer(make([]byte, 0, min(rawSize, int64(len(data))*64)))
	fr := flate.NewReader(bytes.NewReader(data))
	if _, err := io.Copy(raw, io.LimitReader(fr, rawSize+1)); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadSnapshot, err)
	}
	if int64(raw.Len()) != rawSize {
		return nil, fmt.Errorf("%w: %d bytes uncompressed, its head says %d", errBadSnapshot, raw.Len(), rawSize)
	}
	return decodeSnapshot(raw.Bytes())
}

// maxSnapshotRaw bounds what a head may claim (a damaged one must not make
// a node allocate more): 8 GiB, ~20 million interviews.
const maxSnapshotRaw = 8 << 30

func (st *storeSnapshots) save(ctx context.Context, snap *snapshot, basedOn writeMark) error {
	if h, err := st.head(ctx); err == nil && basedOn != (writeMark{}) && h.BasedOn == basedOn {
		return nil // another node saved the same writes
	}
	var g [8]byte
	_, _ = rand.Read(g[:])
	w := &partWriter{ctx: ctx, c: st.c, part: st.partSize(), gen: hex.EncodeToString(g[:]), at: time.Now().UTC()}
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return fmt.Errorf("schedule: save the snapshot: %w", err)
	}
	raw := &countingWriter{w: fw}
	err = encodeSnapshot(raw, snap)
	if err == nil {
		err = fw.Close()
	}
	if err == nil {
		err = w.flush()
	}
	if err != nil {
		st.dropGeneration(w.gen)
		return fmt.Errorf("schedule: save the snapshot in %s: %w", st.c.Name(), err)
	}
	head := snapshotHead{ID: snapshotHeadID, Generation: w.gen, Parts: w.n, Size: w.size, Raw: raw.n, At: w.at, BasedOn: basedOn}
	_, err = st.c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: snapshotHeadID}, {Key: "at", Value: bson.D{{Key: "$lt", Value: w.at}}}},
		head, options.Replace().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		st.dropGeneration(w.gen) // a newer snapshot is the head
		return nil
	}
	if err != nil {
		st.dropGeneration(w.gen)
		return fmt.Errorf("schedule: save the snapshot's head: %w", err)
	}
	// Parts of older generations (and of saves that lost to a newer one).
	if _, err := st.c.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$ne", Value: snapshotHeadID}}},
		{Key: "generation", Value: bson.D{{Key: "$ne", Value: w.gen}}}, {Key: "at", Value: bson.D{{Key: "$lte", Value: w.at}}}}); err != nil {
		return fmt.Errorf("schedule: delete the older snapshot: %w", err)
	}
	return nil
}

// dropGeneration deletes the parts of a generation that did not become
// the head (best effort: the next save deletes what is left).
func (st *storeSnapshots) dropGeneration(gen string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, _ = st.c.DeleteMany(ctx, bson.D{{Key: "generation", Value: gen}, {Key: "_id", Value: bson.D{{Key: "$ne", Value: snapshotHeadID}}}})
}

func (st *storeSnapshots) partSize() int {
	if st.part > 0 {
		return st.part
	}
	return snapshotPart
}

func partID(gen string, n int) string { return fmt.Sprintf("%s:%d", gen, n) }

// partWriter inserts what is written to it as parts of part bytes.
type partWriter struct {
	ctx  context.Context
	c    *mongo.Collection
	part int
	gen  string
	at   time.Time
	buf  []byte
	n    int
	size int64
}

func (w *partWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for len(w.buf) >= w.part {
		if err := w.insert(w.buf[:w.part]); err != nil {
			return 0, err
		}
		w.buf = append(w.buf[:0], w.buf[w.part:]...)
	}
	return len(p), nil
}

// flush inserts what is left.
func (w *partWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	err := w.insert(w.buf)
	w.buf = w.buf[:0]
	return err
}

func (w *partWriter) insert(b []byte) error {
	if _, err := w.c.InsertOne(w.ctx, snapshotPartDoc{ID: partID(w.gen, w.n), Generation: w.gen, At: w.at, Data: b}); err != nil {
		return fmt.Errorf("part %d: %w", w.n, err)
	}
	w.n++
	w.size += int64(len(b))
	return nil
}

// countingWriter counts what goes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
