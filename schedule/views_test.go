package schedule

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/testenv"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
)

func TestCandidatesNeverSeeNotesOrComments(t *testing.T) {
	a := newApp(t)
	iv := a.interview(t, true)
	if _, err := a.svc.AddComment(a.as(t, a.p.ivOn), iv.ID, CommentRequest{Content: "secret", Rating: 2}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/interviews/" + iv.ID, "/api/dashboard", "/api/interviews"} {
		status, raw := a.api(t, "GET", path, a.p.candOn, nil)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		if strings.Contains(string(raw), `"notes"`) || strings.Contains(string(raw), "automerge:notes") || strings.Contains(string(raw), "secret") {
			t.Errorf("candidate sees notes or comments on %s: %s", path, raw)
		}
		if !strings.Contains(string(raw), "automerge:code"+iv.ID) {
			t.Errorf("candidate misses the code document on %s", path)
		}
		status, raw = a.api(t, "GET", path, a.p.ivOn, nil)
		if status != http.StatusOK || !strings.Contains(string(raw), `"notes":"automerge:notes`+iv.ID) {
			t.Errorf("interviewer does not see notes on %s: %s", path, raw)
		}
	}
	if status, raw := a.api(t, "GET", "/api/interviews/"+iv.ID+"/comments", a.p.candOn, nil); status != http.StatusForbidden || strings.Contains(string(raw), "secret") {
		t.Errorf("candidate comments: %d %s", status, raw)
	}
	rel := func(u string) Relation {
		r, err := a.svc.Relation(testenv.Context(t), iv.ID, u)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if rel(a.p.candOn.ID) != RelationCandidate || rel(a.p.ivOn.ID) != RelationInterviewer || rel(a.p.admin.ID) != RelationNone || rel(a.p.candOff.ID) != RelationNone {
		t.Error("Relation is wrong")
	}
	if r, _ := a.svc.Relation(testenv.Context(t), "nope", a.p.ivOn.ID); r != RelationNone {
		t.Error("Relation of unknown interview")
	}
}

func TestDashboardAndList(t *testing.T) {
	a := newApp(t)
	p := a.p
	live := a.interview(t, true)
	up1 := a.interview(t, false, func(r *CreateRequest) { r.StartsAt = a.clock.Now().Add(3 * time.Hour).Format(time.RFC3339) })
	up2 := a.interview(t, false, func(r *CreateRequest) { r.StartsAt = a.clock.Now().Add(2 * time.Hour).Format(time.RFC3339) })
	other := a.interview(t, false, func(r *CreateRequest) { r.CandidateID = p.cand2.ID; r.InterviewerIDs = []string{p.ivOff.ID} })
	cancelled := a.interview(t, false)
	if _, err := a.svc.Cancel(a.as(t, p.admin), cancelled.ID); err != nil {
		t.Fatal(err)
	}
	ids := func(l []InterviewJSON) []string {
		var out []string
		for _, iv := range l {
			out = append(out, iv.ID)
		}
		return out
	}
	var d Dashboard
	status, raw := a.api(t, "GET", "/api/dashboard", p.candOn, nil)
	testenv.DecodeJSON(t, raw, &d)
	if status != 200 || !slices.Equal(ids(d.Live), []string{live.ID}) || !slices.Equal(ids(d.Upcoming), []string{up2.ID, up1.ID}) ||
		!slices.Equal(ids(d.Past), []string{cancelled.ID}) {
		t.Errorf("candidate dashboard: %s", raw)
	}
	status, raw = a.api(t, "GET", "/api/dashboard", p.admin, nil)
	testenv.DecodeJSON(t, raw, &d)
	if status != 200 || len(d.Upcoming) != 3 || !slices.Contains(ids(d.Upcoming), other.ID) {
		t.Errorf("admin dashboard: %s", raw)
	}
	status, raw = a.api(t, "GET", "/api/dashboard", p.candOff, nil)
	if status != 200 || string(raw) != `{"live":[],"upcoming":[],"past":[]}`+"\n" {
		t.Errorf("unrelated dashboard: %s", raw)
	}

	list := func(who person, q string) ListPage {
		t.Helper()
		status, raw := a.api(t, "GET", "/api/interviews?"+q, who, nil)
		if status != 200 {
			t.Fatalf("list ?%s: %d %s", q, status, raw)
		}
		var lp ListPage
		testenv.DecodeJSON(t, raw, &lp)
		return lp
	}
	if lp := list(p.admin, ""); lp.Total != 5 || lp.PageSize != 20 || lp.Page != 1 || lp.Interviews[0].ID != up1.ID {
		t.Errorf("admin list: %+v", lp)
	}
	if lp := list(p.admin, "person="+p.cand2.ID); lp.Total != 1 || lp.Interviews[0].ID != other.ID {
		t.Errorf("person filter: %+v", lp)
	}
	if lp := list(p.admin, "status=cancelled"); lp.Total != 1 || lp.Interviews[0].ID != cancelled.ID {
		t.Errorf("status filter: %+v", lp)
	}
	if lp := list(p.admin, "status=live&outcome=none"); lp.Total != 1 {
		t.Errorf("live+none: %+v", lp)
	}
	from := a.clock.Now().Add(150 * time.Minute).UTC().Format(time.RFC3339)
	if lp := list(p.admin, "from="+from); lp.Total != 1 || lp.Interviews[0].ID != up1.ID {
		t.Errorf("from filter: %+v", lp)
	}
	if lp := list(p.admin, "pageSize=2&page=3"); lp.Total != 5 || len(lp.Interviews) != 1 || lp.Page != 3 {
		t.Errorf("paging: %+v", lp)
	}
	if lp := list(p.ivOff, ""); lp.Total != 1 || lp.Interviews[0].ID != other.ID {
		t.Errorf("interviewer sees only theirs: %+v", lp)
	}
	if lp := list(p.candOn, "person="+p.cand2.ID); lp.Total != 0 {
		t.Errorf("non-admin person filter escaped membership: %+v", lp)
	}
	// A second node loads the same state from the database.
	svc2 := a.newService(t)
	d2, err := svc2.Dashboard(a.as(t, p.candOn))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(d2.Upcoming), []string{up2.ID, up1.ID}) || len(d2.Past) != 1 || len(d2.Live) != 1 {
		t.Errorf("reloaded dashboard: %+v", d2)
	}
}

