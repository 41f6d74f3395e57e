package collab

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/coder/websocket"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Relations a user can have to an interview (Config.Relation).
const (
	RelationCandidate   = "candidate"
	RelationInterviewer = "interviewer"
	RelationNone        = "none"
)

// RoleAdmin is the identity role that reads every document, read-only.
const RoleAdmin = "admin"

// Limits protect the server from one peer.
type Limits struct {
	MaxMessageBytes   int     // largest incoming frame (default 1 MiB)
	MaxDocsPerPeer    int     // documents one connection may sync (default 64)
	MessagesPerSecond float64 // sustained incoming messages per connection (default 200)
	Burst             int     // bucket size (default 400)
}

// Config configures the server.
type Config struct {
	DB *mongo.Database
	// Relation says how a user relates to an interview: "candidate",
	// "interviewer" or "none".
	Relation func(ctx context.Context, interviewID, userID string) (string, error)
	Logger   *slog.Logger
	Secret   []byte // ticket HMAC key; random (tickets valid in this process only) when empty
	Limits   Limits

	TicketTTL  time.Duration // default 60 s
	FlushDelay time.Duration // wait this long after a message to coalesce a burst before replying (default 10 ms)
	// Least time between two messages to one peer for one document: the
	// larger of FlushInterval (default 50 ms) and FlushPerPeer (default
	// 20 ms) times the document's peers, so that a document's peers together
	// receive about the same number of messages a second however many there
	// are (each message costs every client CPU, and each delivery makes the
	// clients' next changes merge more heads), and a two-person interview
	// stays quick.
	FlushInterval  time.Duration
	FlushPerPeer   time.Duration
	ResendInterval time.Duration // re-flush a peer that did not answer (default 1 s)
	IdleTimeout    time.Duration // evict a document this long after its last peer left (default 2 min)
	PingInterval   time.Duration // keep-alive pings (default 5 s)
	// Compress turns on permessage-deflate (without context takeover): sync
	// messages are mostly hashes and actor ids that repeat within a message,
	// so a third to half the bytes. The app turns it on unless told not to
	// (docs/decisions.md).
	Compress bool
	// Cluster links this node to the other app nodes (nil = one node): a
	// document open on several converges, and a role change closes the
	// user's sockets on every node (cluster.go).
	Cluster *cluster.Cluster
	// OriginPatterns lists extra origins allowed to open the socket (the
	// socket's own host is always allowed), e.g. the Vite dev server.
	OriginPatterns []string
	// Sessions re-checks, every 30 s, the session a socket was opened
	// with (identity.Service): a socket whose session ended, or whose user
	// or role changed, is closed. nil: sockets are not re-checked. Sockets
	// opened with a ticket are not either (the ticket was minted for a
	// live session and lives 60 s).
	Sessions SessionChecker
}

// SessionChecker resolves a socket's session credentials (copied with
// identity.Credentials) to the user they act for now; nil, nil when the
// session ended.
type SessionChecker interface {
	Check(ctx context.Context, h http.Header) (*identity.Principal, error)
}

// Stats counts what the server sent.
type Stats struct {
	MessagesSent atomic.Int64
	BytesSent    atomic.Int64
	// Across nodes: records applied as another node announced them, records
	// read from the store to catch up, and appends that found their number
	// taken by another node.
	RemoteApplied, CaughtUp, NumbersTaken atomic.Int64
}

func (s *Stats) add(n int) {
	s.MessagesSent.Add(1)
	s.BytesSent.Add(int64(n))
}

// Server is the collaboration server.
type Server struct {
	cfg     Config
	log     *slog.Logger
	hub     *hub
	st      *store
	peerID  string
	stats   *Stats
	secret  []byte
	writers writeSlots

	mu     sync.Mutex
	peers  map[string]*peer // user id + "\x00" + peer id
	closed bool
	stop   chan struct{}
	done   chan struct{}
	// rechecks carries interview ids whose members changed (AccessChanged)
	// to the janitor.
	rechecks chan string
}

