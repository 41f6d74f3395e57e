// Package gctune sets how much the Go heap may grow between collections in
// the servers (the app and the collab test server), unless the operator
// chose with GOGC.
//
// Go's default (GOGC=100) lets the heap reach twice what is live before it
// collects. The collaboration server uses a small fraction of the CPU it is
// given (0.7 s for 30 clients × 100 edits, against 20–26 s for the reference
// server) and is self-hosted on small machines, so it trades a little of
// that CPU for memory: at 30 × 100, peak anonymous memory 38 → 32 MB for
// 0.70 → 0.77 s of CPU (docs/decisions.md).
package gctune

import "runtime/debug"

// Percent is the GOGC the servers run with when GOGC is not set.
const Percent = 50

// Apply sets the collector's target to Percent unless the GOGC environment
// variable is set (the runtime has applied it already).
func Apply(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
}
