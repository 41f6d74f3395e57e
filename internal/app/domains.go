package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/interviewprep/interviewprep/collab"
	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/health"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/mail"
	"github.com/interviewprep/interviewprep/problems"
	"github.com/interviewprep/interviewprep/rooms"
	"github.com/interviewprep/interviewprep/runner"
	"github.com/interviewprep/interviewprep/schedule"
)

// allIndexes lists every index the domain packages declare; Migrate and
// start-up create them.
func allIndexes() []database.Index {
	var ix []database.Index
	ix = append(ix, identity.Indexes()...)
	ix = append(ix, problems.Indexes()...)
	ix = append(ix, schedule.Indexes()...)
	ix = append(ix, collab.Indexes()...)
	ix = append(ix, rooms.Indexes()...)
	return ix
}

// idCollections are the collections looked up by exact _id on hot paths; on
// the embedded database they get an _id expression index (docs/architecture.md §3).
func idCollections() []string {
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, ix := range allIndexes() {
		add(ix.Collection)
	}
	for _, c := range slices.Concat(identity.Collections(), schedule.Collections(), collab.Collections(), rooms.Collections(), runner.Collections()) {
		add(c)
	}
	return out
}

// scheduleSnapshot is where schedule keeps its read model's snapshot: a
// file next to the embedded database it describes, else in the database
// (schedule.SnapshotCollection), where every node on it finds the one any
// node saved (docs/decisions.md).
func scheduleSnapshot(cfg config.Config, db *database.DB) (path string, inStore bool) {
	if !db.Embedded {
		return "", true
	}
	return filepath.Join(cfg.DataDir, "db", "schedule-model.snapshot"), false
}

// scheduleHealth reports schedule's read model on /api/health: starting
// while the lists wait for it (no snapshot), up once they are served (also
// from a snapshot a load is still checking: the note says which).
func scheduleHealth(svc *schedule.Service) health.Component {
	return health.Component{
		Name: "schedule", Description: "interview lists (read model)", Embedded: true,
		Probe: func(ctx context.Context) error {
			err := svc.ModelReady(ctx)
			if errors.Is(err, schedule.ErrModelLoading) {
				return fmt.Errorf("%w: %w", health.ErrStarting, err)
			}
			return err
		},
		Note: svc.ModelState,
	}
}

// domains are the running domain services, wired to each other through the
// small interfaces each declares.
type domains struct {
	bus       *events.Bus
	cluster   *cluster.Cluster // nil: this node alone
	ids       *identity.Service
	problems  *problems.Service
	schedule  *schedule.Service
	reminders *schedule.Reminders
	rooms     *rooms.Service
	collab    *collab.Server
	runner    *codeRunner
	demo      []identity.DemoLogin
	// recordings: the rooms' recording jobs (and recorders) run until stop.
	stopRecordings context.CancelFunc
	recordingsDone chan struct{}
}

// startDomains builds the domains, then seeds their data, then starts the
// reminders. Nothing is served yet: Run starts the HTTP server afterwards.
func startDomains(ctx context.Context, cfg config.Config, db *database.DB, link *cluster.Cluster, logger *slog.Logger) (*domains, error) {
	d, err := buildDomains(ctx, cfg, db, link, logger)
	if err != nil {
		return nil, err
	}
	link.Start(ctx) // every domain has registered what it hears from the other nodes
	if err := d.seed(ctx, cfg, logger); err != nil {
		d.stop()
		return nil, err
	}
	d.reminders.Start()
	rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	d.stopRecordings, d.recordingsDone = cancel, make(chan struct{})
	go func() {
		defer close(d.recordingsDone)
		d.rooms.RunRecordings(rctx)
	}()
	return d, nil
}

