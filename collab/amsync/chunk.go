package amsync

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"fmt"
	"io"
)

// Change chunks, as automerge stores and syncs them:
//
//	magic 85 6f 4a 83 | checksum (4) | type (1) | uleb length | body
//
// type 1 is a change, 2 a DEFLATE-compressed change. A change's hash is
// SHA-256(1 | uleb length | body) of the uncompressed body, whose start is
//
//	deps (uleb count, 32-byte hashes) | actor (uleb length, bytes) | seq (uleb) | …
//
// which is all the graph needs; the core parses the rest when it applies it.
var chunkMagic = []byte{0x85, 0x6f, 0x4a, 0x83}

const (
	chunkChange     = 1
	chunkCompressed = 2
	maxChangeBody   = 16 << 20
)

// parseChunks splits concatenated change chunks and reads each one's hash,
// dependencies, actor and sequence number.
func parseChunks(b []byte) ([]*change, error) {
	var out []*change
	for len(b) > 0 {
		c, n, err := parseChunk(b)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		b = b[n:]
	}
	return out, nil
}

func parseChunk(b []byte) (*change, int, error) {
	if len(b) < 9 || !bytes.Equal(b[:4], chunkMagic) {
		return nil, 0, fmt.Errorf("%w: not a change chunk", ErrInvalidChange)
	}
	r := &reader{b: b, off: 9}
	body, err := r.bytes()
	if err != nil {
		return nil, 0, fmt.Errorf("%w: truncated change chunk", ErrInvalidChange)
	}
	raw := b[:r.off:r.off]
	switch b[8] {
	case chunkChange:
	case chunkCompressed:
		zr := flate.NewReader(bytes.NewReader(body))
		body, err = io.ReadAll(io.LimitReader(zr, maxChangeBody+1))
		if err != nil || len(body) > maxChangeBody {
			return nil, 0, fmt.Errorf("%w: bad compressed change", ErrInvalidChange)
		}
	default:
		return nil, 0, fmt.Errorf("%w: chunk type %d is not a change", ErrInvalidChange, b[8])
	}
	h := sha256.New()
	h.Write(appendUleb([]byte{chunkChange}, uint64(len(body))))
	h.Write(body)
	c := &change{raw: raw}
	h.Sum(c.hash[:0])
	if b[8] == chunkChange && !bytes.Equal(c.hash[:4], b[4:8]) {
		return nil, 0, fmt.Errorf("%w: checksum mismatch", ErrInvalidChange)
	}
	br := &reader{b: body}
	if c.deps, err = br.hashes(); err != nil {
		return nil, 0, fmt.Errorf("%w: bad dependencies", ErrInvalidChange)
	}
	actor, err := br.bytes()
	if err != nil || len(actor) == 0 {
		return nil, 0, fmt.Errorf("%w: bad actor", ErrInvalidChange)
	}
	c.actor = string(actor)
	if c.seq, err = br.uleb(); err != nil {
		return nil, 0, fmt.Errorf("%w: bad sequence number", ErrInvalidChange)
	}
	return c, r.off, nil
}
