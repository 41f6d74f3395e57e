package recorder

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrNothingRecorded: Compose found no track file with anything in it.
var ErrNothingRecorded = errors.New("recorder: nothing was recorded")

// ComposeInput is what Compose makes one file of.
type ComposeInput struct {
	Dir      string
	Tracks   []Track
	Duration time.Duration // the recording's length (stop - start); the output is exactly this long
	Out      string        // written to Out+".part", then renamed
	FFmpeg   string        // path, default "ffmpeg"
}

// Span is a stretch of the recording, in seconds from its start.
type Span struct {
	Start float64 `bson:"start" json:"start"`
	End   float64 `bson:"end" json:"end"`
}

// Result is what Compose found out about the recording.
type Result struct {
	// Silences are the stretches of at least silenceMin below
	// silenceLevel in the mixed audio (none when nothing was heard
	// because no audio track was recorded).
	Silences []Span
}

// ProbeInfo is what Probe tells about a media file.
type ProbeInfo struct {
	Duration time.Duration
	Video    bool
	Audio    bool
}

// The composed file.
const (
	outW, outH = 1280, 720
	outFPS     = 15
	// Screen share layout: the share on the left, cameras in a strip on
	// the right.
	shareW   = 960
	stripW   = outW - shareW
	stripMax = outH / 4 // height of one camera in the strip (16:9 at stripW)

	silenceLevel = "-40dB"
	silenceMin   = 3 // seconds
	stderrKeep   = 15
)

// rect is where a video goes in the picture.
type rect struct{ X, Y, W, H int }

// layout places the video tracks: cameras (grouped by participant, one
// cell each, in order of appearance) in a grid, or, when there is a screen
// share, every share large on the left and the cameras in a strip on the
// right. It returns a rect for each video track, by index in tracks.
func layout(tracks []Track) map[int]rect {
	var people []string
	cell := map[string]int{}
	var shares []int
	for i, t := range tracks {
		if t.Kind != "video" {
			continue
		}
		if t.Source == "screen_share" {
			shares = append(shares, i)
			continue
		}
		if _, ok := cell[t.Participant]; !ok {
			cell[t.Participant] = len(people)
			people = append(people, t.Participant)
		}
	}
	out := map[int]rect{}
	cells := make([]rect, len(people))
	n := len(people)
	switch {
	case len(shares) > 0:
		for _, i := range shares {
			out[i] = rect{0, 0, shareW, outH}
		}
		h := stripMax
		if n > 4 {
			h = even(outH / n)
		}
		top := (outH - n*h) / 2
		for c := range cells {
			cells[c] = rect{shareW, top + c*h, stripW, h}
		}
	case n > 0:
		cols := int(math.Ceil(math.Sqrt(float64(n))))
		rows := (n + cols - 1) / cols
		w, h := even(outW/cols), even(outH/rows)
		for c := range cells {
			row, col := c/cols, c%cols
			inRow := cols
			if row == rows-1 {
				inRow = n - row*cols
			}
			x0 := (outW - inRow*w) / 2 // a short last row is centred
			y0 := (outH - rows*h) / 2
			cells[c] = rect{x0 + col*w, y0 + row*h, w, h}
		}
	}
	for i, t := range tracks {
		if t.Kind == "video" && t.Source != "screen_share" {
			out[i] = cells[cell[t.Participant]]
		}
	}
	return out
}

func even(n int) int { return n &^ 1 }

// usable reports whether a track file has any media in it.
func usable(path, kind string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, b)
	b = b[:n]
	switch kind {
	case "video":
		return len(b) > ivfHeaderSize+ivfFrameHeaderSize && string(b[:4]) == "DKIF"
	case "audio":
		// More than the two Opus header pages.
		pages := 0
		for o := 0; o+27 <= len(b) && string(b[o:o+4]) == "OggS"; pages++ {
			nseg := int(b[o+26])
			if o+27+nseg > len(b) {
				break
			}
			size := 0
			for _, s := range b[o+27 : o+27+nseg] {
				size += int(s)
			}
			o += 27 + nseg + size
		}
		return pages > 2
	}
	return false
}

