package rooms

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/livekit/protocol/livekit"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/rooms/recorder"
)

// Recording is the configuration of call recording.
type Recording struct {
	// Dir holds the recordings: <Dir>/<id>/tracks/* while recording, then
	// <Dir>/<id>/recording.mp4. Empty: recording is off (503).
	Dir string
	// Retention deletes ready recordings this long after they started
	// (0: kept until an admin deletes them).
	Retention time.Duration
	FFmpeg    string // default "ffmpeg"
	// Heartbeat is how often a recording node says it is alive; a
	// recording silent for 3 heartbeats is interrupted. Default 5 s.
	Heartbeat time.Duration
	// MaxAttempts is how many times composing is tried. Default 3.
	MaxAttempts int
	// RetryDelay is the wait before the second attempt, doubled after each
	// failure. Default 15 s.
	RetryDelay time.Duration
	// Node names this app node, the same across its restarts (e.g. host and
	// port), so that a restarted node takes the recordings it was making
	// as interrupted at once. Default: random (found by their heartbeat).
	Node string
}

func (c *Recording) defaults() {
	if c.FFmpeg == "" {
		c.FFmpeg = "ffmpeg"
	}
	if c.Heartbeat <= 0 {
		c.Heartbeat = 5 * time.Second
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 3
	}
	if c.RetryDelay <= 0 {
		c.RetryDelay = 15 * time.Second
	}
}

// Recording errors.
var (
	ErrNoRecording       = httpx.Detail(httpx.ErrNotFound, "no such recording")
	ErrRecordingsHidden  = httpx.Detail(httpx.ErrForbidden, "only the interview's interviewers and admins see its recordings")
	ErrAlreadyRecording  = httpx.Detail(httpx.ErrConflict, "the call is already being recorded")
	ErrNotRecording      = httpx.Detail(httpx.ErrConflict, "the call is not being recorded")
	ErrNoCall            = httpx.Detail(httpx.ErrConflict, "no call is running: recording starts once someone is in the call")
	ErrRecordingOff      = httpx.Detail(httpx.ErrUnavailable, "recording is not set up on this server")
	ErrNotAdmin          = httpx.Detail(httpx.ErrForbidden, "only admins may delete recordings")
	ErrStillRecording    = httpx.Detail(httpx.ErrConflict, "stop the recording before deleting it")
	ErrRecordingNotReady = httpx.Detail(httpx.ErrConflict, "the recording is not ready yet")
)

// RecordingView is a recording as the API shows it.
type RecordingView struct {
	ID              string             `json:"id"`
	InterviewID     string             `json:"interviewId"`
	State           string             `json:"state"`
	StartedAt       time.Time          `json:"startedAt"`
	EndedAt         *time.Time         `json:"endedAt"`
	DurationSeconds float64            `json:"durationSeconds"`
	SizeBytes       int64              `json:"sizeBytes"`
	Interrupted     bool               `json:"interrupted"`
	Progress        float64            `json:"progress"`
	Attempts        int                `json:"attempts"`
	Error           string             `json:"error,omitempty"`
	StartedBy       *Person            `json:"startedBy"`
	MediaURL        *string            `json:"mediaUrl"`
	Silences        []recorder.Span    `json:"silences"`
	Reactions       []RecordedReaction `json:"reactions"`
}

// Person is someone named in an answer.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// RecordingList is the answer to GET /api/interviews/{id}/recordings.
type RecordingList struct {
	Recordings    []RecordingView `json:"recordings"`
	RetentionDays int             `json:"retentionDays"`
	AutoRecord    bool            `json:"autoRecord"`
	CanControl    bool            `json:"canControl"`
	CanDelete     bool            `json:"canDelete"`
}

// RecordingSettings is the body and answer of PUT .../recording-settings.
type RecordingSettings struct {
	AutoRecord *bool `json:"autoRecord"`
}

