package backup

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

// writer writes an archive's entries: a tar stream inside gzip.
type writer struct {
	gz      *gzip.Writer
	tw      *tar.Writer
	modTime time.Time // every entry's, the archive's creation time
}

func newWriter(w io.Writer, created time.Time) *writer {
	gz := gzip.NewWriter(w)
	return &writer{gz: gz, tw: tar.NewWriter(gz), modTime: created.Truncate(time.Second)}
}

// entry writes one entry of size bytes read from r.
func (w *writer) entry(name string, size int64, r io.Reader) error {
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: w.modTime, Format: tar.FormatPAX}
	if err := w.tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	if n, err := io.CopyN(w.tw, r, size); err != nil {
		if errors.Is(err, io.EOF) {
			err = fmt.Errorf("%d bytes where %d were expected (did the file change?)", n, size)
		}
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	return nil
}

func (w *writer) bytes(name string, b []byte) error {
	return w.entry(name, int64(len(b)), bytes.NewReader(b))
}

func (w *writer) json(name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("backup: encode %s: %w", name, err)
	}
	return w.bytes(name, append(b, '\n'))
}

// close ends the tar stream and the gzip stream (not the underlying writer).
func (w *writer) close() error {
	if err := w.tw.Close(); err != nil {
		return fmt.Errorf("backup: finish the archive: %w", err)
	}
	if err := w.gz.Close(); err != nil {
		return fmt.Errorf("backup: finish the archive: %w", err)
	}
	return nil
}

// chunks cuts a stream of records into numbered entries of about chunkSize
// bytes: <prefix>000001<ext>, <prefix>000002<ext>, …
type chunks struct {
	w      *writer
	prefix string
	ext    string
	n      int
	buf    bytes.Buffer
}

func (c *chunks) add(record []byte) error {
	c.buf.Write(record)
	if c.buf.Len() >= chunkSize {
		return c.flush()
	}
	return nil
}

func (c *chunks) flush() error {
	if c.buf.Len() == 0 {
		return nil
	}
	c.n++
	err := c.w.bytes(fmt.Sprintf("%s%06d%s", c.prefix, c.n, c.ext), c.buf.Bytes())
	c.buf.Reset()
	return err
}
