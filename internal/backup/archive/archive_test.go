package archive

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// testArchive describes an archive for tests; bytes writes it with the same
// writer Export uses.
type testArchive struct {
	collections []string
	docs        map[string][]bson.Raw
	identities  []string          // JSON objects
	media       map[string][]byte // by path below the recordings directory
	counts      *Counts           // nil: the true counts
}

func (a testArchive) bytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, Manifest{CreatedAt: time.Unix(1700000000, 0).UTC(),
		Collections: a.collections, Identities: a.identities != nil, Media: a.media != nil})
	must(t, err)
	counts := Counts{Documents: map[string]int64{}}
	ids := w.Identities()
	for _, rec := range a.identities {
		must(t, ids.Add([]byte(rec+"\n")))
		counts.Identities++
	}
	must(t, ids.Close())
	for _, c := range a.collections {
		ch := w.Collection(c)
		for _, d := range a.docs[c] {
			must(t, ch.Add(d))
		}
		must(t, ch.Close())
		counts.Documents[c] = int64(len(a.docs[c]))
	}
	for _, p := range slices.Sorted(maps.Keys(a.media)) {
		must(t, w.Media(p, int64(len(a.media[p])), bytes.NewReader(a.media[p])))
		counts.MediaFiles++
		counts.MediaBytes += int64(len(a.media[p]))
	}
	if a.counts != nil {
		counts = *a.counts
	}
	must(t, w.Close(counts))
	return buf.Bytes()
}

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

// everyType is a document with a value of every BSON type.
func everyType(t testing.TB, id any) bson.Raw {
	t.Helper()
	oid := bson.NewObjectIDFromTimestamp(time.Unix(1700000000, 0))
	dec, err := bson.ParseDecimal128("1234.5678")
	must(t, err)
	return raw(t, bson.D{
		{Key: "_id", Value: id},
		{Key: "double", Value: 3.25},
		{Key: "negZero", Value: math.Copysign(0, -1)},
		{Key: "string", Value: "héllo\x00-free text ✓"},
		{Key: "doc", Value: bson.D{{Key: "z", Value: 1}, {Key: "a", Value: bson.D{{Key: "deep", Value: true}}}}},
		{Key: "array", Value: bson.A{int32(1), "two", bson.A{3.0}}},
		{Key: "binary", Value: bson.Binary{Subtype: 0, Data: []byte{0, 1, 2, 255}}},
		{Key: "uuid", Value: bson.Binary{Subtype: 4, Data: bytes.Repeat([]byte{7}, 16)}},
		{Key: "undefined", Value: bson.Undefined{}},
		{Key: "objectId", Value: oid},
		{Key: "bool", Value: false},
		{Key: "datetime", Value: bson.DateTime(1700000000123)},
		{Key: "null", Value: nil},
		{Key: "regex", Value: bson.Regex{Pattern: "^a.*z$", Options: "im"}},
		{Key: "dbPointer", Value: bson.DBPointer{DB: "db.c", Pointer: oid}},
		{Key: "javascript", Value: bson.JavaScript("function() { return 1 }")},
		{Key: "symbol", Value: bson.Symbol("sym")},
		{Key: "codeWithScope", Value: bson.CodeWithScope{Code: "x", Scope: bson.D{{Key: "x", Value: int32(1)}}}},
		{Key: "int32", Value: int32(-7)},
		{Key: "timestamp", Value: bson.Timestamp{T: 1700000000, I: 3}},
		{Key: "int64", Value: int64(1) << 40},
		{Key: "decimal128", Value: dec},
		{Key: "minKey", Value: bson.MinKey{}},
		{Key: "maxKey", Value: bson.MaxKey{}},
	})
}

// collected is a sink that keeps everything.
type collected struct {
	ids   []string
	docs  map[string][]bson.Raw
	files map[string][]byte
}

func (c *collected) Identity(_ context.Context, line []byte) error {
	c.ids = append(c.ids, string(line))
	return nil
}

