package recorder

import (
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
)

// ffmpeg runs ffmpeg with args, failing the test on error.
func ffmpeg(t testing.TB, args ...string) {
	t.Helper()
	cmd := exec.Command("ffmpeg", append([]string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v\n%s", args, err, out)
	}
}

// vp8File is a VP8 IVF of a test pattern: w×h, fps, secs long, a keyframe
// every gop frames.
func vp8File(t testing.TB, dir, name string, w, h, fps, secs, gop int) string {
	t.Helper()
	p := filepath.Join(dir, name)
	ffmpeg(t, "-f", "lavfi", "-i", "testsrc=size="+strconv.Itoa(w)+"x"+strconv.Itoa(h)+":rate="+strconv.Itoa(fps),
		"-t", strconv.Itoa(secs), "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k",
		"-g", strconv.Itoa(gop), "-keyint_min", strconv.Itoa(gop), "-auto-alt-ref", "0", "-f", "ivf", p)
	return p
}

// opusFile is an Ogg Opus of a sine tone (20 ms packets), secs long.
func opusFile(t testing.TB, dir, name string, freq, secs int) string {
	t.Helper()
	p := filepath.Join(dir, name)
	ffmpeg(t, "-f", "lavfi", "-i", "sine=frequency="+strconv.Itoa(freq)+":sample_rate=48000",
		"-t", strconv.Itoa(secs), "-ac", "2", "-c:a", "libopus", "-b:a", "32k", "-frame_duration", "20", "-f", "ogg", p)
	return p
}

type ivfFrame struct {
	PTS  int64
	Data []byte
}

// readIVF reads an IVF's header size, timebase and frames (up to the last
// whole one).
func readIVF(t testing.TB, path string) (w, h int, rate uint32, frames []ivfFrame) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 32 || string(b[:4]) != "DKIF" {
		t.Fatalf("%s: not an IVF", path)
	}
	w, h = int(binary.LittleEndian.Uint16(b[12:])), int(binary.LittleEndian.Uint16(b[14:]))
	rate = binary.LittleEndian.Uint32(b[16:])
	for o := 32; o+12 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[o:]))
		if o+12+n > len(b) {
			break
		}
		frames = append(frames, ivfFrame{int64(binary.LittleEndian.Uint64(b[o+4:])), b[o+12 : o+12+n]})
		o += 12 + n
	}
	return w, h, rate, frames
}

type oggPacket struct {
	Granule uint64 // of the page that ends with it
	Data    []byte
}

// readOgg reads an Ogg's packets after the two Opus headers.
func readOgg(t testing.TB, path string) []oggPacket {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []oggPacket
	var cur []byte
	for o := 0; o+27 <= len(b); {
		if string(b[o:o+4]) != "OggS" {
			t.Fatalf("%s: no page at %d", path, o)
		}
		granule := binary.LittleEndian.Uint64(b[o+6:])
		nseg := int(b[o+26])
		segs := b[o+27 : o+27+nseg]
		p := o + 27 + nseg
		for _, s := range segs {
			cur = append(cur, b[p:p+int(s)]...)
			p += int(s)
			if s < 255 {
				out = append(out, oggPacket{granule, cur})
				cur = nil
			}
		}
		o = p
	}
	if len(out) < 2 {
		t.Fatalf("%s: no Opus headers", path)
	}
	return out[2:]
}

// testRecorder is a Recorder without a room, for feeding tracks by hand.
func testRecorder(t testing.TB, onTrack func(Track) error) *Recorder {
	dir := t.TempDir()
	return &Recorder{cfg: Config{Dir: dir, Start: time.Unix(1000, 0), OnTrack: onTrack}, log: slog.New(slog.DiscardHandler),
		done: make(chan struct{}), bySID: map[string]*trackRec{}}
}

// feeder packetizes media into RTP and pushes it into a trackRec at
// simulated arrival times, with padding-only packets between frames as
// LiveKit's SFU sends them when it probes.
type feeder struct {
	t   *trackRec
	p   rtp.Packetizer
	seq rtp.Sequencer
	at  time.Time
}

