package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/internal/backup/archive"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func raw(t testing.TB, d bson.D) bson.Raw {
	t.Helper()
	b, err := bson.Marshal(d)
	must(t, err)
	return b
}

// storable is a document with a value of every BSON type the embedded
// FerretDB stores (it refuses decimal128, undefined, DB pointers, code,
// symbols, min/max keys and arrays in arrays; archive_test.go covers those
// without a database).
func storable(t testing.TB, id any) bson.Raw {
	t.Helper()
	return raw(t, bson.D{
		{Key: "_id", Value: id},
		{Key: "double", Value: 3.25},
		{Key: "negZero", Value: math.Copysign(0, -1)},
		{Key: "string", Value: "héllo ✓"},
		{Key: "doc", Value: bson.D{{Key: "z", Value: int32(1)}, {Key: "a", Value: bson.D{{Key: "deep", Value: true}}}}},
		{Key: "array", Value: bson.A{int32(1), "two", 3.0, bson.D{{Key: "k", Value: "v"}}}},
		{Key: "binary", Value: bson.Binary{Subtype: 0, Data: []byte{0, 1, 2, 255}}},
		{Key: "uuid", Value: bson.Binary{Subtype: 4, Data: bytes.Repeat([]byte{7}, 16)}},
		{Key: "objectId", Value: bson.NewObjectIDFromTimestamp(time.Unix(1700000000, 0))},
		{Key: "bool", Value: false},
		{Key: "datetime", Value: bson.DateTime(1700000000123)},
		{Key: "null", Value: nil},
		{Key: "regex", Value: bson.Regex{Pattern: "^a.*z$", Options: "i"}},
		{Key: "int32", Value: int32(-7)},
		{Key: "timestamp", Value: bson.Timestamp{T: 1700000000, I: 3}},
		{Key: "int64", Value: int64(1) << 40},
	})
}

// all returns a collection's documents keyed by their _id's bytes.
func all(t testing.TB, db *mongo.Database, coll string) map[string]bson.Raw {
	t.Helper()
	ctx := testenv.Context(t)
	cur, err := db.Collection(coll).Find(ctx, bson.D{})
	must(t, err)
	out := map[string]bson.Raw{}
	for cur.Next(ctx) {
		d := slices.Clone(cur.Current)
		out[string(d.Lookup("_id").Value)] = bson.Raw(d)
	}
	must(t, cur.Err())
	return out
}

func sameCollections(t testing.TB, a, b *mongo.Database, colls ...string) {
	t.Helper()
	for _, c := range colls {
		x, y := all(t, a, c), all(t, b, c)
		if len(x) != len(y) {
			t.Fatalf("%s: %d documents, then %d", c, len(x), len(y))
		}
		for id, d := range x {
			if !bytes.Equal(d, y[id]) {
				t.Fatalf("%s: document %v differs:\n was %v\n now %v", c, d.Lookup("_id"), d, y[id])
			}
		}
	}
}

func insert(t testing.TB, db *mongo.Database, coll string, docs ...bson.Raw) {
	t.Helper()
	in := make([]any, len(docs))
	for i, d := range docs {
		in[i] = d
	}
	_, err := db.Collection(coll).InsertMany(testenv.Context(t), in)
	must(t, err)
}

func TestExportImportRoundTripsEveryDocument(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute) // FerretDB under -race on a busy machine
	defer cancel()
	src, dst := testenv.Database(t), testenv.Database(t)
	insert(t, src, "alpha", storable(t, "a"), storable(t, int64(2)), storable(t, bson.NewObjectIDFromTimestamp(time.Unix(1, 0))))
	// More than one insert batch and more than one archive entry.
	pad := strings.Repeat("x", 4000)
	var many []bson.Raw
	for i := range 1100 {
		many = append(many, raw(t, bson.D{{Key: "_id", Value: fmt.Sprintf("k:%05d", i)}, {Key: "k", Value: int32(i)}, {Key: "pad", Value: pad}}))
	}
	insert(t, src, "many", many...)
	insert(t, src, "stray", raw(t, bson.D{{Key: "_id", Value: 1}})) // declared by nobody
	declared := []string{"alpha", "many", "never_written"}
	indexes := []database.Index{{Collection: "many", Name: "k_unique", Keys: bson.D{{Key: "k", Value: 1}}, Unique: true}}

	var arc bytes.Buffer
	counts, err := Export(ctx, src, &arc, ExportOptions{Collections: declared, AppVersion: "test"})
	must(t, err)
	want := map[string]int64{"alpha": 3, "many": 1100, "never_written": 0, "stray": 1}
	if fmt.Sprint(counts.Documents) != fmt.Sprint(want) {
		t.Fatalf("exported %v, want %v", counts.Documents, want)
	}
	t.Logf("archive: %d bytes for %d documents", arc.Len(), counts.Total())

	res, err := Import(ctx, dst, bytes.NewReader(arc.Bytes()), ImportOptions{Collections: declared, Indexes: indexes})
	must(t, err)
	if res.Counts.Total() != 1104 || !slices.Equal(res.Manifest.Collections, []string{"alpha", "many", "never_written", "stray"}) {
		t.Fatalf("import = %+v", res)
	}
	sameCollections(t, src, dst, "alpha", "many", "stray")
	if err := database.Migrate(ctx, dst, indexes); err != nil {
		t.Fatalf("the index is not in place: %v", err)
	}
	_, err = dst.Collection("many").InsertOne(ctx, bson.D{{Key: "_id", Value: "dup"}, {Key: "k", Value: 7}})
	if !mongo.IsDuplicateKeyError(err) {
		t.Fatalf("insert of a duplicate k = %v, want the unique index to refuse it", err)
	}
}

