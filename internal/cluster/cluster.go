// Package cluster lets app nodes tell each other what changed, through
// Redis pub/sub: one channel, every node subscribed, each message carrying
// its sender's node id and a topic that the domains register handlers for.
//
// Pub/sub delivers only to who is connected now, so a node can miss
// messages: while its own connection is down, or while a publish failed.
// Both end in a resync: when a node's subscription comes back after a
// break, it runs its resync hooks (each domain reloads what it may have
// missed from the database, the source of truth), and a node whose publish
// failed asks every node to resync once Redis answers again. Messages only
// ever say "this changed"; a missed one costs a reload, never data.
package cluster

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// channel is the one Redis channel the nodes share.
const channel = "interviewprep:cluster"

// topicResync asks every node to run its resync hooks.
const topicResync = "cluster.resync"

// Handler hears one message of its topic from another node. It runs on the
// receive loop: it must not block for long (hand slow work to a goroutine).
type Handler func(ctx context.Context, payload []byte)

// Options configure a node's link.
type Options struct {
	URL    string // redis:// or rediss:// URL
	Logger *slog.Logger
	// RetryEvery is how often a lost subscription is tried again (default 1 s).
	RetryEvery time.Duration
}

// Cluster is this node's link to the others. A nil *Cluster is a node alone:
// Publish does nothing and no handler is ever called.
type Cluster struct {
	node  string
	rdb   *redis.Client
	log   *slog.Logger
	retry time.Duration

	mu       sync.Mutex
	handlers map[string]Handler
	resyncs  []func(ctx context.Context)
	started  bool

	connected atomic.Bool // the subscription is live
	lost      atomic.Bool // a publish failed: ask for a resync when back
	stats     Stats

	cancel context.CancelFunc
	done   chan struct{}
	ps     *redis.PubSub // set by Start; Close closes it to end a blocked Receive
}

// Stats count what went through the link.
type Stats struct {
	Published, Received, PublishErrors, Resyncs atomic.Int64
}

// New parses url and returns an unstarted link (nothing connects until
// Start). Register handlers and resync hooks, then Start.
func New(o Options) (*Cluster, error) {
	opt, err := redis.ParseURL(o.URL)
	if err != nil {
		return nil, fmt.Errorf("cluster: redis URL: %w", err)
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = 2*time.Second, 3*time.Second, 3*time.Second
	opt.MaxRetries = 1
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.RetryEvery <= 0 {
		o.RetryEvery = time.Second
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	return &Cluster{
		node: hex.EncodeToString(id[:]), rdb: redis.NewClient(opt), log: o.Logger, retry: o.RetryEvery,
		handlers: map[string]Handler{},
	}, nil
}

// Node is this node's id, new each start.
func (c *Cluster) Node() string {
	if c == nil {
		return ""
	}
	return c.node
}

// Handle registers h for topic. Call before Start.
func (c *Cluster) Handle(topic string, h Handler) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		panic("cluster: Handle after Start")
	}
	c.handlers[topic] = h
}

// OnResync registers f, run (in its own goroutine) whenever this node may
// have missed messages: after its subscription came back, or when another
// node asks. Call before Start.
func (c *Cluster) OnResync(f func(ctx context.Context)) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		panic("cluster: OnResync after Start")
	}
	c.resyncs = append(c.resyncs, f)
}

// Publish sends payload under topic to the other nodes (not to this one).
// On failure the message is lost, and every node resyncs once Redis
// answers again; the error is returned for logging only.
func (c *Cluster) Publish(ctx context.Context, topic string, payload []byte) error {
	if c == nil {
		return nil
	}
	if err := c.rdb.Publish(ctx, channel, encode(c.node, topic, payload)).Err(); err != nil {
		c.stats.PublishErrors.Add(1)
		if !c.lost.Swap(true) {
			c.log.Warn("cluster: publish failed; the other nodes will resync when Redis is back", "topic", topic, "err", err)
		}
		return fmt.Errorf("cluster: publish %s: %w", topic, err)
	}
	c.stats.Published.Add(1)
	return nil
}

// Start subscribes and runs the receive loop until Close.
func (c *Cluster) Start(ctx context.Context) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.started = true
	c.mu.Unlock()
	ctx, c.cancel = context.WithCancel(context.WithoutCancel(ctx))
	c.done = make(chan struct{})
	c.ps = c.rdb.Subscribe(ctx, channel)
	go func() {
		defer close(c.done)
		c.loop(ctx)
	}()
}

