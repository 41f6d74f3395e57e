package schedule

import (
	"context"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
)

// Comments lists an interview's comments, oldest first.
func (s *Service) Comments(ctx context.Context, id string) ([]CommentJSON, error) {
	_, iv, err := s.reviewable(ctx, id)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.listComments(ctx, iv.ID)
	if err != nil {
		return nil, err
	}
	out := make([]CommentJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, s.commentJSON(ctx, c))
	}
	return out, nil
}

// AddComment adds a comment with a 1–5 rating.
func (s *Service) AddComment(ctx context.Context, id string, req CommentRequest) (CommentJSON, error) {
	p, iv, err := s.reviewable(ctx, id)
	if err != nil {
		return CommentJSON{}, err
	}
	content, err := checkComment(req)
	if err != nil {
		return CommentJSON{}, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	c := Comment{InterviewID: iv.ID, AuthorID: p.ID, Content: content, Rating: req.Rating, CreatedAt: now}
	if err := s.store.insertComment(ctx, &c); err != nil {
		return CommentJSON{}, err
	}
	s.publish(events.Event{Topics: []string{"comments:" + iv.ID}, Users: iv.InterviewerIDs, Roles: []string{string(identity.RoleAdmin)}})
	return s.commentJSON(ctx, c), nil
}