// composeArgs is ffmpeg's command line for tracks (all usable, paths
// beside them) lasting d.
func composeArgs(tracks []Track, paths []string, d time.Duration, out string) []string {
	secs := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
	dur := secs(d.Seconds())
	args := []string{"-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-progress", "pipe:1", "-y"}
	for _, p := range paths {
		// A size change mid-stream (simulcast layer, sender's CPU
		// adaptation, a resized shared window) is handled by scale; a
		// reinit would restart the whole graph.
		args = append(args, "-reinit_filter", "0", "-i", p)
	}
	var g strings.Builder
	fmt.Fprintf(&g, "color=c=black:s=%dx%d:r=%d:d=%s,format=yuv420p[bg]", outW, outH, outFPS, dur)
	bg := "bg"
	place := layout(tracks)
	// Screen shares first, so that cameras are never under one.
	order := make([]int, 0, len(tracks))
	for i, t := range tracks {
		if t.Kind == "video" && t.Source == "screen_share" {
			order = append(order, i)
		}
	}
	for i, t := range tracks {
		if t.Kind == "video" && t.Source != "screen_share" {
			order = append(order, i)
		}
	}
	for _, i := range order {
		r := place[i]
		off := secs(float64(max(tracks[i].OffsetMs, 0)) / 1000)
		fmt.Fprintf(&g, ";[%d:v]setpts=PTS-STARTPTS+%s/TB,fps=%d,scale=%d:%d:force_original_aspect_ratio=decrease:force_divisible_by=2[v%d]",
			i, off, outFPS, r.W, r.H, i)
		next := fmt.Sprintf("bg%d", i)
		fmt.Fprintf(&g, ";[%s][v%d]overlay=x=%d+(%d-w)/2:y=%d+(%d-h)/2:eof_action=pass:eval=frame[%s]",
			bg, i, r.X, r.W, r.Y, r.H, next)
		bg = next
	}
	var audio []string
	for i, t := range tracks {
		if t.Kind != "audio" {
			continue
		}
		off := secs(float64(max(t.OffsetMs, 0)) / 1000)
		// Timestamps (gaps included) are kept: aresample fills gaps and
		// the time before the offset with silence.
		fmt.Fprintf(&g, ";[%d:a]asetpts=PTS-STARTPTS+%s/TB,aresample=48000:async=1:first_pts=0,aformat=sample_fmts=fltp:channel_layouts=stereo[a%d]",
			i, off, i)
		audio = append(audio, fmt.Sprintf("[a%d]", i))
	}
	switch len(audio) {
	case 0:
		fmt.Fprintf(&g, ";anullsrc=r=48000:cl=stereo,atrim=end=%s[aout]", dur)
	default:
		g.WriteString(";" + strings.Join(audio, ""))
		if len(audio) > 1 {
			fmt.Fprintf(&g, "amix=inputs=%d:duration=longest:dropout_transition=0:normalize=0,", len(audio))
		} else {
			g.WriteString("anull,")
		}
		fmt.Fprintf(&g, "apad=whole_dur=%s,atrim=end=%s,silencedetect=n=%s:d=%d[aout]", dur, dur, silenceLevel, silenceMin)
	}
	fmt.Fprintf(&g, ";[%s]null[vout]", bg)
	args = append(args, "-filter_complex", g.String(), "-map", "[vout]", "-map", "[aout]",
		"-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p", "-g", strconv.Itoa(4*outFPS),
		"-c:a", "aac", "-b:a", "96k", "-ar", "48000",
		"-t", dur, "-movflags", "+faststart", "-f", "mp4", out)
	return args
}

// Compose makes one MP4 (H.264 and AAC, fast start) of the track files:
// 1280x720 at 15 fps, cameras in a grid (or in a strip beside a screen
// share), every track at its offset, all audio mixed; exactly in.Duration
// long. progress (may be nil) is told how far ffmpeg got. Cancelling ctx
// kills ffmpeg.
func Compose(ctx context.Context, in ComposeInput, progress func(done time.Duration)) (Result, error) {
	if in.Duration <= 0 {
		return Result{}, errors.New("recorder: compose: no duration")
	}
	ffmpeg := in.FFmpeg
	if ffmpeg == "" {
		ffmpeg = "ffmpeg"
	}
	var tracks []Track
	var paths []string
	for _, t := range in.Tracks {
		if t.File == "" || t.File != filepath.Base(t.File) || t.File == "." || t.File == ".." {
			return Result{}, fmt.Errorf("recorder: compose: bad track file name %q", t.File)
		}
		p := filepath.Join(in.Dir, t.File)
		if (t.Kind != "video" && t.Kind != "audio") || !usable(p, t.Kind) {
			continue
		}
		tracks = append(tracks, t)
		paths = append(paths, p)
	}
	if len(tracks) == 0 {
		return Result{}, ErrNothingRecorded
	}
	part := in.Out + ".part"
	defer os.Remove(part)
	cmd := exec.CommandContext(ctx, ffmpeg, composeArgs(tracks, paths, in.Duration, part)...)
	cmd.WaitDelay = 5 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return Result{}, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return Result{}, err
	}
	if err := cmd.Start(); err != nil {
		return Result{}, fmt.Errorf("recorder: start ffmpeg: %w", err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if d, ok := parseProgress(sc.Text()); ok && progress != nil {
				progress(d)
			}
		}
	}()
	silences := &silenceParser{}
	var last []string
	sc := bufio.NewScanner(stderr)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if silences.feed(line) {
			continue
		}
		last = append(last, line)
		if len(last) > stderrKeep {
			last = last[1:]
		}
	}
	wg.Wait()
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			return Result{}, fmt.Errorf("recorder: compose: %w", ctx.Err())
		}
		return Result{}, fmt.Errorf("recorder: ffmpeg: %w: %s", err, strings.Join(last, "\n"))
	}
	if err := os.Rename(part, in.Out); err != nil {
		return Result{}, fmt.Errorf("recorder: compose: %w", err)
	}
	res := Result{Silences: []Span{}}
	if slices.ContainsFunc(tracks, func(t Track) bool { return t.Kind == "audio" }) {
		res.Silences = silences.spans(in.Duration.Seconds())
	}
	return res, nil
}

