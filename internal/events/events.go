// Package events tells signed-in browsers which of their data changed, so
// they refetch it (TanStack Query invalidation) instead of polling. Domain
// packages Publish; GET /api/events streams to each subscriber the events it
// may hear, as Server-Sent Events. The bus is in-process (one app node);
// scale-out replaces it with Redis pub/sub behind the same two methods.
package events

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/interviewprep/interviewprep/internal/cluster"
)

// Event says which topics changed and who may hear about it.
type Event struct {
	// Topics name what changed, e.g. "interviews", "interview:<id>",
	// "comments:<id>", "notifications", "problems", "users".
	Topics []string `json:"topics"`
	// Users who may hear it (by user id) ...
	Users []string `json:"-"`
	// ... and roles whose every member may (e.g. "admin").
	Roles []string `json:"-"`
	// Everyone: every subscriber may (only "*" after a resync).
	Everyone bool `json:"-"`
}

// wire is an event as it travels between nodes.
type wire struct {
	Topics []string `json:"t"`
	Users  []string `json:"u,omitempty"`
	Roles  []string `json:"r,omitempty"`
}

// Viewer is who a subscription belongs to.
type Viewer struct {
	UserID string
	Role   string
}

func (e Event) visibleTo(v Viewer) bool {
	return e.Everyone || slices.Contains(e.Users, v.UserID) || slices.Contains(e.Roles, v.Role)
}

// Bus fans events out to subscribers. The zero value is not usable; use New.
type Bus struct {
	mu      sync.Mutex
	subs    map[*subscription]struct{}
	cluster *cluster.Cluster // nil: this node alone
	log     *slog.Logger
}

type subscription struct {
	viewer Viewer
	ch     chan Event
}

// New returns an empty bus.
func New() *Bus { return &Bus{subs: map[*subscription]struct{}{}, log: slog.Default()} }

// topic is the cluster topic events travel under.
const topic = "events"

// Link makes the bus cluster-wide: Publish reaches the other nodes'
// subscribers, theirs reach this node's, and after a resync every
// subscriber here is told to refetch everything. Call before c.Start.
func (b *Bus) Link(c *cluster.Cluster, logger *slog.Logger) {
	if c == nil {
		return
	}
	b.cluster = c
	if logger != nil {
		b.log = logger
	}
	c.Handle(topic, func(_ context.Context, payload []byte) {
		var w wire
		if err := json.Unmarshal(payload, &w); err != nil {
			b.log.Warn("events: dropping a malformed event from another node", "err", err)
			return
		}
		b.PublishLocal(Event{Topics: w.Topics, Users: w.Users, Roles: w.Roles})
	})
	c.OnResync(func(context.Context) { b.PublishLocal(Event{Topics: []string{"*"}, Everyone: true}) })
}

// Publish delivers e to every subscriber allowed to hear it, on this node
// and (linked) the others. It never blocks: a subscriber whose buffer is
// full misses the event, and its stream sends a catch-all "everything"
// invalidation instead; the other nodes are told in the background.
func (b *Bus) Publish(e Event) {
	if len(e.Topics) == 0 {
		return
	}
	b.PublishLocal(e)
	if b.cluster != nil {
		b.forward(e)
	}
}

// forward tells only the other nodes' subscribers about e, in the
// background.
func (b *Bus) forward(e Event) {
	if b.cluster == nil || len(e.Topics) == 0 {
		return
	}
	payload, _ := json.Marshal(wire{Topics: e.Topics, Users: e.Users, Roles: e.Roles})
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.cluster.Publish(ctx, topic, payload) // a lost one ends in a resync
	}()
}

// PublishLocal delivers e to this node's subscribers only.
func (b *Bus) PublishLocal(e Event) {
	if len(e.Topics) == 0 {
		return
	}
	b.mu.Lock()
	targets := make([]*subscription, 0, len(b.subs))
	for s := range b.subs {
		if e.visibleTo(s.viewer) {
			targets = append(targets, s)
		}
	}
	b.mu.Unlock()
	for _, s := range targets {
		select {
		case s.ch <- e:
		default:
			select { // full: replace with a catch-all the client can act on
			case s.ch <- Event{Topics: []string{"*"}}:
			default:
			}
		}
	}
}

// Subscribe returns a channel of the events v may hear, and a function that
// ends the subscription.
func (b *Bus) Subscribe(v Viewer) (<-chan Event, func()) {
	s := &subscription{viewer: v, ch: make(chan Event, 64)}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, s)
			b.mu.Unlock()
		})
	}
}

// Subscribers is the number of open subscriptions.
func (b *Bus) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Handler streams the bus as Server-Sent Events: an "invalidate" event with
// data {"topics":[...]} per change, a comment every Heartbeat to keep proxies
// from closing the stream. who returns the signed-in viewer; ok=false answers
// 401.
func Handler(b *Bus, heartbeat time.Duration, who func(*http.Request) (Viewer, bool)) http.Handler {
	if heartbeat <= 0 {
		heartbeat = 25 * time.Second
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, ok := who(r)
		if !ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"Sign in to receive live updates."}` + "\n"))
			return
		}
		rc := http.NewResponseController(w)
		h := w.Header()
		h.Set("Content-Type", "text/event-stream")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no")
		ch, cancel := b.Subscribe(v)
		defer cancel()
		// Streams outlive the server's write timeout.
		_ = rc.SetWriteDeadline(time.Time{})
		if _, err := fmt.Fprint(w, "retry: 2000\n: connected\n\n"); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		tick := time.NewTicker(heartbeat)
		defer tick.Stop()
		for {
			select {
			case <-r.Context().Done():
				return
			case e := <-ch:
				data, _ := json.Marshal(e)
				if _, err := fmt.Fprintf(w, "event: invalidate\ndata: %s\n\n", data); err != nil {
					return
				}
			case <-tick.C:
				if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil {
					return
				}
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
	})
}