func TestLiveEvents(t *testing.T) {
	a := newApp(t)
	p := a.p
	cand, stopC := a.bus.Subscribe(events.Viewer{UserID: p.candOn.ID, Role: string(identity.RoleCandidate)})
	defer stopC()
	stranger, stopS := a.bus.Subscribe(events.Viewer{UserID: p.candOff.ID, Role: string(identity.RoleCandidate)})
	defer stopS()
	ivr, stopI := a.bus.Subscribe(events.Viewer{UserID: p.ivOn.ID, Role: string(identity.RoleInterviewer)})
	defer stopI()
	adm, stopA := a.bus.Subscribe(events.Viewer{UserID: p.admin.ID + "-other-admin", Role: string(identity.RoleAdmin)})
	defer stopA()

	status, raw := a.api(t, "POST", "/api/interviews", p.ivOn, map[string]any{"title": "Live", "candidateId": p.candOn.ID,
		"interviewerIds": []string{p.ivOn.ID}, "instant": true, "durationMinutes": 30})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, raw)
	}
	var iv InterviewJSON
	testenv.DecodeJSON(t, raw, &iv)
	if status, raw := a.api(t, "POST", "/api/interviews/"+iv.ID+"/comments", p.ivOn, map[string]any{"content": "hm", "rating": 3}); status != http.StatusCreated {
		t.Fatalf("comment: %d %s", status, raw)
	}
	drain := func(ch <-chan events.Event) []string {
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
	ct := drain(cand)
	if !slices.Contains(ct, "interview:"+iv.ID) || !slices.Contains(ct, "interviews") || !slices.Contains(ct, "notifications") {
		t.Errorf("candidate heard %v", ct)
	}
	if slices.Contains(ct, "comments:"+iv.ID) {
		t.Errorf("candidate heard about comments: %v", ct)
	}
	if st := drain(stranger); len(st) != 0 {
		t.Errorf("unrelated user heard %v", st)
	}
	if it := drain(ivr); !slices.Contains(it, "comments:"+iv.ID) || !slices.Contains(it, "interview:"+iv.ID) {
		t.Errorf("interviewer heard %v", it)
	}
	if at := drain(adm); !slices.Contains(at, "comments:"+iv.ID) || !slices.Contains(at, "interview:"+iv.ID) || slices.Contains(at, "notifications") {
		t.Errorf("admin heard %v", at)
	}
}

