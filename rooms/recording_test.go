package rooms

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4/pkg/media"

	"github.com/interviewprep/interviewprep/internal/testenv"
	"github.com/interviewprep/interviewprep/rooms/recorder"
)

// recordings is GET .../recordings as p.
func (a *testApp) recordings(t *testing.T, id string, p person) RecordingList {
	t.Helper()
	return apiOK[RecordingList](t, a, "GET", "/api/interviews/"+id+"/recordings", p)
}

// recording is interview id's recording rid as the owner sees it.
func (a *testApp) recording(t *testing.T, id, rid string) RecordingView {
	t.Helper()
	for _, r := range a.recordings(t, id, a.p.owner).Recordings {
		if r.ID == rid {
			return r
		}
	}
	t.Fatalf("recording %s not listed", rid)
	return RecordingView{}
}

// roomRecordingOf reads the room metadata's recording (nil: none).
func (a *testApp) roomRecordingOf(t *testing.T, room string) *roomRecording {
	t.Helper()
	res, err := a.control.ListRooms(testenv.Context(t), &livekit.ListRoomsRequest{Names: []string{room}})
	if err != nil || len(res.Rooms) == 0 {
		return nil
	}
	var m struct {
		Recording *roomRecording `json:"recording"`
	}
	_ = json.Unmarshal([]byte(res.Rooms[0].Metadata), &m)
	return m.Recording
}

