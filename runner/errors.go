package runner

import (
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Sentinel errors. Each wraps the httpx sentinel that gives its status, and
// its text is written for the person who sees it.
var (
	ErrNotFound       = httpx.Detail(httpx.ErrNotFound, "no such interview")
	ErrRunNotFound    = httpx.Detail(httpx.ErrNotFound, "no such run")
	ErrTestNotFound   = httpx.Detail(httpx.ErrNotFound, "no such hidden test")
	ErrNotSignedIn    = httpx.Detail(httpx.ErrUnauthorized, "sign in to continue")
	ErrNotOnIt        = httpx.Detail(httpx.ErrForbidden, "you are not on this interview")
	ErrNotParticipant = httpx.Detail(httpx.ErrForbidden, "only the interview's candidate, interviewers and owner may run code in it")
	ErrNotInterviewer = httpx.Detail(httpx.ErrForbidden, "only the interview's interviewers may see and change its hidden tests")
	ErrCancelled      = httpx.Detail(httpx.ErrConflict, "the interview was cancelled")
	// ErrBusy refuses a second run while the person's last one in the
	// interview is queued or running.
	ErrBusy = httpx.Detail(httpx.ErrConflict, "your previous run is still queued or running; wait for it to finish")
	// ErrNoProblem refuses "Run tests" in an interview without a problem
	// or hidden tests.
	ErrNoTests     = httpx.Detail(httpx.ErrConflict, "this interview has no problem with tests and no hidden tests to run")
	ErrTooManyTest = httpx.Detail(httpx.ErrConflict, "this interview already has the most hidden tests allowed")
	// ErrUnavailable: this server cannot run code (no sandbox) and no
	// runner serves the queue.
	ErrUnavailable = httpx.Detail(httpx.ErrUnavailable, "running code is not available on this server")
)
