package collab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/automerge/automerge-go"

	"github.com/interviewprep/interviewprep/collab/amsync"
)

// Across app nodes. A document may be open on several nodes at once (two
// people of one interview behind different nodes). The stored, numbered
// log of changes (collab_changes) is the one order they all follow:
//
//   - a node stores its peers' changes under the next free number; when
//     another node took that number first (a duplicate key), it reads the
//     records it lacks, applies them, and takes the next one;
//   - after storing a record, a node tells the others (cluster topic
//     topicChange: document, number, and the bytes when small); a node that
//     has the document open applies it if it is the next number it lacks,
//     else reads what it lacks from the store. Automerge changes are
//     idempotent and commute, so the order of arrival does not matter.
//
// Nothing is acknowledged before it is stored, as on one node, so killing a
// node loses nothing acknowledged. A node that may have missed messages
// (Redis was away) reads what it lacks for every open document, and every
// few seconds it checks its open documents anyway (one _id lookup each).

const (
	topicChange = "collab.change"
	topicUser   = "collab.user"
	// maxInline is the largest record sent whole; larger ones are read
	// from the store by who needs them.
	maxInline = 256 << 10
	// pollEvery is how often open documents are checked for records
	// another node stored without a word reaching this one.
	pollEvery = 5 * time.Second
)

// linkCluster wires the server to cfg.Cluster (before it starts).
func (s *Server) linkCluster() {
	c := s.cfg.Cluster
	if c == nil {
		return
	}
	s.hub.stored = func(id DocumentID, n int64, b []byte) {
		if len(b) > maxInline {
			b = nil
		}
		payload := encodeNote(id, n, b)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = c.Publish(ctx, topicChange, payload) // a lost one: the poll or a resync
		}()
	}
	c.Handle(topicChange, func(_ context.Context, payload []byte) {
		id, n, b, err := decodeNote(payload)
		if err != nil {
			s.log.Warn("collab: dropping a malformed message from another node", "err", err)
			return
		}
		if d := s.hub.loaded(id); d != nil {
			go d.remote(n, b)
		}
	})
	c.Handle(topicUser, func(_ context.Context, payload []byte) { s.closeUser(string(payload)) })
	c.Handle(topicDrop, func(_ context.Context, payload []byte) {
		for _, id := range strings.Split(string(payload), "\n") {
			s.dropDoc(DocumentID(id))
		}
	})
	c.OnResync(func(context.Context) { s.hub.catchUpAll() })
	go s.poll()
}

// poll checks the open documents every pollEvery until Close.
func (s *Server) poll() {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.hub.catchUpAll()
		}
	}
}

// loaded returns document id if it is in memory (loaded, not evicted).
func (h *hub) loaded(id DocumentID) *document {
	h.mu.Lock()
	d := h.docs[id]
	h.mu.Unlock()
	if d == nil {
		return nil
	}
	select {
	case <-d.loadDone:
	default:
		return nil // loading: it reads the store itself
	}
	if d.loadErr != nil {
		return nil
	}
	return d
}

// catchUpAll reads, for every open document, the records it lacks.
func (h *hub) catchUpAll() {
	h.eachLoaded(func(d *document) {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := d.catchUpAndTell(ctx); err != nil {
			h.log.Warn("collab: catching up with other nodes failed", "doc", d.id, "err", err)
		}
	})
}

