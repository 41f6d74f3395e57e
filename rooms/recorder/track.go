package recorder

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/livekit/server-sdk-go/v2/pkg/samplebuilder"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
)

const (
	// flushEvery bounds what a killed process loses of a track file.
	flushEvery = time.Second
	// maxLate is how many packets the sample builder waits for a missing
	// one before it gives the frame up (about 2 s of 1 Mbit/s video, 1 s
	// of audio).
	maxLateVideo = 200
	maxLateAudio = 50
	// keyframeEvery bounds keyframe requests (PLI) while waiting for one.
	keyframeEvery = 500 * time.Millisecond
	// reanchorAfter: a track whose RTP clock strays further than this
	// from the wall clock (a sender that stopped its clock while muted) is
	// put back on the wall clock, so that what follows stays in its place.
	reanchorAfter = 2 * time.Second
)

// timeline places a track's samples: their RTP timestamps, unwrapped,
// relative to the first written sample, in clock-rate units.
type timeline struct {
	rate    int64
	started bool
	first   time.Time
	lastTS  uint32
	ext     int64
	shift   int64
}

func (tl *timeline) pos(ts uint32, at time.Time) int64 {
	if !tl.started {
		tl.started, tl.first, tl.lastTS = true, at, ts
		return 0
	}
	tl.ext += int64(int32(ts - tl.lastTS))
	tl.lastTS = ts
	p := tl.ext + tl.shift
	wall := at.Sub(tl.first).Milliseconds() * tl.rate / 1000
	if d := wall - p; d > int64(reanchorAfter/time.Millisecond)*tl.rate/1000 || -d > int64(reanchorAfter/time.Millisecond)*tl.rate/1000 {
		tl.shift += d
		p = wall
	}
	return p
}

// trackRec turns one subscribed track's RTP packets into a track file.
type trackRec struct {
	rec    *Recorder
	info   Track // File and OffsetMs are set when the file starts
	video  bool
	sb     *samplebuilder.SampleBuilder
	depack rtp.Depacketizer
	tl     timeline
	pli    func() // asks the sender for a keyframe (nil: cannot)

	mu      sync.Mutex
	lastPLI time.Time
	closed  bool
	refused bool // OnTrack failed: not recorded
	ivf     *ivfWriter
	ogg     *oggWriter
	data    []byte // frame assembly buffer
}

func newTrackRec(r *Recorder, info Track, pli func()) *trackRec {
	t := &trackRec{rec: r, info: info, video: info.Kind == "video", pli: pli}
	if t.video {
		t.depack = &codecs.VP8Packet{}
		t.tl.rate = 90000
		t.sb = samplebuilder.New(maxLateVideo, &codecs.VP8Packet{}, 90000, samplebuilder.WithPacketDroppedHandler(t.keyframeLocked))
	} else {
		t.depack = &codecs.OpusPacket{}
		t.tl.rate = opusRate
		t.sb = samplebuilder.New(maxLateAudio, &codecs.OpusPacket{}, opusRate)
	}
	return t
}

// keyframeLocked asks for a keyframe unless it did so very recently.
func (t *trackRec) keyframeLocked() {
	if t.pli == nil || time.Since(t.lastPLI) < keyframeEvery {
		return
	}
	t.lastPLI = time.Now()
	t.pli()
}

// push takes one packet that arrived at at. It reports whether the track
// is still recorded, and if not whether OnTrack (or the disk) refused it.
func (t *trackRec) push(p *rtp.Packet, at time.Time) (ok, refused bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || t.refused {
		return false, t.refused
	}
	if paddingOnly(p) {
		// Kept, empty, so that its sequence number is no hole: the
		// sample builder takes an empty packet for a frame of its own.
		p.Payload = nil
	}
	t.sb.Push(p)
	for {
		pkts := t.sb.PopPackets()
		if pkts == nil {
			break
		}
		t.sampleLocked(pkts, at)
	}
	return !t.refused, t.refused
}

