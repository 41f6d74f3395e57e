package rooms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// JoinWindow is how long before an interview's start its call opens.
const JoinWindow = 15 * time.Minute

// Config is what the service needs.
type Config struct {
	DB         *mongo.Database
	Interviews Interviews // schedule, through internal/app
	Users      Users      // identity.Service
	Bus        *events.Bus
	LiveKit    LiveKit
	// Control is LiveKit's server API; nil = NewRoomControl(LiveKit).
	Control RoomControl
	// Recording: where recordings go and how long they stay.
	Recording Recording
	// Cluster links this node to the others (nil = one node): an erasure
	// here drops their cached chat and attendance (erase.go).
	Cluster *cluster.Cluster
	Now     func() time.Time
	Logger  *slog.Logger
}

// Service is the rooms domain.
type Service struct {
	cfg     Config
	store   *store
	control RoomControl
	keys    auth.KeyProvider // verifies LiveKit's webhooks
	rec     *recordings
	now     func() time.Time
	log     *slog.Logger
}

// New returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Interviews == nil || cfg.Users == nil {
		return nil, errors.New("rooms: Config.DB, Config.Interviews and Config.Users are required")
	}
	lk := cfg.LiveKit
	if lk.URL == "" || lk.APIKey == "" || lk.APISecret == "" {
		return nil, errors.New("rooms: Config.LiveKit needs the URL, the API key and the secret")
	}
	if cfg.Control == nil {
		if lk.APIURL == "" {
			return nil, errors.New("rooms: Config.LiveKit.APIURL is required without Config.Control")
		}
		cfg.Control = NewRoomControl(lk)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Service{
		cfg: cfg, store: newStore(cfg.DB), control: cfg.Control,
		keys: auth.NewSimpleKeyProvider(lk.APIKey, lk.APISecret), now: cfg.Now, log: cfg.Logger,
		rec: newRecordings(cfg.Recording, newRecordingStore(cfg.DB)),
	}
	s.linkCluster()
	return s, nil
}

// caller returns the signed-in caller, interview id and the caller's role
// in it ("" when they are not on it and not an admin).
func (s *Service) caller(ctx context.Context, id string) (*identity.Principal, Interview, Role, error) {
	if err := identity.Authorize(ctx, identity.PermJoinInterviews); err != nil {
		return nil, Interview{}, "", err
	}
	p, _ := identity.PrincipalFrom(ctx) // Authorize made sure
	iv, err := s.interview(ctx, id)
	if err != nil {
		return nil, Interview{}, "", err
	}
	role := iv.roleOf(p.ID)
	if role == "" && p.Can(identity.PermViewAllInterviews) {
		role = RoleAdmin
	}
	return p, iv, role, nil
}

// interview asks schedule for interview id.
func (s *Service) interview(ctx context.Context, id string) (Interview, error) {
	iv, err := s.cfg.Interviews.Interview(ctx, id)
	if errors.Is(err, httpx.ErrNotFound) {
		return Interview{}, ErrNotFound
	}
	if err != nil {
		return Interview{}, fmt.Errorf("rooms: load interview %s: %w", id, err)
	}
	return iv, nil
}

// Allowed returns nil when the signed-in user may take part in interview
// id's call (join, read its chat and attendance), else 401/403/404.
func (s *Service) Allowed(ctx context.Context, id string) error {
	_, _, role, err := s.caller(ctx, id)
	if err == nil && role == "" {
		err = ErrNotOnIt
	}
	return err
}

// Join opens the call to the signed-in user: it makes sure the LiveKit room
// exists and returns a token for it. Only the candidate, the interviewers,
// the owner and admins get one; not for a cancelled interview, nor earlier
// than JoinWindow before the start. After the scheduled end the call stays
// open: calls run over.
func (s *Service) Join(ctx context.Context, id string) (Join, error) {
	p, iv, role, err := s.caller(ctx, id)
	if err != nil {
		return Join{}, err
	}
	if role == "" {
		return Join{}, ErrNotOnIt
	}
	if iv.Cancelled {
		return Join{}, httpx.Detail(ErrCancelled, "the interview was cancelled; its call cannot be joined")
	}
	if opens := iv.StartsAt.Add(-JoinWindow); s.now().Before(opens) {
		return Join{}, httpx.Detail(ErrTooEarly, "the call opens at %s, %d minutes before the interview starts",
			opens.UTC().Format(time.RFC3339), int(JoinWindow/time.Minute))
	}
	// LiveKit is configured not to create rooms on join (room.auto_create:
	// false): the app does, here. CreateRoom on an existing room returns it.
	actx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	if _, err := s.control.CreateRoom(actx, &livekit.CreateRoomRequest{Name: iv.ID, EmptyTimeout: emptyTimeout}); err != nil {
		return Join{}, liveKitError("create room", err)
	}
	tok, err := mintToken(s.cfg.LiveKit, iv.ID, p.ID, p.Name, role)
	if err != nil {
		return Join{}, err
	}
	return Join{URL: s.cfg.LiveKit.URL, Token: tok, Identity: p.ID, Name: p.Name, Role: role}, nil
}