// remote applies record n that another node stored (b: its bytes, or nil
// to read it).
func (d *document) remote(n int64, b []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.evicted || n <= d.seq {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if n == d.seq+1 && b != nil && d.g.Len() == d.saved {
		// The next record, nothing of ours unstored: apply it as is.
		if err := d.ingestRecord(b); err == nil {
			d.seq = n
			d.incBytes += len(b)
			d.hub.stats.RemoteApplied.Add(1)
			if err := d.save(ctx); err != nil { // anything of ours it let apply
				return
			}
			d.tellPeers()
			return
		}
	}
	if err := d.catchUpAndTell(ctx); err != nil {
		d.hub.log.Warn("collab: applying another node's change failed", "doc", d.id, "err", err)
	}
}

// catchUpAndTell stores this node's unstored changes (which catches up on
// a taken number), then reads every record still lacking, and has the
// peers told. Caller holds d.mu.
func (d *document) catchUpAndTell(ctx context.Context) error {
	if d.evicted {
		return nil
	}
	if err := d.save(ctx); err != nil {
		return err
	}
	applied, err := d.catchUp(ctx)
	if serr := d.save(ctx); serr != nil { // what the records let apply of ours
		return serr
	}
	if applied > 0 {
		d.tellPeers()
	}
	return err
}

// ingestRecord applies a record another node stored, noting its changes as
// stored (save skips them). Caller holds d.mu.
func (d *document) ingestRecord(b []byte) error {
	hs, err := amsync.ChangeHashes(b)
	if err != nil {
		return fmt.Errorf("collab: stored change of %s: %w", d.id, err)
	}
	if d.foreign == nil {
		d.foreign = map[amsync.Hash]bool{}
	}
	for _, h := range hs {
		if !d.g.Has(h) {
			d.foreign[h] = true
		}
	}
	if _, err := d.g.Ingest(d.doc, b); err != nil {
		return fmt.Errorf("collab: apply stored change of %s: %w", d.id, err)
	}
	return nil
}

// tellPeers has every peer sent what it lacks, soon. Caller holds d.mu.
func (d *document) tellPeers() {
	for _, pd := range d.peers {
		pd.dirty = true
	}
	d.scheduleFlush(d.hub.delayFor(len(d.peers)))
}

// catchUp applies the stored records after d.seq, through a newer snapshot
// when another node compacted past them, and reports how many changes were
// new here. The changes land after any unstored ones of this node in the
// graph, noted as stored (foreign) so that save skips them. Caller
// holds d.mu.
func (d *document) catchUp(ctx context.Context) (int, error) {
	applied := 0
	for {
		c, found, err := d.hub.st.change(ctx, d.id, d.seq+1)
		if err != nil {
			return applied, err
		}
		if found && !c.Compacted {
			before := d.g.Len()
			if err := d.ingestRecord(c.Bytes); err != nil {
				return applied, fmt.Errorf("%s: %w", changeKey(d.id, d.seq+1), err)
			}
			applied += d.g.Len() - before
			d.seq++
			d.incBytes += len(c.Bytes)
			d.hub.stats.CaughtUp.Add(1)
			continue
		}
		// The end of the log, or records a snapshot replaced.
		snap, err := d.hub.st.snapshot(ctx, d.id)
		if err != nil {
			return applied, err
		}
		if snap.UpTo <= d.seq {
			if found {
				return applied, fmt.Errorf("collab: %s is compacted but the snapshot ends at %d", changeKey(d.id, d.seq+1), snap.UpTo)
			}
			return applied, nil
		}
		n, err := d.ingestSnapshot(snap.Bytes)
		if err != nil {
			return applied, err
		}
		applied += n
		d.seq, d.upTo, d.snapSize, d.incBytes = snap.UpTo, snap.UpTo, len(snap.Bytes), 0
	}
}

// ingestSnapshot applies the changes of a saved document that this one
// lacks. Caller holds d.mu.
func (d *document) ingestSnapshot(b []byte) (int, error) {
	other, err := automerge.Load(b)
	if err != nil {
		return 0, fmt.Errorf("collab: load %s snapshot: %w", d.id, err)
	}
	chs, err := other.Changes()
	if err != nil {
		return 0, fmt.Errorf("collab: changes of %s snapshot: %w", d.id, err)
	}
	var raw bytes.Buffer
	for _, c := range chs {
		if !d.g.Has(c.Hash()) {
			raw.Write(c.Save())
		}
	}
	if raw.Len() == 0 {
		return 0, nil
	}
	before := d.g.Len()
	if err := d.ingestRecord(raw.Bytes()); err != nil {
		return 0, fmt.Errorf("snapshot: %w", err)
	}
	return d.g.Len() - before, nil
}

// A note is document id \\x00 record number \\x00 bytes (possibly none).
func encodeNote(id DocumentID, n int64, b []byte) []byte {
	out := make([]byte, 0, len(id)+24+len(b))
	out = append(append(out, id...), 0)
	out = append(strconv.AppendInt(out, n, 10), 0)
	return append(out, b...)
}

var errBadNote = errors.New("collab: malformed change note")

func decodeNote(p []byte) (DocumentID, int64, []byte, error) {
	i := bytes.IndexByte(p, 0)
	if i <= 0 {
		return "", 0, nil, errBadNote
	}
	id, err := ParseDocumentID(string(p[:i]))
	if err != nil {
		return "", 0, nil, fmt.Errorf("%w: %v", errBadNote, err)
	}
	rest := p[i+1:]
	j := bytes.IndexByte(rest, 0)
	if j <= 0 {
		return "", 0, nil, errBadNote
	}
	n, err := strconv.ParseInt(string(rest[:j]), 10, 64)
	if err != nil || n < 1 {
		return "", 0, nil, errBadNote
	}
	b := rest[j+1:]
	if len(b) == 0 {
		b = nil
	}
	return id, n, b, nil
}
