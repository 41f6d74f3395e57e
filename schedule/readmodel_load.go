package schedule

import (
	"context"
	"fmt"
	"time"
)

// loadModel fills the read model in the background, so that New returns at
// once: at 100,000 interviews the embedded FerretDB needs about ten seconds
// to hand them over (docs/decisions.md). Meanwhile the service answers: an
// interview by id and every write go to the store by _id as always. A
// snapshot (readmodel_snapshot.go) serves the lists within a second: when
// it is current the load is skipped; otherwise the lists read it
// (provisional) while the load runs. Without one the lists wait
// (readModel.wait). A failed load is retried until ctx ends; then the model
// gives up (waiters get the error). A model loaded here is saved as the
// next start's snapshot.
func (s *Service) loadModel(ctx context.Context) {
	start := time.Now()
	if s.snap != nil && s.restoreSnapshot(ctx) {
		s.keepSnapshot(ctx)
		return
	}
	if s.cfg.beforeLoad != nil {
		s.cfg.beforeLoad()
	}
	delay := time.Second
	for {
		err := s.loadOnce(ctx)
		if err == nil {
			args := []any{"interviews", len(s.model.all()), "took", time.Since(start).Round(time.Millisecond)}
			if behind := s.model.behindSnapshot(); behind >= 0 {
				args = append(args, "differing from the snapshot", behind)
			}
			s.log.Info("schedule: read model loaded", args...)
			if err := s.saveSnapshot(ctx); err != nil {
				s.log.Warn("schedule: could not save the read model's snapshot", "err", err)
			}
			s.keepSnapshot(ctx)
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

// ModelReady returns nil once the lists are served from the read model
// (loaded, or a snapshot while the load checks it), ErrModelLoading while
// they wait for it, and the reason if loading was given up (a health
// probe).
func (s *Service) ModelReady(context.Context) error {
	if !s.model.loaded() {
		return ErrModelLoading
	}
	return s.model.wait(context.Background())
}

// ModelState is the read model's state: ModelLoading, ModelProvisional,
// ModelLoaded or ModelFailed.
func (s *Service) ModelState() string { return s.model.state() }

// loadOnce loads the model from the store once.
func (s *Service) loadOnce(ctx context.Context) error {
	// The mark before the load: the model will hold every write up to it
	// (ours meanwhile are kept over what the load reads).
	s.writeMu.Lock()
	if mark, err := s.store.writeMark(ctx); err == nil {
		s.store.trust(mark)
	}
	s.writeMu.Unlock()
	return s.model.load(ctx, s.store.all)
}

// SaveSnapshot loads every interview from the store and saves the read
// model's snapshot where cfg says (SnapshotPath or SnapshotInStore; only
// DB, Logger and those are read), without starting a service: `interviewprep
// import` ends with it, so that the first node on an imported database
// serves its lists at once instead of after a whole load. It returns how
// many interviews the snapshot holds.
func SaveSnapshot(ctx context.Context, cfg Config) (int, error) {
	if cfg.DB == nil {
		return 0, fmt.Errorf("schedule: Config.DB is required")
	}
	s := &Service{cfg: cfg, store: newStore(cfg.DB), model: newLoadingModel(), now: time.Now, closing: make(chan struct{})}
	if s.snap = snapshotPlaceOf(cfg); s.snap == nil {
		return 0, fmt.Errorf("schedule: no snapshot place in the config")
	}
	if err := s.loadOnce(ctx); err != nil {
		return 0, err
	}
	if err := s.saveSnapshot(ctx); err != nil {
		return 0, err
	}
	return len(s.model.all()), nil
}

// snapshotPlaceOf is where cfg says the snapshot is kept (nil: nowhere).
func snapshotPlaceOf(cfg Config) snapshotPlace {
	switch {
	case cfg.SnapshotPath != "":
		return snapshotFile(cfg.SnapshotPath)
	case cfg.SnapshotInStore:
		return &storeSnapshots{c: cfg.DB.Collection(SnapshotCollection)}
	}
	return nil
}
