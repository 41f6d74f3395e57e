package schedule

import (
	"context"
	"time"
)

// The video call's side of an interview: rooms (through internal/app) reads
// who is on it and reports when its call starts and ends; the status follows
// (Interview.StatusAt).

// Roster is what the call needs to know about an interview: its people,
// its time and whether it was cancelled.
type Roster struct {
	ID              string
	OwnerID         string
	CandidateID     string
	InterviewerIDs  []string
	StartsAt        time.Time
	DurationMinutes int
	Cancelled       bool
}

// Roster returns interview id's roster, or ErrNotFound. It does not check
// who asks: the caller (rooms) does, with its own rules.
func (s *Service) Roster(ctx context.Context, id string) (Roster, error) {
	iv, err := s.load(ctx, id)
	if err != nil {
		return Roster{}, err
	}
	return Roster{
		ID: iv.ID, OwnerID: iv.OwnerID, CandidateID: iv.CandidateID,
		InterviewerIDs: append([]string(nil), iv.InterviewerIDs...),
		StartsAt:       iv.StartsAt, DurationMinutes: iv.DurationMinutes, Cancelled: iv.CancelledAt != nil,
	}, nil
}

// CallStarted records that interview id's call started at at: the
// interview is live until the call ends. An earlier or repeated report (a
// webhook delivered twice), or one about a call already running (the next
// person joining), changes nothing.
func (s *Service) CallStarted(ctx context.Context, id string, at time.Time) error {
	return s.setCall(ctx, id, func(iv *Interview, at time.Time) bool {
		if iv.CallStartedAt != nil && !at.After(*iv.CallStartedAt) || iv.callRunning() {
			return false
		}
		iv.CallStartedAt = &at
		return true
	}, at)
}

// CallEnded records that interview id's call ended at at, ended for
// everyone by user `by` ("" when it ended by itself: everyone left). The
// interview is completed unless a call starts again. An earlier or repeated
// report changes nothing, and neither does a report without `by` about a call
// that is not running: LiveKit's room_finished arrives after the owner's end
// and must not erase who ended it, and a room nobody entered finishing does
// not complete an interview whose call never started.
func (s *Service) CallEnded(ctx context.Context, id string, at time.Time, by string) error {
	return s.setCall(ctx, id, func(iv *Interview, at time.Time) bool {
		if iv.CallEndedAt != nil && !at.After(*iv.CallEndedAt) {
			return false
		}
		if by == "" && !iv.callRunning() {
			return false
		}
		iv.CallEndedAt, iv.CallEndedBy = &at, by
		return true
	}, at)
}

// RecordingsChanged records the summary of interview id's recordings
// (rooms reports it when one starts, stops, is composed or deleted), so
// that the dashboards show it and update live.
func (s *Service) RecordingsChanged(ctx context.Context, id string, sum RecordingSummary) error {
	return s.setCall(ctx, id, func(iv *Interview, _ time.Time) bool {
		if iv.Recording != nil && *iv.Recording == sum || iv.Recording == nil && sum.Count == 0 {
			return false
		}
		iv.Recording = &sum
		return true
	}, s.now())
}

// setCall applies change to the stored interview and, when it changed
// something, stores it and tells the interview's members and admins.
func (s *Service) setCall(ctx context.Context, id string, change func(*Interview, time.Time) bool, at time.Time) error {
	at = at.UTC().Truncate(time.Millisecond) // what the database keeps
	s.writeMu.Lock()
	cur, err := s.store.get(ctx, id)
	if err != nil {
		s.writeMu.Unlock()
		return err
	}
	next := cur.clone()
	if !change(next, at) {
		s.model.put(cur)
		s.writeMu.Unlock()
		return nil
	}
	err = s.replace(ctx, next)
	s.writeMu.Unlock()
	if err != nil {
		return err
	}
	s.publishInterview(next)
	return nil
}
