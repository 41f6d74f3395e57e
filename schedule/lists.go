package schedule

import (
	"context"
	"time"

	"github.com/interviewprep/interviewprep/identity"
)

// List returns a page of interviews: all of them for admins, else those the
// user is on; filters apply within those. It reads the read model's sorted
// lists in place: the dates narrow them by binary search, the page is taken
// by index when nothing else filters, and otherwise one pass, newest first,
// counts the matches and keeps the page's (over everyone's interviews it
// reads their packed rows, not the interviews).
func (s *Service) List(ctx context.Context, q ListQuery) (ListPage, error) {
	p, err := member(ctx)
	if err != nil {
		return ListPage{}, err
	}
	if err := s.model.wait(ctx); err != nil {
		return ListPage{}, err
	}
	now := s.now()
	var ivs []*Interview // ascending
	var rows []row       // ivs's, when it is everyone's
	var viewer uint32
	everyone := p.Can(identity.PermViewAllInterviews) && q.Person == ""
	if everyone {
		ivs, rows, viewer = s.model.everyRow(p.ID)
	} else {
		ivs = s.seenBy(p, q.Person)
	}
	lo, hi := 0, len(ivs)
	if !q.From.IsZero() {
		lo = firstFrom(ivs, q.From)
	}
	if !q.To.IsZero() {
		hi = firstAfter(ivs, q.To)
	}
	if q.Status == StatusUpcoming { // only after now
		lo = max(lo, firstAfter(ivs, now))
	}
	hi = max(lo, hi)
	skip := (q.Page - 1) * q.PageSize
	page := make([]*Interview, 0, q.PageSize)
	total := 0
	keep := func(i int) {
		if total >= skip && len(page) < q.PageSize {
			page = append(page, ivs[i])
		}
		total++
	}
	switch {
	case q.Status == "" && q.Outcome == "" && q.Person == "":
		total = hi - lo
		for i := hi - 1 - skip; i >= lo && len(page) < q.PageSize; i-- {
			page = append(page, ivs[i])
		}
	case everyone:
		f := newRowFilter(q, p.Can(identity.PermReviewInterviews), viewer, now)
		for i := hi - 1; i >= lo; i-- {
			if f.match(&rows[i]) {
				keep(i)
			}
		}
	default:
		for i := hi - 1; i >= lo; i-- {
			if q.matches(ivs[i], now, q.Outcome != "" && reviews(p, ivs[i])) {
				keep(i)
			}
		}
	}
	return ListPage{Interviews: s.toJSONs(ctx, p, page), Total: total, Page: q.Page, PageSize: q.PageSize}, nil
}

// seenBy returns the interviews p sees, ascending by start: their own, or
// for those who see all, person's ("" = everyone's). The slice is the read
// model's: read it, never change it.
func (s *Service) seenBy(p *identity.Principal, person string) []*Interview {
	switch {
	case !p.Can(identity.PermViewAllInterviews):
		return s.model.ofUser(p.ID)
	case person != "":
		return s.model.ofUser(person)
	}
	return s.model.all()
}

// matches says whether iv passes q's filters at now. The outcome filter
// reads the outcome as the caller sees it (none, unless reviewer), so that
// it cannot tell a candidate what the answer hides.
func (q ListQuery) matches(iv *Interview, now time.Time, reviewer bool) bool {
	if q.Status != "" && iv.StatusAt(now) != q.Status {
		return false
	}
	if q.Outcome != "" {
		o := string(iv.Outcome)
		if o == "" || !reviewer {
			o = "none"
		}
		if o != q.Outcome {
			return false
		}
	}
	if q.Person != "" && iv.CandidateID != q.Person && !iv.isInterviewer(q.Person) {
		return false
	}
	if !q.From.IsZero() && iv.StartsAt.Before(q.From) {
		return false
	}
	return q.To.IsZero() || !iv.StartsAt.After(q.To)
}

// Dashboard returns the signed-in user's live, upcoming and past interviews
// (everyone's for admins), each list capped at 50.
func (s *Service) Dashboard(ctx context.Context) (Dashboard, error) {
	p, err := member(ctx)
	if err != nil {
		return Dashboard{}, err
	}
	if err := s.model.wait(ctx); err != nil {
		return Dashboard{}, err
	}
	now := s.now()
	everyone := p.Can(identity.PermViewAllInterviews)
	var calls []*Interview
	for _, iv := range s.model.running() {
		if everyone || iv.isMember(p.ID) {
			calls = append(calls, iv)
		}
	}
	var ivs, settled []*Interview
	if everyone {
		ivs, settled = s.model.everyone()
		settled = settled[firstAfter(settled, now):]
	} else {
		ivs = s.model.ofUser(p.ID)
		for _, iv := range ivs[firstAfter(ivs, now):] {
			if iv.settled() {
				settled = append(settled, iv)
			}
		}
	}
	live, upcoming, past := split(ivs, settled, calls, now, dashboardCap)
	return Dashboard{Live: s.toJSONs(ctx, p, live), Upcoming: s.toJSONs(ctx, p, upcoming), Past: s.toJSONs(ctx, p, past)}, nil
}

// split sorts ivs (ascending by start) into live and upcoming (ascending)
// and past (completed or cancelled, descending), at most max each, looking
// only at the interviews near now and the newest past ones, plus:
//   - later, those of ivs that start after now but are settled (cancelled,
//     or their call ended: past already), ascending;
//   - calls, those of ivs whose call runs (live even before their start or
//     long after it).
func split(ivs, later, calls []*Interview, now time.Time, max int) (live, upcoming, past []*Interview) {
	k := firstAfter(ivs, now)
	for i := k; i < len(ivs) && len(upcoming) < max; i++ {
		if ivs[i].StatusAt(now) == StatusUpcoming {
			upcoming = append(upcoming, ivs[i])
		}
	}
	// Live by the clock: started within the longest duration. The first
	// max of those, ascending, then the calls outside that window.
	earliestLive := now.Add(-maxDuration * time.Minute)
	for i := firstFrom(ivs, earliestLive); i < k && len(live) < max; i++ {
		if ivs[i].StatusAt(now) == StatusLive {
			live = append(live, ivs[i])
		}
	}
	for _, iv := range calls {
		inWindow := !iv.StartsAt.Before(earliestLive) && !iv.StartsAt.After(now)
		if !inWindow && iv.StatusAt(now) == StatusLive {
			live = append(live, iv)
		}
	}
	sortByStart(live, true)
	if len(live) > max {
		live = live[:max]
	}
	// Past, newest first: the settled ones after now, then back from now.
	for i := len(later) - 1; i >= 0 && len(past) < max; i-- {
		past = append(past, later[i])
	}
	for i := k - 1; i >= 0 && len(past) < max; i-- {
		if st := ivs[i].StatusAt(now); st == StatusCompleted || st == StatusCancelled {
			past = append(past, ivs[i])
		}
	}
	return live, upcoming, past
}
