package schedule

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/identity"
)

// The read model's tests need no database: they build interviews here.

var modelNow = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

var modelUsers = []string{"u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7"}

// randomInterview is interview id with a random start around modelNow (ties
// likely), people, cancellation, call and outcome.
func randomInterview(r *rand.Rand, id string) *Interview {
	at := func(min int) *time.Time {
		t := modelNow.Add(time.Duration(min) * time.Minute)
		return &t
	}
	pick := func() string { return modelUsers[r.IntN(len(modelUsers))] }
	iv := &Interview{
		ID: id, Title: "T " + id, CandidateID: pick(), InterviewerIDs: []string{pick()}, OwnerID: pick(),
		StartsAt: *at(r.IntN(48)*60 - 24*60 + r.IntN(3)*15), DurationMinutes: 30 + r.IntN(16)*30,
	}
	if r.IntN(3) == 0 {
		iv.InterviewerIDs = append(iv.InterviewerIDs, pick())
	}
	if r.IntN(8) == 0 {
		iv.CancelledAt = at(-r.IntN(600))
	}
	switch r.IntN(6) {
	case 0: // running
		iv.CallStartedAt = at(-r.IntN(2000))
	case 1: // ended
		iv.CallStartedAt = at(-r.IntN(2000) - 10)
		iv.CallEndedAt = at(-r.IntN(10))
	case 2: // ended, then started again
		iv.CallEndedAt = at(-r.IntN(2000) - 10)
		iv.CallStartedAt = at(-r.IntN(10))
	}
	if r.IntN(3) == 0 {
		iv.Outcome = []Outcome{OutcomeFailed, OutcomeSucceeded}[r.IntN(2)]
	}
	return iv
}

func ids(ivs []*Interview) []string {
	out := make([]string, 0, len(ivs))
	for _, iv := range ivs {
		out = append(out, iv.ID)
	}
	return out
}

// sameModel fails unless m's indexes are what a model built afresh from
// its interviews has.
func sameModel(t *testing.T, m *readModel) {
	t.Helper()
	fresh := newReadModel(slices.Collect(maps.Values(m.byID)))
	if !slices.Equal(m.sorted, fresh.sorted) {
		t.Fatalf("sorted %v, want %v", ids(m.sorted), ids(fresh.sorted))
	}
	if !slices.Equal(m.settled, fresh.settled) {
		t.Fatalf("settled %v, want %v", ids(m.settled), ids(fresh.settled))
	}
	if !maps.Equal(m.calls, fresh.calls) {
		t.Fatalf("calls %v, want %v", slices.Collect(maps.Keys(m.calls)), slices.Collect(maps.Keys(fresh.calls)))
	}
	if !maps.EqualFunc(m.byUser, fresh.byUser, slices.Equal) {
		t.Fatalf("byUser %v, want %v", m.byUser, fresh.byUser)
	}
	if len(m.rows) != len(m.sorted) {
		t.Fatalf("%d rows for %d interviews", len(m.rows), len(m.sorted))
	}
	for i, iv := range m.sorted {
		if m.rows[i] != rowOf(iv, m.people[iv.CandidateID]) {
			t.Fatalf("row %d is not %s's", i, iv.ID)
		}
		for _, at := range []time.Time{modelNow, iv.StartsAt, iv.EndsAt(), iv.StartsAt.Add(-time.Nanosecond)} {
			if got, want := m.rows[i].status(at.UnixNano()), statusCode(iv.StatusAt(at)); got != want {
				t.Fatalf("%s's row says status %d at %s, StatusAt %d", iv.ID, got, at, want)
			}
		}
	}
}

