package rooms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/livekit/protocol/webhook"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Handler serves rooms' routes.
type Handler struct {
	svc *Service
}

// NewHandler returns the HTTP handler of svc.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Register adds the routes to mux. The /api routes need a signed-in user
// (identity.Service.Middleware runs before the mux; finer checks are the
// service's). The webhook needs no session: LiveKit signs it, and it posts
// server to server without Origin or Sec-Fetch-Site, which Go's
// CrossOriginProtection lets through.
func (h *Handler) Register(mux httpx.Mux) {
	join := func(f http.HandlerFunc) http.Handler { return identity.Require(identity.PermJoinInterviews, f) }
	mux.Handle("POST /api/interviews/{id}/join", join(h.join))
	mux.Handle("POST /api/interviews/{id}/room/end", join(h.end))
	mux.Handle("POST /api/interviews/{id}/room/mute", join(h.mute))
	mux.Handle("POST /api/interviews/{id}/room/remove", join(h.remove))
	mux.Handle("GET /api/interviews/{id}/chat", join(h.chat))
	mux.Handle("POST /api/interviews/{id}/chat", join(h.postChat))
	mux.Handle("GET /api/interviews/{id}/attendance", join(h.attendance))
	mux.Handle("GET /api/interviews/{id}/signals", join(h.signals))
	mux.Handle("POST /api/interviews/{id}/signals", join(h.postSignal))
	mux.HandleFunc("POST "+WebhookPath, h.webhook)
	h.registerRecordings(mux, join)
}

func (h *Handler) join(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Allowed(r.Context(), r.PathValue("id")); err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := noBody(w, r); err != nil {
		httpx.Error(w, r, err)
		return
	}
	j, err := h.svc.Join(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, j, err)
}

func (h *Handler) end(w http.ResponseWriter, r *http.Request) {
	if !h.hostNoBody(w, r) {
		return
	}
	noContent(w, r, h.svc.End(r.Context(), r.PathValue("id")))
}

func (h *Handler) mute(w http.ResponseWriter, r *http.Request) {
	var req ParticipantRequest
	if !h.hostBody(w, r, &req) {
		return
	}
	noContent(w, r, h.svc.Mute(r.Context(), r.PathValue("id"), req))
}

func (h *Handler) remove(w http.ResponseWriter, r *http.Request) {
	var req ParticipantRequest
	if !h.hostBody(w, r, &req) {
		return
	}
	noContent(w, r, h.svc.Remove(r.Context(), r.PathValue("id"), req))
}

// hostBody decodes the body into v once the caller may control the call:
// refused before the body is read, so that a 403 or 404 never depends on
// it. It reports false when it has answered.
func (h *Handler) hostBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := h.svc.AllowedHost(r.Context(), r.PathValue("id")); err != nil {
		httpx.Error(w, r, err)
		return false
	}
	if err := httpx.Decode(w, r, v); err != nil {
		httpx.Error(w, r, err)
		return false
	}
	return true
}

func (h *Handler) chat(w http.ResponseWriter, r *http.Request) {
	ms, err := h.svc.Chat(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, map[string]any{"messages": ms}, err)
}

func (h *Handler) postChat(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.AllowedChatPost(r.Context(), r.PathValue("id")); err != nil {
		httpx.Error(w, r, err)
		return
	}
	var req ChatRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		httpx.Error(w, r, err)
		return
	}
	m, err := h.svc.PostChat(r.Context(), r.PathValue("id"), req)
	httpx.Reply(w, r, http.StatusCreated, m, err)
}

func (h *Handler) attendance(w http.ResponseWriter, r *http.Request) {
	rows, err := h.svc.Attendance(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, map[string]any{"attendance": rows}, err)
}

func (h *Handler) signals(w http.ResponseWriter, r *http.Request) {
	sigs, err := h.svc.Signals(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, map[string]any{"signals": sigs}, err)
}

func (h *Handler) postSignal(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.AllowedSignal(r.Context(), r.PathValue("id")); err != nil {
		httpx.Error(w, r, err)
		return
	}
	var req SignalRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		httpx.Error(w, r, err)
		return
	}
	sig, err := h.svc.RecordSignal(r.Context(), r.PathValue("id"), req)
	httpx.Reply(w, r, http.StatusCreated, sig, err)
}

// webhook receives LiveKit's webhooks. The body is read (at most
// httpx.MaxBodyBytes) and checked against the Authorization header with
// LiveKit's own receiver: a JWT signed with our API secret that carries the
// body's SHA-256. Anything else is 401 and changes nothing.
func (h *Handler) webhook(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, httpx.MaxBodyBytes)
	data, err := webhook.Receive(r, h.svc.keys)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpx.Error(w, r, fmt.Errorf("%w: webhook body larger than %d bytes", httpx.ErrTooLarge, httpx.MaxBodyBytes))
			return
		}
		httpx.Logger(r.Context()).Warn("rooms: LiveKit webhook refused", "err", err)
		httpx.Error(w, r, ErrBadSignature)
		return
	}
	ev, err := decodeEvent(data)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	noContent(w, r, h.svc.HandleEvent(r.Context(), ev))
}

// noBody accepts an empty body or an empty JSON object (what clients send
// to a POST that takes nothing) and refuses anything else.
func noBody(w http.ResponseWriter, r *http.Request) error {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1024))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fmt.Errorf("%w: this request takes no body", httpx.ErrTooLarge)
		}
		return fmt.Errorf("%w: read body: %v", httpx.ErrBadRequest, err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var empty struct{}
	if err := dec.Decode(&empty); err != nil {
		return fmt.Errorf("%w: this request takes no body (or {})", httpx.ErrBadRequest)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: this request takes no body (or {})", httpx.ErrBadRequest)
	}
	return nil
}

// noContent answers 204, or err's error.
func noContent(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