// Close stops the receive loop and closes the connections.
func (c *Cluster) Close() error {
	if c == nil {
		return nil
	}
	if c.cancel != nil {
		c.cancel()
		_ = c.ps.Close()
		<-c.done
	}
	return c.rdb.Close()
}

// Connected reports whether the subscription is live now.
func (c *Cluster) Connected() bool { return c != nil && c.connected.Load() }

// Stats returns the link's counters.
func (c *Cluster) Stats() *Stats {
	if c == nil {
		return &Stats{}
	}
	return &c.stats
}

// Ping checks that Redis answers and that this node is subscribed (the
// health report's probe).
func (c *Cluster) Ping(ctx context.Context) error {
	if err := c.rdb.Ping(ctx).Err(); err != nil {
		return err
	}
	if !c.connected.Load() {
		return errors.New("not subscribed yet (reconnecting)")
	}
	return nil
}

// loop subscribes, delivers messages, and after any break subscribes again
// and resyncs. go-redis's PubSub reconnects by itself and says so with a
// new subscription confirmation, which is the resync signal too.
func (c *Cluster) loop(ctx context.Context) {
	ps := c.ps
	defer c.connected.Store(false)
	broke := false // a break since the last subscription: messages may be lost
	for ctx.Err() == nil {
		msg, err := ps.ReceiveTimeout(ctx, idleCheck)
		if err == nil {
			switch m := msg.(type) {
			case *redis.Subscription:
				if m.Kind == "subscribe" {
					c.subscribed(ctx, broke)
					broke = false
				}
			case *redis.Message:
				c.deliver(ctx, m.Payload)
			}
			continue
		}
		if ctx.Err() != nil {
			return
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() && c.connected.Load() {
			// Quiet for a while: a ping proves the connection (its pong
			// is read by the next Receive), a failed one breaks it.
			if perr := ps.Ping(ctx); perr == nil {
				continue
			}
		}
		broke = true
		if c.connected.Swap(false) {
			c.log.Warn("cluster: lost Redis; serving from this node alone until it is back", "err", err)
		}
		select { // go-redis reconnects and subscribes again on the next Receive
		case <-ctx.Done():
		case <-time.After(c.retry):
		}
	}
}

// idleCheck is how long the subscription may stay quiet before a ping
// checks it (a dead peer without a reset would otherwise go unnoticed).
const idleCheck = 10 * time.Second

// subscribed runs when a subscription is confirmed: after a break, this
// node resyncs; if its own publishes were lost, it asks the others to.
func (c *Cluster) subscribed(ctx context.Context, afterBreak bool) {
	c.connected.Store(true)
	if afterBreak {
		c.log.Info("cluster: Redis is back; reloading what this node may have missed")
		c.resync(ctx)
	}
	if c.lost.Swap(false) {
		_ = c.Publish(ctx, topicResync, nil)
	}
}

func (c *Cluster) deliver(ctx context.Context, raw string) {
	node, topic, payload, err := decode(raw)
	if err != nil {
		c.log.Warn("cluster: dropping a malformed message", "err", err)
		return
	}
	if node == c.node {
		return
	}
	c.stats.Received.Add(1)
	if c.lost.Swap(false) {
		// Redis answers again after a failed publish: tell the others.
		_ = c.Publish(ctx, topicResync, nil)
	}
	if topic == topicResync {
		c.resync(ctx)
		return
	}
	c.mu.Lock()
	h := c.handlers[topic]
	c.mu.Unlock()
	if h != nil {
		h(ctx, payload)
	}
}

// resync runs every resync hook in its own goroutine.
func (c *Cluster) resync(ctx context.Context) {
	c.stats.Resyncs.Add(1)
	c.mu.Lock()
	fs := append([]func(context.Context){}, c.resyncs...)
	c.mu.Unlock()
	for _, f := range fs {
		go f(ctx)
	}
}

// A message is node \x00 topic \x00 payload; node and topic never hold a
// zero byte.
func encode(node, topic string, payload []byte) []byte {
	b := make([]byte, 0, len(node)+len(topic)+2+len(payload))
	b = append(append(append(b, node...), 0), topic...)
	return append(append(b, 0), payload...)
}

var errMalformed = errors.New("cluster: malformed message")

func decode(raw string) (node, topic string, payload []byte, err error) {
	b := []byte(raw)
	i := bytes.IndexByte(b, 0)
	if i <= 0 {
		return "", "", nil, errMalformed
	}
	j := bytes.IndexByte(b[i+1:], 0)
	if j <= 0 {
		return "", "", nil, errMalformed
	}
	return string(b[:i]), string(b[i+1 : i+1+j]), b[i+2+j:], nil
}