func TestImportRefusesANonEmptyTargetUnlessForced(t *testing.T) {
	ctx := testenv.Context(t)
	src, dst := testenv.Database(t), testenv.Database(t)
	insert(t, src, "users", raw(t, bson.D{{Key: "_id", Value: "u1"}}), raw(t, bson.D{{Key: "_id", Value: "u2"}}))
	var arc bytes.Buffer
	_, err := Export(ctx, src, &arc, ExportOptions{Collections: []string{"users", "interviews"}})
	must(t, err)

	// The app ran once on the target: it holds a declared collection the
	// archive lacks documents for, and one nobody declares.
	insert(t, dst, "interviews", raw(t, bson.D{{Key: "_id", Value: "old"}}))
	insert(t, dst, "users", raw(t, bson.D{{Key: "_id", Value: "u1"}, {Key: "stale", Value: true}}))
	insert(t, dst, "someone_elses", raw(t, bson.D{{Key: "_id", Value: "keep"}}))
	opts := ImportOptions{Collections: []string{"users", "interviews"}}
	_, err = Import(ctx, dst, bytes.NewReader(arc.Bytes()), opts)
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "interviews: 1, users: 1") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("err = %v, want ErrNotEmpty naming interviews and users and --force", err)
	}
	if n := len(all(t, dst, "users")); n != 1 {
		t.Fatalf("a refused import changed users: %d documents", n)
	}

	opts.Force = true
	res, err := Import(ctx, dst, bytes.NewReader(arc.Bytes()), opts)
	must(t, err)
	if !slices.Equal(res.Replaced, []string{"interviews", "users"}) {
		t.Fatalf("replaced %v, want interviews and users", res.Replaced)
	}
	sameCollections(t, src, dst, "users", "interviews")
	if len(all(t, dst, "someone_elses")) != 1 {
		t.Fatal("--force dropped a collection that is neither declared nor in the archive")
	}
}

func TestImportOfABadArchiveChangesNothing(t *testing.T) {
	ctx := testenv.Context(t)
	src, dst := testenv.Database(t), testenv.Database(t)
	for i := range 300 {
		insert(t, src, "c", raw(t, bson.D{{Key: "_id", Value: i}, {Key: "pad", Value: strings.Repeat("y", 1000)}}))
	}
	var arc bytes.Buffer
	_, err := Export(ctx, src, &arc, ExportOptions{Collections: []string{"c"}})
	must(t, err)
	cut := arc.Bytes()[:arc.Len()-200]
	_, err = Import(ctx, dst, bytes.NewReader(cut), ImportOptions{Collections: []string{"c"}})
	if !errors.Is(err, archive.ErrBad) {
		t.Fatalf("import of a truncated archive = %v, want archive.ErrBad", err)
	}
	if names, _ := dst.ListCollectionNames(ctx, bson.D{}); len(names) != 0 {
		t.Fatalf("a bad archive left collections behind: %v", names)
	}
}

