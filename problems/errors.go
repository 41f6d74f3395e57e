package problems

import (
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Sentinel errors. Each wraps the httpx sentinel that gives its status, and
// its text is written for the person who sees it.
var (
	ErrNotFound = httpx.Detail(httpx.ErrNotFound, "no such problem")
	// ErrBuiltInDelete refuses deleting a built-in problem: SeedCatalog would
	// put it back at the next start, so a delete could not stick.
	ErrBuiltInDelete = httpx.Detail(httpx.ErrConflict, "built-in problems cannot be deleted; edit it instead, or leave it out of your interviews")
)
