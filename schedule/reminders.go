package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// ReminderConfig configures the reminder job.
type ReminderConfig struct {
	// Offsets before the start at which reminders go out; default 24h, 15m.
	Offsets []time.Duration
	// Spec is the cron schedule of the job; default every minute.
	Spec string
	// Lease is how long a claim that was never marked sent (its node died
	// mid-send) blocks others; default 10 minutes.
	Lease time.Duration
}

// DefaultReminderOffsets are the reminder times before the start.
var DefaultReminderOffsets = []time.Duration{24 * time.Hour, 15 * time.Minute}

// Reminders sends reminder emails and notifications before interviews.
type Reminders struct {
	svc     *Service
	offsets []time.Duration
	spec    string
	lease   time.Duration
	log     *slog.Logger

	mu   sync.Mutex
	sent map[string]bool // claims this node knows are done (skips a DB round trip)
	cron *cron.Cron
}

// NewReminders returns the reminder job of svc (not started).
func NewReminders(svc *Service, cfg ReminderConfig) (*Reminders, error) {
	r := &Reminders{svc: svc, offsets: cfg.Offsets, spec: cfg.Spec, lease: cfg.Lease, log: svc.log, sent: map[string]bool{}}
	if len(r.offsets) == 0 {
		r.offsets = DefaultReminderOffsets
	}
	for _, o := range r.offsets {
		if o <= 0 {
			return nil, fmt.Errorf("schedule: reminder offset %s must be positive", o)
		}
	}
	if r.spec == "" {
		r.spec = "@every 1m"
	}
	if r.lease <= 0 {
		r.lease = 10 * time.Minute
	}
	if _, err := cron.ParseStandard(r.spec); err != nil {
		return nil, fmt.Errorf("schedule: reminder spec %q: %w", r.spec, err)
	}
	return r, nil
}

// Start runs the job on its cron schedule until Stop.
func (r *Reminders) Start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cron != nil {
		return
	}
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	_, _ = c.AddFunc(r.spec, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		if err := r.RunOnce(ctx); err != nil {
			r.log.Error("schedule: reminders", "err", err)
		}
	})
	c.Start()
	r.cron = c
}

// Stop stops the schedule and waits for a running job.
func (r *Reminders) Stop() {
	r.mu.Lock()
	c := r.cron
	r.cron = nil
	r.mu.Unlock()
	if c != nil {
		<-c.Stop().Done()
	}
}

// reminderID is the claim key: interview, offset, and start (a rescheduled
// interview gets fresh reminders).
func reminderID(iv *Interview, offset time.Duration) string {
	return fmt.Sprintf("%s:%d:%d", iv.ID, int64(offset/time.Second), iv.StartsAt.Unix())
}

// RunOnce sends every reminder that is due now and not yet sent: a
// reminder at offset o is due from start-o until the start, unless the
// interview was (re)scheduled after start-o (its invite just went out).
// Each is claimed in the database before it is sent; a failed send
// releases the claim so a later run retries.
func (r *Reminders) RunOnce(ctx context.Context) error {
	now := r.svc.now().UTC()
	var maxOff time.Duration
	for _, o := range r.offsets {
		maxOff = max(maxOff, o)
	}
	var errs []error
	for _, iv := range r.svc.model.startingBetween(now, now.Add(maxOff)) {
		for _, off := range r.offsets {
			due := iv.StartsAt.Add(-off)
			if now.Before(due) || !iv.ScheduledAt.Before(due) {
				continue
			}
			if err := r.send(ctx, iv, off, now); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

func (r *Reminders) send(ctx context.Context, iv *Interview, off time.Duration, now time.Time) error {
	id := reminderID(iv, off)
	r.mu.Lock()
	done := r.sent[id]
	r.mu.Unlock()
	if done {
		return nil
	}
	ok, err := r.svc.store.claim(ctx, id, iv.ID, now, r.lease)
	if err != nil || !ok {
		return err
	}
	// Another node may have changed the interview since this node's read
	// model saw it: check the stored one (an _id lookup) before sending.
	cur, err := r.svc.store.get(ctx, iv.ID)
	if err != nil {
		return errors.Join(err, r.svc.store.release(ctx, id))
	}
	if cur.CancelledAt != nil || !cur.StartsAt.Equal(iv.StartsAt) {
		r.svc.model.put(cur)
		if cur.CancelledAt != nil {
			return r.svc.store.markSent(ctx, id, now) // nothing to send, ever
		}
		return r.svc.store.release(ctx, id) // the new start has its own key
	}
	iv = cur
	recipients := iv.Participants()
	if r.svc.cfg.Mail != nil {
		if err := r.svc.email(ctx, iv, KindReminder, recipients); err != nil {
			r.log.Warn("schedule: reminder email failed; will retry", "reminder", id, "err", err)
			if rerr := r.svc.store.release(ctx, id); rerr != nil {
				return errors.Join(err, rerr)
			}
			return fmt.Errorf("schedule: reminder %s: %w", id, err)
		}
	}
	if err := r.svc.store.markSent(ctx, id, now); err != nil {
		return err
	}
	r.mu.Lock()
	r.sent[id] = true
	r.mu.Unlock()
	if err := r.svc.notify(ctx, iv, KindReminder, recipients); err != nil {
		return fmt.Errorf("schedule: reminder %s notifications: %w", id, err)
	}
	return nil
}
