package schedule

import "time"

// row is what the list's status and outcome filters read of one interview
// (ListQuery.matches), packed: the read model keeps one per interview at
// the same index as sorted, so a filter over every interview reads 24
// bytes each, in order, instead of following a pointer to each (at 100,000
// interviews that walk cost milliseconds a request).
type row struct {
	start, end int64  // StartsAt and EndsAt, Unix nanoseconds
	candidate  uint32 // the candidate's number (readModel.people)
	fixed      uint8  // statusClock, or the status whatever the clock says
	outcome    uint8
}

// Status codes of a row.
const (
	statusClock uint8 = iota // the status follows the clock
	statusUpcoming
	statusLive
	statusCompleted
	statusCancelled
)

func statusCode(s Status) uint8 {
	switch s {
	case StatusUpcoming:
		return statusUpcoming
	case StatusLive:
		return statusLive
	case StatusCompleted:
		return statusCompleted
	case StatusCancelled:
		return statusCancelled
	}
	return statusClock
}

// Outcome codes of a row.
const (
	outcomeNone uint8 = iota
	outcomeFailed
	outcomeSucceeded
	outcomeOther
)

func outcomeCode(o string) uint8 {
	switch Outcome(o) {
	case "", "none":
		return outcomeNone
	case OutcomeFailed:
		return outcomeFailed
	case OutcomeSucceeded:
		return outcomeSucceeded
	}
	return outcomeOther
}

// rowOf is iv's row; candidate is its candidate's number.
func rowOf(iv *Interview, candidate uint32) row {
	r := row{start: iv.StartsAt.UnixNano(), end: iv.EndsAt().UnixNano(), candidate: candidate, outcome: outcomeCode(string(iv.Outcome))}
	switch {
	case iv.CancelledAt != nil:
		r.fixed = statusCancelled
	case iv.callRunning():
		r.fixed = statusLive
	case iv.CallEndedAt != nil:
		r.fixed = statusCompleted
	}
	return r
}

// status is Interview.StatusAt(now)'s code, now in Unix nanoseconds.
func (r *row) status(now int64) uint8 {
	switch {
	case r.fixed != statusClock:
		return r.fixed
	case now < r.start:
		return statusUpcoming
	case now < r.end:
		return statusLive
	}
	return statusCompleted
}

// rowFilter is a list query's status and outcome filters on rows, for one
// viewer at one time.
type rowFilter struct {
	status     uint8 // statusClock = any
	outcome    uint8
	hasOutcome bool
	// reviewer: the viewer sees outcomes, except on the interviews where
	// they are the candidate (number viewer; 0 = none).
	reviewer bool
	viewer   uint32
	now      int64
}

func newRowFilter(q ListQuery, reviewer bool, viewer uint32, now time.Time) rowFilter {
	return rowFilter{status: statusCode(q.Status), outcome: outcomeCode(q.Outcome), hasOutcome: q.Outcome != "",
		reviewer: reviewer, viewer: viewer, now: now.UnixNano()}
}

// match is ListQuery.matches without the person and the dates (the list
// narrows by those first).
func (f *rowFilter) match(r *row) bool {
	if f.status != statusClock && r.status(f.now) != f.status {
		return false
	}
	if f.hasOutcome {
		o := r.outcome
		if !f.reviewer || r.candidate == f.viewer {
			o = outcomeNone
		}
		if o != f.outcome {
			return false
		}
	}
	return true
}