// paddingOnly: p carries no media, only padding (the SFU probing the
// bandwidth). Its payload is empty once pion strips the padding, except
// that LiveKit 1.13 pads its probe packets twice (a payload that is itself
// padding, 254 zeros and its length, then the header's padding): that
// payload would be taken for the middle of a frame and hold up every frame
// after it.
func paddingOnly(p *rtp.Packet) bool {
	n := len(p.Payload)
	if n == 0 {
		return true
	}
	if !p.Padding || int(p.Payload[n-1]) != n {
		return false
	}
	for _, b := range p.Payload[:n-1] {
		if b != 0 {
			return false
		}
	}
	return true
}

// sampleLocked writes one frame (video) or packet (audio). Padding-only
// packets stay in the sample builder as empty packets and are skipped
// here.
func (t *trackRec) sampleLocked(pkts []*rtp.Packet, at time.Time) {
	t.data = t.data[:0]
	var ts uint32
	for _, p := range pkts {
		if len(p.Payload) == 0 {
			continue
		}
		b, err := t.depack.Unmarshal(p.Payload)
		if err != nil {
			return // a broken packet spoils its frame
		}
		if len(t.data) == 0 {
			ts = p.Timestamp
		}
		t.data = append(t.data, b...)
	}
	if len(t.data) == 0 {
		return
	}
	if t.video && t.ivf == nil {
		key, w, h := vp8Keyframe(t.data)
		if !key {
			t.keyframeLocked() // the file starts at a keyframe
			return
		}
		if !t.openLocked(at, w, h) {
			return
		}
	}
	if !t.video && t.ogg == nil && !t.openLocked(at, 0, 0) {
		return
	}
	pos := t.tl.pos(ts, at)
	var n int
	var err error
	if t.video {
		n, err = t.ivf.write(t.data, pos*1000/90000, at)
	} else {
		n, err = t.ogg.write(t.data, pos, at)
	}
	t.rec.bytes.Add(int64(n))
	if err != nil {
		t.rec.log.Error("recorder: write track", "file", t.info.File, "err", err)
		t.refused = true
		_ = t.closeFileLocked()
	}
}

// openLocked starts the track file: it reserves a name, tells OnTrack,
// then writes the file header.
func (t *trackRec) openLocked(at time.Time, w, h uint16) bool {
	ext := "ogg"
	if t.video {
		ext = "ivf"
	}
	f, name, err := t.rec.newFile(t.info.Source, ext)
	if err != nil {
		t.rec.log.Error("recorder: create track file", "err", err)
		t.refused = true
		return false
	}
	t.info.File = name
	t.info.OffsetMs = at.Sub(t.rec.cfg.Start).Milliseconds()
	if cb := t.rec.cfg.OnTrack; cb != nil {
		if err := cb(t.info); err != nil {
			t.rec.log.Error("recorder: track not recorded", "track", t.info.SID, "source", t.info.Source, "err", err)
			t.refused = true
			_ = f.Close()
			_ = os.Remove(filepath.Join(t.rec.cfg.Dir, name))
			return false
		}
	}
	if t.video {
		t.ivf, err = newIVFWriter(f, w, h, at)
	} else {
		t.ogg, err = newOggWriter(f, uint32(t.rec.fileSeq.Load()), at)
	}
	if err != nil {
		t.rec.log.Error("recorder: start track file", "file", name, "err", err)
		t.refused = true
		_ = f.Close()
		return false
	}
	t.rec.bytes.Add(t.fileBytesLocked())
	return true
}

func (t *trackRec) fileBytesLocked() int64 {
	switch {
	case t.ivf != nil:
		return t.ivf.bytes
	case t.ogg != nil:
		return t.ogg.bytes
	}
	return 0
}

// finish writes what the sample builder still holds and closes the file.
func (t *trackRec) finish() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	if !t.refused {
		now := time.Now()
		for {
			pkts := t.sb.ForcePopPackets()
			if pkts == nil {
				break
			}
			t.sampleLocked(pkts, now)
		}
	}
	t.closed = true
	return t.closeFileLocked()
}

func (t *trackRec) closeFileLocked() error {
	var err error
	if t.ivf != nil {
		err = t.ivf.close()
		t.ivf = nil
	}
	if t.ogg != nil {
		err = errors.Join(err, t.ogg.close())
		t.ogg = nil
	}
	if err != nil {
		return fmt.Errorf("recorder: close %s: %w", t.info.File, err)
	}
	return nil
}
