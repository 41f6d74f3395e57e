package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/coder/websocket"
	"github.com/fxamacker/cbor/v2"

	"github.com/interviewprep/interviewprep/collab"
)

// typing is how the load's people type.
type typing struct {
	minGap, maxGap time.Duration // between keystrokes
	notesShare     float64       // of an interviewer's keystrokes, the part that goes to notes
}

func (t typing) gap(r *mrand.Rand) time.Duration {
	return t.minGap + time.Duration(r.Int64N(int64(t.maxGap-t.minGap)+1))
}

// loadDoc is one document a load client has open.
type loadDoc struct {
	id      string
	field   string // the text it types into ("" for the problem: read only)
	doc     *automerge.Doc
	ss      *automerge.SyncState
	sent    bool // the first message (a request) went out
	ready   chan struct{}
	isReady bool
	cursor  int
	typed   int // characters this client inserted
}

// loadClient is a light automerge-repo peer on automerge-go (not the
// official client): one socket, the person's documents (code and problem;
// notes for interviewers), typing like a person, a cursor message after
// each keystroke (as the editor's presence does), and an answer to every
// sync message, as automerge-repo does. Like the browser, it reconnects
// with a fresh ticket when the server closes the socket, and keeps typing
// meanwhile (the edits go out when it is back).
type loadClient struct {
	name    string
	who     *person
	base    string // the person's node
	mu      sync.Mutex
	conn    *websocket.Conn // nil while disconnected
	docs    map[string]*loadDoc
	session string
	count   int64
	err     error    // the first error; under mu
	closes  []string // why the server closed the socket, each time
	late    []float64
	sent    int // keystrokes
	done    chan struct{}
}

// dialLoad connects p's client and asks for the documents (URL → the
// field typed into, "" for none).
func dialLoad(ctx context.Context, base string, p *person, name string, docs map[string]string) (*loadClient, error) {
	var sb [8]byte
	_, _ = rand.Read(sb[:])
	c := &loadClient{name: name, who: p, base: base, docs: map[string]*loadDoc{}, session: hex.EncodeToString(sb[:]), done: make(chan struct{})}
	for url, field := range docs {
		id, err := collab.ParseDocumentID(url)
		if err != nil {
			return nil, err
		}
		doc := automerge.New()
		c.docs[string(id)] = &loadDoc{id: string(id), field: field, doc: doc, ready: make(chan struct{})}
	}
	conn, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	go c.run(ctx, conn)
	return c, nil
}

