package collab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// user is who a socket acts for.
type user struct {
	ID   string
	Role string
}

// access is what a user may do with one document.
type access struct {
	read, write bool
	at          time.Time
}

// peer is one WebSocket connection speaking the automerge-repo protocol.
type peer struct {
	srv  *Server
	conn *websocket.Conn
	user user
	cred http.Header // the session it was opened with (nil: a ticket)
	id   string      // the client's PeerId, set by join
	log  *slog.Logger

	out       chan []byte
	ctx       context.Context
	cancel    context.CancelFunc
	closeOnce sync.Once
	failed    atomic.Bool
	// Liveness for pingLoop: a pong is only read by the read loop, so a
	// missing pong is the server's fault while the read loop is busy (e.g.
	// waiting for a document under load), not a dead peer.
	lastRead atomic.Int64 // unix nanos of the last frame read
	busy     atomic.Bool  // the read loop is handling a frame

	// mu guards docs and access: the read loop handles a frame holding it,
	// and recheck takes it to re-evaluate access while the peer is silent.
	mu     sync.Mutex
	docs   map[DocumentID]*document
	access map[string]access // interviewID+"/"+kind → access
	// Read-loop only.
	tokens float64
	last   time.Time
}

const accessTTL = 30 * time.Second

func (p *peer) close(code websocket.StatusCode, reason string) {
	p.closeOnce.Do(func() {
		p.cancel()
		if p.conn != nil {
			_ = p.conn.Close(code, reason)
		}
	})
}

// closeGracefully is close with the close frame out first: close cancels the
// context first, which may drop the socket before the frame (and its code)
// leaves. It waits for the client's side of the handshake (at most 5 s), so
// run it on its own goroutine.
func (p *peer) closeGracefully(code websocket.StatusCode, reason string) {
	p.closeOnce.Do(func() {
		if p.conn != nil {
			_ = p.conn.Close(code, reason)
		}
		p.cancel()
	})
}

// fail tells the peer what went wrong with an error message, then
// disconnects it.
func (p *peer) fail(msg string) {
	if !p.failed.CompareAndSwap(false, true) {
		return
	}
	frame, err := EncodeMessage(&Message{Type: TypeError, SenderID: p.srv.peerID, TargetID: p.id, Message: msg})
	if err == nil && p.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if p.conn.Write(ctx, websocket.MessageBinary, frame) == nil {
			p.srv.stats.add(len(frame))
		}
		cancel()
	}
	p.close(websocket.StatusPolicyViolation, truncate(msg, 120))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// send queues a message; a peer that cannot keep up is disconnected.
func (p *peer) send(m *Message) {
	frame, err := EncodeMessage(m)
	if err != nil {
		p.log.Error("collab: encode message", "err", err)
		return
	}
	p.sendFrame(frame)
}

// warn sends an error message without disconnecting.
func (p *peer) warn(msg string) {
	p.send(&Message{Type: TypeError, SenderID: p.srv.peerID, TargetID: p.id, Message: msg})
}

func (p *peer) writeLoop() {
	for {
		select {
		case <-p.ctx.Done():
			return
		case frame := <-p.out:
			release := p.srv.writers.acquire(p.ctx)
			ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
			err := p.conn.Write(ctx, websocket.MessageBinary, frame)
			cancel()
			release()
			if err != nil {
				if p.ctx.Err() == nil {
					p.log.Debug("collab: write failed; disconnecting", "err", err)
				}
				p.close(websocket.StatusGoingAway, "write failed")
				return
			}
			p.srv.stats.add(len(frame))
		}
	}
}

func (p *peer) pingLoop() {
	t := time.NewTicker(p.srv.cfg.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(p.ctx, 2*p.srv.cfg.PingInterval)
			err := p.conn.Ping(ctx)
			cancel()
			if err != nil {
				if p.ctx.Err() != nil {
					return
				}
				if p.busy.Load() || time.Since(time.Unix(0, p.lastRead.Load())) < 2*p.srv.cfg.PingInterval {
					continue // alive: it spoke recently, or the pong waits behind our own work
				}
				p.log.Warn("collab: no pong; disconnecting", "err", err)
				p.close(websocket.StatusGoingAway, "no pong")
				return
			}
		}
	}
}

