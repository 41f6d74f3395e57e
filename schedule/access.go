package schedule

import (
	"context"
	"errors"
	"time"

	"github.com/interviewprep/interviewprep/identity"
)

// Who may do what on an interview: the signed-in caller, the interviews they
// see, and the checks every write starts with.

func principal(ctx context.Context) (*identity.Principal, error) {
	p, ok := identity.PrincipalFrom(ctx)
	if !ok {
		return nil, ErrNotSignedIn
	}
	return p, nil
}

// member returns the signed-in caller if their role takes part in
// interviews.
func member(ctx context.Context) (*identity.Principal, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := identity.Authorize(ctx, identity.PermJoinInterviews); err != nil {
		return nil, err
	}
	return p, nil
}

// load returns interview id from the read model or, when this node has not
// seen it (created on another node), from the store: one _id lookup.
func (s *Service) load(ctx context.Context, id string) (*Interview, error) {
	if iv, ok := s.model.get(id); ok {
		return iv, nil
	}
	fresh, err := s.store.get(ctx, id)
	if err != nil {
		return nil, err
	}
	s.model.put(fresh)
	return fresh, nil
}

// Relation says how userID takes part in interviewID: candidate,
// interviewer or none (also for an unknown interview).
func (s *Service) Relation(ctx context.Context, interviewID, userID string) (Relation, error) {
	iv, err := s.load(ctx, interviewID)
	if errors.Is(err, ErrNotFound) {
		return RelationNone, nil
	}
	if err != nil {
		return RelationNone, err
	}
	switch {
	case iv.CandidateID == userID:
		return RelationCandidate, nil
	case iv.isInterviewer(userID):
		return RelationInterviewer, nil
	}
	return RelationNone, nil
}

// visible returns the interview if p may see it, else ErrNotFound.
func (s *Service) visible(ctx context.Context, p *identity.Principal, id string) (*Interview, error) {
	iv, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Can(identity.PermViewAllInterviews) || (p.Can(identity.PermJoinInterviews) && iv.isMember(p.ID)) {
		return iv, nil
	}
	return nil, ErrNotFound
}

// current is visible, but reads the stored interview (an _id lookup) so a
// write starts from what another node may have written.
func (s *Service) current(ctx context.Context, p *identity.Principal, id string) (*Interview, error) {
	if _, err := s.visible(ctx, p, id); err != nil {
		return nil, err
	}
	fresh, err := s.store.get(ctx, id)
	if err != nil {
		return nil, err
	}
	s.model.put(fresh)
	return s.visible(ctx, p, id)
}

// beginWrite checks that the caller is signed in and takes part in
// interviews, takes the write lock and loads interview id as it is now (as
// the caller may see it). On success the caller must call done, which
// releases the lock; finer checks (may this caller edit or review?) are the
// caller's.
func (s *Service) beginWrite(ctx context.Context, id string) (*identity.Principal, *Interview, func(), error) {
	p, err := member(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	s.writeMu.Lock()
	cur, err := s.current(ctx, p, id)
	if err != nil {
		s.writeMu.Unlock()
		return nil, nil, nil, err
	}
	return p, cur, s.writeMu.Unlock, nil
}

// beginEdit is beginWrite for a change to the interview itself: only its
// editors, and only while it is upcoming or live. It returns the time the
// edit happens at.
func (s *Service) beginEdit(ctx context.Context, id string) (*identity.Principal, *Interview, time.Time, func(), error) {
	p, cur, done, err := s.beginWrite(ctx, id)
	if err != nil {
		return nil, nil, time.Time{}, nil, err
	}
	fail := func(err error) (*identity.Principal, *Interview, time.Time, func(), error) {
		done()
		return nil, nil, time.Time{}, nil, err
	}
	if !canEdit(p, cur) {
		return fail(ErrNotAllowed)
	}
	now := s.now().UTC()
	if st := cur.StatusAt(now); st == StatusCancelled || st == StatusCompleted {
		return fail(ErrClosed)
	}
	return p, cur, now, done, nil
}

// reviewable returns the caller and interview id if they may review it
// (read and write its comments).
func (s *Service) reviewable(ctx context.Context, id string) (*identity.Principal, *Interview, error) {
	p, err := member(ctx)
	if err != nil {
		return nil, nil, err
	}
	iv, err := s.visible(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	if !canReview(p, iv) {
		return nil, nil, ErrNotAllowed
	}
	return p, iv, nil
}

// canEdit: schedulers who own it, interview on it, or admins.
func canEdit(p *identity.Principal, iv *Interview) bool {
	if !p.Can(identity.PermScheduleInterviews) {
		return false
	}
	return p.Can(identity.PermViewAllInterviews) || p.ID == iv.OwnerID || iv.isInterviewer(p.ID)
}

// canReview: reviewers on it, or admins.
func canReview(p *identity.Principal, iv *Interview) bool {
	if !p.Can(identity.PermReviewInterviews) {
		return false
	}
	return p.Can(identity.PermViewAllInterviews) || iv.isInterviewer(p.ID)
}

// Action is what a request wants to do with one interview.
type Action int

const (
	ActionView   Action = iota // GET
	ActionEdit                 // PATCH, DELETE
	ActionReview               // comments, outcome
)

// Allowed returns nil when the signed-in user may do a on interview id:
// ErrNotFound when they may not see it, ErrNotAllowed when they may see it
// but not do a. Handlers call it before reading a body.
func (s *Service) Allowed(ctx context.Context, id string, a Action) error {
	p, err := principal(ctx)
	if err != nil {
		return err
	}
	iv, err := s.visible(ctx, p, id)
	if err != nil {
		return err
	}
	switch {
	case a == ActionEdit && !canEdit(p, iv), a == ActionReview && !canReview(p, iv):
		return ErrNotAllowed
	}
	return nil
}
