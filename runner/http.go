package runner

import (
	"net/http"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Handler serves the runner's routes.
type Handler struct {
	svc *Service
}

// NewHandler returns the HTTP handler of svc.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Register adds the routes to mux (the session middleware runs before it;
// finer checks are the service's).
func (h *Handler) Register(mux httpx.Mux) {
	on := func(f http.HandlerFunc) http.Handler { return identity.Require(identity.PermJoinInterviews, f) }
	mux.Handle("POST /api/interviews/{id}/runs", on(h.submit))
	mux.Handle("GET /api/interviews/{id}/runs", on(h.list))
	mux.Handle("GET /api/runs/{id}", on(h.get))
	mux.Handle("GET /api/interviews/{id}/run-tests", on(h.tests))
	mux.Handle("POST /api/interviews/{id}/run-tests", on(h.addTest))
	mux.Handle("DELETE /api/interviews/{id}/run-tests/{test}", on(h.deleteTest))
}

func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.AllowedRun(r.Context(), r.PathValue("id")); err != nil {
		httpx.Error(w, r, err)
		return
	}
	var req RunRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		httpx.Error(w, r, err)
		return
	}
	id, err := h.svc.Submit(r.Context(), r.PathValue("id"), req)
	httpx.Reply(w, r, http.StatusAccepted, map[string]string{"id": id}, err)
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	runs, err := h.svc.List(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, map[string]any{"runs": runs}, err)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	v, err := h.svc.Get(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, v, err)
}

func (h *Handler) tests(w http.ResponseWriter, r *http.Request) {
	ts, err := h.svc.HiddenTests(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, map[string]any{"tests": ts}, err)
}

func (h *Handler) addTest(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.AllowedTestWrite(r.Context(), r.PathValue("id")); err != nil {
		httpx.Error(w, r, err)
		return
	}
	var req HiddenTestRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		httpx.Error(w, r, err)
		return
	}
	t, err := h.svc.AddHiddenTest(r.Context(), r.PathValue("id"), req)
	httpx.Reply(w, r, http.StatusCreated, t, err)
}

func (h *Handler) deleteTest(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.DeleteHiddenTest(r.Context(), r.PathValue("id"), r.PathValue("test")); err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