// readFrame reads one message of at most MaxMessageBytes.
func (p *peer) readFrame() ([]byte, error) {
	typ, r, err := p.conn.Reader(p.ctx)
	if err != nil {
		return nil, err
	}
	max := p.srv.cfg.Limits.MaxMessageBytes
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > max {
		return nil, errTooBig
	}
	p.lastRead.Store(time.Now().UnixNano())
	if typ != websocket.MessageBinary {
		return nil, nil // text frames are not protocol messages; ignore
	}
	return b, nil
}

var errTooBig = errors.New("message too large")

// run serves the connection until it closes.
func (p *peer) run() {
	defer p.cleanup()
	go p.writeLoop()
	go p.pingLoop()

	// The first message must be join.
	joinCtx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	stop := context.AfterFunc(joinCtx, func() {
		if joinCtx.Err() == context.DeadlineExceeded {
			p.close(websocket.StatusPolicyViolation, "no join")
		}
	})
	var join *Message
	for join == nil {
		b, err := p.readFrame()
		if err != nil {
			cancel()
			p.readErr(err)
			return
		}
		if b == nil {
			continue
		}
		m, err := DecodeMessage(b)
		if err != nil || m.Type != TypeJoin {
			cancel()
			p.fail("expected a join message")
			return
		}
		join = m
	}
	stop()
	cancel()
	if !contains(join.SupportedProtocolVersions, ProtocolV1) {
		p.id = join.SenderID
		p.fail("unsupported protocol version")
		return
	}
	p.id = join.SenderID
	p.log = p.log.With("peer", p.id)
	p.srv.register(p)
	p.send(&Message{Type: TypePeer, SenderID: p.srv.peerID, TargetID: p.id,
		PeerMetadata: &PeerMetadata{IsEphemeral: false}, SelectedProtocolVersion: ProtocolV1})

	for {
		b, err := p.readFrame()
		if err != nil {
			p.readErr(err)
			return
		}
		if b == nil {
			continue
		}
		if !p.allow() {
			p.fail("rate limit exceeded")
			return
		}
		p.busy.Store(true)
		p.mu.Lock()
		err = p.handleFrame(b)
		p.mu.Unlock()
		p.busy.Store(false)
		if err != nil {
			if errors.Is(err, errFatal) {
				p.fail(err.Error())
				return
			}
			p.log.Debug("collab: message refused", "err", err)
		}
	}
}

func (p *peer) readErr(err error) {
	if errors.Is(err, errTooBig) {
		p.fail(fmt.Sprintf("message larger than %d bytes", p.srv.cfg.Limits.MaxMessageBytes))
		return
	}
	p.close(websocket.StatusNormalClosure, "")
}

// allow is a token bucket: MessagesPerSecond, bursting to Burst.
func (p *peer) allow() bool {
	l := p.srv.cfg.Limits
	now := time.Now()
	if p.last.IsZero() {
		p.tokens = float64(l.Burst)
	} else {
		p.tokens += now.Sub(p.last).Seconds() * l.MessagesPerSecond
		if p.tokens > float64(l.Burst) {
			p.tokens = float64(l.Burst)
		}
	}
	p.last = now
	if p.tokens < 1 {
		return false
	}
	p.tokens--
	return true
}

func (p *peer) cleanup() {
	p.close(websocket.StatusNormalClosure, "")
	p.srv.unregister(p)
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range p.docs {
		d.detach(p)
	}
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// writeSlots bounds how many sockets compress at once: each compressing
// write holds a 1.2 MB flate writer, and a flush writes to every peer of a
// document at the same moment. A write waits for a slot at most
// writeSlotWait, so a socket that blocks never holds up the others for long.
type writeSlots chan struct{}

const writeSlotWait = 100 * time.Millisecond

func (w writeSlots) acquire(ctx context.Context) (release func()) {
	t := time.NewTimer(writeSlotWait)
	defer t.Stop()
	select {
	case w <- struct{}{}:
		return func() { <-w }
	case <-t.C:
	case <-ctx.Done():
	}
	return func() {}
}
