package testenv

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/webhook"
	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestMain(m *testing.M) { Main(m) }

func TestDatabasesAreIsolatedPerTest(t *testing.T) {
	ctx := context.Background()
	a, b := Database(t), Database(t)
	if a.Name() == b.Name() {
		t.Fatalf("two calls returned the same database %q", a.Name())
	}
	if _, err := a.Collection("c").InsertOne(ctx, bson.D{{Key: "_id", Value: "x"}}); err != nil {
		t.Fatal(err)
	}
	n, err := b.Collection("c").CountDocuments(ctx, bson.D{})
	if err != nil || n != 0 {
		t.Fatalf("other database sees %d documents (%v), want 0", n, err)
	}
}

func TestComponentsAreSharedAndAnswer(t *testing.T) {
	k := StartKratos(t, "")
	if again := StartKratos(t, "http://elsewhere"); again != k {
		t.Fatal("a second StartKratos started another Kratos")
	}
	lk := StartLiveKit(t)
	mail := StartMail(t)
	for _, url := range []string{k.AdminURL + "/admin/health/ready", k.PublicURL + "/health/alive", lk.APIURL + "/", mail.APIURL + "/api/v1/messages"} {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", url, resp.StatusCode)
		}
	}
}

func TestKratosIdentityAndLogin(t *testing.T) {
	ctx := context.Background()
	k := StartKratos(t, "")
	email := UniqueEmail("t")
	id, err := k.CreateIdentity(ctx, email, "Test Person", "a-long-test-password-1")
	if err != nil || id == "" {
		t.Fatalf("CreateIdentity = %q, %v", id, err)
	}
	token, err := k.Login(ctx, email, "a-long-test-password-1")
	if err != nil || token == "" {
		t.Fatalf("Login = %q, %v", token, err)
	}
	req, _ := http.NewRequest(http.MethodGet, k.PublicURL+"/sessions/whoami", nil)
	req.Header.Set("X-Session-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("whoami with the token = %d, want 200", resp.StatusCode)
	}
	if _, err := k.Login(ctx, email, "wrong-password-123"); err == nil {
		t.Fatal("Login with a wrong password succeeded")
	}
}

func TestPersonAndSessionAreMadeOnce(t *testing.T) {
	k := StartKratos(t, "")
	p := k.Person(t, "once")
	if p.ID == "" || p.Token == "" || p.Name != "Test once" || !strings.HasPrefix(p.Email, "once-") {
		t.Fatalf("Person = %+v", p)
	}
	if again := k.Person(t, "once"); again != p {
		t.Errorf("second Person(once) = %+v, want the first %+v", again, p)
	}
	if other := k.Person(t, "other"); other.ID == p.ID || other.Email == p.Email {
		t.Errorf("Person(other) = %+v, the same identity as Person(once)", other)
	}
	tok := k.Session(t, p.Email, Password)
	if tok == "" || k.Session(t, p.Email, "not-the-password") != tok {
		t.Error("Session signed in again instead of reusing the first token")
	}
	status, _ := Call(t, http.MethodGet, k.PublicURL+"/sessions/whoami", SessionHeader(tok), nil)
	if status != http.StatusOK {
		t.Errorf("whoami with the Session token = %d, want 200", status)
	}
}

func TestServeAndCall(t *testing.T) {
	url := Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTeapot)
		fmt.Fprintf(w, `{"method":%q,"token":%q,"body":%q,"requestId":%q}`,
			r.Method, r.Header.Get("X-Session-Token"), body, r.Header.Get("X-Request-ID"))
	}))
	status, raw := Call(t, http.MethodPost, url+"/x", SessionHeader("tok"), map[string]int{"n": 1})
	var got struct{ Method, Token, Body, RequestID string }
	DecodeJSON(t, raw, &got)
	if status != http.StatusTeapot || got.Method != "POST" || got.Token != "tok" || got.Body != `{"n":1}` {
		t.Errorf("Call = %d %s", status, raw)
	}
	if _, _, h := Send(t, http.MethodGet, url, nil, nil); h.Get("X-Request-ID") == "" {
		t.Error("no X-Request-ID: Serve does not run the request middleware")
	}
}

