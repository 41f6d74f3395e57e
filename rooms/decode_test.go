package rooms

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/utils/protojson"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// The decoders of what arrives from outside: `go test -fuzz=Fuzz<name>
// ./rooms/` runs one (the seeds run with every go test).

func FuzzDecodeEvent(f *testing.F) {
	for _, ev := range []*livekit.WebhookEvent{
		{Event: "room_started", Room: &livekit.Room{Name: "abc", Sid: "RM_1", CreationTime: 1}},
		{Event: "participant_joined", Room: &livekit.Room{Name: "abc"}, Participant: &livekit.ParticipantInfo{Sid: "PA_1", Identity: "u", Metadata: `{"role":"owner"}`}},
	} {
		b, _ := protojson.Marshal(ev)
		f.Add(b)
	}
	f.Add([]byte(`{"event":"room_finished","room":{"name":"x"},"unknownField":[1,2]}`))
	f.Add([]byte(`{"event": 7}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := decodeEvent(data)
		if err != nil {
			if httpx.Status(err) != http.StatusBadRequest {
				t.Fatalf("decode error %v maps to %d, want 400", err, httpx.Status(err))
			}
			return
		}
		// What decoded encodes and decodes to the same event.
		again, err := protojson.Marshal(ev)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		ev2, err := decodeEvent(again)
		if err != nil || ev2.GetEvent() != ev.GetEvent() || ev2.GetRoom().GetName() != ev.GetRoom().GetName() ||
			ev2.GetParticipant().GetIdentity() != ev.GetParticipant().GetIdentity() {
			t.Fatalf("round trip: %v, %v", ev2, err)
		}
		_ = tokenRole(ev.GetParticipant().GetMetadata())
	})
}

// decodeBody runs httpx.Decode on body as the handlers do.
func decodeBody(body []byte, v any) error {
	r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return httpx.Decode(httptest.NewRecorder(), r, v)
}

func FuzzChatRequest(f *testing.F) {
	for _, s := range []string{`{"text":"hi"}`, `{"text":"  "}`, `{"text":"a\u0000b"}`, `{"text":"\ud800"}`,
		`{"text":"hi","x":1}`, `{"text":7}`, `{}`, `[]`, `{"text":"` + strings.Repeat("é", maxChatText) + `"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req ChatRequest
		if err := decodeBody(body, &req); err != nil {
			if st := httpx.Status(err); st != http.StatusBadRequest && st != http.StatusRequestEntityTooLarge {
				t.Fatalf("decode error %v maps to %d", err, st)
			}
			return
		}
		text, err := checkChatText(req.Text)
		if err != nil {
			if httpx.Status(err) != http.StatusBadRequest {
				t.Fatalf("check error %v maps to %d", err, httpx.Status(err))
			}
			return
		}
		n := utf8.RuneCountInString(text)
		if n < 1 || n > maxChatText || text != strings.TrimSpace(text) || !utf8.ValidString(text) {
			t.Fatalf("accepted text %q (%d characters)", text, n)
		}
	})
}

func FuzzParticipantRequest(f *testing.F) {
	for _, s := range []string{`{"identity":"c8bada42-5a42-4763-90ea-52bf71819387"}`, `{"identity":""}`,
		`{"identity":" x "}`, `{"identity":"x","y":1}`, `{"identity":null}`, `{"identity":"` + strings.Repeat("x", 200) + `"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req ParticipantRequest
		if err := decodeBody(body, &req); err != nil {
			return
		}
		id, err := checkIdentity(req.Identity)
		if err != nil {
			if httpx.Status(err) != http.StatusBadRequest {
				t.Fatalf("check error %v maps to %d", err, httpx.Status(err))
			}
			return
		}
		if id == "" || len(id) > maxIdentity || id != strings.TrimSpace(id) || !utf8.ValidString(id) {
			t.Fatalf("accepted identity %q", id)
		}
	})
}

func FuzzNoBody(f *testing.F) {
	for _, s := range []string{``, ` `, `{}`, ` { } `, `{"a":1}`, `{}{}`, `[]`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		err := noBody(httptest.NewRecorder(), r)
		if err != nil {
			if st := httpx.Status(err); st != http.StatusBadRequest && st != http.StatusRequestEntityTooLarge {
				t.Fatalf("error %v maps to %d", err, st)
			}
			return
		}
		// Accepted: nothing, or one JSON value with no field in it.
		var compact bytes.Buffer
		if len(bytes.TrimSpace(body)) > 0 {
			if json.Compact(&compact, body) != nil || (compact.String() != "{}" && compact.String() != "null") {
				t.Fatalf("accepted body %q", body)
			}
		}
	})
}

func TestSpans(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 10, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	ev := func(sid, user string, joined bool, m int) attendanceEvent {
		return attendanceEvent{ParticipantSID: sid, UserID: user, Name: user, Role: RoleCandidate, Joined: joined, At: at(m)}
	}
	got := spans([]attendanceEvent{
		ev("PA_2", "b", true, 5),
		ev("PA_1", "a", true, 0),
		ev("PA_1", "a", true, 0), // delivered twice
		ev("PA_3", "a", false, 9),
		ev("PA_3", "a", true, 7), // its leave came first
		ev("PA_1", "a", false, 4),
		ev("PA_4", "c", false, 3), // its join never came
	})
	if len(got) != 3 {
		t.Fatalf("spans = %+v, want 3", got)
	}
	want := []struct {
		user         string
		joined, left int
		open         bool
	}{{"a", 0, 4, false}, {"b", 5, 0, true}, {"a", 7, 9, false}}
	for i, w := range want {
		g := got[i]
		if g.UserID != w.user || !g.JoinedAt.Equal(at(w.joined)) || (g.LeftAt == nil) != w.open || (!w.open && !g.LeftAt.Equal(at(w.left))) {
			t.Errorf("span %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestTokenRole(t *testing.T) {
	for md, want := range map[string]Role{`{"role":"owner"}`: RoleOwner, `{"role":"admin"}`: RoleAdmin, `{"role":"boss"}`: "", ``: "", `[]`: ""} {
		if got := tokenRole(md); got != want {
			t.Errorf("tokenRole(%q) = %q, want %q", md, got, want)
		}
	}
}