// buildDomains builds each domain after the ones it asks: rooms after
// identity and schedule (people, interviews and the call's state), collab
// last, since it asks identity about sessions and schedule about relations.
// identity and schedule tell collab things too (a role or an interview's
// members changed, create an interview's documents); they reach it through
// toCollab, whose server is set right after collab.New. Nothing calls
// through toCollab before then: those calls come from requests and from
// seeding, and both come after buildDomains returns.
func buildDomains(ctx context.Context, cfg config.Config, db *database.DB, link *cluster.Cluster, logger *slog.Logger) (*domains, error) {
	d := &domains{bus: events.New(), cluster: link}
	d.bus.Link(link, logger)
	var err error
	d.problems, err = problems.NewService(problems.Config{DB: db.DB, Bus: d.bus, Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("problems: %w", err)
	}
	toCollab := &collabLink{problems: d.problems}
	d.ids, err = identity.NewService(identity.Config{
		DB: db.DB, KratosPublicURL: cfg.Kratos.PublicURL, KratosAdminURL: cfg.Kratos.AdminURL,
		AdminEmails: cfg.Identity.AdminEmails, Logger: logger, RoleChanged: toCollab.roleChanged,
		EraseElsewhere: d.eraseUser, // every domain is built before a request can call it
	})
	if err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	smtp, err := mail.NewSMTP(cfg.Mail.SMTPURL)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	snapshotPath, snapshotInStore := scheduleSnapshot(cfg, db)
	d.schedule, err = schedule.New(ctx, schedule.Config{
		DB: db.DB, Users: d.ids, Bus: d.bus, Mail: smtp,
		MailFrom: cfg.Mail.From, PublicURL: cfg.HTTP.PublicURL,
		Problems: d.problems, Docs: toCollab, MembersChanged: toCollab.membersChanged,
		Cluster: link, SnapshotPath: snapshotPath, SnapshotInStore: snapshotInStore, Logger: logger,
	})
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	d.reminders, err = schedule.NewReminders(d.schedule, schedule.ReminderConfig{
		Offsets: cfg.Schedule.ReminderOffsets, Spec: cfg.Schedule.ReminderSpec,
	})
	if err != nil {
		d.schedule.Close()
		return nil, fmt.Errorf("reminders: %w", err)
	}
	d.rooms, err = rooms.New(rooms.Config{
		DB: db.DB, Interviews: scheduleCalls{d.schedule}, Users: d.ids, Bus: d.bus, Logger: logger,
		Recording: rooms.Recording{
			Dir: cfg.Record.Dir, Retention: time.Duration(cfg.Record.RetentionDays) * 24 * time.Hour,
			Node: nodeName(cfg),
		},
		LiveKit: rooms.LiveKit{
			URL: cfg.LiveKit.URL, APIURL: cfg.LiveKitAPIURL(), APIKey: cfg.LiveKit.APIKey, APISecret: cfg.LiveKit.APISecret,
		},
		Cluster: link,
	})
	if err != nil {
		d.schedule.Close()
		return nil, fmt.Errorf("rooms: %w", err)
	}
	d.collab, err = collab.New(collab.Config{
		DB: db.DB, Logger: logger, Secret: []byte(cfg.Collab.TicketSecret), Compress: cfg.Collab.Compress,
		Sessions: d.ids, // sockets close within ~1 min of sign-out
		Relation: scheduleRelations{d.schedule}.Relation,
		Cluster:  link,
	})
	if err != nil {
		d.schedule.Close()
		return nil, fmt.Errorf("collab: %w", err)
	}
	toCollab.server = d.collab
	if d.runner, err = startRunner(ctx, cfg, db, d.bus, d.schedule, d.problems, logger); err != nil {
		d.schedule.Close()
		return nil, err
	}
	return d, nil
}

// seed adds the built-in problems and, in dev mode, the demo users. It runs
// once every domain is built: a demo role change reaches collab.
func (d *domains) seed(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	n, err := d.problems.SeedCatalog(ctx)
	if err != nil {
		return fmt.Errorf("problems: seed the built-in catalog: %w", err)
	}
	if n > 0 {
		logger.Info("question bank: built-in problems added", "count", n)
	}
	if cfg.Mode == config.ModeDev && cfg.Identity.DemoData {
		if d.demo, err = identity.SeedDemo(ctx, cfg.Kratos.AdminURL, d.ids); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	return nil
}

// register adds every domain's routes to mux.
func (d *domains) register(mux httpx.Mux, cfg config.Config) {
	identity.NewHandler(d.ids, cfg.Identity.WebhookKey).Register(mux)
	problems.NewHandler(d.problems).Register(mux)
	schedule.NewHandler(d.schedule).Register(mux)
	rooms.NewHandler(d.rooms).Register(mux)
	runner.NewHandler(d.runner.svc).Register(mux)
	d.collab.Register(mux)
	mux.Handle("GET /api/events", events.Handler(d.bus, 0, func(r *http.Request) (events.Viewer, bool) {
		p, ok := identity.PrincipalFrom(r.Context())
		if !ok {
			return events.Viewer{}, false
		}
		return events.Viewer{UserID: p.ID, Role: string(p.Role)}, true
	}))
}

// stop ends background work; the HTTP server has stopped by then.
func (d *domains) stop() {
	_ = d.cluster.Close() // nothing more from the other nodes
	if d.stopRecordings != nil {
		d.stopRecordings() // recorders stop and store what they wrote
		<-d.recordingsDone
	}
	d.runner.close()
	d.reminders.Stop()
	d.schedule.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = d.collab.Close(ctx) // every change is stored before it is acknowledged; this closes sockets
}

// userEraser is one domain's part of erasing a person (identity.DeleteUser).
type userEraser interface {
	EraseUser(ctx context.Context, e identity.Erasure) (identity.Counts, error)
}

// eraseUser erases what every domain but identity keeps about userID
// (identity.Config.EraseElsewhere): schedule says which interviews go whole
// (those userID is the candidate of), then the domains that hang off
// interviews erase, schedule last, so a failure part way leaves the
// interviews for a retry to find again.
func (d *domains) eraseUser(ctx context.Context, userID string) (map[string]identity.Counts, error) {
	e, err := d.schedule.PlanErasure(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := map[string]identity.Counts{}
	for _, step := range []struct {
		name string
		e    userEraser
	}{
		{"rooms", d.rooms}, {"collab", d.collab}, {"runner", d.runner.svc}, {"problems", d.problems}, {"schedule", d.schedule},
	} {
		c, err := step.e.EraseUser(ctx, e)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", step.name, err)
		}
		out[step.name] = c
	}
	return out, nil
}

// nodeName names this app node the same across restarts: its host and
// listen address.
func nodeName(cfg config.Config) string {
	host, _ := os.Hostname()
	return host + cfg.HTTP.Addr
}

// scheduleRelations answers collab's question, how a user takes part in an
// interview, from schedule.
type scheduleRelations struct{ s *schedule.Service }

func (a scheduleRelations) Relation(ctx context.Context, interviewID, userID string) (string, error) {
	rel, err := a.s.Relation(ctx, interviewID, userID)
	return string(rel), err
}

// scheduleCalls is schedule as the call sees it (rooms.Interviews): who is
// on an interview and when, and the call's start and end, which make its
// status.
type scheduleCalls struct{ s *schedule.Service }

func (a scheduleCalls) Interview(ctx context.Context, id string) (rooms.Interview, error) {
	r, err := a.s.Roster(ctx, id)
	if err != nil {
		return rooms.Interview{}, err
	}
	return rooms.Interview{
		ID: r.ID, OwnerID: r.OwnerID, CandidateID: r.CandidateID, InterviewerIDs: r.InterviewerIDs,
		StartsAt: r.StartsAt, Duration: time.Duration(r.DurationMinutes) * time.Minute, Cancelled: r.Cancelled,
	}, nil
}

func (a scheduleCalls) CallStarted(ctx context.Context, id string, at time.Time) error {
	return a.s.CallStarted(ctx, id, at)
}

func (a scheduleCalls) CallEnded(ctx context.Context, id string, at time.Time, by string) error {
	return a.s.CallEnded(ctx, id, at, by)
}

func (a scheduleCalls) RecordingsChanged(ctx context.Context, id string, sum rooms.RecordingSummary) error {
	return a.s.RecordingsChanged(ctx, id, schedule.RecordingSummary{
		Count: sum.Count, State: sum.State, DurationSeconds: sum.DurationSeconds, SizeBytes: sum.SizeBytes,
	})
}

// collabLink is how identity and schedule, built before collab, reach it:
// buildDomains sets server once collab is built, before anything calls.
type collabLink struct {
	server   *collab.Server
	problems *problems.Service
}

// roleChanged closes the user's sockets (identity.Config.RoleChanged).
func (l *collabLink) roleChanged(userID string) { l.server.UserChanged(userID) }

// membersChanged drops who left the interview from its open documents
// (schedule.Config.MembersChanged).
func (l *collabLink) membersChanged(interviewID string) { l.server.AccessChanged(interviewID) }

// CreateDocs creates an interview's code, problem and notes documents, with
// the chosen problem's statement and starter code (schedule.DocCreator).
func (l *collabLink) CreateDocs(ctx context.Context, interviewID, problemID string) (schedule.Docs, error) {
	in := collab.DocsInit{Language: "javascript"}
	if problemID != "" {
		pr, err := l.problems.Get(ctx, problemID)
		if err != nil {
			return schedule.Docs{}, fmt.Errorf("problem %s: %w", problemID, err)
		}
		in.ProblemID, in.ProblemTitle, in.Statement, in.Source = pr.ID, pr.Title, pr.Statement, pr.Starter.JavaScript
		in.Starter = map[string]string{"javascript": pr.Starter.JavaScript, "python": pr.Starter.Python, "java": pr.Starter.Java}
	}
	docs, err := l.server.CreateInterviewDocs(ctx, interviewID, in)
	if err != nil {
		return schedule.Docs{}, err
	}
	return schedule.Docs{Code: docs.Code, Problem: docs.Problem, Notes: docs.Notes}, nil
}

// ResetProblem puts problemID's statement and starter code into an
// interview's documents ("" empties them) (schedule.DocCreator).
func (l *collabLink) ResetProblem(ctx context.Context, docs schedule.Docs, problemID string) error {
	reset := collab.ProblemReset{ProblemID: problemID}
	if problemID != "" {
		pr, err := l.problems.Get(ctx, problemID)
		if err != nil {
			return fmt.Errorf("problem %s: %w", problemID, err)
		}
		reset.Title, reset.Statement = pr.Title, pr.Statement
		reset.Starter = map[string]string{"javascript": pr.Starter.JavaScript, "python": pr.Starter.Python, "java": pr.Starter.Java}
	}
	return l.server.ResetProblem(ctx, collab.InterviewDocs{Code: docs.Code, Problem: docs.Problem, Notes: docs.Notes}, reset)
}
