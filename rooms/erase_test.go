package rooms

import (
	"context"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

// An erasure on one node reaches what another node cached: chat written by
// an erased interviewer shows "Deleted user" there too, and a deleted
// interview's chat is gone.
func TestEraseReachesOtherNodesCaches(t *testing.T) {
	a := newApp(t)
	r := testenv.StartRedis(t)
	linked := func() *Service {
		c, err := cluster.New(cluster.Options{URL: r.URL, RetryEvery: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		svc := a.newService(t)
		svc.cfg.Cluster = c
		svc.linkCluster()
		c.Start(context.Background())
		t.Cleanup(func() { _ = c.Close() })
		eventually(t, "subscribed", c.Connected)
		return svc
	}
	nodeA, nodeB := linked(), linked()
	kept := a.newInterview(t)
	gone := a.newInterview(t, func(iv *Interview) { iv.CandidateID = a.p.candOff.ID })
	for _, m := range []struct {
		iv Interview
		by person
	}{{kept, a.p.ivOn}, {kept, a.p.cand}, {gone, a.p.ivOn}, {gone, a.p.candOff}} {
		if _, err := nodeA.PostChat(a.ctxAs(t, m.by), m.iv.ID, ChatRequest{Text: "hi from " + m.by.Name}); err != nil {
			t.Fatal(err)
		}
	}
	// B reads (and caches) both chats.
	for _, iv := range []Interview{kept, gone} {
		if ms, err := nodeB.Chat(a.ctxAs(t, a.p.admin), iv.ID); err != nil || len(ms) != 2 {
			t.Fatalf("chat on B: %v %+v", err, ms)
		}
	}
	counts, err := nodeA.EraseUser(a.ctxAs(t, a.p.admin), identity.Erasure{UserID: a.p.ivOn.ID, Interviews: []string{gone.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if counts["chat messages deleted"] != 2 || counts["chat messages kept by a deleted user"] != 1 {
		t.Errorf("counts %v", counts)
	}
	eventually(t, "B shows the erased interviewer as Deleted user", func() bool {
		ms, err := nodeB.Chat(a.ctxAs(t, a.p.admin), kept.ID)
		return err == nil && len(ms) == 2 && ms[0].Name == identity.DeletedUserName && ms[0].UserID == "" && ms[1].UserID == a.p.cand.ID
	})
	if ms, err := nodeB.Chat(a.ctxAs(t, a.p.admin), gone.ID); err != nil || len(ms) != 0 {
		t.Errorf("the deleted interview's chat on B: %v %+v", err, ms)
	}
}

// An erased interviewer in the call of an interview that stays is taken
// out of it; the call of a deleted interview ends for everyone.
func TestEraseEndsTheirCalls(t *testing.T) {
	a := newApp(t)
	kept := a.newInterview(t)
	gone := a.newInterview(t, func(iv *Interview) { iv.CandidateID = a.p.candOff.ID })
	inKept := connect(t, a.join(t, kept.ID, a.p.ivOn))
	stays := connect(t, a.join(t, kept.ID, a.p.cand))
	inGone := connect(t, a.join(t, gone.ID, a.p.candOff))
	if _, err := a.svc.EraseUser(a.ctxAs(t, a.p.admin), identity.Erasure{UserID: a.p.ivOn.ID, Interviews: []string{gone.ID},
		Kept: []string{kept.ID}}); err != nil {
		t.Fatal(err)
	}
	for name, pt := range map[string]*participant{"the erased interviewer": inKept, "the deleted interview's candidate": inGone} {
		select {
		case <-pt.gone:
		case <-time.After(10 * time.Second):
			t.Errorf("%s is still in the call", name)
		}
	}
	select {
	case r := <-stays.gone:
		t.Errorf("the candidate of the interview that stays was disconnected: %v", r)
	case <-time.After(500 * time.Millisecond):
	}
}
