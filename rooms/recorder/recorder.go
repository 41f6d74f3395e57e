// Package recorder records a LiveKit call without LiveKit Egress: a hidden
// participant subscribes to every camera, microphone and screen share and
// writes each track, as it arrives, to its own file (VP8 into IVF, Opus
// into Ogg) in a directory; Compose then makes one playable MP4 of them
// with ffmpeg.
//
// Every track file is placed on one wall-clock origin (Config.Start): a
// track's OffsetMs is when its first sample was written, and within a file
// the samples keep their RTP-clock timestamps, so a camera turned off and
// on or a muted microphone leaves a gap in its place instead of pulling
// what follows earlier. Files are flushed every second and stay readable
// if the process dies.
package recorder

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
)

// Track is one recorded track file.
type Track struct {
	SID         string `bson:"sid" json:"sid"`                 // LiveKit track sid
	Participant string `bson:"participant" json:"participant"` // identity (our user id)
	Name        string `bson:"name" json:"name"`               // participant display name
	Source      string `bson:"source" json:"source"`           // "camera" | "microphone" | "screen_share" | "screen_share_audio"
	Kind        string `bson:"kind" json:"kind"`               // "video" | "audio"
	File        string `bson:"file" json:"file"`               // file name inside Config.Dir, e.g. "003-camera.ivf"
	OffsetMs    int64  `bson:"offsetMs" json:"offsetMs"`       // wall-clock ms from Config.Start to the track's first written sample
}

// Reaction is a reaction someone sent in the call while it was recorded.
type Reaction struct {
	At          time.Time
	Participant string // identity
	Name        string // display name
	Reaction    string
}

// TopicReaction is the data topic of reactions; the payload is JSON
// {"reaction":"<name>"}.
const TopicReaction = "reaction"

// Config is what Start needs.
type Config struct {
	URL, APIKey, APISecret string // LiveKit ws URL and key pair
	Room                   string // LiveKit room name (= interview id)
	Identity               string // the recorder's identity, e.g. "recorder-<recordingID>"; it is hidden
	Dir                    string // where track files go (created 0o750)
	Start                  time.Time
	// OnTrack is called (synchronously, before the track's first byte is
	// written) for every new track file; if it returns an error the track
	// is not recorded.
	OnTrack func(Track) error
	// OnReaction is called for every data message with topic "reaction"
	// a participant sends while recording (may be nil).
	OnReaction func(Reaction)
	// IdleTimeout: when no participant (other than hidden ones, agents
	// and recorders) has been in the room for this long, Done() closes
	// (default 30s).
	IdleTimeout time.Duration
	Logger      *slog.Logger
}

const (
	// tokenTTL only has to outlive connecting: LiveKit checks expiry on
	// connect and refreshes the token of a connected participant.
	tokenTTL       = 2 * time.Minute
	connectTimeout = 15 * time.Second
	// readersExit bounds how long Stop waits for the track readers to
	// notice the disconnect (the files are closed before).
	readersExit = 5 * time.Second
)

// Recorder is a hidden participant recording a room.
type Recorder struct {
	cfg     Config
	log     *slog.Logger
	room    *lksdk.Room
	bytes   atomic.Int64
	fileSeq atomic.Int64

	done     chan struct{}
	doneOnce sync.Once
	cancel   context.CancelFunc // the idle watcher

	mu      sync.Mutex
	stopped bool
	tracks  []*trackRec
	bySID   map[string]*trackRec
	readers sync.WaitGroup

	stopOnce sync.Once
	stopErr  error
}