func (c *collected) Document(_ context.Context, coll string, d bson.Raw) error {
	if c.docs == nil {
		c.docs = map[string][]bson.Raw{}
	}
	c.docs[coll] = append(c.docs[coll], d)
	return nil
}

func (c *collected) Media(_ context.Context, rel string, _ int64, r io.Reader) error {
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	b, err := io.ReadAll(r)
	c.files[rel] = b
	return err
}

func TestArchiveKeepsEveryBSONTypeByteForByte(t *testing.T) {
	big := bytes.Repeat([]byte{0xab}, 100<<10)
	a := testArchive{
		collections: []string{"every", "empty", "big"},
		docs: map[string][]bson.Raw{
			"every": {everyType(t, "one"), everyType(t, int64(2)), everyType(t, bson.D{{Key: "compound", Value: 1}})},
		},
		identities: []string{`{"id":"0b9a8ad6-5d2c-4d1c-9a65-3e1f0f6e2f4b","password_hash":"$2a$04$abc"}`},
		media: map[string][]byte{"0123456789abcdef0123456789abcdef/recording.mp4": []byte("mp4"),
			"0123456789abcdef0123456789abcdef/tracks/cam.ivf": {}},
	}
	for i := range 60 { // 6 MB: two parts
		a.docs["big"] = append(a.docs["big"], raw(t, bson.D{{Key: "_id", Value: int32(i)}, {Key: "b", Value: big}}))
	}
	archive := a.bytes(t)

	var got collected
	m, counts, err := Read(context.Background(), bytes.NewReader(archive), &got)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Collections, a.collections) || !m.Identities || !m.Media || m.Version != Version {
		t.Fatalf("manifest = %+v", m)
	}
	for _, c := range a.collections {
		if len(got.docs[c]) != len(a.docs[c]) || counts.Documents[c] != int64(len(a.docs[c])) {
			t.Fatalf("%s: read %d documents (counted %d), want %d", c, len(got.docs[c]), counts.Documents[c], len(a.docs[c]))
		}
		for i := range a.docs[c] {
			if !bytes.Equal(got.docs[c][i], a.docs[c][i]) {
				t.Fatalf("%s document %d differs:\n got %v\nwant %v", c, i, got.docs[c][i], a.docs[c][i])
			}
		}
	}
	if !slices.Equal(got.ids, a.identities) || counts.Identities != 1 {
		t.Fatalf("identities = %+v (%d)", got.ids, counts.Identities)
	}
	if !maps.EqualFunc(got.files, a.media, bytes.Equal) || counts.MediaFiles != 2 || counts.MediaBytes != 3 {
		t.Fatalf("media = %v, counts %+v", got.files, counts)
	}
	parts := 0
	for _, name := range entries(t, archive) {
		if strings.HasPrefix(name, collectionsDir+"big/") {
			parts++
		}
	}
	if parts != 2 {
		t.Fatalf("big collection in %d parts, want 2 (entries of about %d bytes)", parts, chunkSize)
	}
}

// entries lists an archive's entry names.
func entries(t testing.TB, archive []byte) []string {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	must(t, err)
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return names
		}
		must(t, err)
		names = append(names, h.Name)
	}
}

// tarEntry is one entry of a hand-made archive.
type tarEntry struct {
	name string
	body []byte
	typ  byte // 0: regular file
}

func handMade(t testing.TB, es ...tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range es {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		h := &tar.Header{Name: e.name, Typeflag: typ, Mode: 0o600, Size: int64(len(e.body))}
		if typ != tar.TypeReg {
			h.Size, h.Linkname = 0, "/etc/passwd"
		}
		must(t, tw.WriteHeader(h))
		if typ == tar.TypeReg {
			_, err := tw.Write(e.body)
			must(t, err)
		}
	}
	must(t, tw.Close())
	must(t, gz.Close())
	return buf.Bytes()
}