// active is a recording this node is making.
type active struct {
	id, interview string
	rec           *recorder.Recorder
	stop          chan struct{} // closed to stop it
	stopOnce      sync.Once
	finished      chan struct{} // closed once it is stored as stopped
}

// recordings is the part of the service that records calls.
type recordings struct {
	cfg   Recording
	store *recordingStore
	node  string

	// mu guards ctx and active; it is never held across I/O.
	mu  sync.Mutex
	ctx context.Context // the service's life: recorders and jobs run in it
	// active: the recording this node makes of each interview, from the
	// moment it claims the interview (its recorder still joining: rec nil)
	// until it is stored as stopped.
	active map[string]*active
	nudge  chan struct{}
}

func newRecordings(cfg Recording, st *recordingStore) *recordings {
	cfg.defaults()
	node := cfg.Node
	if node == "" {
		node = newID()
	}
	return &recordings{cfg: cfg, store: st, node: node, active: map[string]*active{}, nudge: make(chan struct{}, 1),
		ctx: context.Background()}
}

// context is the recordings' life (RunRecordings' context).
func (r *recordings) context() context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ctx
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// validRecordingID: recording ids are 32 hex digits; nothing else reaches
// the file system.
var validRecordingID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (r *recordings) dir(id string) string       { return filepath.Join(r.cfg.Dir, id) }
func (r *recordings) tracksDir(id string) string { return filepath.Join(r.cfg.Dir, id, "tracks") }

// viewer is the caller's right to an interview's recordings: members who
// interview it (owner, interviewers) and admins; never the candidate.
func (s *Service) recordingViewer(ctx context.Context, id string) (*identity.Principal, Interview, Role, error) {
	p, iv, role, err := s.caller(ctx, id)
	if err != nil {
		return nil, Interview{}, "", err
	}
	switch role {
	case RoleOwner, RoleInterviewer, RoleAdmin:
		return p, iv, role, nil
	case RoleCandidate:
		return nil, Interview{}, "", ErrRecordingsHidden
	}
	return nil, Interview{}, "", ErrNotOnIt
}

func isAdmin(p *identity.Principal) bool { return p.Can(identity.PermViewAllInterviews) }

// Recordings lists interview id's recordings.
func (s *Service) Recordings(ctx context.Context, id string) (RecordingList, error) {
	p, iv, role, err := s.recordingViewer(ctx, id)
	if err != nil {
		return RecordingList{}, err
	}
	docs, set, err := s.rec.store.list(ctx, iv.ID)
	if err != nil {
		return RecordingList{}, err
	}
	out := RecordingList{
		Recordings: make([]RecordingView, 0, len(docs)), AutoRecord: set.AutoRecord,
		RetentionDays: int(s.rec.cfg.Retention / (24 * time.Hour)),
		CanControl:    role == RoleOwner || isAdmin(p), CanDelete: isAdmin(p),
	}
	for _, d := range docs {
		out.Recordings = append(out.Recordings, s.view(ctx, d))
	}
	return out, nil
}

// view renders d for the API.
func (s *Service) view(ctx context.Context, d *recordingDoc) RecordingView {
	v := RecordingView{
		ID: d.ID, InterviewID: d.InterviewID, State: d.State, StartedAt: d.StartedAt.UTC(), EndedAt: d.EndedAt,
		SizeBytes: d.SizeBytes, Interrupted: d.Interrupted, Progress: d.Progress, Attempts: d.Attempts, Error: d.Error,
		Silences: d.Silences, Reactions: d.Reactions,
	}
	v.DurationSeconds = d.seconds(s.now())
	if d.State == StateReady {
		u := "/api/recordings/" + d.ID + "/media"
		v.MediaURL = &u
	}
	if v.Silences == nil {
		v.Silences = []recorder.Span{}
	}
	if v.Reactions == nil {
		v.Reactions = []RecordedReaction{}
	}
	if d.StartedBy != "" {
		person := Person{ID: d.StartedBy}
		if u, err := s.cfg.Users.User(ctx, d.StartedBy); err == nil {
			person.Name = u.Name
		}
		v.StartedBy = &person
	}
	return v
}

