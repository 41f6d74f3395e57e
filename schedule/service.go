package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/mail"
)

// Config is what the service needs.
type Config struct {
	DB    *mongo.Database
	Users Users       // identity.Service
	Bus   *events.Bus // nil = no live events
	// Mail sends invites and reminders; nil = no email.
	Mail     mail.Sender
	MailFrom string // e.g. "Interview-Prep <no-reply@example.com>"
	// PublicURL is the app's origin for absolute join links in mail and
	// invites, e.g. "https://interviews.example.com".
	PublicURL string
	Problems  ProblemChecker // nil = problem ids are not checked
	Docs      DocCreator     // nil = no documents (docs: null)
	// MembersChanged hears, after the write, that an interview's candidate
	// or interviewers changed, so open documents drop who left (collab's
	// AccessChanged). It must not block; nil = nobody listens.
	MembersChanged func(interviewID string)
	Now            func() time.Time
	Logger         *slog.Logger
}

// Service is the schedule domain.
type Service struct {
	cfg       Config
	store     *store
	model     *readModel
	users     *userCache
	now       func() time.Time
	log       *slog.Logger
	publicURL string
	host      string // for ICS UIDs

	writeMu sync.Mutex // serializes interview writes on this node
	mailWG  sync.WaitGroup
}

// Limits of the input.
const (
	maxTitle       = 200
	maxDescription = 5000
	minDuration    = 15
	maxDuration    = 480
	maxComment     = 10000
	clockSkew      = time.Minute
)

// New loads every interview into the read model and returns the service.
func New(ctx context.Context, cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Users == nil {
		return nil, errors.New("schedule: Config.DB and Config.Users are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Mail != nil && (cfg.MailFrom == "" || cfg.PublicURL == "") {
		return nil, errors.New("schedule: Config.MailFrom and Config.PublicURL are required with Config.Mail")
	}
	pub := strings.TrimRight(cfg.PublicURL, "/")
	host := "interviewprep"
	if pub != "" {
		u, err := url.Parse(pub)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("schedule: PublicURL %q is not an http(s) URL", cfg.PublicURL)
		}
		host = u.Hostname()
	}
	st := newStore(cfg.DB)
	all, err := st.all(ctx)
	if err != nil {
		return nil, err
	}
	return &Service{
		cfg: cfg, store: st, model: newReadModel(all), users: newUserCache(cfg.Users, 30*time.Second),
		now: cfg.Now, log: cfg.Logger, publicURL: pub, host: host,
	}, nil
}

// Close waits for invite emails in flight.
func (s *Service) Close() { s.mailWG.Wait() }

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func principal(ctx context.Context) (*identity.Principal, error) {
	p, ok := identity.PrincipalFrom(ctx)
	if !ok {
		return nil, ErrNotSignedIn
	}
	return p, nil
}