// New builds a server. Register its routes, and Close it on shutdown.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("collab: no database")
	}
	if cfg.Relation == nil {
		return nil, errors.New("collab: no Relation function")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if len(cfg.Secret) == 0 {
		cfg.Secret = make([]byte, 32)
		_, _ = rand.Read(cfg.Secret)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.TicketTTL, 60*time.Second)
	def(&cfg.FlushDelay, 10*time.Millisecond)
	def(&cfg.FlushInterval, 50*time.Millisecond)
	def(&cfg.FlushPerPeer, 20*time.Millisecond)
	def(&cfg.ResendInterval, time.Second)
	def(&cfg.IdleTimeout, 2*time.Minute)
	def(&cfg.PingInterval, 5*time.Second)
	if cfg.Limits.MaxMessageBytes <= 0 {
		cfg.Limits.MaxMessageBytes = 1 << 20
	}
	if cfg.Limits.MaxDocsPerPeer <= 0 {
		cfg.Limits.MaxDocsPerPeer = 64
	}
	if cfg.Limits.MessagesPerSecond <= 0 {
		cfg.Limits.MessagesPerSecond = 200
	}
	if cfg.Limits.Burst <= 0 {
		cfg.Limits.Burst = 400
	}
	host, _ := os.Hostname()
	st := &store{db: cfg.DB}
	stats := &Stats{}
	s := &Server{
		cfg: cfg, log: cfg.Logger.With("component", "collab"), st: st, stats: stats,
		peerID: "interviewprep-collab-" + host, secret: cfg.Secret, writers: make(writeSlots, runtime.GOMAXPROCS(0)),
		peers: map[string]*peer{}, stop: make(chan struct{}), done: make(chan struct{}),
		rechecks: make(chan string, 64),
	}
	s.hub = &hub{st: st, log: s.log, delay: cfg.FlushDelay, flush: cfg.FlushInterval, flushPerPeer: cfg.FlushPerPeer, resend: cfg.ResendInterval,
		idle: cfg.IdleTimeout, stats: stats, docs: map[DocumentID]*document{}}
	s.linkCluster()
	go s.janitor()
	return s, nil
}

// Stats returns the server's counters.
func (s *Server) Stats() *Stats { return s.stats }

func (s *Server) janitor() {
	defer close(s.done)
	every := s.cfg.IdleTimeout / 4
	if every > 30*time.Second {
		every = 30 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	access := time.NewTicker(accessTTL)
	defer access.Stop()
	// The periodic recheck asks identity about every session, which may be
	// slow when Kratos is: it runs beside the loop, one at a time, so that
	// eviction and AccessChanged never wait for it.
	sweeping := make(chan struct{}, 1)
	for {
		select {
		case <-s.stop:
			sweeping <- struct{}{} // a running sweep ends first (its peers are closing)
			return
		case now := <-t.C:
			s.hub.evictIdle(now)
		case <-access.C:
			select {
			case sweeping <- struct{}{}:
				go func() {
					defer func() { <-sweeping }()
					s.recheck("") // whatever changed without a word (e.g. in the database)
				}()
			default: // the previous sweep is still running
			}
		case id := <-s.rechecks:
			s.recheck(id)
		}
	}
}

// AccessChanged tells the server that who may open an interview's documents
// changed (its candidate or interviewers were edited): connected peers lose
// at once what they may no longer read or write. It does not block; without
// it, the periodic recheck (every 30 s) catches up.
func (s *Server) AccessChanged(interviewID string) {
	select {
	case s.rechecks <- interviewID:
	default:
		s.log.Warn("collab: access recheck queue full; the periodic recheck will apply it", "interview", interviewID)
	}
}

// UserChanged disconnects every socket of a user whose role changed, on
// every node: the role (admin reads everything) was fixed when the socket
// opened, and the client's reconnect authenticates afresh.
func (s *Server) UserChanged(userID string) {
	s.closeUser(userID)
	if c := s.cfg.Cluster; c != nil {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = c.Publish(ctx, topicUser, []byte(userID))
		}()
	}
}

// closeUser disconnects this node's sockets of userID.
func (s *Server) closeUser(userID string) {
	s.mu.Lock()
	peers := s.peersLocked(func(p *peer) bool { return p.user.ID == userID })
	s.mu.Unlock()
	for _, p := range peers {
		// The caller (a role change request) must not wait for the
		// client's side of the close handshake.
		go p.closeGracefully(websocket.StatusPolicyViolation, "your role changed; reconnect")
	}
}

// recheck re-evaluates the access of every connected peer to the documents
// of one interview ("" = all, and the peers' sessions too).
func (s *Server) recheck(interviewID string) {
	s.mu.Lock()
	peers := s.peersLocked(nil)
	s.mu.Unlock()
	for _, p := range peers {
		if interviewID == "" && !s.sessionHolds(p) {
			continue
		}
		p.recheck(interviewID)
	}
}

// sessionHolds re-checks the session p's socket was opened with; when it
// ended, or now acts for another user or role, p is closed (the client
// reconnects and authenticates afresh). When the check fails, p keeps its
// session until the next recheck.
func (s *Server) sessionHolds(p *peer) bool {
	if s.cfg.Sessions == nil || p.cred == nil {
		return true
	}
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	pr, err := s.cfg.Sessions.Check(ctx, p.cred)
	switch {
	case err != nil:
		if p.ctx.Err() == nil {
			s.log.Warn("collab: session recheck failed; keeping the socket", "user", p.user.ID, "err", err)
		}
		return true
	case pr == nil:
		go p.closeGracefully(websocket.StatusPolicyViolation, "your session ended; sign in again")
		return false
	case pr.ID != p.user.ID || string(pr.Role) != p.user.Role:
		go p.closeGracefully(websocket.StatusPolicyViolation, "your role changed; reconnect")
		return false
	}
	return true
}

