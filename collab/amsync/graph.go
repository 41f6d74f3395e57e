package amsync

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/automerge/automerge-go"
)

// Graph mirrors the change graph of one automerge document: every change
// the document holds, in the order it was applied (so dependencies come
// before dependents), each with its vector clock — for every actor, the
// highest sequence number among the change and its ancestors. An actor's
// changes form a chain (change n of an actor depends on its change n−1,
// which ingest enforces), so "is c an ancestor of the set S" is
// seq(c) ≤ clock(S)[actor(c)], and "what came after S" is, for each actor,
// the tail of its chain past clock(S).
//
// A Graph is not safe for concurrent use; the document's lock guards it.
type Graph struct {
	nodes  []node
	index  map[Hash]int32
	actors map[string]int32
	names  []string  // actor ids by index
	chains [][]int32 // per actor: node indices by seq−1
	heads  []Hash    // sorted

	// pending holds changes whose dependencies are missing (the core's
	// queue): applied once they arrive, never stored or acknowledged before.
	pending      map[Hash]*change
	pendingBytes int
}

type node struct {
	hash  Hash
	actor int32
	seq   uint32
	deps  []int32
	clock []uint32 // by actor index; actors added later are 0
	raw   []byte
}

// Limits on what waits for missing dependencies.
const (
	maxPending      = 10000
	maxPendingBytes = 16 << 20
)

// ErrInvalidChange is returned for a change the graph refuses: a broken
// actor chain, or one the core would not apply.
var ErrInvalidChange = errors.New("amsync: invalid change")