func TestNotificationsAndInvites(t *testing.T) {
	a := newApp(t)
	p := a.p
	title := fmt.Sprintf("Invite test %s", testenv.RandomHex(4))
	iv := a.interview(t, false, func(r *CreateRequest) { r.Title = title })
	got := a.waitMails(t, "Interview scheduled: "+title, 1)
	if got[0].Attachments != 1 || len(got[0].To) != 2 {
		t.Errorf("invite = %+v", got[0])
	}
	src := a.raw(t, got[0].ID)
	if !strings.Contains(src, "method=REQUEST") {
		t.Errorf("invite has no text/calendar REQUEST attachment:\n%s", src)
	}
	// Update the time: an updated invite with SEQUENCE 1.
	newStart := a.clock.Now().Add(5 * time.Hour).UTC().Format(time.RFC3339)
	if _, err := a.svc.Update(a.as(t, p.ivOn), iv.ID, UpdateRequest{StartsAt: &newStart}); err != nil {
		t.Fatal(err)
	}
	upd := a.waitMails(t, "Interview updated: "+title, 1)
	if ics := icsOf(t, a.raw(t, upd[0].ID)); !strings.Contains(ics, "SEQUENCE:1\r\n") || !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), "URL:https://interviews.example.test/interviews/"+iv.ID+"/room\r\n") {
		t.Errorf("updated invite:\n%s", ics)
	}
	if _, err := a.svc.Cancel(a.as(t, p.admin), iv.ID); err != nil {
		t.Fatal(err)
	}
	canc := a.waitMails(t, "Interview cancelled: "+title, 1)
	if ics := icsOf(t, a.raw(t, canc[0].ID)); !strings.Contains(ics, "METHOD:CANCEL\r\n") || !strings.Contains(ics, "STATUS:CANCELLED\r\n") || !strings.Contains(ics, "SEQUENCE:2\r\n") {
		t.Errorf("cancel invite:\n%s", ics)
	}

	var ns struct {
		Notifications []Notification `json:"notifications"`
		Unread        int            `json:"unread"`
	}
	status, raw := a.api(t, "GET", "/api/notifications", p.candOn, nil)
	testenv.DecodeJSON(t, raw, &ns)
	if status != 200 || ns.Unread != 3 || len(ns.Notifications) != 3 || ns.Notifications[0].Kind != KindCancelled ||
		ns.Notifications[2].Kind != KindInvited || ns.Notifications[0].InterviewID != iv.ID {
		t.Fatalf("notifications: %s", raw)
	}
	if strings.Contains(string(raw), "userId") {
		t.Error("notification JSON leaks userId")
	}
	// Another user's ids are ignored.
	if status, _ := a.api(t, "POST", "/api/notifications/read", p.ivOn, map[string]any{"ids": []string{ns.Notifications[0].ID}}); status != 204 {
		t.Fatal(status)
	}
	if status, _ := a.api(t, "POST", "/api/notifications/read", p.candOn, map[string]any{"ids": []string{ns.Notifications[1].ID}}); status != 204 {
		t.Fatal(status)
	}
	_, raw = a.api(t, "GET", "/api/notifications", p.candOn, nil)
	testenv.DecodeJSON(t, raw, &ns)
	if ns.Unread != 2 || !ns.Notifications[1].Read || ns.Notifications[0].Read {
		t.Errorf("after marking one: %s", raw)
	}
	a.api(t, "POST", "/api/notifications/read", p.candOn, map[string]any{"all": true})
	_, raw = a.api(t, "GET", "/api/notifications", p.candOn, nil)
	testenv.DecodeJSON(t, raw, &ns)
	if ns.Unread != 0 {
		t.Errorf("after all: %s", raw)
	}
	_, raw = a.api(t, "GET", "/api/notifications", p.candOff, nil)
	if string(raw) != `{"notifications":[],"unread":0}`+"\n" {
		t.Errorf("unrelated notifications: %s", raw)
	}
}

