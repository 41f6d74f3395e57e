package rooms

import (
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Sentinel errors. Each wraps the httpx sentinel that gives its status, and
// its text is written for the person who sees it.
var (
	ErrNotFound    = httpx.Detail(httpx.ErrNotFound, "no such interview")
	ErrNotSignedIn = httpx.Detail(httpx.ErrUnauthorized, "sign in to continue")
	ErrNotOnIt     = httpx.Detail(httpx.ErrForbidden, "you are not on this interview")
	ErrNotHost     = httpx.Detail(httpx.ErrForbidden, "only the interview's owner or an admin may do this")
	ErrNotMember   = httpx.Detail(httpx.ErrForbidden, "only the interview's candidate, interviewers and owner may write in its chat")
	ErrCancelled   = httpx.Detail(httpx.ErrConflict, "the interview was cancelled")
	// ErrTooEarly is what a join before the call opens matches; the error
	// returned names the time it opens.
	ErrTooEarly  = httpx.Detail(httpx.ErrConflict, "the call is not open yet")
	ErrNotInRoom = httpx.Detail(httpx.ErrNotFound, "that person is not in the call")
	// ErrBadSignature refuses a webhook that LiveKit did not sign with our key.
	ErrBadSignature = httpx.Detail(httpx.ErrUnauthorized, "missing or invalid webhook signature")
	// ErrLiveKit means the LiveKit server did not do what was asked (down,
	// or an error of its own); the request may be tried again.
	ErrLiveKit = httpx.Detail(httpx.ErrUnavailable, "the call server did not answer")
)