// peersLocked returns the connected peers that keep (nil: all) accepts.
// Caller holds s.mu.
func (s *Server) peersLocked(keep func(*peer) bool) []*peer {
	peers := make([]*peer, 0, len(s.peers))
	for _, p := range s.peers {
		if keep == nil || keep(p) {
			peers = append(peers, p)
		}
	}
	return peers
}

// Close disconnects every peer and stores the changes applied since the last
// flush (at most FlushDelay old; none of them was acknowledged yet).
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	peers := s.peersLocked(nil)
	s.mu.Unlock()
	close(s.stop)
	for _, p := range peers {
		p.close(websocket.StatusGoingAway, "server shutting down")
	}
	s.hub.saveAll(ctx)
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Server) register(p *peer) {
	key := p.user.ID + "\x00" + p.id
	s.mu.Lock()
	old := s.peers[key]
	s.peers[key] = p
	s.mu.Unlock()
	if old != nil && old != p {
		old.close(websocket.StatusPolicyViolation, "replaced by a new connection")
	}
}

func (s *Server) unregister(p *peer) {
	key := p.user.ID + "\x00" + p.id
	s.mu.Lock()
	if s.peers[key] == p {
		delete(s.peers, key)
	}
	s.mu.Unlock()
}

// accessFor decides what u may do with a document of interview m.InterviewID.
func (s *Server) accessFor(ctx context.Context, u user, m docMeta) (access, error) {
	if u.Role == RoleAdmin {
		return access{read: true}, nil
	}
	rel, err := s.cfg.Relation(ctx, m.InterviewID, u.ID)
	if err != nil {
		return access{}, fmt.Errorf("collab: relation: %w", err)
	}
	switch {
	case rel == RelationInterviewer:
		return access{read: true, write: true}, nil
	case rel == RelationCandidate && m.Kind != KindNotes:
		return access{read: true, write: true}, nil
	}
	return access{}, nil
}

// DocsInit is the starting content of an interview's documents.
type DocsInit struct {
	Language     string // javascript, python or java
	Source       string
	ProblemID    string
	ProblemTitle string
	Statement    string
	Starter      map[string]string // language → starter code
}

// InterviewDocs are the automerge URLs of an interview's documents.
type InterviewDocs struct {
	Code    string `json:"code" bson:"code"`
	Problem string `json:"problem" bson:"problem"`
	Notes   string `json:"notes" bson:"notes"`
}

// Languages the code document may hold.
var Languages = []string{"javascript", "python", "java"}

// CreateInterviewDocs creates the code, problem and notes documents of an
// interview and returns their URLs.
func (s *Server) CreateInterviewDocs(ctx context.Context, interviewID string, init DocsInit) (InterviewDocs, error) {
	if interviewID == "" {
		return InterviewDocs{}, httpx.Invalid("interviewId", "is required")
	}
	if init.Language == "" {
		init.Language = "javascript"
	}
	if !contains(Languages, init.Language) {
		return InterviewDocs{}, httpx.Invalid("language", "must be javascript, python or java")
	}
	code := automerge.New()
	problem := automerge.New()
	notes := automerge.New()
	// Strings are text objects: that is what automerge 3 JS clients write
	// for a string and read back as a plain string.
	starter := map[string]any{}
	for _, l := range Languages {
		starter[l] = automerge.NewText(init.Starter[l])
	}
	steps := []error{
		code.Path("language").Set(automerge.NewText(init.Language)),
		code.Path("source").Set(automerge.NewText(init.Source)),
		code.Path("problemId").Set(automerge.NewText(init.ProblemID)),
		problem.Path("title").Set(automerge.NewText(init.ProblemTitle)),
		problem.Path("statement").Set(automerge.NewText(init.Statement)),
		problem.Path("starter").Set(starter),
		notes.Path("text").Set(automerge.NewText("")),
	}
	if err := errors.Join(steps...); err != nil {
		return InterviewDocs{}, fmt.Errorf("collab: build documents: %w", err)
	}
	var out InterviewDocs
	for _, d := range []struct {
		kind Kind
		doc  *automerge.Doc
		url  *string
	}{{KindCode, code, &out.Code}, {KindProblem, problem, &out.Problem}, {KindNotes, notes, &out.Notes}} {
		if _, err := d.doc.Commit("create"); err != nil {
			return InterviewDocs{}, fmt.Errorf("collab: commit %s: %w", d.kind, err)
		}
		id := NewDocumentID()
		m := docMeta{ID: string(id), InterviewID: interviewID, Kind: d.kind, CreatedAt: time.Now().UTC()}
		if err := s.st.create(ctx, m, d.doc.Save()); err != nil {
			return InterviewDocs{}, err
		}
		*d.url = id.URL()
	}
	return out, nil
}
