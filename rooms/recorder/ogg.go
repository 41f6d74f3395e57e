package recorder

import (
	"bufio"
	"encoding/binary"
	"os"
	"time"
)

// Ogg Opus with one packet per page, each page's granule position taken
// from the packet's place on the track's RTP clock rather than from a
// running sample count: a muted microphone or DTX (the sender stops
// sending during silence) leaves a gap in the granule positions, and the
// decoder's timestamps keep the audio after it in its place (Compose fills
// such gaps with silence). pion's oggwriter counts samples instead, which
// would pull everything after a gap earlier.

const (
	opusRate     = 48000
	opusChannels = 2 // WebRTC always signals opus/48000/2
)

var oggCRCTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04c11db7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

func oggCRC(b []byte) uint32 {
	var crc uint32
	for _, c := range b {
		crc = crc<<8 ^ oggCRCTable[byte(crc>>24)^c]
	}
	return crc
}

type oggWriter struct {
	f        *os.File
	w        *bufio.Writer
	serial   uint32
	seq      uint32
	granule  uint64 // end of the last packet written, in 48 kHz samples
	flushed  time.Time
	bytes    int64
	pageBuf  []byte
	anything bool
}

// newOggWriter writes the Opus headers to f (new and empty).
func newOggWriter(f *os.File, serial uint32, now time.Time) (*oggWriter, error) {
	o := &oggWriter{f: f, w: bufio.NewWriterSize(f, 32<<10), serial: serial}
	head := make([]byte, 19)
	copy(head, "OpusHead")
	head[8] = 1 // version
	head[9] = opusChannels
	binary.LittleEndian.PutUint16(head[10:], 0) // pre-skip: none, so sample 0 is at time 0
	binary.LittleEndian.PutUint32(head[12:], opusRate)
	binary.LittleEndian.PutUint16(head[16:], 0) // output gain
	head[18] = 0                                // channel mapping family 0 (mono/stereo)
	vendor := "interviewprep"
	tags := make([]byte, 8+4+len(vendor)+4)
	copy(tags, "OpusTags")
	binary.LittleEndian.PutUint32(tags[8:], uint32(len(vendor)))
	copy(tags[12:], vendor)
	err := o.page(head, 0, 0x02)
	if err == nil {
		err = o.page(tags, 0, 0)
	}
	if err == nil {
		err = o.flush(now)
	}
	if err != nil {
		return nil, err
	}
	return o, nil
}

// write appends an Opus packet that starts at pos (48 kHz samples from the
// track's start), at now. A packet that would overlap the one before is
// moved after it. It returns the bytes written.
func (o *oggWriter) write(packet []byte, pos int64, now time.Time) (int, error) {
	if len(packet) >= 255*255 {
		return 0, nil // not an Opus packet (at most 120 ms of 510 kbit/s)
	}
	start := uint64(max(pos, 0))
	if start < o.granule {
		start = o.granule
	}
	end := start + uint64(opusSamples(packet))
	before := o.bytes
	if err := o.page(packet, end, 0); err != nil {
		return 0, err
	}
	o.granule = end
	o.anything = true
	if now.Sub(o.flushed) >= flushEvery {
		return int(o.bytes - before), o.flush(now)
	}
	return int(o.bytes - before), nil
}

// page writes one page holding packet (at most 255*255-1 bytes).
func (o *oggWriter) page(packet []byte, granule uint64, flags byte) error {
	n := len(packet)/255 + 1
	size := 27 + n + len(packet)
	if cap(o.pageBuf) < size {
		o.pageBuf = make([]byte, size)
	}
	p := o.pageBuf[:size]
	copy(p, "OggS")
	p[4] = 0
	p[5] = flags
	binary.LittleEndian.PutUint64(p[6:], granule)
	binary.LittleEndian.PutUint32(p[14:], o.serial)
	binary.LittleEndian.PutUint32(p[18:], o.seq)
	binary.LittleEndian.PutUint32(p[22:], 0)
	p[26] = byte(n)
	for i := range n - 1 {
		p[27+i] = 255
	}
	p[27+n-1] = byte(len(packet) % 255)
	copy(p[27+n:], packet)
	binary.LittleEndian.PutUint32(p[22:], oggCRC(p))
	o.seq++
	o.bytes += int64(size)
	_, err := o.w.Write(p)
	return err
}

func (o *oggWriter) flush(now time.Time) error {
	o.flushed = now
	return o.w.Flush()
}

func (o *oggWriter) close() error {
	err := o.flush(time.Now())
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// opusSamples is the number of 48 kHz samples in an Opus packet (RFC 6716
// §3.1), 960 (20 ms) if it cannot tell.
func opusSamples(p []byte) int {
	if len(p) == 0 {
		return 960
	}
	toc := p[0]
	cfg := toc >> 3
	var frame int // samples per frame at 48 kHz
	switch {
	case cfg < 12: // SILK: 10, 20, 40, 60 ms
		frame = []int{480, 960, 1920, 2880}[cfg%4]
	case cfg < 16: // hybrid: 10, 20 ms
		frame = []int{480, 960}[cfg%2]
	default: // CELT: 2.5, 5, 10, 20 ms
		frame = []int{120, 240, 480, 960}[cfg%4]
	}
	frames := 1
	switch toc & 3 {
	case 1, 2:
		frames = 2
	case 3:
		if len(p) < 2 {
			return 960
		}
		frames = int(p[1] & 0x3f)
	}
	if n := frames * frame; n > 0 && n <= 5760 {
		return n
	}
	return 960
}
