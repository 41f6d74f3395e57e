package collab

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/automerge/automerge-go"

	"github.com/interviewprep/interviewprep/collab/amsync"
)

// document is one loaded automerge document and the peers syncing it. Every
// field below mu is guarded by it; sync messages for the document are only
// generated under mu, after the changes they acknowledge are stored.
type document struct {
	id   DocumentID
	meta docMeta
	hub  *hub

	loadDone chan struct{}
	loadErr  error

	mu       sync.Mutex
	doc      *automerge.Doc
	g        *amsync.Graph // doc's change graph; the sync protocol runs on it
	evicted  bool
	upTo     int64 // snapshot covers changes 1…upTo
	seq      int64 // last stored change number
	snapSize int
	incBytes int
	peers    map[*peer]*peerDoc
	idleAt   time.Time
	// Group commit: the changes applied after the first saved ones (graph
	// order) are stored together (save) before the next sync message is
	// generated, so nothing unstored is ever acknowledged.
	saved int
	// foreign are the changes after saved that came from records other
	// nodes stored (cluster.go): save skips them, so only this node's
	// peers' changes are stored, even those a record's arrival let apply.
	foreign map[amsync.Hash]bool
	timer   *time.Timer
	timerAt time.Time
	// authors are the actors whose user is already stored (store.addAuthors),
	// so that only an actor's first change costs a write.
	authors map[string]bool
}

// peerDoc is the sync state between the server and one peer for one document.
type peerDoc struct {
	st       *amsync.State
	readOnly bool
	inFlight bool // a message was sent and the peer has not answered yet
	// newActors are actors first seen in this peer's changes, for the
	// handler to record as the peer's user's (outside the document lock).
	newActors []string
	dirty     bool // the document changed or the peer spoke since the last generate
	lastSent  time.Time
	warned    bool // told it is read-only
}

type hub struct {
	st    *store
	log   *slog.Logger
	delay time.Duration // coalesce a burst of incoming messages before replying
	flush time.Duration // least time between two messages to one peer for one document…
	// …or this times the document's peers, when that is longer.
	flushPerPeer time.Duration
	resend       time.Duration
	idle         time.Duration
	stats        *Stats
	// stored hears of each record stored (number n, bytes b), to tell the
	// other nodes; nil on a node alone. It must not block.
	stored func(id DocumentID, n int64, b []byte)

	mu   sync.Mutex
	docs map[DocumentID]*document
}

// Small rooms wait less for an answer before sending what piled up: a
// client that was sent nothing new does not answer, and with two people
// typing 150 ms apart the full resend interval was the p99 (172 ms; 68 ms
// with this, bench/collab). Big rooms keep the full interval.
const (
	minResend     = 60 * time.Millisecond
	resendPerPeer = 30 * time.Millisecond
)

// resendFor is how long a message to one of peers may go unanswered before
// the next one is sent anyway: resendPerPeer × peers, within [minResend,
// the configured interval].
func (h *hub) resendFor(peers int) time.Duration {
	return min(h.resend, max(minResend, time.Duration(peers)*resendPerPeer))
}

// delayFor is how long a burst of incoming messages is coalesced before
// the peers are answered: 1 ms × peers, from 2 ms up to the configured
// delay. Two people typing: p50 17.5 → 10–11 ms (bench/collab); a big room
// keeps the full delay, and its spacing rules above do the batching.
func (h *hub) delayFor(peers int) time.Duration {
	return min(h.delay, max(2*time.Millisecond, time.Duration(peers)*time.Millisecond))
}

// get returns the loaded document, loading it once however many callers ask
// at the same time. errDocNotFound if it does not exist.
func (h *hub) get(ctx context.Context, id DocumentID) (*document, error) {
	h.mu.Lock()
	d, ok := h.docs[id]
	if !ok {
		d = &document{id: id, hub: h, loadDone: make(chan struct{}), peers: map[*peer]*peerDoc{}}
		h.docs[id] = d
		h.mu.Unlock()
		d.loadErr = h.load(context.WithoutCancel(ctx), d)
		if d.loadErr != nil {
			h.mu.Lock()
			delete(h.docs, id)
			h.mu.Unlock()
		}
		close(d.loadDone)
	} else {
		h.mu.Unlock()
	}
	select {
	case <-d.loadDone:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if d.loadErr != nil {
		return nil, d.loadErr
	}
	return d, nil
}

func (h *hub) load(ctx context.Context, d *document) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	m, err := h.st.meta(ctx, d.id)
	if err != nil {
		return err
	}
	l, err := h.st.load(ctx, d.id)
	if err != nil {
		return err
	}
	doc, err := automerge.Load(l.snapshot)
	if err != nil {
		return fmt.Errorf("collab: load %s snapshot: %w", d.id, err)
	}
	for i, c := range l.changes {
		if err := doc.LoadIncremental(c); err != nil {
			return fmt.Errorf("collab: load %s change %d: %w", d.id, l.upTo+int64(i)+1, err)
		}
		d.incBytes += len(c)
	}
	g, err := amsync.NewGraph(doc)
	if err != nil {
		return fmt.Errorf("collab: load %s: %w", d.id, err)
	}
	d.meta, d.doc, d.g, d.saved = m, doc, g, g.Len()
	d.upTo, d.seq, d.snapSize = l.upTo, l.upTo+int64(len(l.changes)), len(l.snapshot)
	d.idleAt = time.Now()
	return nil
}

