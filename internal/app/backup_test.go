package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/testenv"
	"github.com/interviewprep/interviewprep/schedule"
)

// The move the README describes: a node fills a database, export writes it
// (and the Kratos identities) to one archive, import loads it into a
// second, empty database, and a node started on that one answers the same.
func TestExportImportMovesAnInstallationToAnotherDatabase(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	logger := slog.New(slog.DiscardHandler)
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	kratos := testenv.StartKratos(t, "http://"+addr)
	srv := testenv.Server(t)
	src, dst := "bk_src_"+testenv.RandomHex(4), "bk_dst_"+testenv.RandomHex(4)
	t.Cleanup(func() {
		_ = srv.Client.Database(src).Drop(context.Background())
		_ = srv.Client.Database(dst).Drop(context.Background())
	})

	first := start(t, serveConfig(t, addr, src))
	owner, colleague := kratos.Person(t, "bk-owner"), kratos.Person(t, "bk-colleague")
	cand, admin := kratos.Person(t, "bk-candidate"), kratos.Person(t, "bk-admin")
	people := []testenv.Person{owner, colleague, cand, admin}
	for _, p := range people {
		apiJSON(t, first.url, "GET", "/api/me", p.Token, nil, http.StatusOK, nil) // creates the user
	}
	for p, role := range map[testenv.Person]identity.Role{owner: identity.RoleInterviewer, colleague: identity.RoleInterviewer, admin: identity.RoleAdmin} {
		if _, err := SetRole(ctx, dbConfig(t, src), logger, p.Email, role); err != nil {
			t.Fatal(err)
		}
	}

	// An interview on now (outcome, comment, chat, another problem picked,
	// a run queued), one next week, one cancelled.
	var problems struct {
		Problems []struct {
			ID string `json:"id"`
		} `json:"problems"`
	}
	apiJSON(t, first.url, "GET", "/api/problems", owner.Token, nil, http.StatusOK, &problems)
	if len(problems.Problems) < 2 {
		t.Fatalf("problems = %+v, want the built-in catalog", problems)
	}
	create := func(title string, instant bool, startsAt time.Time) (iv struct {
		ID   string `json:"id"`
		Docs struct{ Code, Problem, Notes string }
	}) {
		body := map[string]any{"title": title, "description": "backup test", "candidateId": userID(t, first.url, cand),
			"interviewerIds": []string{userID(t, first.url, colleague)}, "durationMinutes": 60, "instant": instant,
			"startsAt": startsAt.UTC().Format(time.RFC3339), "problemId": problems.Problems[0].ID}
		apiJSON(t, first.url, "POST", "/api/interviews", owner.Token, body, http.StatusCreated, &iv)
		return iv
	}
	now := create("Live one", true, time.Now())
	next := create("Next week", false, time.Now().Add(7*24*time.Hour))
	gone := create("Cancelled", false, time.Now().Add(48*time.Hour))
	apiJSON(t, first.url, "DELETE", "/api/interviews/"+gone.ID, owner.Token, nil, http.StatusOK, nil)
	apiJSON(t, first.url, "PUT", "/api/interviews/"+now.ID+"/outcome", colleague.Token, map[string]string{"outcome": "succeeded"}, http.StatusOK, nil)
	apiJSON(t, first.url, "POST", "/api/interviews/"+now.ID+"/comments", colleague.Token, map[string]any{"content": "Clear **thinking**.", "rating": 4}, http.StatusCreated, nil)
	apiJSON(t, first.url, "POST", "/api/interviews/"+now.ID+"/chat", cand.Token, map[string]string{"text": "Hello from the candidate"}, http.StatusCreated, nil)
	apiJSON(t, first.url, "PUT", "/api/interviews/"+now.ID+"/problem", owner.Token, map[string]string{"problemId": problems.Problems[1].ID}, http.StatusOK, nil)
	apiJSON(t, first.url, "POST", "/api/interviews/"+now.ID+"/runs", cand.Token, map[string]string{"language": "python", "source": "print(1)"}, http.StatusAccepted, nil)

	// What everyone sees, on the first node.
	reads := []string{"/api/dashboard", "/api/interviews", "/api/notifications", "/api/interviews/" + now.ID,
		"/api/interviews/" + next.ID, "/api/interviews/" + now.ID + "/comments", "/api/interviews/" + now.ID + "/chat",
		"/api/interviews/" + now.ID + "/runs", "/api/collab/docs/" + url.PathEscape(now.Docs.Code) + "/binary",
		"/api/collab/docs/" + url.PathEscape(now.Docs.Problem) + "/binary", "/api/collab/docs/" + url.PathEscape(now.Docs.Code) + "/history"}
	before := answers(t, first.url, people, reads)
	first.stop()
	for k, want := range map[string]string{
		colleague.Name + " GET /api/dashboard":                                                 "Next week",
		cand.Name + " GET /api/interviews/" + now.ID + "/chat":                                 "Hello from the candidate",
		admin.Name + " GET /api/interviews/" + now.ID + "/comments":                            "Clear **thinking**.",
		colleague.Name + " GET /api/collab/docs/" + url.PathEscape(now.Docs.Code) + "/history": `"changes"`,
	} {
		if !bytes.HasPrefix(before[k], []byte("200 ")) || !bytes.Contains(before[k], []byte(want)) {
			t.Fatalf("%s = %.300s, want 200 with %q", k, before[k], want)
		}
	}

	srcDB := srv.Client.Database(src)
	// The read model's snapshot (a serve node keeps it in the database)
	// is derived: not carried over, as the ids in it may be renamed.
	snapshotDocs := func(db *mongo.Database) int64 {
		n, err := db.Collection(schedule.SnapshotCollection).CountDocuments(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for deadline := time.Now().Add(20 * time.Second); snapshotDocs(srcDB) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the source node saved no read model snapshot in its database")
		}
	}
	undeclared(t, srcDB)

	archivePath := filepath.Join(t.TempDir(), "interviewprep.tar.gz")
	counts, _, err := Export(ctx, dbConfig(t, src), logger, BackupOptions{Path: archivePath, KratosAdminURL: kratos.AdminURL})
	if err != nil {
		t.Fatal(err)
	}
	// A snapshot left in the target describes what it held: the import
	// goes ahead (nothing else is there), drops it and saves its own.
	if _, err := srv.Client.Database(dst).Collection(schedule.SnapshotCollection).InsertOne(ctx,
		bson.D{{Key: "_id", Value: "head"}, {Key: "generation", Value: "stale"}}); err != nil {
		t.Fatal(err)
	}
	res, _, err := Import(ctx, dbConfig(t, dst), logger, BackupOptions{Path: archivePath, KratosAdminURL: kratos.AdminURL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Total() != counts.Total() || res.IdentitiesCreated != 0 || res.UsersRenamed != 0 {
		t.Fatalf("import = %+v, want the %d documents exported, every identity found in Kratos as it is", res, counts.Total())
	}
	dstDB := srv.Client.Database(dst)
	for _, c := range declaredCollections() {
		if a, b := dump(t, srcDB, c), dump(t, dstDB, c); !slices.EqualFunc(a, b, bytes.Equal) {
			t.Fatalf("%s: %d documents exported, %d in the new database, or they differ", c, len(a), len(b))
		}
	}
	// Import saved a new one from what it loaded: the stale one is gone.
	var head struct {
		Generation string `bson:"generation"`
		Parts      int    `bson:"parts"`
	}
	if err := dstDB.Collection(schedule.SnapshotCollection).FindOne(ctx, bson.D{{Key: "_id", Value: "head"}}).Decode(&head); err != nil ||
		head.Generation == "stale" || head.Parts == 0 || snapshotDocs(dstDB) != int64(head.Parts)+1 {
		t.Errorf("after the import the target's schedule snapshot: head %+v (%v), %d documents", head, err, snapshotDocs(dstDB))
	}
	if _, _, err := Import(ctx, dbConfig(t, dst), logger, BackupOptions{Path: archivePath, KratosAdminURL: kratos.AdminURL}); err == nil ||
		!strings.Contains(err.Error(), "--force") {
		t.Fatalf("a second import into the filled database = %v, want a refusal naming --force", err)
	}

	second := start(t, serveConfig(t, addr, dst)) // the same URL: join links and emails name it
	after := answers(t, second.url, people, reads)
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if !bytes.Equal(before[k], after[k]) {
			t.Errorf("%s differs after the move:\n was %s\n now %s", k, before[k], after[k])
		}
	}
}

// undeclared fails the test for every collection db holds that no domain
// package declares: export would still carry it, but import could neither
// check nor replace it, and nothing would create its indexes.
func undeclared(t *testing.T, db *mongo.Database) {
	t.Helper()
	names, err := db.ListCollectionNames(testenv.Context(t), bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !slices.Contains(declaredCollections(), n) && !slices.Contains(schedule.DerivedCollections(), n) {
			t.Errorf("the database holds collection %q, which no domain declares: add it to its package's Collections() (or Indexes())", n)
		}
	}
}

// dump returns a collection's documents sorted by their bytes.
func dump(t *testing.T, db *mongo.Database, coll string) [][]byte {
	t.Helper()
	ctx := testenv.Context(t)
	cur, err := db.Collection(coll).Find(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for cur.Next(ctx) {
		out = append(out, slices.Clone(cur.Current))
	}
	if err := cur.Err(); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, bytes.Compare)
	return out
}

var requestID = regexp.MustCompile(`"requestId":"[0-9a-f]*"`)

// answers GETs every path as every person: status and body by person and
// path.
func answers(t *testing.T, base string, people []testenv.Person, paths []string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range people {
		for _, path := range paths {
			req, err := http.NewRequest("GET", base+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("X-Session-Token", p.Token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = requestID.ReplaceAll(body, nil) // new on every request
			out[p.Name+" GET "+path] = append([]byte(fmt.Sprintf("%d ", resp.StatusCode)), body...)
		}
	}
	return out
}

func userID(t *testing.T, base string, p testenv.Person) string {
	t.Helper()
	var me struct {
		ID string `json:"id"`
	}
	apiJSON(t, base, "GET", "/api/me", p.Token, nil, http.StatusOK, &me)
	return me.ID
}

// serveConfig is a serve-mode node on the test environment's components,
// with the database db; its runs stay queued and its recordings are
// temporary.
func serveConfig(t *testing.T, addr, db string) config.Config {
	t.Helper()
	env := serveEnv(t, addr, db)
	env["INTERVIEWPREP_RUNNER_CONCURRENCY"] = "0" // the same queue on both nodes
	env["INTERVIEWPREP_RECORDINGS_DIR"] = t.TempDir()
	cfg, err := config.Load(config.ModeServe, nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// dbConfig is a one-shot command's configuration for database db on the
// test environment's server.
func dbConfig(t *testing.T, db string) config.Config {
	t.Helper()
	cfg := config.Default(config.ModeMigrate)
	cfg.Database.URI, cfg.Database.Name = "mongodb://"+testenv.Server(t).Address+"/", db
	cfg.Record.Dir = t.TempDir()
	return cfg
}