func newFeeder(t *trackRec, video bool, start time.Time) *feeder {
	seq := rtp.NewFixedSequencer(65500) // wraps soon
	var pay rtp.Payloader = &codecs.OpusPayloader{}
	rate := uint32(48000)
	if video {
		pay, rate = &codecs.VP8Payloader{}, 90000
	}
	return &feeder{t: t, seq: seq, at: start,
		p: rtp.NewPacketizerWithOptions(600, pay, seq, rate, rtp.WithSSRC(1), rtp.WithTimestamp(4294900000))} // RTP clock wraps soon too
}

// frame sends one frame lasting samples, arriving after wait; padding
// packets follow every third frame: an empty one and one padded twice, as
// LiveKit 1.13's SFU sends them (what pion's Unmarshal leaves of it: 254
// zeros and 255).
func (f *feeder) frame(data []byte, samples uint32, wait time.Duration, n int) {
	f.at = f.at.Add(wait)
	for _, p := range f.p.Packetize(data, samples) {
		f.t.push(p, f.at)
	}
	if n%3 == 0 {
		for i, p := range f.p.GeneratePadding(2) {
			p.PaddingSize = 0
			if i == 1 {
				p.Payload = make([]byte, 255)
				p.Payload[254] = 255
			}
			f.t.push(p, f.at)
		}
	}
}

// The track pipeline writes a video file that starts at a keyframe, with
// frame timestamps from the RTP clock (a camera off for 3 s leaves a 3 s
// gap), and an audio file whose granule positions keep a 4 s muted stretch
// in place; padding-only packets and RTP sequence/timestamp wraps change
// nothing. OnTrack hears of each file before it has a byte.
func TestTrackFilesFromRTP(t *testing.T) {
	src := t.TempDir()
	_, _, _, frames := readIVF(t, vp8File(t, src, "in.ivf", 320, 240, 15, 6, 30))
	packets := readOgg(t, opusFile(t, src, "in.ogg", 440, 6))

	var mu sync.Mutex
	var heard []Track
	var r *Recorder
	r = testRecorder(t, func(tr Track) error {
		mu.Lock()
		defer mu.Unlock()
		if st, err := os.Stat(filepath.Join(r.cfg.Dir, tr.File)); err != nil || st.Size() != 0 {
			t.Errorf("OnTrack(%s): the file is not there and empty: %v", tr.File, err)
		}
		heard = append(heard, tr)
		return nil
	})
	start := r.cfg.Start.Add(500 * time.Millisecond)
	plis := 0
	vt := newTrackRec(r, Track{SID: "TR_v", Participant: "u1", Name: "One", Source: "camera", Kind: "video"}, func() { plis++ })
	vf := newFeeder(vt, true, start)
	// The stream joins mid-GOP: frames 5..29 are no keyframes.
	for i, fr := range frames[5:] {
		wait := time.Second / 15
		samples := uint32(90000 / 15)
		n := i + 5
		if n == 60 { // camera off for 3 s before frame 60
			vf.p.SkipSamples(3 * 90000)
			wait += 3 * time.Second
		}
		vf.frame(fr.Data, samples, wait, n)
	}
	if err := vt.finish(); err != nil {
		t.Fatal(err)
	}
	if plis == 0 {
		t.Error("no keyframe was asked for while the stream had none")
	}

	at := r.cfg.Start.Add(1200 * time.Millisecond)
	aut := newTrackRec(r, Track{SID: "TR_a", Participant: "u1", Name: "One", Source: "microphone", Kind: "audio"}, nil)
	af := newFeeder(aut, false, at)
	for i, p := range packets {
		wait := 20 * time.Millisecond
		if i == 100 { // muted for 4 s (the sender's clock ran on)
			af.p.SkipSamples(4 * 48000)
			wait += 4 * time.Second
		}
		af.frame(p.Data, 960, wait, i+1)
	}
	if err := aut.finish(); err != nil {
		t.Fatal(err)
	}

	if len(heard) != 2 || heard[0].File != "000-camera.ivf" || heard[1].File != "001-microphone.ogg" {
		t.Fatalf("OnTrack heard %+v", heard)
	}
	// The first keyframe (frame 30) arrived 26 frame intervals after 500 ms.
	if got, want := heard[0].OffsetMs, int64(500+26*1000/15); got < want-5 || got > want+5 {
		t.Errorf("video OffsetMs = %d, want ≈ %d", got, want)
	}
	if got := heard[1].OffsetMs; got != 1220 {
		t.Errorf("audio OffsetMs = %d, want 1220", got)
	}

	w, h, rate, got := readIVF(t, filepath.Join(r.cfg.Dir, heard[0].File))
	if w != 320 || h != 240 || rate != 1000 {
		t.Errorf("IVF header %dx%d, timebase 1/%d", w, h, rate)
	}
	if len(got) != len(frames)-30 {
		t.Fatalf("%d frames written, want %d (from the first keyframe on)", len(got), len(frames)-30)
	}
	if key, _, _ := vp8Keyframe(got[0].Data); !key || got[0].PTS != 0 {
		t.Errorf("the file starts with keyframe=%v at pts %d", key, got[0].PTS)
	}
	// Frame 60 is the 31st written: 29 intervals + 3 s after the first.
	if want := int64(30*1000/15 + 3000); abs(got[30].PTS-want) > 1 || abs(got[29].PTS-29*1000/15) > 1 {
		t.Errorf("pts around the gap: %d, %d; want %d, %d", got[29].PTS, got[30].PTS, 29*1000/15, want)
	}

	gotA := readOgg(t, filepath.Join(r.cfg.Dir, heard[1].File))
	if len(gotA) != len(packets) {
		t.Fatalf("%d audio packets written, want %d", len(gotA), len(packets))
	}
	if gotA[99].Granule != 100*960 || gotA[100].Granule != 101*960+4*48000 {
		t.Errorf("granules around the mute: %d, %d; want %d, %d", gotA[99].Granule, gotA[100].Granule, 100*960, 101*960+4*48000)
	}
	if r.Bytes() == 0 {
		t.Error("Bytes() = 0")
	}
}

