package schedule

import (
	"bytes"
	"compress/flate"
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// A snapshot kept in the database reads back as written, in parts; a save
// replaces the older one and leaves no part of it; a save that finds a
// newer head leaves it alone; the same writes are not saved twice; a
// missing or changed part, or no head, is no snapshot.
func TestSnapshotInStore(t *testing.T) {
	ctx := testenv.Context(t)
	c := testenv.Database(t).Collection(SnapshotCollection)
	st := &storeSnapshots{c: c, part: 16 << 10}
	if _, err := st.load(ctx); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("load with nothing saved: %v, want ErrNotExist", err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	var all []*Interview
	for i := range 2*snapshotBatch + 7 {
		all = append(all, randomInterview(r, strconv.Itoa(i)))
	}
	mark := writeMark{Epoch: "e1", N: 42}
	if err := st.save(ctx, &snapshot{Mark: mark, SavedAt: modelNow, Interviews: all}, mark); err != nil {
		t.Fatal(err)
	}
	h, err := st.head(ctx)
	if err != nil || h.Parts < 3 {
		t.Fatalf("head %+v %v: want several parts of 16 KiB", h, err)
	}
	docs := func() int64 {
		n, err := c.CountDocuments(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := docs(); n != int64(h.Parts)+1 {
		t.Errorf("%d documents for %d parts and the head", n, h.Parts)
	}
	snap, err := st.load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Mark != mark || len(snap.Interviews) != len(all) {
		t.Fatalf("read back %+v with %d interviews", snap.Mark, len(snap.Interviews))
	}
	for i := range all {
		if !sameStored(all[i], snap.Interviews[i]) {
			t.Fatalf("interview %d differs: %+v, want %+v", i, snap.Interviews[i], all[i])
		}
	}

	// The same writes: nothing saved (another node did).
	if err := st.save(ctx, &snapshot{Mark: mark, Interviews: all[:1]}, mark); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.head(ctx); again.Generation != h.Generation {
		t.Error("the same write mark was saved again")
	}
	// Later writes replace it, and its parts go.
	later := writeMark{Epoch: "e1", N: 43}
	if err := st.save(ctx, &snapshot{Mark: later, Interviews: all[:10]}, later); err != nil {
		t.Fatal(err)
	}
	h2, _ := st.head(ctx)
	if n := docs(); h2.Generation == h.Generation || n != int64(h2.Parts)+1 {
		t.Errorf("after a second save: head %+v, %d documents", h2, n)
	}
	if snap, err := st.load(ctx); err != nil || snap.Mark != later || len(snap.Interviews) != 10 {
		t.Fatalf("the second snapshot: %v", err)
	}
	// A head newer than this save (another node saved after it began)
	// stays, and this save's parts go.
	if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: snapshotHeadID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: time.Now().Add(time.Hour)}}}}); err != nil {
		t.Fatal(err)
	}
	older := writeMark{Epoch: "e1", N: 44}
	if err := st.save(ctx, &snapshot{Mark: older, Interviews: all}, older); err != nil {
		t.Fatal(err)
	}
	if h3, _ := st.head(ctx); h3.Generation != h2.Generation || docs() != int64(h2.Parts)+1 {
		t.Errorf("a save older than the head replaced it or left parts: %+v, %d documents", h3, docs())
	}

	// Damage: a changed part, a missing part.
	if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: partID(h2.Generation, 0)}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "data", Value: []byte("IPSCHED\x01garbage")}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.load(ctx); !errors.Is(err, errBadSnapshot) {
		t.Errorf("a changed part: %v, want errBadSnapshot", err)
	}
	if _, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: partID(h2.Generation, 0)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.load(ctx); !errors.Is(err, errBadSnapshot) {
		t.Errorf("a missing part: %v, want errBadSnapshot", err)
	}
}

// Nodes keeping the snapshot in the database: a node that starts after
// another closed serves that node's snapshot without loading; after a
// write by a node not linked to it, the snapshot is provisional until its
// load, and the answers are a loaded node's.
func TestNodeStartsFromTheStoresSnapshot(t *testing.T) {
	a := newApp(t)
	a.interview(t, false)
	a.interview(t, true)
	node := func(hold ...chan struct{}) *Service { return a.otherNode(t, Config{SnapshotInStore: true}, hold...) }
	first := node()
	waitState(t, first, ModelLoaded)
	want := a.views(t, first)
	first.Close()
	st := &storeSnapshots{c: a.db.Collection(SnapshotCollection)}
	if _, err := st.load(testenv.Context(t)); err != nil {
		t.Fatalf("no snapshot in the store after a load and Close: %v", err)
	}
	// Its load would wait for ever: a current snapshot needs none.
	second := node(make(chan struct{}))
	waitState(t, second, ModelLoaded)
	if got := a.views(t, second); !equalViews(got, want) {
		t.Errorf("a node on the store's snapshot answers\n%v\nwhere a node that loaded answers\n%v", got, want)
	}
	second.Close()

	added := a.interview(t, false) // by a node not linked to them
	hold := make(chan struct{})
	third := node(hold)
	waitState(t, third, ModelProvisional)
	if _, err := third.Get(a.as(t, a.p.admin), added.ID); err != nil {
		t.Errorf("get while provisional: %v", err)
	}
	close(hold)
	waitState(t, third, ModelLoaded)
	want = a.views(t, a.snapshotNode(t, ""))
	if got := a.views(t, third); !equalViews(got, want) {
		t.Errorf("after the load a node answers\n%v\nwhere a node that loaded answers\n%v", got, want)
	}
}