// host returns the caller if they may control interview id's call: its
// owner or an admin.
func (s *Service) host(ctx context.Context, id string) (*identity.Principal, Interview, error) {
	p, iv, role, err := s.caller(ctx, id)
	if err != nil {
		return nil, Interview{}, err
	}
	if role != RoleOwner && !p.Can(identity.PermViewAllInterviews) {
		return nil, Interview{}, ErrNotHost
	}
	return p, iv, nil
}

// AllowedHost returns nil when the signed-in user may control interview
// id's call (End, Mute, Remove). Handlers ask before reading a body.
func (s *Service) AllowedHost(ctx context.Context, id string) error {
	_, _, err := s.host(ctx, id)
	return err
}

// End ends interview id's call for everyone: it records the call as ended
// by the caller, tells the room who ended it (a reliable data message on
// TopicRoomEnded, {"by": name}) and deletes the LiveKit room. The record
// comes first: the notice can lose the race with the deletion, and a page
// that misses it reads who ended the call from the interview
// (callEndedBy). Ending a call that is not running only records it.
func (s *Service) End(ctx context.Context, id string) error {
	p, iv, err := s.host(ctx, id)
	if err != nil {
		return err
	}
	if err := s.cfg.Interviews.CallEnded(ctx, iv.ID, s.now(), p.ID); err != nil {
		return err
	}
	notice, err := json.Marshal(map[string]string{"by": p.Name})
	if err != nil {
		return fmt.Errorf("rooms: room-ended notice: %w", err)
	}
	actx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	err = s.send(actx, iv.ID, TopicRoomEnded, notice)
	switch {
	case isNotFound(err):
		// No room: no call to end, only to record.
	case err != nil:
		// The notice matters less than ending the call: go on.
		httpx.Logger(ctx).Warn("rooms: room-ended notice not sent", "interview", iv.ID, "err", err)
		fallthrough
	default:
		if _, err := s.control.DeleteRoom(actx, &livekit.DeleteRoomRequest{Room: iv.ID}); err != nil && !isNotFound(err) {
			return liveKitError("delete room", err)
		}
	}
	return nil
}

// send sends a reliable data message on topic to everyone in room.
func (s *Service) send(ctx context.Context, room, topic string, data []byte) error {
	_, err := s.control.SendData(ctx, &livekit.SendDataRequest{
		Room: room, Data: data, Kind: livekit.DataPacket_RELIABLE, Topic: &topic,
	})
	return err
}

// checkIdentity validates the participant identity of a mute or remove.
func checkIdentity(raw string) (string, error) {
	id := strings.TrimSpace(raw)
	switch {
	case id == "":
		return "", httpx.Invalid("identity", "is required")
	case len(id) > maxIdentity || !utf8.ValidString(id):
		return "", httpx.Invalid("identity", "is not a participant identity")
	}
	return id, nil
}

// target is the room and the participant of a host's mute or remove.
func (s *Service) target(ctx context.Context, id string, req ParticipantRequest) (room, who string, err error) {
	_, iv, err := s.host(ctx, id)
	if err != nil {
		return "", "", err
	}
	who, err = checkIdentity(req.Identity)
	return iv.ID, who, err
}

// Mute mutes the microphone of participant req.Identity in interview id's
// call (the participant may unmute again).
func (s *Service) Mute(ctx context.Context, id string, req ParticipantRequest) error {
	room, who, err := s.target(ctx, id, req)
	if err != nil {
		return err
	}
	actx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	info, err := s.control.GetParticipant(actx, &livekit.RoomParticipantIdentity{Room: room, Identity: who})
	if isNotFound(err) {
		return ErrNotInRoom
	}
	if err != nil {
		return liveKitError("get participant", err)
	}
	for _, t := range info.GetTracks() {
		if t.GetSource() != livekit.TrackSource_MICROPHONE || t.GetMuted() {
			continue
		}
		_, err := s.control.MutePublishedTrack(actx, &livekit.MuteRoomTrackRequest{
			Room: room, Identity: who, TrackSid: t.GetSid(), Muted: true,
		})
		if isNotFound(err) {
			return ErrNotInRoom
		}
		if err != nil {
			return liveKitError("mute track", err)
		}
	}
	return nil
}

// Remove takes participant req.Identity out of interview id's call. They
// may join again: removing someone from the interview is schedule's.
func (s *Service) Remove(ctx context.Context, id string, req ParticipantRequest) error {
	room, who, err := s.target(ctx, id, req)
	if err != nil {
		return err
	}
	actx, cancel := context.WithTimeout(ctx, apiTimeout)
	defer cancel()
	_, err = s.control.RemoveParticipant(actx, &livekit.RoomParticipantIdentity{Room: room, Identity: who})
	if isNotFound(err) {
		return ErrNotInRoom
	}
	if err != nil {
		return liveKitError("remove participant", err)
	}
	return nil
}

// publish tells iv's members and admins that topic changed.
func (s *Service) publish(iv Interview, topic string) {
	if s.cfg.Bus != nil {
		s.cfg.Bus.Publish(events.Event{Topics: []string{topic}, Users: iv.members(), Roles: []string{string(identity.RoleAdmin)}})
	}
}
