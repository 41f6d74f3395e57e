package schedule

import (
	"context"
	"fmt"
	"time"
)

// loadModel fills the read model in the background, so that New returns at
// once: at 100,000 interviews the embedded FerretDB needs about ten seconds
// to decode them (docs/decisions.md). Meanwhile the service answers: an
// interview by id and every write go to the store by _id as always, and the
// list views wait for the model (readModel.wait). A failed load is retried
// until ctx ends; then the model gives up (waiters get the error).
func (s *Service) loadModel(ctx context.Context) {
	start := time.Now()
	delay := time.Second
	for {
		err := s.model.load(ctx, s.store.all)
		if err == nil {
			s.log.Info("schedule: read model loaded", "interviews", len(s.model.all()), "took", time.Since(start).Round(time.Millisecond))
			return
		}
		if ctx.Err() == nil {
			s.log.Error("schedule: loading the read model failed; retrying", "err", err, "in", delay)
		}
		select {
		case <-ctx.Done():
			s.model.giveUp(fmt.Errorf("schedule: the read model was not loaded: %w", context.Cause(ctx)))
			return
		case <-time.After(delay):
		}
		delay = min(2*delay, time.Minute)
	}
}

// ModelReady returns nil once the read model is loaded, and an error saying
// it is loading before (a health probe: the node answers meanwhile, but
// dashboards and lists wait).
func (s *Service) ModelReady(context.Context) error {
	if !s.model.loaded() {
		return errLoading
	}
	return s.model.wait(context.Background())
}
