package rooms

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func (a *testApp) chat(t *testing.T, id string, p person) []ChatMessage {
	t.Helper()
	status, raw := a.api(t, "GET", "/api/interviews/"+id+"/chat", p, nil)
	if status != http.StatusOK {
		t.Fatalf("chat as %s: %d %s", p.Name, status, raw)
	}
	var out struct{ Messages []ChatMessage }
	testenv.DecodeJSON(t, raw, &out)
	return out.Messages
}

func (a *testApp) say(t *testing.T, id string, p person, text string) ChatMessage {
	t.Helper()
	status, raw := a.api(t, "POST", "/api/interviews/"+id+"/chat", p, map[string]string{"text": text})
	if status != http.StatusCreated {
		t.Fatalf("chat %q as %s: %d %s", text, p.Name, status, raw)
	}
	var m ChatMessage
	testenv.DecodeJSON(t, raw, &m)
	return m
}

// The chat is kept with the interview, read by its members and admins,
// written by its members, and forwarded to the call.
func TestChatStoredListedAndForwarded(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	other := a.newInterview(t, func(o *Interview) { o.CandidateID = a.p.candOff.ID; o.InterviewerIDs = []string{a.p.ivOff.ID} })
	if got := a.chat(t, iv.ID, a.p.cand); len(got) != 0 {
		t.Fatalf("a new interview's chat: %+v", got)
	}
	heard, stop := a.bus.Subscribe(events.Viewer{UserID: a.p.cand.ID, Role: string(identity.RoleCandidate)})
	defer stop()
	strangerHeard, stopS := a.bus.Subscribe(events.Viewer{UserID: a.p.candOff.ID, Role: string(identity.RoleCandidate)})
	defer stopS()
	// Someone in the call hears each message on the "chat" topic.
	listener := connect(t, a.join(t, iv.ID, a.p.ivOn))

	m1 := a.say(t, iv.ID, a.p.cand, "  Hello, can you hear me?  ")
	if m1.Text != "Hello, can you hear me?" || m1.UserID != a.p.cand.ID || m1.Name != a.p.cand.Name || m1.ID == "" ||
		time.Since(m1.SentAt) > time.Minute {
		t.Errorf("posted message = %+v", m1)
	}
	m2 := a.say(t, iv.ID, a.p.ivOn, "Yes — loud and clear ✓")
	m3 := a.say(t, iv.ID, a.p.owner, strings.Repeat("é", maxChatText))
	for _, p := range []person{a.p.cand, a.p.ivOn, a.p.owner, a.p.admin} {
		got := a.chat(t, iv.ID, p)
		if len(got) != 3 || got[0].ID != m1.ID || got[1].ID != m2.ID || got[2].ID != m3.ID || got[1].Text != m2.Text {
			t.Errorf("chat as %s: %d messages, want the three oldest first", p.Name, len(got))
		}
	}
	eventually(t, "the three messages in the call", func() bool { return len(listener.heard(TopicChat)) == 3 })
	var inCall ChatMessage
	if err := json.Unmarshal([]byte(listener.heard(TopicChat)[0]), &inCall); err != nil || inCall != m1 {
		t.Errorf("the call heard %+v (%v), want %+v", inCall, err, m1)
	}
	if topics := drain(heard); !slices.Contains(topics, "chat:"+iv.ID) {
		t.Errorf("the candidate heard %v, want chat:%s", topics, iv.ID)
	}
	if topics := drain(strangerHeard); len(topics) != 0 {
		t.Errorf("someone not on it heard %v", topics)
	}

	// Stored as small documents with ids by interview and number.
	docs := testenv.Docs[ChatMessage](t, a.db, ChatCollection)
	if len(docs) != 3 || docs[0].ID != iv.ID+":00000001" || docs[2].InterviewID != iv.ID {
		t.Errorf("stored chat = %+v", docs)
	}

	// Another node lists the same, and each sees the other's new messages.
	node2 := a.newService(t)
	m4, err := node2.PostChat(a.ctxAs(t, a.p.cand), iv.ID, ChatRequest{Text: "from node 2"})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.chat(t, iv.ID, a.p.cand); len(got) != 4 || got[3].ID != m4.ID || got[3].Text != m4.Text {
		t.Errorf("node 1 after node 2's message: %d messages, last %+v", len(got), got[len(got)-1])
	}
	a.say(t, iv.ID, a.p.cand, "from node 1")
	if got, err := node2.Chat(a.ctxAs(t, a.p.ivOn), iv.ID); err != nil || len(got) != 5 || got[4].Text != "from node 1" {
		t.Errorf("node 2 after node 1's message: %+v %v", got, err)
	}

	// Nobody else reads it: not even the candidate of another interview.
	for _, p := range []person{a.p.candOff, a.p.ivOff} {
		status, raw := a.api(t, "GET", "/api/interviews/"+iv.ID+"/chat", p, nil)
		if status != http.StatusForbidden || strings.Contains(string(raw), "Hello") {
			t.Errorf("chat read by %s (on another interview): %d %s", p.Name, status, raw)
		}
	}
	if status, _ := a.api(t, "GET", "/api/interviews/"+iv.ID+"/chat", person{}, nil); status != http.StatusUnauthorized {
		t.Errorf("chat read signed out: %d", status)
	}
	if got := a.chat(t, other.ID, a.p.candOff); len(got) != 0 {
		t.Errorf("the other interview's chat: %+v", got)
	}
}

