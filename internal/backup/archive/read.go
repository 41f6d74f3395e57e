package archive

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Sink receives an archive's content in the archive's order. The bytes of
// an identity line or a document are the sink's to keep; a media file's
// reader is valid until the call returns.
type Sink interface {
	Identity(ctx context.Context, line []byte) error
	Document(ctx context.Context, collection string, doc bson.Raw) error
	Media(ctx context.Context, rel string, size int64, r io.Reader) error
}

// Discard is a Sink that keeps nothing (a check).
type Discard struct{}

func (Discard) Identity(context.Context, []byte) error                { return nil }
func (Discard) Document(context.Context, string, bson.Raw) error      { return nil }
func (Discard) Media(context.Context, string, int64, io.Reader) error { return nil }

// Check reads a whole archive and returns its manifest and counts, or the
// first thing wrong with it (wrapping ErrBad).
func Check(ctx context.Context, r io.Reader) (Manifest, Counts, error) {
	return Read(ctx, r, Discard{})
}

// reader walks an archive, checking the order and shape of every entry and
// tallying what it passes to the sink.
type reader struct {
	s        Sink
	m        Manifest
	stage    int // 0 before the manifest, then 1 identities, 2 collections, 3 media, 4 after counts
	idChunk  int
	coll     int // index in m.Collections of the current collection, -1 before the first
	collPart int
	tally    Counts
}

const (
	stageStart = iota
	stageIdentities
	stageCollections
	stageMedia
	stageDone
)

// Read passes an archive's content to s and returns its manifest and its
// counts, checked against what it read. Every entry is checked before s
// sees it: the order, the names, each document's BSON (and its _id), each
// identity line's JSON; an error about the archive wraps ErrBad, one of
// s's is returned as it is.
func Read(ctx context.Context, r io.Reader, s Sink) (Manifest, Counts, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return Manifest{}, Counts{}, bad("not a gzip stream (%v)", err)
	}
	tr := tar.NewReader(gz)
	rd := &reader{s: s, coll: -1, tally: Counts{Documents: map[string]int64{}}}
	var counts Counts
	for {
		if err := ctx.Err(); err != nil {
			return rd.m, Counts{}, err
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rd.m, Counts{}, bad("%v", err)
		}
		if rd.stage == stageDone {
			return rd.m, Counts{}, bad("entry %q after %s", hdr.Name, countsEntry)
		}
		if hdr.Typeflag != tar.TypeReg {
			return rd.m, Counts{}, bad("entry %q is not a regular file", hdr.Name)
		}
		if counts, err = rd.entry(ctx, hdr, tr); err != nil {
			return rd.m, Counts{}, err
		}
	}
	if rd.stage != stageDone {
		return rd.m, Counts{}, bad("it ends before %s: truncated?", countsEntry)
	}
	return rd.m, counts, nil
}

// entry reads one entry; it returns the counts once it has read counts.json.
func (rd *reader) entry(ctx context.Context, hdr *tar.Header, r io.Reader) (Counts, error) {
	name := hdr.Name
	if rd.stage == stageStart {
		if name != manifestEntry {
			return Counts{}, bad("the first entry is %q, not %s", name, manifestEntry)
		}
		return Counts{}, rd.manifest(hdr, r)
	}
	switch {
	case name == countsEntry:
		return rd.counts(hdr, r)
	case strings.HasPrefix(name, identitiesDir):
		return Counts{}, rd.identities(ctx, name, r)
	case strings.HasPrefix(name, collectionsDir):
		return Counts{}, rd.collection(ctx, name, r)
	case strings.HasPrefix(name, recordingsDir):
		return Counts{}, rd.mediaFile(ctx, hdr, r)
	}
	return Counts{}, bad("unexpected entry %q", name)
}

func readJSON(hdr *tar.Header, r io.Reader, v any) error {
	if hdr.Size > maxJSON {
		return bad("%s is %d bytes, more than %d", hdr.Name, hdr.Size, maxJSON)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return bad("%s: %v", hdr.Name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bad("%s: %v", hdr.Name, err)
	}
	return nil
}

func (rd *reader) manifest(hdr *tar.Header, r io.Reader) error {
	var m Manifest
	if err := readJSON(hdr, r, &m); err != nil {
		return err
	}
	switch {
	case m.Format != Format:
		return bad("format %q, want %q", m.Format, Format)
	case m.Version > Version:
		return fmt.Errorf("%w: made by a newer interviewprep (archive version %d; this one reads up to %d)", ErrBad, m.Version, Version)
	case m.Version < 1:
		return bad("version %d", m.Version)
	}
	for i, c := range m.Collections {
		if !ValidCollection(c) {
			return bad("collection name %q", c)
		}
		if slices.Contains(m.Collections[:i], c) {
			return bad("collection %q listed twice", c)
		}
	}
	rd.m, rd.stage = m, stageIdentities
	return nil
}

// part checks an entry's sequence number: want is the one expected.
func part(name, prefix, ext string, want int) error {
	num, ok := strings.CutSuffix(strings.TrimPrefix(name, prefix), ext)
	n, err := strconv.Atoi(num)
	if !ok || err != nil || len(num) != 6 {
		return bad("entry %q is not %s<6 digits>%s", name, prefix, ext)
	}
	if n != want {
		return bad("entry %q where part %06d was expected (parts missing or out of order)", name, want)
	}
	return nil
}

func (rd *reader) identities(ctx context.Context, name string, r io.Reader) error {
	if !rd.m.Identities || rd.stage != stageIdentities {
		return bad("unexpected entry %q (the manifest lists no identities, or they come after the collections)", name)
	}
	rd.idChunk++
	if err := part(name, identitiesDir, ".jsonl", rd.idChunk); err != nil {
		return err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxJSON)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] != '{' || !json.Valid(b) {
			return bad("%s line %d is not a JSON object", name, line)
		}
		rd.tally.Identities++
		if err := rd.s.Identity(ctx, slices.Clone(b)); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return bad("%s: %v", name, err)
	}
	return nil
}

