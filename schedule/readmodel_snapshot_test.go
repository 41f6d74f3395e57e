package schedule

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// A snapshot reads back as written; a changed or cut file is refused.
func TestSnapshotFile(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var all []*Interview
	for i := range 2*snapshotBatch + 7 {
		all = append(all, randomInterview(r, strconv.Itoa(i)))
	}
	all[0].Docs = &Docs{Code: "automerge:c", Problem: "automerge:p", Notes: "automerge:n"}
	all[1].Recording = &RecordingSummary{Count: 2, State: "ready", DurationSeconds: 61.5, SizeBytes: 1 << 20}
	path := filepath.Join(t.TempDir(), "model.snapshot")
	mark := writeMark{Epoch: "e1", N: 42}
	if err := writeSnapshot(path, &snapshot{Mark: mark, SavedAt: modelNow, Interviews: all}); err != nil {
		t.Fatal(err)
	}
	snap, err := readSnapshot(path)
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
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"flipped": append(append(slices.Clone(data[:len(data)/2]), data[len(data)/2]^1), data[len(data)/2+1:]...),
		"cut":     data[:len(data)-100],
		"empty":   {},
	} {
		if err := os.WriteFile(path, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := readSnapshot(path); !errors.Is(err, errBadSnapshot) {
			t.Errorf("%s file: %v, want errBadSnapshot", name, err)
		}
	}
}

