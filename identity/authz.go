package identity

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Permission is something a request may be allowed to do. Handlers and
// services ask for permissions, never for roles: the grants table below is
// the only place that says which role may do what.
type Permission string

const (
	PermViewSelf    Permission = "view-self"    // GET /api/me
	PermListUsers   Permission = "list-users"   // list and search users (admin page, people pickers)
	PermManageUsers Permission = "manage-users" // change anyone's role

	// Used by domains that build on identity. Ownership ("is this user on
	// this interview?") is checked by the domain on top of these.
	PermJoinInterviews     Permission = "join-interviews"     // see and join the interviews one is on
	PermScheduleInterviews Permission = "schedule-interviews" // create, edit and cancel interviews
	PermViewAllInterviews  Permission = "view-all-interviews" // every interview, with filters (admin dashboard)
	PermReviewInterviews   Permission = "review-interviews"   // comments, ratings, outcomes, private notes
	PermViewProblems       Permission = "view-problems"       // browse the question bank
	PermManageProblems     Permission = "manage-problems"     // create, edit and delete problems
)

// grants maps each permission to the roles that hold it. A permission that is
// not listed is held by nobody.
var grants = map[Permission][]Role{
	PermViewSelf:           {RoleCandidate, RoleInterviewer, RoleAdmin},
	PermListUsers:          {RoleInterviewer, RoleAdmin},
	PermManageUsers:        {RoleAdmin},
	PermJoinInterviews:     {RoleCandidate, RoleInterviewer, RoleAdmin},
	PermScheduleInterviews: {RoleInterviewer, RoleAdmin},
	PermViewAllInterviews:  {RoleAdmin},
	PermReviewInterviews:   {RoleInterviewer, RoleAdmin},
	PermViewProblems:       {RoleInterviewer, RoleAdmin},
	PermManageProblems:     {RoleInterviewer, RoleAdmin},
}

// Permissions lists every permission in the table.
func Permissions() []Permission {
	out := make([]Permission, 0, len(grants))
	for p := range grants {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Can reports whether role r holds permission p.
func (r Role) Can(p Permission) bool {
	return slices.Contains(grants[p], r)
}

// Can reports whether the principal holds permission p.
func (p *Principal) Can(perm Permission) bool {
	return p != nil && p.Role.Can(perm)
}

type principalKey struct{}
type sessionErrKey struct{}

// WithPrincipal returns ctx acting for p. The session middleware calls it;
// tests and background jobs (acting for a known user) may too.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the signed-in user the request acts for.
func PrincipalFrom(ctx context.Context) (*Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(*Principal)
	return p, ok && p != nil
}

// withSessionError records that the session could not be checked (Kratos
// down), so that Authorize answers 503 instead of "not signed in".
func withSessionError(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, sessionErrKey{}, err)
}

// Authorize returns nil when the request's principal holds perm; otherwise an
// error that maps to 401 (nobody signed in), 403 (the role lacks perm) or 503
// (the session could not be checked).
func Authorize(ctx context.Context, perm Permission) error {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		if err, _ := ctx.Value(sessionErrKey{}).(error); err != nil {
			return err
		}
		return ErrNotSignedIn
	}
	if !p.Can(perm) {
		return httpx.Detail(httpx.ErrForbidden, "your role (%s) does not allow this (%s)", p.Role, perm)
	}
	return nil
}

// Require runs next only when the request's principal holds perm, and
// answers 401/403/503 through httpx.Error otherwise.
func Require(perm Permission, next http.Handler) http.Handler {
	if _, ok := grants[perm]; !ok {
		panic(fmt.Sprintf("identity: Require(%q): permission not in the grants table", perm))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := Authorize(r.Context(), perm); err != nil {
			httpx.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}
