package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
)

// Interview is what the runner needs to know of an interview: who is on
// it, and its problem.
type Interview struct {
	ID             string
	OwnerID        string
	CandidateID    string
	InterviewerIDs []string
	ProblemID      string // "" = none
	Cancelled      bool
}

// Interviews answers who is on an interview (schedule, plugged in by
// internal/app). ctx carries the asking principal.
type Interviews interface {
	Interview(ctx context.Context, id string) (Interview, error)
}

// Problems gives a problem's tests and time limit (the question bank).
type Problems interface {
	Tests(ctx context.Context, problemID string) ([]Test, int, error)
}

// Config is what the service needs.
type Config struct {
	DB         *mongo.Database
	Interviews Interviews
	Problems   Problems
	Bus        *events.Bus
	Logger     *slog.Logger
	// Workers runs the queue on this node (nil: other hosts' runners do;
	// Wake is then nobody's).
	Workers *Workers
	// Watch is how often the queue is looked at for changes made by other
	// hosts' runners, which reach browsers through this node's bus
	// (default 1 s).
	Watch time.Duration
	Now   func() time.Time
}

// Service is the runs API: submitting, reading, hidden tests.
type Service struct {
	cfg   Config
	queue *Queue
	log   *slog.Logger

	mu   sync.Mutex
	seen map[string]queueState // last watched state of each unfinished run
}

type queueState struct {
	state, interview string
	pos              int
	notify           []string
}

// New returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Interviews == nil || cfg.Problems == nil || cfg.Bus == nil {
		return nil, errors.New("runner: DB, Interviews, Problems and Bus are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Watch <= 0 {
		cfg.Watch = time.Second
	}
	return &Service{cfg: cfg, queue: NewQueue(cfg.DB, cfg.Now), log: cfg.Logger, seen: map[string]queueState{}}, nil
}

// Topic is the live topic of interview id's runs.
func Topic(interviewID string) string { return "runs:" + interviewID }

// publish tells notify (and admins) that interview iv's runs changed.
func publish(bus *events.Bus, iv string, notify []string) {
	bus.Publish(events.Event{Topics: []string{Topic(iv)}, Users: notify, Roles: []string{string(identity.RoleAdmin)}})
}

// relation is how the caller takes part in the interview: "candidate",
// "interviewer" (the owner included), "admin" or "".
func (s *Service) relation(ctx context.Context, id string) (*identity.Principal, Interview, string, error) {
	p, ok := identity.PrincipalFrom(ctx)
	if !ok {
		return nil, Interview{}, "", ErrNotSignedIn
	}
	iv, err := s.cfg.Interviews.Interview(ctx, id)
	if err != nil {
		return nil, Interview{}, "", err
	}
	switch {
	case p.ID == iv.CandidateID:
		return p, iv, "candidate", nil
	case p.ID == iv.OwnerID || slices.Contains(iv.InterviewerIDs, p.ID):
		return p, iv, "interviewer", nil
	case p.Role == identity.RoleAdmin:
		return p, iv, "admin", nil
	}
	return p, iv, "", nil
}

func people(iv Interview) []string {
	out := append([]string{iv.OwnerID, iv.CandidateID}, iv.InterviewerIDs...)
	slices.Sort(out)
	return slices.Compact(slices.DeleteFunc(out, func(s string) bool { return s == "" }))
}

// AllowedRun refuses (before the body is read) anyone who may not run code
// in interview id.
func (s *Service) AllowedRun(ctx context.Context, id string) error {
	_, iv, rel, err := s.relation(ctx, id)
	switch {
	case err != nil:
		return err
	case rel == "":
		return ErrNotOnIt
	case rel == "admin":
		return ErrNotParticipant
	case iv.Cancelled:
		return ErrCancelled
	}
	return nil
}

