package testenv

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// The pieces every domain's test app is made of: serve the domain's routes
// the way the app does, call them, and look at what is stored. The domain
// wiring itself (identity's service and middleware, the domain's handler)
// stays in each package's main_test.go: testenv imports no domain.

// Serve serves h behind the request middleware (httpx.Observe, logging
// nowhere) on a loopback test server that closes when the test ends, and
// returns the server's URL.
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(httpx.Observe(slog.New(slog.DiscardHandler), h))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Call is Send for the status and body alone.
func Call(t testing.TB, method, url string, header http.Header, body any) (int, []byte) {
	t.Helper()
	status, raw, _ := Send(t, method, url, header, body)
	return status, raw
}

// Docs returns every document of collection, sorted by _id.
func Docs[T any](t testing.TB, db *mongo.Database, collection string) []T {
	t.Helper()
	cur, err := db.Collection(collection).Find(Context(t), bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		t.Fatal(err)
	}
	docs := []T{}
	if err := cur.All(Context(t), &docs); err != nil {
		t.Fatal(err)
	}
	return docs
}

// Dump returns every document of each collection, by collection name: two
// dumps are reflect.DeepEqual when nothing was written in between.
func Dump(t testing.TB, db *mongo.Database, collections ...string) map[string][]bson.M {
	t.Helper()
	out := make(map[string][]bson.M, len(collections))
	for _, c := range collections {
		out[c] = Docs[bson.M](t, db, c)
	}
	return out
}