func TestBadArchivesGetAClearError(t *testing.T) {
	good := testArchive{collections: []string{"c"}, docs: map[string][]bson.Raw{"c": {raw(t, bson.D{{Key: "_id", Value: 1}})}}}
	archive := good.bytes(t)
	manifest := func(v int, colls ...string) []byte {
		return []byte(fmt.Sprintf(`{"format":%q,"version":%d,"createdAt":"2024-01-01T00:00:00Z","collections":[%s],"identities":false,"media":false}`,
			Format, v, quoteAll(colls)))
	}
	doc := raw(t, bson.D{{Key: "_id", Value: 1}})
	noID := raw(t, bson.D{{Key: "x", Value: 1}})
	counts1 := []byte(`{"documents":{"c":1},"identities":0,"mediaFiles":0,"mediaBytes":0}`)
	cases := []struct {
		name    string
		archive []byte
		want    string
	}{
		{"not gzip", []byte("PK\x03\x04 a zip file"), "not a gzip stream"},
		{"empty", nil, "not a gzip stream"},
		{"gzip of text", gz(t, []byte("hello, world")), "unexpected EOF"},
		{"no manifest first", handMade(t, tarEntry{name: "collections/c/000001.bson", body: doc}), `first entry is "collections/c/000001.bson"`},
		{"newer version", handMade(t, tarEntry{name: manifestEntry, body: manifest(Version + 1)}), "made by a newer interviewprep"},
		{"other format", handMade(t, tarEntry{name: manifestEntry, body: []byte(`{"format":"mongodump","version":1}`)}), `format "mongodump"`},
		{"truncated", archive[:len(archive)*2/3], "unexpected EOF"},
		{"no counts", handMade(t, tarEntry{name: manifestEntry, body: manifest(1, "c")}, tarEntry{name: "collections/c/000001.bson", body: doc}), "truncated?"},
		{"counts disagree", handMade(t, tarEntry{name: manifestEntry, body: manifest(1, "c")}, tarEntry{name: countsEntry, body: counts1}), "says 1 documents in c, the archive holds 0"},
		{"collection not listed", handMade(t, tarEntry{name: manifestEntry, body: manifest(1, "c")}, tarEntry{name: "collections/d/000001.bson", body: doc}), `collection "d" is not in the manifest`},
		{"part missing", handMade(t, tarEntry{name: manifestEntry, body: manifest(1, "c")}, tarEntry{name: "collections/c/000002.bson", body: doc}), "part 000001 was expected"},
		{"bad length", handMade(t, tarEntry{name: manifestEntry, body: manifest(1, "c")}, tarEntry{name: "collections/c/000001.bson", body: []byte{1, 0, 0, 0, 0}}), "document 1: length 1"},
		{"cut document", handMade(t, tarEntry{name: manifestEntry, body: manifest(1, "c")}, tarEntry{name: "collections/c/000001.bson", body: slices.Concat(doc, doc[:7])}), "document 2: cut short"},
		{"invalid BSON", handMade(t, tarEntry{name: manifestEntry, body: manifest(1, "c")}, tarEntry{name: "collections/c/000001.bson", body: corrupt(doc)}), "invalid BSON"},
		{"no _id", handMade(t, tarEntry{name: manifestEntry, body: manifest(1, "c")}, tarEntry{name: "collections/c/000001.bson", body: noID}), "no _id"},
		{"path escapes", handMade(t, tarEntry{name: manifestEntry, body: []byte(`{"format":"interviewprep-backup","version":1,"media":true}`)},
			tarEntry{name: "recordings/../../etc/passwd", body: []byte("x")}), "is not recordings/<recording id>/<file>"},
		{"symlink", handMade(t, tarEntry{name: manifestEntry, body: manifest(1)}, tarEntry{name: "recordings/x", typ: tar.TypeSymlink}), "not a regular file"},
		{"media not announced", handMade(t, tarEntry{name: manifestEntry, body: manifest(1)}, tarEntry{name: "recordings/0123456789abcdef0123456789abcdef/a", body: []byte("x")}), "lists no media"},
		{"identities not announced", handMade(t, tarEntry{name: manifestEntry, body: manifest(1)}, tarEntry{name: "identities/000001.jsonl", body: []byte("{}\n")}), "lists no identities"},
		{"identity not JSON", handMade(t, tarEntry{name: manifestEntry, body: []byte(`{"format":"interviewprep-backup","version":1,"identities":true}`)},
			tarEntry{name: "identities/000001.jsonl", body: []byte("{\"id\":\n")}), "line 1 is not a JSON object"},
		{"unknown entry", handMade(t, tarEntry{name: manifestEntry, body: manifest(1)}, tarEntry{name: "etc/passwd", body: []byte("x")}), `unexpected entry "etc/passwd"`},
		{"after counts", handMade(t, tarEntry{name: manifestEntry, body: manifest(1)}, tarEntry{name: countsEntry, body: []byte(`{}`)}, tarEntry{name: countsEntry, body: []byte(`{}`)}), "after counts.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Check(context.Background(), bytes.NewReader(c.archive))
			if !errors.Is(err, ErrBad) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want ErrBad saying %q", err, c.want)
			}
		})
	}
	if _, _, err := Check(context.Background(), bytes.NewReader(archive)); err != nil {
		t.Fatalf("the good archive: %v", err)
	}
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ",")
}

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, err := w.Write(b)
	must(t, err)
	must(t, w.Close())
	return buf.Bytes()
}

