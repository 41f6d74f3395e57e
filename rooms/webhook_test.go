package rooms

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/utils/protojson"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

// sign is what LiveKit's webhook sender does: a JWT with the API key,
// signed with the secret, carrying the body's SHA-256.
func sign(t *testing.T, key, secret string, body []byte) string {
	t.Helper()
	sum := sha256.Sum256(body)
	tok, err := auth.NewAccessToken(key, secret).SetValidFor(5 * time.Minute).
		SetSha256(base64.StdEncoding.EncodeToString(sum[:])).ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func eventBody(t *testing.T, ev *livekit.WebhookEvent) []byte {
	t.Helper()
	b, err := protojson.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// postHook posts body to the app's webhook as LiveKit does (no Origin, no
// session), with auth as the Authorization header ("" = none).
func (a *testApp) postHook(t *testing.T, auth string, body []byte) (int, []byte) {
	t.Helper()
	h := http.Header{"Content-Type": {"application/webhook+json"}}
	if auth != "" {
		h.Set("Authorization", auth)
	}
	return testenv.Call(t, "POST", a.url+WebhookPath, h, body)
}

// A webhook LiveKit did not sign with our key is refused with 401 and
// changes nothing; one it signed is taken.
func TestForgedWebhooksRefused(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	started := eventBody(t, &livekit.WebhookEvent{Event: "room_started", Room: &livekit.Room{Name: iv.ID, Sid: "RM_x"}})
	joined := eventBody(t, &livekit.WebhookEvent{Event: "participant_joined", Room: &livekit.Room{Name: iv.ID, Sid: "RM_x"},
		Participant: &livekit.ParticipantInfo{Sid: "PA_x", Identity: a.p.cand.ID, Name: "Forged", Kind: livekit.ParticipantInfo_STANDARD}})
	before, reports := a.dump(t), a.ivs.reported()

	otherSecret := strings.Repeat("f", 48)
	for name, c := range map[string]struct {
		auth string
		body []byte
	}{
		"no signature":                {"", started},
		"signed with another secret":  {sign(t, a.lk.APIKey, otherSecret, started), started},
		"signed with an unknown key":  {sign(t, "otherkey", a.lk.APISecret, started), started},
		"a signature of another body": {sign(t, a.lk.APIKey, a.lk.APISecret, started), joined},
		"a join with a changed body":  {sign(t, a.lk.APIKey, a.lk.APISecret, joined), []byte(strings.Replace(string(joined), "Forged", "Forgex", 1))},
		"not a JWT":                   {"Bearer nonsense", started},
		"an unsigned JWT":             {"eyJhbGciOiJub25lIn0.eyJzaGEyNTYiOiJ4In0.", started},
	} {
		status, raw := a.postHook(t, c.auth, c.body)
		if status != http.StatusUnauthorized {
			t.Errorf("%s: %d %s, want 401", name, status, raw)
		}
	}
	if !sameDump(before, a.dump(t)) || a.ivs.reported() != reports || a.ivs.call(iv.ID) != "none" {
		t.Fatal("a refused webhook changed something")
	}

	// Too big: refused before anything is parsed.
	big := make([]byte, 2<<20)
	if status, _ := a.postHook(t, sign(t, a.lk.APIKey, a.lk.APISecret, big), big); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MB webhook: %d, want 413", status)
	}
	// Signed but not an event: 400.
	junk := []byte(`{"event": 7}`)
	if status, _ := a.postHook(t, sign(t, a.lk.APIKey, a.lk.APISecret, junk), junk); status != http.StatusBadRequest {
		t.Errorf("a signed non-event: %d, want 400", status)
	}
	if !sameDump(before, a.dump(t)) || a.ivs.reported() != reports {
		t.Fatal("a refused webhook changed something")
	}

	// The same events signed right are taken; a room that is no interview
	// is ignored.
	if status, raw := a.postHook(t, sign(t, a.lk.APIKey, a.lk.APISecret, started), started); status != http.StatusNoContent {
		t.Fatalf("a signed room_started: %d %s", status, raw)
	}
	if a.ivs.call(iv.ID) != "none" {
		t.Errorf("call state %s after a signed room_started, want none: a room nobody entered is no call", a.ivs.call(iv.ID))
	}
	if status, raw := a.postHook(t, sign(t, a.lk.APIKey, a.lk.APISecret, joined), joined); status != http.StatusNoContent {
		t.Fatalf("a signed participant_joined: %d %s", status, raw)
	}
	if a.ivs.call(iv.ID) != "live" {
		t.Errorf("call state %s after the first participant joined, want live", a.ivs.call(iv.ID))
	}
	stranger := eventBody(t, &livekit.WebhookEvent{Event: "room_started", Room: &livekit.Room{Name: "not-an-interview"}})
	reports = a.ivs.reported()
	if status, _ := a.postHook(t, sign(t, a.lk.APIKey, a.lk.APISecret, stranger), stranger); status != http.StatusNoContent || a.ivs.reported() != reports {
		t.Errorf("another room's webhook: %d, reports %d → %d", status, reports, a.ivs.reported())
	}
	rows := a.attendance(t, iv.ID, a.p.owner)
	if len(rows) != 1 || rows[0].Name != a.p.cand.Name || rows[0].Role != RoleCandidate {
		t.Errorf("attendance = %+v, want the candidate under their own name", rows)
	}
}

// attendance is GET …/attendance as p.
func (a *testApp) attendance(t *testing.T, id string, p person) []Attendance {
	t.Helper()
	status, raw := a.api(t, "GET", "/api/interviews/"+id+"/attendance", p, nil)
	if status != http.StatusOK {
		t.Fatalf("attendance as %s: %d %s", p.Name, status, raw)
	}
	var out struct{ Attendance []Attendance }
	testenv.DecodeJSON(t, raw, &out)
	return out.Attendance
}

// The real LiveKit's webhooks: the first participant's join makes the call
// live, joins and leaves are attendance, the end finishes the room
// (room_finished).
func TestWebhooksFromLiveKit(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t, func(iv *Interview) { iv.StartsAt = time.Now().Add(10 * time.Minute) })
	heard, stop := a.bus.Subscribe(events.Viewer{UserID: a.p.ivOn.ID, Role: string(identity.RoleInterviewer)})
	defer stop()
	strangerHeard, stopS := a.bus.Subscribe(events.Viewer{UserID: a.p.candOff.ID, Role: string(identity.RoleCandidate)})
	defer stopS()

	j := a.join(t, iv.ID, a.p.cand)
	pt := connect(t, j)
	eventually(t, "participant_joined to make the call live", func() bool { return a.ivs.call(iv.ID) == "live" })
	var rows []Attendance
	eventually(t, "the candidate's join in the attendance", func() bool {
		rows = a.attendance(t, iv.ID, a.p.ivOn)
		return len(rows) == 1
	})
	r := rows[0]
	if r.UserID != a.p.cand.ID || r.Name != a.p.cand.Name || r.Role != RoleCandidate || r.LeftAt != nil ||
		time.Since(r.JoinedAt) > time.Minute {
		t.Errorf("attendance row = %+v", r)
	}
	if topics := drain(heard); !slices.Contains(topics, "attendance:"+iv.ID) {
		t.Errorf("an interviewer heard %v, want attendance:%s", topics, iv.ID)
	}
	if topics := drain(strangerHeard); len(topics) != 0 {
		t.Errorf("someone not on it heard %v", topics)
	}

	// The owner joins too, the candidate leaves and comes back: a new span.
	owner := connect(t, a.join(t, iv.ID, a.p.owner))
	pt.room.Disconnect()
	eventually(t, "the candidate's leave", func() bool {
		rows = a.attendance(t, iv.ID, a.p.cand)
		for _, r := range rows {
			if r.UserID == a.p.cand.ID && r.LeftAt != nil {
				return true
			}
		}
		return false
	})
	connect(t, a.join(t, iv.ID, a.p.cand))
	eventually(t, "three spans", func() bool { rows = a.attendance(t, iv.ID, a.p.admin); return len(rows) == 3 })
	var cand, own int
	for _, r := range rows {
		switch r.UserID {
		case a.p.cand.ID:
			cand++
		case a.p.owner.ID:
			own++
			if r.Role != RoleOwner {
				t.Errorf("the owner's row says %s", r.Role)
			}
		}
	}
	if cand != 2 || own != 1 || !slices.IsSortedFunc(rows, func(x, y Attendance) int { return x.JoinedAt.Compare(y.JoinedAt) }) {
		t.Errorf("attendance = %+v, want two candidate spans and one owner's, by time", rows)
	}
	_ = owner

	// The end: room_finished, and everyone's leave.
	if status, raw := a.api(t, "POST", "/api/interviews/"+iv.ID+"/room/end", a.p.owner, nil); status != http.StatusNoContent {
		t.Fatalf("end: %d %s", status, raw)
	}
	eventually(t, "every span closed", func() bool {
		for _, r := range a.attendance(t, iv.ID, a.p.owner) {
			if r.LeftAt == nil {
				return false
			}
		}
		return true
	})
	if a.ivs.call(iv.ID) != "ended" {
		t.Errorf("call state %s after the end, want ended", a.ivs.call(iv.ID))
	}
	// Members and admins read attendance; nobody else.
	for _, p := range []person{a.p.candOff, a.p.ivOff} {
		if status, _ := a.api(t, "GET", "/api/interviews/"+iv.ID+"/attendance", p, nil); status != http.StatusForbidden {
			t.Errorf("attendance read by %s: %d, want 403", p.Name, status)
		}
	}
}

// drain collects what ch hears within 300 ms.
func drain(ch <-chan events.Event) []string {
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