func TestMediaTravelWithTheFlagAndAreCountedWithout(t *testing.T) {
	ctx := testenv.Context(t)
	src, dst := testenv.Database(t), testenv.Database(t)
	const id = "0123456789abcdef0123456789abcdef"
	insert(t, src, "recordings", raw(t, bson.D{{Key: "_id", Value: id}, {Key: "file", Value: id + "/recording.mp4"}}))
	from := t.TempDir()
	files := map[string]string{id + "/recording.mp4": "composed", id + "/tracks/cam-TR_1.ivf": "video", id + "/tracks/mic-TR_2.ogg": ""}
	for p, body := range files {
		must(t, os.MkdirAll(filepath.Dir(filepath.Join(from, p)), 0o750))
		must(t, os.WriteFile(filepath.Join(from, p), []byte(body), 0o640))
	}
	must(t, os.WriteFile(filepath.Join(from, "README"), []byte("not a recording"), 0o640))
	must(t, os.Symlink("/etc/passwd", filepath.Join(from, id, "link")))

	var without bytes.Buffer
	counts, err := Export(ctx, src, &without, ExportOptions{Collections: []string{"recordings"}, RecordingsDir: from})
	must(t, err)
	m, inside, err := archive.Check(ctx, bytes.NewReader(without.Bytes()))
	if err != nil || counts.MediaFiles != 0 || m.Media || inside.MediaFiles != 0 {
		t.Fatalf("without --media: counts %+v, manifest %+v, archive %+v, %v; want no media", counts, m, inside, err)
	}

	var with bytes.Buffer
	counts, err = Export(ctx, src, &with, ExportOptions{Collections: []string{"recordings"}, RecordingsDir: from, Media: true})
	must(t, err)
	if counts.MediaFiles != 3 || counts.MediaBytes != int64(len("composed")+len("video")) {
		t.Fatalf("media counts = %+v, want the 3 files of the recording", counts)
	}
	to := t.TempDir()
	_, err = Import(ctx, dst, bytes.NewReader(with.Bytes()), ImportOptions{Collections: []string{"recordings"}})
	if err == nil || !strings.Contains(err.Error(), "--recordings-dir") {
		t.Fatalf("import of media without a directory = %v, want a pointer to --recordings-dir", err)
	}
	_, err = Import(ctx, dst, bytes.NewReader(with.Bytes()), ImportOptions{Collections: []string{"recordings"}, RecordingsDir: to})
	must(t, err)
	for p, body := range files {
		got, err := os.ReadFile(filepath.Join(to, p))
		if err != nil || string(got) != body {
			t.Fatalf("%s = %q, %v; want %q", p, got, err, body)
		}
	}
	if _, err := os.Lstat(filepath.Join(to, id, "link")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the symlink was exported: %v", err)
	}

	// Again into an emptied database: the recording's directory is there.
	must(t, dst.Drop(ctx))
	_, err = Import(ctx, dst, bytes.NewReader(with.Bytes()), ImportOptions{Collections: []string{"recordings"}, RecordingsDir: to})
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "1 of the archive's recordings") {
		t.Fatalf("err = %v, want ErrNotEmpty for the recording already there", err)
	}
	must(t, os.WriteFile(filepath.Join(to, id, "tracks", "stale.ivf"), []byte("old"), 0o640))
	_, err = Import(ctx, dst, bytes.NewReader(with.Bytes()), ImportOptions{Collections: []string{"recordings"}, RecordingsDir: to, Force: true})
	must(t, err)
	if _, err := os.Stat(filepath.Join(to, id, "tracks", "stale.ivf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("--force kept a file of the replaced recording: %v", err)
	}
}