// Start joins cfg.Room as a hidden, subscribe-only participant and records
// every camera, microphone, screen share and screen share audio track,
// including tracks published later, until Stop. ctx bounds joining;
// cancelling it later stops the recorder as Stop does.
func Start(ctx context.Context, cfg Config) (*Recorder, error) {
	if cfg.URL == "" || cfg.APIKey == "" || cfg.APISecret == "" || cfg.Room == "" || cfg.Identity == "" || cfg.Dir == "" {
		return nil, errors.New("recorder: URL, APIKey, APISecret, Room, Identity and Dir are required")
	}
	if cfg.Start.IsZero() {
		cfg.Start = time.Now()
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
		return nil, fmt.Errorf("recorder: %w", err)
	}
	token, err := token(cfg)
	if err != nil {
		return nil, err
	}
	r := &Recorder{cfg: cfg, log: cfg.Logger, done: make(chan struct{}), bySID: map[string]*trackRec{}}
	cb := lksdk.NewRoomCallback()
	cb.OnTrackSubscribed = r.subscribed
	cb.OnTrackUnsubscribed = func(_ *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
		r.mu.Lock()
		t := r.bySID[pub.SID()]
		delete(r.bySID, pub.SID())
		r.mu.Unlock()
		if t != nil {
			if err := t.finish(); err != nil {
				r.log.Warn("recorder: close track", "err", err)
			}
		}
	}
	cb.OnDataPacket = r.data
	cb.OnDisconnected = func() {
		r.mu.Lock()
		stopped := r.stopped
		r.mu.Unlock()
		if !stopped { // not our own leaving
			r.end("disconnected by the server")
		}
	}
	r.room = lksdk.NewRoom(cb)
	jctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := r.room.JoinWithContextAndToken(jctx, cfg.URL, token, lksdk.WithAutoSubscribe(true),
		lksdk.WithLogger(protoLogger.GetDiscardLogger())); err != nil {
		return nil, fmt.Errorf("recorder: join %s: %w", cfg.Room, err)
	}
	wctx, stop := context.WithCancel(context.Background())
	r.cancel = stop
	go r.watch(ctx, wctx)
	r.log.Info("recorder: joined", "room", cfg.Room, "identity", cfg.Identity)
	return r, nil
}

// token is the recorder's join token: hidden, a recorder, subscribe only.
func token(cfg Config) (string, error) {
	grant := &auth.VideoGrant{RoomJoin: true, Room: cfg.Room, Hidden: true, Recorder: true}
	grant.SetCanPublish(false)
	grant.SetCanPublishData(false)
	grant.SetCanSubscribe(true)
	grant.SetCanUpdateOwnMetadata(false)
	t, err := auth.NewAccessToken(cfg.APIKey, cfg.APISecret).SetIdentity(cfg.Identity).SetName("Recorder").
		SetKind(livekit.ParticipantInfo_EGRESS).SetValidFor(tokenTTL).SetVideoGrant(grant).ToJWT()
	if err != nil {
		return "", fmt.Errorf("recorder: sign token: %w", err)
	}
	return t, nil
}

// watch closes Done after IdleTimeout with nobody in the room, and stops
// the recorder when ctx ends.
func (r *Recorder) watch(ctx, wctx context.Context) {
	tick := time.NewTicker(min(r.cfg.IdleTimeout/4, time.Second))
	defer tick.Stop()
	emptySince := time.Now()
	for {
		select {
		case <-wctx.Done():
			return
		case <-ctx.Done():
			_ = r.Stop()
			return
		case now := <-tick.C:
			if r.someoneIn() {
				emptySince = now
			} else if now.Sub(emptySince) >= r.cfg.IdleTimeout {
				r.end("nobody in the call")
				return
			}
		}
	}
}

// someoneIn: a participant other than agents and recorders is in the room
// (hidden ones are not shown to the recorder).
func (r *Recorder) someoneIn() bool {
	for _, p := range r.room.GetRemoteParticipants() {
		if k := p.Kind(); k != lksdk.ParticipantAgent && k != lksdk.ParticipantEgress {
			return true
		}
	}
	return false
}

func (r *Recorder) end(why string) {
	r.doneOnce.Do(func() {
		r.log.Info("recorder: the call is over", "room", r.cfg.Room, "why", why)
		close(r.done)
	})
}

// Done is closed when the call is over by itself: the room was deleted,
// the server disconnected the recorder, or nobody has been in it for
// IdleTimeout. The caller then calls Stop.
func (r *Recorder) Done() <-chan struct{} { return r.done }

// Bytes is what has been written so far across the track files.
func (r *Recorder) Bytes() int64 { return r.bytes.Load() }

