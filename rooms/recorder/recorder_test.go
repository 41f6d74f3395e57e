package recorder

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/interviewprep/interviewprep/internal/testenv"
	"github.com/interviewprep/interviewprep/rooms/recorder/testmedia"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// testMedia is a camera (320x240, 15 fps, a keyframe a second) and a
// microphone (a tone of freq Hz) to publish.
func testMedia(t testing.TB, freq int) testmedia.Media {
	dir := t.TempDir()
	m, err := testmedia.Load(vp8File(t, dir, "cam.ivf", 320, 240, 15, 4, 15), 15, 320, 240, opusFile(t, dir, "mic.ogg", freq, 4))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// join connects identity (shown as name) to room, publishing m's camera
// and microphone (nothing if m is zero) until the test ends.
func join(t testing.TB, lk *testenv.LiveKit, room, identity, name string, m testmedia.Media) *lksdk.Room {
	t.Helper()
	r, err := lksdk.ConnectToRoom(lk.URL, lksdk.ConnectInfo{APIKey: lk.APIKey, APISecret: lk.APISecret, RoomName: room,
		ParticipantIdentity: identity, ParticipantName: name}, lksdk.NewRoomCallback(),
		lksdk.WithAutoSubscribe(false), lksdk.WithLogger(protoLogger.GetDiscardLogger()))
	if err != nil {
		t.Fatalf("join as %s: %v", identity, err)
	}
	t.Cleanup(r.Disconnect)
	if m.Frames == nil {
		return r
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := testmedia.Publish(ctx, r, m); err != nil {
		t.Fatal(err)
	}
	return r
}

// newRoom creates a room (LiveKit here creates none on join).
func newRoom(t testing.TB, lk *testenv.LiveKit) string {
	t.Helper()
	room := "rec-" + testenv.RandomHex(6)
	ctl := lksdk.NewRoomServiceClient(lk.APIURL, lk.APIKey, lk.APISecret)
	if _, err := ctl.CreateRoom(testenv.Context(t), &livekit.CreateRoomRequest{Name: room, EmptyTimeout: 60}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = ctl.DeleteRoom(context.Background(), &livekit.DeleteRoomRequest{Room: room}) })
	return room
}

func startRecorder(t testing.TB, lk *testenv.LiveKit, room string, mod func(*Config)) *Recorder {
	t.Helper()
	cfg := Config{URL: lk.URL, APIKey: lk.APIKey, APISecret: lk.APISecret, Room: room, Identity: "recorder-" + room,
		Dir: t.TempDir(), Start: time.Now(), Logger: testLogger(t)}
	if mod != nil {
		mod(&cfg)
	}
	rec, err := Start(testenv.Context(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rec.Stop() })
	return rec
}

// testLogger logs through t.Log when verbose.
func testLogger(t testing.TB) *slog.Logger {
	if !testing.Verbose() {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func waitFor(t testing.TB, what string, within time.Duration, cond func() bool, state ...func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			for _, s := range state {
				t.Log(s())
			}
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A call of two, the second joining 2 s late, is recorded by a hidden
// participant: a file per track, each announced before its first byte,
// placed by when it began; reactions are heard; the files compose into one
// MP4 exactly as long as the recording.
func TestRecordsACall(t *testing.T) {
	lk := testenv.StartLiveKit(t)
	room := newRoom(t, lk)
	alice, bob := testMedia(t, 440), testMedia(t, 660)
	a := join(t, lk, room, "alice", "Alice", alice)

	var mu sync.Mutex
	var tracks []Track
	var reactions []Reaction
	var rec *Recorder
	dir := t.TempDir()
	rec = startRecorder(t, lk, room, func(c *Config) {
		c.Dir = dir
		c.OnTrack = func(tr Track) error {
			st, err := os.Stat(filepath.Join(dir, tr.File))
			mu.Lock()
			defer mu.Unlock()
			if err != nil || st.Size() != 0 {
				t.Errorf("OnTrack(%s): file not there and empty: %v", tr.File, err)
			}
			tracks = append(tracks, tr)
			return nil
		}
		c.OnReaction = func(r Reaction) {
			mu.Lock()
			defer mu.Unlock()
			reactions = append(reactions, r)
		}
	})
	start := rec.cfg.Start

	time.Sleep(2 * time.Second)
	b := join(t, lk, room, "bob", "Bob", bob)
	waitFor(t, "four tracks", 15*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(tracks) == 4
	}, func() string {
		mu.Lock()
		defer mu.Unlock()
		return fmt.Sprintf("%+v", tracks)
	})
	if err := b.LocalParticipant.PublishDataPacket(lksdk.UserData([]byte(`{"reaction":"clap"}`)),
		lksdk.WithDataPublishTopic(TopicReaction), lksdk.WithDataPublishReliable(true)); err != nil {
		t.Fatal(err)
	}
	_ = b.LocalParticipant.PublishDataPacket(lksdk.UserData([]byte(`{"reaction":"wave"}`)),
		lksdk.WithDataPublishTopic("chat"), lksdk.WithDataPublishReliable(true)) // another topic: not a reaction

	// Hidden: the others never see the recorder, neither does the API's
	// participant list show it as one of them.
	for _, p := range a.GetRemoteParticipants() {
		if p.Identity() != "bob" {
			t.Errorf("alice sees %q", p.Identity())
		}
	}
	ctl := lksdk.NewRoomServiceClient(lk.APIURL, lk.APIKey, lk.APISecret)
	list, err := ctl.ListParticipants(testenv.Context(t), &livekit.ListParticipantsRequest{Room: room})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list.Participants {
		if p.Identity == "recorder-"+room && (!p.GetPermission().GetHidden() ||
			p.GetPermission().GetCanPublish() || p.GetPermission().GetCanPublishData()) {
			t.Errorf("the recorder's permission: %+v", p.GetPermission())
		}
	}

	waitFor(t, "the reaction", 10*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(reactions) > 0
	})
	time.Sleep(time.Until(start.Add(7 * time.Second)))
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	end := time.Now()
	if err := rec.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(reactions) != 1 || reactions[0].Participant != "bob" || reactions[0].Name != "Bob" || reactions[0].Reaction != "clap" ||
		reactions[0].At.Before(start) {
		t.Errorf("reactions: %+v", reactions)
	}
	by := map[string]Track{}
	var size int64
	for _, tr := range tracks {
		by[tr.Participant+"/"+tr.Source] = tr
		info := probeOK(t, filepath.Join(dir, tr.File))
		if info.Video != (tr.Kind == "video") || info.Audio != (tr.Kind == "audio") {
			t.Errorf("%s: probe %+v", tr.File, info)
		}
		st, err := os.Stat(filepath.Join(dir, tr.File))
		if err != nil {
			t.Fatal(err)
		}
		size += st.Size()
		t.Logf("%+v: %d bytes", tr, st.Size())
	}
	if rec.Bytes() != size {
		t.Errorf("Bytes() = %d, files hold %d", rec.Bytes(), size)
	}
	for _, k := range []string{"alice/camera", "alice/microphone", "bob/camera", "bob/microphone"} {
		tr, ok := by[k]
		if !ok {
			t.Fatalf("no %s track in %+v", k, tracks)
		}
		if tr.Name == "" || tr.SID == "" || (tr.Kind == "video") != (tr.Source == "camera") {
			t.Errorf("%s: %+v", k, tr)
		}
	}
	if o := by["alice/camera"].OffsetMs; o < 0 || o > 1500 {
		t.Errorf("alice's camera starts at %d ms", o)
	}
	if d := by["bob/camera"].OffsetMs - by["alice/camera"].OffsetMs; d < 1500 || d > 3500 {
		t.Errorf("bob's camera starts %d ms after alice's, want ≈ 2000", d)
	}
	if d := by["bob/microphone"].OffsetMs - by["alice/microphone"].OffsetMs; d < 1500 || d > 3500 {
		t.Errorf("bob's microphone starts %d ms after alice's, want ≈ 2000", d)
	}

	out := filepath.Join(t.TempDir(), "recording.mp4")
	dur := end.Sub(start)
	_, prog := composeOK(t, ComposeInput{Dir: dir, Tracks: tracks, Duration: dur, Out: out})
	info := probeOK(t, out)
	if !info.Video || !info.Audio || math.Abs(info.Duration.Seconds()-dur.Seconds()) > 1 {
		t.Errorf("composed: %+v, want video, audio, %v", info, dur)
	}
	if len(prog) == 0 {
		t.Error("no progress reported")
	}
	// Bob's cell (right) is black before he came and shows him after.
	before := float64(by["bob/camera"].OffsetMs)/1000 - 1
	if pic := frameAt(t, out, max(before, 0.1)); brightness(pic, 36, 60, 10, 26) > 30 {
		t.Errorf("bob's cell before he joined: %.0f", brightness(pic, 36, 60, 10, 26))
	}
	if pic := frameAt(t, out, dur.Seconds()-1); brightness(pic, 36, 60, 10, 26) < 30 || brightness(pic, 4, 28, 10, 26) < 30 {
		t.Error("not both cameras at the end")
	}
}

// Deleting the room ends the recording by itself.
func TestDoneWhenRoomDeleted(t *testing.T) {
	lk := testenv.StartLiveKit(t)
	room := newRoom(t, lk)
	join(t, lk, room, "alice", "Alice", testmedia.Media{})
	rec := startRecorder(t, lk, room, nil)
	select {
	case <-rec.Done():
		t.Fatal("Done before anything happened")
	case <-time.After(500 * time.Millisecond):
	}
	ctl := lksdk.NewRoomServiceClient(lk.APIURL, lk.APIKey, lk.APISecret)
	if _, err := ctl.DeleteRoom(testenv.Context(t), &livekit.DeleteRoomRequest{Room: room}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-rec.Done():
	case <-time.After(20 * time.Second):
		t.Fatal("Done did not close after the room was deleted")
	}
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
}

// With nobody left in the room for IdleTimeout, the recording ends by
// itself; while someone is there it does not.
func TestDoneWhenIdle(t *testing.T) {
	lk := testenv.StartLiveKit(t)
	room := newRoom(t, lk)
	a := join(t, lk, room, "alice", "Alice", testmedia.Media{})
	rec := startRecorder(t, lk, room, func(c *Config) { c.IdleTimeout = time.Second })
	select {
	case <-rec.Done():
		t.Fatal("Done with alice in the room")
	case <-time.After(2500 * time.Millisecond):
	}
	a.Disconnect()
	select {
	case <-rec.Done():
	case <-time.After(20 * time.Second):
		t.Fatal("Done did not close after everyone left")
	}
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(rec.cfg.Dir); len(ents) != 0 {
		t.Errorf("files without tracks: %v", ents)
	}
}

// Start fails when it cannot join (wrong key), and wants its config.
func TestStartFails(t *testing.T) {
	lk := testenv.StartLiveKit(t)
	if _, err := Start(testenv.Context(t), Config{URL: lk.URL, APIKey: lk.APIKey, APISecret: "wrong", Room: "x",
		Identity: "recorder-x", Dir: t.TempDir()}); err == nil {
		t.Error("joined with a wrong secret")
	}
	if _, err := Start(testenv.Context(t), Config{URL: lk.URL}); err == nil {
		t.Error("started without a config")
	}
}