func TestIdentitiesMoveWithTheirPasswordsAndUserIDsFollow(t *testing.T) {
	ctx := testenv.Context(t)
	k := testenv.StartKratos(t, "")
	src, dst := testenv.Database(t), testenv.Database(t)
	moving, staying := testenv.UniqueEmail("moving"), testenv.UniqueEmail("staying")
	oldID, err := k.CreateIdentity(ctx, moving, "Moving Person", testenv.Password)
	must(t, err)
	stayID, err := k.CreateIdentity(ctx, staying, "Staying Person", testenv.Password)
	must(t, err)
	insert(t, src, "users", raw(t, bson.D{{Key: "_id", Value: oldID}, {Key: "email", Value: moving}}),
		raw(t, bson.D{{Key: "_id", Value: stayID}, {Key: "email", Value: staying}}))
	insert(t, src, "interviews", raw(t, bson.D{{Key: "_id", Value: "iv1"}, {Key: "candidateId", Value: oldID},
		{Key: "interviewerIds", Value: bson.A{stayID, oldID}}, {Key: "doc", Value: bson.Binary{Data: []byte("author " + oldID)}}}))
	insert(t, src, "run_active", raw(t, bson.D{{Key: "_id", Value: "iv1:" + oldID}}))

	kratos := &Kratos{AdminURL: k.AdminURL, PageSize: 1} // a page per identity: the Link header's next page is followed
	var arc bytes.Buffer
	counts, err := Export(ctx, src, &arc, ExportOptions{Collections: []string{"users", "interviews", "run_active"}, Kratos: kratos})
	must(t, err)
	if counts.Identities < 2 {
		t.Fatalf("exported %d identities, want at least the two made here", counts.Identities)
	}
	// The target's Kratos lacks the first person: delete it here.
	if _, err := kratos.call(ctx, "DELETE", "/admin/identities/"+oldID, nil, 204, nil); err != nil {
		t.Fatal(err)
	}

	res, err := Import(ctx, dst, bytes.NewReader(arc.Bytes()), ImportOptions{Collections: []string{"users", "interviews", "run_active"}})
	if err == nil || !strings.Contains(err.Error(), "--kratos-admin-url") {
		t.Fatalf("import of identities without Kratos = %v, want a pointer to --kratos-admin-url", err)
	}
	res, err = Import(ctx, dst, bytes.NewReader(arc.Bytes()), ImportOptions{Collections: []string{"users", "interviews", "run_active"}, Kratos: kratos})
	must(t, err)
	newID, err := kratos.find(ctx, moving)
	must(t, err)
	if res.IdentitiesCreated != 1 || res.UsersRenamed != 1 || newID == "" || newID == oldID {
		t.Fatalf("import = created %d, renamed %d; new id %q (was %q)", res.IdentitiesCreated, res.UsersRenamed, newID, oldID)
	}
	// The password came along as its hash.
	if _, err := k.Login(ctx, moving, testenv.Password); err != nil {
		t.Fatalf("sign-in with the old password after the move: %v", err)
	}
	users := all(t, dst, "users")
	if _, ok := users[string(raw(t, bson.D{{Key: "v", Value: newID}}).Lookup("v").Value)]; !ok || len(users) != 2 {
		t.Fatalf("users = %v, want the moved user under %s", users, newID)
	}
	iv := all(t, dst, "interviews")
	var got struct {
		CandidateID    string   `bson:"candidateId"`
		InterviewerIDs []string `bson:"interviewerIds"`
		Doc            []byte   `bson:"doc"`
	}
	for _, d := range iv {
		must(t, bson.Unmarshal(d, &got))
	}
	if got.CandidateID != newID || !slices.Equal(got.InterviewerIDs, []string{stayID, newID}) || string(got.Doc) != "author "+oldID {
		t.Fatalf("interview = %+v, want the new id in strings and the binary untouched", got)
	}
	if _, ok := all(t, dst, "run_active")[string(raw(t, bson.D{{Key: "v", Value: "iv1:" + newID}}).Lookup("v").Value)]; !ok {
		t.Fatal("the <interview>:<user> key kept the old id")
	}
}

func TestIDMapRewritesStringsAndKeysOnly(t *testing.T) {
	const old, neu = "11111111-2222-4333-8444-555555555555", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	m := idMap{old: neu}
	if s, ok := m.replace("x:" + old + ":" + old); !ok || s != "x:"+neu+":"+neu {
		t.Fatalf("replace = %q, %v", s, ok)
	}
	if s, ok := m.replace("99999999-2222-4333-8444-555555555555"); ok || s != "99999999-2222-4333-8444-555555555555" {
		t.Fatalf("an unmapped id changed: %q", s)
	}
	in := raw(t, bson.D{{Key: "_id", Value: old}, {Key: "people", Value: bson.A{"x", old}},
		{Key: "by", Value: bson.D{{Key: old, Value: int32(1)}, {Key: "note", Value: "by " + old}}},
		{Key: "bytes", Value: bson.Binary{Data: []byte(old)}}, {Key: "n", Value: 1.5}})
	out, err := m.document(in)
	must(t, err)
	want := raw(t, bson.D{{Key: "_id", Value: neu}, {Key: "people", Value: bson.A{"x", neu}},
		{Key: "by", Value: bson.D{{Key: neu, Value: int32(1)}, {Key: "note", Value: "by " + neu}}},
		{Key: "bytes", Value: bson.Binary{Data: []byte(old)}}, {Key: "n", Value: 1.5}})
	if !bytes.Equal(out, want) {
		t.Fatalf("rewritten:\n got %v\nwant %v", out, want)
	}
	same := raw(t, bson.D{{Key: "_id", Value: "nobody"}})
	if out, _ := m.document(same); &out[0] != &same[0] {
		t.Fatal("a document without ids was copied")
	}
}
