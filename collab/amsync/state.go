package amsync

import (
	"slices"

	"github.com/automerge/automerge-go"
)

// State is the sync state with one peer for one document: the core's
// sync::State, with the same rules, so that the official clients see the
// same conversation they would have with another automerge peer.
type State struct {
	sharedHeads   []Hash
	lastSentHeads []Hash
	theirHeads    []Hash
	theirNeed     []Hash
	theirHave     []Have
	their         bool // theirHeads, theirNeed and theirHave were received
	sentHashes    map[Hash]struct{}
	inFlight      bool
	haveResponded bool
	needRounds    int                 // consecutive messages from the peer that asked for changes
	lastNeed      []Hash              // what we last asked the peer for
	own           map[string]struct{} // actors whose changes the peer sent us
}

// NewState starts the sync state for a newly connected peer.
func NewState() *State {
	return &State{sentHashes: map[Hash]struct{}{}, own: map[string]struct{}{}}
}

// Receive applies a sync message from the peer to doc (the rules of the
// core's receive_sync_message, with 0.5's "in flight"); changes are
// dropped when readOnly. It reports how many changes were applied and
// whether the message carried changes at all.
func (s *State) Receive(g *Graph, doc *automerge.Doc, raw []byte, readOnly bool) (applied int, carried bool, err error) {
	m, err := Decode(raw)
	if err != nil {
		return 0, false, err
	}
	carried = len(m.Changes) > 0
	if readOnly {
		m.Changes = nil
	}
	before := slices.Clone(g.Heads())
	if len(m.Changes) > 0 {
		var chs []*change
		if applied, chs, err = g.ingest(doc, m.Changes); err != nil {
			return 0, carried, err
		}
		for _, c := range chs {
			s.own[c.actor] = struct{}{}
		}
		if applied > 0 {
			s.sharedHeads = advanceHeads(before, g.Heads(), s.sharedHeads)
		}
	}
	// Forget sent changes the peer now has.
	if len(s.sentHashes) > 0 {
		clock := g.clockOf(m.Heads)
		for h := range s.sentHashes {
			if i, ok := g.index[h]; ok && g.covered(clock, i) {
				delete(s.sentHashes, h)
			}
		}
	}
	// A peer that asks for changes lacks them, whatever we sent before
	// (it may have dropped a message it could not apply): send again.
	for _, h := range m.Need {
		delete(s.sentHashes, h)
	}
	if len(m.Need) > 0 {
		s.needRounds++
	} else {
		s.needRounds = 0
	}
	if len(m.Changes) == 0 && slices.Equal(m.Heads, before) {
		s.lastSentHeads = slices.Clone(m.Heads)
	}
	// A message is answered once the peer has everything sent (or says
	// heads we all know); newer cores answer every message, which turns a
	// busy document into a stream of messages that carry nothing new.
	if len(s.sentHashes) == 0 {
		s.inFlight = false
	}
	known := true
	for _, h := range m.Heads {
		if !g.Has(h) {
			known = false
			break
		}
	}
	if known {
		s.inFlight = false
		s.sharedHeads = slices.Clone(m.Heads)
		if len(m.Heads) == 0 { // the peer lost everything: start over
			s.lastSentHeads = nil
			s.sentHashes = map[Hash]struct{}{}
		}
	} else {
		for _, h := range m.Heads {
			if g.Has(h) && !slices.Contains(s.sharedHeads, h) {
				s.sharedHeads = append(s.sharedHeads, h)
			}
		}
		slices.SortFunc(s.sharedHeads, compareHash)
	}
	s.theirHave, s.theirHeads, s.theirNeed, s.their = m.Have, m.Heads, m.Need, true
	return applied, carried, nil
}

// advanceHeads: the shared heads after applying changes that moved our heads
// from oldHeads to newHeads.
func advanceHeads(oldHeads, newHeads, shared []Hash) []Hash {
	var out []Hash
	for _, h := range newHeads {
		if !slices.Contains(oldHeads, h) {
			out = append(out, h)
		}
	}
	for _, h := range shared {
		if slices.Contains(newHeads, h) && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, compareHash)
	return out
}