// attach returns the peer's sync state for d, creating it. It fails when d
// was evicted meanwhile (the caller loads it again). Caller holds d.mu.
func (d *document) attach(p *peer, readOnly bool) (*peerDoc, bool) {
	if d.evicted {
		return nil, false
	}
	pd := d.peers[p]
	if pd == nil {
		pd = &peerDoc{st: amsync.NewState(), readOnly: readOnly}
		d.peers[p] = pd
	}
	pd.readOnly = readOnly
	return pd, true
}

func (d *document) detach(p *peer) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.peers[p]; ok {
		delete(d.peers, p)
		if len(d.peers) == 0 {
			d.idleAt = time.Now()
		}
	}
}

// receive applies one sync message from p (without its changes when p is
// read-only) and reports whether the message carried changes. The changes
// it brought are stored by save, which runs before any sync message is
// generated (the next flush, at most hub.delay later, or a handshake
// reply). Caller holds d.mu.
func (d *document) receive(pd *peerDoc, data []byte) (carried bool, err error) {
	before := d.g.Len()
	applied, carried, err := pd.st.Receive(d.g, d.doc, data, pd.readOnly)
	if d.g.Len() > before {
		pd.newActors = append(pd.newActors, d.unknownActors(before)...)
	}
	pd.inFlight, pd.dirty = false, true
	if applied > 0 {
		for _, o := range d.peers {
			o.dirty = true
		}
	}
	if err != nil {
		return carried, fmt.Errorf("%w: sync message: %v", ErrBadMessage, err)
	}
	return carried, nil
}

// unknownActors returns the actors of changes n, … not yet in d.authors,
// and adds them. Caller holds d.mu.
func (d *document) unknownActors(n int) []string {
	var out []string
	for _, a := range d.g.ActorsFrom(n) {
		if !d.authors[a] {
			if d.authors == nil {
				d.authors = map[string]bool{}
			}
			d.authors[a] = true
			out = append(out, a)
		}
	}
	return out
}

// save stores the changes applied since the last save, in one record. On
// failure the document is dropped (errStore). Caller holds d.mu.
func (d *document) save(ctx context.Context) error {
	if d.g.Len() == d.saved {
		return nil
	}
	return d.persist(ctx)
}

// errStore means a change could not be stored; the document is dropped from
// memory so that nothing unstored is ever acknowledged.
var errStore = errors.New("collab: could not store change")

func (d *document) persist(ctx context.Context) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	var b []byte
	for attempt := 0; ; attempt++ {
		// Again on every attempt: catching up may have let changes of
		// this node's peers that waited for a dependency apply.
		b = d.g.RawFromExcept(d.saved, d.foreign)
		if len(b) == 0 {
			d.saved, d.foreign = d.g.Len(), nil // all of it stored by others
			return nil
		}
		err := d.hub.st.appendChanges(sctx, d.id, d.seq+1, b)
		if err == nil {
			break
		}
		if errors.Is(err, errTaken) && attempt < 20 {
			d.hub.stats.NumbersTaken.Add(1)
			// Another node stored that number: take its changes (they
			// are stored), then the next number.
			if _, cerr := d.catchUp(sctx); cerr == nil {
				continue
			} else {
				err = cerr
			}
		}
		d.hub.log.Error("collab: store change failed; dropping document from memory", "doc", d.id, "err", err)
		d.dropLocked()
		return fmt.Errorf("%w: %v", errStore, err)
	}
	d.seq++
	d.saved, d.foreign = d.g.Len(), nil
	d.incBytes += len(b)
	if d.hub.stored != nil {
		d.hub.stored(d.id, d.seq, b)
	}
	if d.incBytes > d.snapSize {
		snap := d.doc.Save()
		// Across nodes the records stay whole: the embedded FerretDB's
		// conditional replace is not atomic, so two nodes compacting at
		// once can move the snapshot back past records already emptied
		// (bench/capacity found it); with whole records that costs nothing.
		if err := d.hub.st.compact(sctx, d.id, snap, d.upTo, d.seq, d.hub.stored == nil); err != nil {
			// The changes are stored; compaction can wait for the next one.
			d.hub.log.Warn("collab: compaction failed", "doc", d.id, "err", err)
		} else {
			d.upTo, d.snapSize, d.incBytes = d.seq, len(snap), 0
		}
	}
	return nil
}

