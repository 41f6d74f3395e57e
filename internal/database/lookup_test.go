package database

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

type numbered struct {
	ID     string `bson:"_id"`
	Writer int    `bson:"writer"`
	I      int    `bson:"i"`
}

func seriesID(n int64) string { return fmt.Sprintf("s:%06d", n) }

// setHint writes series key's counter by hand.
func setHint(t *testing.T, counters *mongo.Collection, key string, n int64) {
	t.Helper()
	if _, err := counters.UpdateOne(context.Background(), bson.D{{Key: "_id", Value: key}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: n}}}}); err != nil {
		t.Fatal(err)
	}
}

// lastNumbered is LastNumbered of series "s" from nothing known.
func lastNumbered(t *testing.T, docs, counters *mongo.Collection) int64 {
	t.Helper()
	n, err := LastNumbered(context.Background(), docs, counters, "s", seriesID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Writers at the same moment on the real embedded FerretDB, in this process
// and (unqueued) as if on other nodes, each get their own number (the insert
// is the claim), the numbers have no gaps, and a reader
// finds every document even when the counter hint is behind or lost.
func TestAppendNumberedConcurrently(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	defer db.Close(ctx)
	counters, docs := db.DB.Collection("counters"), db.DB.Collection("docs")

	if n := lastNumbered(t, docs, counters); n != 0 {
		t.Fatalf("LastNumbered of a new series = %d; want 0", n)
	}
	const writers, each = 16, 10
	ids := make([][]string, writers)
	errs := make(chan error, writers*each)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				appendTo := AppendNumbered
				if w%2 == 1 { // as if on another node: no queue in this process
					appendTo = appendNumbered
				}
				id, err := appendTo(ctx, docs, counters, "s", seriesID, func(id string) any {
					return numbered{ID: id, Writer: w, I: i}
				})
				if err != nil {
					errs <- fmt.Errorf("writer %d, append %d: %w", w, i, err)
					continue
				}
				ids[w] = append(ids[w], id)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	const total = writers * each
	seen := map[string]bool{}
	for w := range writers {
		for _, id := range ids[w] {
			if seen[id] {
				t.Errorf("id %s handed out twice", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != total {
		t.Fatalf("%d distinct ids; want %d", len(seen), total)
	}

	// All of them, in order, one number each, whatever the hint says.
	for _, h := range []int64{total, 57, 1, 0} {
		setHint(t, counters, "s", h)
		last := lastNumbered(t, docs, counters)
		if last != total {
			t.Fatalf("hint %d: LastNumbered = %d; want %d", h, last, total)
		}
		all := make([]string, last)
		for i := range all {
			all[i] = seriesID(int64(i) + 1)
		}
		got, err := ByIDs[numbered](ctx, docs, all)
		if err != nil {
			t.Fatal(err)
		}
		next := map[int]int{} // by writer: its next append
		for i, d := range got {
			if d == nil || d.ID != all[i] || !seen[d.ID] {
				t.Fatalf("hint %d: document %d = %+v", h, i+1, d)
			}
			if d.I != next[d.Writer] {
				t.Errorf("hint %d: writer %d's append %d stored after its append %d", h, d.Writer, d.I, next[d.Writer]-1)
			}
			next[d.Writer] = d.I + 1
		}
	}
	// What a caller knows is taken counts even past the hint.
	if n, err := LastNumbered(ctx, docs, counters, "s", seriesID, 100); err != nil || n != total {
		t.Errorf("LastNumbered(atLeast 100) = %d, %v; want %d", n, err, total)
	}

	// A writer behind a stale hint skips the taken numbers, and puts the
	// hint back at its document.
	id, err := AppendNumbered(ctx, docs, counters, "s", seriesID, func(id string) any { return numbered{ID: id} })
	if err != nil || id != seriesID(total+1) {
		t.Fatalf("append behind a stale hint = %s, %v; want %s", id, err, seriesID(total+1))
	}
	if n, err := hint(ctx, counters, "s"); err != nil || n != total+1 {
		t.Errorf("hint after the append = %d, %v; want %d", n, err, total+1)
	}
}

// An older version handed out numbers whose insert then failed: up to the
// hint, ByIDs gives such a gap as nil, and the series goes on past it.
func TestNumberedSeriesWithOldGaps(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	defer db.Close(ctx)
	counters, docs := db.DB.Collection("counters"), db.DB.Collection("docs")

	for _, i := range []int64{1, 2, 4} { // 3 and 5 are gaps
		if _, err := docs.InsertOne(ctx, numbered{ID: seriesID(i), I: int(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := counters.InsertOne(ctx, counter{ID: "s", N: 5}); err != nil {
		t.Fatal(err)
	}
	id, err := AppendNumbered(ctx, docs, counters, "s", seriesID, func(id string) any { return numbered{ID: id, I: 6} })
	if err != nil || id != seriesID(6) {
		t.Fatalf("append after the gaps = %s, %v; want %s", id, err, seriesID(6))
	}
	last := lastNumbered(t, docs, counters)
	if last != 6 {
		t.Fatalf("LastNumbered = %d; want 6", last)
	}
	got, err := ByIDs[numbered](ctx, docs, []string{seriesID(1), seriesID(2), seriesID(3), seriesID(4), seriesID(5), seriesID(6)})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].I != 1 || got[1].I != 2 || got[2] != nil || got[3].I != 4 || got[4] != nil || got[5].I != 6 {
		t.Fatalf("ByIDs = %v %v %v %v %v %v", got[0], got[1], got[2], got[3], got[4], got[5])
	}
	if _, err := docs.InsertOne(ctx, bson.D{{Key: "_id", Value: "s:bad"}, {Key: "i", Value: "not a number"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ByIDs[numbered](ctx, docs, []string{seriesID(1), "s:bad"}); err == nil {
		t.Error("a document that does not decode is no error")
	}
}

// A duplicate key on another unique index is no taken number: the append
// fails instead of trying every number.
func TestAppendNumberedOtherDuplicate(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	defer db.Close(ctx)
	counters, docs := db.DB.Collection("counters"), db.DB.Collection("docs")
	if err := Migrate(ctx, db.DB, []Index{{Collection: "docs", Name: "i_unique", Keys: bson.D{{Key: "i", Value: 1}}, Unique: true}}); err != nil {
		t.Fatal(err)
	}
	same := func(id string) any { return numbered{ID: id, I: 7} }
	if _, err := AppendNumbered(ctx, docs, counters, "s", seriesID, same); err != nil {
		t.Fatal(err)
	}
	if id, err := AppendNumbered(ctx, docs, counters, "s", seriesID, same); err == nil {
		t.Fatalf("a duplicate on i was stored as %s", id)
	}
	if n := lastNumbered(t, docs, counters); n != 1 {
		t.Errorf("LastNumbered = %d; want 1", n)
	}
}
