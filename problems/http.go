package problems

import (
	"net/http"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Handler serves the question bank's HTTP routes. They expect the identity
// session middleware in front of them.
type Handler struct {
	svc *Service
}

// NewHandler returns the routes of the question bank.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Register adds the routes to mux. Candidates are refused on every route:
// they see their problem only through their interview.
func (h *Handler) Register(mux httpx.Mux) {
	view := func(f http.HandlerFunc) http.Handler { return identity.Require(identity.PermViewProblems, f) }
	manage := func(f http.HandlerFunc) http.Handler { return identity.Require(identity.PermManageProblems, f) }
	mux.Handle("GET /api/problems", view(h.list))
	mux.Handle("POST /api/problems", manage(h.create))
	mux.Handle("GET /api/problems/{id}", view(h.get))
	mux.Handle("PUT /api/problems/{id}", manage(h.update))
	mux.Handle("DELETE /api/problems/{id}", manage(h.delete))
}

// ListResponse is the body of GET /api/problems.
type ListResponse struct {
	Problems []Summary `json:"problems"`
}

// list answers GET /api/problems?q=&difficulty=&tag=.
func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	list, err := h.svc.List(r.Context(), ListQuery{Q: v.Get("q"), Difficulty: v.Get("difficulty"), Tag: v.Get("tag")})
	httpx.Reply(w, r, http.StatusOK, ListResponse{Problems: list}, err)
}

// create answers POST /api/problems with 201 and the stored problem.
func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	var in Input
	if err := httpx.Decode(w, r, &in); err != nil {
		httpx.Error(w, r, err)
		return
	}
	p, err := h.svc.Create(r.Context(), in)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/problems/"+p.ID)
	httpx.JSON(w, http.StatusCreated, p)
}

// get answers GET /api/problems/{id}.
func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.View(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, p, err)
}

// update answers PUT /api/problems/{id}: every editable field is replaced.
func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	var in Input
	if err := httpx.Decode(w, r, &in); err != nil {
		httpx.Error(w, r, err)
		return
	}
	p, err := h.svc.Update(r.Context(), r.PathValue("id"), in)
	httpx.Reply(w, r, http.StatusOK, p, err)
}

// delete answers DELETE /api/problems/{id} with 204.
func (h *Handler) delete(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Delete(r.Context(), r.PathValue("id")); err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
