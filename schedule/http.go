package schedule

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Handler serves schedule's routes under /api.
type Handler struct {
	svc *Service
}

// NewHandler returns the HTTP handler of svc.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Register adds the routes to mux. Every route needs a signed-in user
// (identity.Service.Middleware must run before the mux); finer checks are
// the service's.
func (h *Handler) Register(mux httpx.Mux) {
	join := func(f http.HandlerFunc) http.Handler { return identity.Require(identity.PermJoinInterviews, f) }
	mux.Handle("GET /api/interviews", join(h.list))
	mux.Handle("POST /api/interviews", identity.Require(identity.PermScheduleInterviews, http.HandlerFunc(h.create)))
	mux.Handle("GET /api/interviews/{id}", join(h.get))
	mux.Handle("PATCH /api/interviews/{id}", join(h.update))
	mux.Handle("DELETE /api/interviews/{id}", join(h.cancel))
	mux.Handle("GET /api/interviews/{id}/comments", join(h.comments))
	mux.Handle("POST /api/interviews/{id}/comments", join(h.addComment))
	mux.Handle("PUT /api/interviews/{id}/outcome", join(h.outcome))
	mux.Handle("PUT /api/interviews/{id}/problem", join(h.problem))
	mux.Handle("GET /api/dashboard", join(h.dashboard))
	mux.Handle("GET /api/notifications", identity.Require(identity.PermViewSelf, http.HandlerFunc(h.notifications)))
	mux.Handle("POST /api/notifications/read", identity.Require(identity.PermViewSelf, http.HandlerFunc(h.markRead)))
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	var req CreateRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		httpx.Error(w, r, err)
		return
	}
	iv, err := h.svc.Create(r.Context(), req)
	httpx.Reply(w, r, http.StatusCreated, iv, err)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	iv, err := h.svc.Get(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, iv, err)
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	var req UpdateRequest
	if !h.body(w, r, ActionEdit, &req) {
		return
	}
	iv, err := h.svc.Update(r.Context(), r.PathValue("id"), req)
	httpx.Reply(w, r, http.StatusOK, iv, err)
}

// body decodes the request body into v once the user may take action a on
// the interview: refused before the body is read, so that a 403 or 404
// never depends on it. It reports false when it has answered.
func (h *Handler) body(w http.ResponseWriter, r *http.Request, a Action, v any) bool {
	if err := h.svc.Allowed(r.Context(), r.PathValue("id"), a); err != nil {
		httpx.Error(w, r, err)
		return false
	}
	if err := httpx.Decode(w, r, v); err != nil {
		httpx.Error(w, r, err)
		return false
	}
	return true
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	iv, err := h.svc.Cancel(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, iv, err)
}

func (h *Handler) outcome(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Outcome Outcome `json:"outcome"`
	}
	if !h.body(w, r, ActionReview, &req) {
		return
	}
	iv, err := h.svc.SetOutcome(r.Context(), r.PathValue("id"), req.Outcome)
	httpx.Reply(w, r, http.StatusOK, iv, err)
}

// problem picks another problem from the bank during the interview: the
// same change as PATCH {"problemId"}, which also resets the problem and the
// starter code in the interview's documents.
func (h *Handler) problem(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ProblemID *string `json:"problemId"`
	}
	if !h.body(w, r, ActionEdit, &req) {
		return
	}
	if req.ProblemID == nil {
		httpx.Error(w, r, httpx.Invalid("problemId", "is required (\"\" for no problem)"))
		return
	}
	iv, err := h.svc.Update(r.Context(), r.PathValue("id"), UpdateRequest{ProblemID: req.ProblemID})
	httpx.Reply(w, r, http.StatusOK, iv, err)
}

func (h *Handler) comments(w http.ResponseWriter, r *http.Request) {
	cs, err := h.svc.Comments(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, map[string]any{"comments": cs}, err)
}

func (h *Handler) addComment(w http.ResponseWriter, r *http.Request) {
	var req CommentRequest
	if !h.body(w, r, ActionReview, &req) {
		return
	}
	c, err := h.svc.AddComment(r.Context(), r.PathValue("id"), req)
	httpx.Reply(w, r, http.StatusCreated, c, err)
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	q, err := parseListQuery(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	page, err := h.svc.List(r.Context(), q)
	httpx.Reply(w, r, http.StatusOK, page, err)
}

func parseListQuery(r *http.Request) (ListQuery, error) {
	v := r.URL.Query()
	q := ListQuery{Page: 1, PageSize: DefaultPageSize, Person: strings.TrimSpace(v.Get("person"))}
	fields := map[string]string{}
	switch st := Status(v.Get("status")); st {
	case "", StatusUpcoming, StatusLive, StatusCompleted, StatusCancelled:
		q.Status = st
	default:
		fields["status"] = "must be upcoming, live, completed or cancelled"
	}
	switch o := v.Get("outcome"); o {
	case "", "failed", "succeeded", "none":
		q.Outcome = o
	default:
		fields["outcome"] = "must be failed, succeeded or none"
	}
	parseTime := func(key string) time.Time {
		raw := v.Get(key)
		if raw == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			fields[key] = "must be an RFC 3339 date and time"
		}
		return t
	}
	q.From, q.To = parseTime("from"), parseTime("to")
	parseInt := func(key string, def, lo, hi int) int {
		raw := v.Get(key)
		if raw == "" {
			return def
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < lo || n > hi {
			fields[key] = "must be a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
			return def
		}
		return n
	}
	q.Page = parseInt("page", 1, 1, 1_000_000)
	q.PageSize = parseInt("pageSize", DefaultPageSize, 1, MaxPageSize)
	return q, invalid(fields)
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	d, err := h.svc.Dashboard(r.Context())
	httpx.Reply(w, r, http.StatusOK, d, err)
}

func (h *Handler) notifications(w http.ResponseWriter, r *http.Request) {
	ns, unread, err := h.svc.Notifications(r.Context())
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"notifications": ns, "unread": unread})
}

func (h *Handler) markRead(w http.ResponseWriter, r *http.Request) {
	var req struct {
		IDs []string `json:"ids"`
		All bool     `json:"all"`
	}
	if err := httpx.Decode(w, r, &req); err != nil {
		httpx.Error(w, r, err)
		return
	}
	if err := h.svc.MarkRead(r.Context(), req.IDs, req.All); err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
