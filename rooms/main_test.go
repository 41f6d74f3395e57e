package rooms

import (
	"context"
	"log/slog"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// fakeInterviews is schedule's side as rooms sees it: interviews by id and
// the call state it is told.
type fakeInterviews struct {
	mu      sync.Mutex
	ivs     map[string]Interview
	started map[string]time.Time
	ended   map[string]time.Time
	endedBy map[string]string // who ended each call for everyone
	reports int               // CallStarted/CallEnded calls
	// recordings: the last summary of each interview's recordings.
	recordings map[string]RecordingSummary
}

func newFakeInterviews() *fakeInterviews {
	return &fakeInterviews{ivs: map[string]Interview{}, started: map[string]time.Time{}, ended: map[string]time.Time{}, endedBy: map[string]string{}}
}

func (f *fakeInterviews) Interview(_ context.Context, id string) (Interview, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	iv, ok := f.ivs[id]
	if !ok {
		return Interview{}, httpx.Detail(httpx.ErrNotFound, "no such interview")
	}
	return iv, nil
}

func (f *fakeInterviews) CallStarted(_ context.Context, id string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reports++
	f.started[id] = at
	return nil
}

func (f *fakeInterviews) CallEnded(_ context.Context, id string, at time.Time, by string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reports++
	f.ended[id] = at
	if by != "" {
		f.endedBy[id] = by
	}
	return nil
}

func (f *fakeInterviews) RecordingsChanged(_ context.Context, id string, sum RecordingSummary) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.recordings == nil {
		f.recordings = map[string]RecordingSummary{}
	}
	f.recordings[id] = sum
	return nil
}

// recordingSummary is what rooms last told schedule of id's recordings.
func (f *fakeInterviews) recordingSummary(id string) RecordingSummary {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.recordings[id]
}

// call is the call state of interview id: "none", "live" or "ended" (what
// schedule's status makes of it).
func (f *fakeInterviews) call(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, started := f.started[id]
	e, ended := f.ended[id]
	switch {
	case started && (!ended || e.Before(s)):
		return "live"
	case ended:
		return "ended"
	}
	return "none"
}

func (f *fakeInterviews) put(iv Interview) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ivs[iv.ID] = iv
}

func (f *fakeInterviews) reported() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reports
}

// person is one of the binary's Kratos people (zero = signed out) with the
// role each test's database gives them.
type person struct {
	testenv.Person
	Role identity.Role
}

// cast is who every test's database knows. On each interview newInterview
// makes: owner (also an interviewer), ivOn, cand; admin is on none.
type cast struct{ admin, owner, ivOn, ivOff, cand, candOff person }

// testApp is rooms wired as internal/app wires it, on the real LiveKit.
type testApp struct {
	svc     *Service
	ids     *identity.Service
	db      *mongo.Database
	bus     *events.Bus
	ivs     *fakeInterviews
	lk      *testenv.LiveKit
	control *lksdk.RoomServiceClient // to look at LiveKit's side
	url     string
	p       *cast
	recDir  string // where recordings go
}