// Submit queues a run of req in interview id for the caller and returns
// its id.
func (s *Service) Submit(ctx context.Context, id string, req RunRequest) (string, error) {
	if err := s.AllowedRun(ctx, id); err != nil {
		return "", err
	}
	if err := req.Validate(); err != nil {
		return "", err
	}
	p, iv, _, err := s.relation(ctx, id)
	if err != nil {
		return "", err
	}
	d := runDoc{InterviewID: iv.ID, UserID: p.ID, Language: req.Language, Source: req.Source, WithTests: req.Tests,
		Notify: people(iv), Status: StatusQueued, CreatedAt: s.cfg.Now().UTC().Truncate(time.Millisecond)}
	if req.Stdin != nil {
		d.Stdin = *req.Stdin
	}
	if req.Tests {
		if d.Tests, d.TimeLimitMs, err = s.jobTests(ctx, iv); err != nil {
			return "", err
		}
	}
	if err := s.queue.enqueue(ctx, &d); err != nil {
		return "", err
	}
	if s.cfg.Workers != nil {
		s.cfg.Workers.Wake()
	}
	publish(s.cfg.Bus, iv.ID, d.Notify)
	return d.ID, nil
}

// jobTests are the interview problem's tests, then its hidden tests.
func (s *Service) jobTests(ctx context.Context, iv Interview) ([]Test, int, error) {
	var tests []Test
	limit := 0
	if iv.ProblemID != "" {
		pt, l, err := s.cfg.Problems.Tests(ctx, iv.ProblemID)
		if err != nil {
			return nil, 0, fmt.Errorf("runner: the tests of problem %s: %w", iv.ProblemID, err)
		}
		tests, limit = pt, l
	}
	hidden, err := s.hidden(ctx, iv.ID)
	if err != nil {
		return nil, 0, err
	}
	for _, h := range hidden {
		tests = append(tests, Test{Name: h.Name, Input: h.Input, Expected: h.Expected, Hidden: true})
	}
	if len(tests) == 0 {
		return nil, 0, ErrNoTests
	}
	size := 0
	for _, t := range tests {
		size += len(t.Input) + len(t.Expected)
	}
	if size > maxJobBytes {
		return nil, 0, fmt.Errorf("runner: the tests of interview %s hold %d bytes, more than %d", iv.ID, size, maxJobBytes)
	}
	return tests, limit, nil
}

// Get returns run id to a participant of its interview or an admin.
func (s *Service) Get(ctx context.Context, id string) (RunView, error) {
	ivID, _, ok := strings.Cut(id, ":")
	if !ok || ivID == "" {
		return RunView{}, ErrRunNotFound
	}
	rel, err := s.reader(ctx, ivID)
	if errors.Is(err, ErrNotFound) {
		return RunView{}, ErrRunNotFound
	}
	if err != nil {
		return RunView{}, err
	}
	d, err := s.queue.get(ctx, id)
	if err != nil {
		return RunView{}, err
	}
	pos := 0
	if d.Status == StatusQueued {
		pending, err := s.queue.pending(ctx)
		if err != nil {
			return RunView{}, err
		}
		pos = positions(pending)[d.ID]
	}
	return view(d, pos, rel == "candidate"), nil
}

// reader checks the caller may read interview id's runs.
func (s *Service) reader(ctx context.Context, id string) (string, error) {
	_, _, rel, err := s.relation(ctx, id)
	if err != nil {
		return "", err
	}
	if rel == "" {
		return "", ErrNotOnIt
	}
	return rel, nil
}

// List returns interview id's recent runs, newest first.
func (s *Service) List(ctx context.Context, id string) ([]RunView, error) {
	rel, err := s.reader(ctx, id)
	if err != nil {
		return nil, err
	}
	docs, err := s.queue.recent(ctx, id, RecentRuns)
	if err != nil {
		return nil, err
	}
	var pos map[string]int
	out := make([]RunView, 0, len(docs))
	for _, d := range docs {
		if d.Status == StatusQueued && pos == nil {
			pending, err := s.queue.pending(ctx)
			if err != nil {
				return nil, err
			}
			pos = positions(pending)
		}
		out = append(out, view(d, pos[d.ID], rel == "candidate"))
	}
	return out, nil
}

// interviewer checks the caller may see and change interview id's hidden
// tests: its interviewers and owner, and admins (who may only read).
func (s *Service) interviewer(ctx context.Context, id string, write bool) (*identity.Principal, Interview, error) {
	p, iv, rel, err := s.relation(ctx, id)
	switch {
	case err != nil:
		return nil, iv, err
	case rel == "":
		return nil, iv, ErrNotOnIt
	case rel == "interviewer", rel == "admin" && !write:
		return p, iv, nil
	}
	return nil, iv, ErrNotInterviewer
}

type testsDoc struct {
	ID    string       `bson:"_id"`
	Tests []HiddenTest `bson:"tests"`
}