func abs(v int64) int64 { return max(v, -v) }

// A track whose sender's clock stood still while muted (its RTP clock
// stops) is put back on the wall clock after the gap.
func TestTimelineReanchorsAStoppedClock(t *testing.T) {
	tl := timeline{rate: 48000}
	t0 := time.Unix(0, 0)
	if p := tl.pos(100, t0); p != 0 {
		t.Fatal(p)
	}
	if p := tl.pos(100+960, t0.Add(20*time.Millisecond)); p != 960 {
		t.Fatalf("steady: %d", p)
	}
	// 10 s later by the wall clock, 20 ms later by RTP.
	if p := tl.pos(100+1920, t0.Add(10*time.Second)); p != 10*48000 {
		t.Fatalf("after a stopped clock: %d, want %d", p, 10*48000)
	}
	if p := tl.pos(100+2880, t0.Add(10*time.Second+20*time.Millisecond)); p != 10*48000+960 {
		t.Fatalf("then steady: %d", p)
	}
	// Jitter of a second moves nothing.
	if p := tl.pos(100+3840, t0.Add(11*time.Second)); p != 10*48000+1920 {
		t.Fatalf("jitter: %d", p)
	}
}

// OnTrack refusing a track: no file, nothing recorded.
func TestTrackRefusedByOnTrack(t *testing.T) {
	r := testRecorder(t, func(Track) error { return errors.New("database down") })
	src := t.TempDir()
	packets := readOgg(t, opusFile(t, src, "in.ogg", 440, 1))
	tr := newTrackRec(r, Track{SID: "TR_a", Source: "microphone", Kind: "audio"}, nil)
	f := newFeeder(tr, false, r.cfg.Start)
	f.frame(packets[0].Data, 960, 0, 1)
	if ok, refused := tr.push(&rtp.Packet{Payload: packets[1].Data}, r.cfg.Start); ok || !refused {
		t.Errorf("push after a refusal = %v, %v", ok, refused)
	}
	if err := tr.finish(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(r.cfg.Dir); len(ents) != 0 {
		t.Errorf("files left: %v", ents)
	}
}

// copyFile copies what is on disk now, as a killed process leaves it.
func copyFile(t testing.TB, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