// Relation says how userID takes part in interviewID: candidate,
// interviewer or none (also for an unknown interview).
func (s *Service) Relation(ctx context.Context, interviewID, userID string) (Relation, error) {
	iv, ok := s.model.get(interviewID)
	if !ok {
		fresh, err := s.store.get(ctx, interviewID)
		if errors.Is(err, ErrNotFound) {
			return RelationNone, nil
		}
		if err != nil {
			return RelationNone, err
		}
		s.model.put(fresh)
		iv = fresh
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
	iv, ok := s.model.get(id)
	if !ok {
		// Perhaps created on another node: one _id lookup.
		fresh, err := s.store.get(ctx, id)
		if err != nil {
			return nil, err
		}
		s.model.put(fresh)
		iv = fresh
	}
	if p.Can(identity.PermViewAllInterviews) || (p.Can(identity.PermJoinInterviews) && iv.isMember(p.ID)) {
		return iv, nil
	}
	return nil, ErrNotFound
}

// current is visible, but reads the stored interview (an _id lookup) so a
// write starts from what another node may have written.
// beginWrite checks that the caller is signed in and takes part in
// interviews, takes the write lock and loads interview id as it is now (as
// the caller may see it). On success the caller must call done, which
// releases the lock; finer checks (may this caller edit or review?) are the
// caller's.
func (s *Service) beginWrite(ctx context.Context, id string) (*identity.Principal, *Interview, func(), error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := identity.Authorize(ctx, identity.PermJoinInterviews); err != nil {
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

// replace stores the new version of an interview, then shows it in the read
// model. Caller holds writeMu.
func (s *Service) replace(ctx context.Context, next *Interview) error {
	if err := s.store.replace(ctx, next); err != nil {
		return err
	}
	s.model.put(next)
	return nil
}

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

// Get returns one interview as p sees it.
func (s *Service) Get(ctx context.Context, id string) (InterviewJSON, error) {
	p, err := principal(ctx)
	if err != nil {
		return InterviewJSON{}, err
	}
	iv, err := s.visible(ctx, p, id)
	if err != nil {
		return InterviewJSON{}, err
	}
	return s.toJSON(ctx, p, iv), nil
}

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
	if iv.Outcome != "" {
		o := iv.Outcome
		out.Outcome = &o
	}
	if iv.ProblemID != "" {
		pid := iv.ProblemID
		out.ProblemID = &pid
	}
	if iv.Docs != nil {
		d := *iv.Docs
		if p.ID == iv.CandidateID || !p.Can(identity.PermReviewInterviews) {
			d.Notes = ""
		}
		out.Docs = &d
	}
	return out
}

// draft is an interview's editable fields while they are checked.
type draft struct {
	title, description string
	candidateID        string
	interviewerIDs     []string
	startsAt           time.Time
	duration           int
	problemID          string
}

// check validates d field by field. checkStart: startsAt must not be in the
// past (set on create and when the start changes).
func (s *Service) check(ctx context.Context, d *draft, fields map[string]string, checkStart bool) error {
	d.title = strings.TrimSpace(d.title)
	switch {
	case d.title == "":
		fields["title"] = "is required"
	case utf8.RuneCountInString(d.title) > maxTitle:
		fields["title"] = fmt.Sprintf("must be at most %d characters", maxTitle)
	}
	if utf8.RuneCountInString(d.description) > maxDescription {
		fields["description"] = fmt.Sprintf("must be at most %d characters", maxDescription)
	}
	d.candidateID = strings.TrimSpace(d.candidateID)
	if d.candidateID == "" {
		fields["candidateId"] = "is required"
	} else if u, err := s.users.fresh(ctx, d.candidateID); err != nil {
		if !errors.Is(err, httpx.ErrNotFound) && !errors.Is(err, httpx.ErrBadRequest) {
			return err
		}
		fields["candidateId"] = "is not a known user"
	} else if u.Role != identity.RoleCandidate {
		fields["candidateId"] = "must be a user with the candidate role"
	}
	if len(d.interviewerIDs) == 0 {
		fields["interviewerIds"] = "choose at least one interviewer"
	} else {
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
			if err != nil {
				if !errors.Is(err, httpx.ErrNotFound) && !errors.Is(err, httpx.ErrBadRequest) {
					return err
				}
				if _, set := fields["interviewerIds"]; !set {
					fields["interviewerIds"] = fmt.Sprintf("%q is not a known user", id)
				}
				continue
			}
			if u.Role != identity.RoleInterviewer && u.Role != identity.RoleAdmin {
				if _, set := fields["interviewerIds"]; !set {
					fields["interviewerIds"] = fmt.Sprintf("%s is not an interviewer", u.Name)
				}
			}
		}
		d.interviewerIDs = ids
	}
	if checkStart && !d.startsAt.IsZero() && d.startsAt.Before(s.now().Add(-clockSkew)) {
		fields["startsAt"] = "must not be in the past"
	}
	if d.duration < minDuration || d.duration > maxDuration {
		fields["durationMinutes"] = fmt.Sprintf("must be between %d and %d minutes", minDuration, maxDuration)
	}
	d.problemID = strings.TrimSpace(d.problemID)
	if d.problemID != "" && s.cfg.Problems != nil {
		ok, err := s.cfg.Problems.ProblemExists(ctx, d.problemID)
		if err != nil {
			return fmt.Errorf("schedule: check problem: %w", err)
		}
		if !ok {
			fields["problemId"] = "is not a known problem"
		}
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

// Create schedules an interview owned by the signed-in user.
func (s *Service) Create(ctx context.Context, req CreateRequest) (InterviewJSON, error) {
	if err := identity.Authorize(ctx, identity.PermScheduleInterviews); err != nil {
		return InterviewJSON{}, err
	}
	p, err := principal(ctx)
	if err != nil {
		return InterviewJSON{}, err
	}
	now := s.now().UTC()
	fields := map[string]string{}
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
	if err := s.check(ctx, &d, fields, !req.Instant); err != nil {
		return InterviewJSON{}, err
	}
	if len(fields) > 0 {
		return InterviewJSON{}, &httpx.ValidationError{Fields: fields}
	}
	iv := &Interview{
		ID: newID(), Title: d.title, Description: d.description, CandidateID: d.candidateID,
		InterviewerIDs: d.interviewerIDs, OwnerID: p.ID, StartsAt: d.startsAt, DurationMinutes: d.duration,
		ProblemID: d.problemID, ScheduledAt: now.Truncate(time.Millisecond),
		CreatedAt: now.Truncate(time.Millisecond), UpdatedAt: now.Truncate(time.Millisecond),
	}
	if s.cfg.Docs != nil {
		docs, err := s.cfg.Docs.CreateDocs(ctx, iv.ID, iv.ProblemID)
		if err != nil {
			return InterviewJSON{}, fmt.Errorf("schedule: create documents: %w", err)
		}
		iv.Docs = &docs
	}
	s.writeMu.Lock()
	err = s.store.insert(ctx, iv)
	if err == nil {
		s.model.put(iv)
	}
	s.writeMu.Unlock()
	if err != nil {
		return InterviewJSON{}, err
	}
	s.publishInterview(iv)
	s.announce(ctx, iv, KindInvited, iv.Participants())
	return s.toJSON(ctx, p, iv), nil
}

// Update edits an interview (partial).
func (s *Service) Update(ctx context.Context, id string, req UpdateRequest) (InterviewJSON, error) {
	p, cur, now, done, err := s.beginEdit(ctx, id)
	if err != nil {
		return InterviewJSON{}, err
	}
	defer done()
	fields := map[string]string{}
	d := draft{title: cur.Title, description: cur.Description, candidateID: cur.CandidateID,
		interviewerIDs: cur.InterviewerIDs, startsAt: cur.StartsAt, duration: cur.DurationMinutes, problemID: cur.ProblemID}
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
	checkStart := false
	if req.StartsAt != nil {
		d.startsAt = parseStart(*req.StartsAt, fields)
		checkStart = !d.startsAt.Equal(cur.StartsAt)
	}
	if req.DurationMinutes != nil {
		d.duration = *req.DurationMinutes
	}
	if req.ProblemID != nil {
		d.problemID = *req.ProblemID
	}
	if err := s.check(ctx, &d, fields, checkStart); err != nil {
		return InterviewJSON{}, err
	}
	if len(fields) > 0 {
		return InterviewJSON{}, &httpx.ValidationError{Fields: fields}
	}
	next := cur.clone()
	next.Title, next.Description, next.CandidateID = d.title, d.description, d.candidateID
	next.InterviewerIDs, next.StartsAt, next.DurationMinutes, next.ProblemID = d.interviewerIDs, d.startsAt, d.duration, d.problemID
	timeChanged := !next.StartsAt.Equal(cur.StartsAt) || next.DurationMinutes != cur.DurationMinutes
	if !next.StartsAt.Equal(cur.StartsAt) {
		next.ScheduledAt = now.Truncate(time.Millisecond)
	}
	peopleChanged := next.CandidateID != cur.CandidateID || !sameSet(next.InterviewerIDs, cur.InterviewerIDs)
	next.Sequence++
	next.UpdatedAt = now.Truncate(time.Millisecond)
	if err := s.replace(ctx, next); err != nil {
		return InterviewJSON{}, err
	}
	s.publishInterview(cur, next)
	if peopleChanged && s.cfg.MembersChanged != nil {
		s.cfg.MembersChanged(next.ID)
	}
	if timeChanged || peopleChanged || next.Title != cur.Title {
		// Everyone still on it gets the updated invite; those removed get a
		// cancellation.
		s.announce(ctx, next, KindUpdated, next.Participants())
		if removed := minus(cur.Participants(), next.Participants()); len(removed) > 0 {
			s.announce(ctx, next, KindCancelled, removed)
		}
	}
	return s.toJSON(ctx, p, next), nil
}

// Cancel cancels an interview; the record is kept.
func (s *Service) Cancel(ctx context.Context, id string) (InterviewJSON, error) {
	p, cur, now, done, err := s.beginEdit(ctx, id)
	if err != nil {
		return InterviewJSON{}, err
	}
	defer done()
	next := cur.clone()
	at := now.Truncate(time.Millisecond)
	next.CancelledAt = &at
	next.Sequence++
	next.UpdatedAt = at
	if err := s.replace(ctx, next); err != nil {
		return InterviewJSON{}, err
	}
	s.publishInterview(next)
	s.announce(ctx, next, KindCancelled, next.Participants())
	return s.toJSON(ctx, p, next), nil
}

// SetOutcome records the verdict once the interview has started.
func (s *Service) SetOutcome(ctx context.Context, id string, o Outcome) (InterviewJSON, error) {
	p, cur, done, err := s.beginWrite(ctx, id)
	if err != nil {
		return InterviewJSON{}, err
	}
	defer done()
	if !canReview(p, cur) {
		return InterviewJSON{}, ErrNotAllowed
	}
	if o != OutcomeFailed && o != OutcomeSucceeded {
		return InterviewJSON{}, httpx.Invalid("outcome", "must be failed or succeeded")
	}
	now := s.now().UTC()
	switch cur.StatusAt(now) {
	case StatusCancelled:
		return InterviewJSON{}, ErrCancelled
	case StatusUpcoming:
		return InterviewJSON{}, ErrNotStarted
	}
	next := cur.clone()
	next.Outcome = o
	next.UpdatedAt = now.Truncate(time.Millisecond)
	if err := s.replace(ctx, next); err != nil {
		return InterviewJSON{}, err
	}
	s.publishInterview(next)
	return s.toJSON(ctx, p, next), nil
}

// List returns a page of interviews: all of them for admins, else those the
// user is on; filters apply within those.
func (s *Service) List(ctx context.Context, q ListQuery) (ListPage, error) {
	p, err := principal(ctx)
	if err != nil {
		return ListPage{}, err
	}
	if err := identity.Authorize(ctx, identity.PermJoinInterviews); err != nil {
		return ListPage{}, err
	}
	var ivs []*Interview
	switch {
	case !p.Can(identity.PermViewAllInterviews):
		ivs = s.model.forUser(p.ID)
	case q.Person != "":
		ivs = s.model.forUser(q.Person)
	default:
		ivs = s.model.all()
	}
	now := s.now()
	// ivs is ascending; walk it backwards for newest first.
	var matched []*Interview
	for i := len(ivs) - 1; i >= 0; i-- {
		iv := ivs[i]
		if q.Status != "" && iv.StatusAt(now) != q.Status {
			continue
		}
		if q.Outcome != "" {
			o := string(iv.Outcome)
			if o == "" {
				o = "none"
			}
			if o != q.Outcome {
				continue
			}
		}
		if q.Person != "" && iv.CandidateID != q.Person && !iv.isInterviewer(q.Person) {
			continue
		}
		if !q.From.IsZero() && iv.StartsAt.Before(q.From) {
			continue
		}
		if !q.To.IsZero() && iv.StartsAt.After(q.To) {
			continue
		}
		matched = append(matched, iv)
	}
	out := ListPage{Interviews: []InterviewJSON{}, Total: len(matched), Page: q.Page, PageSize: q.PageSize}
	start := (q.Page - 1) * q.PageSize
	for i := start; i < len(matched) && i < start+q.PageSize; i++ {
		out.Interviews = append(out.Interviews, s.toJSON(ctx, p, matched[i]))
	}
	return out, nil
}

// Dashboard returns the signed-in user's live, upcoming and past interviews
// (everyone's for admins), each list capped at 50.
func (s *Service) Dashboard(ctx context.Context) (Dashboard, error) {
	p, err := principal(ctx)
	if err != nil {
		return Dashboard{}, err
	}
	if err := identity.Authorize(ctx, identity.PermJoinInterviews); err != nil {
		return Dashboard{}, err
	}
	var ivs []*Interview
	if p.Can(identity.PermViewAllInterviews) {
		ivs = s.model.all()
	} else {
		ivs = s.model.forUser(p.ID)
	}
	live, upcoming, past := split(ivs, s.now(), dashboardCap)
	conv := func(list []*Interview) []InterviewJSON {
		out := make([]InterviewJSON, 0, min(len(list), dashboardCap))
		for i := 0; i < len(list) && i < dashboardCap; i++ {
			out = append(out, s.toJSON(ctx, p, list[i]))
		}
		return out
	}
	return Dashboard{Live: conv(live), Upcoming: conv(upcoming), Past: conv(past)}, nil
}

// split sorts ivs (ascending by start) into live and upcoming (ascending)
// and past (completed or cancelled, descending), at most max each, looking
// only at the interviews near now and the newest past ones.
func split(ivs []*Interview, now time.Time, max int) (live, upcoming, past []*Interview) {
	k := firstAfter(ivs, now)
	for i := k; i < len(ivs) && len(upcoming) < max; i++ {
		if ivs[i].CancelledAt == nil {
			upcoming = append(upcoming, ivs[i])
		}
	}
	earliestLive := now.Add(-maxDuration * time.Minute)
	for i := k - 1; i >= 0 && !ivs[i].StartsAt.Before(earliestLive); i-- {
		if ivs[i].StatusAt(now) == StatusLive {
			live = append(live, ivs[i])
		}
	}
	slices.Reverse(live)
	if len(live) > max {
		live = live[:max]
	}
	for i := len(ivs) - 1; i >= 0 && len(past) < max; i-- {
		if i >= k && ivs[i].CancelledAt == nil {
			continue // upcoming
		}
		if st := ivs[i].StatusAt(now); st == StatusCompleted || st == StatusCancelled {
			past = append(past, ivs[i])
		}
	}
	return live, upcoming, past
}

// Comments lists an interview's comments, oldest first.
func (s *Service) Comments(ctx context.Context, id string) ([]CommentJSON, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := identity.Authorize(ctx, identity.PermJoinInterviews); err != nil {
		return nil, err
	}
	iv, err := s.visible(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !canReview(p, iv) {
		return nil, ErrNotAllowed
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

func (s *Service) commentJSON(ctx context.Context, c Comment) CommentJSON {
	return CommentJSON{ID: c.ID, Author: s.users.json(ctx, c.AuthorID), Content: c.Content, Rating: c.Rating, CreatedAt: c.CreatedAt.UTC()}
}

// AddComment adds a comment with a 1–5 rating.
func (s *Service) AddComment(ctx context.Context, id string, req CommentRequest) (CommentJSON, error) {
	p, err := principal(ctx)
	if err != nil {
		return CommentJSON{}, err
	}
	if err := identity.Authorize(ctx, identity.PermJoinInterviews); err != nil {
		return CommentJSON{}, err
	}
	iv, err := s.visible(ctx, p, id)
	if err != nil {
		return CommentJSON{}, err
	}
	if !canReview(p, iv) {
		return CommentJSON{}, ErrNotAllowed
	}
	fields := map[string]string{}
	content := strings.TrimSpace(req.Content)
	switch n := utf8.RuneCountInString(content); {
	case n == 0:
		fields["content"] = "is required"
	case n > maxComment:
		fields["content"] = fmt.Sprintf("must be at most %d characters", maxComment)
	}
	if req.Rating < 1 || req.Rating > 5 {
		fields["rating"] = "must be a whole number from 1 to 5"
	}
	if len(fields) > 0 {
		return CommentJSON{}, &httpx.ValidationError{Fields: fields}
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	c := Comment{InterviewID: iv.ID,
		AuthorID: p.ID, Content: content, Rating: req.Rating, CreatedAt: now}
	if err := s.store.insertComment(ctx, &c); err != nil {
		return CommentJSON{}, err
	}
	s.publish(events.Event{Topics: []string{"comments:" + iv.ID}, Users: iv.InterviewerIDs, Roles: []string{string(identity.RoleAdmin)}})
	return s.commentJSON(ctx, c), nil
}

func (s *Service) publish(e events.Event) {
	if s.cfg.Bus != nil {
		s.cfg.Bus.Publish(e)
	}
}

// publishInterview tells everyone on any of the versions (so someone
// removed hears it too) and admins.
func (s *Service) publishInterview(versions ...*Interview) {
	var users []string
	seen := map[string]bool{}
	for _, iv := range versions {
		for _, u := range iv.Members() {
			if !seen[u] {
				seen[u] = true
				users = append(users, u)
			}
		}
	}
	s.publish(events.Event{
		Topics: []string{"interviews", "interview:" + versions[len(versions)-1].ID},
		Users:  users, Roles: []string{string(identity.RoleAdmin)},
	})
}

func sameSet(a, b []string) bool {
	return len(minus(a, b)) == 0 && len(minus(b, a)) == 0
}

// minus returns the elements of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}
