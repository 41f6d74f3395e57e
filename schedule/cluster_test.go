package schedule

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

// node is one app node's schedule: its own read model, bus and link.
type node struct {
	svc     *Service
	bus     *events.Bus
	members *idList
}

func (a *testApp) node(t *testing.T, redisURL string) *node {
	t.Helper()
	c, err := cluster.New(cluster.Options{URL: redisURL, RetryEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	n := &node{bus: events.New(), members: &idList{}}
	n.bus.Link(c, nil)
	n.svc, err = New(testenv.Context(t), Config{DB: a.db, Users: a.idsvc, Bus: n.bus, Now: a.clock.Now,
		Docs: fakeDocs{resets: &a.resets}, MembersChanged: n.members.add, Cluster: c,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	c.Start(context.Background())
	t.Cleanup(func() {
		_ = c.Close()
		n.svc.Close()
	})
	waitUntil(t, "subscribed", c.Connected)
	return n
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// upcomingIDs is p's dashboard's upcoming list on n.
func (a *testApp) upcomingIDs(t *testing.T, n *node, p person) []string {
	t.Helper()
	d, err := n.svc.Dashboard(a.as(t, p))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, iv := range d.Upcoming {
		ids = append(ids, iv.ID)
	}
	return ids
}

// An interview written on node A is on node B's dashboards by the time B's
// browsers hear of it; a change of people reaches B's collab; and after
// Redis was away, B reloads what it missed.
func TestTwoNodesShareTheDashboards(t *testing.T) {
	a := newApp(t)
	r := testenv.StartRedis(t)
	nodeA, nodeB := a.node(t, r.URL), a.node(t, r.URL)
	candOnB, stop := nodeB.bus.Subscribe(events.Viewer{UserID: a.p.candOn.ID, Role: string(a.p.candOn.Role)})
	defer stop()

	req := CreateRequest{Title: "Across nodes", CandidateID: a.p.candOn.ID, InterviewerIDs: []string{a.p.ivOn.ID},
		StartsAt: a.clock.Now().Add(3 * time.Hour).Format(time.RFC3339), DurationMinutes: 45}
	iv, err := nodeA.svc.Create(a.as(t, a.p.admin), req)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-candOnB:
		if !slices.Contains(e.Topics, "interviews") {
			t.Fatalf("candidate on B heard %v", e.Topics)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("candidate on B heard nothing")
	}
	// B's model has it when the event arrives: no waiting here.
	if ids := a.upcomingIDs(t, nodeB, a.p.candOn); !slices.Contains(ids, iv.ID) {
		t.Fatalf("candidate's dashboard on B = %v, lacks %s", ids, iv.ID)
	}

	// Another candidate on A: B's collab hears the people changed, and the
	// first candidate's dashboard on B loses the interview.
	cand := a.p.cand2.ID
	if _, err := nodeA.svc.Update(a.as(t, a.p.admin), iv.ID, UpdateRequest{CandidateID: &cand}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "B's collab told", func() bool { return slices.Contains(nodeB.members.list(), iv.ID) })
	if ids := a.upcomingIDs(t, nodeB, a.p.candOn); slices.Contains(ids, iv.ID) {
		t.Fatalf("removed candidate still sees %s on B", iv.ID)
	}

	// Redis away: A's message is lost; when Redis is back B reloads.
	r.Stop()
	waitUntil(t, "B notices", func() bool { return !nodeB.svc.cfg.Cluster.Connected() })
	req.Title = "While Redis was away"
	missed, err := nodeA.svc.Create(a.as(t, a.p.admin), req)
	if err != nil {
		t.Fatal(err)
	}
	if ids := a.upcomingIDs(t, nodeB, a.p.candOn); slices.Contains(ids, missed.ID) {
		t.Fatal("B saw the interview without Redis: the test proves nothing")
	}
	r.Start(t)
	waitUntil(t, "B catches up", func() bool { return slices.Contains(a.upcomingIDs(t, nodeB, a.p.candOn), missed.ID) })
}
