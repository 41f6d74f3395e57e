package schedule

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
)

// Erasing a person (identity.DeleteUser; docs/decisions.md): the interviews
// they were the candidate of are about them and go whole, with their
// comments, reminders and everyone's notifications of them; on the others
// they are taken off (an owner's interviews pass to the first interviewer
// left, else to the admin erasing them) and the comments they wrote stay,
// by "Deleted user". Their own notifications go. Every interview touched is
// announced as a write is (the other nodes' read models follow, collab
// drops who lost access), and the snapshot is saved again so that no file
// keeps them.

// PlanErasure returns what every domain is to erase about userID: the
// interviews they are the candidate of, and those they are otherwise on
// (which stay). It reads the store, not the read model (which may be
// loading or provisional).
func (s *Service) PlanErasure(ctx context.Context, userID string) (identity.Erasure, error) {
	all, err := s.store.all(ctx)
	if err != nil {
		return identity.Erasure{}, err
	}
	e := identity.Erasure{UserID: userID}
	for _, iv := range all {
		switch {
		case iv.CandidateID == userID:
			e.Interviews = append(e.Interviews, iv.ID)
		case iv.isMember(userID):
			e.Kept = append(e.Kept, iv.ID)
		}
	}
	return e, nil
}

// EraseUser erases what schedule keeps about e.UserID: the interviews of
// e.Interviews (and any other they are the candidate of) whole, and them
// from every other interview, comment and notification.
func (s *Service) EraseUser(ctx context.Context, e identity.Erasure) (identity.Counts, error) {
	if e.UserID == "" {
		return nil, fmt.Errorf("schedule: erase: no user")
	}
	counts := identity.Counts{}
	all, err := s.store.all(ctx)
	if err != nil {
		return nil, err
	}
	drop := slices.Clone(e.Interviews)
	var scrub []*Interview
	for _, iv := range all {
		switch {
		case iv.CandidateID == e.UserID:
			if !slices.Contains(drop, iv.ID) {
				drop = append(drop, iv.ID) // scheduled since the plan
			}
		case iv.OwnerID == e.UserID || iv.CallEndedBy == e.UserID || slices.Contains(iv.InterviewerIDs, e.UserID):
			scrub = append(scrub, iv)
		}
	}
	// What hangs off the interviews first: a failure leaves the interviews,
	// and a retry finds them again.
	if len(drop) > 0 {
		in := bson.D{{Key: "interviewId", Value: bson.D{{Key: "$in", Value: drop}}}}
		for name, c := range map[string]*mongo.Collection{
			"comments deleted": s.store.comments, "reminders deleted": s.store.reminders,
			"notifications deleted": s.store.notifications,
		} {
			n, err := database.DeleteMany(ctx, c, in)
			if err != nil {
				return nil, err
			}
			counts[name] += n
		}
		keys := make([]string, 0, len(drop))
		for _, id := range drop {
			keys = append(keys, commentKey(id))
		}
		if _, err := s.store.counters.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: keys}}}}); err != nil {
			return nil, fmt.Errorf("schedule: erase: delete comment counters: %w", err)
		}
	}
	for _, id := range drop {
		gone, err := s.deleteInterview(ctx, id)
		if err != nil {
			return nil, err
		}
		if gone {
			counts["interviews deleted"]++
		}
	}
	by := ""
	if p, ok := identity.PrincipalFrom(ctx); ok {
		by = p.ID
	}
	for _, iv := range scrub {
		if err := s.takeOff(ctx, iv.ID, e.UserID, by); err != nil {
			return nil, err
		}
		counts["interviews kept without them"]++
	}
	res, err := s.store.comments.UpdateMany(ctx, bson.D{{Key: "authorId", Value: e.UserID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "authorId", Value: ""}}}})
	if err != nil {
		return nil, fmt.Errorf("schedule: erase: anonymize comments: %w", err)
	}
	counts["comments kept by a deleted user"] = res.ModifiedCount
	n, err := database.DeleteMany(ctx, s.store.notifications, bson.D{{Key: "userId", Value: e.UserID}})
	if err != nil {
		return nil, err
	}
	counts["notifications deleted"] += n
	if _, err := s.store.counters.DeleteOne(ctx, bson.D{{Key: "_id", Value: notificationKey(e.UserID)}}); err != nil {
		return nil, fmt.Errorf("schedule: erase: delete notification counter: %w", err)
	}
	s.users.forget(e.UserID)
	if err := s.saveSnapshot(ctx); err != nil {
		s.log.Warn("schedule: could not save the read model's snapshot after an erasure", "err", err)
	}
	return counts, nil
}

// deleteInterview deletes interview id from the store and the read model,
// and tells everyone on it, the other nodes and collab. It reports whether
// there was one.
func (s *Service) deleteInterview(ctx context.Context, id string) (bool, error) {
	s.writeMu.Lock()
	cur, err := s.store.get(ctx, id)
	if err == nil {
		err = s.store.remove(ctx, id)
	}
	if err == nil {
		s.model.remove(id)
	}
	s.writeMu.Unlock()
	switch {
	case errors.Is(err, ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	s.changed(true, cur)
	if s.cfg.MembersChanged != nil {
		s.cfg.MembersChanged(id)
	}
	return true, nil
}

// takeOff removes userID from interview id: from its interviewers, as its
// owner (the first interviewer left takes over, else the admin erasing,
// by) and as who ended its call.
func (s *Service) takeOff(ctx context.Context, id, userID, by string) error {
	s.writeMu.Lock()
	cur, err := s.store.get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		s.writeMu.Unlock()
		return nil
	}
	if err != nil {
		s.writeMu.Unlock()
		return err
	}
	next := cur.clone()
	next.InterviewerIDs = slices.DeleteFunc(next.InterviewerIDs, func(x string) bool { return x == userID })
	if next.OwnerID == userID {
		next.OwnerID = by
		if len(next.InterviewerIDs) > 0 {
			next.OwnerID = next.InterviewerIDs[0]
		}
	}
	if next.CallEndedBy == userID {
		next.CallEndedBy = ""
	}
	next.UpdatedAt = s.now().UTC().Truncate(time.Millisecond)
	err = s.replace(ctx, next)
	s.writeMu.Unlock()
	if err != nil {
		return err
	}
	s.changed(true, cur, next)
	if s.cfg.MembersChanged != nil {
		s.cfg.MembersChanged(id)
	}
	return nil
}
