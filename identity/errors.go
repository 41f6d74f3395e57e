package identity

import (
	"fmt"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Sentinel errors. Each wraps the httpx sentinel that gives its status, and
// its text is written for the person who sees it.
var (
	ErrUserNotFound = fmt.Errorf("%w: no such user", httpx.ErrNotFound)
	ErrLastAdmin    = fmt.Errorf("%w: the last admin cannot be demoted; make another user an admin first", httpx.ErrConflict)
	ErrEmailTaken   = fmt.Errorf("%w: another account already uses this email address", httpx.ErrConflict)
	ErrNotSignedIn  = fmt.Errorf("%w: sign in to continue", httpx.ErrUnauthorized)
	ErrBadHookKey   = fmt.Errorf("%w: missing or wrong API key", httpx.ErrUnauthorized)
	// ErrKratosUnavailable means Kratos did not answer a session check; the
	// request is refused with 503 rather than treated as signed out.
	ErrKratosUnavailable = fmt.Errorf("%w: the sign-in service did not answer", httpx.ErrUnavailable)
)
