// Command bench-recorder measures the call recorder (rooms/recorder):
//
//	go run ./bench/recorder -participants 3 -duration 5m
//	go run ./bench/recorder -compose-only
//
// Recording: a LiveKit server (bin/livekit-server) and N Go participants,
// each publishing a camera (VP8 640x360, 15 fps) and a microphone (Opus),
// are recorded for -duration. The recorder runs in a process of its own
// (this binary again, -role recorder), so that its CPU time and peak RSS
// are its own, not the publishers' (which cost more than the recorder and
// would swamp a before/after difference in one process).
//
// Composing: a 10-minute recording of 3 participants (track files made by
// ffmpeg directly, no LiveKit) is composed, next to a reference in the same
// run: ffmpeg encoding one 10-minute test pattern at the same settings.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/livekit/protocol/livekit"
	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/interviewprep/interviewprep/internal/stack"
	"github.com/interviewprep/interviewprep/rooms/recorder"
	"github.com/interviewprep/interviewprep/rooms/recorder/testmedia"
)

func main() {
	role := flag.String("role", "", "internal: recorder (the recorder process)")
	n := flag.Int("participants", 3, "participants publishing a camera and a microphone")
	dur := flag.Duration("duration", 5*time.Minute, "how long to record")
	composeOnly := flag.Bool("compose-only", false, "only measure composing")
	composeDur := flag.Duration("compose-duration", 10*time.Minute, "length of the composed recording")
	binDir := flag.String("bin", "bin", "where livekit-server is")
	flag.Parse()
	lksdk.SetLogger(protoLogger.GetDiscardLogger())
	var err error
	switch {
	case *role == "recorder":
		err = recordProcess()
	case *composeOnly:
		err = composeBench(*composeDur)
	default:
		var rows []row
		rows, err = recordBench(*binDir, *n, *dur)
		if err == nil {
			var c []row
			c, err = composeRows(*composeDur)
			rows = append(rows, c...)
			printTable(rows)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-recorder:", err)
		os.Exit(1)
	}
}

type row struct{ what, value, note string }

func printTable(rows []row) {
	fmt.Printf("\n| measurement | value | notes |\n|---|---|---|\n")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s |\n", r.what, r.value, r.note)
	}
}

// report is what the recorder process prints when it stops.
type report struct {
	Bytes     int64   `json:"bytes"`
	Tracks    int     `json:"tracks"`
	HeapInuse uint64  `json:"heapInuse"`
	Seconds   float64 `json:"seconds"`
}

