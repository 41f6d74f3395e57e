package schedule

import (
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestStatusFollowsTheCall(t *testing.T) {
	start := time.Date(2030, 5, 1, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := start.Add(d); return &t }
	before, during, after := start.Add(-time.Hour), start.Add(30*time.Minute), start.Add(3*time.Hour)
	cases := []struct {
		name           string
		started, ended *time.Time
		cancelled      bool
		now            time.Time
		want           Status
	}{
		{"no call, before the start", nil, nil, false, before, StatusUpcoming},
		{"no call, during", nil, nil, false, during, StatusLive},
		{"no call, after the end", nil, nil, false, after, StatusCompleted},
		{"a call running before the start", at(-20 * time.Minute), nil, false, before.Add(50 * time.Minute), StatusLive},
		{"a call running past the end", at(0), nil, false, after, StatusLive},
		{"a call that ended early", at(-10 * time.Minute), at(-5 * time.Minute), false, before.Add(56 * time.Minute), StatusCompleted},
		{"a call that ended during the slot", at(0), at(20 * time.Minute), false, during, StatusCompleted},
		{"a call started again after it ended", at(25 * time.Minute), at(20 * time.Minute), false, during, StatusLive},
		{"an end at the very start time ends it", at(5 * time.Minute), at(5 * time.Minute), false, during, StatusCompleted},
		{"an end without a start", nil, at(10 * time.Minute), false, during, StatusCompleted},
		{"cancelled while the call runs", at(0), nil, true, during, StatusCancelled},
		{"cancelled after the call", at(0), at(10 * time.Minute), true, after, StatusCancelled},
	}
	for _, c := range cases {
		iv := &Interview{StartsAt: start, DurationMinutes: 60, CallStartedAt: c.started, CallEndedAt: c.ended}
		if c.cancelled {
			iv.CancelledAt = at(-time.Hour)
		}
		if got := iv.StatusAt(c.now); got != c.want {
			t.Errorf("%s: status %s, want %s", c.name, got, c.want)
		}
		// A clone is a deep copy of the call's times.
		cl := iv.clone()
		if cl.StatusAt(c.now) != c.want || (iv.CallStartedAt != nil && cl.CallStartedAt == iv.CallStartedAt) {
			t.Errorf("%s: clone differs or shares the call start", c.name)
		}
	}
}

func TestCallStateDrivesStatusDashboardAndEvents(t *testing.T) {
	a := newApp(t)
	p := a.p
	ctx := testenv.Context(t)
	cand, stop := a.bus.Subscribe(events.Viewer{UserID: p.candOn.ID, Role: string(identity.RoleCandidate)})
	defer stop()
	stranger, stopS := a.bus.Subscribe(events.Viewer{UserID: p.candOff.ID, Role: string(identity.RoleCandidate)})
	defer stopS()

	// In two hours, by the clock: upcoming until its call starts.
	iv := a.interview(t, false)
	get := func(who person) InterviewJSON {
		t.Helper()
		return a.get(t, iv.ID, who)
	}
	dashboard := func(who person) (live, upcoming, past []string) {
		t.Helper()
		d, err := a.svc.Dashboard(a.as(t, who))
		if err != nil {
			t.Fatal(err)
		}
		ids := func(l []InterviewJSON) []string {
			out := []string{}
			for _, x := range l {
				out = append(out, x.ID)
			}
			return out
		}
		return ids(d.Live), ids(d.Upcoming), ids(d.Past)
	}
	if got := get(p.candOn); got.Status != StatusUpcoming || got.CallStartedAt != nil || got.CallEndedAt != nil {
		t.Fatalf("before the call: %+v", got)
	}
	drainTopics(cand)
	// A room nobody entered finishing (room_finished, no one behind it) is no
	// call: the interview stays upcoming.
	if err := a.svc.CallEnded(ctx, iv.ID, a.clock.Now().Add(-2*time.Second), ""); err != nil {
		t.Fatal(err)
	}
	if got := get(p.candOn); got.Status != StatusUpcoming || got.CallEndedAt != nil {
		t.Fatalf("after an empty room finished: %+v", got)
	}

	started := a.clock.Now().Add(-time.Second)
	if err := a.svc.CallStarted(ctx, iv.ID, started); err != nil {
		t.Fatal(err)
	}
	got := get(p.candOn)
	if got.Status != StatusLive || got.CallStartedAt == nil || !got.CallStartedAt.Equal(started.Truncate(time.Millisecond)) {
		t.Fatalf("after the call started: status %s, callStartedAt %v", got.Status, got.CallStartedAt)
	}
	if live, up, _ := dashboard(p.candOn); !slices.Equal(live, []string{iv.ID}) || len(up) != 0 {
		t.Errorf("dashboard while the call runs early: live %v upcoming %v", live, up)
	}
	if live, _, _ := dashboard(p.admin); !slices.Contains(live, iv.ID) {
		t.Errorf("admin dashboard misses the running call: %v", live)
	}
	if live, _, _ := dashboard(p.candOff); len(live) != 0 {
		t.Errorf("someone not on it sees the call: %v", live)
	}
	if lp, err := a.svc.List(a.as(t, p.admin), ListQuery{Status: StatusLive, Page: 1, PageSize: 20}); err != nil || !slices.ContainsFunc(lp.Interviews, func(x InterviewJSON) bool { return x.ID == iv.ID }) {
		t.Errorf("status=live list: %+v %v", lp, err)
	}
	if topics := drainTopics(cand); !slices.Contains(topics, "interview:"+iv.ID) || !slices.Contains(topics, "interviews") {
		t.Errorf("the candidate heard %v, want the interview's topics", topics)
	}
	if topics := drainTopics(stranger); len(topics) != 0 {
		t.Errorf("someone not on it heard %v", topics)
	}

	// A repeated or older report writes nothing and tells nobody.
	before := a.dump(t)
	if err := a.svc.CallStarted(ctx, iv.ID, started); err != nil {
		t.Fatal(err)
	}
	if err := a.svc.CallStarted(ctx, iv.ID, started.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The next person joining a running call is no new start.
	if err := a.svc.CallStarted(ctx, iv.ID, started.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if !sameDump(before, a.dump(t)) {
		t.Error("a repeated call start changed the database")
	}
	if topics := drainTopics(cand); len(topics) != 0 {
		t.Errorf("a repeated call start was announced: %v", topics)
	}

	// The owner ends the call long before the scheduled start: completed, in
	// the past, and everyone can read who ended it.
	ended := a.clock.Now()
	if err := a.svc.CallEnded(ctx, iv.ID, ended, p.ivOn.ID); err != nil {
		t.Fatal(err)
	}
	got = get(p.ivOn)
	if got.Status != StatusCompleted || got.CallEndedAt == nil {
		t.Fatalf("after the call ended: %+v", got)
	}
	if got.CallEndedBy == nil || got.CallEndedBy.ID != p.ivOn.ID {
		t.Fatalf("callEndedBy = %+v, want %s", got.CallEndedBy, p.ivOn.ID)
	}
	// LiveKit's room_finished arrives afterwards, with no one behind it: it
	// does not erase who ended the call.
	if err := a.svc.CallEnded(ctx, iv.ID, ended.Add(2*time.Second), ""); err != nil {
		t.Fatal(err)
	}
	if got := get(p.candOn); got.CallEndedBy == nil || got.CallEndedBy.ID != p.ivOn.ID || !got.CallEndedAt.Equal(ended.UTC().Truncate(time.Millisecond)) {
		t.Fatalf("after room_finished: callEndedBy %+v at %v", got.CallEndedBy, got.CallEndedAt)
	}
	if live, up, past := dashboard(p.candOn); len(live) != 0 || len(up) != 0 || !slices.Equal(past, []string{iv.ID}) {
		t.Errorf("dashboard after the call: live %v upcoming %v past %v", live, up, past)
	}
	// Completed: no more edits; the outcome may be set (it started).
	if _, err := a.svc.Update(a.as(t, p.admin), iv.ID, UpdateRequest{Title: ptr("Renamed")}); !errors.Is(err, ErrClosed) {
		t.Errorf("edit after the call ended: %v, want ErrClosed", err)
	}
	if _, err := a.svc.SetOutcome(a.as(t, p.ivOn), iv.ID, OutcomeSucceeded); err != nil {
		t.Errorf("outcome after the call: %v", err)
	}

	// Calls run over: one started again runs past the scheduled end, hours
	// after the dashboard's window of likely-live interviews.
	a.clock.advance(12 * time.Hour)
	if err := a.svc.CallStarted(ctx, iv.ID, a.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if live, _, past := dashboard(p.candOn); !slices.Equal(live, []string{iv.ID}) || len(past) != 0 {
		t.Errorf("a call running long past the end: live %v past %v", live, past)
	}
	// Another node reads the same state from the database.
	if d, err := a.newService(t).Dashboard(a.as(t, p.candOn)); err != nil || len(d.Live) != 1 || d.Live[0].CallStartedAt == nil {
		t.Errorf("another node's dashboard: %+v %v", d, err)
	}

	if err := a.svc.CallStarted(ctx, "no-such-interview", a.clock.Now()); !errors.Is(err, ErrNotFound) {
		t.Errorf("call start of an unknown interview: %v, want ErrNotFound", err)
	}
}

func TestRoster(t *testing.T) {
	a := newApp(t)
	iv := a.interview(t, false)
	r, err := a.svc.Roster(testenv.Context(t), iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != iv.ID || r.OwnerID != a.p.admin.ID || r.CandidateID != a.p.candOn.ID || !slices.Equal(r.InterviewerIDs, []string{a.p.ivOn.ID}) ||
		!r.StartsAt.Equal(iv.StartsAt) || r.DurationMinutes != 60 || r.Cancelled {
		t.Errorf("roster = %+v", r)
	}
	if _, err := a.svc.Cancel(a.as(t, a.p.admin), iv.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := a.svc.Roster(testenv.Context(t), iv.ID); err != nil || !r.Cancelled {
		t.Errorf("roster of a cancelled interview = %+v, %v", r, err)
	}
	if _, err := a.svc.Roster(testenv.Context(t), "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("roster of an unknown interview: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// drainTopics collects what ch hears within 300 ms.
func drainTopics(ch <-chan events.Event) []string {
	var topics []string
	timeout := time.After(300 * time.Millisecond)
	for {
		select {
		case e := <-ch:
			topics = append(topics, e.Topics...)
		case <-timeout:
			return topics
		}
	}
}

// The recordings' summary that rooms reports shows on the interview and the
// dashboards of interviewers and admins, never the candidate's; the same
// summary again writes nothing.
func TestRecordingSummary(t *testing.T) {
	a := newApp(t)
	p := a.p
	ctx := testenv.Context(t)
	iv := a.interview(t, false)
	get := func(who person) InterviewJSON {
		t.Helper()
		return a.get(t, iv.ID, who)
	}
	if got := get(p.admin); got.Recording != nil {
		t.Fatalf("no recording yet, got %+v", got.Recording)
	}
	sum := RecordingSummary{Count: 1, State: "ready", DurationSeconds: 61, SizeBytes: 1 << 20}
	if err := a.svc.RecordingsChanged(ctx, iv.ID, sum); err != nil {
		t.Fatal(err)
	}
	if got := get(p.admin); got.Recording == nil || *got.Recording != sum {
		t.Fatalf("admin sees %+v, want %+v", got.Recording, sum)
	}
	if got := get(p.candOn); got.Recording != nil {
		t.Fatalf("the candidate sees the recording: %+v", got.Recording)
	}
	before := a.dump(t)
	if err := a.svc.RecordingsChanged(ctx, iv.ID, sum); err != nil {
		t.Fatal(err)
	}
	if !sameDump(before, a.dump(t)) {
		t.Fatal("the same summary wrote again")
	}
}

// get is GET /api/interviews/{id} as who, which must answer 200.
func (a *testApp) get(t *testing.T, id string, who person) InterviewJSON {
	t.Helper()
	status, raw := a.api(t, "GET", "/api/interviews/"+id, who, nil)
	if status != http.StatusOK {
		t.Fatalf("get: %d %s", status, raw)
	}
	var out InterviewJSON
	testenv.DecodeJSON(t, raw, &out)
	return out
}