// NewGraph returns the graph of doc's changes.
func NewGraph(doc *automerge.Doc) (*Graph, error) {
	g := &Graph{index: map[Hash]int32{}, actors: map[string]int32{}, pending: map[Hash]*change{}}
	chs, err := doc.Changes()
	if err != nil {
		return nil, fmt.Errorf("amsync: read changes: %w", err)
	}
	for _, c := range chs {
		pc, _, err := parseChunk(c.Save())
		if err != nil {
			return nil, err
		}
		if err := g.add(pc); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// Len is the number of changes in the graph.
func (g *Graph) Len() int { return len(g.nodes) }

// Heads returns the document's heads, sorted. The caller must not modify them.
func (g *Graph) Heads() []Hash { return g.heads }

// Has reports whether the change is in the graph.
func (g *Graph) Has(h Hash) bool {
	_, ok := g.index[h]
	return ok
}

// RawFrom returns the bytes of changes n, n+1, … concatenated, which
// automerge.Doc.LoadIncremental reads back.
func (g *Graph) RawFrom(n int) []byte {
	size := 0
	for i := n; i < len(g.nodes); i++ {
		size += len(g.nodes[i].raw)
	}
	out := make([]byte, 0, size)
	for i := n; i < len(g.nodes); i++ {
		out = append(out, g.nodes[i].raw...)
	}
	return out
}

// RawFromExcept is RawFrom without the changes in skip.
func (g *Graph) RawFromExcept(n int, skip map[Hash]bool) []byte {
	if len(skip) == 0 {
		return g.RawFrom(n)
	}
	var out []byte
	for i := n; i < len(g.nodes); i++ {
		if !skip[g.nodes[i].hash] {
			out = append(out, g.nodes[i].raw...)
		}
	}
	return out
}

// ChangeHashes returns the hashes of the changes in raw (concatenated
// change chunks, as a stored record holds them).
func ChangeHashes(raw []byte) ([]Hash, error) {
	chs, err := parseChunks(raw)
	if err != nil {
		return nil, err
	}
	out := make([]Hash, len(chs))
	for i, c := range chs {
		out[i] = c.hash
	}
	return out, nil
}

// ActorsFrom returns the actors (hex, as automerge-go's ActorID) of
// changes n, n+1, …, each once.
func (g *Graph) ActorsFrom(n int) []string {
	var out []string
	seen := map[int32]bool{}
	for i := max(n, 0); i < len(g.nodes); i++ {
		a := g.nodes[i].actor
		if !seen[a] {
			seen[a] = true
			out = append(out, hex.EncodeToString([]byte(g.names[a])))
		}
	}
	return out
}

// change is a parsed change chunk.
type change struct {
	hash  Hash
	deps  []Hash
	actor string // raw actor id bytes
	seq   uint64
	raw   []byte // the chunk
}

// add appends a change whose dependencies are all in the graph.
func (g *Graph) add(c *change) error {
	if _, ok := g.index[c.hash]; ok {
		return nil
	}
	a, ok := g.actors[c.actor]
	if !ok {
		a = int32(len(g.chains))
		g.actors[c.actor] = a
		g.names = append(g.names, c.actor)
		g.chains = append(g.chains, nil)
	}
	n := node{hash: c.hash, actor: a, raw: c.raw, deps: make([]int32, 0, len(c.deps))}
	clock := make([]uint32, len(g.chains))
	for _, dh := range c.deps {
		di, ok := g.index[dh]
		if !ok {
			return fmt.Errorf("%w: %s depends on missing %s", ErrInvalidChange, c.hash, dh)
		}
		n.deps = append(n.deps, di)
		for i, v := range g.nodes[di].clock {
			clock[i] = max(clock[i], v)
		}
	}
	if c.seq == 0 || c.seq > 1<<31 || uint64(clock[a]) != c.seq-1 || uint64(len(g.chains[a])) != c.seq-1 {
		return fmt.Errorf("%w: %s is change %d of its actor, after %d", ErrInvalidChange, c.hash, c.seq, clock[a])
	}
	n.seq = uint32(c.seq)
	clock[a] = n.seq
	n.clock = clock
	i := int32(len(g.nodes))
	g.nodes = append(g.nodes, n)
	g.index[c.hash] = i
	g.chains[a] = append(g.chains[a], i)
	g.heads = slices.DeleteFunc(g.heads, func(x Hash) bool { return slices.Contains(c.deps, x) })
	at, _ := slices.BinarySearchFunc(g.heads, c.hash, compareHash)
	g.heads = slices.Insert(g.heads, at, c.hash)
	return nil
}

func compareHash(a, b Hash) int { return bytes.Compare(a[:], b[:]) }

func sortHashes(hs []Hash) []Hash {
	slices.SortFunc(hs, compareHash)
	return hs
}

// ingest applies changes (the chunks of a sync message) to doc and the
// graph: those already present are skipped, those whose dependencies are
// missing wait in the queue, the rest are applied in dependency order —
// checked here first, then by the core. It reports how many were applied,
// and returns the parsed changes. On an error nothing of this call is
// applied.
func (g *Graph) ingest(doc *automerge.Doc, chunks [][]byte) (int, []*change, error) {
	if len(chunks) == 0 {
		return 0, nil, nil
	}
	chs, err := parseChunks(bytes.Join(chunks, nil))
	if err != nil {
		return 0, nil, err
	}
	n, err := g.apply(doc, chs)
	return n, chs, err
}

func (g *Graph) apply(doc *automerge.Doc, chs []*change) (int, error) {
	for _, c := range chs {
		if g.Has(c.hash) || g.pending[c.hash] != nil {
			continue
		}
		if len(g.pending) >= maxPending || g.pendingBytes+len(c.raw) > maxPendingBytes {
			return 0, fmt.Errorf("%w: too many changes waiting for their dependencies", ErrInvalidChange)
		}
		g.pending[c.hash] = c
		g.pendingBytes += len(c.raw)
	}
	// Every queued change whose dependencies are present or ready, each
	// after its dependencies.
	var ready []*change
	state := map[Hash]bool{} // true: ready; false: blocked (or being visited)
	var visit func(c *change) bool
	visit = func(c *change) bool {
		if ok, seen := state[c.hash]; seen {
			return ok
		}
		state[c.hash] = false
		for _, d := range c.deps {
			if g.Has(d) {
				continue
			}
			if q := g.pending[d]; q == nil || !visit(q) {
				return false
			}
		}
		state[c.hash] = true
		ready = append(ready, c)
		return true
	}
	for _, c := range g.pending {
		visit(c)
	}
	if len(ready) == 0 {
		return 0, nil
	}
	m := g.mark()
	for _, c := range ready {
		if err := g.add(c); err != nil {
			g.rollback(m)
			g.dropPending(ready)
			return 0, err
		}
	}
	size := 0
	for _, c := range ready {
		size += len(c.raw)
	}
	raw := make([]byte, 0, size)
	for _, c := range ready {
		raw = append(raw, c.raw...)
	}
	g.dropPending(ready)
	// The core applies what it can parse and may skip the rest silently, so
	// its heads are the judge: on any disagreement the graph is rebuilt
	// from the document and the message refused.
	err := doc.LoadIncremental(raw)
	if err == nil && !slices.Equal(g.heads, sortHashes(doc.Heads())) {
		err = errors.New("the core did not apply every change")
	}
	if err != nil {
		fresh, ferr := NewGraph(doc)
		if ferr != nil {
			return 0, fmt.Errorf("%w: %v; rebuilding the graph: %v", ErrInvalidChange, err, ferr)
		}
		fresh.pending, fresh.pendingBytes = g.pending, g.pendingBytes
		*g = *fresh
		return 0, fmt.Errorf("%w: %v", ErrInvalidChange, err)
	}
	return len(ready), nil
}

func (g *Graph) dropPending(chs []*change) {
	for _, c := range chs {
		if _, ok := g.pending[c.hash]; ok {
			delete(g.pending, c.hash)
			g.pendingBytes -= len(c.raw)
		}
	}
}

type mark struct {
	nodes  int
	chains []int
	heads  []Hash
}

func (g *Graph) mark() mark {
	m := mark{nodes: len(g.nodes), heads: slices.Clone(g.heads), chains: make([]int, len(g.chains))}
	for i, c := range g.chains {
		m.chains[i] = len(c)
	}
	return m
}

// rollback forgets the changes added since m (actors stay known, with
// empty chains).
func (g *Graph) rollback(m mark) {
	for _, n := range g.nodes[m.nodes:] {
		delete(g.index, n.hash)
	}
	g.nodes = g.nodes[:m.nodes]
	for i := range g.chains {
		keep := 0
		if i < len(m.chains) {
			keep = m.chains[i]
		}
		g.chains[i] = g.chains[i][:keep]
	}
	g.heads = m.heads
}

// missingDeps lists, sorted, the hashes in heads and the dependencies of
// queued changes that are neither in the graph nor queued.
func (g *Graph) missingDeps(heads []Hash) []Hash {
	var out []Hash
	seen := map[Hash]bool{}
	check := func(h Hash) {
		if !seen[h] && !g.Has(h) && g.pending[h] == nil {
			seen[h] = true
			out = append(out, h)
		}
	}
	for _, c := range g.pending {
		for _, d := range c.deps {
			check(d)
		}
	}
	for _, h := range heads {
		check(h)
	}
	slices.SortFunc(out, compareHash)
	return out
}

// clockOf is the clock of a set of changes (unknown hashes are ignored).
func (g *Graph) clockOf(hs []Hash) []uint32 {
	clock := make([]uint32, len(g.chains))
	for _, h := range hs {
		if i, ok := g.index[h]; ok {
			for a, v := range g.nodes[i].clock {
				clock[a] = max(clock[a], v)
			}
		}
	}
	return clock
}

// covered reports whether node i is in the set whose clock is given.
func (g *Graph) covered(clock []uint32, i int32) bool {
	n := &g.nodes[i]
	return int(n.actor) < len(clock) && n.seq <= clock[n.actor]
}

// since returns, in graph order, the changes that are not ancestors of (or
// in) hs.
func (g *Graph) since(hs []Hash) []int32 {
	clock := g.clockOf(hs)
	var out []int32
	for a, chain := range g.chains {
		from := 0
		if a < len(clock) {
			from = int(clock[a])
		}
		if from < len(chain) {
			out = append(out, chain[from:]...)
		}
	}
	slices.Sort(out)
	return out
}

// Ingest applies raw changes made outside the sync protocol (the server's own
// edits) to doc and the graph, as a sync message's changes would be. It
// reports how many were applied.
func (g *Graph) Ingest(doc *automerge.Doc, raw []byte) (int, error) {
	n, _, err := g.ingest(doc, [][]byte{raw})
	return n, err
}
