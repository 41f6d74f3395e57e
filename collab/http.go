package collab

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/coder/websocket"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Register adds the collab routes: the socket, tickets and history.
func (s *Server) Register(mux httpx.Mux) {
	mux.HandleFunc("GET /collab", s.serveWS)
	mux.HandleFunc("POST /api/collab/ticket", s.issueTicket)
	mux.HandleFunc("GET /api/collab/docs/{docId}/history", s.history)
	mux.HandleFunc("GET /api/collab/docs/{docId}/at", s.at)
	mux.HandleFunc("GET /api/collab/docs/{docId}/binary", s.binary)
}

type ticketBody struct {
	U string `json:"u"`
	R string `json:"r"`
	E int64  `json:"e"` // unix seconds
}

// Ticket signs a short-lived ticket for a user: base64url(JSON) "."
// base64url(HMAC-SHA256). Valid for TicketTTL on every server sharing Secret.
func (s *Server) Ticket(userID, role string) string {
	b, _ := json.Marshal(ticketBody{U: userID, R: role, E: time.Now().Add(s.cfg.TicketTTL).Unix()})
	payload := base64.RawURLEncoding.EncodeToString(b)
	return payload + "." + base64.RawURLEncoding.EncodeToString(s.sign(payload))
}

func (s *Server) sign(payload string) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("collab-ticket\x00" + payload))
	return m.Sum(nil)
}

func (s *Server) checkTicket(t string) (user, bool) {
	payload, sig, ok := strings.Cut(t, ".")
	if !ok || len(t) > 1024 {
		return user{}, false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.sign(payload)) {
		return user{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return user{}, false
	}
	var tb ticketBody
	if json.Unmarshal(b, &tb) != nil || tb.U == "" || time.Now().Unix() > tb.E {
		return user{}, false
	}
	return user{ID: tb.U, Role: tb.R}, true
}

// who is the request's user: the session's principal, else a valid ticket.
func (s *Server) who(r *http.Request) (user, bool) {
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		return user{ID: p.ID, Role: string(p.Role)}, true
	}
	if t := r.URL.Query().Get("ticket"); t != "" {
		return s.checkTicket(t)
	}
	return user{}, false
}

func (s *Server) issueTicket(w http.ResponseWriter, r *http.Request) {
	p, ok := identity.PrincipalFrom(r.Context())
	if !ok {
		httpx.Error(w, r, httpx.ErrUnauthorized)
		return
	}
	httpx.JSON(w, http.StatusOK, map[string]string{"ticket": s.Ticket(p.ID, string(p.Role))})
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	u, ok := s.who(r)
	var cred http.Header
	if _, bySession := identity.PrincipalFrom(r.Context()); bySession {
		cred = identity.Credentials(r)
	}
	if !ok {
		httpx.Error(w, r, fmt.Errorf("%w: sign in or pass a collab ticket", httpx.ErrUnauthorized))
		return
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		httpx.Error(w, r, httpx.ErrUnavailable)
		return
	}
	compression := websocket.CompressionDisabled
	if s.cfg.Compress {
		compression = websocket.CompressionNoContextTakeover
	}
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		OriginPatterns:  s.cfg.OriginPatterns,
		CompressionMode: compression,
	})
	if err != nil {
		return // Accept wrote the response
	}
	conn.SetReadLimit(-1) // readFrame enforces MaxMessageBytes and answers with an error message
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	p := &peer{
		srv: s, conn: conn, user: u, cred: cred, log: s.log.With("user", u.ID),
		out: make(chan []byte, 512), ctx: ctx, cancel: cancel,
		docs: map[DocumentID]*document{}, access: map[string]access{},
	}
	p.run()
}

// Change is one entry of a document's history.
type Change struct {
	Hash    string    `json:"hash"`
	Actor   string    `json:"actor"`
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	Message string    `json:"message"`
	Bytes   int       `json:"bytes"`
}

