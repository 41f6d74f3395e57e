package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/internal/events"
)

// WorkersConfig says how a node runs the queue.
type WorkersConfig struct {
	DB       *mongo.Database
	Executor *Executor
	// Bus, when set, hears of each finished run at once (an app node); a
	// standalone runner has none, and app nodes' Watch tells browsers.
	Bus    *events.Bus
	Logger *slog.Logger
	// Lease is how long a claimed run is this node's without renewal
	// (default 30 s); it is renewed every Lease/3. A runner killed mid-run
	// loses it after at most Lease, and another runner runs the job again.
	Lease time.Duration
	// Poll is how often an idle worker looks at the queue (default 1 s);
	// Wake cuts it short for runs submitted on this node.
	Poll time.Duration
	Now  func() time.Time
}

// Workers take runs from the queue, one per sandbox slot.
type Workers struct {
	cfg   WorkersConfig
	queue *Queue
	owner string
	wake  chan struct{}
	wg    sync.WaitGroup
	stop  context.CancelFunc
}

// NewWorkers returns idle workers; Start starts them.
func NewWorkers(cfg WorkersConfig) *Workers {
	if cfg.Lease <= 0 {
		cfg.Lease = 30 * time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return &Workers{cfg: cfg, queue: NewQueue(cfg.DB, cfg.Now), owner: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b)),
		wake: make(chan struct{}, 1)}
}

// Start starts one worker per sandbox slot; they stop when ctx ends or on
// Stop.
func (w *Workers) Start(ctx context.Context) {
	ctx, w.stop = context.WithCancel(ctx)
	for range w.cfg.Executor.Sandbox().Concurrency() {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			w.loop(ctx)
		}()
	}
}

// Stop stops the workers and waits for them; runs they held are taken
// again by a runner after their lease.
func (w *Workers) Stop() {
	if w.stop != nil {
		w.stop()
	}
	w.wg.Wait()
}

// Wake tells an idle worker to look at the queue now.
func (w *Workers) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *Workers) loop(ctx context.Context) {
	for ctx.Err() == nil {
		did, err := w.one(ctx)
		if err != nil && ctx.Err() == nil {
			w.cfg.Logger.Warn("runner: take a run", "err", err)
		}
		if did {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-time.After(w.cfg.Poll):
		}
	}
}

// one claims and runs one job; false when the queue had none.
func (w *Workers) one(ctx context.Context) (bool, error) {
	c, err := w.queue.claim(ctx, w.owner, w.cfg.Lease)
	if err != nil || c == nil {
		return false, err
	}
	w.Wake() // another worker may take the next one
	w.publish(c)
	log := w.cfg.Logger.With("run", c.run.ID, "attempt", c.attempt)

	// Renew the lease while the program runs; a lost lease (another runner
	// took the job, this one was presumed dead) stops it.
	jobCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		t := time.NewTicker(w.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-jobCtx.Done():
				return
			case <-t.C:
				ok, err := w.queue.renew(jobCtx, c, w.cfg.Lease)
				if err != nil {
					log.Warn("runner: renew the lease", "err", err)
				} else if !ok {
					cancel(errors.New("lease lost"))
					return
				}
			}
		}
	}()
	res, err := w.cfg.Executor.Run(jobCtx, Program{Language: c.run.Language, Source: c.run.Source, Stdin: c.run.Stdin,
		Tests: testsOf(c.run), TimeLimitMs: c.run.TimeLimitMs})
	if ctx.Err() != nil || context.Cause(jobCtx) != nil && jobCtx.Err() != nil {
		// Stopping, or the lease is lost: leave the job to whoever holds it.
		return true, nil
	}
	// The result is stored even if ctx ends now.
	fctx, fcancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer fcancel()
	if err != nil {
		log.Error("runner: run failed", "err", err)
		msg := "the run could not be started; try again"
		if errors.Is(err, ErrNoSandbox) {
			msg = "this runner cannot start its sandbox: " + err.Error()
		}
		err = w.queue.finish(fctx, c, nil, msg)
	} else {
		err = w.queue.finish(fctx, c, &res, "")
	}
	w.publish(c)
	return true, err
}

func testsOf(d runDoc) []Test {
	if !d.WithTests {
		return nil
	}
	if d.Tests == nil {
		return []Test{}
	}
	return d.Tests
}

func (w *Workers) publish(c *claimed) {
	if w.cfg.Bus != nil {
		publish(w.cfg.Bus, c.run.InterviewID, c.run.Notify)
	}
}
