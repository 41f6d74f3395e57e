package rooms

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// Each role's token, decoded and verified with the API secret: this room,
// this person, the role in the metadata, the grants every role gets and
// nothing more, a short life.
func TestJoinTokenGrantsPerRole(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	for _, c := range []struct {
		who  person
		role Role
	}{{a.p.owner, RoleOwner}, {a.p.ivOn, RoleInterviewer}, {a.p.cand, RoleCandidate}, {a.p.admin, RoleAdmin}} {
		t.Run(string(c.role), func(t *testing.T) {
			before := time.Now()
			j := a.join(t, iv.ID, c.who)
			if j.URL != a.lk.URL || j.Identity != c.who.ID || j.Name != c.who.Name || j.Role != c.role || j.Token == "" {
				t.Fatalf("join = %+v, want url %s, identity %s, name %q, role %s", j, a.lk.URL, c.who.ID, c.who.Name, c.role)
			}
			v, err := auth.ParseAPIToken(j.Token)
			if err != nil {
				t.Fatal(err)
			}
			if v.APIKey() != a.lk.APIKey {
				t.Errorf("token signed with key %q, want %q", v.APIKey(), a.lk.APIKey)
			}
			if _, _, err := v.Verify("not-the-secret-not-the-secret-xx"); err == nil {
				t.Error("the token verifies with another secret")
			}
			reg, claims, err := v.Verify(a.lk.APISecret)
			if err != nil {
				t.Fatal(err)
			}
			if claims.Identity != c.who.ID || claims.Name != c.who.Name || claims.Metadata != `{"role":"`+string(c.role)+`"}` {
				t.Errorf("claims identity %q name %q metadata %q", claims.Identity, claims.Name, claims.Metadata)
			}
			exp := reg.ExpiresAt.Time
			if exp.Before(before.Add(tokenTTL-time.Minute)) || exp.After(time.Now().Add(tokenTTL+time.Second)) {
				t.Errorf("token expires at %v, want about %v from now", exp, tokenTTL)
			}
			g := claims.Video
			if g == nil || !g.RoomJoin || g.Room != iv.ID {
				t.Fatalf("video grant %+v: want roomJoin on room %s", g, iv.ID)
			}
			if !g.GetCanPublish() || !g.GetCanSubscribe() || !g.GetCanPublishData() || !g.GetCanUpdateOwnMetadata() {
				t.Errorf("grant %+v: want canPublish, canSubscribe, canPublishData and canUpdateOwnMetadata", g)
			}
			sources := g.GetCanPublishSources()
			want := []livekit.TrackSource{livekit.TrackSource_CAMERA, livekit.TrackSource_MICROPHONE,
				livekit.TrackSource_SCREEN_SHARE, livekit.TrackSource_SCREEN_SHARE_AUDIO}
			slices.Sort(sources)
			slices.Sort(want)
			if !slices.Equal(sources, want) {
				t.Errorf("publish sources %v, want %v", sources, want)
			}
			if g.RoomAdmin || g.RoomCreate || g.RoomList || g.RoomRecord || g.Hidden || g.Recorder || g.IngressAdmin || g.Agent ||
				g.DestinationRoom != "" || g.GetCanSubscribeMetrics() {
				t.Errorf("grant %+v gives more than joining", g)
			}
			if claims.SIP != nil || claims.RoomConfig != nil || len(claims.Attributes) != 0 {
				t.Errorf("claims carry more than the video grant: %+v", claims)
			}
		})
	}
	// Joining created the room (LiveKit does not: auto_create is off).
	list, err := a.control.ListRooms(testenv.Context(t), &livekit.ListRoomsRequest{Names: []string{iv.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rooms) != 1 || list.Rooms[0].EmptyTimeout != emptyTimeout {
		t.Errorf("rooms named %s: %+v, want one with a %d s empty timeout", iv.ID, list.Rooms, emptyTimeout)
	}
}

// Who may not join, and when the call is closed.
func TestJoinRefusals(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	path := "/api/interviews/" + iv.ID + "/join"
	noToken := func(who string, raw []byte) {
		t.Helper()
		if strings.Contains(string(raw), "token") || strings.Contains(string(raw), "eyJ") {
			t.Errorf("%s got a token: %s", who, raw)
		}
	}
	if status, raw := a.api(t, "POST", path, person{}, nil); status != http.StatusUnauthorized {
		t.Errorf("signed out: %d %s", status, raw)
	}
	for _, p := range []person{a.p.candOff, a.p.ivOff} {
		// Refused whatever the body, before it is read.
		for _, body := range []any{nil, "{not json"} {
			status, raw := a.api(t, "POST", path, p, body)
			if status != http.StatusForbidden {
				t.Errorf("%s, not on the interview: %d %s, want 403", p.Name, status, raw)
			}
			noToken(p.Name, raw)
			testenv.ErrorBody(t, raw)
		}
	}
	if status, raw := a.api(t, "POST", "/api/interviews/"+testenv.RandomHex(12)+"/join", a.p.cand, nil); status != http.StatusNotFound {
		t.Errorf("unknown interview: %d %s", status, raw)
	}
	// The body: nothing or {}.
	if status, raw := a.api(t, "POST", path, a.p.cand, map[string]any{}); status != http.StatusOK {
		t.Errorf("join with {}: %d %s", status, raw)
	}
	if status, raw := a.api(t, "POST", path, a.p.cand, map[string]any{"role": "owner"}); status != http.StatusBadRequest {
		t.Errorf("join with a field: %d %s", status, raw)
	}

	cancelled := a.newInterview(t, func(iv *Interview) { iv.Cancelled = true })
	status, raw := a.api(t, "POST", "/api/interviews/"+cancelled.ID+"/join", a.p.cand, nil)
	if status != http.StatusConflict || !strings.Contains(testenv.ErrorBody(t, raw).Error, "cancelled") {
		t.Errorf("cancelled: %d %s, want 409 saying so", status, raw)
	}
	noToken("cancelled", raw)

	start := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	early := a.newInterview(t, func(iv *Interview) { iv.StartsAt = start })
	status, raw = a.api(t, "POST", "/api/interviews/"+early.ID+"/join", a.p.owner, nil)
	opens := start.Add(-15 * time.Minute).Format(time.RFC3339)
	if msg := testenv.ErrorBody(t, raw).Error; status != http.StatusConflict || !strings.Contains(msg, opens) {
		t.Errorf("an hour early: %d %q, want 409 naming %s", status, msg, opens)
	}
	noToken("early", raw)

	// 14 minutes before the start is open; so is an hour after the end.
	a.join(t, a.newInterview(t, func(iv *Interview) { iv.StartsAt = time.Now().Add(14 * time.Minute) }).ID, a.p.cand)
	a.join(t, a.newInterview(t, func(iv *Interview) { iv.StartsAt = time.Now().Add(-3 * time.Hour) }).ID, a.p.cand)
}
