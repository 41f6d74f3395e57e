package app

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/testenv"
	"github.com/interviewprep/interviewprep/rooms"
)

// eraseWorld is an app with people and interviews that carry data about
// them in every domain: X (owner I1, interviewers I1 and I2, candidate C)
// with an outcome, comments, chat from everyone, the candidate's signals,
// attendance, a run, a hidden test, a recording naming everyone and the
// authors of its documents; Y (owner I1, interviewer I1, candidate D) with
// a comment and chat by I1; and a problem by I1.
type eraseWorld struct {
	a            *secApp
	admin        person
	c, d, i1, i2 person
	x, y         string
	xRec, yRec   string
	problem      string
}

func newEraseWorld(t *testing.T, tag string) *eraseWorld {
	a := startSecApp(t, nil)
	w := &eraseWorld{a: a,
		admin: a.person(t, "erase-admin-"+tag, identity.RoleAdmin),
		c:     a.person(t, "erase-cand-"+tag, identity.RoleCandidate),
		d:     a.person(t, "erase-other-"+tag, identity.RoleCandidate),
		i1:    a.person(t, "erase-iv1-"+tag, identity.RoleInterviewer),
		i2:    a.person(t, "erase-iv2-"+tag, identity.RoleInterviewer),
	}
	f := &fixture{a: a}
	w.x = w.interview(t, "X", w.c, w.i1, w.i2)
	w.y = w.interview(t, "Y", w.d, w.i1)
	for _, iv := range []string{w.x, w.y} {
		a.must(t, "PUT", "/api/interviews/"+iv+"/outcome", w.i1, map[string]string{"outcome": "succeeded"}, http.StatusOK, nil)
		a.must(t, "POST", "/api/interviews/"+iv+"/comments", w.i1, map[string]any{"content": "Clear thinker", "rating": 4}, http.StatusCreated, nil)
		a.must(t, "POST", "/api/interviews/"+iv+"/chat", w.i1, map[string]string{"text": "Welcome"}, http.StatusCreated, nil)
		a.must(t, "POST", "/api/interviews/"+iv+"/run-tests", w.i1, map[string]string{"name": "edge", "input": "1", "expected": "1"}, http.StatusCreated, nil)
	}
	a.must(t, "POST", "/api/interviews/"+w.x+"/comments", w.i2, map[string]any{"content": "Agreed", "rating": 5}, http.StatusCreated, nil)
	a.must(t, "POST", "/api/interviews/"+w.x+"/chat", w.c, map[string]string{"text": "Hi, thanks"}, http.StatusCreated, nil)
	a.must(t, "POST", "/api/interviews/"+w.x+"/chat", w.i2, map[string]string{"text": "Hello"}, http.StatusCreated, nil)
	a.must(t, "POST", "/api/interviews/"+w.x+"/signals", w.c, map[string]any{"kind": "paste", "chars": 150}, http.StatusCreated, nil)
	a.must(t, "POST", "/api/interviews/"+w.x+"/runs", w.c, map[string]any{"language": "javascript", "source": "console.log(1)"}, http.StatusAccepted, nil)
	a.must(t, "POST", "/api/interviews/"+w.x+"/runs", w.i1, map[string]any{"language": "javascript", "source": "console.log(2)"}, http.StatusAccepted, nil)
	w.xRec, w.yRec = f.recording(t, w.x), f.recording(t, w.y)
	ctx := testenv.Context(t)
	now := time.Now().UTC().Truncate(time.Millisecond)
	// What rooms' recorder and LiveKit's webhooks leave: tracks and
	// reactions by person, who started it, and attendance.
	for _, rec := range []struct {
		id     string
		people []person
	}{{w.xRec, []person{w.c, w.i1, w.i2}}, {w.yRec, []person{w.d, w.i1}}} {
		var tracks, reactions bson.A
		for i, p := range rec.people {
			tracks = append(tracks, bson.M{"sid": fmt.Sprintf("TR_%d", i), "participant": p.ID, "name": p.Name, "source": "camera",
				"kind": "video", "file": fmt.Sprintf("%03d-camera.ivf", i), "offsetMs": 0})
			reactions = append(reactions, bson.M{"at": now, "userId": p.ID, "name": p.Name, "reaction": "👍"})
		}
		if _, err := a.db.Collection(rooms.RecordingsCollection).UpdateOne(ctx, bson.M{"_id": rec.id}, bson.M{"$set": bson.M{
			"startedBy": w.i1.ID, "tracks": tracks, "reactions": reactions}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, iv := range []struct {
		id     string
		people []person
	}{{w.x, []person{w.c, w.i1, w.i2}}, {w.y, []person{w.d, w.i1}}} {
		for n, p := range iv.people {
			if _, err := a.db.Collection(rooms.AttendanceCollection).InsertOne(ctx, bson.M{
				"_id": fmt.Sprintf("%s:%08d", iv.id, n+1), "interviewId": iv.id, "joined": true, "userId": p.ID, "name": p.Name,
				"role": "interviewer", "participantSid": "PA_" + p.ID[:8], "at": now,
			}); err != nil {
				t.Fatal(err)
			}
		}
		// Who wrote in the interview's documents (collab records it at
		// each actor's first change).
		var docs struct{ Docs struct{ Code, Notes string } }
		a.must(t, "GET", "/api/interviews/"+iv.id, w.admin, nil, http.StatusOK, &docs)
		for _, doc := range []string{docs.Docs.Code, docs.Docs.Notes} {
			actors := bson.M{}
			for _, p := range iv.people {
				actors[testenv.RandomHex(16)] = p.ID
			}
			if _, err := a.db.Collection("collab_authors").UpdateOne(ctx, bson.M{"_id": strings.TrimPrefix(doc, "automerge:")},
				bson.M{"$set": bson.M{"actors": actors}}, options.UpdateOne().SetUpsert(true)); err != nil {
				t.Fatal(err)
			}
		}
	}
	var pr struct{ ID string }
	a.must(t, "POST", "/api/problems", w.i1, problemInput("By I1 "+tag), http.StatusCreated, &pr)
	w.problem = pr.ID
	return w
}

func (w *eraseWorld) interview(t *testing.T, title string, cand person, ivs ...person) string {
	t.Helper()
	var ids []string
	for _, p := range ivs {
		ids = append(ids, p.ID)
	}
	var iv struct{ ID string }
	w.a.must(t, "POST", "/api/interviews", ivs[0], map[string]any{
		"title": "Erase " + title, "candidateId": cand.ID, "interviewerIds": ids,
		"startsAt": time.Now().UTC().Format(time.RFC3339), "durationMinutes": 60, "instant": true,
		"problemId": "builtin:budget-pairs",
	}, http.StatusCreated, &iv)
	return iv.ID
}

// erase deletes p as the admin and returns the erasure record's JSON.
func (w *eraseWorld) erase(t *testing.T, p person) []byte {
	t.Helper()
	status, raw := w.a.call(t, "DELETE", "/api/users/"+p.ID, w.admin, nil)
	if status != http.StatusOK {
		t.Fatalf("DELETE /api/users/%s: %d %s", p.ID, status, raw)
	}
	for _, s := range []string{p.Email, p.Name} {
		if strings.Contains(string(raw), s) {
			t.Errorf("the erasure record names them (%q): %s", s, raw)
		}
	}
	var rec identity.ErasureRecord
	testenv.DecodeJSON(t, raw, &rec)
	if rec.UserID != p.ID || rec.By != w.admin.ID || rec.State != identity.ErasureCompleted || rec.CompletedAt == nil {
		t.Errorf("erasure record %s", raw)
	}
	return raw
}

// noTrace walks every document of every collection as JSON and fails where
// p's id, email or name appears, except for p's id in their erasure record.
func (w *eraseWorld) noTrace(t *testing.T, p person) {
	t.Helper()
	ctx := testenv.Context(t)
	names, err := w.a.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	docs := 0
	for _, coll := range names {
		cur, err := w.a.db.Collection(coll).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var all []bson.Raw
		if err := cur.All(ctx, &all); err != nil {
			t.Fatal(err)
		}
		for _, doc := range all {
			docs++
			js, err := bson.MarshalExtJSON(doc, false, false)
			if err != nil {
				t.Fatal(err)
			}
			s := string(js)
			if coll == identity.ErasuresCollection && doc.Lookup("_id").StringValue() == p.ID {
				s = strings.Replace(s, p.ID, "", 1)
			}
			// Binary values (the read model's snapshot in parts) are
			// base64 in JSON: look at their bytes too.
			var blobs []byte
			if elems, err := doc.Elements(); err == nil {
				for _, e := range elems {
					if _, data, ok := e.Value().BinaryOK(); ok {
						blobs = append(blobs, data...)
					}
				}
			}
			for what, v := range map[string]string{"id": p.ID, "email": p.Email, "name": p.Name} {
				if strings.Contains(s, v) {
					t.Errorf("%s: the erased user's %s is still in %s", coll, what, js)
				}
				if bytes.Contains(blobs, []byte(v)) {
					t.Errorf("%s: the erased user's %s is in the binary data of %s", coll, what, doc.Lookup("_id"))
				}
			}
		}
	}
	if docs < 30 {
		t.Fatalf("walked only %d documents in %v", docs, names)
	}
	if !t.Failed() {
		t.Logf("%d documents in %d collections name them nowhere", docs, len(names))
	}
}

// goneFromKratos checks that p's identity and session are gone.
func (w *eraseWorld) goneFromKratos(t *testing.T, p person) {
	t.Helper()
	status, _ := testenv.Call(t, "GET", w.a.kratos.AdminURL+"/admin/identities/"+p.ID, nil, nil)
	if status != http.StatusNotFound {
		t.Errorf("Kratos still has the identity: %d", status)
	}
	if status, raw := w.a.call(t, "GET", "/api/me", p, nil); status != http.StatusUnauthorized {
		t.Errorf("their session still works: %d %s", status, raw)
	}
	if status, raw := w.a.call(t, "DELETE", "/api/users/"+p.ID, w.admin, nil); status != http.StatusNotFound {
		t.Errorf("a second delete: %d %s, want 404", status, raw)
	}
}

func TestEraseCandidate(t *testing.T) {
	w := newEraseWorld(t, "c")
	raw := w.erase(t, w.c)
	var rec identity.ErasureRecord
	testenv.DecodeJSON(t, raw, &rec)
	for domain, what := range map[string]string{"schedule": "interviews deleted", "rooms": "recordings deleted",
		"collab": "documents deleted", "runner": "runs deleted"} {
		if rec.Counts[domain][what] < 1 {
			t.Errorf("counts %s[%q] = %d: %s", domain, what, rec.Counts[domain][what], raw)
		}
	}
	w.noTrace(t, w.c)
	w.goneFromKratos(t, w.c)
	// Their interview went whole, with its recording's files; Y stays.
	w.a.must(t, "GET", "/api/interviews/"+w.x, w.admin, nil, http.StatusNotFound, nil)
	if _, err := os.Stat(filepath.Join(w.a.cfg.Record.Dir, w.xRec)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the recording's files are still there: %v", err)
	}
	w.a.must(t, "GET", "/api/interviews/"+w.y, w.d, nil, http.StatusOK, nil)
	var chat struct{ Messages []rooms.ChatMessage }
	w.a.must(t, "GET", "/api/interviews/"+w.y+"/chat", w.i1, nil, http.StatusOK, &chat)
	if len(chat.Messages) != 1 || chat.Messages[0].Name != w.i1.Name {
		t.Errorf("Y's chat changed: %+v", chat.Messages)
	}
	var dash struct{ Live, Upcoming, Past []struct{ ID string } }
	w.a.must(t, "GET", "/api/dashboard", w.i1, nil, http.StatusOK, &dash)
	for _, iv := range append(append(dash.Live, dash.Upcoming...), dash.Past...) {
		if iv.ID == w.x {
			t.Errorf("the interviewer's dashboard still lists the deleted interview")
		}
	}
}

func TestEraseInterviewer(t *testing.T) {
	w := newEraseWorld(t, "i")
	w.erase(t, w.i1) // the owner of both interviews
	w.noTrace(t, w.i1)
	w.goneFromKratos(t, w.i1)
	// The interviews stay for their candidates and the company, without I1.
	var x struct {
		Owner        struct{ ID string }
		Interviewers []struct{ ID string }
		Outcome      *string
	}
	w.a.must(t, "GET", "/api/interviews/"+w.x, w.c, nil, http.StatusOK, nil)
	w.a.must(t, "GET", "/api/interviews/"+w.x, w.admin, nil, http.StatusOK, &x)
	if x.Owner.ID != w.i2.ID || len(x.Interviewers) != 1 || x.Interviewers[0].ID != w.i2.ID || x.Outcome == nil {
		t.Errorf("X after erasing I1: %+v", x)
	}
	var y struct{ Owner struct{ ID string } }
	w.a.must(t, "GET", "/api/interviews/"+w.y, w.admin, nil, http.StatusOK, &y)
	if y.Owner.ID != w.admin.ID {
		t.Errorf("Y, left with no interviewer, is owned by %q, want the admin who erased I1", y.Owner.ID)
	}
	var body struct {
		Comments []struct {
			Author  struct{ ID, Name string }
			Content string
		}
	}
	w.a.must(t, "GET", "/api/interviews/"+w.x+"/comments", w.i2, nil, http.StatusOK, &body)
	comments := body.Comments
	if len(comments) != 2 || comments[0].Author.Name != identity.DeletedUserName || comments[0].Author.ID != "" ||
		comments[1].Author.ID != w.i2.ID {
		t.Errorf("comments after erasing I1: %+v", comments)
	}
	var chat struct{ Messages []rooms.ChatMessage }
	w.a.must(t, "GET", "/api/interviews/"+w.x+"/chat", w.c, nil, http.StatusOK, &chat)
	if len(chat.Messages) != 3 || chat.Messages[0].Name != identity.DeletedUserName || chat.Messages[1].UserID != w.c.ID {
		t.Errorf("chat after erasing I1: %+v", chat.Messages)
	}
	var att []rooms.Attendance
	var attBody struct{ Attendance []rooms.Attendance }
	w.a.must(t, "GET", "/api/interviews/"+w.x+"/attendance", w.admin, nil, http.StatusOK, &attBody)
	att = attBody.Attendance
	if len(att) != 2 {
		t.Errorf("attendance after erasing I1: %+v", att)
	}
	// The recording stays, naming them nowhere; the problem stays.
	if _, err := os.Stat(filepath.Join(w.a.cfg.Record.Dir, w.xRec)); err != nil {
		t.Errorf("X's recording files: %v", err)
	}
	w.a.must(t, "GET", "/api/problems/"+w.problem, w.i2, nil, http.StatusOK, nil)
}

func TestDeleteUserRefusals(t *testing.T) {
	a := startSecApp(t, nil)
	admin := a.person(t, "erase-ref-admin", identity.RoleAdmin)
	cand := a.person(t, "erase-ref-cand", identity.RoleCandidate)
	iv := a.person(t, "erase-ref-iv", identity.RoleInterviewer)
	for _, p := range []person{cand, iv} {
		a.must(t, "DELETE", "/api/users/"+admin.ID, p, nil, http.StatusForbidden, nil)
		a.must(t, "DELETE", "/api/users/"+p.ID, p, nil, http.StatusForbidden, nil)
	}
	status, raw := a.call(t, "DELETE", "/api/users/"+admin.ID, admin, nil)
	if status != http.StatusConflict || !strings.Contains(string(raw), "your own account") {
		t.Errorf("self-delete: %d %s", status, raw)
	}
	a.must(t, "DELETE", "/api/users/00000000-0000-4000-8000-000000000000", admin, nil, http.StatusNotFound, nil)
	a.must(t, "DELETE", "/api/users/not-a-user", admin, nil, http.StatusNotFound, nil)
	// Nothing was erased: everyone still works.
	for _, p := range []person{admin, cand, iv} {
		a.must(t, "GET", "/api/me", p, nil, http.StatusOK, nil)
	}
	var erasures struct{ Erasures []identity.ErasureRecord }
	a.must(t, "GET", "/api/erasures", admin, nil, http.StatusOK, &erasures)
	if len(erasures.Erasures) != 0 {
		t.Errorf("erasures: %+v", erasures)
	}
	a.must(t, "GET", "/api/erasures", iv, nil, http.StatusForbidden, nil)
}
