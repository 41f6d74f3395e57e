package schedule

import (
	"context"
	"time"

	"github.com/interviewprep/interviewprep/identity"
)

// List returns a page of interviews: all of them for admins, else those the
// user is on; filters apply within those.
func (s *Service) List(ctx context.Context, q ListQuery) (ListPage, error) {
	p, err := member(ctx)
	if err != nil {
		return ListPage{}, err
	}
	ivs := s.seenBy(p, q.Person)
	now := s.now()
	// ivs is ascending; walk it backwards for newest first.
	var matched []*Interview
	for i := len(ivs) - 1; i >= 0; i-- {
		if q.matches(ivs[i], now, reviews(p, ivs[i])) {
			matched = append(matched, ivs[i])
		}
	}
	start := min((q.Page-1)*q.PageSize, len(matched))
	end := min(start+q.PageSize, len(matched))
	return ListPage{Interviews: s.toJSONs(ctx, p, matched[start:end]), Total: len(matched), Page: q.Page, PageSize: q.PageSize}, nil
}

// seenBy returns the interviews p sees, ascending by start: their own, or
// for those who see all, person's ("" = everyone's).
func (s *Service) seenBy(p *identity.Principal, person string) []*Interview {
	switch {
	case !p.Can(identity.PermViewAllInterviews):
		return s.model.forUser(p.ID)
	case person != "":
		return s.model.forUser(person)
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
	var calls []*Interview
	for _, iv := range s.model.running() {
		if p.Can(identity.PermViewAllInterviews) || iv.isMember(p.ID) {
			calls = append(calls, iv)
		}
	}
	live, upcoming, past := split(s.seenBy(p, ""), calls, s.now(), dashboardCap)
	return Dashboard{Live: s.toJSONs(ctx, p, live), Upcoming: s.toJSONs(ctx, p, upcoming), Past: s.toJSONs(ctx, p, past)}, nil
}

// split sorts ivs (ascending by start) into live and upcoming (ascending)
// and past (completed or cancelled, descending), at most max each, looking
// only at the interviews near now, the newest past ones and calls (those of
// ivs whose call runs: live even before their start or long after it).
func split(ivs, calls []*Interview, now time.Time, max int) (live, upcoming, past []*Interview) {
	k := firstAfter(ivs, now)
	for i := k; i < len(ivs) && len(upcoming) < max; i++ {
		if ivs[i].StatusAt(now) == StatusUpcoming {
			upcoming = append(upcoming, ivs[i])
		}
	}
	seen := map[string]bool{}
	earliestLive := now.Add(-maxDuration * time.Minute)
	for i := k - 1; i >= 0 && !ivs[i].StartsAt.Before(earliestLive); i-- {
		if ivs[i].StatusAt(now) == StatusLive {
			live = append(live, ivs[i])
			seen[ivs[i].ID] = true
		}
	}
	for _, iv := range calls {
		if !seen[iv.ID] && iv.StatusAt(now) == StatusLive {
			live = append(live, iv)
		}
	}
	sortByStart(live, true)
	if len(live) > max {
		live = live[:max]
	}
	for i := len(ivs) - 1; i >= 0 && len(past) < max; i-- {
		if st := ivs[i].StatusAt(now); st == StatusCompleted || st == StatusCancelled {
			past = append(past, ivs[i])
		}
	}
	return live, upcoming, past
}