// Puts (new interviews, and new versions moving in time, changing people,
// cancelled, calls starting and ending) keep every index as a rebuild
// would have it, and never change a slice a reader holds.
func TestReadModelPutKeepsItsIndexes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	m := newReadModel(nil)
	for i := range 400 {
		id := fmt.Sprintf("iv%03d", r.IntN(120))
		held, heldCopy := m.all(), slices.Clone(m.all())
		heldUser, heldUserCopy := m.ofUser("u1"), slices.Clone(m.ofUser("u1"))
		m.put(randomInterview(r, id))
		if !slices.Equal(held, heldCopy) || !slices.Equal(heldUser, heldUserCopy) {
			t.Fatalf("put %d changed a slice a reader held", i)
		}
		if i%20 == 0 {
			sameModel(t, m)
		}
	}
	sameModel(t, m)
	for _, u := range modelUsers {
		var want []*Interview
		for _, iv := range m.all() {
			if iv.isMember(u) {
				want = append(want, iv)
			}
		}
		if got := m.forUser(u); !slices.Equal(got, want) {
			t.Errorf("forUser(%s) = %v, want %v", u, ids(got), ids(want))
		}
	}
}

// reset replaces everything: what was only in the old content is gone.
func TestReadModelReset(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var old, fresh []*Interview
	for i := range 50 {
		old = append(old, randomInterview(r, fmt.Sprintf("old%02d", i)))
		fresh = append(fresh, randomInterview(r, fmt.Sprintf("new%02d", i)))
	}
	m := newReadModel(old)
	m.reset(fresh)
	if _, ok := m.get("old00"); ok {
		t.Error("an interview of the old content is still there")
	}
	for _, iv := range append(m.all(), m.running()...) {
		if iv.ID[:3] != "new" {
			t.Fatalf("%s after reset", iv.ID)
		}
	}
	if len(m.all()) != len(fresh) {
		t.Errorf("%d interviews, want %d", len(m.all()), len(fresh))
	}
	sameModel(t, m)
}

// A model that is loading answers get and takes puts at once, while its
// list readers wait; the load then keeps what was put meanwhile over what
// it read (this node's newer writes).
func TestReadModelLoadKeepsWhatWasPutMeanwhile(t *testing.T) {
	m := newLoadingModel()
	x1 := &Interview{ID: "x", Title: "old", CandidateID: "u1", OwnerID: "u0", StartsAt: modelNow}
	z := &Interview{ID: "z", CandidateID: "u2", OwnerID: "u0", StartsAt: modelNow.Add(time.Hour)}
	fetching, release := make(chan struct{}), make(chan struct{})
	loaded := make(chan error)
	go func() {
		loaded <- m.load(context.Background(), func(context.Context) ([]*Interview, error) {
			close(fetching)
			<-release
			return []*Interview{x1, z}, nil // read before the puts below
		})
	}()
	<-fetching
	x2 := x1.clone()
	x2.Title, x2.CandidateID = "new", "u3"
	y := &Interview{ID: "y", CandidateID: "u1", OwnerID: "u0", StartsAt: modelNow.Add(-time.Hour)}
	m.put(x2)
	m.put(y)
	if iv, ok := m.get("y"); !ok || iv != y {
		t.Error("get does not see a put while loading")
	}
	listed := make(chan []*Interview)
	go func() { listed <- m.all() }()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := m.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("wait while loading: %v, want the context's error", err)
	}
	select {
	case l := <-listed:
		t.Fatalf("all answered while loading: %v", ids(l))
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	if got := ids(<-listed); !slices.Equal(got, []string{"y", "x", "z"}) {
		t.Errorf("all after load = %v, want y x z", got)
	}
	if iv, _ := m.get("x"); iv != x2 {
		t.Errorf("x after load is %q, want the version put while loading", iv.Title)
	}
	if got := ids(m.forUser("u1")); !slices.Equal(got, []string{"y"}) {
		t.Errorf("u1's interviews = %v, want y only (x moved to u3)", got)
	}
	if err := m.wait(context.Background()); err != nil {
		t.Error(err)
	}
	sameModel(t, m)
}

