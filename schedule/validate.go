package schedule

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Limits of the input.
const (
	maxTitle       = 200
	maxDescription = 5000
	minDuration    = 15
	maxDuration    = 480
	maxComment     = 10000
	clockSkew      = time.Minute
)

// draft is an interview's editable fields while they are checked.
type draft struct {
	title, description string
	candidateID        string
	interviewerIDs     []string
	startsAt           time.Time
	duration           int
	problemID          string
}

// newDraft is what req asks to create at now; an unreadable start goes
// into fields.
func newDraft(req CreateRequest, now time.Time, fields map[string]string) draft {
	d := draft{title: req.Title, description: req.Description, candidateID: req.CandidateID,
		interviewerIDs: req.InterviewerIDs, duration: req.DurationMinutes}
	if req.ProblemID != nil {
		d.problemID = *req.ProblemID
	}
	if req.Instant {
		d.startsAt = now.Truncate(time.Second)
	} else {
		d.startsAt = parseStart(req.StartsAt, fields)
	}
	return d
}

// draftOf is iv's editable fields.
func draftOf(iv *Interview) draft {
	return draft{title: iv.Title, description: iv.Description, candidateID: iv.CandidateID,
		interviewerIDs: iv.InterviewerIDs, startsAt: iv.StartsAt, duration: iv.DurationMinutes, problemID: iv.ProblemID}
}

// apply sets iv's editable fields to d.
func (d *draft) apply(iv *Interview) {
	iv.Title, iv.Description, iv.CandidateID = d.title, d.description, d.candidateID
	iv.InterviewerIDs, iv.StartsAt, iv.DurationMinutes, iv.ProblemID = d.interviewerIDs, d.startsAt, d.duration, d.problemID
}

// patch sets the fields req gives on d; an unreadable start goes into
// fields.
func (req UpdateRequest) patch(d *draft, fields map[string]string) {
	if req.Title != nil {
		d.title = *req.Title
	}
	if req.Description != nil {
		d.description = *req.Description
	}
	if req.CandidateID != nil {
		d.candidateID = *req.CandidateID
	}
	if req.InterviewerIDs != nil {
		d.interviewerIDs = *req.InterviewerIDs
	}
	if req.StartsAt != nil {
		d.startsAt = parseStart(*req.StartsAt, fields)
	}
	if req.DurationMinutes != nil {
		d.duration = *req.DurationMinutes
	}
	if req.ProblemID != nil {
		d.problemID = *req.ProblemID
	}
}

// check validates d field by field, trimming it as it goes, and returns a
// ValidationError naming every field in fields (which may already hold
// some) or the error of a lookup that failed. checkStart: startsAt must not
// be in the past (set on create and when the start changes).
func (s *Service) check(ctx context.Context, d *draft, fields map[string]string, checkStart bool) error {
	d.title = strings.TrimSpace(d.title)
	checkText(fields, "title", d.title, true, maxTitle)
	checkText(fields, "description", d.description, false, maxDescription)
	if err := s.checkCandidate(ctx, d, fields); err != nil {
		return err
	}
	if err := s.checkInterviewers(ctx, d, fields); err != nil {
		return err
	}
	if checkStart && !d.startsAt.IsZero() && d.startsAt.Before(s.now().Add(-clockSkew)) {
		fields["startsAt"] = "must not be in the past"
	}
	if d.duration < minDuration || d.duration > maxDuration {
		fields["durationMinutes"] = fmt.Sprintf("must be between %d and %d minutes", minDuration, maxDuration)
	}
	if err := s.checkProblem(ctx, d, fields); err != nil {
		return err
	}
	return invalid(fields)
}

// checkText puts into fields[name] what is wrong with value: empty when it
// is required, or longer than max characters.
func checkText(fields map[string]string, name, value string, required bool, max int) {
	switch n := utf8.RuneCountInString(value); {
	case n == 0 && required:
		fields[name] = "is required"
	case n > max:
		fields[name] = fmt.Sprintf("must be at most %d characters", max)
	}
}

// checkCandidate: a known user with the candidate role.
func (s *Service) checkCandidate(ctx context.Context, d *draft, fields map[string]string) error {
	d.candidateID = strings.TrimSpace(d.candidateID)
	if d.candidateID == "" {
		fields["candidateId"] = "is required"
		return nil
	}
	u, err := s.users.fresh(ctx, d.candidateID)
	switch {
	case unknownUser(err):
		fields["candidateId"] = "is not a known user"
	case err != nil:
		return err
	case u.Role != identity.RoleCandidate:
		fields["candidateId"] = "must be a user with the candidate role"
	}
	return nil
}

// checkInterviewers trims and dedupes d.interviewerIDs: at least one, each
// a known interviewer or admin, and not the candidate. fields gets the first
// problem found, unless one is the candidate, which is said instead.
func (s *Service) checkInterviewers(ctx context.Context, d *draft, fields map[string]string) error {
	if len(d.interviewerIDs) == 0 {
		fields["interviewerIds"] = "choose at least one interviewer"
		return nil
	}
	first := func(msg string) {
		if _, set := fields["interviewerIds"]; !set {
			fields["interviewerIds"] = msg
		}
	}
	seen := map[string]bool{}
	var ids []string
	for _, raw := range d.interviewerIDs {
		id := strings.TrimSpace(raw)
		if seen[id] {
			continue
		}
		seen[id] = true
		ids = append(ids, id)
		if id == d.candidateID && id != "" {
			fields["interviewerIds"] = "the candidate cannot also be an interviewer"
			continue
		}
		u, err := s.users.fresh(ctx, id)
		switch {
		case unknownUser(err):
			first(fmt.Sprintf("%q is not a known user", id))
		case err != nil:
			return err
		case u.Role != identity.RoleInterviewer && u.Role != identity.RoleAdmin:
			first(fmt.Sprintf("%s is not an interviewer", u.Name))
		}
	}
	d.interviewerIDs = ids
	return nil
}

// unknownUser says whether err, from looking a user up, means there is no
// such user (rather than that the lookup failed).
func unknownUser(err error) bool {
	return errors.Is(err, httpx.ErrNotFound) || errors.Is(err, httpx.ErrBadRequest)
}

// checkProblem: a problem the bank knows, when the bank is plugged in.
func (s *Service) checkProblem(ctx context.Context, d *draft, fields map[string]string) error {
	d.problemID = strings.TrimSpace(d.problemID)
	if d.problemID == "" || s.cfg.Problems == nil {
		return nil
	}
	ok, err := s.cfg.Problems.ProblemExists(ctx, d.problemID)
	if err != nil {
		return fmt.Errorf("schedule: check problem: %w", err)
	}
	if !ok {
		fields["problemId"] = "is not a known problem"
	}
	return nil
}

// parseStart parses an RFC 3339 time into fields["startsAt"] on error.
func parseStart(raw string, fields map[string]string) time.Time {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		fields["startsAt"] = "is required"
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		fields["startsAt"] = "must be an RFC 3339 date and time, e.g. 2030-01-02T15:04:05Z"
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}

// checkComment validates a comment and returns its trimmed content.
func checkComment(req CommentRequest) (string, error) {
	fields := map[string]string{}
	content := strings.TrimSpace(req.Content)
	checkText(fields, "content", content, true, maxComment)
	if req.Rating < 1 || req.Rating > 5 {
		fields["rating"] = "must be a whole number from 1 to 5"
	}
	return content, invalid(fields)
}

// invalid is a ValidationError of fields, or nil when fields is empty.
func invalid(fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	return &httpx.ValidationError{Fields: fields}
}