// readable loads a document the request's user may read.
func (s *Server) readable(r *http.Request) (*document, error) {
	u, ok := s.who(r)
	if !ok {
		return nil, httpx.ErrUnauthorized
	}
	id, err := ParseDocumentID(r.PathValue("docId"))
	if err != nil {
		return nil, fmt.Errorf("%w: no such document", httpx.ErrNotFound)
	}
	d, err := s.hub.get(r.Context(), id)
	if errors.Is(err, errDocNotFound) {
		return nil, fmt.Errorf("%w: no such document", httpx.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	acc, err := s.accessFor(r.Context(), u, d.meta)
	if err != nil {
		return nil, err
	}
	if !acc.read {
		return nil, fmt.Errorf("%w: no such document", httpx.ErrNotFound)
	}
	d.mu.Lock()
	d.idleAt = time.Now()
	d.mu.Unlock()
	return d, nil
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	d, err := s.readable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	chs, err := d.doc.Changes()
	if err != nil {
		httpx.Error(w, r, fmt.Errorf("collab: changes: %w", err))
		return
	}
	out := make([]Change, 0, len(chs))
	for _, c := range chs {
		out = append(out, Change{Hash: c.Hash().String(), Actor: c.ActorID(), Seq: c.ActorSeq(),
			Time: changeTime(c), Message: c.Message(), Bytes: len(c.Save())})
	}
	authors, err := s.hub.st.authors(r.Context(), d.id)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	// authors: which user made each actor's changes (absent: the server's
	// own, or changes older than the record).
	httpx.JSON(w, http.StatusOK, map[string]any{"changes": out, "authors": authors})
}

// changeTime is when c was made. Automerge's JavaScript writes seconds
// since the epoch, automerge-go (the server's own changes) milliseconds;
// automerge-go reads every value as milliseconds. A value below 1e11 (as
// milliseconds: before March 1973) is seconds.
func changeTime(c *automerge.Change) time.Time {
	raw := c.Timestamp().UnixMilli()
	if raw > 0 && raw < 1e11 {
		return time.Unix(raw, 0).UTC()
	}
	return c.Timestamp().UTC()
}

// binary answers the whole document (automerge's save format), for the
// replay, which walks its history in the browser.
func (s *Server) binary(w http.ResponseWriter, r *http.Request) {
	d, err := s.readable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	d.mu.Lock()
	b := d.doc.Save()
	d.mu.Unlock()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}

// at renders the document as it was at ?heads=h1,h2 (hex change hashes) or
// after its first ?change=n changes.
func (s *Server) at(w http.ResponseWriter, r *http.Request) {
	d, err := s.readable(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	var doc *automerge.Doc
	q := r.URL.Query()
	switch {
	case q.Get("heads") != "":
		var heads []automerge.ChangeHash
		for _, h := range strings.Split(q.Get("heads"), ",") {
			ch, err := parseHash(h)
			if err != nil {
				httpx.Error(w, r, httpx.Invalid("heads", "must be change hashes (hex), comma separated"))
				return
			}
			if _, err := d.doc.Change(ch); err != nil {
				httpx.Error(w, r, fmt.Errorf("%w: unknown change %s", httpx.ErrNotFound, h))
				return
			}
			heads = append(heads, ch)
		}
		doc, err = d.doc.Fork(heads...)
	case q.Get("change") != "":
		n, perr := strconv.Atoi(q.Get("change"))
		chs, cerr := d.doc.Changes()
		if perr != nil || cerr != nil || n < 0 || n > len(chs) {
			httpx.Error(w, r, httpx.Invalid("change", "must be a number from 0 to the number of changes"))
			return
		}
		if n == 0 {
			doc = automerge.New()
		} else {
			// Doc.Apply of the 0.5 wrapper applies more than it is given, so
			// fork at the heads of the first n changes instead.
			doc, err = d.doc.Fork(prefixHeads(chs[:n])...)
		}
	default:
		httpx.Error(w, r, httpx.Invalid("heads", "give heads or change"))
		return
	}
	if err != nil {
		httpx.Error(w, r, fmt.Errorf("collab: document at: %w", err))
		return
	}
	v, err := toJSON(doc.Root())
	httpx.Reply(w, r, http.StatusOK, v, err)
}

func parseHash(s string) (automerge.ChangeHash, error) {
	var h automerge.ChangeHash
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != len(h) {
		return h, errors.New("bad hash")
	}
	copy(h[:], b)
	return h, nil
}

// toJSON renders an automerge value as plain JSON data.
func toJSON(v *automerge.Value) (any, error) {
	switch v.Kind() {
	case automerge.KindMap:
		vals, err := v.Map().Values()
		if err != nil {
			return nil, err
		}
		out := make(map[string]any, len(vals))
		for k, x := range vals {
			if out[k], err = toJSON(x); err != nil {
				return nil, err
			}
		}
		return out, nil
	case automerge.KindList:
		vals, err := v.List().Values()
		if err != nil {
			return nil, err
		}
		out := make([]any, len(vals))
		for i, x := range vals {
			if out[i], err = toJSON(x); err != nil {
				return nil, err
			}
		}
		return out, nil
	case automerge.KindText:
		return v.Text().Get()
	case automerge.KindCounter:
		return v.Counter().Get()
	case automerge.KindVoid, automerge.KindNull, automerge.KindUnknown:
		return nil, nil
	default:
		return v.Interface(), nil
	}
}

// prefixHeads are the changes of a causally closed prefix that no other
// change of the prefix depends on.
func prefixHeads(chs []*automerge.Change) []automerge.ChangeHash {
	dep := map[automerge.ChangeHash]bool{}
	for _, c := range chs {
		for _, h := range c.Dependencies() {
			dep[h] = true
		}
	}
	var heads []automerge.ChangeHash
	for _, c := range chs {
		if !dep[c.Hash()] {
			heads = append(heads, c.Hash())
		}
	}
	return heads
}
