package cluster_test

import (
	"context"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

type node struct {
	c       *cluster.Cluster
	got     chan string
	resyncs chan struct{}
}

func startNode(t *testing.T, url string) *node {
	t.Helper()
	c, err := cluster.New(cluster.Options{URL: url, RetryEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	n := &node{c: c, got: make(chan string, 16), resyncs: make(chan struct{}, 16)}
	c.Handle("greeting", func(_ context.Context, p []byte) { n.got <- string(p) })
	c.OnResync(func(context.Context) { n.resyncs <- struct{}{} })
	c.Start(context.Background())
	t.Cleanup(func() { _ = c.Close() })
	waitFor(t, "subscribed", c.Connected)
	return n
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(15 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
	var zero T
	return zero
}

func TestMessagesReachTheOtherNodesOnly(t *testing.T) {
	r := testenv.StartRedis(t)
	a, b := startNode(t, r.URL), startNode(t, r.URL)
	ctx := testenv.Context(t)
	if err := a.c.Publish(ctx, "greeting", []byte("hello\x00from a")); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, b.got, "b hears a"); got != "hello\x00from a" {
		t.Fatalf("b got %q", got)
	}
	if err := b.c.Publish(ctx, "unknown-topic", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := b.c.Publish(ctx, "greeting", []byte("from b")); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, a.got, "a hears b"); got != "from b" {
		t.Fatalf("a got %q", got)
	}
	select {
	case got := <-a.got:
		t.Fatalf("a heard its own or a second message: %q", got)
	case got := <-b.got:
		t.Fatalf("b heard its own message: %q", got)
	case <-time.After(200 * time.Millisecond):
	}
	if a.c.Stats().Published.Load() != 1 || a.c.Stats().Received.Load() != 2 {
		t.Fatalf("a's stats: published %d, received %d", a.c.Stats().Published.Load(), a.c.Stats().Received.Load())
	}
}

// A node that loses Redis says so, and when Redis is back every node
// resyncs: the one whose subscription broke, and the others, which a
// failed publish may have left behind.
func TestLosingRedisEndsInAResync(t *testing.T) {
	r := testenv.StartRedis(t)
	a, b := startNode(t, r.URL), startNode(t, r.URL)
	ctx := testenv.Context(t)
	if err := a.c.Ping(ctx); err != nil {
		t.Fatalf("ping while up: %v", err)
	}
	r.Stop()
	waitFor(t, "a to notice", func() bool { return !a.c.Connected() })
	if err := a.c.Ping(ctx); err == nil {
		t.Fatal("ping while Redis is down: no error")
	}
	if err := a.c.Publish(ctx, "greeting", []byte("lost")); err == nil {
		t.Fatal("publish while Redis is down: no error")
	}
	r.Start(t)
	receive(t, a.resyncs, "a's resync")
	receive(t, b.resyncs, "b's resync")
	waitFor(t, "a subscribed again", a.c.Connected)
	if err := a.c.Publish(ctx, "greeting", []byte("after")); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, b.got, "b hears a after the break"); got != "after" {
		t.Fatalf("b got %q", got)
	}
}

func TestANilClusterIsANodeAlone(t *testing.T) {
	var c *cluster.Cluster
	c.Handle("x", func(context.Context, []byte) {})
	c.OnResync(func(context.Context) {})
	c.Start(context.Background())
	if err := c.Publish(context.Background(), "x", nil); err != nil {
		t.Fatal(err)
	}
	if c.Connected() || c.Node() != "" || c.Close() != nil {
		t.Fatal("a nil cluster claims a link")
	}
}

func TestNewRefusesABadURL(t *testing.T) {
	if _, err := cluster.New(cluster.Options{URL: "http://example.com"}); err == nil {
		t.Fatal("no error for an http URL")
	}
}
