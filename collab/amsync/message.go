// Package amsync speaks automerge's sync protocol for a server that holds many
// peers on one document. The Rust core that automerge-go wraps (0.5) answers
// every sync call by walking the whole change graph, so a server's CPU grew
// with document size × messages; here the graph lives in Go with a vector
// clock per change, and "what does this peer lack" costs what it returns.
// The core still applies the changes and holds the document.
package amsync

import (
	"errors"
	"fmt"
	"math"

	"github.com/automerge/automerge-go"
)

// Hash identifies a change (SHA-256 of its bytes).
type Hash = automerge.ChangeHash

// Sync message types: the first byte. V2 carries its changes as one chunk
// (possibly a whole document); this server only sends V1 and never
// advertises V2, so peers never send it V2 either.
const (
	msgV1 = 0x42
	msgV2 = 0x43
)

// ErrMalformed is returned for bytes that are not a sync message.
var ErrMalformed = errors.New("amsync: malformed sync message")

// Message is one sync message:
//
//	type | heads | need | have | changes [| capabilities]
//
// hashes = uleb count + 32-byte hashes; have = uleb count of {last sync
// hashes, uleb-length bloom filter}; changes = uleb count of uleb-length
// chunks; capabilities (appended by newer cores) = uleb count of bytes.
type Message struct {
	Heads   []Hash
	Need    []Hash
	Have    []Have
	Changes [][]byte
	Caps    []byte // nil when the sender appended none
}

// Have summarises what the sender has: everything up to LastSync, plus the
// changes in Bloom.
type Have struct {
	LastSync []Hash
	Bloom    Bloom
}

