package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/interviewprep/interviewprep/internal/events"
)

// Across app nodes: each node's read model is its own, so a node that
// writes an interview tells the others (cluster topic topicInterview), and
// each of them reads the stored interview into its model before telling its
// own browsers: a browser that refetches on the event finds the new
// version on whichever node it asks. A node that may have missed messages
// (Redis was away) reloads every interview.

const topicInterview = "schedule.interview"

// interviewChanged is the message: which interview, the live event to
// publish once it is loaded, and whether its people changed (collab then
// drops who left from its open documents).
type interviewChanged struct {
	ID      string   `json:"id"`
	Topics  []string `json:"t"`
	Users   []string `json:"u,omitempty"`
	Roles   []string `json:"r,omitempty"`
	Members bool     `json:"m,omitempty"`
}

// linkCluster registers the handlers on cfg.Cluster; its worker runs until
// Close.
func (s *Service) linkCluster() {
	c := s.cfg.Cluster
	if c == nil {
		return
	}
	s.remote = make(chan interviewChanged, 4096)
	s.remoteDone = make(chan struct{})
	c.Handle(topicInterview, func(_ context.Context, payload []byte) {
		var m interviewChanged
		if err := json.Unmarshal(payload, &m); err != nil || m.ID == "" {
			s.log.Warn("schedule: dropping a malformed message from another node", "err", err)
			return
		}
		s.remoteMu.Lock()
		defer s.remoteMu.Unlock()
		if s.remoteClosed {
			return
		}
		select {
		case s.remote <- m:
		default: // far behind: reload everything instead
			go s.reloadAll(context.Background())
		}
	})
	c.OnResync(s.reloadAll)
	go s.applyRemote()
}

// applyRemote loads each interview another node changed, in the order the
// messages came, then publishes its event here.
func (s *Service) applyRemote() {
	defer close(s.remoteDone)
	for m := range s.remote {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		fresh, err := s.store.get(ctx, m.ID)
		cancel()
		switch {
		case errors.Is(err, ErrNotFound):
			// Deleted (its candidate was erased): it leaves the model here too.
			s.model.remove(m.ID)
		case err != nil:
			s.log.Warn("schedule: could not load an interview another node changed; reloading all", "id", m.ID, "err", err)
			go s.reloadAll(context.Background())
			continue
		}
		if fresh != nil {
			s.model.put(fresh)
		}
		if s.cfg.Bus != nil {
			s.cfg.Bus.PublishLocal(events.Event{Topics: m.Topics, Users: m.Users, Roles: m.Roles})
		}
		if m.Members && s.cfg.MembersChanged != nil {
			s.cfg.MembersChanged(m.ID)
		}
	}
}

// reloadAll replaces the read model with every stored interview, then tells
// every browser here to refetch. Concurrent calls coalesce into one reload
// after the running one.
func (s *Service) reloadAll(ctx context.Context) {
	if !s.reloading.CompareAndSwap(false, true) {
		s.reloadAgain.Store(true)
		return
	}
	for {
		s.reloadAgain.Store(false)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		// load keeps what this node and the others' messages put while it
		// reads (a plain reset would lose those).
		err := s.model.load(ctx, s.store.all)
		cancel()
		if err != nil {
			s.log.Error("schedule: reload after missed updates failed; the dashboards may be stale until the next", "err", err)
		} else {
			s.log.Info("schedule: reloaded every interview after missed updates")
			if s.cfg.Bus != nil {
				s.cfg.Bus.PublishLocal(events.Event{Topics: []string{"*"}, Everyone: true})
			}
		}
		if !s.reloadAgain.Load() {
			break
		}
	}
	s.reloading.Store(false)
}

// closeRemote ends applyRemote once it has applied what came.
func (s *Service) closeRemote() {
	if s.remote == nil {
		return
	}
	s.remoteMu.Lock()
	if !s.remoteClosed {
		s.remoteClosed = true
		close(s.remote)
	}
	s.remoteMu.Unlock()
	<-s.remoteDone
}

// tellNodes sends m to the other nodes in the background (a lost message
// ends in their reload).
func (s *Service) tellNodes(m interviewChanged) {
	if s.cfg.Cluster == nil {
		return
	}
	payload, _ := json.Marshal(m)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.cfg.Cluster.Publish(ctx, topicInterview, payload)
	}()
}
