package schedule

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"time"
)

// A snapshot is the read model's interviews in one blob, so that a node
// starting serves its lists in about a second instead of after the ~10 s
// FerretDB needs to hand over 100,000 interviews (docs/decisions.md). It is
// a file next to the embedded database, or parts in the database
// (SnapshotCollection) where nodes on an external one share it. It is taken under the write lock with the
// store's write mark (store.writeMark: every interview write on any node
// counts itself before it writes), after the model was loaded, every
// snapshotEvery when the mark moved, and when the service closes. A node that starts with it compares marks: the same mark
// on a node alone means no write since, so the snapshot is the store and
// the node skips the load; otherwise (or with other nodes, whose messages
// the model may not have applied when it was taken) the model is
// provisional (readModel.restore) until the load that runs as before
// replaces it.

// snapshotMagic starts every snapshot file; its last byte is the format.
const snapshotMagic = "IPSCHED\x01"

type snapshot struct {
	Mark       writeMark
	SavedAt    time.Time
	Interviews []*Interview
}

// snapshotHeader is the first gob value of a snapshot file; batches of at
// most snapshotBatch interviews follow (gob buffers each value whole: one
// value of 100,000 interviews would hold the whole file in memory twice).
type snapshotHeader struct {
	Mark    writeMark
	SavedAt time.Time
	Count   int
}

const snapshotBatch = 1000

// encodeSnapshot writes snap to w: magic, gob values, then a CRC-32 of
// both.
func encodeSnapshot(w io.Writer, snap *snapshot) error {
	sum := crc32.NewIEEE()
	bw := bufio.NewWriterSize(io.MultiWriter(w, sum), 1<<20)
	_, _ = bw.WriteString(snapshotMagic)
	enc := gob.NewEncoder(bw)
	err := enc.Encode(snapshotHeader{Mark: snap.Mark, SavedAt: snap.SavedAt, Count: len(snap.Interviews)})
	for b := snap.Interviews; err == nil && len(b) > 0; b = b[min(len(b), snapshotBatch):] {
		err = enc.Encode(b[:min(len(b), snapshotBatch)])
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = binary.Write(w, binary.BigEndian, sum.Sum32())
	}
	return err
}

// writeSnapshot stores snap at path, written to a temporary file renamed
// over path (a crash leaves the old one whole).
func writeSnapshot(path string, snap *snapshot) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("schedule: write snapshot: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing to remove
	if err := encodeSnapshot(tmp, snap); err != nil {
		tmp.Close()
		return fmt.Errorf("schedule: write snapshot: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("schedule: write snapshot: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("schedule: write snapshot: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("schedule: write snapshot: %w", err)
	}
	return nil
}

// errBadSnapshot: the file is not a whole snapshot of this format.
var errBadSnapshot = errors.New("schedule: not a valid snapshot")

// readSnapshot reads and checks the snapshot at path (fs.ErrNotExist when
// there is none).
func readSnapshot(path string) (*snapshot, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return decodeSnapshot(data)
}

// decodeSnapshot checks and decodes what encodeSnapshot wrote.
func decodeSnapshot(data []byte) (*snapshot, error) {
	if len(data) < len(snapshotMagic)+4 || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return nil, errBadSnapshot
	}
	body, tail := data[:len(data)-4], data[len(data)-4:]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(tail) {
		return nil, fmt.Errorf("%w: checksum", errBadSnapshot)
	}
	dec := gob.NewDecoder(bytes.NewReader(body[len(snapshotMagic):]))
	var h snapshotHeader
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("%w: %v", errBadSnapshot, err)
	}
	if h.Count < 0 || h.Count > len(data) {
		return nil, fmt.Errorf("%w: header says %d interviews", errBadSnapshot, h.Count)
	}
	snap := &snapshot{Mark: h.Mark, SavedAt: h.SavedAt, Interviews: make([]*Interview, 0, h.Count)}
	for len(snap.Interviews) < h.Count {
		var b []*Interview
		if err := dec.Decode(&b); err != nil {
			return nil, fmt.Errorf("%w: %v", errBadSnapshot, err)
		}
		snap.Interviews = append(snap.Interviews, b...)
	}
	if len(snap.Interviews) != h.Count {
		return nil, fmt.Errorf("%w: %d interviews, the header says %d", errBadSnapshot, len(snap.Interviews), h.Count)
	}
	return snap, nil
}