// StartRecording starts recording interview id's running call, for its
// owner or an admin.
func (s *Service) StartRecording(ctx context.Context, id string) (RecordingView, error) {
	p, iv, err := s.host(ctx, id)
	if err != nil {
		return RecordingView{}, err
	}
	d, err := s.startRecording(ctx, iv, p.ID, p.Name)
	if err != nil {
		return RecordingView{}, err
	}
	return s.view(ctx, d), nil
}

// startRecording puts a recorder in iv's call. by is who asked ("" for the
// interview's automatic recording). The interview is claimed in r.active
// first, so that two starts on this node cannot both go ahead; the database,
// LiveKit and the recorder's join happen outside the lock.
func (s *Service) startRecording(ctx context.Context, iv Interview, byID, byName string) (*recordingDoc, error) {
	r := s.rec
	if r.cfg.Dir == "" {
		return nil, ErrRecordingOff
	}
	a := &active{id: newID(), interview: iv.ID, stop: make(chan struct{}), finished: make(chan struct{})}
	r.mu.Lock()
	if r.active[iv.ID] != nil {
		r.mu.Unlock()
		return nil, ErrAlreadyRecording
	}
	r.active[iv.ID] = a
	rctx := r.ctx
	r.mu.Unlock()
	d, err := s.joinRecorder(ctx, rctx, iv, a, byID)
	if err != nil {
		r.mu.Lock()
		delete(r.active, iv.ID)
		r.mu.Unlock()
		close(a.finished)
		return nil, err
	}
	s.setRoomRecording(ctx, iv.ID, &roomRecording{ID: d.ID, StartedAt: d.StartedAt, By: byName})
	s.recordingsChanged(ctx, iv)
	go s.watch(iv, a)
	return d, nil
}

// joinRecorder checks that iv's call runs and nobody records it, stores
// recording a.id and puts its recorder (living in rctx) in the call.
func (s *Service) joinRecorder(ctx, rctx context.Context, iv Interview, a *active, byID string) (*recordingDoc, error) {
	r := s.rec
	if cur, err := s.currentRecording(ctx, iv.ID); err != nil {
		return nil, err
	} else if cur != nil && s.now().Sub(cur.HeartbeatAt) < 3*r.cfg.Heartbeat {
		return nil, ErrAlreadyRecording // on another node
	}
	actx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	// The room's participant count in ListRooms lags; the participants do not.
	ps, err := s.control.ListParticipants(actx, &livekit.ListParticipantsRequest{Room: iv.ID})
	if isNotFound(err) {
		return nil, ErrNoCall
	}
	if err != nil {
		return nil, liveKitError("list participants", err)
	}
	if !slices.ContainsFunc(ps.GetParticipants(), inCall) {
		return nil, ErrNoCall
	}
	now := s.now().UTC()
	d := &recordingDoc{
		ID: a.id, InterviewID: iv.ID, State: StateRecording, StartedAt: now, StartedBy: byID,
		Node: r.node, HeartbeatAt: now, Tracks: []recorder.Track{}, Reactions: []RecordedReaction{}, Silences: []recorder.Span{},
	}
	if err := r.store.create(ctx, d); err != nil {
		return nil, err
	}
	rec, err := recorder.Start(rctx, recorder.Config{
		URL: s.cfg.LiveKit.URL, APIKey: s.cfg.LiveKit.APIKey, APISecret: s.cfg.LiveKit.APISecret, Room: iv.ID,
		Identity: "recorder-" + d.ID, Dir: r.tracksDir(d.ID), Start: now, Logger: s.log.With("recording", d.ID),
		OnTrack: func(t recorder.Track) error {
			return r.store.push(rctx, d.ID, "tracks", t)
		},
		OnReaction: func(x recorder.Reaction) {
			rr := RecordedReaction{At: x.At.UTC(), UserID: x.Participant, Name: x.Name, Reaction: x.Reaction}
			if err := r.store.push(rctx, d.ID, "reactions", rr); err != nil {
				s.log.Warn("rooms: store reaction", "recording", d.ID, "err", err)
			}
		},
	})
	if err != nil {
		s.failRecording(context.WithoutCancel(ctx), d, "the recorder could not join the call: "+err.Error())
		return nil, liveKitError("recorder join", err)
	}
	r.mu.Lock()
	a.rec = rec
	r.mu.Unlock()
	return d, nil
}