// A provisional model serves its lists at once, answers by id only what
// was put since its load began, keeps the reminders waiting, and the load
// replaces it, keeping what was put meanwhile and counting what it
// corrected.
func TestReadModelRestoredProvisionally(t *testing.T) {
	m := newLoadingModel()
	x1 := &Interview{ID: "x", Title: "old", CandidateID: "u1", OwnerID: "u0", StartsAt: modelNow.Add(time.Minute)}
	gone := &Interview{ID: "gone", CandidateID: "u1", OwnerID: "u0", StartsAt: modelNow.Add(2 * time.Minute)}
	if !m.restore([]*Interview{x1, gone}, false) {
		t.Fatal("restore refused")
	}
	if m.state() != ModelProvisional {
		t.Fatalf("state %s", m.state())
	}
	if got := ids(m.forUser("u1")); !slices.Equal(got, []string{"x", "gone"}) {
		t.Errorf("u1's interviews from the snapshot = %v", got)
	}
	if _, ok := m.get("x"); ok {
		t.Error("get answers from a provisional snapshot")
	}
	reminders := make(chan []*Interview)
	go func() { reminders <- m.startingBetween(modelNow, modelNow.Add(time.Hour)) }()

	fetching, release := make(chan struct{}), make(chan struct{})
	loaded := make(chan error)
	x2 := x1.clone()
	x2.Title = "stored"
	z := &Interview{ID: "z", CandidateID: "u2", OwnerID: "u0", StartsAt: modelNow.Add(time.Hour)}
	go func() {
		loaded <- m.load(context.Background(), func(context.Context) ([]*Interview, error) {
			close(fetching)
			<-release
			return []*Interview{x2, z}, nil // read before the put below
		})
	}()
	<-fetching
	y := &Interview{ID: "y", CandidateID: "u1", OwnerID: "u0", StartsAt: modelNow.Add(-time.Hour)}
	m.put(y)
	if iv, ok := m.get("y"); !ok || iv != y {
		t.Error("get does not see a put made while the load runs")
	}
	select {
	case l := <-reminders:
		t.Fatalf("reminders read a provisional model: %v", ids(l))
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	if got := ids(<-reminders); !slices.Equal(got, []string{"x", "z"}) {
		t.Errorf("reminders after the load = %v, want x z", got)
	}
	if m.state() != ModelLoaded {
		t.Errorf("state after the load: %s", m.state())
	}
	// x changed, gone is gone, z is new (y was put: the model had it).
	if b := m.behindSnapshot(); b != 3 {
		t.Errorf("the load corrected %d interviews of the snapshot, want 3", b)
	}
	if got := ids(m.all()); !slices.Equal(got, []string{"y", "x", "z"}) {
		t.Errorf("all after the load = %v, want y x z", got)
	}
	if iv, ok := m.get("x"); !ok || iv != x2 {
		t.Error("get after the load is not the stored x")
	}
	if m.restore(nil, true) {
		t.Error("restore over a loaded model")
	}
	sameModel(t, m)
}

// snapshotNode is another node on a's database that keeps its snapshot at
// path; its load waits for hold, when not nil, to be closed.
func (a *testApp) snapshotNode(t *testing.T, path string, hold ...chan struct{}) *Service {
	t.Helper()
	return a.otherNode(t, Config{SnapshotPath: path}, hold...)
}

// otherNode is another node on a's database with the snapshot place (and
// snapshotEvery) of place; its load waits for hold, when not nil, to be
// closed.
func (a *testApp) otherNode(t *testing.T, place Config, hold ...chan struct{}) *Service {
	t.Helper()
	var beforeLoad func()
	if len(hold) > 0 {
		beforeLoad = func() { <-hold[0] }
	}
	svc, err := New(testenv.Context(t), Config{DB: a.db, Users: a.idsvc, Now: a.clock.Now,
		SnapshotPath: place.SnapshotPath, SnapshotInStore: place.SnapshotInStore, snapshotEvery: place.snapshotEvery,
		Logger: slog.New(slog.DiscardHandler), beforeLoad: beforeLoad})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	return svc
}

// waitState waits until svc's model is in state want.
func waitState(t *testing.T, svc *Service, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for svc.ModelState() != want {
		if time.Now().After(deadline) {
			t.Fatalf("model state %s, want %s", svc.ModelState(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// views are everything the dashboards and lists show each person: their
// dashboard and list pages (admins: everyone's, filtered), as ids.
func (a *testApp) views(t *testing.T, svc *Service) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, p := range []person{a.p.admin, a.p.ivOn, a.p.ivOff, a.p.candOn, a.p.candOff, a.p.cand2} {
		ctx := a.as(t, p)
		d, err := svc.Dashboard(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out[p.Email+" live"], out[p.Email+" upcoming"], out[p.Email+" past"] = jsonIDs(d.Live), jsonIDs(d.Upcoming), jsonIDs(d.Past)
		for _, q := range []ListQuery{{}, {Status: StatusUpcoming}, {Status: StatusCancelled}, {Person: a.p.candOn.ID}} {
			q.Page, q.PageSize = 1, 3
			for ; ; q.Page++ {
				l, err := svc.List(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				key := p.Email + " list " + string(q.Status) + q.Person
				out[key] = append(out[key], jsonIDs(l.Interviews)...)
				out[key] = append(out[key], "total "+strconv.Itoa(l.Total))
				if q.Page*q.PageSize >= l.Total {
					break
				}
			}
		}
	}
	return out
}

// A node that restarts on a snapshot nobody wrote past serves it without
// loading (and gives the same answers as a node that loaded); a write by
// any node since makes the next start's snapshot provisional: reads by id
// and writes see the store at once, the lists the snapshot until the load
// (which writes the next snapshot) replaces it.
func TestNodeRestartsFromItsSnapshot(t *testing.T) {
	a := newApp(t)
	ivs := []InterviewJSON{a.interview(t, false), a.interview(t, true), a.interview(t, false, func(r *CreateRequest) {
		r.CandidateID, r.InterviewerIDs = a.p.cand2.ID, []string{a.p.ivOff.ID}
	})}
	if _, err := a.svc.Cancel(a.as(t, a.p.admin), ivs[2].ID); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "schedule.snapshot")
	first := a.snapshotNode(t, path)
	waitState(t, first, ModelLoaded)
	want := a.views(t, first)
	first.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no snapshot after the load and Close: %v", err)
	}

	// Nobody wrote since: the snapshot is the store. Show that the node
	// serves it, not a load: an interview only the snapshot has.
	snap, err := readSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	ghost := snap.Interviews[0].clone()
	ghost.ID = "ghost"
	snap.Interviews = append(snap.Interviews, ghost)
	if err := writeSnapshot(path, snap); err != nil {
		t.Fatal(err)
	}
	second := a.snapshotNode(t, path)
	waitState(t, second, ModelLoaded)
	l, err := second.List(a.as(t, a.p.admin), ListQuery{Page: 1, PageSize: 50})
	if err != nil || !slices.Contains(jsonIDs(l.Interviews), "ghost") {
		t.Fatalf("a current snapshot was not served as it is: %v %v", jsonIDs(l.Interviews), err)
	}
	if err := writeSnapshot(path, &snapshot{Mark: snap.Mark, Interviews: snap.Interviews[:len(snap.Interviews)-1]}); err != nil {
		t.Fatal(err)
	}
	third := a.snapshotNode(t, path)
	waitState(t, third, ModelLoaded)
	if got := a.views(t, third); !equalViews(got, want) {
		t.Errorf("a node on its snapshot answers\n%v\nwhere a node that loaded answers\n%v", got, want)
	}

	// Another node writes: the snapshot is behind now.
	moved, err := a.svc.Update(a.as(t, a.p.admin), ivs[0].ID, UpdateRequest{CandidateID: &a.p.candOff.ID})
	if err != nil {
		t.Fatal(err)
	}
	added := a.interview(t, false)

	// Its load waits until the test lets it go (at 100,000 interviews
	// it takes seconds; here it would not).
	hold := make(chan struct{})
	fourth := a.snapshotNode(t, path, hold)
	waitState(t, fourth, ModelProvisional)
	if err := fourth.ModelReady(testenv.Context(t)); err != nil {
		t.Errorf("ModelReady while provisional: %v", err)
	}
	got, err := fourth.Get(a.as(t, a.p.candOff), moved.ID)
	if err != nil || got.Candidate.ID != a.p.candOff.ID {
		t.Errorf("get while provisional is not the stored interview: %+v %v", got.Candidate, err)
	}
	if _, err := fourth.Get(a.as(t, a.p.candOn), moved.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the old candidate still sees the interview by id: %v", err)
	}
	if _, err := fourth.Get(a.as(t, a.p.candOn), added.ID); err != nil {
		t.Errorf("get of an interview the snapshot lacks: %v", err)
	}
	d, err := fourth.Dashboard(a.as(t, a.p.candOn))
	if err != nil || len(d.Upcoming) == 0 {
		t.Errorf("the provisional dashboard: %+v %v", d, err)
	}
	// A write while provisional is kept through the load.
	cancelled, err := fourth.Cancel(a.as(t, a.p.admin), ivs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	close(hold)
	waitState(t, fourth, ModelLoaded)
	// What a node that loads the store without a snapshot answers.
	want = a.views(t, a.snapshotNode(t, ""))
	if got := a.views(t, fourth); !equalViews(got, want) {
		t.Errorf("after the load a node answers\n%v\nwhere a node that loaded answers\n%v", got, want)
	}
	if iv, ok := fourth.model.get(cancelled.ID); !ok || iv.CancelledAt == nil {
		t.Error("the cancel made while provisional was lost by the load")
	}
	// The load wrote the next snapshot (Close waits for that save): a
	// fifth node starts current, replacing no provisional content.
	fourth.Close()
	fifth := a.snapshotNode(t, path)
	waitState(t, fifth, ModelLoaded)
	if b := fifth.model.behindSnapshot(); b != -1 {
		t.Errorf("the fifth node's snapshot was provisional (the load corrected %d)", b)
	}
	if got := a.views(t, fifth); !equalViews(got, want) {
		t.Errorf("a node on the new snapshot answers\n%v\nwant\n%v", got, want)
	}
}

func equalViews(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// A running node saves its snapshot again once interviews were written:
// with the write mark after its own writes, without one (so the next start
// is provisional) after a write by a node it is not linked to.
func TestNodeSavesItsSnapshotAfterWrites(t *testing.T) {
	a := newApp(t)
	path := filepath.Join(t.TempDir(), "schedule.snapshot")
	svc := a.otherNode(t, Config{SnapshotPath: path, snapshotEvery: 20 * time.Millisecond})
	waitState(t, svc, ModelLoaded)
	saved := func(want func(*snapshot) bool) *snapshot {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			snap, err := readSnapshot(path)
			if err == nil && want(snap) {
				return snap
			}
			if time.Now().After(deadline) {
				t.Fatalf("no such snapshot: %v %+v", err, snap)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	has := func(snap *snapshot, id string) bool {
		return slices.ContainsFunc(snap.Interviews, func(x *Interview) bool { return x.ID == id })
	}

	ours, err := svc.Create(a.as(t, a.p.admin), CreateRequest{Title: "Ours", CandidateID: a.p.candOn.ID,
		InterviewerIDs: []string{a.p.ivOn.ID}, StartsAt: a.clock.Now().Add(2 * time.Hour).Format(time.RFC3339), DurationMinutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	mark, err := svc.store.writeMark(testenv.Context(t))
	if err != nil {
		t.Fatal(err)
	}
	saved(func(s *snapshot) bool { return s.Mark == mark && has(s, ours.ID) })

	a.interview(t, false) // through a.svc: a node not linked to svc
	saved(func(s *snapshot) bool { return s.Mark == writeMark{} && has(s, ours.ID) })
	hold := make(chan struct{}) // its load waits until the test ends
	t.Cleanup(func() { close(hold) })
	restarted := a.snapshotNode(t, path, hold)
	waitState(t, restarted, ModelProvisional)
}

// A node whose snapshot is unreadable loads as before.
func TestNodeIgnoresABadSnapshot(t *testing.T) {
	a := newApp(t)
	iv := a.interview(t, false)
	path := filepath.Join(t.TempDir(), "schedule.snapshot")
	if err := os.WriteFile(path, []byte(snapshotMagic+"garbage and more garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	svc := a.snapshotNode(t, path)
	d, err := svc.Dashboard(a.as(t, a.p.candOn))
	if err != nil || len(d.Upcoming) != 1 || d.Upcoming[0].ID != iv.ID {
		t.Fatalf("dashboard: %+v %v", d, err)
	}
	waitState(t, svc, ModelLoaded)
	// The load saves its snapshot just after.
	deadline := time.Now().Add(10 * time.Second)
	for _, err := readSnapshot(path); err != nil; _, err = readSnapshot(path) {
		if time.Now().After(deadline) {
			t.Fatalf("the load did not replace the bad snapshot: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
