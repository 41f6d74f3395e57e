package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/cluster"
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
	// Cluster links this node to the others (nil = one node): its writes
	// reach their read models, theirs reach this one's.
	Cluster *cluster.Cluster
	// SnapshotPath is where the read model keeps its snapshot between
	// starts (readmodel_snapshot.go), a file; "" = none, unless
	// SnapshotInStore: then it is kept in the database
	// (SnapshotCollection), shared by every node on it.
	SnapshotPath    string
	SnapshotInStore bool
	Now             func() time.Time
	// beforeLoad, in tests, runs before the model loads from the store.
	beforeLoad func()
	// snapshotEvery, in tests, replaces snapshotEvery.
	snapshotEvery time.Duration
	Logger        *slog.Logger
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

	snap     snapshotPlace // nil: none
	snapMu   sync.Mutex
	snapMark writeMark     // of the snapshot saved (zero: none known)
	closing  chan struct{} // closed by Close: the periodic snapshot stops
	closeMu  sync.Once

	// Other nodes' changes (cluster.go).
	remote       chan interviewChanged
	remoteDone   chan struct{}
	reloading    atomic.Bool
	reloadAgain  atomic.Bool
	remoteMu     sync.Mutex
	remoteClosed bool
}

// New returns the service and loads every interview into its read model in
// the background, until ctx ends (readmodel_load.go): pass a context that
// lives as long as the service.
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
	s := &Service{
		cfg: cfg, store: newStore(cfg.DB), model: newLoadingModel(), users: newUserCache(cfg.Users, 30*time.Second),
		now: cfg.Now, log: cfg.Logger, publicURL: pub, host: host, closing: make(chan struct{}),
	}
	s.snap = snapshotPlaceOf(cfg)
	go s.loadModel(ctx)
	s.linkCluster()
	return s, nil
}

// Close waits for invite emails in flight, ends the worker that applies
// other nodes' changes (later messages are dropped) and, once the model is
// loaded, saves its snapshot when the store changed since the last.
func (s *Service) Close() {
	s.closeMu.Do(func() { close(s.closing) })
	s.mailWG.Wait()
	s.closeRemote()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.saveSnapshot(ctx); err != nil {
		s.log.Warn("schedule: could not save the read model's snapshot", "err", err)
	}
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
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
	d := newDraft(req, now, fields)
	if err := s.check(ctx, &d, fields, !req.Instant); err != nil {
		return InterviewJSON{}, err
	}
	at := now.Truncate(time.Millisecond)
	iv := &Interview{ID: newID(), OwnerID: p.ID, ScheduledAt: at, CreatedAt: at, UpdatedAt: at}
	d.apply(iv)
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
	d := draftOf(cur)
	req.patch(&d, fields)
	checkStart := req.StartsAt != nil && !d.startsAt.Equal(cur.StartsAt)
	if err := s.check(ctx, &d, fields, checkStart); err != nil {
		return InterviewJSON{}, err
	}
	next := cur.clone()
	d.apply(next)
	// Another problem: the documents first, so a failure leaves both as they were.
	if next.ProblemID != cur.ProblemID && cur.Docs != nil && s.cfg.Docs != nil {
		if err := s.cfg.Docs.ResetProblem(ctx, *cur.Docs, next.ProblemID); err != nil {
			return InterviewJSON{}, fmt.Errorf("schedule: put problem %q into the documents: %w", next.ProblemID, err)
		}
	}
	if !next.StartsAt.Equal(cur.StartsAt) {
		next.ScheduledAt = now.Truncate(time.Millisecond)
	}
	next.Sequence++
	next.UpdatedAt = now.Truncate(time.Millisecond)
	if err := s.replace(ctx, next); err != nil {
		return InterviewJSON{}, err
	}
	s.updated(ctx, cur, next)
	return s.toJSON(ctx, p, next), nil
}

// updated tells whoever needs to know that cur became next: live events to
// everyone on either version, collab when the people changed, and invites
// when the time, the people or the title changed.
func (s *Service) updated(ctx context.Context, cur, next *Interview) {
	timeChanged := !next.StartsAt.Equal(cur.StartsAt) || next.DurationMinutes != cur.DurationMinutes
	peopleChanged := next.CandidateID != cur.CandidateID || !sameSet(next.InterviewerIDs, cur.InterviewerIDs)
	s.changed(peopleChanged, cur, next)
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

func (s *Service) publish(e events.Event) {
	if s.cfg.Bus != nil {
		s.cfg.Bus.Publish(e)
	}
}

// publishInterview tells everyone on any of the versions (so someone
// removed hears it too) and admins, on every node.
func (s *Service) publishInterview(versions ...*Interview) { s.changed(false, versions...) }

// changed tells this node's browsers and the other nodes that an interview
// changed (to versions, the last the current one); members says its
// people did.
func (s *Service) changed(members bool, versions ...*Interview) {
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
	e := events.Event{
		Topics: []string{"interviews", "interview:" + versions[len(versions)-1].ID},
		Users:  users, Roles: []string{string(identity.RoleAdmin)},
	}
	if s.cfg.Bus != nil {
		s.cfg.Bus.PublishLocal(e)
	}
	s.tellNodes(interviewChanged{ID: versions[len(versions)-1].ID, Topics: e.Topics, Users: e.Users, Roles: e.Roles, Members: members})
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