// recordProcess is the recorder process: it records the room in its
// environment until SIGINT, then prints a report.
func recordProcess() error {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	tracks := 0
	start := time.Now()
	rec, err := recorder.Start(context.Background(), recorder.Config{URL: os.Getenv("LK_URL"), APIKey: os.Getenv("LK_KEY"),
		APISecret: os.Getenv("LK_SECRET"), Room: os.Getenv("LK_ROOM"), Identity: "recorder-bench", Dir: os.Getenv("REC_DIR"),
		Start: start, OnTrack: func(recorder.Track) error { tracks++; return nil }})
	if err != nil {
		return err
	}
	<-ctx.Done()
	if err := rec.Stop(); err != nil {
		return err
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return json.NewEncoder(os.Stdout).Encode(report{Bytes: rec.Bytes(), Tracks: tracks, HeapInuse: ms.HeapInuse,
		Seconds: time.Since(start).Seconds()})
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func recordBench(binDir string, n int, dur time.Duration) ([]row, error) {
	work, err := os.MkdirTemp("", "bench-recorder-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	var ports [3]int
	for i := range ports {
		if ports[i], err = freePort(); err != nil {
			return nil, err
		}
	}
	key, secret := "benchkey", "benchsecret-0123456789abcdef0123456789"
	abs, _ := filepath.Abs(binDir)
	lk, err := stack.StartLiveKit(context.Background(), stack.LiveKitOptions{BinDir: abs, Dir: filepath.Join(work, "livekit"),
		Port: ports[0], RTCTCPPort: ports[1], RTCUDPPort: ports[2], NodeIP: "127.0.0.1", APIKey: key, APISecret: secret,
		Output: io.Discard}, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	defer lk.Stop()
	url := fmt.Sprintf("ws://127.0.0.1:%d", ports[0])
	room := "bench"
	ctl := lksdk.NewRoomServiceClient(fmt.Sprintf("http://127.0.0.1:%d", ports[0]), key, secret)
	if _, err := ctl.CreateRoom(context.Background(), &livekit.CreateRoomRequest{Name: room}); err != nil {
		return nil, err
	}
	// 20 s of media, looped.
	ivf, err := testmedia.VP8(work, "cam.ivf", 640, 360, 15, 20, 30)
	if err != nil {
		return nil, err
	}
	ogg, err := testmedia.Opus(work, "mic.ogg", 440, 20)
	if err != nil {
		return nil, err
	}
	m, err := testmedia.Load(ivf, 15, 640, 360, ogg)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range n {
		r, err := lksdk.ConnectToRoom(url, lksdk.ConnectInfo{APIKey: key, APISecret: secret, RoomName: room,
			ParticipantIdentity: "p" + strconv.Itoa(i)}, lksdk.NewRoomCallback(), lksdk.WithAutoSubscribe(false),
			lksdk.WithLogger(protoLogger.GetDiscardLogger()))
		if err != nil {
			return nil, err
		}
		defer r.Disconnect()
		if err := testmedia.Publish(ctx, r, m); err != nil {
			return nil, err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	recDir := filepath.Join(work, "tracks")
	cmd := exec.Command(self, "-role", "recorder")
	cmd.Env = append(os.Environ(), "LK_URL="+url, "LK_KEY="+key, "LK_SECRET="+secret, "LK_ROOM="+room, "REC_DIR="+recDir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "recording %d participants for %v...\n", n, dur)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	time.Sleep(dur)
	_ = cmd.Process.Signal(os.Interrupt)
	var rep report
	if err := json.NewDecoder(out).Decode(&rep); err != nil {
		return nil, fmt.Errorf("recorder report: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return nil, err
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	mins := rep.Seconds / 60
	var disk int64
	ents, _ := os.ReadDir(recDir)
	for _, e := range ents {
		if info, err := e.Info(); err == nil {
			disk += info.Size()
		}
	}
	return []row{
		{"recording: participants × duration", fmt.Sprintf("%d × %.1f min", n, mins), fmt.Sprintf("%d tracks recorded", rep.Tracks)},
		{"recorder CPU", fmt.Sprintf("%.2f s", cpu.Seconds()), "user+sys of the recorder process"},
		{"recorder CPU per minute per participant", fmt.Sprintf("%.2f s", cpu.Seconds()/mins/float64(n)), fmt.Sprintf("%.1f%% of a core per participant", 100*cpu.Seconds()/rep.Seconds/float64(n))},
		{"recorder peak RSS", fmt.Sprintf("%.1f MiB", float64(ru.Maxrss)/1024), "whole process (Go runtime, WebRTC stack)"},
		{"recorder heap in use at stop", fmt.Sprintf("%.1f MiB", float64(rep.HeapInuse)/(1<<20)), ""},
		{"disk per minute", fmt.Sprintf("%.2f MB", float64(disk)/mins/1e6), fmt.Sprintf("%.2f MB per participant-minute (camera ~300 kbit/s + Opus 32 kbit/s)", float64(disk)/mins/float64(n)/1e6)},
	}, nil
}

func composeBench(d time.Duration) error {
	rows, err := composeRows(d)
	if err != nil {
		return err
	}
	printTable(rows)
	return nil
}

func childCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// composeRows composes a d-long recording of 3 participants (camera and
// microphone each, joining at 0, 20 and 40 s) and, for reference, encodes
// one d-long test pattern at the same settings.
func composeRows(d time.Duration) ([]row, error) {
	work, err := os.MkdirTemp("", "bench-compose-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	secs := int(d.Seconds())
	fmt.Fprintf(os.Stderr, "making %v of track files with ffmpeg...\n", d)
	// One camera file and one microphone file, hard-linked for each
	// participant: the decoding work is the same as three different ones.
	cam, err := testmedia.VP8(work, "cam.ivf", 640, 360, 15, secs, 30)
	if err != nil {
		return nil, err
	}
	mic, err := testmedia.Opus(work, "mic.ogg", 440, secs)
	if err != nil {
		return nil, err
	}
	var tracks []recorder.Track
	for i := range 3 {
		p := "p" + strconv.Itoa(i)
		c, m := fmt.Sprintf("%03d-camera.ivf", 2*i), fmt.Sprintf("%03d-microphone.ogg", 2*i+1)
		if err := os.Link(cam, filepath.Join(work, c)); err != nil {
			return nil, err
		}
		if err := os.Link(mic, filepath.Join(work, m)); err != nil {
			return nil, err
		}
		off := int64(i) * 20000
		tracks = append(tracks, recorder.Track{Participant: p, Source: "camera", Kind: "video", File: c, OffsetMs: off},
			recorder.Track{Participant: p, Source: "microphone", Kind: "audio", File: m, OffsetMs: off})
	}
	fmt.Fprintln(os.Stderr, "composing...")
	cpu0, t0 := childCPU(), time.Now()
	out := filepath.Join(work, "recording.mp4")
	if _, err := recorder.Compose(context.Background(), recorder.ComposeInput{Dir: work, Tracks: tracks, Duration: d, Out: out}, nil); err != nil {
		return nil, err
	}
	wall, cpu := time.Since(t0), childCPU()-cpu0
	st, err := os.Stat(out)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(os.Stderr, "reference encode...")
	dur := strconv.Itoa(secs)
	cpu1, t1 := childCPU(), time.Now()
	if err := testmedia.FFmpeg("-f", "lavfi", "-i", "testsrc=size=1280x720:rate=15:duration="+dur,
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration="+dur,
		"-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p", "-g", "60",
		"-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", filepath.Join(work, "ref.mp4")); err != nil {
		return nil, err
	}
	refWall, refCPU := time.Since(t1), childCPU()-cpu1
	return []row{
		{fmt.Sprintf("compose %v, 3 participants", d), fmt.Sprintf("%.1f s wall, %.1f s CPU", wall.Seconds(), cpu.Seconds()),
			fmt.Sprintf("%.1fx real time; %.1f MB out; %d cores", d.Seconds()/wall.Seconds(), float64(st.Size())/1e6, runtime.NumCPU())},
		{fmt.Sprintf("reference: encode one %v test pattern", d), fmt.Sprintf("%.1f s wall, %.1f s CPU", refWall.Seconds(), refCPU.Seconds()),
			fmt.Sprintf("compose costs %.2fx the reference's CPU", cpu.Seconds()/refCPU.Seconds())},
	}, nil
}
