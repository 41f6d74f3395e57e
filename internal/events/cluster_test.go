package events

import (
	"context"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func linkedBus(t *testing.T, url string) (*Bus, *cluster.Cluster) {
	t.Helper()
	c, err := cluster.New(cluster.Options{URL: url, RetryEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	b := New()
	b.Link(c, nil)
	c.Start(context.Background())
	t.Cleanup(func() { _ = c.Close() })
	deadline := time.Now().Add(10 * time.Second)
	for !c.Connected() {
		if time.Now().After(deadline) {
			t.Fatal("not subscribed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return b, c
}

func expect(t *testing.T, ch <-chan Event, topic string) {
	t.Helper()
	select {
	case e := <-ch:
		if len(e.Topics) != 1 || e.Topics[0] != topic {
			t.Fatalf("got %v, want [%s]", e.Topics, topic)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("did not hear %s", topic)
	}
}

func expectNothing(t *testing.T, ch <-chan Event, who string) {
	t.Helper()
	select {
	case e := <-ch:
		t.Fatalf("%s heard %v", who, e.Topics)
	case <-time.After(150 * time.Millisecond):
	}
}

// An event published on node A reaches the subscribers on node B it is
// meant for, once, and nobody else; after Redis comes back, everyone on
// every node is told to refetch.
func TestEventsCrossNodes(t *testing.T) {
	r := testenv.StartRedis(t)
	a, _ := linkedBus(t, r.URL)
	b, _ := linkedBus(t, r.URL)
	aliceOnA, stop1 := a.Subscribe(Viewer{UserID: "alice", Role: "candidate"})
	defer stop1()
	aliceOnB, stop2 := b.Subscribe(Viewer{UserID: "alice", Role: "candidate"})
	defer stop2()
	adminOnB, stop3 := b.Subscribe(Viewer{UserID: "root", Role: "admin"})
	defer stop3()
	bobOnB, stop4 := b.Subscribe(Viewer{UserID: "bob", Role: "interviewer"})
	defer stop4()

	a.Publish(Event{Topics: []string{"interview:1"}, Users: []string{"alice"}, Roles: []string{"admin"}})
	expect(t, aliceOnA, "interview:1")
	expect(t, aliceOnB, "interview:1")
	expect(t, adminOnB, "interview:1")
	expectNothing(t, bobOnB, "bob")
	expectNothing(t, aliceOnA, "alice on A (a second time)")

	r.Stop()
	r.Start(t)
	for _, ch := range []<-chan Event{aliceOnA, aliceOnB, adminOnB, bobOnB} {
		expect(t, ch, "*")
	}
}