// get fetches url with p's session and extra headers.
func (a *testApp) get(t *testing.T, path string, p person, h map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(testenv.Context(t), "GET", a.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range testenv.SessionHeader(p.Token) {
		req.Header[k] = v
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// A call is recorded from start to stop: the recorder joins hidden, every
// participant reads "recording" from the room, the track files become one
// file that plays and seeks; only the owner and admins control it.
func TestRecordingLifecycle(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	base := "/api/interviews/" + iv.ID + "/recordings"
	if st, raw := a.api(t, "POST", base, a.p.owner, nil); st != http.StatusConflict {
		t.Fatalf("start with no call: %d %s, want 409", st, raw)
	}
	owner := connect(t, a.join(t, iv.ID, a.p.owner))
	stopMic := sendSilence(t, owner)
	defer stopMic()

	for _, p := range []person{a.p.cand, a.p.ivOn, a.p.ivOff, {}} {
		if st, _ := a.api(t, "POST", base, p, nil); st == http.StatusCreated {
			t.Fatalf("%s started a recording", p.Name)
		}
	}
	// The owner and an admin press Record at once: one recording, one 409.
	type answer struct {
		who    person
		status int
		raw    []byte
	}
	answers := make(chan answer, 2)
	for _, who := range []person{a.p.owner, a.p.admin} {
		go func() {
			st, raw := a.api(t, "POST", base, who, map[string]any{})
			answers <- answer{who, st, raw}
		}()
	}
	var started RecordingView
	var starter person
	statuses := []int{}
	for range 2 {
		ans := <-answers
		statuses = append(statuses, ans.status)
		if ans.status == http.StatusCreated {
			testenv.DecodeJSON(t, ans.raw, &started)
			starter = ans.who
		}
	}
	slices.Sort(statuses)
	if !slices.Equal(statuses, []int{http.StatusCreated, http.StatusConflict}) {
		t.Fatalf("two starts at once answered %v, want 201 and 409", statuses)
	}
	if started.State != StateRecording || started.StartedBy == nil || started.StartedBy.ID != starter.ID {
		t.Fatalf("started = %+v, by %s", started, starter.Name)
	}
	if n := len(a.recordings(t, iv.ID, a.p.admin).Recordings); n != 1 {
		t.Fatalf("%d recordings after two starts at once, want 1", n)
	}
	eventually(t, "the room to say it is recorded", func() bool {
		rr := a.roomRecordingOf(t, iv.ID)
		return rr != nil && rr.ID == started.ID && rr.By == starter.Name
	})
	// Hidden: the owner's client never sees the recorder.
	if n := len(owner.room.GetRemoteParticipants()); n != 0 {
		t.Fatalf("the owner sees %d participants, want 0 (the recorder is hidden)", n)
	}
	eventually(t, "the microphone's track file", func() bool {
		d, err := a.svc.rec.store.get(testenv.Context(t), started.ID)
		return err == nil && len(d.Tracks) == 1 && d.Tracks[0].Kind == "audio"
	})
	time.Sleep(3 * time.Second)

	if st, _ := a.api(t, "POST", base+"/stop", a.p.cand, nil); st != http.StatusForbidden {
		t.Fatalf("candidate stop: %d, want 403", st)
	}
	st, raw := a.api(t, "POST", base+"/stop", a.p.owner, nil)
	if st != http.StatusOK {
		t.Fatalf("stop: %d %s", st, raw)
	}
	var stopped RecordingView
	testenv.DecodeJSON(t, raw, &stopped)
	if stopped.State == StateRecording || stopped.EndedAt == nil || stopped.DurationSeconds < 3 {
		t.Fatalf("stopped = %+v", stopped)
	}
	if rr := a.roomRecordingOf(t, iv.ID); rr != nil {
		t.Fatalf("room still says recording: %+v", rr)
	}
	if st, _ := a.api(t, "POST", base+"/stop", a.p.owner, nil); st != http.StatusConflict {
		t.Fatalf("second stop: %d, want 409", st)
	}
	var ready RecordingView
	eventuallyWithin(t, "the composed recording", 2*time.Minute, func() bool {
		ready = a.recording(t, iv.ID, started.ID)
		return ready.State == StateReady || ready.State == StateFailed
	})
	if ready.State != StateReady || ready.MediaURL == nil || ready.SizeBytes == 0 || ready.Progress != 1 {
		t.Fatalf("recording = %+v", ready)
	}
	// All silence: the replay may skip it.
	if len(ready.Silences) == 0 || ready.Silences[0].End-ready.Silences[0].Start < 2 {
		t.Fatalf("silences = %+v, want the silent microphone", ready.Silences)
	}
	info, err := recorder.Probe(testenv.Context(t), "ffprobe", filepath.Join(a.recDir, started.ID, "recording.mp4"))
	if err != nil || !info.Video || !info.Audio {
		t.Fatalf("probe: %+v %v", info, err)
	}
	// The dashboards' summary follows.
	if sum := a.ivs.recordingSummary(iv.ID); sum.Count != 1 || sum.State != StateReady || sum.SizeBytes != ready.SizeBytes || sum.DurationSeconds < 3 {
		t.Fatalf("summary told to schedule = %+v", sum)
	}
	if _, err := os.Stat(filepath.Join(a.recDir, started.ID, "tracks")); !os.IsNotExist(err) {
		t.Fatalf("track files kept after composing: %v", err)
	}

	// Seeking: a range answers 206 with just those bytes; a download is an attachment.
	resp, body := a.get(t, *ready.MediaURL, a.p.ivOn, map[string]string{"Range": "bytes=100-199"})
	if resp.StatusCode != http.StatusPartialContent || len(body) != 100 || resp.Header.Get("Content-Type") != "video/mp4" {
		t.Fatalf("range: %d, %d bytes, %s", resp.StatusCode, len(body), resp.Header.Get("Content-Type"))
	}
	resp, _ = a.get(t, *ready.MediaURL+"?download=1", a.p.admin, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") == "" {
		t.Fatalf("download: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}

	// Ending the call stops a recording by itself.
	st, raw = a.api(t, "POST", base, a.p.admin, nil)
	if st != http.StatusCreated {
		t.Fatalf("second recording: %d %s", st, raw)
	}
	var second RecordingView
	testenv.DecodeJSON(t, raw, &second)
	if st, raw := a.api(t, "POST", "/api/interviews/"+iv.ID+"/room/end", a.p.owner, nil); st != http.StatusNoContent {
		t.Fatalf("end: %d %s", st, raw)
	}
	eventually(t, "the recording to stop with the call", func() bool {
		return a.recording(t, iv.ID, second.ID).State != StateRecording
	})
}

// sendSilence publishes pt's microphone and sends Opus silence on it (the
// 3-byte CELT frame every decoder reads as 20 ms of silence) until the
// returned stop.
func sendSilence(t *testing.T, pt *participant) func() {
	t.Helper()
	track, ok := publishMic(t, pt).TrackLocal().(*lksdk.LocalTrack)
	if !ok {
		t.Fatal("the microphone is not a sample track")
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				_ = track.WriteSample(media.Sample{Data: []byte{0xf8, 0xff, 0xfe}, Duration: 20 * time.Millisecond}, nil)
			}
		}
	}()
	var once sync.Once
	stop := func() { once.Do(func() { close(done); <-stopped }) }
	t.Cleanup(stop)
	return stop
}

// Every recording route answers only the interview's interviewers, its
// owner and admins; a candidate never lists or fetches a recording, nor
// does a guessed id or file name reach a file.
func TestRecordingAccess(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	other := a.newInterview(t, func(x *Interview) { x.InterviewerIDs = []string{a.p.owner.ID}; x.CandidateID = a.p.candOff.ID })
	rid := a.plantReady(t, iv.ID, time.Now())
	otherRid := a.plantReady(t, other.ID, time.Now())
	p := a.p
	signedOut := person{}
	type route struct{ method, path string }
	list := route{"GET", "/api/interviews/" + iv.ID + "/recordings"}
	start := route{"POST", "/api/interviews/" + iv.ID + "/recordings"}
	stop := route{"POST", "/api/interviews/" + iv.ID + "/recordings/stop"}
	settings := route{"PUT", "/api/interviews/" + iv.ID + "/recording-settings"}
	mediaR := route{"GET", "/api/recordings/" + rid + "/media"}
	del := route{"DELETE", "/api/recordings/" + rid}
	for _, tc := range []struct {
		r    route
		who  person
		want int
	}{
		{list, signedOut, 401}, {list, p.cand, 403}, {list, p.candOff, 403}, {list, p.ivOff, 403},
		{list, p.ivOn, 200}, {list, p.owner, 200}, {list, p.admin, 200},
		{start, signedOut, 401}, {start, p.cand, 403}, {start, p.ivOn, 403}, {start, p.ivOff, 403},
		{stop, signedOut, 401}, {stop, p.cand, 403}, {stop, p.ivOn, 403},
		{stop, p.owner, 409}, // nothing is recording
		{settings, signedOut, 401}, {settings, p.cand, 403}, {settings, p.ivOn, 403},
		{mediaR, signedOut, 401}, {mediaR, p.cand, 403}, {mediaR, p.candOff, 403}, {mediaR, p.ivOff, 403},
		{mediaR, p.ivOn, 200}, {mediaR, p.owner, 200}, {mediaR, p.admin, 200},
		{route{"GET", "/api/recordings/" + otherRid + "/media"}, p.ivOn, 403},
		{route{"GET", "/api/recordings/" + otherRid + "/media"}, p.cand, 403},
		{route{"GET", "/api/recordings/" + testenv.RandomHex(16) + "/media"}, p.admin, 404},
		{route{"GET", "/api/recordings/..%2F..%2Fetc%2Fpasswd/media"}, p.admin, 404},
		{route{"GET", "/api/recordings/" + rid + "%2Frecording.mp4/media"}, p.admin, 404},
		{route{"GET", "/api/recordings/recording.mp4/media"}, p.admin, 404},
		{del, signedOut, 401}, {del, p.cand, 403}, {del, p.ivOn, 403}, {del, p.owner, 403},
	} {
		var body any
		if tc.r.method == "PUT" {
			body = map[string]bool{"autoRecord": true}
		}
		st, raw := a.api(t, tc.r.method, tc.r.path, tc.who, body)
		if st != tc.want {
			t.Errorf("%s %s as %q: %d %s, want %d", tc.r.method, tc.r.path, tc.who.Name, st, raw, tc.want)
		}
	}
	l := a.recordings(t, iv.ID, p.ivOn)
	if len(l.Recordings) != 1 || l.CanControl || l.CanDelete || l.RetentionDays != 7 {
		t.Fatalf("interviewer's list = %+v", l)
	}
	if l := a.recordings(t, iv.ID, p.admin); !l.CanControl || !l.CanDelete {
		t.Fatalf("admin's list = %+v", l)
	}
	// Settings: validated, owner's, seen in the list.
	if st, _ := a.api(t, "PUT", settings.path, p.owner, map[string]any{}); st != http.StatusBadRequest {
		t.Fatalf("empty settings: %d, want 400", st)
	}
	if st, _ := a.api(t, "PUT", settings.path, p.owner, map[string]any{"autoRecord": "yes"}); st != http.StatusBadRequest {
		t.Fatalf("bad settings: %d, want 400", st)
	}
	if st, raw := a.api(t, "PUT", settings.path, p.owner, map[string]any{"autoRecord": true}); st != http.StatusOK {
		t.Fatalf("settings: %d %s", st, raw)
	}
	if !a.recordings(t, iv.ID, p.ivOn).AutoRecord {
		t.Fatal("autoRecord not kept")
	}
	// An admin deletes: the record and the file go.
	if st, raw := a.api(t, "DELETE", del.path, p.admin, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %s", st, raw)
	}
	if _, err := os.Stat(filepath.Join(a.recDir, rid)); !os.IsNotExist(err) {
		t.Fatalf("files kept: %v", err)
	}
	if st, _ := a.api(t, "GET", mediaR.path, p.admin, nil); st != http.StatusNotFound {
		t.Fatalf("deleted media: %d, want 404", st)
	}
	if n := len(a.recordings(t, iv.ID, p.admin).Recordings); n != 0 {
		t.Fatalf("%d recordings listed after delete", n)
	}
}

// plantReady stores a ready recording of interview id (a small file that
// is not a real video: the access checks do not look inside).
func (a *testApp) plantReady(t *testing.T, id string, started time.Time) string {
	t.Helper()
	ctx := testenv.Context(t)
	end := started.Add(time.Minute)
	d := &recordingDoc{ID: newID(), InterviewID: id, State: StateReady, StartedAt: started.UTC(), EndedAt: &end,
		File: "", Tracks: []recorder.Track{}}
	d.File = filepath.Join(d.ID, "recording.mp4")
	if err := os.MkdirAll(filepath.Join(a.recDir, d.ID), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(a.recDir, d.File), make([]byte, 4096), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := a.svc.rec.store.create(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := a.svc.rec.store.finishJob(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// A recording whose node died (its heartbeat stopped) is interrupted, and
// what it wrote is composed.
func TestInterruptedRecordingComposes(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	ctx := testenv.Context(t)
	d := &recordingDoc{ID: newID(), InterviewID: iv.ID, State: StateRecording, StartedAt: time.Now().Add(-6 * time.Second).UTC(),
		Node: "a-node-that-died", HeartbeatAt: time.Now().Add(-3 * time.Second).UTC()}
	a.writeTone(t, d.ID, "000-microphone.ogg")
	d.Tracks = []recorder.Track{{SID: "TR_x", Participant: a.p.cand.ID, Name: "cand", Source: "microphone", Kind: "audio", File: "000-microphone.ogg", OffsetMs: 1000}}
	if err := a.svc.rec.store.create(ctx, d); err != nil {
		t.Fatal(err)
	}
	var got RecordingView
	eventuallyWithin(t, "the interrupted recording to compose", 2*time.Minute, func() bool {
		got = a.recording(t, iv.ID, d.ID)
		return got.State == StateReady || got.State == StateFailed
	})
	if got.State != StateReady || !got.Interrupted || got.EndedAt == nil || got.DurationSeconds < 2.5 || got.DurationSeconds > 3.5 {
		t.Fatalf("recording = %+v", got)
	}
	info, err := recorder.Probe(ctx, "ffprobe", filepath.Join(a.recDir, d.ID, "recording.mp4"))
	if err != nil || !info.Audio || info.Duration < 2500*time.Millisecond || info.Duration > 3500*time.Millisecond {
		t.Fatalf("probe: %+v %v", info, err)
	}
}

// A recording stored while the jobs run keeps its job: a pass that looks
// at the jobs between the recording's writes must not take the job for a
// deleted recording's (it did, and the recording was never composed).
func TestRecordingStoredDuringAPassKeepsItsJob(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	ctx := testenv.Context(t)
	passes, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for passes.Err() == nil {
			a.svc.recordingPass(passes)
		}
	}()
	var ids []string
	for range 40 {
		// Another node's, alive: the passes leave it as it is.
		d := &recordingDoc{ID: newID(), InterviewID: iv.ID, State: StateRecording, StartedAt: time.Now().UTC(),
			Node: "a-node-alive", HeartbeatAt: time.Now().Add(time.Hour).UTC(), Tracks: []recorder.Track{}}
		if err := a.svc.rec.store.create(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	stop()
	<-done
	jobs, err := a.svc.rec.store.jobIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if !slices.Contains(jobs, id) {
			t.Errorf("recording %s lost its job", id)
		}
	}
}

// Composing that fails is retried, then reported; the track files stay.
func TestComposeFailureIsRetriedThenReported(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	ctx := testenv.Context(t)
	end := time.Now().UTC()
	d := &recordingDoc{ID: newID(), InterviewID: iv.ID, State: StateComposing, StartedAt: end.Add(-3 * time.Second), EndedAt: &end,
		Tracks: []recorder.Track{{SID: "TR_y", Participant: a.p.owner.ID, Source: "microphone", Kind: "audio", File: "000-microphone.ogg"}}}
	track := a.writeTone(t, d.ID, "000-microphone.ogg")
	// The output cannot be written: where the file goes is a directory.
	if err := os.MkdirAll(filepath.Join(a.recDir, d.ID, "recording.mp4.part", "x"), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := a.svc.rec.store.create(ctx, d); err != nil {
		t.Fatal(err)
	}
	var got RecordingView
	eventually(t, "the failure to be reported", func() bool {
		got = a.recording(t, iv.ID, d.ID)
		return got.State == StateFailed
	})
	if got.Attempts != 3 || got.Error == "" || got.MediaURL != nil {
		t.Fatalf("recording = %+v", got)
	}
	if _, err := os.Stat(track); err != nil {
		t.Fatalf("track file gone after failing: %v", err)
	}
}

// writeTone writes a 3 s Opus tone as track file name of recording id and
// returns its path.
func (a *testApp) writeTone(t *testing.T, id, name string) string {
	t.Helper()
	dir := filepath.Join(a.recDir, id, "tracks")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	out, err := exec.CommandContext(testenv.Context(t), "ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
		"-i", "sine=frequency=440:duration=3", "-c:a", "libopus", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	return path
}

// An interview set to record automatically is recorded once someone joins.
func TestAutoRecord(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	if st, raw := a.api(t, "PUT", "/api/interviews/"+iv.ID+"/recording-settings", a.p.owner, map[string]bool{"autoRecord": true}); st != http.StatusOK {
		t.Fatalf("settings: %d %s", st, raw)
	}
	connect(t, a.join(t, iv.ID, a.p.cand))
	var l RecordingList
	eventually(t, "the automatic recording", func() bool {
		l = a.recordings(t, iv.ID, a.p.owner)
		return len(l.Recordings) == 1
	})
	if r := l.Recordings[0]; r.State != StateRecording || r.StartedBy != nil {
		t.Fatalf("automatic recording = %+v", r)
	}
	eventually(t, "the room to say it is recorded", func() bool { return a.roomRecordingOf(t, iv.ID) != nil })
}

// Retention deletes ready recordings older than it, and their files.
func TestRetention(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	old := a.plantReady(t, iv.ID, time.Now().Add(-8*24*time.Hour))
	fresh := a.plantReady(t, iv.ID, time.Now().Add(-6*24*time.Hour))
	a.svc.applyRetention(testenv.Context(t))
	l := a.recordings(t, iv.ID, a.p.admin)
	if len(l.Recordings) != 1 || l.Recordings[0].ID != fresh {
		t.Fatalf("after retention: %+v", l.Recordings)
	}
	if _, err := os.Stat(filepath.Join(a.recDir, old)); !os.IsNotExist(err) {
		t.Fatalf("old files kept: %v", err)
	}
}