func (s *Service) hidden(ctx context.Context, id string) ([]HiddenTest, error) {
	var d testsDoc
	err := s.cfg.DB.Collection(colTests).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return []HiddenTest{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("runner: hidden tests of %s: %w", id, err)
	}
	if d.Tests == nil {
		d.Tests = []HiddenTest{}
	}
	return d.Tests, nil
}

// HiddenTests lists interview id's hidden tests (interviewers and admins).
func (s *Service) HiddenTests(ctx context.Context, id string) ([]HiddenTest, error) {
	if _, _, err := s.interviewer(ctx, id, false); err != nil {
		return nil, err
	}
	return s.hidden(ctx, id)
}

// AllowedTestWrite refuses (before the body is read) anyone who may not
// change interview id's hidden tests.
func (s *Service) AllowedTestWrite(ctx context.Context, id string) error {
	_, _, err := s.interviewer(ctx, id, true)
	return err
}

// AddHiddenTest adds a hidden test to interview id.
func (s *Service) AddHiddenTest(ctx context.Context, id string, req HiddenTestRequest) (HiddenTest, error) {
	p, iv, err := s.interviewer(ctx, id, true)
	if err != nil {
		return HiddenTest{}, err
	}
	req.Name = strings.TrimSpace(req.Name)
	if err := req.Validate(); err != nil {
		return HiddenTest{}, err
	}
	have, err := s.hidden(ctx, id)
	if err != nil {
		return HiddenTest{}, err
	}
	if len(have) >= MaxHiddenTests {
		return HiddenTest{}, ErrTooManyTest
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	t := HiddenTest{ID: hex.EncodeToString(b), Name: req.Name, Input: req.Input, Expected: req.Expected,
		CreatedBy: p.ID, CreatedAt: s.cfg.Now().UTC().Truncate(time.Millisecond)}
	_, err = s.cfg.DB.Collection(colTests).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$push", Value: bson.D{{Key: "tests", Value: t}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return HiddenTest{}, fmt.Errorf("runner: add a hidden test to %s: %w", id, err)
	}
	s.cfg.Bus.Publish(events.Event{Topics: []string{Topic(id)}, Users: people(iv), Roles: []string{string(identity.RoleAdmin)}})
	return t, nil
}

// DeleteHiddenTest removes hidden test testID of interview id.
func (s *Service) DeleteHiddenTest(ctx context.Context, id, testID string) error {
	_, iv, err := s.interviewer(ctx, id, true)
	if err != nil {
		return err
	}
	have, err := s.hidden(ctx, id)
	if err != nil {
		return err
	}
	kept := slices.DeleteFunc(slices.Clone(have), func(t HiddenTest) bool { return t.ID == testID })
	if len(kept) == len(have) {
		return ErrTestNotFound
	}
	if _, err := s.cfg.DB.Collection(colTests).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "tests", Value: kept}}}}); err != nil {
		return fmt.Errorf("runner: delete hidden test %s of %s: %w", testID, id, err)
	}
	publish(s.cfg.Bus, id, people(iv))
	return nil
}

// Watch looks at the queue every Config.Watch until ctx ends, and tells
// browsers about runs that moved (position, started, finished), whoever ran
// them: runners on other hosts have no way to this node's bus.
func (s *Service) Watch(ctx context.Context) {
	t := time.NewTicker(s.cfg.Watch)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := s.watchOnce(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("runner: watch the queue", "err", err)
		}
	}
}

func (s *Service) watchOnce(ctx context.Context) error {
	pending, err := s.queue.pending(ctx)
	if err != nil {
		return err
	}
	pos := positions(pending)
	now := make(map[string]queueState, len(pending))
	for _, d := range pending {
		now[d.ID] = queueState{state: d.State, interview: d.InterviewID, pos: pos[d.ID], notify: d.Notify}
	}
	s.mu.Lock()
	prev := s.seen
	s.seen = now
	s.mu.Unlock()
	changed := map[string][]string{}
	for id, st := range now {
		if p, ok := prev[id]; !ok || p.state != st.state || p.pos != st.pos {
			changed[st.interview] = st.notify
		}
	}
	for id, st := range prev {
		if _, ok := now[id]; !ok {
			changed[st.interview] = st.notify
		}
	}
	for iv, notify := range changed {
		publish(s.cfg.Bus, iv, notify)
	}
	return nil
}
