package rooms

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// publishMic publishes a (silent) microphone track for pt.
func publishMic(t *testing.T, pt *participant) *lksdk.LocalTrackPublication {
	t.Helper()
	track, err := lksdk.NewLocalSampleTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := pt.room.LocalParticipant.PublishTrack(track, &lksdk.TrackPublicationOptions{Name: "mic", Source: livekit.TrackSource_MICROPHONE})
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// micMuted reports whether LiveKit has identity's microphone muted (false
// when it has none).
func (a *testApp) micMuted(t *testing.T, room, identity string) bool {
	t.Helper()
	info, err := a.control.GetParticipant(testenv.Context(t), &livekit.RoomParticipantIdentity{Room: room, Identity: identity})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range info.Tracks {
		if tr.Source == livekit.TrackSource_MICROPHONE {
			return tr.Muted
		}
	}
	return false
}

func (a *testApp) inRoom(t *testing.T, room, identity string) bool {
	t.Helper()
	_, err := a.control.GetParticipant(testenv.Context(t), &livekit.RoomParticipantIdentity{Room: room, Identity: identity})
	if err != nil && !isNotFound(err) {
		t.Fatal(err)
	}
	return err == nil
}

// Mute and remove: the owner and admins, nobody else; refused before the
// body is read.
func TestMuteAndRemove(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	cand := connect(t, a.join(t, iv.ID, a.p.cand))
	ivOn := connect(t, a.join(t, iv.ID, a.p.ivOn))
	publishMic(t, cand)
	publishMic(t, ivOn)
	eventually(t, "both microphones published", func() bool {
		info, err := a.control.ListParticipants(testenv.Context(t), &livekit.ListParticipantsRequest{Room: iv.ID})
		if err != nil {
			return false
		}
		n := 0
		for _, p := range info.Participants {
			n += len(p.Tracks)
		}
		return n == 2
	})

	base := "/api/interviews/" + iv.ID + "/room/"
	for _, action := range []string{"mute", "remove"} {
		for _, p := range []person{a.p.cand, a.p.ivOn, a.p.candOff, a.p.ivOff} {
			// Refused whatever the body, even one that would not decode.
			for _, body := range []any{map[string]string{"identity": a.p.cand.ID}, "{not json"} {
				if status, raw := a.api(t, "POST", base+action, p, body); status != http.StatusForbidden {
					t.Errorf("%s by %s: %d %s, want 403", action, p.Name, status, raw)
				}
			}
		}
		if status, raw := a.api(t, "POST", base+action, person{}, map[string]string{"identity": a.p.cand.ID}); status != http.StatusUnauthorized {
			t.Errorf("%s signed out: %d %s", action, status, raw)
		}
		for body, want := range map[string]int{
			`{"identity":""}`:               http.StatusBadRequest,
			`{"identity":"x","extra":true}`: http.StatusBadRequest,
			`{"identity":"nobody-here"}`:    http.StatusNotFound,
		} {
			if status, raw := a.api(t, "POST", base+action, a.p.owner, body); status != want {
				t.Errorf("%s %s by the owner: %d %s, want %d", action, body, status, raw, want)
			}
		}
	}
	if !a.inRoom(t, iv.ID, a.p.cand.ID) || a.micMuted(t, iv.ID, a.p.cand.ID) {
		t.Fatal("a refused control changed the call")
	}

	// The owner mutes the candidate, an admin the interviewer.
	if status, raw := a.api(t, "POST", base+"mute", a.p.owner, map[string]string{"identity": a.p.cand.ID}); status != http.StatusNoContent {
		t.Fatalf("owner mutes: %d %s", status, raw)
	}
	eventually(t, "the candidate's microphone muted", func() bool { return a.micMuted(t, iv.ID, a.p.cand.ID) })
	if status, raw := a.api(t, "POST", base+"mute", a.p.admin, map[string]string{"identity": a.p.ivOn.ID}); status != http.StatusNoContent {
		t.Fatalf("admin mutes: %d %s", status, raw)
	}
	eventually(t, "the interviewer's microphone muted", func() bool { return a.micMuted(t, iv.ID, a.p.ivOn.ID) })
	// Muting again is fine.
	if status, raw := a.api(t, "POST", base+"mute", a.p.owner, map[string]string{"identity": a.p.cand.ID}); status != http.StatusNoContent {
		t.Errorf("mute again: %d %s", status, raw)
	}

	// The owner removes the candidate; an admin the interviewer.
	if status, raw := a.api(t, "POST", base+"remove", a.p.owner, map[string]string{"identity": a.p.cand.ID}); status != http.StatusNoContent {
		t.Fatalf("owner removes: %d %s", status, raw)
	}
	select {
	case <-cand.gone:
	case <-time.After(20 * time.Second):
		t.Fatal("the removed candidate is still connected")
	}
	if a.inRoom(t, iv.ID, a.p.cand.ID) {
		t.Error("LiveKit still lists the removed candidate")
	}
	if status, raw := a.api(t, "POST", base+"remove", a.p.admin, map[string]string{"identity": a.p.ivOn.ID}); status != http.StatusNoContent {
		t.Fatalf("admin removes: %d %s", status, raw)
	}
	eventually(t, "the interviewer gone", func() bool { return !a.inRoom(t, iv.ID, a.p.ivOn.ID) })
	if status, _ := a.api(t, "POST", base+"remove", a.p.owner, map[string]string{"identity": a.p.cand.ID}); status != http.StatusNotFound {
		t.Errorf("removing someone already gone: %d, want 404", status)
	}
	// Removed from the call, not from the interview: they may join again.
	connect(t, a.join(t, iv.ID, a.p.cand))
}

// Ending: the owner and admins, nobody else. Everyone in the call hears who
// ended it, the room is deleted and the call is recorded as ended.
func TestEndCall(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	end := "/api/interviews/" + iv.ID + "/room/end"
	cand := connect(t, a.join(t, iv.ID, a.p.cand))
	ivOn := connect(t, a.join(t, iv.ID, a.p.ivOn))
	for _, p := range []person{a.p.cand, a.p.ivOn, a.p.candOff, a.p.ivOff} {
		if status, raw := a.api(t, "POST", end, p, nil); status != http.StatusForbidden {
			t.Errorf("end by %s: %d %s, want 403", p.Name, status, raw)
		}
	}
	if status, _ := a.api(t, "POST", end, person{}, nil); status != http.StatusUnauthorized {
		t.Errorf("end signed out: %d", status)
	}
	if status, _ := a.api(t, "POST", end, a.p.owner, map[string]any{"now": true}); status != http.StatusBadRequest {
		t.Errorf("end with a body: %d, want 400", status)
	}
	if a.ivs.call(iv.ID) == "ended" || !a.inRoom(t, iv.ID, a.p.cand.ID) {
		t.Fatal("a refused end ended the call")
	}

	if status, raw := a.api(t, "POST", end, a.p.owner, nil); status != http.StatusNoContent {
		t.Fatalf("owner ends: %d %s", status, raw)
	}
	for _, pt := range []*participant{cand, ivOn} {
		select {
		case <-pt.gone:
			if r := pt.room.DisconnectReason(); r != livekit.DisconnectReason_ROOM_DELETED {
				t.Errorf("disconnected with %v, want the room deleted", r)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("a participant is still connected after the end")
		}
		notices := pt.heard(TopicRoomEnded)
		var n struct{ By string }
		if len(notices) != 1 || json.Unmarshal([]byte(notices[0]), &n) != nil || n.By != a.p.owner.Name {
			t.Errorf("room-ended notices heard: %q, want one by %q", notices, a.p.owner.Name)
		}
	}
	list, err := a.control.ListRooms(testenv.Context(t), &livekit.ListRoomsRequest{Names: []string{iv.ID}})
	if err != nil || len(list.Rooms) != 0 {
		t.Errorf("the room after the end: %+v %v, want none", list.GetRooms(), err)
	}
	if a.ivs.call(iv.ID) != "ended" {
		t.Errorf("call state %s after the end, want ended", a.ivs.call(iv.ID))
	}
	a.ivs.mu.Lock()
	by := a.ivs.endedBy[iv.ID]
	a.ivs.mu.Unlock()
	if by != a.p.owner.ID {
		t.Errorf("the call was recorded as ended by %q, want the owner %q", by, a.p.owner.ID)
	}

	// An admin ends another interview's call; ending one with no room only
	// records the end.
	other := a.newInterview(t)
	a.join(t, other.ID, a.p.cand)
	if status, raw := a.api(t, "POST", "/api/interviews/"+other.ID+"/room/end", a.p.admin, nil); status != http.StatusNoContent {
		t.Fatalf("admin ends: %d %s", status, raw)
	}
	list, err = a.control.ListRooms(testenv.Context(t), &livekit.ListRoomsRequest{Names: []string{other.ID}})
	if err != nil || len(list.Rooms) != 0 {
		t.Errorf("the room after an admin's end: %+v %v", list.GetRooms(), err)
	}
	if status, raw := a.api(t, "POST", "/api/interviews/"+other.ID+"/room/end", a.p.owner, nil); status != http.StatusNoContent {
		t.Errorf("ending again: %d %s", status, raw)
	}
	if err := a.svc.End(a.ctxAs(t, a.p.cand), other.ID); !errors.Is(err, ErrNotHost) {
		t.Errorf("End as the candidate: %v, want ErrNotHost", err)
	}
}