// Decode parses a sync message. It never panics and never allocates more
// than the input can describe.
func Decode(b []byte) (*Message, error) {
	if len(b) == 0 || (b[0] != msgV1 && b[0] != msgV2) {
		return nil, ErrMalformed
	}
	r := &reader{b: b, off: 1}
	m := &Message{}
	var err error
	if m.Heads, err = r.hashes(); err != nil {
		return nil, err
	}
	if m.Need, err = r.hashes(); err != nil {
		return nil, err
	}
	n, err := r.count(1)
	if err != nil {
		return nil, err
	}
	m.Have = make([]Have, 0, n)
	for range n {
		var h Have
		if h.LastSync, err = r.hashes(); err != nil {
			return nil, err
		}
		raw, err := r.bytes()
		if err != nil {
			return nil, err
		}
		if h.Bloom, err = parseBloom(raw); err != nil {
			return nil, err
		}
		m.Have = append(m.Have, h)
	}
	if n, err = r.count(1); err != nil {
		return nil, err
	}
	m.Changes = make([][]byte, 0, n)
	for range n {
		c, err := r.bytes()
		if err != nil {
			return nil, err
		}
		m.Changes = append(m.Changes, c)
	}
	if r.off < len(b) {
		if m.Caps, err = r.bytes(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Encode writes m as a V1 message.
func (m *Message) Encode() []byte {
	return m.AppendTo(make([]byte, 0, m.Len()))
}

// Len is the length of m's encoding.
func (m *Message) Len() int {
	hashes := func(hs []Hash) int { return ulebLen(uint64(len(hs))) + 32*len(hs) }
	bytes := func(b []byte) int { return ulebLen(uint64(len(b))) + len(b) }
	n := 1 + hashes(m.Heads) + hashes(m.Need) + ulebLen(uint64(len(m.Have)))
	for _, h := range m.Have {
		bl := h.Bloom.encodedLen()
		n += hashes(h.LastSync) + ulebLen(uint64(bl)) + bl
	}
	n += ulebLen(uint64(len(m.Changes)))
	for _, c := range m.Changes {
		n += bytes(c)
	}
	if m.Caps != nil {
		n += bytes(m.Caps)
	}
	return n
}

func ulebLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// AppendTo appends m's encoding to out: a frame can carry it without a
// copy of its own.
func (m *Message) AppendTo(out []byte) []byte {
	out = append(out, msgV1)
	out = appendHashes(out, m.Heads)
	out = appendHashes(out, m.Need)
	out = appendUleb(out, uint64(len(m.Have)))
	for _, h := range m.Have {
		out = appendHashes(out, h.LastSync)
		out = appendUleb(out, uint64(h.Bloom.encodedLen()))
		out = h.Bloom.appendTo(out)
	}
	out = appendUleb(out, uint64(len(m.Changes)))
	for _, c := range m.Changes {
		out = appendUleb(out, uint64(len(c)))
		out = append(out, c...)
	}
	if m.Caps != nil {
		out = appendUleb(out, uint64(len(m.Caps)))
		out = append(out, m.Caps...)
	}
	return out
}

func appendUleb(b []byte, x uint64) []byte {
	for x >= 0x80 {
		b = append(b, byte(x)|0x80)
		x >>= 7
	}
	return append(b, byte(x))
}

func appendHashes(b []byte, hs []Hash) []byte {
	b = appendUleb(b, uint64(len(hs)))
	for i := range hs {
		b = append(b, hs[i][:]...)
	}
	return b
}

type reader struct {
	b   []byte
	off int
}

func (r *reader) uleb() (uint64, error) {
	var x uint64
	for shift := 0; shift < 64; shift += 7 {
		if r.off >= len(r.b) {
			return 0, ErrMalformed
		}
		c := r.b[r.off]
		r.off++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x, nil
		}
	}
	return 0, ErrMalformed
}

// count reads a count of items that take at least min bytes each, refusing
// counts the rest of the input cannot hold.
func (r *reader) count(min int) (int, error) {
	n, err := r.uleb()
	if err != nil {
		return 0, err
	}
	if n > uint64(len(r.b)-r.off)/uint64(min) {
		return 0, fmt.Errorf("%w: count %d beyond the message", ErrMalformed, n)
	}
	return int(n), nil
}

func (r *reader) bytes() ([]byte, error) {
	n, err := r.count(1)
	if err != nil {
		return nil, err
	}
	b := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return b, nil
}

func (r *reader) hashes() ([]Hash, error) {
	n, err := r.count(32)
	if err != nil {
		return nil, err
	}
	hs := make([]Hash, n)
	for i := range hs {
		copy(hs[i][:], r.b[r.off:])
		r.off += 32
	}
	return hs, nil
}

// Bloom is automerge's Bloom filter of change hashes (10 bits an entry, 7
// probes: 1% false positives). The parameters travel with the filter.
type Bloom struct {
	entries, bitsPerEntry, probes uint32
	bits                          []byte
}

const (
	bloomBitsPerEntry = 10
	bloomProbes       = 7
	maxProbes         = 64
)

func bloomCapacity(entries, bitsPerEntry uint32) float64 {
	return math.Ceil(float64(entries) * float64(bitsPerEntry) / 8)
}

func newBloom(hs []Hash) Bloom {
	b := Bloom{entries: uint32(len(hs)), bitsPerEntry: bloomBitsPerEntry, probes: bloomProbes}
	b.bits = make([]byte, int(bloomCapacity(b.entries, b.bitsPerEntry)))
	for i := range hs {
		b.probe(&hs[i], func(bit uint64) bool {
			b.bits[bit>>3] |= 1 << (bit & 7)
			return true
		})
	}
	return b
}

func parseBloom(raw []byte) (Bloom, error) {
	if len(raw) == 0 {
		return Bloom{bitsPerEntry: bloomBitsPerEntry, probes: bloomProbes}, nil
	}
	r := &reader{b: raw}
	var v [3]uint32
	for i := range v {
		x, err := r.uleb()
		if err != nil || x > math.MaxUint32 {
			return Bloom{}, ErrMalformed
		}
		v[i] = uint32(x)
	}
	if v[2] > maxProbes { // each probe is work for every hash looked up
		return Bloom{}, fmt.Errorf("%w: %d bloom probes", ErrMalformed, v[2])
	}
	size := bloomCapacity(v[0], v[1])
	if size > float64(len(raw)-r.off) {
		return Bloom{}, fmt.Errorf("%w: bloom filter shorter than its size", ErrMalformed)
	}
	return Bloom{entries: v[0], bitsPerEntry: v[1], probes: v[2], bits: raw[r.off : r.off+int(size)]}, nil
}

func (b Bloom) encode() []byte { return b.appendTo(nil) }

func (b Bloom) appendTo(out []byte) []byte {
	if b.entries == 0 {
		return out
	}
	out = appendUleb(out, uint64(b.entries))
	out = appendUleb(out, uint64(b.bitsPerEntry))
	out = appendUleb(out, uint64(b.probes))
	return append(out, b.bits...)
}

func (b Bloom) encodedLen() int {
	if b.entries == 0 {
		return 0
	}
	return ulebLen(uint64(b.entries)) + ulebLen(uint64(b.bitsPerEntry)) + ulebLen(uint64(b.probes)) + len(b.bits)
}

// probe calls f with each bit position of h until f returns false; the
// positions are the core's: x, y, z from the hash's first three
// little-endian uint32s, then x += y, y += z.
func (b Bloom) probe(h *Hash, f func(bit uint64) bool) {
	mod := 8 * uint64(len(b.bits))
	if mod == 0 {
		return
	}
	le := func(i int) uint64 {
		return uint64(h[i]) | uint64(h[i+1])<<8 | uint64(h[i+2])<<16 | uint64(h[i+3])<<24
	}
	x, y, z := le(0)%mod, le(4)%mod, le(8)%mod
	if !f(x) {
		return
	}
	for i := uint32(1); i < b.probes; i++ {
		x = (x + y) % mod
		y = (y + z) % mod
		if !f(x) {
			return
		}
	}
}

// contains reports whether h may be in the filter. A filter with entries
// but no bits (which the core itself cannot evaluate) contains nothing.
func (b Bloom) contains(h *Hash) bool {
	if b.entries == 0 || len(b.bits) == 0 {
		return false
	}
	in := true
	b.probe(h, func(bit uint64) bool {
		if b.bits[bit>>3]&(1<<(bit&7)) == 0 {
			in = false
		}
		return in
	})
	return in
}
