package rooms

import (
	"context"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Integrity signals are facts with times, shown openly to both sides: the
// candidate's large pastes into the editor and the time their page spent
// out of focus. Never a verdict; the candidate's page says what is shared.

// Signal kinds.
const (
	SignalPaste = "paste" // Chars pasted into the editor at once
	SignalAway  = "away"  // the page lost focus for AwayMs, from At
)

// Bounds of what a page may report.
const (
	maxPasteChars = 10 << 20
	maxAwayMs     = int64(24 * time.Hour / time.Millisecond)
)

// Signal is one recorded fact about the candidate's page.
type Signal struct {
	ID          string    `bson:"_id" json:"id"`
	InterviewID string    `bson:"interviewId" json:"-"`
	UserID      string    `bson:"userId" json:"userId"`
	Name        string    `bson:"name" json:"name"`
	Kind        string    `bson:"kind" json:"kind"`
	Chars       int64     `bson:"chars,omitempty" json:"chars,omitempty"`
	AwayMs      int64     `bson:"awayMs,omitempty" json:"awayMs,omitempty"`
	At          time.Time `bson:"at" json:"at"`
}

// SignalRequest is the body of POST /api/interviews/{id}/signals: a paste
// of chars characters, or awayMs out of focus that just ended.
type SignalRequest struct {
	Kind   string `json:"kind"`
	Chars  int64  `json:"chars"`
	AwayMs int64  `json:"awayMs"`
}

// ErrNotCandidate refuses a signal from anyone but the candidate's page.
var ErrNotCandidate = httpx.Detail(httpx.ErrForbidden, "only the candidate's page records integrity signals")

// AllowedSignal returns nil when the signed-in user may record a signal
// on interview id: its candidate, while it is not cancelled. Handlers ask
// before reading the body.
func (s *Service) AllowedSignal(ctx context.Context, id string) error {
	_, _, err := s.signalWriter(ctx, id)
	return err
}

// signalWriter returns the caller and interview id if they may record a
// signal on it (the same rule as AllowedSignal, one lookup).
func (s *Service) signalWriter(ctx context.Context, id string) (*identity.Principal, Interview, error) {
	p, iv, role, err := s.caller(ctx, id)
	switch {
	case err != nil:
		return nil, Interview{}, err
	case role == "":
		return nil, Interview{}, ErrNotOnIt
	case role != RoleCandidate:
		return nil, Interview{}, ErrNotCandidate
	case iv.Cancelled:
		return nil, Interview{}, ErrCancelled
	}
	return p, iv, nil
}

func checkSignal(req SignalRequest) error {
	switch req.Kind {
	case SignalPaste:
		if req.Chars < 1 || req.Chars > maxPasteChars {
			return httpx.Invalid("chars", "must be from 1 to %d", maxPasteChars)
		}
		if req.AwayMs != 0 {
			return httpx.Invalid("awayMs", "is only for kind away")
		}
	case SignalAway:
		if req.AwayMs < 1 || req.AwayMs > maxAwayMs {
			return httpx.Invalid("awayMs", "must be from 1 to %d", maxAwayMs)
		}
		if req.Chars != 0 {
			return httpx.Invalid("chars", "is only for kind paste")
		}
	default:
		return httpx.Invalid("kind", "must be paste or away")
	}
	return nil
}

// RecordSignal stores a signal from the candidate's page and tells the
// interview's members. An away signal starts when the page lost focus.
func (s *Service) RecordSignal(ctx context.Context, id string, req SignalRequest) (Signal, error) {
	p, iv, err := s.signalWriter(ctx, id)
	if err != nil {
		return Signal{}, err
	}
	if err := checkSignal(req); err != nil {
		return Signal{}, err
	}
	now := s.now().UTC()
	sig := Signal{InterviewID: iv.ID, UserID: p.ID, Name: p.Name, Kind: req.Kind, Chars: req.Chars, AwayMs: req.AwayMs, At: now}
	if req.Kind == SignalAway {
		sig.At = now.Add(-time.Duration(req.AwayMs) * time.Millisecond)
	}
	sig.At = sig.At.Truncate(time.Millisecond)
	if err := s.store.signals.append(ctx, iv.ID, &sig, func(g *Signal, id string) { g.ID = id }); err != nil {
		return Signal{}, err
	}
	s.publish(iv, "signals:"+iv.ID)
	return sig, nil
}

// Signals lists interview id's signals, oldest first, to its members (the
// candidate sees what the interviewers see) and admins.
func (s *Service) Signals(ctx context.Context, id string) ([]Signal, error) {
	if err := s.Allowed(ctx, id); err != nil {
		return nil, err
	}
	out, err := s.store.signals.list(ctx, id)
	if out == nil && err == nil {
		out = []Signal{}
	}
	return out, err
}
