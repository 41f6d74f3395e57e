package collab

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/coder/websocket"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/collab/amsync"
	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv("COLLAB_CRASH_CHILD"); dir != "" {
		crashChild(dir) // never returns
	}
	testenv.Main(m)
}

// relations is a test Relation: "interview/user" → relation.
type relations struct {
	mu sync.Mutex
	m  map[string]string
}

func (r *relations) set(interview, user, rel string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[interview+"/"+user] = rel
}

func (r *relations) relation(_ context.Context, interview, user string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rel, ok := r.m[interview+"/"+user]; ok {
		return rel, nil
	}
	return RelationNone, nil
}

type fixture struct {
	db   *mongo.Database
	rel  *relations
	srv  *Server
	http *httptest.Server
	docs InterviewDocs
}

func newServer(t testing.TB, db *mongo.Database, rel *relations, opts ...func(*Config)) *Server {
	t.Helper()
	cfg := Config{DB: db, Relation: rel.relation, Logger: slog.New(slog.DiscardHandler),
		Secret: []byte("test-secret"), FlushInterval: 50 * time.Millisecond, ResendInterval: 300 * time.Millisecond}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{db: testenv.Database(t), rel: &relations{m: map[string]string{}}}
	f.srv = newServer(t, f.db, f.rel)
	mux := http.NewServeMux()
	f.srv.Register(mux)
	f.http = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.http.CloseClientConnections()
		f.http.Close()
		_ = f.srv.Close(context.Background())
	})
	var err error
	f.docs, err = f.srv.CreateInterviewDocs(context.Background(), "iv1", DocsInit{
		Language: "python", Source: "print(1)\n", ProblemID: "p1", ProblemTitle: "Two sum",
		Statement: "Find two numbers.", Starter: map[string]string{"python": "def f(): pass"},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.rel.set("iv1", "cand", RelationCandidate)
	f.rel.set("iv1", "intv", RelationInterviewer)
	return f
}

func docID(t testing.TB, url string) string {
	t.Helper()
	id, err := ParseDocumentID(url)
	if err != nil {
		t.Fatal(err)
	}
	return string(id)
}

// wsClient is a minimal automerge-repo peer using automerge-go.
type wsClient struct {
	t    testing.TB
	conn *websocket.Conn
	id   string
	in   chan *Message
	err  error // why reading ended; set before in is closed
}

func (f *fixture) dial(t testing.TB, userID, role, peerID string) *wsClient {
	t.Helper()
	return dialURL(t, f.http.URL, f.srv.Ticket(userID, role), peerID)
}

func dialURL(t testing.TB, base, ticket, peerID string) *wsClient {
	t.Helper()
	return dialWith(t, "ws"+strings.TrimPrefix(base, "http")+"/collab?ticket="+ticket, nil, peerID)
}

// dialWith opens the socket at u with extra request headers and joins.
func dialWith(t testing.TB, u string, h http.Header, peerID string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadLimit(-1)
	c := &wsClient{t: t, conn: conn, id: peerID, in: make(chan *Message, 1024)}
	t.Cleanup(func() { _ = conn.CloseNow() })
	go func() {
		defer close(c.in)
		for {
			_, b, err := conn.Read(context.Background())
			if err != nil {
				c.err = err
				return
			}
			m, err := DecodeMessage(b)
			if err != nil {
				// Surfaces in the test that reads it (t.Errorf here could
				// run after the test ended).
				m = &Message{Type: "undecodable", Message: err.Error()}
			}
			c.in <- m
		}
	}()
	c.send(&Message{Type: TypeJoin, SenderID: peerID, SupportedProtocolVersions: []string{"1"}, PeerMetadata: &PeerMetadata{}})
	m := c.recv(5 * time.Second)
	if m == nil || m.Type != TypePeer || m.TargetID != peerID || m.SelectedProtocolVersion != "1" {
		t.Fatalf("handshake: got %+v", m)
	}
	return c
}

func (c *wsClient) send(m *Message) {
	b, err := EncodeMessage(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.conn.Write(context.Background(), websocket.MessageBinary, b); err != nil {
		c.t.Fatal(err)
	}
}

func (c *wsClient) recv(timeout time.Duration) *Message {
	select {
	case m := <-c.in:
		return m
	case <-time.After(timeout):
		return nil
	}
}

// syncDoc syncs doc with the server until done(doc) or the timeout; it
// returns every message received. typ is the first message's type.
func (c *wsClient) syncDoc(docID string, doc *automerge.Doc, typ string, done func(*automerge.Doc) bool) []*Message {
	ss := automerge.NewSyncState(doc)
	var got []*Message
	if sm, ok := ss.GenerateMessage(); ok {
		c.send(&Message{Type: typ, SenderID: c.id, TargetID: "server", DocumentID: docID, Data: sm.Bytes()})
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		m := c.recv(200 * time.Millisecond)
		if m == nil {
			if done(doc) {
				return got
			}
			continue
		}
		got = append(got, m)
		if m.Type != TypeSync || m.DocumentID != docID {
			if m.Type == TypeDocUnavailable || m.Type == TypeError {
				return got
			}
			continue
		}
		if _, err := ss.ReceiveMessage(m.Data); err != nil {
			c.t.Fatal(err)
		}
		if sm, ok := ss.GenerateMessage(); ok {
			c.send(&Message{Type: TypeSync, SenderID: c.id, TargetID: "server", DocumentID: docID, Data: sm.Bytes()})
		}
	}
	return got
}

func text(t testing.TB, doc *automerge.Doc, path ...any) string {
	t.Helper()
	s, err := doc.Path(path...).Text().Get()
	if err != nil {
		return ""
	}
	return s
}

// storedDoc loads a document from the database with a fresh server, as
// after a crash.
func storedDoc(t testing.TB, db *mongo.Database, id string) *automerge.Doc {
	t.Helper()
	s := newServer(t, db, &relations{m: map[string]string{}})
	defer s.Close(context.Background())
	d, err := s.hub.get(context.Background(), DocumentID(id))
	if err != nil {
		t.Fatal(err)
	}
	fork, err := d.doc.Fork()
	if err != nil {
		t.Fatal(err)
	}
	return fork
}

func TestCodecRoundTrip(t *testing.T) {
	in := &Message{Type: TypeSync, SenderID: "a", TargetID: "b", DocumentID: "d", Data: []byte{0x42, 0, 0, 0, 0}}
	b, err := EncodeMessage(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := DecodeMessage(b)
	if err != nil {
		t.Fatal(err)
	}
	if out.Type != in.Type || out.SenderID != "a" || out.TargetID != "b" || out.DocumentID != "d" || !bytes.Equal(out.Data, in.Data) {
		t.Fatalf("round trip: %+v", out)
	}
	// Byte strings must be plain major type 2, as cbor-x expects.
	if !bytes.Contains(b, []byte{0x45, 0x42, 0, 0, 0, 0}) {
		t.Fatalf("data not a plain byte string: %x", b)
	}
	for _, bad := range [][]byte{nil, {0xff}, {0xa0}, []byte("hello"), {0xa1, 0x64, 't', 'y', 'p', 'e', 0x64, 's', 'y', 'n', 'c'}} {
		if _, err := DecodeMessage(bad); !errors.Is(err, ErrBadMessage) {
			t.Errorf("DecodeMessage(%x) = %v, want ErrBadMessage", bad, err)
		}
	}
	// Ephemeral relay keeps every field and only rewrites targetId.
	eph, _ := encMode.Marshal(map[string]any{"type": "ephemeral", "senderId": "a", "targetId": "srv", "documentId": "d",
		"sessionId": "s1", "count": 7, "data": []byte{1, 2}, "extra": "kept"})
	r, err := relayEphemeral(eph, "b")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := decMode.Unmarshal(r, &m); err != nil {
		t.Fatal(err)
	}
	if m["targetId"] != "b" || m["senderId"] != "a" || m["sessionId"] != "s1" || m["extra"] != "kept" || !bytes.Equal(m["data"].([]byte), []byte{1, 2}) {
		t.Fatalf("relayed: %v", m)
	}
}

func TestDocumentIDs(t *testing.T) {
	id := NewDocumentID()
	if _, err := ParseDocumentID(id.URL()); err != nil {
		t.Fatal(err)
	}
	// An id made by automerge-repo 2.5 (generateAutomergeUrl).
	if _, err := ParseDocumentID("automerge:4NMNnkMhL8jXrdJ9jamS58PAVdXu"); err != nil {
		t.Fatal(err)
	}
	// The last character changed — to another one: an id that already
	// ended in "x" failed this test about once in 58 runs.
	last := "x"
	if id[len(id)-1] == 'x' {
		last = "y"
	}
	if _, err := ParseDocumentID(string(id[:len(id)-1]) + last); err == nil {
		t.Fatal("bad checksum accepted")
	}
}

func TestSyncAndAccess(t *testing.T) {
	f := newFixture(t)
	code, notes := docID(t, f.docs.Code), docID(t, f.docs.Notes)

	// The interviewer gets the code document and edits it.
	iv := f.dial(t, "intv", "interviewer", "peer-iv")
	ivDoc := automerge.New()
	iv.syncDoc(code, ivDoc, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") == "print(1)\n" })
	if got := text(t, ivDoc, "source"); got != "print(1)\n" {
		t.Fatalf("interviewer source = %q", got)
	}
	if err := ivDoc.Path("source").Text().Insert(0, "# hi\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := ivDoc.Commit("edit"); err != nil {
		t.Fatal(err)
	}

	// The candidate, connected, receives it.
	cand := f.dial(t, "cand", "candidate", "peer-cand")
	candDoc := automerge.New()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		cand.syncDoc(code, candDoc, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") == "# hi\nprint(1)\n" })
	}()
	iv.syncDoc(code, ivDoc, TypeSync, func(d *automerge.Doc) bool { return true })
	wg.Wait()
	if got := text(t, candDoc, "source"); got != "# hi\nprint(1)\n" {
		t.Fatalf("candidate source = %q", got)
	}

	// The candidate cannot get the notes, nor a document that does not exist.
	for _, id := range []string{notes, string(NewDocumentID())} {
		got := cand.syncDoc(id, automerge.New(), TypeRequest, func(*automerge.Doc) bool { return false })
		if len(got) == 0 || got[len(got)-1].Type != TypeDocUnavailable || got[len(got)-1].DocumentID != id {
			t.Fatalf("candidate request for %s: %+v", id, got)
		}
		for _, m := range got {
			if m.Type == TypeSync {
				t.Fatalf("candidate got a sync message for %s", id)
			}
		}
	}
	// Nor ephemeral messages for the notes.
	ivNotes := automerge.New()
	iv.syncDoc(notes, ivNotes, TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	eph, _ := encMode.Marshal(map[string]any{"type": "ephemeral", "senderId": "peer-cand", "targetId": "x", "documentId": notes, "sessionId": "s", "count": 1, "data": []byte{1}})
	_ = cand.conn.Write(context.Background(), websocket.MessageBinary, eph)
	for m := iv.recv(300 * time.Millisecond); m != nil; m = iv.recv(300 * time.Millisecond) {
		if m.Type == TypeEphemeral {
			t.Fatalf("interviewer got the candidate's ephemeral message for notes")
		}
	}

	// Ephemeral messages on a shared document reach the others unchanged,
	// only targetId rewritten.
	eph, _ = encMode.Marshal(map[string]any{"type": "ephemeral", "senderId": "peer-iv", "targetId": "srv", "documentId": code, "sessionId": "sess", "count": 2, "data": []byte{0xa1, 0x61, 0x78, 0x01}})
	_ = iv.conn.Write(context.Background(), websocket.MessageBinary, eph)
	var relayed *Message
	for m := cand.recv(2 * time.Second); m != nil; m = cand.recv(2 * time.Second) {
		if m.Type == TypeEphemeral {
			relayed = m
			break
		}
	}
	if relayed == nil || relayed.SenderID != "peer-iv" || relayed.TargetID != "peer-cand" || relayed.SessionID != "sess" || relayed.Count != 2 || !bytes.Equal(relayed.Data, []byte{0xa1, 0x61, 0x78, 0x01}) {
		t.Fatalf("relayed ephemeral = %+v", relayed)
	}

	// An admin reads everything but its changes are dropped, and it is told.
	ad := f.dial(t, "adm", "admin", "peer-admin")
	adDoc := automerge.New()
	ad.syncDoc(notes, adDoc, TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	if len(adDoc.Heads()) == 0 {
		t.Fatal("admin could not read notes")
	}
	_ = adDoc.Path("text").Text().Insert(0, "admin was here")
	_, _ = adDoc.Commit("admin")
	got := ad.syncDoc(notes, adDoc, TypeSync, func(*automerge.Doc) bool { return false })
	sawErr := false
	for _, m := range got {
		sawErr = sawErr || (m.Type == TypeError && strings.Contains(m.Message, "read-only"))
	}
	if !sawErr {
		t.Fatalf("admin was not told its change was dropped: %+v", got)
	}
	if s := text(t, storedDoc(t, f.db, notes), "text"); s != "" {
		t.Fatalf("admin change stored: notes = %q", s)
	}
	// The admin is still connected.
	ad.syncDoc(code, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") != "" })
}

func TestUnauthenticatedIsRefused(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{"", "?ticket=bogus", "?ticket=" + f.srv.Ticket("u", "candidate") + "x"} {
		resp, err := http.Get(f.http.URL + "/collab" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("GET /collab%s = %d, want 401", q, resp.StatusCode)
		}
	}
}

func TestAcknowledgedChangesSurviveCrash(t *testing.T) {
	f := newFixture(t)
	code := docID(t, f.docs.Code)
	c := f.dial(t, "intv", "interviewer", "peer-1")
	doc := automerge.New()
	c.syncDoc(code, doc, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") != "" })
	for i := range 20 {
		_ = doc.Path("source").Text().Insert(0, string(rune('a'+i)))
		_, _ = doc.Commit("e")
		c.syncDoc(code, doc, TypeSync, func(*automerge.Doc) bool { return true })
	}
	want := text(t, doc, "source")
	// No Close: the first server is simply abandoned, as in a crash.
	if got := text(t, storedDoc(t, f.db, code), "source"); got != want {
		t.Fatalf("after restart source = %q, want %q", got, want)
	}
}

func TestLimits(t *testing.T) {
	f := newFixture(t)
	f.srv.cfg.Limits.MaxMessageBytes = 1000
	c := f.dial(t, "intv", "interviewer", "peer-big")
	c.send(&Message{Type: TypeSync, SenderID: "peer-big", DocumentID: docID(t, f.docs.Code), Data: make([]byte, 2000)})
	m := c.recv(2 * time.Second)
	if m == nil || m.Type != TypeError || !strings.Contains(m.Message, "larger") {
		t.Fatalf("oversized message: got %+v", m)
	}
	if m := c.recv(2 * time.Second); m != nil {
		t.Fatalf("still connected: %+v", m)
	}
	// Others are unaffected.
	o := f.dial(t, "cand", "candidate", "peer-ok")
	o.syncDoc(docID(t, f.docs.Code), automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") != "" })
}

func TestIdleDocumentsAreEvictedAndReload(t *testing.T) {
	f := newFixture(t)
	f.srv.hub.idle = 50 * time.Millisecond
	code := docID(t, f.docs.Code)
	c := f.dial(t, "intv", "interviewer", "peer-ev")
	doc := automerge.New()
	c.syncDoc(code, doc, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") != "" })
	_ = doc.Path("source").Text().Insert(0, "z")
	_, _ = doc.Commit("z")
	c.syncDoc(code, doc, TypeSync, func(*automerge.Doc) bool { return true })
	if f.srv.hub.loadedCount() == 0 {
		t.Fatal("document not loaded")
	}
	_ = c.conn.Close(websocket.StatusNormalClosure, "")
	deadline := time.Now().Add(5 * time.Second)
	for f.srv.hub.loadedCount() > 0 && time.Now().Before(deadline) {
		f.srv.hub.evictIdle(time.Now())
		time.Sleep(20 * time.Millisecond)
	}
	if n := f.srv.hub.loadedCount(); n != 0 {
		t.Fatalf("%d documents still loaded", n)
	}
	c2 := f.dial(t, "cand", "candidate", "peer-ev2")
	d2 := automerge.New()
	c2.syncDoc(code, d2, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") == "zprint(1)\n" })
	if got := text(t, d2, "source"); got != "zprint(1)\n" {
		t.Fatalf("after reload source = %q", got)
	}
}

func TestRateLimitDisconnects(t *testing.T) {
	f := newFixture(t)
	f.srv.cfg.Limits.MessagesPerSecond, f.srv.cfg.Limits.Burst = 1, 5
	c := f.dial(t, "intv", "interviewer", "peer-fast")
	b, err := EncodeMessage(&Message{Type: "remote-subscription-change", SenderID: "peer-fast"})
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		// The server may close the socket before all 20 are written.
		if c.conn.Write(context.Background(), websocket.MessageBinary, b) != nil {
			break
		}
	}
	var last *Message
	for m := c.recv(2 * time.Second); m != nil; m = c.recv(2 * time.Second) {
		last = m
	}
	if last == nil || last.Type != TypeError || !strings.Contains(last.Message, "rate") {
		t.Fatalf("last message = %+v, want a rate limit error", last)
	}
}

// An idle peer gets a change as soon as it is stored, not after a batch
// timer: FlushInterval only spaces messages to a busy peer.
func TestIdlePeerIsAnsweredWithoutBatchDelay(t *testing.T) {
	f := newFixture(t)
	f.srv.hub.flush = 800 * time.Millisecond
	code := docID(t, f.docs.Code)
	b := f.dial(t, "cand", "candidate", "peer-idle-b")
	bDoc := automerge.New()
	bss := automerge.NewSyncState(bDoc)
	sm, _ := bss.GenerateMessage()
	b.send(&Message{Type: TypeRequest, SenderID: b.id, DocumentID: code, Data: sm.Bytes()})
	m := b.recv(5 * time.Second)
	if m == nil || m.Type != TypeSync {
		t.Fatalf("handshake reply = %+v", m)
	}
	if _, err := bss.ReceiveMessage(m.Data); err != nil {
		t.Fatal(err)
	}
	if sm, ok := bss.GenerateMessage(); ok {
		b.send(&Message{Type: TypeSync, SenderID: b.id, DocumentID: code, Data: sm.Bytes()})
	}
	a := f.dial(t, "intv", "interviewer", "peer-idle-a")
	aDoc := automerge.New()
	a.syncDoc(code, aDoc, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") != "" })
	for b.recv(100*time.Millisecond) != nil { // drain; B must be idle
	}
	time.Sleep(f.srv.hub.flush)

	if err := aDoc.Path("source").Text().Insert(0, "!"); err != nil {
		t.Fatal(err)
	}
	if _, err := aDoc.Commit("bang"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	go a.syncDoc(code, aDoc, TypeSync, func(*automerge.Doc) bool { return true })
	for {
		m := b.recv(5 * time.Second)
		if m == nil {
			t.Fatal("B never got the change")
		}
		if m.Type != TypeSync {
			continue
		}
		if _, err := bss.ReceiveMessage(m.Data); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(text(t, bDoc, "source"), "!") {
			break
		}
		if sm, ok := bss.GenerateMessage(); ok {
			b.send(&Message{Type: TypeSync, SenderID: b.id, DocumentID: code, Data: sm.Bytes()})
		}
	}
	if d := time.Since(start); d >= f.srv.hub.flush {
		t.Fatalf("idle peer got the change after %v, want well under the %v flush interval", d, f.srv.hub.flush)
	}
}

// An interviewer taken off the interview while connected, and silent, is
// told the notes are unavailable and receives nothing more of them; the
// interviewer who stays keeps syncing.
func TestAccessLostWhileConnected(t *testing.T) {
	f := newFixture(t)
	notes := docID(t, f.docs.Notes)
	f.rel.set("iv1", "intv2", RelationInterviewer)
	gone := f.dial(t, "intv2", "interviewer", "peer-gone")
	gone.syncDoc(notes, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	stays := f.dial(t, "intv", "interviewer", "peer-stays")
	staysDoc := automerge.New()
	stays.syncDoc(notes, staysDoc, TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })

	f.rel.set("iv1", "intv2", RelationNone)
	f.srv.AccessChanged("iv1")
	var told bool
	for m := gone.recv(2 * time.Second); m != nil; m = gone.recv(2 * time.Second) {
		if m.Type == TypeDocUnavailable && m.DocumentID == notes {
			told = true
			break
		}
	}
	if !told {
		t.Fatal("the removed interviewer was not told the notes are unavailable")
	}

	if err := staysDoc.Path("text").Text().Insert(0, "private"); err != nil {
		t.Fatal(err)
	}
	if _, err := staysDoc.Commit("note"); err != nil {
		t.Fatal(err)
	}
	stays.syncDoc(notes, staysDoc, TypeSync, func(*automerge.Doc) bool { return true })
	if s := text(t, storedDoc(t, f.db, notes), "text"); s != "private" {
		t.Fatalf("the staying interviewer's note was not stored: %q", s)
	}
	for m := gone.recv(500 * time.Millisecond); m != nil; m = gone.recv(500 * time.Millisecond) {
		if m.DocumentID == notes && (m.Type == TypeSync || m.Type == TypeEphemeral) {
			t.Fatalf("the removed interviewer still receives the notes: %s", m.Type)
		}
	}
}

// A user whose role changes is disconnected (the role was fixed when the
// socket opened); other users stay.
func TestRoleChangeDisconnects(t *testing.T) {
	f := newFixture(t)
	code := docID(t, f.docs.Code)
	ad := f.dial(t, "adm", "admin", "peer-admin")
	ad.syncDoc(code, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	iv := f.dial(t, "intv", "interviewer", "peer-iv")
	iv.syncDoc(code, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })

	f.srv.UserChanged("adm")
	deadline := time.After(3 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-ad.in: // closed when the socket ends
		case <-deadline:
			t.Fatal("the admin whose role changed is still connected")
		}
	}
	if st := websocket.CloseStatus(ad.err); st != websocket.StatusPolicyViolation {
		t.Errorf("closed with %v (%v), want policy violation", st, ad.err)
	}
	// The interviewer still syncs.
	iv.syncDoc(code, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") == "print(1)\n" })
}

// A sync frame written with the data in place is the frame EncodeMessage
// makes, byte for byte, for data lengths across every CBOR length form.
func TestSyncFrameMatchesEncodeMessage(t *testing.T) {
	doc := automerge.New()
	for _, n := range []int{0, 1, 30, 300, 70000} {
		if n > 0 {
			if err := doc.RootMap().Set("x", strings.Repeat("y", n)); err != nil {
				t.Fatal(err)
			}
			if _, err := doc.Commit("c"); err != nil {
				t.Fatal(err)
			}
		}
		chs, _ := doc.Changes()
		m := &amsync.Message{Heads: doc.Heads()}
		for _, c := range chs {
			m.Changes = append(m.Changes, c.Save())
		}
		for _, ids := range [][3]string{{"s", "t", "d"}, {"interviewprep-collab-" + strings.Repeat("h", 300), "peer-abc", string(NewDocumentID())}} {
			got := encodeSyncFrame(ids[0], ids[1], ids[2], m)
			want, err := EncodeMessage(&Message{Type: TypeSync, SenderID: ids[0], TargetID: ids[1], DocumentID: ids[2], Data: m.Encode()})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%d-byte change, ids %d bytes: frame differs from EncodeMessage's", n, len(ids[0]))
			}
		}
	}
}

// A socket opened with a session closes once the session ends (signed
// out) at the next recheck; one opened with a ticket stays.
func TestEndedSessionDisconnects(t *testing.T) {
	// Real sessions: Kratos, and identity's service and middleware as the
	// app puts them in front of the socket.
	k := testenv.StartKratos(t, "")
	db := testenv.Database(t)
	ctx := testenv.Context(t)
	if err := database.Migrate(ctx, db, identity.Indexes()); err != nil {
		t.Fatal(err)
	}
	ids, err := identity.NewService(identity.Config{DB: db, KratosPublicURL: k.PublicURL, Logger: slog.New(slog.DiscardHandler), SessionCacheTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	email := "collab-session-" + strings.ToLower(string(NewDocumentID())[:8]) + "@example.com"
	userID, err := k.CreateIdentity(ctx, email, "Ada Session", "a long test password 1")
	if err != nil {
		t.Fatal(err)
	}
	token, err := k.Login(ctx, email, "a long test password 1")
	if err != nil {
		t.Fatal(err)
	}
	rel := &relations{m: map[string]string{}}
	srv := newServer(t, db, rel, func(c *Config) { c.Sessions = ids })
	mux := http.NewServeMux()
	srv.Register(mux)
	hs := httptest.NewServer(ids.Middleware(mux))
	t.Cleanup(func() {
		hs.CloseClientConnections()
		hs.Close()
		_ = srv.Close(context.Background())
	})
	docs, err := srv.CreateInterviewDocs(context.Background(), "iv1", DocsInit{Language: "python", Source: "x", ProblemID: "p1"})
	if err != nil {
		t.Fatal(err)
	}
	rel.set("iv1", userID, RelationInterviewer)
	rel.set("iv1", "intv2", RelationInterviewer)
	notes := docID(t, docs.Notes)
	bySession := dialWith(t, "ws"+strings.TrimPrefix(hs.URL, "http")+"/collab", testenv.SessionHeader(token), "peer-session")
	bySession.syncDoc(notes, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	byTicket := dialURL(t, hs.URL, srv.Ticket("intv2", "interviewer"), "peer-ticket")
	byTicket.syncDoc(notes, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })

	srv.recheck("") // the session lives: nothing happens
	if m := bySession.recv(300 * time.Millisecond); m != nil {
		t.Fatalf("live session: got %s", m.Type)
	}
	if err := k.Logout(ctx, token); err != nil { // signed out
		t.Fatal(err)
	}
	srv.recheck("")
	deadline := time.After(3 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-bySession.in:
		case <-deadline:
			t.Fatal("the socket of an ended session is still open")
		}
	}
	if st := websocket.CloseStatus(bySession.err); st != websocket.StatusPolicyViolation {
		t.Errorf("closed with %v (%v), want policy violation", st, bySession.err)
	}
	// The ticket socket still syncs.
	again := automerge.New()
	byTicket.syncDoc(notes, again, TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	if len(again.Heads()) == 0 {
		t.Fatal("the ticket socket no longer syncs")
	}
}