// connect opens a socket with a fresh ticket as automerge-repo's websocket
// adapter does (join, peer), then syncs every document from a fresh sync
// state (a request for one it does not have yet).
func (c *loadClient) connect(ctx context.Context) (*websocket.Conn, error) {
	url, err := ticket(ctx, c.base, c.who)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.name, err)
	}
	dctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(dctx, url, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: dial: %w", c.name, err)
	}
	conn.SetReadLimit(64 << 20)
	b, err := collab.EncodeMessage(&collab.Message{Type: collab.TypeJoin, SenderID: c.name,
		SupportedProtocolVersions: []string{collab.ProtocolV1}, PeerMetadata: &collab.PeerMetadata{}})
	if err == nil {
		err = conn.Write(dctx, websocket.MessageBinary, b)
	}
	if err == nil {
		_, b, err = conn.Read(dctx)
	}
	if err != nil {
		_ = conn.CloseNow()
		return nil, fmt.Errorf("%s: handshake: %w", c.name, err)
	}
	if m, err := collab.DecodeMessage(b); err != nil || m.Type != collab.TypePeer {
		_ = conn.CloseNow()
		return nil, fmt.Errorf("%s: handshake: got %v %v", c.name, m, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn = conn
	for _, d := range c.docs {
		d.ss, d.sent = automerge.NewSyncState(d.doc), d.isReady
		c.syncLocked(d)
	}
	return conn, nil
}

// run reads the socket; when the server closes it, it connects again a
// second later (automerge-repo's retry), until ctx ends.
func (c *loadClient) run(ctx context.Context, conn *websocket.Conn) {
	defer close(c.done)
	for {
		err := c.read(ctx, conn)
		c.mu.Lock()
		c.conn = nil
		if ctx.Err() == nil {
			c.closes = append(c.closes, err.Error())
		}
		c.mu.Unlock()
		for {
			sleepCtx(ctx, time.Second)
			if ctx.Err() != nil {
				return
			}
			if conn, err = c.connect(ctx); err == nil {
				break
			}
		}
	}
}

func (c *loadClient) write(ctx context.Context, m *collab.Message) error {
	if c.conn == nil {
		return nil // offline: the next connection syncs it
	}
	b, err := collab.EncodeMessage(m)
	if err == nil {
		err = c.conn.Write(ctx, websocket.MessageBinary, b)
	}
	if err != nil && ctx.Err() == nil && websocket.CloseStatus(err) == -1 && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil // the socket closed: run reconnects
}

func (c *loadClient) failLocked(err error) {
	if c.err == nil && err != nil {
		c.err = fmt.Errorf("%s: %w", c.name, err)
	}
}

// syncLocked sends d's next sync message, if there is one.
func (c *loadClient) syncLocked(d *loadDoc) {
	if c.conn == nil {
		return
	}
	sm, ok := d.ss.GenerateMessage()
	if !ok {
		return
	}
	typ := collab.TypeSync
	if !d.sent {
		typ, d.sent = collab.TypeRequest, true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c.failLocked(c.write(ctx, &collab.Message{Type: typ, SenderID: c.name, TargetID: "server", DocumentID: d.id, Data: sm.Bytes()}))
}

// read handles the socket's messages until it fails, and returns why.
func (c *loadClient) read(ctx context.Context, conn *websocket.Conn) error {
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			return err
		}
		m, err := collab.DecodeMessage(b)
		if err != nil {
			continue
		}
		c.mu.Lock()
		switch d := c.docs[m.DocumentID]; {
		case d == nil:
		case m.Type == collab.TypeSync:
			if _, err := d.ss.ReceiveMessage(m.Data); err != nil {
				c.failLocked(err)
			}
			if !d.isReady && (d.field == "" || d.text() != nil) {
				d.isReady = true
				close(d.ready)
			}
			c.syncLocked(d)
		case m.Type == collab.TypeDocUnavailable || m.Type == collab.TypeError:
			c.failLocked(fmt.Errorf("%s for %s: %s", m.Type, m.DocumentID, m.Message))
		}
		c.mu.Unlock()
	}
}

// text is the document's text, nil until it has one.
func (d *loadDoc) text() *automerge.Text {
	v, err := d.doc.Path(d.field).Get()
	if err != nil || v.Kind() != automerge.KindText {
		return nil
	}
	return v.Text()
}

// waitReady waits until every document has arrived.
func (c *loadClient) waitReady(ctx context.Context) error {
	for _, d := range c.docs {
		select {
		case <-d.ready:
		case <-ctx.Done():
			c.mu.Lock()
			defer c.mu.Unlock()
			return fmt.Errorf("%s: document %s did not arrive: %w (%v)", c.name, d.id, ctx.Err(), c.err)
		}
	}
	return nil
}

// cursorMessage is what the editor's presence broadcasts (the fields of
// web/src/features/workspace/binding/presence.ts; anchors left out).
type cursorMessage struct {
	Type    string  `cbor:"type"`
	Kind    string  `cbor:"kind"`
	Field   string  `cbor:"field"`
	Session string  `cbor:"session"`
	User    string  `cbor:"user"`
	Anchor  *string `cbor:"anchor"`
	Head    *string `cbor:"head"`
}