func (rd *reader) collection(ctx context.Context, name string, r io.Reader) error {
	coll, _, _ := strings.Cut(strings.TrimPrefix(name, collectionsDir), "/")
	i := slices.Index(rd.m.Collections, coll)
	switch {
	case rd.stage > stageCollections:
		return bad("entry %q after the media files", name)
	case i < 0:
		return bad("entry %q: collection %q is not in the manifest", name, coll)
	case i < rd.coll:
		return bad("entry %q: collection %q out of the manifest's order", name, coll)
	case i > rd.coll:
		rd.coll, rd.collPart = i, 0
	}
	rd.stage = stageCollections
	rd.collPart++
	if err := part(name, collectionsDir+coll+"/", ".bson", rd.collPart); err != nil {
		return err
	}
	for n := 1; ; n++ {
		doc, err := readDocument(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return bad("%s, document %d: %v", name, n, err)
		}
		rd.tally.Documents[coll]++
		if err := rd.s.Document(ctx, coll, doc); err != nil {
			return err
		}
	}
}

// readDocument reads one length-prefixed BSON document; io.EOF when r ends
// exactly between documents.
func readDocument(r io.Reader) (bson.Raw, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("cut short")
		}
		return nil, err
	}
	size := int64(int32(binary.LittleEndian.Uint32(head[:])))
	if size < 5 || size > maxDocument {
		return nil, fmt.Errorf("length %d is not a BSON document's", size)
	}
	doc := make([]byte, size)
	copy(doc, head[:])
	if _, err := io.ReadFull(r, doc[4:]); err != nil {
		return nil, errors.New("cut short")
	}
	raw := bson.Raw(doc)
	if err := raw.Validate(); err != nil {
		return nil, fmt.Errorf("invalid BSON: %v", err)
	}
	if _, err := raw.LookupErr("_id"); err != nil {
		return nil, errors.New("no _id")
	}
	return raw, nil
}

func (rd *reader) mediaFile(ctx context.Context, hdr *tar.Header, r io.Reader) error {
	rel := strings.TrimPrefix(hdr.Name, recordingsDir)
	switch {
	case !rd.m.Media:
		return bad("unexpected entry %q (the manifest lists no media)", hdr.Name)
	case !ValidMediaPath(rel):
		return bad("media entry %q is not recordings/<recording id>/<file>", hdr.Name)
	}
	rd.stage = stageMedia
	rd.tally.MediaFiles++
	rd.tally.MediaBytes += hdr.Size
	return rd.s.Media(ctx, rel, hdr.Size, r)
}

func (rd *reader) counts(hdr *tar.Header, r io.Reader) (Counts, error) {
	var c Counts
	if err := readJSON(hdr, r, &c); err != nil {
		return Counts{}, err
	}
	for coll, n := range c.Documents {
		if !slices.Contains(rd.m.Collections, coll) {
			return Counts{}, bad("%s counts collection %q, which the manifest does not list", countsEntry, coll)
		}
		if n != rd.tally.Documents[coll] {
			return Counts{}, bad("%s says %d documents in %s, the archive holds %d", countsEntry, n, coll, rd.tally.Documents[coll])
		}
	}
	for coll, n := range rd.tally.Documents {
		if _, ok := c.Documents[coll]; !ok && n > 0 {
			return Counts{}, bad("%s does not count collection %q", countsEntry, coll)
		}
	}
	if c.Identities != rd.tally.Identities || c.MediaFiles != rd.tally.MediaFiles || c.MediaBytes != rd.tally.MediaBytes {
		return Counts{}, bad("%s says %d identities and %d media files (%d bytes), the archive holds %d and %d (%d bytes)",
			countsEntry, c.Identities, c.MediaFiles, c.MediaBytes, rd.tally.Identities, rd.tally.MediaFiles, rd.tally.MediaBytes)
	}
	rd.stage = stageDone
	return rd.tally, nil
}