// A failed load leaves the model loading (the service retries); giving up
// releases the waiters with the reason.
func TestReadModelLoadFailsThenGivesUp(t *testing.T) {
	m := newLoadingModel()
	boom := errors.New("database away")
	if err := m.load(context.Background(), func(context.Context) ([]*Interview, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("load: %v", err)
	}
	if m.loaded() {
		t.Fatal("ready after a failed load")
	}
	waited := make(chan error)
	go func() { waited <- m.wait(context.Background()) }()
	stop := errors.New("stopping")
	m.giveUp(stop)
	if err := <-waited; !errors.Is(err, stop) {
		t.Errorf("wait after giving up: %v", err)
	}
	if len(m.all()) != 0 {
		t.Error("a model that gave up has interviews")
	}
}

// fakeUsers knows everyone, by id.
type fakeUsers struct{}

func (fakeUsers) User(_ context.Context, id string) (identity.User, error) {
	return identity.User{ID: id, Name: "User " + id}, nil
}

// The list and the dashboards read the model's sorted lists in place, by
// index and binary search; they answer as the full scan they replace
// (referenceList, referenceDashboard) for every role and filter.
func TestListsAnswerAsAFullScan(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var all []*Interview
	for i := range 300 {
		all = append(all, randomInterview(r, fmt.Sprintf("iv%03d", i)))
	}
	s := &Service{model: newReadModel(all), users: newUserCache(fakeUsers{}, time.Minute), now: func() time.Time { return modelNow }}
	for _, role := range []identity.Role{identity.RoleAdmin, identity.RoleInterviewer, identity.RoleCandidate} {
		for _, u := range modelUsers[:4] {
			p := &identity.Principal{User: identity.User{ID: u, Role: role}}
			ctx := identity.WithPrincipal(context.Background(), p)
			d, err := s.Dashboard(ctx)
			if err != nil {
				t.Fatal(err)
			}
			live, upcoming, past := referenceDashboard(all, p, modelNow, dashboardCap)
			for _, l := range []struct {
				name      string
				got, want []string
			}{{"live", jsonIDs(d.Live), live}, {"upcoming", jsonIDs(d.Upcoming), upcoming}, {"past", jsonIDs(d.Past), past}} {
				if !slices.Equal(l.got, l.want) {
					t.Errorf("%s %s dashboard %s = %v, want %v", role, u, l.name, l.got, l.want)
				}
			}
			for range 60 {
				q := ListQuery{
					Status:  []Status{"", StatusUpcoming, StatusLive, StatusCompleted, StatusCancelled}[r.IntN(5)],
					Outcome: []string{"", "", "none", "failed", "succeeded"}[r.IntN(5)],
					Person:  []string{"", "", "u1", "u5"}[r.IntN(4)],
					Page:    1 + r.IntN(4), PageSize: 1 + r.IntN(30),
				}
				if r.IntN(2) == 0 {
					q.From = modelNow.Add(time.Duration(r.IntN(48)-24) * time.Hour)
				}
				if r.IntN(2) == 0 {
					q.To = modelNow.Add(time.Duration(r.IntN(48)-24) * time.Hour)
				}
				lp, err := s.List(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				want, total := referenceList(all, p, q, modelNow)
				if got := jsonIDs(lp.Interviews); !slices.Equal(got, want) || lp.Total != total {
					t.Errorf("%s %s list %+v = %v (total %d), want %v (total %d)", role, u, q, got, lp.Total, want, total)
				}
			}
		}
	}
}

func jsonIDs(l []InterviewJSON) []string {
	out := []string{}
	for _, iv := range l {
		out = append(out, iv.ID)
	}
	return out
}

// seenByScan is what p sees of all, person's for those who see all
// ("" = everyone's), ascending: by a scan.
func seenByScan(all []*Interview, p *identity.Principal, person string) []*Interview {
	var out []*Interview
	for _, iv := range all {
		switch {
		case !p.Can(identity.PermViewAllInterviews) && !iv.isMember(p.ID):
		case p.Can(identity.PermViewAllInterviews) && person != "" && !iv.isMember(person):
		default:
			out = append(out, iv)
		}
	}
	sortByStart(out, true)
	return out
}

// referenceList is List as a scan of every interview p sees.
func referenceList(all []*Interview, p *identity.Principal, q ListQuery, now time.Time) ([]string, int) {
	ivs := seenByScan(all, p, q.Person)
	var matched []*Interview
	for i := len(ivs) - 1; i >= 0; i-- {
		if q.matches(ivs[i], now, reviews(p, ivs[i])) {
			matched = append(matched, ivs[i])
		}
	}
	start := min((q.Page-1)*q.PageSize, len(matched))
	end := min(start+q.PageSize, len(matched))
	out := ids(matched[start:end])
	if out == nil {
		out = []string{}
	}
	return out, len(matched)
}

// referenceDashboard is Dashboard as a scan: live and upcoming ascending,
// past (completed, cancelled) descending, the first max of each.
func referenceDashboard(all []*Interview, p *identity.Principal, now time.Time, max int) (live, upcoming, past []string) {
	live, upcoming, past = []string{}, []string{}, []string{}
	ivs := seenByScan(all, p, "")
	for _, iv := range ivs {
		switch iv.StatusAt(now) {
		case StatusLive:
			if len(live) < max {
				live = append(live, iv.ID)
			}
		case StatusUpcoming:
			if len(upcoming) < max {
				upcoming = append(upcoming, iv.ID)
			}
		}
	}
	for i := len(ivs) - 1; i >= 0 && len(past) < max; i-- {
		if st := ivs[i].StatusAt(now); st == StatusCompleted || st == StatusCancelled {
			past = append(past, ivs[i].ID)
		}
	}
	return live, upcoming, past
}

// benchService is a service over n interviews spread as bench/schedule
// seeds them (a year, a sixth of it ahead; 1% live now; 5% cancelled), for
// 500 staff and 4,500 candidates.
func benchService(n int) (*Service, []*identity.Principal) {
	r := rand.New(rand.NewPCG(7, 8))
	staff := make([]string, 500)
	for i := range staff {
		staff[i] = fmt.Sprintf("staff%03d", i)
	}
	all := make([]*Interview, 0, n)
	for i := range n {
		start := modelNow.Add(time.Duration(r.Int64N(int64(360*24*time.Hour))) - 300*24*time.Hour).Truncate(time.Minute)
		if i%100 == 0 {
			start = modelNow.Add(-time.Duration(r.IntN(30)) * time.Minute)
		}
		iv := &Interview{ID: fmt.Sprintf("%024x", i), Title: "Interview", CandidateID: fmt.Sprintf("cand%04d", r.IntN(4500)),
			InterviewerIDs: []string{staff[r.IntN(500)]}, StartsAt: start, DurationMinutes: 60}
		iv.OwnerID = iv.InterviewerIDs[0]
		if r.IntN(3) == 0 {
			iv.InterviewerIDs = append(iv.InterviewerIDs, staff[r.IntN(500)])
		}
		if r.IntN(20) == 0 {
			c := start.Add(-time.Hour)
			iv.CancelledAt = &c
		}
		all = append(all, iv)
	}
	s := &Service{model: newReadModel(all), users: newUserCache(fakeUsers{}, time.Hour), now: func() time.Time { return modelNow }}
	return s, []*identity.Principal{
		{User: identity.User{ID: "admin", Role: identity.RoleAdmin}},
		{User: identity.User{ID: staff[0], Role: identity.RoleInterviewer}},
		{User: identity.User{ID: "cand0000", Role: identity.RoleCandidate}},
	}
}

// The list views' cost per request at 100,000 interviews, without HTTP and
// the database (bench/schedule measures those too).
func BenchmarkLists(b *testing.B) {
	s, ps := benchService(100_000)
	for _, c := range []struct {
		name string
		p    *identity.Principal
		q    *ListQuery
	}{
		{"dashboard admin", ps[0], nil},
		{"dashboard interviewer", ps[1], nil},
		{"dashboard candidate", ps[2], nil},
		{"list admin page 3", ps[0], &ListQuery{Page: 3, PageSize: 20}},
		{"list admin completed page 3", ps[0], &ListQuery{Status: StatusCompleted, Page: 3, PageSize: 20}},
		{"list admin cancelled", ps[0], &ListQuery{Status: StatusCancelled, Page: 1, PageSize: 20}},
		{"list admin succeeded", ps[0], &ListQuery{Outcome: "succeeded", Page: 1, PageSize: 20}},
	} {
		ctx := identity.WithPrincipal(context.Background(), c.p)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				var err error
				if c.q == nil {
					_, err = s.Dashboard(ctx)
				} else {
					_, err = s.List(ctx, *c.q)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
