package schedule

import (
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Sentinel errors. Each wraps the httpx sentinel that gives its status, and
// its text is written for the person who sees it.
var (
	ErrNotFound    = sentinel(httpx.ErrNotFound, "no such interview")
	ErrNotAllowed  = sentinel(httpx.ErrForbidden, "you may not do this on this interview")
	ErrClosed      = sentinel(httpx.ErrConflict, "a cancelled or completed interview cannot be changed")
	ErrCancelled   = sentinel(httpx.ErrConflict, "the interview was cancelled")
	ErrNotStarted  = sentinel(httpx.ErrConflict, "the outcome can be set once the interview has started")
	ErrNotSignedIn = sentinel(httpx.ErrUnauthorized, "sign in to continue")
)

// detailed is an error with its own message that matches a sentinel with
// errors.Is (and so gets the sentinel's status).
type detailed struct {
	msg    string
	status error
}

func (d *detailed) Error() string { return d.msg }
func (d *detailed) Unwrap() error { return d.status }

func sentinel(status error, msg string) error { return &detailed{msg: msg, status: status} }