// parseProgress reads one line of ffmpeg's -progress output: the output
// time so far, if the line tells it.
func parseProgress(line string) (time.Duration, bool) {
	v, ok := strings.CutPrefix(strings.TrimSpace(line), "out_time_us=")
	if !ok {
		return 0, false
	}
	us, err := strconv.ParseInt(v, 10, 64)
	if err != nil || us < 0 || us > math.MaxInt64/int64(time.Microsecond) {
		return 0, false
	}
	return time.Duration(us) * time.Microsecond, true
}

// silenceParser collects silencedetect's reports from ffmpeg's log:
//
//	[silencedetect @ 0x5581] silence_start: 12.5
//	[silencedetect @ 0x5581] silence_end: 20.25 | silence_duration: 7.75
type silenceParser struct {
	found   []Span
	open    bool
	started float64
}

// feed reads one log line and reports whether it was silencedetect's.
func (s *silenceParser) feed(line string) bool {
	if !strings.Contains(line, "[silencedetect @") {
		return false
	}
	num := func(key string) (float64, bool) {
		_, rest, ok := strings.Cut(line, key)
		if !ok {
			return 0, false
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0, false
		}
		v, err := strconv.ParseFloat(f[0], 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, false
		}
		return v, true
	}
	if v, ok := num("silence_start:"); ok {
		s.open, s.started = true, v
	} else if v, ok := num("silence_end:"); ok && s.open {
		s.found = append(s.found, Span{s.started, v})
		s.open = false
	}
	return true
}

// spans are the silences found, within [0, total], in order; a silence
// still open at the end lasts to total.
func (s *silenceParser) spans(total float64) []Span {
	all := s.found
	if s.open {
		all = append(slices.Clip(all), Span{s.started, total})
	}
	var clipped []Span
	for _, sp := range all {
		sp.Start = min(max(sp.Start, 0), total)
		sp.End = min(max(sp.End, 0), total)
		if sp.End > sp.Start {
			clipped = append(clipped, sp)
		}
	}
	slices.SortFunc(clipped, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	out := []Span{}
	for _, sp := range clipped {
		if n := len(out); n > 0 && sp.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// Probe asks ffprobe (default "ffprobe") what path holds.
func Probe(ctx context.Context, ffprobe, path string) (ProbeInfo, error) {
	if ffprobe == "" {
		ffprobe = "ffprobe"
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, ffprobe, "-v", "error", "-show_entries", "format=duration:stream=codec_type",
		"-of", "json", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return ProbeInfo{}, fmt.Errorf("recorder: ffprobe %s: %w: %s", filepath.Base(path), err, strings.TrimSpace(stderr.String()))
	}
	return parseProbe(out)
}

func parseProbe(out []byte) (ProbeInfo, error) {
	var p struct {
		Streams []struct {
			CodecType string `json:"codec_type"`
		} `json:"streams"`
		Format struct {
			Duration string `json:"duration"`
		} `json:"format"`
	}
	if err := json.Unmarshal(out, &p); err != nil {
		return ProbeInfo{}, fmt.Errorf("recorder: ffprobe output: %w", err)
	}
	var info ProbeInfo
	for _, s := range p.Streams {
		switch s.CodecType {
		case "video":
			info.Video = true
		case "audio":
			info.Audio = true
		}
	}
	if d, err := strconv.ParseFloat(p.Format.Duration, 64); err == nil && d >= 0 && d < 1e9 {
		info.Duration = time.Duration(d * float64(time.Second))
	}
	return info, nil
}
