package events

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestOnlyAllowedViewersHear(t *testing.T) {
	b := New()
	alice, stopA := b.Subscribe(Viewer{UserID: "alice", Role: "candidate"})
	defer stopA()
	admin, stopB := b.Subscribe(Viewer{UserID: "root", Role: "admin"})
	defer stopB()
	bob, stopC := b.Subscribe(Viewer{UserID: "bob", Role: "interviewer"})
	defer stopC()

	b.Publish(Event{Topics: []string{"interview:1"}, Users: []string{"alice"}, Roles: []string{"admin"}})
	for name, ch := range map[string]<-chan Event{"alice": alice, "admin": admin} {
		select {
		case e := <-ch:
			if e.Topics[0] != "interview:1" {
				t.Fatalf("%s got %v", name, e.Topics)
			}
		case <-time.After(time.Second):
			t.Fatalf("%s did not hear the event", name)
		}
	}
	select {
	case e := <-bob:
		t.Fatalf("bob heard %v about an interview he is not on", e.Topics)
	case <-time.After(50 * time.Millisecond):
	}
	stopC()
	if n := b.Subscribers(); n != 2 {
		t.Fatalf("subscribers after one cancel = %d, want 2", n)
	}
}

func TestSlowSubscriberGetsCatchAll(t *testing.T) {
	b := New()
	ch, stop := b.Subscribe(Viewer{UserID: "u"})
	defer stop()
	for i := 0; i < 200; i++ { // more than the buffer; Publish must not block
		b.Publish(Event{Topics: []string{"x"}, Users: []string{"u"}})
	}
	if len(ch) != cap(ch) {
		t.Fatalf("buffer holds %d of %d", len(ch), cap(ch))
	}
}

func TestHandlerStreamsInvalidations(t *testing.T) {
	b := New()
	srv := httptest.NewServer(Handler(b, 20*time.Millisecond, func(r *http.Request) (Viewer, bool) {
		id := r.URL.Query().Get("u")
		return Viewer{UserID: id}, id != ""
	}))
	defer srv.Close()

	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous = %d, want 401", resp.StatusCode)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"?u=alice", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	lines := bufio.NewScanner(resp.Body)
	waitLine := func(want string) {
		t.Helper()
		for lines.Scan() {
			if strings.Contains(lines.Text(), want) {
				return
			}
		}
		t.Fatalf("stream ended before %q: %v", want, lines.Err())
	}
	waitLine(": connected")
	for b.Subscribers() == 0 {
		time.Sleep(time.Millisecond)
	}
	b.Publish(Event{Topics: []string{"interviews", "interview:7"}, Users: []string{"alice"}})
	waitLine(`data: {"topics":["interviews","interview:7"]}`)
	waitLine(": heartbeat")
	cancel()
	deadline := time.Now().Add(2 * time.Second)
	for b.Subscribers() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("subscription not released after the client left")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
