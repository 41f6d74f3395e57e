package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/problems"
	"github.com/interviewprep/interviewprep/runner"
	"github.com/interviewprep/interviewprep/schedule"
)

// codeRunner is the runs API of an app node and, when this node runs code
// (--runner-concurrency > 0 and a sandbox starts), its workers.
type codeRunner struct {
	svc     *runner.Service
	workers *runner.Workers
	stop    context.CancelFunc
}

// startRunner builds the runs API and starts this node's workers and the
// queue watcher. A node whose sandbox cannot start (no bubblewrap, no user
// namespaces) runs no code and says why; runners on other hosts may still
// serve the queue.
func startRunner(ctx context.Context, cfg config.Config, db *database.DB, bus *events.Bus,
	sched *schedule.Service, probs *problems.Service, logger *slog.Logger) (*codeRunner, error) {
	r := &codeRunner{}
	if cfg.Runner.Concurrency > 0 {
		exe, err := newExecutor(ctx, cfg)
		if err != nil {
			logger.Error("runner: this node will not run code", "err", err)
		} else {
			r.workers = runner.NewWorkers(runner.WorkersConfig{DB: db.DB, Executor: exe, Bus: bus, Logger: logger})
		}
	}
	svc, err := runner.New(runner.Config{DB: db.DB, Interviews: scheduleRuns{sched}, Problems: problemTests{probs},
		Bus: bus, Logger: logger, Workers: r.workers})
	if err != nil {
		return nil, fmt.Errorf("runner: %w", err)
	}
	r.svc = svc
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r.stop = cancel
	if r.workers != nil {
		r.workers.Start(bg)
	}
	go svc.Watch(bg)
	return r, nil
}

func (r *codeRunner) close() {
	r.stop()
	if r.workers != nil {
		r.workers.Stop()
	}
}

func newExecutor(ctx context.Context, cfg config.Config) (*runner.Executor, error) {
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	sb, err := runner.NewSandbox(sctx, runner.SandboxConfig{Concurrency: cfg.Runner.Concurrency, UIDBase: cfg.Runner.UIDBase})
	if err != nil {
		return nil, err
	}
	return runner.NewExecutor(sb, runner.DefaultLimits), nil
}

// RunRunner is `interviewprep runner`: it takes runs from the database's
// queue until ctx ends. It refuses to start without a working sandbox.
func RunRunner(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	if cfg.Runner.Concurrency <= 0 {
		return errors.New("runner: --runner-concurrency must be at least 1")
	}
	exe, err := newExecutor(ctx, cfg)
	if err != nil {
		return err
	}
	return withDatabase(ctx, cfg, logger, func(db *database.DB) error {
		if err := db.EnsureIDIndexes(ctx, runner.Collections()...); err != nil {
			return err
		}
		w := runner.NewWorkers(runner.WorkersConfig{DB: db.DB, Executor: exe, Logger: logger})
		w.Start(ctx)
		logger.Info("runner: taking runs from the queue", "concurrency", cfg.Runner.Concurrency)
		<-ctx.Done()
		w.Stop()
		return nil
	})
}

// scheduleRuns is schedule as the runner sees it: who is on an interview,
// and its problem (asked as the signed-in caller, who is on it or an admin).
type scheduleRuns struct{ s *schedule.Service }

func (a scheduleRuns) Interview(ctx context.Context, id string) (runner.Interview, error) {
	r, err := a.s.Roster(ctx, id)
	if err != nil {
		return runner.Interview{}, err
	}
	iv := runner.Interview{ID: r.ID, OwnerID: r.OwnerID, CandidateID: r.CandidateID,
		InterviewerIDs: r.InterviewerIDs, Cancelled: r.Cancelled}
	if full, err := a.s.Get(ctx, id); err == nil && full.ProblemID != nil {
		iv.ProblemID = *full.ProblemID
	}
	return iv, nil
}

// problemTests is the question bank as the runner sees it.
type problemTests struct{ p *problems.Service }

func (a problemTests) Tests(ctx context.Context, id string) ([]runner.Test, int, error) {
	pr, err := a.p.Get(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	out := make([]runner.Test, 0, len(pr.Tests))
	for _, t := range pr.Tests {
		out = append(out, runner.Test{Name: t.Name, Input: t.Input, Expected: t.Expected, Hidden: t.Hidden})
	}
	return out, pr.TimeLimitMs, nil
}
