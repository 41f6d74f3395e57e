package schedule

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
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
