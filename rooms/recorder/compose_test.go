package recorder

import (
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// frameAt is the picture of an MP4 at second sec, scaled to 64x36 gray.
func frameAt(t testing.TB, path string, sec float64) []byte {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-ss", strconv.FormatFloat(sec, 'f', 2, 64),
		"-i", path, "-frames:v", "1", "-vf", "scale=64:36,format=gray", "-f", "rawvideo", "-").Output()
	if err != nil || len(out) != 64*36 {
		t.Fatalf("frame at %.1f s: %v (%d bytes)", sec, err, len(out))
	}
	return out
}

// brightness is the mean of a 64x36 gray picture over x in [x0,x1), y in [y0,y1).
func brightness(pic []byte, x0, x1, y0, y1 int) float64 {
	sum, n := 0, 0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			sum += int(pic[y*64+x])
			n++
		}
	}
	return float64(sum) / float64(n)
}

// composeOK composes in, failing the test on error, and returns the result
// and the progress reports.
func composeOK(t testing.TB, in ComposeInput) (Result, []time.Duration) {
	t.Helper()
	var mu sync.Mutex
	var prog []time.Duration
	res, err := Compose(context.Background(), in, func(d time.Duration) {
		mu.Lock()
		prog = append(prog, d)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(in.Out + ".part"); !os.IsNotExist(err) {
		t.Errorf("%s.part is left: %v", in.Out, err)
	}
	return res, prog
}

// probeOK probes path, failing the test on error.
func probeOK(t testing.TB, path string) ProbeInfo {
	t.Helper()
	info, err := Probe(context.Background(), "", path)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// gapOgg writes, as the recorder does, an Ogg of the packets of an Opus
// file: the first secsBefore seconds, then a gap of gap seconds (nothing
// sent), then the rest.
func gapOgg(t testing.TB, src, dst string, secsBefore int, gap time.Duration) {
	t.Helper()
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	o, err := newOggWriter(f, 7, now)
	if err != nil {
		t.Fatal(err)
	}
	var pos int64
	for i, p := range readOgg(t, src) {
		if i == secsBefore*50 {
			pos += int64(gap.Seconds() * opusRate)
		}
		if _, err := o.write(p.Data, pos, now); err != nil {
			t.Fatal(err)
		}
		pos += int64(opusSamples(p.Data))
	}
	if err := o.close(); err != nil {
		t.Fatal(err)
	}
}

// Two cameras in a grid, the second joining 2 s late and leaving at 6 s;
// a microphone with a 5 s muted stretch, which is where the silence is
// found; the output is exactly the recording's length.
func TestComposeGrid(t *testing.T) {
	dir := t.TempDir()
	vp8File(t, dir, "000-camera.ivf", 320, 240, 15, 6, 30)
	vp8File(t, dir, "001-camera.ivf", 320, 240, 15, 4, 30)
	src := opusFile(t, t.TempDir(), "tone.ogg", 440, 3)
	gapOgg(t, src, filepath.Join(dir, "002-microphone.ogg"), 2, 5*time.Second) // tone 0-2 s, silent 2-7 s, tone 7-8 s
	tracks := []Track{
		{SID: "TR_1", Participant: "a", Source: "camera", Kind: "video", File: "000-camera.ivf", OffsetMs: 0},
		{SID: "TR_2", Participant: "b", Source: "camera", Kind: "video", File: "001-camera.ivf", OffsetMs: 2000},
		{SID: "TR_3", Participant: "a", Source: "microphone", Kind: "audio", File: "002-microphone.ogg", OffsetMs: 0},
		{SID: "TR_4", Participant: "b", Source: "microphone", Kind: "audio", File: "003-microphone.ogg", OffsetMs: 0}, // never written
	}
	out := filepath.Join(t.TempDir(), "recording.mp4")
	res, prog := composeOK(t, ComposeInput{Dir: dir, Tracks: tracks, Duration: 10 * time.Second, Out: out})
	info := probeOK(t, out)
	if !info.Video || !info.Audio || math.Abs(info.Duration.Seconds()-10) > 0.2 {
		t.Errorf("probe: %+v, want video, audio and 10 s", info)
	}
	if len(prog) == 0 || prog[len(prog)-1] < 9*time.Second {
		t.Errorf("progress reports: %v", prog)
	}
	t.Logf("probe %+v, silences %+v, %d progress reports", info, res.Silences, len(prog))
	if len(res.Silences) != 1 || math.Abs(res.Silences[0].Start-2) > 0.3 || math.Abs(res.Silences[0].End-7) > 0.3 {
		t.Errorf("silences = %+v, want one ≈ 2–7 s", res.Silences)
	}
	// Left cell: a; right cell: b, from 2 s to 6 s.
	for _, c := range []struct {
		at          float64
		left, right bool
	}{{1, true, false}, {3, true, true}, {8, false, false}} {
		pic := frameAt(t, out, c.at)
		l, r := brightness(pic, 4, 28, 10, 26), brightness(pic, 36, 60, 10, 26)
		t.Logf("at %.0f s: left %.0f, right %.0f", c.at, l, r)
		if (l > 30) != c.left || (r > 30) != c.right {
			t.Errorf("at %.0f s: left %.0f, right %.0f; want picture left=%v right=%v", c.at, l, r, c.left, c.right)
		}
	}
}

// A screen share whose size and shape change mid-stream (a resized window)
// fills the left of the picture; the camera sits in the strip on the right.
func TestComposeScreenShareChangingSize(t *testing.T) {
	tmp, dir := t.TempDir(), t.TempDir()
	_, _, _, wide := readIVF(t, vp8File(t, tmp, "wide.ivf", 640, 360, 10, 2, 10))
	_, _, _, tall := readIVF(t, vp8File(t, tmp, "tall.ivf", 240, 320, 10, 2, 10))
	f, err := os.Create(filepath.Join(dir, "001-screen_share.ivf"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	w, err := newIVFWriter(f, 640, 360, now)
	if err != nil {
		t.Fatal(err)
	}
	for i, fr := range append(wide, tall...) {
		if _, err := w.write(fr.Data, int64(i)*100, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	vp8File(t, dir, "000-camera.ivf", 320, 240, 15, 5, 30)
	out := filepath.Join(t.TempDir(), "recording.mp4")
	composeOK(t, ComposeInput{Dir: dir, Duration: 5 * time.Second, Out: out, Tracks: []Track{
		{SID: "TR_c", Participant: "a", Source: "camera", Kind: "video", File: "000-camera.ivf"},
		{SID: "TR_s", Participant: "a", Source: "screen_share", Kind: "video", File: "001-screen_share.ivf", OffsetMs: 500},
	}})
	info := probeOK(t, out)
	if !info.Video || !info.Audio || math.Abs(info.Duration.Seconds()-5) > 0.2 {
		t.Errorf("probe: %+v", info)
	}
	for _, at := range []float64{1.5, 3.5} { // wide, then tall
		pic := frameAt(t, out, at)
		if share, cam := brightness(pic, 20, 28, 12, 24), brightness(pic, 50, 62, 14, 22); share < 30 || cam < 30 {
			t.Errorf("at %.1f s: share %.0f, camera %.0f; want both pictures", at, share, cam)
		}
	}
}

// Track files of a killed recorder (never closed: the last second lost,
// the IVF header's duration stale) still probe and compose.
func TestUnclosedFilesProbeAndCompose(t *testing.T) {
	src := t.TempDir()
	_, _, _, frames := readIVF(t, vp8File(t, src, "in.ivf", 320, 240, 15, 6, 30))
	packets := readOgg(t, opusFile(t, src, "in.ogg", 440, 6))
	r := testRecorder(t, nil)
	start := r.cfg.Start
	vt := newTrackRec(r, Track{SID: "TR_v", Source: "camera", Kind: "video"}, nil)
	vf := newFeeder(vt, true, start)
	for i, fr := range frames {
		vf.frame(fr.Data, 6000, time.Second/15, i)
	}
	at := newTrackRec(r, Track{SID: "TR_a", Source: "microphone", Kind: "audio"}, nil)
	af := newFeeder(at, false, start)
	for i, p := range packets {
		af.frame(p.Data, 960, 20*time.Millisecond, i)
	}
	// "Kill": take the files as they are on disk, without finish.
	dir := t.TempDir()
	copyFile(t, filepath.Join(r.cfg.Dir, vt.info.File), filepath.Join(dir, "000-camera.ivf"))
	copyFile(t, filepath.Join(r.cfg.Dir, at.info.File), filepath.Join(dir, "001-microphone.ogg"))
	t.Cleanup(func() { _ = vt.finish(); _ = at.finish() })

	_, _, _, written := readIVF(t, filepath.Join(dir, "000-camera.ivf"))
	t.Logf("%d of %d frames on disk", len(written), len(frames))
	if len(written) < 60 || len(written) == len(frames) {
		t.Errorf("%d of %d frames on disk, want all but the last second", len(written), len(frames))
	}
	if v := probeOK(t, filepath.Join(dir, "000-camera.ivf")); !v.Video {
		t.Errorf("unclosed IVF: %+v", v)
	}
	if a := probeOK(t, filepath.Join(dir, "001-microphone.ogg")); !a.Audio || a.Duration < 4*time.Second {
		t.Errorf("unclosed Ogg: %+v", a)
	}
	out := filepath.Join(t.TempDir(), "recording.mp4")
	composeOK(t, ComposeInput{Dir: dir, Duration: 7 * time.Second, Out: out, Tracks: []Track{
		{SID: "TR_v", Participant: "a", Source: "camera", Kind: "video", File: "000-camera.ivf"},
		{SID: "TR_a", Participant: "a", Source: "microphone", Kind: "audio", File: "001-microphone.ogg"},
	}})
	if info := probeOK(t, out); !info.Video || !info.Audio || math.Abs(info.Duration.Seconds()-7) > 0.2 {
		t.Errorf("probe: %+v", info)
	}
	if pic := frameAt(t, out, 2); brightness(pic, 10, 54, 8, 28) < 30 {
		t.Error("no camera picture at 2 s")
	}
}

func TestComposeNothingRecorded(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "000-camera.ivf"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "001-microphone.ogg"))
	if err != nil {
		t.Fatal(err)
	}
	o, err := newOggWriter(f, 1, time.Now()) // headers only
	if err != nil {
		t.Fatal(err)
	}
	_ = o.close()
	out := filepath.Join(t.TempDir(), "recording.mp4")
	_, err = Compose(context.Background(), ComposeInput{Dir: dir, Duration: time.Second, Out: out, Tracks: []Track{
		{Kind: "video", Source: "camera", File: "000-camera.ivf"},
		{Kind: "audio", Source: "microphone", File: "001-microphone.ogg"},
		{Kind: "audio", Source: "microphone", File: "002-microphone.ogg"},
	}}, nil)
	if !errors.Is(err, ErrNothingRecorded) {
		t.Fatalf("err = %v, want ErrNothingRecorded", err)
	}
	if _, err := Compose(context.Background(), ComposeInput{Dir: dir, Duration: time.Second, Out: out}, nil); !errors.Is(err, ErrNothingRecorded) {
		t.Fatalf("no tracks: err = %v", err)
	}
	_, err = Compose(context.Background(), ComposeInput{Dir: dir, Duration: time.Second, Out: out, Tracks: []Track{
		{Kind: "video", Source: "camera", File: "../000-camera.ivf"}}}, nil)
	if err == nil || errors.Is(err, ErrNothingRecorded) {
		t.Fatalf("a path for a file name: err = %v", err)
	}
}

// Cancelling the context kills ffmpeg and leaves no file; an ffmpeg error
// says what ffmpeg said.
func TestComposeCancelAndErrors(t *testing.T) {
	dir := t.TempDir()
	vp8File(t, dir, "000-camera.ivf", 320, 240, 15, 2, 30)
	tracks := []Track{{Participant: "a", Source: "camera", Kind: "video", File: "000-camera.ivf"}}
	out := filepath.Join(t.TempDir(), "recording.mp4")
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	_, err := Compose(ctx, ComposeInput{Dir: dir, Tracks: tracks, Duration: time.Hour, Out: out}, func(time.Duration) { once.Do(cancel) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(out)); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
	_, err = Compose(context.Background(), ComposeInput{Dir: dir, Tracks: tracks, Duration: time.Second, Out: filepath.Join(dir, "no", "such", "dir.mp4")}, nil)
	if err == nil || !containsAny(err.Error(), "No such file", "Error opening output") {
		t.Errorf("ffmpeg failing: err = %v", err)
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestLayout(t *testing.T) {
	cams := func(n int) []Track {
		var ts []Track
		for i := range n {
			ts = append(ts, Track{Participant: strconv.Itoa(i), Source: "camera", Kind: "video"})
		}
		return ts
	}
	if got := layout(cams(1)); got[0] != (rect{0, 0, 1280, 720}) {
		t.Errorf("one camera: %+v", got)
	}
	if got := layout(cams(3)); got[0] != (rect{0, 0, 640, 360}) || got[1] != (rect{640, 0, 640, 360}) || got[2] != (rect{320, 360, 640, 360}) {
		t.Errorf("three cameras: %+v", got)
	}
	// The same participant's second camera track takes their cell.
	two := append(cams(2), Track{Participant: "0", Source: "camera", Kind: "video"}, Track{Participant: "1", Source: "microphone", Kind: "audio"})
	if got := layout(two); len(got) != 3 || got[2] != got[0] {
		t.Errorf("rejoin: %+v", got)
	}
	share := append(cams(2), Track{Participant: "1", Source: "screen_share", Kind: "video"})
	if got := layout(share); got[2] != (rect{0, 0, 960, 720}) || got[0] != (rect{960, 180, 320, 180}) || got[1] != (rect{960, 360, 320, 180}) {
		t.Errorf("screen share: %+v", got)
	}
}

func FuzzParseProgress(f *testing.F) {
	for _, s := range []string{"out_time_us=1500000", "out_time_us=N/A", "out_time_us=-5", "progress=end", "out_time_us=99999999999999999999", " out_time_us=12 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		d, ok := parseProgress(line)
		if ok && d < 0 {
			t.Errorf("%q: negative %v", line, d)
		}
		if !ok && d != 0 {
			t.Errorf("%q: %v without ok", line, d)
		}
	})
}

func FuzzSilences(f *testing.F) {
	f.Add("[silencedetect @ 0x55] silence_start: 2.5\n[silencedetect @ 0x55] silence_end: 7.25 | silence_duration: 4.75\n[silencedetect @ 0x55] silence_start: 9", 10.0)
	f.Add("[silencedetect @ 0x1] silence_end: 3\n[silencedetect @ 0x1] silence_start: -1e309\nframe=1", 5.0)
	f.Fuzz(func(t *testing.T, log string, total float64) {
		if math.IsNaN(total) || total < 0 || total > 1e7 {
			return
		}
		var p silenceParser
		for _, line := range strings.Split(log, "\n") {
			p.feed(line)
		}
		spans := p.spans(total)
		for i, s := range spans {
			if !(s.Start >= 0 && s.Start < s.End && s.End <= total) {
				t.Fatalf("span %+v outside [0, %v]", s, total)
			}
			if i > 0 && s.Start <= spans[i-1].End {
				t.Fatalf("spans overlap or are out of order: %+v", spans)
			}
		}
	})
}

func FuzzParseProbe(f *testing.F) {
	f.Add([]byte(`{"streams":[{"codec_type":"video"},{"codec_type":"audio"}],"format":{"duration":"10.000000"}}`))
	f.Add([]byte(`{"format":{"duration":"N/A"}}`))
	f.Fuzz(func(t *testing.T, out []byte) {
		info, err := parseProbe(out)
		if err == nil && info.Duration < 0 {
			t.Fatalf("negative duration %v", info.Duration)
		}
	})
}

func TestSilenceParser(t *testing.T) {
	var p silenceParser
	for _, l := range []string{
		"[silencedetect @ 0x5581] silence_start: -0.01",
		"[silencedetect @ 0x5581] silence_end: 4 | silence_duration: 4",
		"frame=  10 fps=0.0 q=0.0 size=N/A",
		"[silencedetect @ 0x5581] silence_start: 3.5",
		"[silencedetect @ 0x5581] silence_end: 6 | silence_duration: 2.5",
		"[silencedetect @ 0x5581] silence_start: 20",
	} {
		p.feed(l)
	}
	got := p.spans(25)
	if len(got) != 2 || got[0] != (Span{0, 6}) || got[1] != (Span{20, 25}) {
		t.Errorf("spans = %+v", got)
	}
}