// failRecording marks d failed with msg and finishes its job.
func (s *Service) failRecording(ctx context.Context, d *recordingDoc, msg string) {
	now := s.now().UTC()
	if err := s.rec.store.update(ctx, d.ID, bson.D{{Key: "state", Value: StateFailed}, {Key: "error", Value: msg}, {Key: "endedAt", Value: now}}); err != nil {
		s.log.Error("rooms: mark recording failed", "recording", d.ID, "err", err)
	}
	if err := s.rec.store.finishJob(ctx, d.ID); err != nil {
		s.log.Error("rooms: finish recording job", "recording", d.ID, "err", err)
	}
}

// currentRecording is interview id's recording in state recording, if any.
func (s *Service) currentRecording(ctx context.Context, id string) (*recordingDoc, error) {
	docs, _, err := s.rec.store.list(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if d.State == StateRecording {
			return d, nil
		}
	}
	return nil, nil
}

// watch keeps recording a alive until it is stopped or the call ends,
// then stores it as stopped and queues its composing.
func (s *Service) watch(iv Interview, a *active) {
	r := s.rec
	tick := time.NewTicker(r.cfg.Heartbeat)
	defer tick.Stop()
	ctx := r.context()
loop:
	for {
		select {
		case <-tick.C:
			set := bson.D{{Key: "heartbeatAt", Value: s.now().UTC()}, {Key: "sizeBytes", Value: a.rec.Bytes()}}
			if err := r.store.update(ctx, a.id, set); err != nil {
				s.log.Warn("rooms: recording heartbeat", "recording", a.id, "err", err)
			}
		case <-a.stop:
			break loop
		case <-a.rec.Done():
			break loop
		case <-ctx.Done():
			// The app is shutting down: stop cleanly and let any node compose.
			break loop
		}
	}
	if err := a.rec.Stop(); err != nil {
		s.log.Warn("rooms: stop recorder", "recording", a.id, "err", err)
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	now := s.now().UTC()
	if _, err := r.store.transition(sctx, a.id, StateRecording, bson.D{
		{Key: "state", Value: StateComposing}, {Key: "endedAt", Value: now}, {Key: "sizeBytes", Value: a.rec.Bytes()},
		{Key: "nextAt", Value: now},
	}); err != nil {
		s.log.Error("rooms: store stopped recording", "recording", a.id, "err", err)
	}
	r.mu.Lock()
	delete(r.active, a.interview)
	r.mu.Unlock()
	s.setRoomRecording(sctx, iv.ID, nil)
	s.recordingsChanged(sctx, iv)
	close(a.finished)
	s.nudge()
}

// StopRecording stops the recording of interview id's call.
func (s *Service) StopRecording(ctx context.Context, id string) (RecordingView, error) {
	_, iv, err := s.host(ctx, id)
	if err != nil {
		return RecordingView{}, err
	}
	r := s.rec
	r.mu.Lock()
	a := r.active[iv.ID]
	r.mu.Unlock()
	if a == nil {
		// Not here: an orphan of a node that died is interrupted; one that
		// another node is making is that node's to stop.
		cur, err := s.currentRecording(ctx, iv.ID)
		if err != nil {
			return RecordingView{}, err
		}
		if cur == nil {
			return RecordingView{}, ErrNotRecording
		}
		if s.now().Sub(cur.HeartbeatAt) < 3*r.cfg.Heartbeat && cur.Node != r.node {
			return RecordingView{}, httpx.Detail(ErrNotRecording, "the recording is being made by another app node; try again there")
		}
		if err := s.interrupt(ctx, cur); err != nil {
			return RecordingView{}, err
		}
		return s.recordingView(ctx, cur.ID)
	}
	a.stopOnce.Do(func() { close(a.stop) })
	select {
	case <-a.finished:
	case <-ctx.Done():
		return RecordingView{}, ctx.Err()
	}
	return s.recordingView(ctx, a.id)
}

func (s *Service) recordingView(ctx context.Context, id string) (RecordingView, error) {
	d, err := s.rec.store.get(ctx, id)
	if errors.Is(err, errNoRecording) {
		return RecordingView{}, ErrNoRecording
	}
	if err != nil {
		return RecordingView{}, err
	}
	return s.view(ctx, d), nil
}

// interrupt marks d, whose node stopped answering, interrupted: what was
// written is composed like any other recording.
func (s *Service) interrupt(ctx context.Context, d *recordingDoc) error {
	ok, err := s.rec.store.transition(ctx, d.ID, StateRecording, bson.D{
		{Key: "state", Value: StateInterrupted}, {Key: "interrupted", Value: true},
		{Key: "endedAt", Value: d.HeartbeatAt}, {Key: "nextAt", Value: s.now().UTC()},
	})
	if err != nil || !ok {
		return err
	}
	s.log.Warn("rooms: recording interrupted (its node stopped)", "recording", d.ID, "node", d.Node)
	s.setRoomRecording(ctx, d.InterviewID, nil)
	if iv, err := s.interview(ctx, d.InterviewID); err == nil {
		s.recordingsChanged(ctx, iv)
	}
	s.nudge()
	return nil
}

// SetAutoRecord turns interview id's automatic recording on or off.
func (s *Service) SetAutoRecord(ctx context.Context, id string, req RecordingSettings) (RecordingSettings, error) {
	_, iv, err := s.host(ctx, id)
	if err != nil {
		return RecordingSettings{}, err
	}
	if req.AutoRecord == nil {
		return RecordingSettings{}, httpx.Invalid("autoRecord", "is required (true or false)")
	}
	if err := s.rec.store.setAutoRecord(ctx, iv.ID, *req.AutoRecord); err != nil {
		return RecordingSettings{}, err
	}
	s.publishRecording(iv)
	return req, nil
}

// autoRecord starts iv's automatic recording when it is set and none runs.
// Called when someone joins the call.
func (s *Service) autoRecord(ctx context.Context, iv Interview) {
	if s.rec.cfg.Dir == "" {
		return
	}
	set, err := s.rec.store.set(ctx, iv.ID)
	if err != nil || !set.AutoRecord {
		return
	}
	if _, err := s.startRecording(ctx, iv, "", ""); err != nil && !errors.Is(err, ErrAlreadyRecording) {
		s.log.Warn("rooms: automatic recording did not start", "interview", iv.ID, "err", err)
	}
}

// RecordingMedia returns the composed file of recording id for its
// interview's interviewers and admins.
func (s *Service) RecordingMedia(ctx context.Context, id string) (*os.File, *recordingDoc, error) {
	d, err := s.recordingFor(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if d.State != StateReady || d.File == "" {
		return nil, nil, ErrRecordingNotReady
	}
	f, err := os.Open(filepath.Join(s.rec.cfg.Dir, d.File))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, httpx.Detail(httpx.ErrNotFound, "the recording's file is missing")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("rooms: open recording %s: %w", id, err)
	}
	return f, d, nil
}

// recordingFor loads recording id if the caller may see it.
func (s *Service) recordingFor(ctx context.Context, id string) (*recordingDoc, error) {
	if err := identity.Authorize(ctx, identity.PermJoinInterviews); err != nil {
		return nil, err
	}
	if !validRecordingID.MatchString(id) {
		return nil, ErrNoRecording
	}
	d, err := s.rec.store.get(ctx, id)
	if errors.Is(err, errNoRecording) {
		return nil, ErrNoRecording
	}
	if err != nil {
		return nil, err
	}
	if _, _, _, err := s.recordingViewer(ctx, d.InterviewID); err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteRecording deletes recording id and its files (admins).
func (s *Service) DeleteRecording(ctx context.Context, id string) error {
	p, ok := identity.PrincipalFrom(ctx)
	if !ok {
		return ErrNotSignedIn
	}
	d, err := s.recordingFor(ctx, id)
	if err != nil {
		return err
	}
	if !isAdmin(p) {
		return ErrNotAdmin
	}
	if d.State == StateRecording {
		return ErrStillRecording
	}
	if err := s.deleteRecording(ctx, d); err != nil {
		return err
	}
	if iv, err := s.interview(ctx, d.InterviewID); err == nil {
		s.recordingsChanged(ctx, iv)
	}
	return nil
}

// deleteRecording removes d's record, then its files (a record without
// files would list a recording that cannot play).
func (s *Service) deleteRecording(ctx context.Context, d *recordingDoc) error {
	if err := s.rec.store.remove(ctx, d); err != nil {
		return err
	}
	if err := os.RemoveAll(s.rec.dir(d.ID)); err != nil {
		s.log.Warn("rooms: delete recording files", "recording", d.ID, "err", err)
	}
	return nil
}

// roomRecording is the room metadata every participant reads: whether the
// call is being recorded, since when, started by whom.
type roomRecording struct {
	ID        string    `json:"id"`
	StartedAt time.Time `json:"startedAt"`
	By        string    `json:"by"`
}

// setRoomRecording writes the room's metadata ({"recording": rr or null});
// a room that is gone needs none.
func (s *Service) setRoomRecording(ctx context.Context, room string, rr *roomRecording) {
	meta, _ := json.Marshal(map[string]*roomRecording{"recording": rr})
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), apiTimeout)
	defer cancel()
	_, err := s.control.UpdateRoomMetadata(actx, &livekit.UpdateRoomMetadataRequest{Room: room, Metadata: string(meta)})
	if err != nil && !isNotFound(err) {
		s.log.Warn("rooms: room metadata", "room", room, "err", err)
	}
}

