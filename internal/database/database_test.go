package database

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"

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
