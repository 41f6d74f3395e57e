package schedule

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// Removing interviews (a candidate erased) keeps every index as a rebuild
// would have it, never changes a slice a reader holds, and forgets a
// candidate left on no interview.
func TestReadModelRemoveKeepsItsIndexes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	m := newReadModel(nil)
	for i := range 600 {
		id := fmt.Sprintf("iv%03d", r.IntN(80))
		held, heldCopy := m.all(), slices.Clone(m.all())
		if r.IntN(3) == 0 {
			m.remove(id)
			if _, ok := m.get(id); ok {
				t.Fatalf("remove %d: %s is still there", i, id)
			}
		} else {
			m.put(randomInterview(r, id))
		}
		if !slices.Equal(held, heldCopy) {
			t.Fatalf("step %d changed a slice a reader held", i)
		}
		if i%25 == 0 {
			sameModel(t, m)
		}
	}
	sameModel(t, m)
	for _, id := range ids(m.all()) {
		m.remove(id)
	}
	sameModel(t, m)
	if len(m.byUser) != 0 || len(m.people) != 0 || len(m.sorted) != 0 || len(m.calls) != 0 {
		t.Fatalf("an emptied model still knows people: byUser %v, people %v", m.byUser, m.people)
	}
}

// A removal while a load reads the store wins over what the load read.
func TestReadModelRemoveDuringLoad(t *testing.T) {
	m := newLoadingModel()
	x := &Interview{ID: "x", CandidateID: "u1", OwnerID: "u0", StartsAt: modelNow}
	y := &Interview{ID: "y", CandidateID: "u2", OwnerID: "u0", StartsAt: modelNow.Add(time.Hour)}
	fetching, release := make(chan struct{}), make(chan struct{})
	loaded := make(chan error)
	go func() {
		loaded <- m.load(context.Background(), func(context.Context) ([]*Interview, error) {
			close(fetching)
			<-release
			return []*Interview{x, y}, nil // read before the removal below
		})
	}()
	<-fetching
	m.remove("x")
	close(release)
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	if got := ids(m.all()); !slices.Equal(got, []string{"y"}) {
		t.Errorf("all after load = %v, want y", got)
	}
	if got := m.forUser("u1"); len(got) != 0 {
		t.Errorf("u1 still has %v", ids(got))
	}
	sameModel(t, m)
}

// An erasure on node A leaves nothing of the person in node B's read model:
// the candidate's interview is gone, the interviewer is off the other.
func TestTwoNodesForgetAnErasedPerson(t *testing.T) {
	a := newApp(t)
	r := testenv.StartRedis(t)
	nodeA, nodeB := a.node(t, r.URL), a.node(t, r.URL)
	ctx := a.as(t, a.p.admin)
	at := a.clock.Now().Add(3 * time.Hour).Format(time.RFC3339)
	theirs, err := nodeA.svc.Create(ctx, CreateRequest{Title: "Theirs", CandidateID: a.p.candOn.ID,
		InterviewerIDs: []string{a.p.ivOn.ID}, StartsAt: at, DurationMinutes: 45})
	if err != nil {
		t.Fatal(err)
	}
	other, err := nodeA.svc.Create(ctx, CreateRequest{Title: "Other", CandidateID: a.p.cand2.ID,
		InterviewerIDs: []string{a.p.ivOn.ID, a.p.ivOff.ID}, StartsAt: at, DurationMinutes: 45})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "B has both", func() bool {
		_, ok1 := nodeB.svc.model.get(theirs.ID)
		_, ok2 := nodeB.svc.model.get(other.ID)
		return ok1 && ok2
	})
	knows := func(n *node, user string) bool {
		m := n.svc.model
		m.mu.RLock()
		defer m.mu.RUnlock()
		_, person := m.people[user]
		return person || len(m.byUser[user]) > 0
	}

	plan, err := nodeA.svc.PlanErasure(ctx, a.p.candOn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(plan.Interviews, []string{theirs.ID}) {
		t.Fatalf("plan %v, want %s", plan.Interviews, theirs.ID)
	}
	if _, err := nodeA.svc.EraseUser(ctx, plan); err != nil {
		t.Fatal(err)
	}
	for _, n := range []*node{nodeA, nodeB} {
		waitUntil(t, "the candidate's interview leaves the node", func() bool {
			_, ok := n.svc.model.get(theirs.ID)
			return !ok && !knows(n, a.p.candOn.ID)
		})
	}
	waitUntil(t, "B's collab told", func() bool { return slices.Contains(nodeB.members.list(), theirs.ID) })

	plan, err = nodeA.svc.PlanErasure(ctx, a.p.ivOn.ID)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := nodeA.svc.EraseUser(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Interviews) != 0 || !slices.Equal(plan.Kept, []string{other.ID}) || counts["interviews kept without them"] != 1 {
		t.Fatalf("plan %+v, counts %v", plan, counts)
	}
	for _, n := range []*node{nodeA, nodeB} {
		waitUntil(t, "the interviewer leaves the node", func() bool {
			iv, ok := n.svc.model.get(other.ID)
			return ok && slices.Equal(iv.InterviewerIDs, []string{a.p.ivOff.ID}) && iv.OwnerID == a.p.admin.ID &&
				!knows(n, a.p.ivOn.ID)
		})
	}
}
