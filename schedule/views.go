package schedule

import (
	"context"

	"github.com/interviewprep/interviewprep/identity"
)

// toJSON shows iv as p sees it: the review (outcome, notes document,
// recordings) only to its reviewers.
func (s *Service) toJSON(ctx context.Context, p *identity.Principal, iv *Interview) InterviewJSON {
	out := InterviewJSON{
		ID: iv.ID, Title: iv.Title, Description: iv.Description,
		Candidate: s.users.json(ctx, iv.CandidateID), Owner: s.users.json(ctx, iv.OwnerID),
		Interviewers: make([]UserJSON, 0, len(iv.InterviewerIDs)),
		StartsAt:     iv.StartsAt.UTC(), DurationMinutes: iv.DurationMinutes, EndsAt: iv.EndsAt().UTC(),
		Status: iv.StatusAt(s.now()), JoinURL: "/interviews/" + iv.ID,
		CreatedAt: iv.CreatedAt.UTC(), UpdatedAt: iv.UpdatedAt.UTC(),
	}
	for _, id := range iv.InterviewerIDs {
		out.Interviewers = append(out.Interviewers, s.users.json(ctx, id))
	}
	if iv.CallStartedAt != nil {
		t := iv.CallStartedAt.UTC()
		out.CallStartedAt = &t
	}
	if iv.CallEndedAt != nil {
		t := iv.CallEndedAt.UTC()
		out.CallEndedAt = &t
		if iv.CallEndedBy != "" && !iv.callRunning() {
			by := s.users.json(ctx, iv.CallEndedBy)
			out.CallEndedBy = &by
		}
	}
	if iv.ProblemID != "" {
		pid := iv.ProblemID
		out.ProblemID = &pid
	}
	staff := reviews(p, iv)
	if iv.Outcome != "" && staff {
		o := iv.Outcome
		out.Outcome = &o
	}
	if iv.Docs != nil {
		d := *iv.Docs
		if !staff {
			d.Notes = ""
		}
		out.Docs = &d
	}
	if iv.Recording != nil && iv.Recording.Count > 0 && staff {
		r := *iv.Recording
		out.Recording = &r
	}
	return out
}

// reviews reports whether p sees iv's review: its interviewers and admins,
// never its candidate (not even one whose role is interviewer).
func reviews(p *identity.Principal, iv *Interview) bool {
	return p.ID != iv.CandidateID && p.Can(identity.PermReviewInterviews)
}

// toJSONs is toJSON of each; never nil, so an empty list is [] in JSON.
func (s *Service) toJSONs(ctx context.Context, p *identity.Principal, ivs []*Interview) []InterviewJSON {
	out := make([]InterviewJSON, 0, len(ivs))
	for _, iv := range ivs {
		out = append(out, s.toJSON(ctx, p, iv))
	}
	return out
}

func (s *Service) commentJSON(ctx context.Context, c Comment) CommentJSON {
	return CommentJSON{ID: c.ID, Author: s.users.json(ctx, c.AuthorID), Content: c.Content, Rating: c.Rating, CreatedAt: c.CreatedAt.UTC()}
}