// typeUntil types into the documents until end: a keystroke every gap,
// at the client's cursor (now and then somewhere else), then a cursor
// message. Each keystroke's lateness (how much later than planned the timer
// woke) is kept, to show whether the load generator kept up.
func (c *loadClient) typeUntil(ctx context.Context, end time.Time, t typing, seed uint64) {
	r := mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var code, notes *loadDoc
	for _, d := range c.docs {
		switch d.field {
		case "source":
			code = d
		case "text":
			notes = d
		}
	}
	next := time.Now().Add(t.gap(r))
	for {
		if next.After(end) {
			return
		}
		sleepCtx(ctx, time.Until(next))
		if ctx.Err() != nil {
			return
		}
		late := time.Since(next)
		d := code
		if notes != nil && r.Float64() < t.notesShare {
			d = notes
		}
		c.mu.Lock()
		c.late = append(c.late, float64(late)/float64(time.Millisecond))
		txt := d.text()
		n := txt.Len()
		if d.cursor > n || r.IntN(20) == 0 {
			d.cursor = r.IntN(n + 1)
		}
		ch := string(rune('a' + r.IntN(26)))
		if r.IntN(12) == 0 {
			ch = "\n"
		}
		err := txt.Insert(d.cursor, ch)
		if err == nil {
			_, err = d.doc.Commit(c.name)
		}
		if err != nil {
			c.failLocked(err)
			c.mu.Unlock()
			return
		}
		d.cursor++
		d.typed++
		c.sent++
		c.syncLocked(d)
		c.count++
		data, _ := cbor.Marshal(cursorMessage{Type: "cursor", Kind: "cursor", Field: d.field, Session: c.session, User: c.name})
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		c.failLocked(c.write(wctx, &collab.Message{Type: collab.TypeEphemeral, SenderID: c.name, TargetID: "server",
			DocumentID: d.id, SessionID: c.session, Count: c.count, Data: data}))
		cancel()
		c.mu.Unlock()
		next = next.Add(t.gap(r))
	}
}

// docState is what a client holds of a document at the end.
type docState struct {
	heads string
	n     int
}

func (c *loadClient) state(id string) (docState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.docs[id]
	if d == nil {
		return docState{}, false
	}
	hs := d.doc.Heads()
	ss := make([]string, len(hs))
	for i, h := range hs {
		ss[i] = h.String()
	}
	slices.Sort(ss)
	n := 0
	if t := d.text(); t != nil {
		n = t.Len()
	}
	return docState{heads: strings.Join(ss, ","), n: n}, true
}

func (c *loadClient) typedInto(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.docs[id]; d != nil {
		return d.typed
	}
	return 0
}

// close ends the client; ctx (of run) must be cancelled first or soon.
func (c *loadClient) close() {
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if conn != nil {
		_ = conn.Close(websocket.StatusNormalClosure, "")
	}
}

func (c *loadClient) firstErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// loadRoom is an interview whose three people are load clients.
type loadRoom struct {
	iv      *interview
	clients []*loadClient // candidate, interviewer, interviewer
	start   map[string]int
}

// converged reports, for the code and the notes document, whether every
// client that has it holds the same heads and every character typed into
// it; else what differs.
func (r *loadRoom) converged() error {
	var problems []string
	for _, url := range []string{r.iv.code, r.iv.notes} {
		id, _ := collab.ParseDocumentID(url)
		want := r.start[string(id)]
		for _, c := range r.clients {
			want += c.typedInto(string(id))
		}
		var first *docState
		for _, c := range r.clients {
			s, ok := c.state(string(id))
			if !ok {
				continue
			}
			if s.n != want {
				problems = append(problems, fmt.Sprintf("%s has %d of %d characters in %s", c.name, s.n, want, id))
			}
			if first == nil {
				first = &s
			} else if first.heads != s.heads {
				problems = append(problems, fmt.Sprintf("%s's heads of %s differ", c.name, id))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}
