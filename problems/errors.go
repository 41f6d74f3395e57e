package problems

import (
	"fmt"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Sentinel errors. Each wraps the httpx sentinel that gives its status, and
// its text is written for the person who sees it.
var (
	ErrNotFound = fmt.Errorf("%w: no such problem", httpx.ErrNotFound)
	// ErrBuiltInDelete refuses deleting a built-in problem: SeedCatalog would
	// put it back at the next start, so a delete could not stick.
	ErrBuiltInDelete = fmt.Errorf("%w: built-in problems cannot be deleted; edit it instead, or leave it out of your interviews", httpx.ErrConflict)
)
