package collab

import (
	"errors"
)

// The automerge sync message (Rust core 0.5, type byte 0x42):
//
//	0x42 | heads | need | have | changes [| anything newer cores append]
//
// hashes = uleb count, then 32-byte hashes; have = uleb count of
// {lastSync hashes, uleb-length bloom bytes}; changes = uleb count of
// uleb-length change bytes. The server only needs to find the changes to
// drop them from a read-only peer's message.

const syncMessageType = 0x42

var errBadSyncMessage = errors.New("collab: malformed sync message")

type syncReader struct {
	b   []byte
	off int
}

func (r *syncReader) uleb() (uint64, error) {
	var x uint64
	for shift := 0; shift < 64; shift += 7 {
		if r.off >= len(r.b) {
			return 0, errBadSyncMessage
		}
		c := r.b[r.off]
		r.off++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x, nil
		}
	}
	return 0, errBadSyncMessage
}

func (r *syncReader) skip(n uint64) error {
	if n > uint64(len(r.b)-r.off) {
		return errBadSyncMessage
	}
	r.off += int(n)
	return nil
}

func (r *syncReader) hashes() error {
	n, err := r.uleb()
	if err != nil {
		return err
	}
	if n > uint64(len(r.b)) {
		return errBadSyncMessage
	}
	return r.skip(n * 32)
}

// syncChanges reports where the changes section of a sync message starts and
// ends and how many changes it holds.
func syncChanges(b []byte) (start, end int, count uint64, err error) {
	if len(b) == 0 || b[0] != syncMessageType {
		return 0, 0, 0, errBadSyncMessage
	}
	r := &syncReader{b: b, off: 1}
	if err := r.hashes(); err != nil { // heads
		return 0, 0, 0, err
	}
	if err := r.hashes(); err != nil { // need
		return 0, 0, 0, err
	}
	nHave, err := r.uleb()
	if err != nil {
		return 0, 0, 0, err
	}
	for i := uint64(0); i < nHave; i++ {
		if err := r.hashes(); err != nil {
			return 0, 0, 0, err
		}
		bl, err := r.uleb()
		if err != nil {
			return 0, 0, 0, err
		}
		if err := r.skip(bl); err != nil {
			return 0, 0, 0, err
		}
	}
	start = r.off
	count, err = r.uleb()
	if err != nil {
		return 0, 0, 0, err
	}
	for i := uint64(0); i < count; i++ {
		l, err := r.uleb()
		if err != nil {
			return 0, 0, 0, err
		}
		if err := r.skip(l); err != nil {
			return 0, 0, 0, err
		}
	}
	return start, r.off, count, nil
}

// stripChanges returns b without its changes, and whether it had any.
func stripChanges(b []byte) ([]byte, bool, error) {
	start, end, n, err := syncChanges(b)
	if err != nil {
		return nil, false, err
	}
	if n == 0 {
		return b, false, nil
	}
	out := make([]byte, 0, start+1+len(b)-end)
	out = append(out, b[:start]...)
	out = append(out, 0)
	out = append(out, b[end:]...)
	return out, true, nil
}