// recordingsChanged tells iv's interviewers and admins, and schedule (the
// dashboards' summary), that iv's recordings changed state. Progress only
// publishes (publishRecording).
func (s *Service) recordingsChanged(ctx context.Context, iv Interview) {
	if iv.ID == "" { // the interview could not be loaded: nobody to tell
		return
	}
	s.publishRecording(iv)
	docs, _, err := s.rec.store.list(ctx, iv.ID)
	if err != nil {
		s.log.Warn("rooms: recording summary", "interview", iv.ID, "err", err)
		return
	}
	sum := RecordingSummary{Count: len(docs)}
	if len(docs) > 0 {
		newest := docs[0]
		sum.State, sum.SizeBytes = newest.State, newest.SizeBytes
		if newest.EndedAt != nil { // a length that still grows would change the summary every time
			sum.DurationSeconds = math.Round(newest.seconds(s.now()))
		}
	}
	if err := s.cfg.Interviews.RecordingsChanged(ctx, iv.ID, sum); err != nil {
		s.log.Warn("rooms: recording summary", "interview", iv.ID, "err", err)
	}
}

// publishRecording tells iv's interviewers and admins its recordings changed.
func (s *Service) publishRecording(iv Interview) {
	if s.cfg.Bus == nil || iv.ID == "" {
		return
	}
	users := slices.DeleteFunc(iv.members(), func(u string) bool { return u == iv.CandidateID })
	s.cfg.Bus.Publish(events.Event{Topics: []string{"recordings:" + iv.ID}, Users: users, Roles: []string{string(identity.RoleAdmin)}})
}

