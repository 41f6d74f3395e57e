package schedule

import (
	"slices"
	"sort"
	"sync"
	"time"
)

// readModel holds every interview in memory, with each member's interview
// ids. It is built from the database at start and kept current by this
// node's writes (docs/architecture.md §3: FerretDB scans for any filter but an exact _id).
// Stored values are never mutated: writers replace them.
type readModel struct {
	mu     sync.RWMutex
	byID   map[string]*Interview
	byUser map[string]map[string]struct{}
	// sorted is every interview by (StartsAt, ID), replaced (copy on
	// write) by each put: readers walk it without copying or sorting.
	sorted []*Interview
	// calls are the interviews whose call runs: live whatever their
	// start, so the dashboard finds them without a scan.
	calls map[string]*Interview
}

func newReadModel(all []*Interview) *readModel {
	m := &readModel{byID: map[string]*Interview{}, byUser: map[string]map[string]struct{}{}, calls: map[string]*Interview{}}
	for _, iv := range all {
		m.index(iv)
	}
	m.sorted = make([]*Interview, 0, len(m.byID))
	for _, iv := range m.byID {
		m.sorted = append(m.sorted, iv)
	}
	sortByStart(m.sorted, true)
	return m
}

// reset replaces the whole content with all (a reload after missed
// updates), at once for readers.
func (m *readModel) reset(all []*Interview) {
	fresh := newReadModel(all)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byID, m.byUser, m.sorted, m.calls = fresh.byID, fresh.byUser, fresh.sorted, fresh.calls
}

func (m *readModel) get(id string) (*Interview, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	iv, ok := m.byID[id]
	return iv, ok
}

func (m *readModel) put(iv *Interview) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.putLocked(iv)
}

func (m *readModel) putLocked(iv *Interview) {
	next := make([]*Interview, 0, len(m.sorted)+1)
	if old, ok := m.byID[iv.ID]; ok {
		i, found := slices.BinarySearchFunc(m.sorted, old, byStart)
		if found {
			next = append(append(next, m.sorted[:i]...), m.sorted[i+1:]...)
		} else {
			next = append(next, m.sorted...)
		}
	} else {
		next = append(next, m.sorted...)
	}
	i, _ := slices.BinarySearchFunc(next, iv, byStart)
	m.sorted = slices.Insert(next, i, iv)
	m.index(iv)
}

// index records iv in byID, byUser and calls.
func (m *readModel) index(iv *Interview) {
	if iv.callRunning() {
		m.calls[iv.ID] = iv
	} else {
		delete(m.calls, iv.ID)
	}
	if old, ok := m.byID[iv.ID]; ok {
		for _, u := range old.Members() {
			delete(m.byUser[u], old.ID)
		}
	}
	m.byID[iv.ID] = iv
	for _, u := range iv.Members() {
		set := m.byUser[u]
		if set == nil {
			set = map[string]struct{}{}
			m.byUser[u] = set
		}
		set[iv.ID] = struct{}{}
	}
}

// all returns every interview in ascending (StartsAt, ID) order. The slice
// is shared: callers must not modify it.
func (m *readModel) all() []*Interview {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.sorted
}

// running returns the interviews whose call runs (any order).
func (m *readModel) running() []*Interview {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*Interview, 0, len(m.calls))
	for _, iv := range m.calls {
		out = append(out, iv)
	}
	return out
}

// forUser returns the interviews userID is a member of, in ascending
// (StartsAt, ID) order.
func (m *readModel) forUser(userID string) []*Interview {
	m.mu.RLock()
	set := m.byUser[userID]
	out := make([]*Interview, 0, len(set))
	for id := range set {
		out = append(out, m.byID[id])
	}
	m.mu.RUnlock()
	sortByStart(out, true)
	return out
}

// startingBetween returns the interviews not cancelled whose start is in
// (from, to]: a binary search, then only those.
func (m *readModel) startingBetween(from, to time.Time) []*Interview {
	all := m.all()
	i := sort.Search(len(all), func(i int) bool { return all[i].StartsAt.After(from) })
	var out []*Interview
	for ; i < len(all) && !all[i].StartsAt.After(to); i++ {
		if all[i].CancelledAt == nil {
			out = append(out, all[i])
		}
	}
	return out
}

// firstAfter is the index of the first interview in sorted that starts
// after t.
func firstAfter(sorted []*Interview, t time.Time) int {
	return sort.Search(len(sorted), func(i int) bool { return sorted[i].StartsAt.After(t) })
}

func byStart(a, b *Interview) int {
	if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
		return c
	}
	return cmpString(a.ID, b.ID)
}

// sortByStart sorts descending (newest first) or ascending, ties by id.
func sortByStart(ivs []*Interview, ascending bool) {
	slices.SortFunc(ivs, func(a, b *Interview) int {
		if ascending {
			return byStart(a, b)
		}
		return byStart(b, a)
	})
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