func newApp(t *testing.T) *testApp {
	t.Helper()
	k := testenv.StartKratos(t, "")
	lk := testenv.StartLiveKit(t)
	who := func(role identity.Role, label string) person { return person{k.Person(t, label), role} }
	c := &cast{who(identity.RoleAdmin, "admin"), who(identity.RoleInterviewer, "owner"), who(identity.RoleInterviewer, "ivon"),
		who(identity.RoleInterviewer, "ivoff"), who(identity.RoleCandidate, "cand"), who(identity.RoleCandidate, "candoff")}
	db := testenv.Database(t)
	ctx := testenv.Context(t)
	if err := database.Migrate(ctx, db, append(identity.Indexes(), Indexes()...)); err != nil {
		t.Fatal(err)
	}
	ids, err := identity.NewService(identity.Config{DB: db, KratosPublicURL: k.PublicURL, KratosAdminURL: k.AdminURL,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []person{c.admin, c.owner, c.ivOn, c.ivOff, c.cand, c.candOff} {
		if _, err := ids.EnsureUser(ctx, identity.Identity{ID: p.ID, Traits: identity.Traits{Email: p.Email, Name: p.Name}}); err != nil {
			t.Fatal(err)
		}
		if _, err := ids.SetRoleByEmail(ctx, p.Email, p.Role); err != nil {
			t.Fatal(err)
		}
	}
	a := &testApp{ids: ids, db: db, bus: events.New(), ivs: newFakeInterviews(), lk: lk, p: c,
		control: lksdk.NewRoomServiceClient(lk.APIURL, lk.APIKey, lk.APISecret), recDir: t.TempDir()}
	a.svc = a.newService(t)
	// The recording jobs run as internal/app runs them, until the test ends.
	rctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.svc.RunRecordings(rctx) }()
	t.Cleanup(func() { stop(); <-done })
	mux := http.NewServeMux()
	NewHandler(a.svc).Register(mux)
	// As internal/app serves it: cross-origin refusal, then the session.
	a.url = testenv.Serve(t, http.NewCrossOriginProtection().Handler(ids.Middleware(mux)))
	lk.OnWebhook(t, a.url+WebhookPath)
	return a
}

// newService is another node's service on the same database.
func (a *testApp) newService(t *testing.T) *Service {
	t.Helper()
	svc, err := New(Config{DB: a.db, Interviews: a.ivs, Users: a.ids, Bus: a.bus, Logger: slog.New(slog.DiscardHandler),
		LiveKit: LiveKit{URL: a.lk.URL, APIURL: a.lk.APIURL, APIKey: a.lk.APIKey, APISecret: a.lk.APISecret},
		Recording: Recording{Dir: a.recDir, Heartbeat: 200 * time.Millisecond, RetryDelay: 100 * time.Millisecond,
			Node: "node-" + testenv.RandomHex(4), Retention: 7 * 24 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// newInterview puts an interview starting in 5 minutes (the call is open)
// into the fake schedule: owner (also interviewing), ivOn and cand.
func (a *testApp) newInterview(t *testing.T, mods ...func(*Interview)) Interview {
	t.Helper()
	iv := Interview{ID: testenv.RandomHex(12), OwnerID: a.p.owner.ID, CandidateID: a.p.cand.ID,
		InterviewerIDs: []string{a.p.owner.ID, a.p.ivOn.ID}, StartsAt: time.Now().Add(5 * time.Minute), Duration: time.Hour}
	for _, m := range mods {
		m(&iv)
	}
	a.ivs.put(iv)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = a.control.DeleteRoom(ctx, &livekit.DeleteRoomRequest{Room: iv.ID})
	})
	return iv
}

// api calls the app with p's session (zero person = none).
func (a *testApp) api(t *testing.T, method, path string, p person, body any) (int, []byte) {
	t.Helper()
	return testenv.Call(t, method, a.url+path, testenv.SessionHeader(p.Token), body)
}

// apiOK calls the app as p, wants 200 and decodes the answer.
func apiOK[T any](t *testing.T, a *testApp, method, path string, p person) T {
	t.Helper()
	status, raw := a.api(t, method, path, p, nil)
	if status != http.StatusOK {
		t.Fatalf("%s %s as %s: %d %s", method, path, p.Name, status, raw)
	}
	var v T
	testenv.DecodeJSON(t, raw, &v)
	return v
}

// join asks the API for p's token to interview id's call.
func (a *testApp) join(t *testing.T, id string, p person) Join {
	t.Helper()
	return apiOK[Join](t, a, "POST", "/api/interviews/"+id+"/join", p)
}

// dump is every document of rooms' collections, for "nothing changed".
func (a *testApp) dump(t *testing.T) map[string][]bson.M {
	t.Helper()
	return testenv.Dump(t, a.db, Collections()...)
}

func sameDump(a, b map[string][]bson.M) bool { return reflect.DeepEqual(a, b) }

// participant is a Go client in a call, made with the token the API gave.
type participant struct {
	room *lksdk.Room
	mu   sync.Mutex
	data []received // data messages heard
	gone chan lksdk.DisconnectionReason
}

type received struct {
	Topic   string
	Payload string
}

// connect joins the call with j's token (no media).
func connect(t *testing.T, j Join) *participant {
	t.Helper()
	pt := &participant{gone: make(chan lksdk.DisconnectionReason, 1)}
	cb := lksdk.NewRoomCallback()
	cb.OnDataPacket = func(d lksdk.DataPacket, _ lksdk.DataReceiveParams) {
		if u, ok := d.(*lksdk.UserDataPacket); ok {
			pt.mu.Lock()
			pt.data = append(pt.data, received{u.Topic, string(u.Payload)})
			pt.mu.Unlock()
		}
	}
	cb.OnDisconnectedWithReason = func(r lksdk.DisconnectionReason) {
		select {
		case pt.gone <- r:
		default:
		}
	}
	room, err := lksdk.ConnectToRoomWithToken(j.URL, j.Token, cb, lksdk.WithAutoSubscribe(false),
		lksdk.WithLogger(protoLogger.GetDiscardLogger()))
	if err != nil {
		t.Fatalf("connect as %s: %v", j.Name, err)
	}
	pt.room = room
	t.Cleanup(room.Disconnect)
	return pt
}

// heard returns the data messages on topic heard so far.
func (pt *participant) heard(topic string) []string {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	var out []string
	for _, d := range pt.data {
		if d.Topic == topic {
			out = append(out, d.Payload)
		}
	}
	return out
}

// eventually polls cond for up to 20 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	eventuallyWithin(t, what, 20*time.Second, cond)
}

// eventuallyWithin is eventually with its own budget (ffmpeg composing on a
// loaded machine takes longer than a state change).
func eventuallyWithin(t *testing.T, what string, budget time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(budget)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ctxAs returns a context acting for p.
func (a *testApp) ctxAs(t *testing.T, p person) context.Context {
	t.Helper()
	u, err := a.ids.User(testenv.Context(t), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return identity.WithPrincipal(testenv.Context(t), &identity.Principal{User: u})
}