// Stop stops writing, closes every track file and leaves the room. It may
// be called more than once.
func (r *Recorder) Stop() error {
	r.stopOnce.Do(func() {
		r.mu.Lock()
		r.stopped = true
		tracks := r.tracks
		r.mu.Unlock()
		if r.cancel != nil {
			r.cancel()
		}
		var errs []error
		for _, t := range tracks {
			errs = append(errs, t.finish())
		}
		r.room.Disconnect()
		exited := make(chan struct{})
		go func() { r.readers.Wait(); close(exited) }()
		select {
		case <-exited:
		case <-time.After(readersExit):
			r.log.Warn("recorder: track readers still running after disconnect")
		}
		r.stopErr = errors.Join(errs...)
		r.log.Info("recorder: stopped", "room", r.cfg.Room, "tracks", len(tracks), "bytes", r.Bytes())
	})
	return r.stopErr
}

// sourceName is the Track.Source of a LiveKit track source ("" = not
// recorded).
func sourceName(s livekit.TrackSource) string {
	switch s {
	case livekit.TrackSource_CAMERA, livekit.TrackSource_MICROPHONE, livekit.TrackSource_SCREEN_SHARE,
		livekit.TrackSource_SCREEN_SHARE_AUDIO:
		return strings.ToLower(s.String())
	}
	return ""
}

// subscribed starts recording a track the recorder was subscribed to.
func (r *Recorder) subscribed(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
	src := sourceName(pub.Source())
	mime := track.Codec().MimeType
	log := r.log.With("track", pub.SID(), "participant", rp.Identity(), "source", pub.Source().String(), "codec", mime)
	video := strings.EqualFold(mime, webrtc.MimeTypeVP8)
	if src == "" || !(video || strings.EqualFold(mime, webrtc.MimeTypeOpus)) {
		log.Warn("recorder: track not recorded (source or codec)")
		_ = pub.SetSubscribed(false)
		return
	}
	kind := "audio"
	if video {
		kind = "video"
	}
	info := Track{SID: pub.SID(), Participant: rp.Identity(), Name: rp.Name(), Source: src, Kind: kind}
	var pli func()
	if video {
		ssrc := track.SSRC()
		pli = func() { rp.WritePLI(ssrc) }
	}
	t := newTrackRec(r, info, pli)
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return
	}
	r.tracks = append(r.tracks, t)
	if old := r.bySID[info.SID]; old != nil {
		// Subscribed again (after a reconnect): the old file ends here.
		go func() { _ = old.finish() }()
	}
	r.bySID[info.SID] = t
	r.readers.Add(1)
	r.mu.Unlock()
	if video {
		_ = pub.SetVideoQuality(livekit.VideoQuality_HIGH)
		t.mu.Lock()
		t.keyframeLocked()
		t.mu.Unlock()
	}
	log.Debug("recorder: recording track")
	go func() {
		defer r.readers.Done()
		for {
			p, _, err := track.ReadRTP()
			if err != nil {
				break
			}
			if ok, refused := t.push(p, time.Now()); !ok {
				if refused {
					_ = pub.SetSubscribed(false)
				}
				break
			}
		}
		if err := t.finish(); err != nil {
			log.Warn("recorder: close track", "err", err)
		}
	}()
}

// newFile creates the next track file, empty, under a name of its own.
func (r *Recorder) newFile(source, ext string) (*os.File, string, error) {
	for range 1000 {
		n := r.fileSeq.Add(1) - 1
		name := fmt.Sprintf("%03d-%s.%s", n, source, ext)
		f, err := os.OpenFile(filepath.Join(r.cfg.Dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
		if errors.Is(err, os.ErrExist) {
			continue // left by an earlier recorder in the same directory
		}
		return f, name, err
	}
	return nil, "", errors.New("recorder: no free track file name")
}

// data passes reactions on to OnReaction.
func (r *Recorder) data(d lksdk.DataPacket, params lksdk.DataReceiveParams) {
	u, ok := d.(*lksdk.UserDataPacket)
	if !ok || u.Topic != TopicReaction || r.cfg.OnReaction == nil {
		return
	}
	var m struct {
		Reaction string `json:"reaction"`
	}
	if err := json.Unmarshal(u.Payload, &m); err != nil || m.Reaction == "" || len(m.Reaction) > 64 {
		return
	}
	name := ""
	if params.Sender != nil {
		name = params.Sender.Name()
	}
	r.mu.Lock()
	stopped := r.stopped
	r.mu.Unlock()
	if stopped {
		return
	}
	r.cfg.OnReaction(Reaction{At: time.Now(), Participant: params.SenderIdentity, Name: name, Reaction: m.Reaction})
}