func (s *Service) nudge() {
	select {
	case s.rec.nudge <- struct{}{}:
	default:
	}
}

// RunRecordings runs the recording jobs until ctx ends: it marks
// recordings whose node died interrupted, composes stopped and interrupted
// ones (one at a time, retrying), and applies the retention. Recorders
// started meanwhile live in ctx too.
func (s *Service) RunRecordings(ctx context.Context) {
	r := s.rec
	r.mu.Lock()
	r.ctx = ctx
	r.mu.Unlock()
	if r.cfg.Dir == "" {
		<-ctx.Done()
		return
	}
	poll := time.NewTicker(r.cfg.Heartbeat)
	defer poll.Stop()
	lastRetention := time.Time{}
	for {
		s.recordingPass(ctx)
		if r.cfg.Retention > 0 && s.now().Sub(lastRetention) > time.Hour {
			lastRetention = s.now()
			s.applyRetention(ctx)
		}
		select {
		case <-ctx.Done():
			// Recorders stop with ctx (watch): wait for them to store it.
			r.mu.Lock()
			var fins []chan struct{}
			for _, a := range r.active {
				fins = append(fins, a.finished)
			}
			r.mu.Unlock()
			for _, f := range fins {
				<-f
			}
			return
		case <-poll.C:
		case <-r.nudge:
		}
	}
}

