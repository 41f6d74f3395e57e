package collab

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/coder/websocket"

	"github.com/interviewprep/interviewprep/collab/amsync"
	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

// node is one app node's collab server, linked to the others.
type node struct {
	srv  *Server
	http *httptest.Server
}

func startNode(t *testing.T, f *fixture, redisURL string) *node {
	t.Helper()
	c, err := cluster.New(cluster.Options{URL: redisURL, RetryEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	n := &node{srv: newServer(t, f.db, f.rel, func(cfg *Config) { cfg.Cluster = c })}
	c.Start(context.Background())
	mux := http.NewServeMux()
	n.srv.Register(mux)
	n.http = httptest.NewServer(mux)
	t.Cleanup(func() {
		n.http.CloseClientConnections()
		n.http.Close()
		_ = c.Close()
		_ = n.srv.Close(context.Background())
	})
	deadline := time.Now().Add(10 * time.Second)
	for !c.Connected() {
		if time.Now().After(deadline) {
			t.Fatal("not subscribed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return n
}

func (n *node) dial(t *testing.T, userID, role, peerID string) *wsClient {
	t.Helper()
	return dialURL(t, n.http.URL, n.srv.Ticket(userID, role), peerID)
}

// appendLine adds line to the code document's source, as a server edit.
func appendLine(ctx context.Context, s *Server, id DocumentID, line string) error {
	return s.Change(ctx, id, "test", func(doc *automerge.Doc) error {
		src := doc.Path("source").Text()
		return src.Insert(src.Len(), line+"\n")
	})
}

func memSource(t *testing.T, s *Server, id DocumentID) (string, []automerge.ChangeHash) {
	t.Helper()
	d, err := s.hub.get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	heads := d.doc.Heads()
	slices.SortFunc(heads, func(a, b automerge.ChangeHash) int { return strings.Compare(a.String(), b.String()) })
	return text(t, d.doc, "source"), heads
}

// A document open on two nodes converges: both store changes under one
// numbered log (taking turns on a taken number, through compactions), each
// tells the other, peers on one node see the other's edits, and the stored
// document has every change.
func TestTwoNodesConverge(t *testing.T) {
	f := newFixture(t)
	r := testenv.StartRedis(t)
	a, b := startNode(t, f, r.URL), startNode(t, f, r.URL)
	code, err := ParseDocumentID(f.docs.Code)
	if err != nil {
		t.Fatal(err)
	}
	// A peer on B, synced before the edits.
	peer := b.dial(t, "cand", "candidate", "peer-on-b")
	local := automerge.New()
	peer.syncDoc(string(code), local, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") == "print(1)\n" })

	const each = 40
	ctx := testenv.Context(t)
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for _, n := range []struct {
		name string
		srv  *Server
	}{{"a", a.srv}, {"b", b.srv}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := appendLine(ctx, n.srv, code, fmt.Sprintf("%s%d", n.name, i)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	want := func(src string) bool {
		for _, name := range []string{"a", "b"} {
			for i := range each {
				if !strings.Contains(src, fmt.Sprintf("%s%d\n", name, i)) {
					return false
				}
			}
		}
		return true
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		srcA, headsA := memSource(t, a.srv, code)
		srcB, headsB := memSource(t, b.srv, code)
		if srcA == srcB && slices.Equal(headsA, headsB) && want(srcA) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nodes did not converge:\nA (%d heads) %q\nB (%d heads) %q", len(headsA), srcA, len(headsB), srcB)
		}
		time.Sleep(50 * time.Millisecond)
	}
	stored := storedDoc(t, f.db, string(code))
	if src := text(t, stored, "source"); !want(src) {
		t.Fatalf("the stored document lacks changes: %q", src)
	}
	// The peer on B got A's edits through B.
	peer.syncDoc(string(code), local, TypeSync, func(d *automerge.Doc) bool { return want(text(t, d, "source")) })
	if src := text(t, local, "source"); !want(src) {
		t.Fatalf("the peer on B lacks A's edits: %q", src)
	}
	for name, n := range map[string]*node{"a": a, "b": b} {
		st := n.srv.Stats()
		t.Logf("%s: applied as announced %d, caught up %d, numbers taken %d", name,
			st.RemoteApplied.Load(), st.CaughtUp.Load(), st.NumbersTaken.Load())
		if st.RemoteApplied.Load()+st.CaughtUp.Load() == 0 {
			t.Errorf("%s applied nothing of the other's", name)
		}
	}
}

// A role change on node A closes the user's sockets on node B.
func TestRoleChangeClosesSocketsOnEveryNode(t *testing.T) {
	f := newFixture(t)
	r := testenv.StartRedis(t)
	a, b := startNode(t, f, r.URL), startNode(t, f, r.URL)
	code := docID(t, f.docs.Code)
	onB := b.dial(t, "adm", "admin", "peer-admin")
	onB.syncDoc(code, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })

	a.srv.UserChanged("adm")
	deadline := time.After(5 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-onB.in:
		case <-deadline:
			t.Fatal("the admin's socket on B is still open after the role change on A")
		}
	}
	if st := websocket.CloseStatus(onB.err); st != websocket.StatusPolicyViolation {
		t.Errorf("closed with %v (%v), want policy violation", st, onB.err)
	}
}

func FuzzDecodeNote(f *testing.F) {
	id := NewDocumentID()
	f.Add(encodeNote(id, 1, []byte("bytes")))
	f.Add(encodeNote(id, 42, nil))
	f.Add([]byte("\x00\x00"))
	f.Add([]byte("x\x001\x00"))
	f.Fuzz(func(t *testing.T, p []byte) {
		id, n, b, err := decodeNote(p)
		if err != nil {
			return
		}
		if n < 1 || id == "" {
			t.Fatalf("accepted number %d, id %q", n, id)
		}
		if _, _, _, err := decodeNote(encodeNote(id, n, b)); err != nil {
			t.Fatalf("re-encoded note refused: %v", err)
		}
	})
}

// typist is a peer that types into the code document while it syncs, as a
// browser does: its changes go out in sync messages, the server's answers
// come in on its own goroutine.
type typist struct {
	c     *wsClient
	docID string
	mu    sync.Mutex
	doc   *automerge.Doc
	ss    *automerge.SyncState
	sent  bool // the first message (a request) went out
	errs  chan error
}

func newTypist(c *wsClient, docID string) *typist {
	doc := automerge.New()
	tp := &typist{c: c, docID: docID, doc: doc, ss: automerge.NewSyncState(doc), errs: make(chan error, 16)}
	go tp.read()
	tp.mu.Lock()
	tp.sendLocked()
	tp.mu.Unlock()
	return tp
}

func (tp *typist) sendLocked() {
	sm, ok := tp.ss.GenerateMessage()
	if !ok {
		return
	}
	typ := TypeSync
	if !tp.sent {
		typ, tp.sent = TypeRequest, true
	}
	b, err := EncodeMessage(&Message{Type: typ, SenderID: tp.c.id, TargetID: "server", DocumentID: tp.docID, Data: sm.Bytes()})
	if err == nil {
		err = tp.c.conn.Write(context.Background(), websocket.MessageBinary, b)
	}
	if err != nil {
		select {
		case tp.errs <- err:
		default:
		}
	}
}

func (tp *typist) read() {
	for m := range tp.c.in {
		if m.Type != TypeSync || m.DocumentID != tp.docID {
			continue
		}
		tp.mu.Lock()
		if _, err := tp.ss.ReceiveMessage(m.Data); err != nil {
			tp.errs <- err
		}
		tp.sendLocked()
		tp.mu.Unlock()
	}
}

func (tp *typist) source() string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	s, _ := tp.doc.Path("source").Text().Get()
	return s
}

// typeWord types word one character at a time at the end, gap apart.
func (tp *typist) typeWord(word string, gap time.Duration) error {
	for _, r := range word {
		tp.mu.Lock()
		src := tp.doc.Path("source").Text()
		err := src.Insert(src.Len(), string(r))
		if err == nil {
			_, err = tp.doc.Commit("type")
		}
		if err == nil {
			tp.sendLocked()
		}
		tp.mu.Unlock()
		if err != nil {
			return err
		}
		time.Sleep(gap)
	}
	return nil
}

// Two people type at once, one on each node, as browsers do (many small
// changes, group-committed by each node): both end with every character,
// also after Redis went away and came back in the middle.
func TestTwoNodesTypists(t *testing.T) {
	f := newFixture(t)
	r := testenv.StartRedis(t)
	a, b := startNode(t, f, r.URL), startNode(t, f, r.URL)
	code := docID(t, f.docs.Code)
	ta := newTypist(a.dial(t, "intv", "interviewer", "typist-a"), code)
	tb := newTypist(b.dial(t, "cand", "candidate", "typist-b"), code)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(ta.source(), "print(1)") || !strings.Contains(tb.source(), "print(1)") {
		if time.Now().After(deadline) {
			t.Fatal("typists did not get the document")
		}
		time.Sleep(20 * time.Millisecond)
	}
	want := len("print(1)\n")
	round := func(label string) {
		t.Helper()
		var wg sync.WaitGroup
		for i, tp := range []*typist{ta, tb} {
			word := fmt.Sprintf("<%s-%s-acknowledged();>", label, []string{"a", "b"}[i])
			want += 3 * len(word)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 3 {
					if err := tp.typeWord(word, 7*time.Millisecond); err != nil {
						tp.errs <- err
					}
				}
			}()
		}
		wg.Wait()
		// Typing at the same end interleaves the words; every character
		// must be there, on both sides, the same.
		deadline := time.Now().Add(20 * time.Second)
		for {
			sa, sb := ta.source(), tb.source()
			if sa == sb && len(sa) == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: typists did not converge (want %d characters):\nA: %q\nB: %q", label, want, sa, sb)
			}
			select {
			case err := <-ta.errs:
				t.Fatal(err)
			case err := <-tb.errs:
				t.Fatal(err)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	round("first")
	r.Stop()
	round("without-redis")
	r.Start(t)
	round("after-redis")
	round("later")
}

// A peer's change that waits for a dependency another node stored is
// applied when that record arrives, and then stored by this node: the
// record's own changes are not stored again, the waiting one is not lost.
func TestARecordLetsAWaitingPeerChangeApplyAndItIsStored(t *testing.T) {
	f := newFixture(t)
	ctx := testenv.Context(t)
	code, err := ParseDocumentID(f.docs.Code)
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.srv.hub.get(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	// C1 (another node's) and C2 (this node's peer's, on top of C1).
	other := storedDoc(t, f.db, string(code))
	heads := other.Heads()
	for _, s := range []string{"x", "y"} {
		src := other.Path("source").Text()
		if err := src.Insert(src.Len(), s); err != nil {
			t.Fatal(err)
		}
		if _, err := other.Commit(s); err != nil {
			t.Fatal(err)
		}
	}
	chs, err := other.Changes(heads...)
	if err != nil || len(chs) != 2 {
		t.Fatalf("changes: %d, %v", len(chs), err)
	}
	c1, c2 := chs[0].Save(), chs[1].Save()
	d.mu.Lock()
	n := d.seq + 1
	if err := f.srv.st.appendChanges(ctx, code, n, c1); err != nil {
		t.Fatal(err)
	}
	if applied, err := d.g.Ingest(d.doc, c2); err != nil || applied != 0 {
		t.Fatalf("C2 before C1: applied %d, %v (want it waiting)", applied, err)
	}
	d.mu.Unlock()

	d.remote(n, c1)
	if src, _ := memSource(t, f.srv, code); src != "print(1)\nxy" {
		t.Fatalf("in memory: %q", src)
	}
	if src := text(t, storedDoc(t, f.db, string(code)), "source"); src != "print(1)\nxy" {
		t.Fatalf("stored: %q, want the waiting change stored too", src)
	}
	c, found, err := f.srv.st.change(ctx, code, n+1)
	if err != nil || !found {
		t.Fatalf("record %d: found %v, %v", n+1, found, err)
	}
	if !c.Compacted { // else a compaction has taken it into the snapshot already
		if hs, _ := amsync.ChangeHashes(c.Bytes); len(hs) != 1 || hs[0] != chs[1].Hash() {
			t.Fatalf("record %d holds %d changes, want C2 alone", n+1, len(hs))
		}
	}
}
