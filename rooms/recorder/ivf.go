package recorder

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"time"
)

// IVF: a 32-byte file header, then per frame a 12-byte header (size, pts)
// and the frame. Frames carry their own timestamps, so a file cut off
// anywhere is still readable up to its last whole frame; the header's
// duration field is only a hint (ffmpeg reads frames to the end), kept
// fresh on every flush.

const (
	ivfHeaderSize      = 32
	ivfFrameHeaderSize = 12
	// ivfTimebase is 1/1000 s: frame timestamps are milliseconds, so the
	// 32-bit duration field covers 49 days.
	ivfTimebase = 1000
)

// ivfWriter writes VP8 frames, with timestamps in ms, to an IVF file.
type ivfWriter struct {
	f       *os.File
	w       *bufio.Writer
	frames  int
	lastPTS int64 // ms; -1 before the first frame
	dur     int64 // ms covered so far (last pts + one frame)
	flushed time.Time
	bytes   int64
}

// newIVFWriter writes to f (new and empty) a VP8 stream of width×height
// (from its first keyframe).
func newIVFWriter(f *os.File, width, height uint16, now time.Time) (*ivfWriter, error) {
	h := make([]byte, ivfHeaderSize)
	copy(h[0:], "DKIF")
	binary.LittleEndian.PutUint16(h[4:], 0)
	binary.LittleEndian.PutUint16(h[6:], ivfHeaderSize)
	copy(h[8:], "VP80")
	binary.LittleEndian.PutUint16(h[12:], width)
	binary.LittleEndian.PutUint16(h[14:], height)
	binary.LittleEndian.PutUint32(h[16:], ivfTimebase) // timebase denominator
	binary.LittleEndian.PutUint32(h[20:], 1)           // timebase numerator
	binary.LittleEndian.PutUint32(h[24:], 0)           // duration (timebase units), updated on flush
	if _, err := f.Write(h); err != nil {
		return nil, err
	}
	return &ivfWriter{f: f, w: bufio.NewWriterSize(f, 64<<10), lastPTS: -1, flushed: now, bytes: ivfHeaderSize}, nil
}

// write appends a frame at pts ms (made strictly increasing), at now. It
// returns the bytes written.
func (v *ivfWriter) write(frame []byte, pts int64, now time.Time) (int, error) {
	if pts <= v.lastPTS {
		pts = v.lastPTS + 1
	}
	var h [ivfFrameHeaderSize]byte
	binary.LittleEndian.PutUint32(h[0:], uint32(len(frame)))
	binary.LittleEndian.PutUint64(h[4:], uint64(pts))
	if _, err := v.w.Write(h[:]); err != nil {
		return 0, err
	}
	if _, err := v.w.Write(frame); err != nil {
		return 0, err
	}
	step := int64(33)
	if v.lastPTS >= 0 {
		step = min(max(pts-v.lastPTS, 1), 1000)
	}
	v.lastPTS = pts
	v.dur = pts + step
	v.frames++
	n := ivfFrameHeaderSize + len(frame)
	v.bytes += int64(n)
	if now.Sub(v.flushed) >= flushEvery {
		return n, v.flush(now)
	}
	return n, nil
}

// flush writes the buffered frames and then the duration so far into the
// header.
func (v *ivfWriter) flush(now time.Time) error {
	v.flushed = now
	if err := v.w.Flush(); err != nil {
		return err
	}
	var d [4]byte
	binary.LittleEndian.PutUint32(d[:], uint32(min(v.dur, 1<<32-1)))
	if _, err := v.f.WriteAt(d[:], 24); err != nil {
		return fmt.Errorf("ivf header: %w", err)
	}
	return nil
}

func (v *ivfWriter) close() error {
	err := v.flush(time.Now())
	if cerr := v.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// vp8Keyframe reports whether frame (a whole VP8 frame) is a keyframe and,
// if so, its size.
func vp8Keyframe(frame []byte) (ok bool, width, height uint16) {
	// Frame tag: bit 0 of the first byte is 0 for a keyframe, then the
	// start code 9d 01 2a and 14-bit width and height.
	if len(frame) < 10 || frame[0]&1 != 0 || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a {
		return false, 0, 0
	}
	return true, binary.LittleEndian.Uint16(frame[6:]) & 0x3fff, binary.LittleEndian.Uint16(frame[8:]) & 0x3fff
}
