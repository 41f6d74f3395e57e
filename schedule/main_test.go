package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/mail"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// clock is a controllable clock: real time plus an offset.
type clock struct{ off atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) advance(d time.Duration) { c.off.Add(int64(d)) }
func (c *clock) set(t time.Time)         { c.off.Store(int64(time.Until(t))) }

// switchSender lets a test swap the SMTP server under a running service.
type switchSender struct{ cur atomic.Pointer[mail.Sender] }

func (s *switchSender) Send(ctx context.Context, m mail.Message) error {
	return (*s.cur.Load()).Send(ctx, m)
}
func (s *switchSender) use(m mail.Sender) { s.cur.Store(&m) }

// fakeDocs creates automerge-looking URLs and records problem resets as
// "<code url> <problem id>".
type fakeDocs struct{ resets *idList }

// idList is a goroutine-safe list of ids.
type idList struct {
	mu  sync.Mutex
	ids []string
}

func (l *idList) add(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ids = append(l.ids, id)
}

func (l *idList) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.ids)
}

func (fakeDocs) CreateDocs(_ context.Context, id, _ string) (Docs, error) {
	return Docs{Code: "automerge:code" + id, Problem: "automerge:problem" + id, Notes: "automerge:notes" + id}, nil
}

func (f fakeDocs) ResetProblem(_ context.Context, d Docs, problemID string) error {
	if problemID == "broken" {
		return errors.New("collab is down")
	}
	f.resets.add(d.Code + " " + problemID)
	return nil
}

type fakeProblems map[string]bool

func (f fakeProblems) ProblemExists(_ context.Context, id string) (bool, error) { return f[id], nil }

// person is one of the binary's Kratos people (zero = signed out) with the
// role each test's database gives them.
type person struct {
	testenv.Person
	Role identity.Role
}

// cast is who every test's database knows.
type cast struct{ admin, ivOn, ivOff, candOn, candOff, cand2 person }

// testApp is schedule wired as internal/app wires it.
type testApp struct {
	svc   *Service
	idsvc *identity.Service
	db    *mongo.Database
	bus   *events.Bus
	clock *clock
	mail  *switchSender
	mp    *testenv.Mail
	// members records MembersChanged calls.
	members idList
	// resets records DocCreator.ResetProblem calls.
	resets idList
	url    string
	p      *cast
}

