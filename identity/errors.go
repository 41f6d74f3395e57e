package identity

import (
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Sentinel errors. Each wraps the httpx sentinel that gives its status, and
// its text is written for the person who sees it.
var (
	ErrUserNotFound = httpx.Detail(httpx.ErrNotFound, "no such user")
	ErrLastAdmin    = httpx.Detail(httpx.ErrConflict, "the last admin cannot be demoted; make another user an admin first")
	ErrEmailTaken   = httpx.Detail(httpx.ErrConflict, "another account already uses this email address")
	ErrNotSignedIn  = httpx.Detail(httpx.ErrUnauthorized, "sign in to continue")
	ErrBadHookKey   = httpx.Detail(httpx.ErrUnauthorized, "missing or wrong API key")
	// ErrKratosUnavailable means Kratos did not answer a session check; the
	// request is refused with 503 rather than treated as signed out.
	ErrKratosUnavailable = httpx.Detail(httpx.ErrUnavailable, "the sign-in service did not answer")
)