// recordingPass looks at every unfinished recording once.
func (s *Service) recordingPass(ctx context.Context) {
	r := s.rec
	ids, err := r.store.jobIDs(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("rooms: recording jobs", "err", err)
		}
		return
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return
		}
		d, err := r.store.get(ctx, id)
		if errors.Is(err, errNoRecording) {
			_ = r.store.finishJob(ctx, id)
			continue
		}
		if err != nil {
			s.log.Warn("rooms: recording job", "recording", id, "err", err)
			continue
		}
		now := s.now()
		switch d.State {
		case StateRecording:
			r.mu.Lock()
			mine := r.active[d.InterviewID] != nil && r.active[d.InterviewID].id == d.ID
			r.mu.Unlock()
			if !mine && (d.Node == r.node || now.Sub(d.HeartbeatAt) > 3*r.cfg.Heartbeat) {
				if err := s.interrupt(ctx, d); err != nil {
					s.log.Warn("rooms: interrupt recording", "recording", id, "err", err)
				}
			}
		case StateComposing, StateInterrupted:
			if now.Before(d.NextAt) || now.Before(d.ClaimUntil) {
				continue
			}
			s.compose(ctx, d)
		default:
			_ = r.store.finishJob(ctx, id)
		}
	}
}

// composeLease is how long a claim on composing lasts without progress.
const composeLease = 2 * time.Minute