func newApp(t *testing.T) *testApp {
	t.Helper()
	k := testenv.StartKratos(t, "")
	mp := testenv.StartMail(t)
	who := func(role identity.Role, label string) person { return person{k.Person(t, label), role} }
	c := &cast{who(identity.RoleAdmin, "admin"), who(identity.RoleInterviewer, "ivon"), who(identity.RoleInterviewer, "ivoff"),
		who(identity.RoleCandidate, "candon"), who(identity.RoleCandidate, "candoff"), who(identity.RoleCandidate, "cand2")}
	db := testenv.Database(t)
	ctx := testenv.Context(t)
	if err := database.Migrate(ctx, db, append(identity.Indexes(), Indexes()...)); err != nil {
		t.Fatal(err)
	}
	idsvc, err := identity.NewService(identity.Config{DB: db, KratosPublicURL: k.PublicURL, KratosAdminURL: k.AdminURL,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []person{c.admin, c.ivOn, c.ivOff, c.candOn, c.candOff, c.cand2} {
		if _, err := idsvc.EnsureUser(ctx, identity.Identity{ID: p.ID, Traits: identity.Traits{Email: p.Email, Name: p.Name}}); err != nil {
			t.Fatal(err)
		}
		if _, err := idsvc.SetRoleByEmail(ctx, p.Email, p.Role); err != nil {
			t.Fatal(err)
		}
	}
	smtp, err := mail.NewSMTP(mp.SMTPURL)
	if err != nil {
		t.Fatal(err)
	}
	sw := &switchSender{}
	sw.use(smtp)
	a := &testApp{idsvc: idsvc, db: db, bus: events.New(), clock: &clock{}, mail: sw, mp: mp, p: c}
	a.svc = a.newService(t)
	mux := http.NewServeMux()
	identity.NewHandler(idsvc, "hook-key").Register(mux)
	NewHandler(a.svc).Register(mux)
	a.url = testenv.Serve(t, idsvc.Middleware(mux))
	return a
}

// newService is another node's service on the same database and clock.
func (a *testApp) newService(t *testing.T) *Service {
	t.Helper()
	svc, err := New(testenv.Context(t), Config{DB: a.db, Users: a.idsvc, Bus: a.bus, Mail: a.mail,
		MailFrom: "Interview-Prep <no-reply@interviewprep.test>", PublicURL: "https://interviews.example.test",
		Problems: fakeProblems{"two-sum": true, "reverse": true, "broken": true}, Docs: fakeDocs{resets: &a.resets}, Now: a.clock.Now,
		MembersChanged: a.members.add, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	return svc
}

// as returns ctx acting for p.
func (a *testApp) as(t *testing.T, p person) context.Context {
	t.Helper()
	u, err := a.idsvc.User(testenv.Context(t), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return identity.WithPrincipal(testenv.Context(t), &identity.Principal{User: u})
}

// interview creates an interview owned by the admin with ivOn and candOn.
func (a *testApp) interview(t *testing.T, instant bool, mods ...func(*CreateRequest)) InterviewJSON {
	t.Helper()
	req := CreateRequest{Title: "Interview " + testenv.RandomHex(3), Description: "desc", CandidateID: a.p.candOn.ID,
		InterviewerIDs: []string{a.p.ivOn.ID}, StartsAt: a.clock.Now().Add(2 * time.Hour).Format(time.RFC3339),
		DurationMinutes: 60, Instant: instant}
	for _, m := range mods {
		m(&req)
	}
	iv, err := a.svc.Create(a.as(t, a.p.admin), req)
	if err != nil {
		t.Fatal(err)
	}
	return iv
}

// api calls the app with p's session (zero person = none).
func (a *testApp) api(t *testing.T, method, path string, p person, body any) (int, []byte) {
	t.Helper()
	return testenv.Call(t, method, a.url+path, testenv.SessionHeader(p.Token), body)
}

// dump is every document of the schedule collections, for "nothing changed".
func (a *testApp) dump(t *testing.T) map[string][]bson.M {
	t.Helper()
	return testenv.Dump(t, a.db, InterviewsCollection, CommentsCollection, NotificationsCollection)
}

func sameDump(a, b map[string][]bson.M) bool { return reflect.DeepEqual(a, b) }

// mailpitMessage is a message summary from Mailpit's API.
type mailpitMessage struct {
	ID          string `json:"ID"`
	Subject     string `json:"Subject"`
	Attachments int    `json:"Attachments"`
	To          []struct {
		Address string `json:"Address"`
	} `json:"To"`
}

// mails returns the messages whose subject contains s.
func (a *testApp) mails(t *testing.T, s string) []mailpitMessage {
	t.Helper()
	var out struct {
		Messages []mailpitMessage `json:"messages"`
	}
	resp, err := http.Get(a.mp.APIURL + "/api/v1/search?" + url.Values{"query": {`subject:"` + s + `"`}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Messages
}

// waitMails waits until n messages match s (and checks no more arrive briefly).
func (a *testApp) waitMails(t *testing.T, s string, n int) []mailpitMessage {
	t.Helper()
	a.svc.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := a.mails(t, s)
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("%d messages with subject %q, want %d", len(got), s, n)
			}
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// raw returns a message's source.
func (a *testApp) raw(t *testing.T, id string) string {
	t.Helper()
	resp, err := http.Get(a.mp.APIURL + "/api/v1/message/" + id + "/raw")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
