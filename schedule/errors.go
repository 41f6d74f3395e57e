package schedule

import (
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Sentinel errors. Each wraps the httpx sentinel that gives its status, and
// its text is written for the person who sees it.
var (
	ErrNotFound    = httpx.Detail(httpx.ErrNotFound, "no such interview")
	ErrNotAllowed  = httpx.Detail(httpx.ErrForbidden, "you may not do this on this interview")
	ErrClosed      = httpx.Detail(httpx.ErrConflict, "a cancelled or completed interview cannot be changed")
	ErrCancelled   = httpx.Detail(httpx.ErrConflict, "the interview was cancelled")
	ErrNotStarted  = httpx.Detail(httpx.ErrConflict, "the outcome can be set once the interview has started")
	ErrNotSignedIn = httpx.Detail(httpx.ErrUnauthorized, "sign in to continue")
)