// compose builds recording d's file, if this node gets the claim.
func (s *Service) compose(ctx context.Context, d *recordingDoc) {
	r := s.rec
	ok, err := r.store.claim(ctx, d, r.node, s.now().Add(composeLease).UTC())
	if err != nil && ctx.Err() == nil {
		s.log.Warn("rooms: claim recording to compose", "recording", d.ID, "err", err)
	}
	if err != nil || !ok {
		return
	}
	iv, _ := s.interview(ctx, d.InterviewID)
	s.recordingsChanged(ctx, iv)
	end := d.HeartbeatAt
	if d.EndedAt != nil {
		end = *d.EndedAt
	}
	dur := max(end.Sub(d.StartedAt), time.Second)
	file := filepath.Join(d.ID, "recording.mp4")
	lastReport := time.Time{}
	log := s.log.With("recording", d.ID)
	log.Info("rooms: composing recording", "tracks", len(d.Tracks), "duration", dur, "attempt", d.Attempts+1)
	res, err := recorder.Compose(ctx, recorder.ComposeInput{
		Dir: r.tracksDir(d.ID), Tracks: d.Tracks, Duration: dur, Out: filepath.Join(r.cfg.Dir, file), FFmpeg: r.cfg.FFmpeg,
	}, func(done time.Duration) {
		if time.Since(lastReport) < time.Second {
			return
		}
		lastReport = time.Now()
		p := min(1, max(0, done.Seconds()/dur.Seconds()))
		if err := r.store.update(ctx, d.ID, bson.D{{Key: "progress", Value: p}, {Key: "claimUntil", Value: s.now().Add(composeLease).UTC()}}); err == nil {
			s.publishRecording(iv)
		}
	})
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if ctx.Err() != nil {
		// Shutting down: give the claim back; any node composes it later.
		// (A lease ending now, not a zero one: the next claim's key must differ from this one's.)
		_ = r.store.update(sctx, d.ID, bson.D{{Key: "claimUntil", Value: s.now().UTC()}, {Key: "progress", Value: 0.0}})
		return
	}
	if err != nil {
		s.composeFailed(sctx, d, iv, err)
		return
	}
	size := int64(0)
	if st, err := os.Stat(filepath.Join(r.cfg.Dir, file)); err == nil {
		size = st.Size()
	}
	silences := res.Silences
	if silences == nil {
		silences = []recorder.Span{}
	}
	if err := r.store.update(sctx, d.ID, bson.D{
		{Key: "state", Value: StateReady}, {Key: "file", Value: file}, {Key: "sizeBytes", Value: size},
		{Key: "progress", Value: 1.0}, {Key: "silences", Value: silences}, {Key: "error", Value: ""},
		{Key: "attempts", Value: d.Attempts + 1}, {Key: "claimUntil", Value: time.Time{}},
	}); err != nil {
		log.Error("rooms: store composed recording", "err", err)
		return
	}
	_ = r.store.finishJob(sctx, d.ID)
	// The track files go once the composed file is stored.
	if err := os.RemoveAll(r.tracksDir(d.ID)); err != nil {
		log.Warn("rooms: remove track files", "err", err)
	}
	log.Info("rooms: recording ready", "bytes", size)
	s.recordingsChanged(sctx, iv)
}

// composeFailed retries later, or reports the failure after the last
// attempt. The track files stay either way.
func (s *Service) composeFailed(ctx context.Context, d *recordingDoc, iv Interview, cerr error) {
	r := s.rec
	attempts := d.Attempts + 1
	msg := cerr.Error()
	if len(msg) > 2000 {
		msg = msg[len(msg)-2000:]
	}
	set := bson.D{{Key: "attempts", Value: attempts}, {Key: "error", Value: msg}, {Key: "claimUntil", Value: time.Time{}}, {Key: "progress", Value: 0.0}}
	final := attempts >= r.cfg.MaxAttempts || errors.Is(cerr, recorder.ErrNothingRecorded)
	if final {
		set = append(set, bson.E{Key: "state", Value: StateFailed})
	} else {
		set = append(set, bson.E{Key: "nextAt", Value: s.now().Add(r.cfg.RetryDelay << (attempts - 1)).UTC()})
	}
	s.log.Warn("rooms: composing recording failed", "recording", d.ID, "attempt", attempts, "final", final, "err", cerr)
	if err := r.store.update(ctx, d.ID, set); err != nil {
		s.log.Error("rooms: store composing failure", "recording", d.ID, "err", err)
		return
	}
	if final {
		_ = r.store.finishJob(ctx, d.ID)
	}
	s.recordingsChanged(ctx, iv)
}

// applyRetention deletes ready recordings older than the retention.
func (s *Service) applyRetention(ctx context.Context) {
	old, err := s.rec.store.readyBefore(ctx, s.now().Add(-s.rec.cfg.Retention))
	if err != nil {
		s.log.Warn("rooms: retention", "err", err)
		return
	}
	for _, d := range old {
		if err := s.deleteRecording(ctx, d); err != nil {
			s.log.Warn("rooms: retention", "recording", d.ID, "err", err)
			continue
		}
		s.log.Info("rooms: recording deleted by retention", "recording", d.ID, "startedAt", d.StartedAt)
		if iv, err := s.interview(ctx, d.InterviewID); err == nil {
			s.recordingsChanged(ctx, iv)
		}
	}
}