// corrupt returns doc with its first element's type byte made invalid.
func corrupt(doc []byte) []byte {
	c := slices.Clone(doc)
	c[4] = 0x77
	return c
}

// FuzzArchiveReader feeds the reader anything: it must return an error or
// the archive's content, never panic. The first byte picks whether the rest
// is the archive as it is (exercising gzip) or a tar stream the target
// compresses first (so mutations reach the entries, the JSON and the BSON).
func FuzzArchiveReader(f *testing.F) {
	doc := raw(f, bson.D{{Key: "_id", Value: 1}, {Key: "s", Value: "x"}})
	good := testArchive{
		collections: []string{"c", "d"},
		docs:        map[string][]bson.Raw{"c": {doc, everyType(f, 2)}, "d": {doc}},
		identities:  []string{`{"id":"0b9a8ad6-5d2c-4d1c-9a65-3e1f0f6e2f4b","traits":{"email":"a@example.com"}}`},
		media:       map[string][]byte{"0123456789abcdef0123456789abcdef/recording.mp4": []byte("mp4")},
	}.bytes(f)
	f.Add(append([]byte{0}, good...))
	f.Add(append([]byte{1}, gunzip(f, good)...))
	f.Add(append([]byte{0}, good[:len(good)/2]...))
	f.Add(append([]byte{1}, gunzip(f, testArchive{collections: []string{"c"}}.bytes(f))...))
	f.Add(append([]byte{1}, gunzip(f, handMade(f, tarEntry{name: manifestEntry, body: []byte(`{"format":"interviewprep-backup","version":1,"collections":["c"]}`)},
		tarEntry{name: "collections/c/000001.bson", body: doc}, tarEntry{name: countsEntry, body: []byte(`{"documents":{"c":1}}`)}))...))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		in := data[1:]
		if data[0]&1 == 1 {
			in = gz(t, in)
		}
		var got collected
		_, counts, err := Read(context.Background(), bytes.NewReader(in), &got)
		if err != nil {
			if !errors.Is(err, ErrBad) {
				t.Fatalf("error %v does not wrap ErrBad", err)
			}
			return
		}
		if counts.Total() != int64(len(slices.Concat(slices.Collect(maps.Values(got.docs))...))) || counts.Identities != int64(len(got.ids)) {
			t.Fatalf("counts %+v disagree with what was read", counts)
		}
	})
}

func gunzip(t testing.TB, b []byte) []byte {
	r, err := gzip.NewReader(bytes.NewReader(b))
	must(t, err)
	out, err := io.ReadAll(r)
	must(t, err)
	return out
}