func TestDump(t *testing.T) {
	db := Database(t)
	ctx := Context(t)
	if _, err := db.Collection("a").InsertMany(ctx, []any{bson.D{{Key: "_id", Value: "2"}}, bson.D{{Key: "_id", Value: "1"}, {Key: "v", Value: 7}}}); err != nil {
		t.Fatal(err)
	}
	before := Dump(t, db, "a", "empty")
	if a := before["a"]; len(a) != 2 || a[0]["_id"] != "1" || a[1]["_id"] != "2" {
		t.Errorf("Dump a = %v, want both documents sorted by _id", a)
	}
	if e, ok := before["empty"]; !ok || len(e) != 0 {
		t.Errorf("Dump empty = %v, %v; want present and empty", e, ok)
	}
	if !reflect.DeepEqual(before, Dump(t, db, "a", "empty")) {
		t.Error("two dumps with no write between differ")
	}
	if _, err := db.Collection("a").UpdateOne(ctx, bson.D{{Key: "_id", Value: "1"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "v", Value: 8}}}}); err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(before, Dump(t, db, "a", "empty")) {
		t.Error("a dump after a write equals the one before")
	}
	type doc struct {
		ID string `bson:"_id"`
		V  int    `bson:"v"`
	}
	if got := Docs[doc](t, db, "a"); len(got) != 2 || got[0] != (doc{"1", 8}) {
		t.Errorf("Docs = %+v", got)
	}
}

// LiveKit's webhooks reach the URLs tests listen on, signed with its key.
func TestLiveKitWebhooksReachOnWebhook(t *testing.T) {
	lk := StartLiveKit(t)
	got := make(chan string, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := webhook.Receive(r, auth.NewSimpleKeyProvider(lk.APIKey, lk.APISecret))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		got <- string(data)
	}))
	t.Cleanup(srv.Close)
	lk.OnWebhook(t, srv.URL)

	room := "testenv-" + RandomHex(4)
	tok, err := auth.NewAccessToken(lk.APIKey, lk.APISecret).SetVideoGrant(&auth.VideoGrant{RoomCreate: true}).ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range []struct{ method, body string }{
		{"CreateRoom", fmt.Sprintf(`{"name":%q}`, room)},
		{"DeleteRoom", fmt.Sprintf(`{"room":%q}`, room)},
	} {
		req, _ := http.NewRequest(http.MethodPost, lk.APIURL+"/twirp/livekit.RoomService/"+call.method, strings.NewReader(call.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", call.method, resp.StatusCode, raw)
		}
	}
	want := map[string]bool{"room_started": false, "room_finished": false}
	deadline := time.After(20 * time.Second)
	for !want["room_started"] || !want["room_finished"] {
		select {
		case data := <-got:
			if !strings.Contains(data, room) {
				continue // another test's room
			}
			for ev := range want {
				if strings.Contains(data, `"`+ev+`"`) {
					want[ev] = true
				}
			}
		case <-deadline:
			t.Fatalf("webhooks seen for room %s: %v", room, want)
		}
	}
}

// Free ports are distinct, outside the ephemeral range (where outgoing
// connections could take them first) and free for TCP and UDP.
func TestFreePortsAvoidTheEphemeralRange(t *testing.T) {
	ports, err := FreePorts(20)
	if err != nil {
		t.Fatal(err)
	}
	low := ephemeralLow()
	seen := map[int]bool{}
	for _, p := range ports {
		if seen[p] || p >= low || p < 1024 {
			t.Fatalf("ports %v: %d repeated or not below the ephemeral range (%d)", ports, p, low)
		}
		seen[p] = true
		l, err := net.Listen("tcp", fmt.Sprintf(":%d", p))
		if err != nil {
			t.Fatalf("port %d: %v", p, err)
		}
		l.Close()
		u, err := net.ListenPacket("udp", fmt.Sprintf(":%d", p))
		if err != nil {
			t.Fatalf("port %d (udp): %v", p, err)
		}
		u.Close()
	}
}
