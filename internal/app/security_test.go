package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/health"
	"github.com/interviewprep/interviewprep/internal/testenv"
	"github.com/interviewprep/interviewprep/problems"
	"github.com/interviewprep/interviewprep/rooms"
	"github.com/interviewprep/interviewprep/web"
)

// secApp is the whole app, wired as Run wires it (every domain, the /auth
// proxy, the dev inbox, the SPA, every middleware), in this process on the
// binary's shared FerretDB, Kratos, LiveKit and Mailpit, with a database of
// its own.
type secApp struct {
	url    string
	routes []string // every pattern the app registered
	cfg    config.Config
	doms   *domains
	db     *mongo.Database
	kratos *testenv.Kratos
}

func startSecApp(t *testing.T, mod func(*config.Config)) *secApp {
	t.Helper()
	mdb := testenv.Database(t)
	env := serveEnv(t, "127.0.0.1:4455", mdb.Name()) // the app is served by httptest below
	env["INTERVIEWPREP_RUNNER_CONCURRENCY"] = "0"    // runs stay queued: nothing here runs code
	env["INTERVIEWPREP_RECORDINGS_DIR"] = t.TempDir()
	cfg, err := config.Load(config.ModeServe, nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if mod != nil {
		mod(&cfg)
	}
	ctx := context.Background()
	srv, mail := testenv.Server(t), testenv.StartMail(t)
	db := &database.DB{Client: srv.Client, DB: mdb, Description: "test", Address: srv.Address}
	if err := database.Migrate(ctx, mdb, allIndexes()); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.DiscardHandler)
	doms, err := startDomains(ctx, cfg, db, nil, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(doms.stop)
	spa, err := web.NewSPA(web.Dist(), web.Sources{FormAction: formActionSources(cfg), Connect: connectSources(cfg)})
	if err != nil {
		t.Fatal(err)
	}
	// The dev inbox is on, as in dev mode, so that its route is listed too.
	comps := &components{db: db, health: []health.Component{dbComponent(db)}, mailAPI: mail.APIURL}
	h, routes, err := buildHandler(cfg, "test", comps, doms, spa, logger)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &secApp{url: ts.URL, routes: routes, cfg: cfg, doms: doms, db: mdb, kratos: testenv.StartKratos(t, "")}
}

// person is one of the binary's Kratos people with role in this app.
type person struct {
	testenv.Person
	Role identity.Role
}

func (a *secApp) person(t *testing.T, label string, role identity.Role) person {
	t.Helper()
	p := a.kratos.Person(t, label)
	ctx := testenv.Context(t)
	if _, err := a.doms.ids.EnsureUser(ctx, identity.Identity{ID: p.ID, Traits: identity.Traits{Email: p.Email, Name: p.Name}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.doms.ids.SetRoleByEmail(ctx, p.Email, role); err != nil {
		t.Fatal(err)
	}
	return person{p, role}
}

// call sends a JSON request as p (the zero person: nobody signed in).
func (a *secApp) call(t *testing.T, method, path string, p person, body any) (int, []byte) {
	t.Helper()
	return testenv.Call(t, method, a.url+path, testenv.SessionHeader(p.Token), body)
}

// must is call that fails the test unless the status is want, and decodes
// the answer into out (when not nil).
func (a *secApp) must(t *testing.T, method, path string, p person, body any, want int, out any) {
	t.Helper()
	status, raw := a.call(t, method, path, p, body)
	if status != want {
		t.Fatalf("%s %s as %s: %d %s, want %d", method, path, p.Email, status, raw, want)
	}
	if out != nil {
		testenv.DecodeJSON(t, raw, out)
	}
}

// class is the kind of answer a case expects.
type class string

const (
	done    class = "2xx"     // done
	allowed class = "allowed" // past every access check: done, or 400/409 for the body or the interview's state
	unauth  class = "401"     // nobody signed in (or no valid key/signature)
	refused class = "403/404" // refused: 403, or 404 where the interview's existence is not shown
	noRoute class = "404"     // no such route
	upgrade class = "101"     // the socket opened
	refuse  class = "409"     // refused for what it is (an admin deleting themself)
)

func (c class) has(status int) bool {
	switch c {
	case done:
		return status >= 200 && status < 300
	case allowed:
		return status >= 200 && status < 300 || status == http.StatusBadRequest || status == http.StatusConflict
	case unauth:
		return status == http.StatusUnauthorized
	case refused:
		return status == http.StatusForbidden || status == http.StatusNotFound
	case noRoute:
		return status == http.StatusNotFound
	case upgrade:
		return status == http.StatusSwitchingProtocols
	case refuse:
		return status == http.StatusConflict
	}
	return false
}

// An interview of the fixture and what hangs off it.
type ivFix struct {
	ID        string
	Owner     person
	Docs      struct{ Code, Problem, Notes string }
	Recording string // a ready recording (written straight into rooms' collections)
	Run       string // a queued run by its candidate
}

// fixture is who the table's cases are and what they act on:
//
//	X: owner I1, interviewers I1 and I2, candidate C1
//	Y: owner I3, interviewer I3, candidate C2 (nobody of the cases is on it but the admin)
//	Z: owner A (an admin), interviewer A, candidate C2
type fixture struct {
	a                  *secApp
	c1, c2, i1, i2, i3 person
	admin              person
	x, y, z            *ivFix
	nobody             person
}

func newFixture(t *testing.T, a *secApp) *fixture {
	f := &fixture{a: a,
		c1: a.person(t, "sec-cand1", identity.RoleCandidate), c2: a.person(t, "sec-cand2", identity.RoleCandidate),
		i1: a.person(t, "sec-iv1", identity.RoleInterviewer), i2: a.person(t, "sec-iv2", identity.RoleInterviewer),
		i3: a.person(t, "sec-iv3", identity.RoleInterviewer), admin: a.person(t, "sec-admin", identity.RoleAdmin),
	}
	f.x, f.y, f.z = f.interview(t, "X"), f.interview(t, "Y"), f.interview(t, "Z")
	return f
}

// interview makes a new live interview shaped like X, Y or Z, with a ready
// recording, a queued run and the outcome set.
func (f *fixture) interview(t *testing.T, which string) *ivFix {
	t.Helper()
	owner, ivs, cand := f.i1, []person{f.i1, f.i2}, f.c1
	switch which {
	case "Y":
		owner, ivs, cand = f.i3, []person{f.i3}, f.c2
	case "Z":
		owner, ivs, cand = f.admin, []person{f.admin}, f.c2
	}
	ids := []string{}
	for _, p := range ivs {
		ids = append(ids, p.ID)
	}
	iv := &ivFix{Owner: owner}
	f.a.must(t, "POST", "/api/interviews", owner, map[string]any{
		"title": "Security " + which, "candidateId": cand.ID, "interviewerIds": ids,
		"startsAt": time.Now().UTC().Format(time.RFC3339), "durationMinutes": 60, "instant": true,
		"problemId": "builtin:budget-pairs",
	}, http.StatusCreated, iv)
	f.a.must(t, "PUT", "/api/interviews/"+iv.ID+"/outcome", owner, map[string]string{"outcome": "failed"}, http.StatusOK, nil)
	var run struct{ ID string }
	f.a.must(t, "POST", "/api/interviews/"+iv.ID+"/runs", cand, map[string]any{"language": "javascript", "source": "console.log(1)"}, http.StatusAccepted, &run)
	iv.Run = run.ID
	iv.Recording = f.recording(t, iv.ID)
	return iv
}

// recording stores a ready recording of interview id as rooms' composer
// leaves one: its record, the interview's list and the file.
func (f *fixture) recording(t *testing.T, interviewID string) string {
	t.Helper()
	id := testenv.RandomHex(16)
	ctx := testenv.Context(t)
	file := filepath.Join(id, "recording.mp4")
	if err := os.MkdirAll(filepath.Join(f.a.cfg.Record.Dir, id), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.a.cfg.Record.Dir, file), []byte("not really an mp4"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	if _, err := f.a.db.Collection(rooms.RecordingsCollection).InsertOne(ctx, bson.M{
		"_id": id, "interviewId": interviewID, "state": rooms.StateReady, "startedAt": now.Add(-time.Minute),
		"endedAt": now, "file": file, "sizeBytes": 17,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.db.Collection(rooms.RecordingSetsCollection).UpdateOne(ctx, bson.M{"_id": interviewID},
		bson.M{"$push": bson.M{"ids": id}}, options.UpdateOne().SetUpsert(true)); err != nil {
		t.Fatal(err)
	}
	return id
}

// hiddenTest adds a hidden test to iv as its owner and returns its id.
func (f *fixture) hiddenTest(t *testing.T, iv *ivFix) string {
	t.Helper()
	var ht struct{ ID string }
	f.a.must(t, "POST", "/api/interviews/"+iv.ID+"/run-tests", iv.Owner,
		map[string]string{"name": "hidden " + testenv.RandomHex(2), "input": "1", "expected": "1"}, http.StatusCreated, &ht)
	return ht.ID
}

// problem adds a problem to the bank as I3 and returns its id.
func (f *fixture) problem(t *testing.T) string {
	t.Helper()
	var p struct{ ID string }
	f.a.must(t, "POST", "/api/problems", f.i3, problemInput("Someone else's "+testenv.RandomHex(2)), http.StatusCreated, &p)
	return p.ID
}

func problemInput(title string) map[string]any {
	return map[string]any{
		"title": title, "difficulty": "easy", "tags": []string{"arrays"}, "statement": "Print 1.",
		"starter":     map[string]string{"javascript": "// js", "python": "# py", "java": "// java"},
		"tests":       []map[string]string{{"name": "one", "input": "", "expected": "1"}},
		"timeLimitMs": problems.MinTimeLimitMs * 10,
	}
}

// A case: who calls, on which interview ("" for routes of no interview),
// and what the answer must be.
type tcase struct {
	name string
	who  func(f *fixture) person
	on   string // X, Y, Z or ""
	self bool   // the resource is the caller's own (users/{id}/role)
	want class
}

func (f *fixture) iv(name string) *ivFix {
	switch name {
	case "X":
		return f.x
	case "Y":
		return f.y
	case "Z":
		return f.z
	}
	return nil
}

var (
	nobody = func(f *fixture) person { return f.nobody }
	cand1  = func(f *fixture) person { return f.c1 }
	iv1    = func(f *fixture) person { return f.i1 }
	iv2    = func(f *fixture) person { return f.i2 }
	admin  = func(f *fixture) person { return f.admin }
)

// onInterview is the eight cases of a route about one interview, in the
// order of want: nobody; its candidate, and a candidate not on it; its
// owner, an interviewer on it who is not the owner, and an interviewer not
// on it; an admin who owns it, and an admin who is not on it.
func onInterview(want [8]class) []tcase {
	return []tcase{
		{"nobody", nobody, "X", false, want[0]},
		{"candidate on it", cand1, "X", false, want[1]},
		{"candidate not on it", cand1, "Y", false, want[2]},
		{"owner", iv1, "X", false, want[3]},
		{"interviewer on it", iv2, "X", false, want[4]},
		{"interviewer not on it", iv1, "Y", false, want[5]},
		{"admin owning it", admin, "Z", false, want[6]},
		{"admin not on it", admin, "X", false, want[7]},
	}
}

// byRole is the four cases of a route about no one's resource: nobody, a
// candidate, an interviewer, an admin.
func byRole(want [4]class) []tcase {
	return []tcase{
		{"nobody", nobody, "", false, want[0]},
		{"candidate", cand1, "", false, want[1]},
		{"interviewer", iv1, "", false, want[2]},
		{"admin", admin, "", false, want[3]},
	}
}

// ownOrOther is byRole on one's own resource and someone else's.
func ownOrOther(want [4]class) []tcase {
	var out []tcase
	for _, c := range byRole(want) {
		own, other := c, c
		own.name, own.self = c.name+", own", true
		other.name += ", someone else's"
		if c.name == "nobody" {
			out = append(out, other)
			continue
		}
		out = append(out, own, other)
	}
	return out
}

// adminNotSelf is cases with the admin's own case refused (409).
func adminNotSelf(cases []tcase) []tcase {
	for i := range cases {
		if cases[i].self && cases[i].want == done {
			cases[i].want = refuse
		}
	}
	return cases
}

// kind is what a route's path names.
type kind int

const (
	kNone      kind = iota
	kInterview      // {id}: the case's interview
	kRecording      // {id}: the interview's recording
	kRun            // {id}: the interview's run
	kTest           // {id}/{test}: the interview and a hidden test of it (new each case)
	kCode           // {docId}: the interview's code document
	kNotes          // {docId}: the interview's notes document
	kProblem        // {id}: someone else's problem (new each case for a write)
	kUser           // {id}: the caller, or someone else
	kNewUser        // {id}: the caller, or a new candidate (new each case: deleted for good)
)

// route is one row of the authorization table: a route and its cases.
type route struct {
	pattern string // as registered
	req     string // "METHOD /path" sent, with the pattern's wildcards
	kind    kind
	body    any
	cases   []tcase
	fresh   bool // a new interview (or problem) for each case: the request changes it for good
	stream  bool // server-sent events: only the status is read
	socket  bool // a WebSocket
	// check looks at an answer beyond its status (what it shows the caller).
	check func(t *testing.T, f *fixture, c tcase, raw []byte)
	why   string
}

// authzTable is who may call what, from the product's rules
// (docs/architecture.md §5–§8): candidates never see staff data (the notes,
// comments, outcomes, recordings, hidden tests, the question bank, the
// people list); interviewers and candidates see the interviews they are on,
// admins all of them; the owner (or an admin) controls the call; admins
// review read-only and change roles.
func authzTable() []route {
	const (
		D = done
		A = allowed
		U = unauth
		R = refused
	)
	interview := func(p string, body any, fresh bool, want [8]class, why string) route {
		return route{pattern: p, req: p, kind: kInterview, body: body, cases: onInterview(want), fresh: fresh, why: why}
	}
	members := [8]class{U, D, R, D, D, R, D, D}    // everyone on it, and admins
	staff := [8]class{U, R, R, D, D, R, D, D}      // its interviewers and owner, and admins
	hosts := [8]class{U, R, R, A, R, R, A, A}      // its owner, and admins
	writers := [8]class{U, D, R, D, D, R, D, R}    // everyone on it (admins not on it only read)
	staffWrite := [8]class{U, R, R, D, D, R, D, R} // its interviewers and owner
	rows := []route{
		// identity
		{pattern: "GET /api/me", req: "GET /api/me", cases: byRole([4]class{U, D, D, D})},
		{pattern: "GET /api/users", req: "GET /api/users", cases: byRole([4]class{U, R, D, D}), why: "people pickers and the admin page"},
		{pattern: "PUT /api/users/{id}/role", req: "PUT /api/users/{id}/role", kind: kUser, cases: ownOrOther([4]class{U, R, R, D}),
			why: "admins only (the body keeps the role as it is)"},
		{pattern: "DELETE /api/users/{id}", req: "DELETE /api/users/{id}", kind: kNewUser,
			cases: adminNotSelf(ownOrOther([4]class{U, R, R, D})), why: "admins only, never themselves (409)"},
		{pattern: "GET /api/erasures", req: "GET /api/erasures", cases: byRole([4]class{U, R, R, D})},
		{pattern: "POST /internal/kratos/hook", req: "POST /internal/kratos/hook", body: map[string]any{},
			cases: byRole([4]class{U, U, U, U}), why: "Kratos's API key, not a session"},
		// problems
		{pattern: "GET /api/problems", req: "GET /api/problems", cases: byRole([4]class{U, R, D, D})},
		{pattern: "POST /api/problems", req: "POST /api/problems", body: problemInput("New"), cases: byRole([4]class{U, R, D, D})},
		{pattern: "GET /api/problems/{id}", req: "GET /api/problems/{id}", kind: kProblem, cases: byRole([4]class{U, R, D, D})},
		{pattern: "PUT /api/problems/{id}", req: "PUT /api/problems/{id}", kind: kProblem, body: problemInput("Edited"),
			cases: byRole([4]class{U, R, D, D}), why: "the bank is shared: any interviewer edits any problem"},
		{pattern: "DELETE /api/problems/{id}", req: "DELETE /api/problems/{id}", kind: kProblem, fresh: true, cases: byRole([4]class{U, R, D, D})},
		// schedule
		{pattern: "GET /api/interviews", req: "GET /api/interviews", cases: byRole([4]class{U, D, D, D}), check: seesOnlyTheirs},
		{pattern: "GET /api/interviews", req: "GET /api/interviews?outcome=failed", cases: byRole([4]class{U, D, D, D}), check: outcomeTellsNothing,
			why: "the outcome filter must not tell a candidate their outcome"},
		{pattern: "POST /api/interviews", req: "POST /api/interviews", cases: byRole([4]class{U, R, D, D}), body: newInterviewBody},
		{pattern: "GET /api/interviews/{id}", req: "GET /api/interviews/{id}", kind: kInterview, cases: onInterview(members), check: noReviewForCandidates},
		interview("PATCH /api/interviews/{id}", map[string]string{"title": "Renamed"}, false, [8]class{U, R, R, D, D, R, D, D}, "its interviewers edit"),
		interview("DELETE /api/interviews/{id}", nil, true, [8]class{U, R, R, D, D, R, D, D}, ""),
		interview("GET /api/interviews/{id}/comments", nil, false, staff, ""),
		interview("POST /api/interviews/{id}/comments", map[string]any{"content": "Good", "rating": 4}, false, staff, ""),
		interview("PUT /api/interviews/{id}/outcome", map[string]string{"outcome": "succeeded"}, false, staff, ""),
		interview("PUT /api/interviews/{id}/problem", map[string]string{"problemId": "builtin:budget-pairs"}, false, [8]class{U, R, R, D, D, R, D, D}, ""),
		{pattern: "GET /api/dashboard", req: "GET /api/dashboard", cases: byRole([4]class{U, D, D, D}), check: seesOnlyTheirs},
		{pattern: "GET /api/notifications", req: "GET /api/notifications", cases: byRole([4]class{U, D, D, D})},
		{pattern: "POST /api/notifications/read", req: "POST /api/notifications/read", body: map[string]any{"all": true}, cases: byRole([4]class{U, D, D, D})},
		{pattern: "POST /api/notifications/read", req: "POST /api/notifications/read", body: othersNotifications,
			cases: byRole([4]class{U, D, D, D}), check: othersStillUnread, why: "someone else's notification ids change nothing"},
		// rooms
		interview("POST /api/interviews/{id}/join", nil, false, members, ""),
		interview("POST /api/interviews/{id}/room/end", nil, true, hosts, ""),
		interview("POST /api/interviews/{id}/room/mute", map[string]string{}, false, hosts, "no identity: 400 once allowed"),
		interview("POST /api/interviews/{id}/room/remove", map[string]string{}, false, hosts, "no identity: 400 once allowed"),
		interview("GET /api/interviews/{id}/chat", nil, false, members, ""),
		interview("POST /api/interviews/{id}/chat", map[string]string{"text": "hello"}, false, writers, ""),
		interview("GET /api/interviews/{id}/attendance", nil, false, members, ""),
		interview("GET /api/interviews/{id}/signals", nil, false, members, "shown openly to the candidate too"),
		interview("POST /api/interviews/{id}/signals", map[string]any{"kind": "paste", "chars": 150}, false,
			[8]class{U, D, R, R, R, R, R, R}, "the candidate's page only"),
		interview("GET /api/interviews/{id}/recordings", nil, false, staff, ""),
		interview("POST /api/interviews/{id}/recordings", nil, false, hosts, "409 without a call once allowed"),
		interview("POST /api/interviews/{id}/recordings/stop", nil, false, hosts, "409 when not recording once allowed"),
		interview("PUT /api/interviews/{id}/recording-settings", map[string]bool{"autoRecord": false}, false, hosts, ""),
		{pattern: "GET /api/recordings/{id}/media", req: "GET /api/recordings/{id}/media", kind: kRecording, cases: onInterview(staff)},
		{pattern: "DELETE /api/recordings/{id}", req: "DELETE /api/recordings/{id}", kind: kRecording, fresh: true,
			cases: onInterview([8]class{U, R, R, R, R, R, D, D}), why: "admins only"},
		{pattern: "POST " + rooms.WebhookPath, req: "POST " + rooms.WebhookPath, body: map[string]any{},
			cases: byRole([4]class{U, U, U, U}), why: "LiveKit's signature, not a session"},
		// runner
		interview("POST /api/interviews/{id}/runs", map[string]any{"language": "javascript", "source": "console.log(2)"}, false,
			[8]class{U, A, R, A, A, R, A, R}, "participants; 409 while their last run is queued"),
		interview("GET /api/interviews/{id}/runs", nil, false, members, "hidden tests' details are the candidate's view's to hide"),
		{pattern: "GET /api/runs/{id}", req: "GET /api/runs/{id}", kind: kRun, cases: onInterview(members)},
		interview("GET /api/interviews/{id}/run-tests", nil, false, staff, ""),
		interview("POST /api/interviews/{id}/run-tests", map[string]string{"name": "extra", "input": "2", "expected": "2"}, false, staffWrite, ""),
		{pattern: "DELETE /api/interviews/{id}/run-tests/{test}", req: "DELETE /api/interviews/{id}/run-tests/{test}", kind: kTest,
			cases: onInterview(staffWrite)},
		// collab
		{pattern: "POST /api/collab/ticket", req: "POST /api/collab/ticket", cases: byRole([4]class{U, D, D, D})},
		{pattern: "GET /collab", req: "GET /collab", socket: true, cases: byRole([4]class{U, upgrade, upgrade, upgrade}),
			why: "each document is checked per message (collab's tests)"},
		{pattern: "GET /api/collab/docs/{docId}/history", req: "GET /api/collab/docs/{docId}/history", kind: kCode, cases: onInterview(members)},
		{pattern: "GET /api/collab/docs/{docId}/history", req: "GET /api/collab/docs/{docId}/history", kind: kNotes, cases: onInterview(staff)},
		{pattern: "GET /api/collab/docs/{docId}/at", req: "GET /api/collab/docs/{docId}/at?change=1", kind: kCode, cases: onInterview(members)},
		{pattern: "GET /api/collab/docs/{docId}/at", req: "GET /api/collab/docs/{docId}/at?change=1", kind: kNotes, cases: onInterview(staff)},
		{pattern: "GET /api/collab/docs/{docId}/binary", req: "GET /api/collab/docs/{docId}/binary", kind: kCode, cases: onInterview(members)},
		{pattern: "GET /api/collab/docs/{docId}/binary", req: "GET /api/collab/docs/{docId}/binary", kind: kNotes, cases: onInterview(staff)},
		// the app's own
		{pattern: "GET /api/events", req: "GET /api/events", stream: true, cases: byRole([4]class{U, D, D, D}), why: "each event goes to whom it names"},
		{pattern: "GET /api/health", req: "GET /api/health", cases: byRole([4]class{D, D, D, D})},
		{pattern: "GET /api/config", req: "GET /api/config", cases: byRole([4]class{D, D, D, D})},
		{pattern: "/auth/", req: "GET /auth/health/alive", cases: byRole([4]class{D, D, D, D}), why: "Kratos's public API; Kratos checks its flows"},
		{pattern: "GET /api/dev/mail/", req: "GET /api/dev/mail/messages", cases: byRole([4]class{D, D, D, D}),
			why: "dev mode only: the inbox is for whoever runs it on their machine"},
		{pattern: "/api/", req: "GET /api/no-such-route", cases: byRole([4]class{noRoute, noRoute, noRoute, noRoute})},
		{pattern: "/", req: "GET /interviews", cases: byRole([4]class{D, D, D, D}), why: "the app's pages; data comes from the API"},
	}
	return rows
}

func newInterviewBody(_ *testing.T, f *fixture) any {
	return map[string]any{"title": "New", "candidateId": f.c2.ID, "interviewerIds": []string{f.i1.ID},
		"startsAt": time.Now().Add(3 * time.Hour).UTC().Format(time.RFC3339), "durationMinutes": 30}
}

// othersNotifications are C2's notifications, to mark read as someone else.
func othersNotifications(t *testing.T, f *fixture) any {
	var ns struct {
		Notifications []struct{ ID string }
		Unread        int
	}
	f.a.must(t, "GET", "/api/notifications", f.c2, nil, http.StatusOK, &ns)
	if ns.Unread == 0 {
		t.Fatal("C2 has no unread notification to try")
	}
	ids := []string{"nobody:1"}
	for _, n := range ns.Notifications {
		ids = append(ids, n.ID)
	}
	return map[string]any{"ids": ids}
}

func othersStillUnread(t *testing.T, f *fixture, c tcase, raw []byte) {
	var ns struct{ Unread int }
	f.a.must(t, "GET", "/api/notifications", f.c2, nil, http.StatusOK, &ns)
	if ns.Unread == 0 {
		t.Errorf("as %s: C2's notifications were marked read by someone else", c.name)
	}
}

// seesOnlyTheirs checks that a list shows the caller only the interviews
// they are on (admins: any), and a candidate no outcome.
func seesOnlyTheirs(t *testing.T, f *fixture, c tcase, raw []byte) {
	p := c.who(f)
	for _, iv := range []*ivFix{f.x, f.y, f.z} {
		if strings.Contains(string(raw), iv.ID) && p.Role != identity.RoleAdmin && !f.isOn(p, iv) {
			t.Errorf("as %s: the list shows interview %s, which they are not on", c.name, iv.ID)
		}
	}
	noReviewForCandidates(t, f, c, raw)
}

// noReviewForCandidates checks that a candidate's answer holds none of the
// interview's review: outcome, notes document, recordings.
func noReviewForCandidates(t *testing.T, f *fixture, c tcase, raw []byte) {
	if c.who(f).Role != identity.RoleCandidate {
		return
	}
	for _, staff := range []string{`"outcome":"`, `"notes":"`, `"recording":`} {
		if strings.Contains(string(raw), staff) {
			t.Errorf("as %s: a candidate is shown %s…: %.300s", c.name, staff, raw)
		}
	}
}

// outcomeTellsNothing checks that a candidate's list filtered by one
// outcome is the same as by the other: the filter cannot reveal what the
// answers hide.
func outcomeTellsNothing(t *testing.T, f *fixture, c tcase, raw []byte) {
	seesOnlyTheirs(t, f, c, raw)
	p := c.who(f)
	if p.Role != identity.RoleCandidate {
		return
	}
	_, other := f.a.call(t, "GET", "/api/interviews?outcome=succeeded", p, nil)
	ids := func(raw []byte) []string {
		var page struct{ Interviews []struct{ ID string } }
		testenv.DecodeJSON(t, raw, &page)
		var out []string
		for _, iv := range page.Interviews {
			out = append(out, iv.ID)
		}
		slices.Sort(out)
		return out
	}
	if a, b := ids(raw), ids(other); !slices.Equal(a, b) {
		t.Errorf("as %s: outcome=failed lists %v, outcome=succeeded %v: the filter tells a candidate their outcome", c.name, a, b)
	}
}

func (f *fixture) isOn(p person, iv *ivFix) bool {
	switch iv {
	case f.x:
		return p.ID == f.c1.ID || p.ID == f.i1.ID || p.ID == f.i2.ID
	case f.y:
		return p.ID == f.c2.ID || p.ID == f.i3.ID
	case f.z:
		return p.ID == f.c2.ID || p.ID == f.admin.ID
	}
	return false
}

// TestAuthorizationTable calls every route the app serves as nobody, a
// candidate, an interviewer and an admin, on their own interview (or
// resource) and on someone else's, and checks the kind of answer against
// the table above. A route the table does not list fails the test, so a
// new route cannot be forgotten.
func TestAuthorizationTable(t *testing.T) {
	a := startSecApp(t, nil)
	table := authzTable()

	// Every route served is in the table, and every row is served.
	listed := map[string]bool{}
	for _, r := range table {
		listed[r.pattern] = true
	}
	for _, p := range a.routes {
		if !listed[p] {
			t.Errorf("route %q is not in the authorization table: add who may call it (internal/app/security_test.go)", p)
		}
	}
	for p := range listed {
		if !slices.Contains(a.routes, p) {
			t.Errorf("the authorization table lists %q, which the app does not serve", p)
		}
	}
	// Each row's request reaches its own route.
	probe := http.NewServeMux()
	for _, p := range a.routes {
		probe.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	f := newFixture(t, a)
	cases := 0
	for _, r := range table {
		method, tmpl, _ := strings.Cut(r.req, " ")
		var got []string
		for _, c := range r.cases {
			path := f.path(t, r, c, tmpl)
			req := httptest.NewRequest(method, path, nil)
			if _, got := probe.Handler(req); got != r.pattern {
				t.Fatalf("%s %s reaches %q, not the row's %q", method, path, got, r.pattern)
			}
			who := c.who(f)
			var body any
			switch b := r.body.(type) {
			case func(*testing.T, *fixture) any:
				body = b(t, f)
			default:
				body = b
			}
			status, raw := f.send(t, r, method, path, who, body)
			cases++
			got = append(got, fmt.Sprint(status))
			if !c.want.has(status) {
				t.Errorf("%s as %s: %d %.300s, want %s%s", r.req, c.name, status, raw, c.want, because(r.why))
				continue
			}
			if r.check != nil {
				r.check(t, f, c, raw)
			}
		}
		t.Logf("%-58s %s", r.req, strings.Join(got, " "))
	}
	t.Logf("%d routes, %d rows, %d cases", len(a.routes), len(table), cases)
}

func because(why string) string {
	if why == "" {
		return ""
	}
	return " (" + why + ")"
}

// path fills tmpl's wildcards for case c, making what the case will change
// for good when the row is fresh.
func (f *fixture) path(t *testing.T, r route, c tcase, tmpl string) string {
	t.Helper()
	iv := f.iv(c.on)
	if r.fresh && iv != nil {
		iv = f.interview(t, c.on)
	}
	who := c.who(f)
	var id, second string
	switch r.kind {
	case kNone:
		return tmpl
	case kInterview:
		id = iv.ID
	case kRecording:
		id = iv.Recording
	case kRun:
		id = iv.Run
	case kTest:
		id, second = iv.ID, f.hiddenTest(t, iv)
	case kCode:
		id = strings.TrimPrefix(iv.Docs.Code, "automerge:")
	case kNotes:
		id = strings.TrimPrefix(iv.Docs.Notes, "automerge:")
	case kProblem:
		id = f.problem(t)
	case kUser:
		id = f.c2.ID
		if c.self {
			id = who.ID
		}
	case kNewUser:
		id = who.ID
		if !c.self {
			id = f.a.person(t, "sec-erase-"+testenv.RandomHex(4), identity.RoleCandidate).ID
		}
	}
	out := strings.Replace(tmpl, "{id}", id, 1)
	out = strings.Replace(out, "{docId}", id, 1)
	return strings.Replace(out, "{test}", second, 1)
}

// send makes the case's request: JSON, a server-sent event stream (status
// only) or a WebSocket.
func (f *fixture) send(t *testing.T, r route, method, path string, who person, body any) (int, []byte) {
	t.Helper()
	if r.kind == kUser && body == nil {
		role := f.c2.Role
		if strings.Contains(path, "/"+who.ID+"/") && who.ID != "" {
			role = who.Role
		}
		body = map[string]string{"role": string(role)}
	}
	switch {
	case r.socket:
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(f.a.url, "http")+path,
			&websocket.DialOptions{HTTPHeader: testenv.SessionHeader(who.Token)})
		if err == nil {
			_ = conn.Close(websocket.StatusNormalClosure, "")
			return http.StatusSwitchingProtocols, nil
		}
		if resp == nil {
			t.Fatalf("dial %s: %v", path, err)
		}
		return resp.StatusCode, []byte(err.Error())
	case r.stream:
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, method, f.a.url+path, nil)
		for k, v := range testenv.SessionHeader(who.Token) {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, nil
	}
	return f.a.call(t, method, path, who, body)
}