// What the store hands back, damaged in any way (a part changed, cut,
// the head's size wrong), is refused as errBadSnapshot, never a panic; an
// intact snapshot decodes. (The checksum guards gob, which is not hardened
// against forged input: docs/decisions.md.)
func FuzzInflateSnapshot(f *testing.F) {
	var raw bytes.Buffer
	r := rand.New(rand.NewPCG(7, 8))
	all := []*Interview{randomInterview(r, "a"), randomInterview(r, "b")}
	if err := encodeSnapshot(&raw, &snapshot{Mark: writeMark{Epoch: "e", N: 1}, Interviews: all}); err != nil {
		f.Fatal(err)
	}
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
	_, _ = fw.Write(raw.Bytes())
	_ = fw.Close()
	f.Add(packed.Bytes(), int64(raw.Len()))
	f.Add(packed.Bytes()[:packed.Len()/2], int64(raw.Len()))
	f.Add(packed.Bytes(), int64(raw.Len()-1))
	f.Add(raw.Bytes(), int64(raw.Len()))
	f.Add([]byte{}, int64(0))
	f.Fuzz(func(t *testing.T, data []byte, rawSize int64) {
		snap, err := inflateSnapshot(data, rawSize)
		if err != nil {
			if !errors.Is(err, errBadSnapshot) {
				t.Fatalf("error %v is not errBadSnapshot", err)
			}
			return
		}
		if len(snap.Interviews) != 2 || !sameStored(snap.Interviews[0], all[0]) {
			t.Fatalf("decoded %d interviews from forged bytes", len(snap.Interviews))
		}
	})
}

// SaveSnapshot (what import ends with) leaves a current snapshot: a node
// starting next serves it without loading, and answers as a loaded node.
func TestSaveSnapshotWithoutAService(t *testing.T) {
	a := newApp(t)
	a.interview(t, false)
	a.interview(t, true)
	n, err := SaveSnapshot(testenv.Context(t), Config{DB: a.db, SnapshotInStore: true})
	if err != nil || n != 2 {
		t.Fatalf("SaveSnapshot = %d, %v; want 2 interviews", n, err)
	}
	hold := make(chan struct{})
	svc := a.otherNode(t, Config{SnapshotInStore: true}, hold)
	t.Cleanup(func() { close(hold) })
	waitState(t, svc, ModelLoaded) // its load waits until the test ends
	if got, want := a.views(t, svc), a.views(t, a.snapshotNode(t, "")); !equalViews(got, want) {
		t.Errorf("a node on the saved snapshot answers\n%v\nwhere a node that loaded answers\n%v", got, want)
	}
	if _, err := SaveSnapshot(testenv.Context(t), Config{DB: a.db}); err == nil {
		t.Error("SaveSnapshot with no place for it did not fail")
	}
}

// An erasure saves the snapshot again at once: the one in the database no
// longer holds the erased candidate's interview, nor the erased
// interviewer on the interview that stays.
func TestErasureLeavesNothingOfThemInTheSnapshot(t *testing.T) {
	a := newApp(t)
	theirs := a.interview(t, false) // candOn, with ivOn
	other := a.interview(t, false, func(r *CreateRequest) {
		r.CandidateID, r.InterviewerIDs = a.p.cand2.ID, []string{a.p.ivOn.ID, a.p.ivOff.ID}
	})
	svc := a.otherNode(t, Config{SnapshotInStore: true})
	waitState(t, svc, ModelLoaded)
	st := &storeSnapshots{c: a.db.Collection(SnapshotCollection)}
	mentions := func(who string) []string {
		t.Helper()
		snap, err := st.load(testenv.Context(t))
		if errors.Is(err, os.ErrNotExist) {
			return nil // not saved yet
		}
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, iv := range snap.Interviews {
			if iv.CandidateID == who || iv.OwnerID == who || slices.Contains(iv.InterviewerIDs, who) {
				out = append(out, iv.ID)
			}
		}
		return out
	}
	// The load saved it (poll: the save follows the load).
	for deadline := time.Now().Add(10 * time.Second); len(mentions(a.p.candOn.ID)) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the snapshot saved after the load does not hold the candidate's interview")
		}
	}
	ctx := a.as(t, a.p.admin)
	for _, who := range []string{a.p.candOn.ID, a.p.ivOn.ID} {
		plan, err := svc.PlanErasure(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.EraseUser(ctx, plan); err != nil {
			t.Fatal(err)
		}
		if got := mentions(who); len(got) != 0 {
			t.Errorf("after erasing %s the snapshot still names them on %v (interviews %s, %s)", who, got, theirs.ID, other.ID)
		}
	}
}
