package rooms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/utils/protojson"
	"github.com/livekit/protocol/webhook"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// WebhookPath is where LiveKit posts its webhooks.
const WebhookPath = "/internal/livekit/webhook"

// decodeEvent reads a webhook body whose signature was checked. Unknown
// fields are dropped, as LiveKit's own receiver does (newer servers add
// fields).
func decodeEvent(data []byte) (*livekit.WebhookEvent, error) {
	var ev livekit.WebhookEvent
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true, AllowPartial: true}).Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("%w: webhook body is not a LiveKit event: %v", httpx.ErrBadRequest, err)
	}
	return &ev, nil
}

// HandleEvent acts on one verified webhook event. Rooms are named by
// interview id; events of rooms that are not interviews (another app on the
// same LiveKit) and of hidden or non-standard participants (recorders,
// agents) are ignored. An error means "try again": LiveKit retries.
//
// Times are when the app receives the event: LiveKit delivers a room's
// events one at a time, in order, so the order holds, and the call's state
// compares with the app's own clock (End records the end at once).
func (s *Service) HandleEvent(ctx context.Context, ev *livekit.WebhookEvent) error {
	name := ev.GetRoom().GetName()
	if name == "" {
		return nil
	}
	iv, err := s.interview(ctx, name)
	if errors.Is(err, ErrNotFound) {
		httpx.Logger(ctx).Debug("rooms: webhook for a room that is no interview", "room", name, "event", ev.GetEvent())
		return nil
	}
	if err != nil {
		return err
	}
	at := s.now().UTC().Truncate(time.Millisecond)
	// The call starts with its first person, not with the room: join creates
	// the room before anyone connects, and a room nobody entered finishes
	// after its empty timeout — that must not make the interview live, nor
	// complete it before it began (schedule ignores an end without a start).
	p := ev.GetParticipant()
	switch ev.GetEvent() {
	case webhook.EventRoomFinished:
		return s.cfg.Interviews.CallEnded(ctx, iv.ID, at, "")
	case webhook.EventParticipantJoined:
		if !inCall(p) {
			return nil
		}
		if err := s.cfg.Interviews.CallStarted(ctx, iv.ID, at); err != nil {
			return err
		}
		if err := s.attend(ctx, iv, p, true, at); err != nil {
			return err
		}
		// LiveKit waits for the webhook's answer: the recorder joins after.
		go s.autoRecord(s.rec.context(), iv)
		return nil
	case webhook.EventParticipantLeft:
		if !inCall(p) {
			return nil
		}
		return s.attend(ctx, iv, p, false, at)
	}
	return nil
}

// inCall: p is someone in the call, not a hidden or non-standard participant
// (a recorder, an agent).
func inCall(p *livekit.ParticipantInfo) bool {
	return p.GetIdentity() != "" && p.GetSid() != "" && !p.GetPermission().GetHidden() &&
		p.GetKind() == livekit.ParticipantInfo_STANDARD
}

// attend stores that participant p joined (or left) iv's call at at.
func (s *Service) attend(ctx context.Context, iv Interview, p *livekit.ParticipantInfo, joined bool, at time.Time) error {
	e := attendanceEvent{
		InterviewID: iv.ID, Joined: joined, UserID: p.GetIdentity(), ParticipantSID: p.GetSid(), At: at,
		Name: p.GetName(), Role: iv.roleOf(p.GetIdentity()),
	}
	// The name and role come from us, not from the participant (who may
	// change its own name and metadata in the call).
	u, err := s.cfg.Users.User(ctx, e.UserID)
	switch {
	case err == nil:
		e.Name = u.Name
		if e.Role == "" && u.Role == identity.RoleAdmin {
			e.Role = RoleAdmin
		}
	case !errors.Is(err, httpx.ErrNotFound):
		return fmt.Errorf("rooms: attendee %s: %w", e.UserID, err)
	}
	if e.Role == "" {
		e.Role = tokenRole(p.GetMetadata()) // what its token said
	}
	if err := s.store.addAttendance(ctx, &e); err != nil {
		return err
	}
	s.publish(iv, "attendance:"+iv.ID)
	return nil
}

// tokenRole reads the role from participant metadata as mintToken wrote it
// ("" when it is not one of ours).
func tokenRole(metadata string) Role {
	var m tokenMetadata
	if json.Unmarshal([]byte(metadata), &m) != nil {
		return ""
	}
	switch m.Role {
	case RoleOwner, RoleInterviewer, RoleCandidate, RoleAdmin:
		return m.Role
	}
	return ""
}

// Attendance lists interview id's join/leave spans to its members and
// admins, by time of joining.
func (s *Service) Attendance(ctx context.Context, id string) ([]Attendance, error) {
	if err := s.Allowed(ctx, id); err != nil {
		return nil, err
	}
	evs, err := s.store.listAttendance(ctx, id)
	if err != nil {
		return nil, err
	}
	return spans(evs), nil
}

// spans pairs join and leave events by participant SID (one connection):
// its first join and last leave. Duplicates (a webhook delivered twice) and
// a leave that arrived first fold into the same span; a connection whose
// join never arrived is left out.
func spans(evs []attendanceEvent) []Attendance {
	type span struct {
		row    Attendance
		joined bool
	}
	bySID := map[string]*span{}
	var order []string
	for _, e := range evs {
		sp := bySID[e.ParticipantSID]
		if sp == nil {
			sp = &span{row: Attendance{UserID: e.UserID, Name: e.Name, Role: e.Role}}
			bySID[e.ParticipantSID] = sp
			order = append(order, e.ParticipantSID)
		}
		at := e.At.UTC()
		switch {
		case e.Joined && (!sp.joined || at.Before(sp.row.JoinedAt)):
			sp.joined, sp.row.JoinedAt = true, at
		case !e.Joined && (sp.row.LeftAt == nil || at.After(*sp.row.LeftAt)):
			sp.row.LeftAt = &at
		}
	}
	out := make([]Attendance, 0, len(order))
	for _, sid := range order {
		if sp := bySID[sid]; sp.joined {
			out = append(out, sp.row)
		}
	}
	slices.SortStableFunc(out, func(a, b Attendance) int { return a.JoinedAt.Compare(b.JoinedAt) })
	return out
}
