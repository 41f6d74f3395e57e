package identity

import (
	"net/http"
	"strconv"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Handler serves identity's HTTP routes.
type Handler struct {
	svc     *Service
	hookKey string
	mux     *http.ServeMux
}

// NewHandler returns the routes of identity. hookKey is the API key Kratos's
// registration web hook must send in X-Api-Key; when it is empty the hook
// refuses every call. The routes expect Service.Middleware in front of them.
func NewHandler(svc *Service, hookKey string) *Handler {
	h := &Handler{svc: svc, hookKey: hookKey, mux: http.NewServeMux()}
	h.Register(h.mux)
	return h
}

// Register adds identity's routes to mux.
func (h *Handler) Register(mux httpx.Mux) {
	mux.Handle("GET /api/me", Require(PermViewSelf, http.HandlerFunc(h.me)))
	mux.Handle("GET /api/users", Require(PermListUsers, http.HandlerFunc(h.listUsers)))
	mux.Handle("PUT /api/users/{id}/role", Require(PermManageUsers, http.HandlerFunc(h.setRole)))
	mux.Handle("DELETE /api/users/{id}", Require(PermManageUsers, http.HandlerFunc(h.deleteUser)))
	mux.Handle("GET /api/erasures", Require(PermManageUsers, http.HandlerFunc(h.listErasures)))
	mux.HandleFunc("POST "+HookPath, h.hook)
}

// ServeHTTP serves the routes of Register.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// me answers GET /api/me with the signed-in user.
func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	p, _ := PrincipalFrom(r.Context()) // Require made sure
	httpx.JSON(w, http.StatusOK, p.User)
}

// listUsers answers GET /api/users?role=&q=&page=&pageSize=.
func (h *Handler) listUsers(w http.ResponseWriter, r *http.Request) {
	q, err := parseListQuery(r)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	page, err := h.svc.ListUsers(r.Context(), q)
	httpx.Reply(w, r, http.StatusOK, page, err)
}

// maxPage bounds page so that the offset cannot overflow.
const maxPage = 1_000_000

// parseListQuery reads the list parameters; every bad one is reported.
func parseListQuery(r *http.Request) (ListQuery, error) {
	v := r.URL.Query()
	q := ListQuery{Q: v.Get("q"), Page: 1, PageSize: DefaultPageSize}
	bad := map[string]string{}
	if s := v.Get("role"); s != "" {
		if q.Role = Role(s); !q.Role.Valid() {
			bad["role"] = "must be candidate, interviewer or admin"
		}
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPage {
			bad["page"] = "must be a whole number from 1 to 1000000"
		}
		q.Page = n
	}
	if s := v.Get("pageSize"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			bad["pageSize"] = "must be a whole number, 1 or more"
		}
		q.PageSize = min(n, MaxPageSize)
	}
	if len(bad) > 0 {
		return ListQuery{}, &httpx.ValidationError{Fields: bad}
	}
	return q, nil
}

// SetRoleRequest is the body of PUT /api/users/{id}/role.
type SetRoleRequest struct {
	Role string `json:"role"`
}

// setRole answers PUT /api/users/{id}/role with the updated user.
func (h *Handler) setRole(w http.ResponseWriter, r *http.Request) {
	var req SetRoleRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		httpx.Error(w, r, err)
		return
	}
	role, err := ParseRole(req.Role)
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	u, err := h.svc.SetRole(r.Context(), r.PathValue("id"), role)
	httpx.Reply(w, r, http.StatusOK, u, err)
}

// deleteUser answers DELETE /api/users/{id}: the user is erased everywhere
// (Service.DeleteUser), and the answer is the erasure record (200).
func (h *Handler) deleteUser(w http.ResponseWriter, r *http.Request) {
	rec, err := h.svc.DeleteUser(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, rec, err)
}

// listErasures answers GET /api/erasures with the erasure records, newest first.
func (h *Handler) listErasures(w http.ResponseWriter, r *http.Request) {
	recs, err := h.svc.Erasures(r.Context())
	httpx.Reply(w, r, http.StatusOK, map[string]any{"erasures": recs}, err)
}
