package archive

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Writer writes an archive: NewWriter writes the manifest; then the
// identities, the collections and the media, in that order; Close writes
// the counts. It does not count: the caller says what it wrote.
type Writer struct {
	gz *gzip.Writer
	tw *tar.Writer
	m  Manifest
}

// NewWriter starts an archive on w with its manifest (Format and Version
// are filled in).
func NewWriter(w io.Writer, m Manifest) (*Writer, error) {
	m.Format, m.Version = Format, Version
	gz := gzip.NewWriter(w)
	aw := &Writer{gz: gz, tw: tar.NewWriter(gz), m: m}
	return aw, aw.json(manifestEntry, m)
}

// Identities returns the writer of the identities: one JSON object a line.
func (w *Writer) Identities() *Chunks {
	return &Chunks{w: w, prefix: identitiesDir, ext: ".jsonl"}
}

// Collection returns the writer of a collection's documents.
func (w *Writer) Collection(name string) *Chunks {
	return &Chunks{w: w, prefix: collectionsDir + name + "/", ext: ".bson"}
}

// Media writes one media file of size bytes from r; rel is its path below
// the recordings directory.
func (w *Writer) Media(rel string, size int64, r io.Reader) error {
	return w.entry(recordingsDir+rel, size, r)
}

// Close writes the counts and ends the tar and gzip streams (not the
// underlying writer).
func (w *Writer) Close(c Counts) error {
	if err := w.json(countsEntry, c); err != nil {
		return err
	}
	if err := w.tw.Close(); err != nil {
		return fmt.Errorf("archive: finish: %w", err)
	}
	if err := w.gz.Close(); err != nil {
		return fmt.Errorf("archive: finish: %w", err)
	}
	return nil
}

// entry writes one entry of size bytes read from r.
func (w *Writer) entry(name string, size int64, r io.Reader) error {
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600,
		ModTime: w.m.CreatedAt.Truncate(time.Second), Format: tar.FormatPAX}
	if err := w.tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("archive: write %s: %w", name, err)
	}
	if n, err := io.CopyN(w.tw, r, size); err != nil {
		if errors.Is(err, io.EOF) {
			err = fmt.Errorf("%d bytes where %d were expected (did the file change?)", n, size)
		}
		return fmt.Errorf("archive: write %s: %w", name, err)
	}
	return nil
}

func (w *Writer) json(name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("archive: encode %s: %w", name, err)
	}
	b = append(b, '\n')
	return w.entry(name, int64(len(b)), bytes.NewReader(b))
}

// Chunks cuts a stream of records into numbered entries of about chunkSize
// bytes: <prefix>000001<ext>, <prefix>000002<ext>, … Close writes the rest.
type Chunks struct {
	w      *Writer
	prefix string
	ext    string
	n      int
	buf    bytes.Buffer
}

// Add appends one record (a BSON document, or a JSON line with its
// newline).
func (c *Chunks) Add(record []byte) error {
	c.buf.Write(record)
	if c.buf.Len() >= chunkSize {
		return c.flush()
	}
	return nil
}

// Close writes what is buffered.
func (c *Chunks) Close() error { return c.flush() }

func (c *Chunks) flush() error {
	if c.buf.Len() == 0 {
		return nil
	}
	c.n++
	b := c.buf.Bytes()
	err := c.w.entry(fmt.Sprintf("%s%06d%s", c.prefix, c.n, c.ext), int64(len(b)), bytes.NewReader(b))
	c.buf.Reset()
	return err
}
