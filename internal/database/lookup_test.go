package database

import (
	"context"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Numbers are handed out once each, and a series
// reads back in order with its gaps (a number whose insert failed) as nil.
func TestNumberedSeries(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	defer db.Close(ctx)
	counters, docs := db.DB.Collection("counters"), db.DB.Collection("docs")

	if n, err := LastNumber(ctx, counters, "s"); err != nil || n != 0 {
		t.Fatalf("LastNumber of a new series = %d, %v; want 0", n, err)
	}
	// Sequential on purpose: on the embedded FerretDB, concurrent $inc upserts
	// hand out the same number twice (seen here: 8 callers got 3 distinct
	// numbers). Callers insert under that number's _id, so a clash is a
	// duplicate-key error, not a lost write; making it safe is open work.
	seen := map[int64]bool{}
	for range 8 {
		n, err := NextNumber(ctx, counters, "s")
		if err != nil {
			t.Fatal(err)
		}
		if seen[n] {
			t.Errorf("number %d handed out twice", n)
		}
		seen[n] = true
	}
	if n, err := LastNumber(ctx, counters, "s"); err != nil || n != 8 || len(seen) != 8 {
		t.Fatalf("after 8 numbers: last %d (%v), %d distinct", n, err, len(seen))
	}

	type doc struct {
		ID string `bson:"_id"`
		V  int    `bson:"v"`
	}
	for _, i := range []int{1, 2, 4} { // 3 is a gap
		if _, err := docs.InsertOne(ctx, doc{ID: fmt.Sprintf("s:%d", i), V: i}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ByIDs[doc](ctx, docs, []string{"s:1", "s:2", "s:3", "s:4"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0].V != 1 || got[1].V != 2 || got[2] != nil || got[3].V != 4 {
		t.Fatalf("ByIDs = %v %v %v %v", got[0], got[1], got[2], got[3])
	}
	if _, err := docs.InsertOne(ctx, bson.D{{Key: "_id", Value: "s:bad"}, {Key: "v", Value: "not a number"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ByIDs[doc](ctx, docs, []string{"s:1", "s:bad"}); err == nil {
		t.Error("a document that does not decode is no error")
	}
}
