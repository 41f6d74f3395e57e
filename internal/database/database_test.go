package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

func open(t *testing.T, dir string) *DB {
	t.Helper()
	db, err := Open(context.Background(), Options{Name: "t", Dir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestEmbeddedKeepsDataAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := open(t, dir)
	if !db.Embedded || !strings.Contains(db.Description, "FerretDB") {
		t.Fatalf("db = %+v, want the embedded FerretDB", db)
	}
	if _, err := db.DB.Collection("things").InsertOne(ctx, bson.D{{Key: "_id", Value: "a"}, {Key: "n", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(ctx); err != nil {
		t.Fatal(err)
	}

	db = open(t, dir)
	defer db.Close(ctx)
	var got struct {
		N int `bson:"n"`
	}
	if err := db.DB.Collection("things").FindOne(ctx, bson.D{{Key: "_id", Value: "a"}}).Decode(&got); err != nil {
		t.Fatalf("document lost across restart: %v", err)
	}
	if got.N != 1 {
		t.Fatalf("n = %d, want 1", got.N)
	}
}

func TestEmbeddedPortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = Open(context.Background(), Options{Name: "t", Dir: t.TempDir(), Port: port}, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), l.Addr().String()) {
		t.Fatalf("err = %v, want an error naming %s", err, l.Addr())
	}
	// Nothing half-started is left behind: FerretDB's debug build (on under
	// -race) panics from a finalizer when a backend is never closed.
	runtime.GC()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
}

func TestMigrateCreatesIndexesIdempotently(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	defer db.Close(ctx)
	idx := []Index{{Collection: "users", Name: "email_unique", Keys: bson.D{{Key: "email", Value: 1}}, Unique: true}}
	for i := 0; i < 2; i++ {
		if err := Migrate(ctx, db.DB, idx); err != nil {
			t.Fatalf("migrate run %d: %v", i+1, err)
		}
	}
	users := db.DB.Collection("users")
	if _, err := users.InsertOne(ctx, bson.D{{Key: "email", Value: "a@example.com"}}); err != nil {
		t.Fatal(err)
	}
	_, err := users.InsertOne(ctx, bson.D{{Key: "email", Value: "a@example.com"}})
	if !mongo.IsDuplicateKeyError(err) {
		t.Fatalf("second insert err = %v, want a duplicate key error from the unique index", err)
	}

	changed := []Index{{Collection: "users", Name: "email_unique", Keys: bson.D{{Key: "name", Value: 1}}}}
	if err := Migrate(ctx, db.DB, changed); err == nil || !strings.Contains(err.Error(), "users.email_unique") {
		t.Fatalf("err = %v, want a mismatch error naming users.email_unique", err)
	}
}

func TestMigrateRejectsBadDeclarations(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	defer db.Close(ctx)
	for _, idx := range [][]Index{
		{{Collection: "c", Name: "", Keys: bson.D{{Key: "a", Value: 1}}}},
		{{Collection: "c", Name: "n"}},
		{{Collection: "c", Name: "n", Keys: bson.D{{Key: "a", Value: 1}}}, {Collection: "c", Name: "n", Keys: bson.D{{Key: "a", Value: 1}}}},
	} {
		if err := Migrate(ctx, db.DB, idx); !errors.Is(err, ErrBadIndex) {
			t.Errorf("Migrate(%v) = %v, want ErrBadIndex", idx, err)
		}
	}
}

func TestOpenUnreachableMongo(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	ctx, cancel := context.WithTimeout(context.Background(), 20e9)
	defer cancel()
	_, err = Open(ctx, Options{URI: "mongodb://" + addr + "/?serverSelectionTimeoutMS=500", Name: "t"}, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), addr) {
		t.Fatalf("err = %v, want a ping error naming %s", err, addr)
	}
}

func TestIDIndexIsUsedByFerretDBsIDLookups(t *testing.T) {
	ctx := context.Background()
	db := open(t, t.TempDir())
	defer db.Close(ctx)
	if _, err := db.DB.Collection("things").InsertOne(ctx, bson.D{{Key: "_id", Value: "a"}}); err != nil {
		t.Fatal(err)
	}
	before, err := db.idLookupPlan(ctx, "things")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(before, "_id_expr") {
		t.Fatalf("plan before = %q already uses the index", before)
	}
	for i := 0; i < 2; i++ { // idempotent, and creates missing collections
		if err := db.EnsureIDIndexes(ctx, "things", "fresh"); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"things", "fresh"} {
		plan, err := db.idLookupPlan(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "USING INDEX") || !strings.Contains(plan, "_id_expr") {
			t.Fatalf("plan for %s = %q, want it to use the _id expression index", c, plan)
		}
	}
	// FerretDB still reads and writes through the index.
	var got bson.M
	if err := db.DB.Collection("things").FindOne(ctx, bson.D{{Key: "_id", Value: "a"}}).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DB.Collection("fresh").InsertOne(ctx, bson.D{{Key: "_id", Value: "b"}}); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkFindByID measures exact-_id lookups on the embedded FerretDB at
// 10,000 documents, with and without the expression index.
func BenchmarkFindByID(b *testing.B) {
	for _, indexed := range []bool{false, true} {
		b.Run(fmt.Sprintf("indexed=%v", indexed), func(b *testing.B) {
			ctx := context.Background()
			db, err := Open(ctx, Options{Name: "bench", Dir: b.TempDir()}, slog.New(slog.DiscardHandler))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close(ctx)
			c := db.DB.Collection("docs")
			docs := make([]any, 0, 10000)
			for i := range 10000 {
				docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("doc-%05d", i)}, {Key: "payload", Value: strings.Repeat("x", 200)}})
			}
			if _, err := c.InsertMany(ctx, docs); err != nil {
				b.Fatal(err)
			}
			if indexed {
				if err := db.EnsureIDIndexes(ctx, "docs"); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var out bson.M
				if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("doc-%05d", i%10000)}}).Decode(&out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
