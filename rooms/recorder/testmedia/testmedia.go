// Package testmedia makes media for the recorder's tests and benchmark:
// VP8 and Opus test sources encoded by ffmpeg, their frames and packets,
// and Go participants publishing them into a LiveKit room in real time.
package testmedia

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
)

// FFmpeg runs ffmpeg with args.
func FFmpeg(args ...string) error {
	cmd := exec.Command("ffmpeg", append([]string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ffmpeg %v: %w\n%s", args, err, out)
	}
	return nil
}

// VP8 encodes a test pattern, w×h at fps for secs, a keyframe every gop
// frames, into dir/name (IVF).
func VP8(dir, name string, w, h, fps, secs, gop int) (string, error) {
	p := filepath.Join(dir, name)
	return p, FFmpeg("-f", "lavfi", "-i", "testsrc=size="+strconv.Itoa(w)+"x"+strconv.Itoa(h)+":rate="+strconv.Itoa(fps),
		"-t", strconv.Itoa(secs), "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k",
		"-g", strconv.Itoa(gop), "-keyint_min", strconv.Itoa(gop), "-auto-alt-ref", "0", "-f", "ivf", p)
}

// Opus encodes a sine tone of freq Hz for secs (20 ms packets) into
// dir/name (Ogg).
func Opus(dir, name string, freq, secs int) (string, error) {
	p := filepath.Join(dir, name)
	return p, FFmpeg("-f", "lavfi", "-i", "sine=frequency="+strconv.Itoa(freq)+":sample_rate=48000",
		"-t", strconv.Itoa(secs), "-ac", "2", "-c:a", "libopus", "-b:a", "32k", "-frame_duration", "20", "-f", "ogg", p)
}

// Frames are the frames of an IVF file (up to its last whole one).
func Frames(path string) ([][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 32 || string(b[:4]) != "DKIF" {
		return nil, fmt.Errorf("%s: not an IVF", path)
	}
	var out [][]byte
	for o := int(binary.LittleEndian.Uint16(b[6:])); o+12 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[o:]))
		if o+12+n > len(b) {
			break
		}
		out = append(out, b[o+12:o+12+n])
		o += 12 + n
	}
	return out, nil
}

// Packets are the packets of an Ogg file after the first two (the Opus
// headers).
func Packets(path string) ([][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	var cur []byte
	for o := 0; o+27 <= len(b); {
		if string(b[o:o+4]) != "OggS" {
			return nil, fmt.Errorf("%s: no page at %d", path, o)
		}
		nseg := int(b[o+26])
		p := o + 27 + nseg
		for _, s := range b[o+27 : o+27+nseg] {
			cur = append(cur, b[p:p+int(s)]...)
			p += int(s)
			if s < 255 {
				out = append(out, cur)
				cur = nil
			}
		}
		o = p
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("%s: no Opus headers", path)
	}
	return out[2:], nil
}

// Media is what a participant publishes: VP8 frames at FPS (a keyframe
// first) and 20 ms Opus packets, looped until the context ends.
type Media struct {
	Frames  [][]byte
	FPS     int
	W, H    int
	Packets [][]byte
}

// Load reads a VP8 IVF and an Ogg Opus file.
func Load(ivf string, fps, w, h int, ogg string) (Media, error) {
	f, err := Frames(ivf)
	if err != nil {
		return Media{}, err
	}
	p, err := Packets(ogg)
	if err != nil {
		return Media{}, err
	}
	return Media{Frames: f, FPS: fps, W: w, H: h, Packets: p}, nil
}

// Publish publishes m's camera and microphone from room's local
// participant, in real time, until ctx ends.
func Publish(ctx context.Context, room *lksdk.Room, m Media) error {
	cam, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000})
	if err != nil {
		return err
	}
	if _, err := room.LocalParticipant.PublishTrack(cam, &lksdk.TrackPublicationOptions{Name: "camera",
		Source: livekit.TrackSource_CAMERA, VideoWidth: m.W, VideoHeight: m.H}); err != nil {
		return err
	}
	mic, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		return err
	}
	if _, err := room.LocalParticipant.PublishTrack(mic, &lksdk.TrackPublicationOptions{Name: "microphone",
		Source: livekit.TrackSource_MICROPHONE}); err != nil {
		return err
	}
	go loop(ctx, cam, m.Frames, time.Second/time.Duration(m.FPS))
	go loop(ctx, mic, m.Packets, 20*time.Millisecond)
	return nil
}

func loop(ctx context.Context, t *lksdk.LocalTrack, samples [][]byte, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		_ = t.WriteSample(media.Sample{Data: samples[i%len(samples)], Duration: every}, nil)
	}
}