// icsOf returns the decoded calendar attachment of a raw message.
func icsOf(t *testing.T, raw string) string {
	t.Helper()
	i := strings.Index(raw, "Content-Type: text/calendar")
	if i < 0 {
		t.Fatalf("no calendar part in\n%s", raw)
	}
	part := raw[i:]
	body := part[strings.Index(part, "\r\n\r\n")+4:]
	body = body[:strings.Index(body, "\r\n--")]
	dec, err := decodeB64(strings.ReplaceAll(body, "\r\n", ""))
	if err != nil {
		t.Fatal(err)
	}
	return dec
}

func decodeB64(s string) (string, error) {
	var out []byte
	err := json.Unmarshal([]byte(`"`+s+`"`), &out)
	return string(out), err
}

func TestNotificationsNewestFiftyAndCommentOrder(t *testing.T) {
	a := newApp(t)
	iv := a.interview(t, true) // one "invited" notification each
	stored, ok := a.svc.model.get(iv.ID)
	if !ok {
		t.Fatal("not in the read model")
	}
	for range 55 {
		if err := a.svc.notify(testenv.Context(t), stored, KindUpdated, []string{a.p.candOn.ID}); err != nil {
			t.Fatal(err)
		}
	}
	ns, unread, err := a.svc.Notifications(a.as(t, a.p.candOn))
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 50 || unread != 50 || ns[0].ID != notificationID(a.p.candOn.ID, 56) || ns[49].ID != notificationID(a.p.candOn.ID, 7) {
		t.Errorf("got %d (unread %d), first %s last %s", len(ns), unread, ns[0].ID, ns[len(ns)-1].ID)
	}
	for i := range 3 {
		if _, err := a.svc.AddComment(a.as(t, a.p.ivOn), iv.ID, CommentRequest{Content: fmt.Sprint("c", i), Rating: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := a.svc.Comments(a.as(t, a.p.admin), iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 || cs[0].Content != "c0" || cs[2].Content != "c2" || cs[2].Rating != 3 {
		t.Errorf("comments = %+v", cs)
	}
}

func TestAnotherNodesInterview(t *testing.T) {
	a := newApp(t)
	node2 := a.newService(t) // loaded before the interview exists
	iv := a.interview(t, false)
	got, err := node2.Get(a.as(t, a.p.candOn), iv.ID)
	if err != nil || got.ID != iv.ID {
		t.Fatalf("node 2 Get = %v, %v", got.ID, err)
	}
	if r, err := node2.Relation(testenv.Context(t), iv.ID, a.p.ivOn.ID); err != nil || r != RelationInterviewer {
		t.Errorf("node 2 Relation = %v, %v", r, err)
	}
	// Node 1 renames it; node 2 edits the duration from the stored version.
	title := "Renamed on node 1"
	if _, err := a.svc.Update(a.as(t, a.p.ivOn), iv.ID, UpdateRequest{Title: &title}); err != nil {
		t.Fatal(err)
	}
	d := 45
	out, err := node2.Update(a.as(t, a.p.ivOn), iv.ID, UpdateRequest{DurationMinutes: &d})
	if err != nil {
		t.Fatal(err)
	}
	if out.Title != title || out.DurationMinutes != 45 {
		t.Errorf("node 2 update lost node 1's change: %+v", out)
	}
}