func TestChatRefusals(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	path := "/api/interviews/" + iv.ID + "/chat"
	before := a.dump(t)
	for body, want := range map[string]int{
		`{"text":""}`:        http.StatusBadRequest,
		`{"text":"  \n\t "}`: http.StatusBadRequest,
		fmt.Sprintf(`{"text":%q}`, strings.Repeat("x", maxChatText+1)): http.StatusBadRequest,
		`{"text":"hi","name":"Someone else"}`:                          http.StatusBadRequest,
		`{"text":7}`:                                                   http.StatusBadRequest,
		`{"text":"hi"} {}`:                                             http.StatusBadRequest,
		`not json`:                                                     http.StatusBadRequest,
	} {
		if status, raw := a.api(t, "POST", path, a.p.cand, body); status != want {
			t.Errorf("chat %.40s: %d %s, want %d", body, status, raw, want)
		}
	}
	// Admins not on the interview read, but do not write; strangers
	// neither, whatever the body.
	for _, p := range []person{a.p.admin, a.p.candOff, a.p.ivOff} {
		for _, body := range []any{map[string]string{"text": "hi"}, "not json"} {
			if status, raw := a.api(t, "POST", path, p, body); status != http.StatusForbidden {
				t.Errorf("chat by %s: %d %s, want 403", p.Name, status, raw)
			}
		}
	}
	if status, _ := a.api(t, "POST", path, person{}, map[string]string{"text": "hi"}); status != http.StatusUnauthorized {
		t.Errorf("chat signed out: %d", status)
	}
	if !sameDump(before, a.dump(t)) {
		t.Fatal("a refused message was stored")
	}

	// A cancelled interview's chat is read-only.
	a.say(t, iv.ID, a.p.cand, "before the cancellation")
	cancelled := iv
	cancelled.Cancelled = true
	a.ivs.put(cancelled)
	status, raw := a.api(t, "POST", path, a.p.owner, map[string]string{"text": "after"})
	if status != http.StatusConflict || !strings.Contains(testenv.ErrorBody(t, raw).Error, "cancelled") {
		t.Errorf("chat on a cancelled interview: %d %s", status, raw)
	}
	if got := a.chat(t, iv.ID, a.p.owner); len(got) != 1 {
		t.Errorf("a cancelled interview's chat = %+v, want the one message", got)
	}
}