// dropLocked forgets the in-memory document (it may hold unstored changes)
// and disconnects its peers, which resync from the stored state. Caller
// holds d.mu.
func (d *document) dropLocked() {
	d.evicted = true
	if d.timer != nil {
		d.timer.Stop()
	}
	for p := range d.peers {
		go p.fail("the server could not store a change; please reconnect")
	}
	d.peers = map[*peer]*peerDoc{}
	go d.hub.forget(d)
}

// scheduleFlush makes sure a flush runs within delay. Caller holds d.mu.
func (d *document) scheduleFlush(delay time.Duration) {
	at := time.Now().Add(delay)
	if d.timer != nil && !d.timerAt.IsZero() && !d.timerAt.After(at) {
		return
	}
	d.timerAt = at
	if d.timer == nil {
		d.timer = time.AfterFunc(delay, d.flush)
	} else {
		d.timer.Reset(delay)
	}
}

// flush sends each peer that may lack something a message, adaptively:
//
//   - one message in flight per peer: a peer that has not answered the
//     previous message gets nothing until it answers (what piles up meanwhile
//     goes out in one message) or the resend interval passes;
//   - an idle peer is answered as soon as the flush runs (the caller delays
//     it by hub.delay to coalesce a burst), not after a fixed batch timer;
//   - at most one message per gap to one peer, the gap growing with the
//     number of peers (see Config.FlushInterval).
func (d *document) flush() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.timerAt = time.Time{}
	if d.evicted {
		return
	}
	if err := d.save(context.Background()); err != nil {
		return // dropped; its peers resync from the stored state
	}
	now := time.Now()
	minGap := max(d.hub.flush, time.Duration(len(d.peers))*d.hub.flushPerPeer)
	resend := d.hub.resendFor(len(d.peers))
	next := time.Duration(-1)
	again := func(after time.Duration) {
		if next < 0 || after < next {
			next = after
		}
	}
	for p, pd := range d.peers {
		if pd.inFlight {
			if since := now.Sub(pd.lastSent); since < resend {
				if pd.dirty {
					again(resend - since)
				}
				continue
			}
			pd.dirty = true // no answer: try again
		}
		if !pd.dirty {
			continue
		}
		if gap := now.Sub(pd.lastSent); gap < minGap {
			again(minGap - gap)
			continue
		}
		d.sendTo(p, pd, now)
	}
	if next >= 0 {
		d.scheduleFlush(next)
	}
}

// sendTo generates and queues a sync message for p; reports whether one was
// sent. Caller holds d.mu and has saved.
func (d *document) sendTo(p *peer, pd *peerDoc, now time.Time) bool {
	pd.dirty = false
	m, ok := pd.st.GenerateMessage(d.g)
	if !ok {
		pd.inFlight = false
		return false
	}
	p.sendFrame(encodeSyncFrame(p.srv.peerID, p.id, string(d.id), m))
	pd.inFlight, pd.lastSent = true, now
	return true
}

// eachLoaded calls f, holding d.mu, for every document that loaded and is
// still in memory.
func (h *hub) eachLoaded(f func(d *document)) {
	h.mu.Lock()
	docs := make([]*document, 0, len(h.docs))
	for _, d := range h.docs {
		docs = append(docs, d)
	}
	h.mu.Unlock()
	for _, d := range docs {
		select {
		case <-d.loadDone:
		default:
			continue // still loading
		}
		if d.loadErr != nil {
			continue
		}
		d.mu.Lock()
		if !d.evicted {
			f(d)
		}
		d.mu.Unlock()
	}
}

// forget removes d from the loaded documents, unless it was replaced already.
func (h *hub) forget(d *document) {
	h.mu.Lock()
	if h.docs[d.id] == d {
		delete(h.docs, d.id)
	}
	h.mu.Unlock()
}

// evictIdle drops documents that have had no peers for the idle time, after
// storing anything still unsaved.
func (h *hub) evictIdle(now time.Time) {
	h.eachLoaded(func(d *document) {
		if len(d.peers) == 0 && now.Sub(d.idleAt) >= h.idle && d.save(context.Background()) == nil {
			d.evicted = true
			if d.timer != nil {
				d.timer.Stop()
			}
			h.forget(d)
		}
	})
}

// saveAll stores every loaded document's unsaved changes.
func (h *hub) saveAll(ctx context.Context) {
	h.eachLoaded(func(d *document) { _ = d.save(ctx) })
}

func (h *hub) loadedCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.docs)
}