// GenerateMessage returns the next message for the peer, or false when
// there is nothing to say (in sync, or waiting for an answer). The message
// refers to the graph's change bytes, so it must be encoded before the
// graph changes.
func (s *State) GenerateMessage(g *Graph) (*Message, bool) {
	ourHeads := g.Heads()
	ourNeed := g.missingDeps(s.theirHeads)
	// The core sends its summary only when all it needs are the peer's
	// heads; otherwise a bare need makes the peer send just the changes
	// named — one step back along the gap per round trip. The summary
	// (with the queued changes in it) lets the peer send the whole gap at
	// once.
	ourHave := []Have{g.have(s.sharedHeads)}
	if len(s.theirHave) > 0 {
		for _, h := range s.theirHave[0].LastSync {
			if !g.Has(h) { // they synced with a version of us we do not know: reset
				return &Message{Heads: slices.Clone(ourHeads), Have: []Have{{}}}, true
			}
		}
	}
	var send []int32
	if s.their {
		// Asked twice in a row: the peer is walking back missing
		// dependencies a layer a round trip; send all after its heads.
		var after []Hash
		if s.needRounds >= 2 {
			// Their heads we know, and what we know they have: their own
			// newest changes may not have reached us yet.
			after = append(slices.Clone(s.theirHeads), s.sharedHeads...)
		}
		known := g.clockOf(append(slices.Clone(s.theirHeads), s.sharedHeads...))
		for _, i := range g.toSend(s.theirHave, s.theirNeed, after, known, s.own) {
			if _, sent := s.sentHashes[g.nodes[i].hash]; !sent {
				send = append(send, i)
			}
		}
	}
	headsUnchanged := slices.Equal(s.lastSentHeads, ourHeads)
	headsEqual := s.theirHeads != nil && slices.Equal(s.theirHeads, ourHeads)
	if headsUnchanged && s.haveResponded {
		if headsEqual && len(send) == 0 {
			return nil, false
		}
		// Waiting for an answer — unless we newly lack changes (queued
		// changes' dependencies): nothing else would ask for them.
		if s.inFlight && (len(ourNeed) == 0 || slices.Equal(ourNeed, s.lastNeed)) {
			return nil, false
		}
	}
	s.haveResponded = true
	s.lastSentHeads = slices.Clone(ourHeads)
	s.lastNeed = ourNeed
	m := &Message{Heads: s.lastSentHeads, Need: ourNeed, Have: ourHave, Changes: make([][]byte, len(send))}
	for k, i := range send {
		s.sentHashes[g.nodes[i].hash] = struct{}{}
		m.Changes[k] = g.nodes[i].raw
	}
	s.inFlight = true
	return m, true
}

// have summarises what we hold beyond lastSync, queued changes included.
func (g *Graph) have(lastSync []Hash) Have {
	since := g.since(lastSync)
	hs := make([]Hash, 0, len(since)+len(g.pending))
	for _, i := range since {
		hs = append(hs, g.nodes[i].hash)
	}
	for h := range g.pending {
		hs = append(hs, h)
	}
	return Have{LastSync: slices.Clone(lastSync), Bloom: newBloom(hs)}
}

// toSend returns, in graph order, the changes the peer lacks judging by its
// have and need: those after its last sync that are not in its Bloom filter,
// their dependents, and what it asked for (with no have, just that — or,
// given after, everything after those heads).
//
// A Bloom filter also claims about 1 % of what it does not hold. Between two
// peers that is repaired by a need one round trip later — but a core peer
// whose message is in flight and whose heads did not move stays silent,
// need or not, until it knows all our heads. So a false positive on our side
// of the filter and one on its side wait on each other, and a busy document
// stalled for seconds. The server knows better than the filter: the peer can
// only hold a change it made itself, or one it is known to have (known, the
// clock of its known heads and our shared heads) — anything else the filter
// claims is sent anyway (at worst a change it got elsewhere, once).
func (g *Graph) toSend(have []Have, need, after []Hash, known []uint32, own map[string]struct{}) []int32 {
	var out []int32
	if len(have) == 0 && after == nil {
		for _, h := range need {
			if i, ok := g.index[h]; ok {
				out = append(out, i)
			}
		}
		return out
	}
	if len(have) == 0 {
		// A peer sends no summary while it waits for dependencies it lacks;
		// the core then sends just those, one layer of the graph a round
		// trip. Its heads say what it has: send everything after them.
		since := g.since(after)
		in := make(map[int32]bool, len(since))
		for _, i := range since {
			in[i] = true
		}
		for _, h := range need {
			if i, ok := g.index[h]; ok && !in[i] {
				out = append(out, i)
			}
		}
		return append(out, since...)
	}
	var lastSync []Hash
	for _, h := range have {
		lastSync = append(lastSync, h.LastSync...)
	}
	since := g.since(lastSync)
	send := make(map[int32]bool, len(since))
	for _, i := range since {
		in := false
		for k := range have {
			if have[k].Bloom.contains(&g.nodes[i].hash) {
				in = true
				break
			}
		}
		if in && !g.covered(known, i) {
			_, mine := own[g.names[g.nodes[i].actor]]
			in = mine
		}
		if !in {
			send[i] = true
			continue
		}
		// A dependent of a change they lack is one they lack too (graph
		// order puts dependencies first).
		for _, d := range g.nodes[i].deps {
			if send[d] {
				send[i] = true
				break
			}
		}
	}
	for _, h := range need {
		if i, ok := g.index[h]; ok && !send[i] {
			out = append(out, i)
		}
	}
	for _, i := range since {
		if send[i] {
			out = append(out, i)
		}
	}
	return out
}