// snapshotPlace is where a node keeps its snapshot: a file next to the
// embedded database (snapshotFile), or the database itself, where every
// node reads it (storeSnapshots, readmodel_snapshot_store.go).
type snapshotPlace interface {
	// load returns the snapshot (an error wrapping fs.ErrNotExist when
	// there is none, errBadSnapshot when it is not whole).
	load(ctx context.Context) (*snapshot, error)
	// save replaces the snapshot with snap, taken when the store's write
	// mark was basedOn.
	save(ctx context.Context, snap *snapshot, basedOn writeMark) error
	String() string
}

// snapshotFile is a snapshot in a file.
type snapshotFile string

func (f snapshotFile) load(context.Context) (*snapshot, error) { return readSnapshot(string(f)) }
func (f snapshotFile) save(_ context.Context, snap *snapshot, _ writeMark) error {
	return writeSnapshot(string(f), snap)
}
func (f snapshotFile) String() string { return string(f) }

// saveSnapshot writes the model to its snapshot place when it is
// confirmed and the store was written since the last snapshot. The
// snapshot carries the write mark only when the model is known to hold
// every write up to it (store.trustedMark); else no mark, so that the next
// start uses it provisionally.
func (s *Service) saveSnapshot(ctx context.Context) error {
	if s.snap == nil {
		return nil
	}
	s.writeMu.Lock()
	mark, trusted, err := s.store.trustedMark(ctx)
	all, ok := s.model.confirmedAll()
	s.writeMu.Unlock()
	if err != nil || !ok {
		return err
	}
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	if s.snapMark == mark {
		return nil
	}
	tag := mark
	if !trusted {
		tag = writeMark{}
	}
	if err := s.snap.save(ctx, &snapshot{Mark: tag, SavedAt: s.now().UTC(), Interviews: all}, mark); err != nil {
		return err
	}
	s.snapMark = mark
	return nil
}

// snapshotEvery is how often a node saves its snapshot when interviews
// were written since the last (a node that dies without Close restarts on
// one at most this old: provisional, but close to the store).
const snapshotEvery = 5 * time.Minute

// keepSnapshot saves the snapshot every snapshotEvery until ctx ends or
// the service closes (when there is a snapshot path).
func (s *Service) keepSnapshot(ctx context.Context) {
	if s.snap == nil {
		return
	}
	every := snapshotEvery
	if s.cfg.snapshotEvery > 0 {
		every = s.cfg.snapshotEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.closing:
			return
		case <-t.C:
			if err := s.saveSnapshot(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("schedule: could not save the read model's snapshot", "err", err)
			}
		}
	}
}

// restoreSnapshot fills the loading model from its snapshot place, if
// there is a valid one, and says whether that made it confirmed.
func (s *Service) restoreSnapshot(ctx context.Context) bool {
	start := time.Now()
	snap, err := s.snap.load(ctx)
	if errors.Is(err, os.ErrNotExist) {
		return false
	}
	if err != nil {
		s.log.Warn("schedule: ignoring the read model's snapshot", "place", s.snap.String(), "err", err)
		return false
	}
	// Under the write lock: a write of ours between reading the mark and
	// filling the model would be lost from it.
	s.writeMu.Lock()
	mark, err := s.store.writeMark(ctx)
	current := err == nil && s.cfg.Cluster == nil && mark == snap.Mark
	restored := err == nil && s.model.restore(snap.Interviews, current)
	if restored && current {
		s.store.trust(mark)
	}
	s.writeMu.Unlock()
	if err != nil {
		s.log.Warn("schedule: ignoring the read model's snapshot", "err", err)
		return false
	}
	if !restored {
		return false
	}
	if current {
		s.snapMu.Lock()
		s.snapMark = mark
		s.snapMu.Unlock()
	}
	s.log.Info("schedule: read model restored from its snapshot", "interviews", len(snap.Interviews),
		"current", current, "saved", snap.SavedAt, "took", time.Since(start).Round(time.Millisecond))
	return current
}
