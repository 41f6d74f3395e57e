package schedule

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// readModel holds every interview in memory: by id, by member and sorted by
// start. It is loaded from the database in the background at start
// (readmodel_load.go) and kept current by this node's writes and the other
// nodes' messages (docs/architecture.md §3: FerretDB scans for any filter
// but an exact _id).
//
// Until the first load (or reset) is done the model is not ready: get and
// put work as always (a get that misses falls back to the store), while the
// list readers (all, running, forUser) wait for it, so no one sees a
// partial model. A snapshot (readmodel_snapshot.go) that may be behind the
// store makes it ready but provisional: lists read it at once, while get
// answers only what was put since the load that confirms it began (so
// reads by id and access checks stay exact) and startingBetween (the
// reminders) waits for that load. Stored values are never mutated: writers
// replace them; and every slice a reader gets is replaced, not changed, by
// later puts (copy on write), so readers walk them without locks or copies.
type readModel struct {
	mu   sync.RWMutex
	byID map[string]*Interview
	// byUser is each member's interviews by (StartsAt, ID).
	byUser map[string][]*Interview
	// sorted is every interview by (StartsAt, ID), and rows what the list
	// filters read of each, at the same indexes (readmodel_rows.go).
	sorted []*Interview
	rows   []row
	// people numbers the candidates, for rows; nextPerson is the last
	// number given (numbers are not reused when a person leaves).
	people     map[string]uint32
	nextPerson uint32
	// settled are the interviews whose status no longer follows the clock
	// (cancelled, or their call ended), by (StartsAt, ID): the only ones
	// after now that a past list shows, found without walking every
	// upcoming interview.
	settled []*Interview
	// calls are the interviews whose call runs: live whatever their
	// start, so the dashboard finds them without a scan.
	calls map[string]*Interview

	ready     chan struct{} // closed once loaded or restored, or when loading is given up
	readyOnce sync.Once
	loadErr   error // why loading was given up (then ready is closed)
	// confirmed is closed once the model holds what the store holds (a
	// load, or a snapshot known to be current), or loading is given up.
	confirmed   chan struct{}
	confirmOnce sync.Once
	// provisional: the content is a snapshot that may be behind the store.
	provisional bool
	// behind is how many interviews the last load found different from
	// the provisional snapshot it replaced (-1: it replaced none).
	behind int

	loadMu sync.Mutex // one load at a time
	// since are the puts made while a load runs (nil: none runs), kept
	// over what the load read.
	since map[string]*Interview
}

// newReadModel returns a ready model holding all.
func newReadModel(all []*Interview) *readModel {
	m := newLoadingModel()
	m.reset(all)
	return m
}

// newLoadingModel returns an empty model whose list readers wait until
// load or reset fills it.
func newLoadingModel() *readModel {
	return &readModel{byID: map[string]*Interview{}, byUser: map[string][]*Interview{},
		people: map[string]uint32{}, calls: map[string]*Interview{}, ready: make(chan struct{}),
		confirmed: make(chan struct{}), behind: -1}
}

// reset replaces the whole content with all (a reload after missed
// updates), at once for readers, and makes the model ready.
func (m *readModel) reset(all []*Interview) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.resetLocked(all)
	m.confirmLocked()
}

// confirmLocked marks the content as what the store holds, and the model
// ready.
func (m *readModel) confirmLocked() {
	m.provisional = false
	m.readyOnce.Do(func() { close(m.ready) })
	m.confirmOnce.Do(func() { close(m.confirmed) })
}

// restore fills a model that is still loading with a snapshot's
// interviews and makes it ready: confirmed when current says the snapshot
// holds what the store holds, else provisional until load replaces it. It
// returns false (and changes nothing) when the model is ready already.
func (m *readModel) restore(all []*Interview, current bool) bool {
	m.loadMu.Lock()
	defer m.loadMu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loaded() {
		return false
	}
	m.resetLocked(all)
	if current {
		m.confirmLocked()
	} else {
		m.provisional = true
		m.readyOnce.Do(func() { close(m.ready) })
	}
	return true
}

func (m *readModel) resetLocked(all []*Interview) {
	byID := make(map[string]*Interview, len(all))
	for _, iv := range all {
		byID[iv.ID] = iv
	}
	sorted := make([]*Interview, 0, len(byID))
	for _, iv := range all {
		if byID[iv.ID] == iv { // the last of duplicates, as puts would keep
			sorted = append(sorted, iv)
		}
	}
	sortByStart(sorted, true)
	// Walking sorted keeps each member's list and settled sorted too.
	byUser := map[string][]*Interview{}
	var settled []*Interview
	calls := map[string]*Interview{}
	m.people, m.nextPerson = map[string]uint32{}, 0
	rows := make([]row, 0, len(sorted))
	for _, iv := range sorted {
		rows = append(rows, rowOf(iv, m.person(iv.CandidateID)))
		for _, u := range members(iv) {
			byUser[u] = append(byUser[u], iv)
		}
		if iv.settled() {
			settled = append(settled, iv)
		}
		if iv.callRunning() {
			calls[iv.ID] = iv
		}
	}
	m.byID, m.byUser, m.sorted, m.rows, m.settled, m.calls = byID, byUser, sorted, rows, settled, calls
}

// person is userID's number in rows, given on first sight.
func (m *readModel) person(userID string) uint32 {
	n, ok := m.people[userID]
	if !ok {
		m.nextPerson++ // 0: nobody
		n = m.nextPerson
		m.people[userID] = n
	}
	return n
}

// load replaces the content with what fetch returns (every interview) as
// reset does, but keeps over it what was put while fetch ran (this node's
// writes and reads by _id since fetch began, newer than what it read), and
// makes the model ready.
func (m *readModel) load(ctx context.Context, fetch func(context.Context) ([]*Interview, error)) error {
	m.loadMu.Lock()
	defer m.loadMu.Unlock()
	m.mu.Lock()
	m.since = map[string]*Interview{}
	m.mu.Unlock()
	all, err := fetch(ctx)
	behind := -1
	if err == nil {
		// Outside the write lock: the comparison takes a while.
		m.mu.RLock()
		old, provisional, put := m.sorted, m.provisional, maps.Clone(m.since)
		m.mu.RUnlock()
		if provisional {
			behind = differing(old, all, put)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	since := m.since
	m.since = nil
	if err != nil {
		return err
	}
	if m.provisional {
		m.behind = behind
	}
	m.resetLocked(all)
	for id, iv := range since {
		if iv == nil {
			m.removeLocked(id)
		} else {
			m.putLocked(iv)
		}
	}
	m.confirmLocked()
	return nil
}

// differing counts the interviews of the model's old content that are
// missing from, or stored differently in, what a load read (all, then
// since over it), and those it lacks.
func differing(old, all []*Interview, since map[string]*Interview) int {
	byID := make(map[string]*Interview, len(old))
	for _, iv := range old {
		byID[iv.ID] = iv
	}
	fresh := make(map[string]*Interview, len(all))
	for _, iv := range all {
		fresh[iv.ID] = iv
	}
	for id, iv := range since {
		if iv == nil { // removed
			delete(fresh, id)
		} else {
			fresh[id] = iv
		}
	}
	n := 0
	for id, iv := range fresh {
		if old, ok := byID[id]; !ok || !sameStored(old, iv) {
			n++
		}
	}
	for id := range byID {
		if _, ok := fresh[id]; !ok {
			n++
		}
	}
	return n
}

// sameStored says whether a and b are stored alike (times to the
// millisecond, whatever their location).
func sameStored(a, b *Interview) bool {
	x, err1 := bson.Marshal(a)
	y, err2 := bson.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// giveUp makes a model that is still loading ready, empty, with err as the
// reason (the node is stopping): waiters stop waiting.
func (m *readModel) giveUp(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.readyOnce.Do(func() {
		m.loadErr = err
		close(m.ready)
	})
	m.confirmOnce.Do(func() { close(m.confirmed) })
}

// wait returns once the model is ready (nil), or the error loading gave up
// with, or ctx's error first.
func (m *readModel) wait(ctx context.Context) error {
	select {
	case <-m.ready:
		m.mu.RLock()
		defer m.mu.RUnlock()
		return m.loadErr
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// loaded says whether the model is ready (without waiting).
func (m *readModel) loaded() bool {
	select {
	case <-m.ready:
		return true
	default:
		return false
	}
}

// Model states (Service.ModelState).
const (
	ModelLoading     = "loading"     // lists wait
	ModelProvisional = "provisional" // lists read a snapshot while a load checks it
	ModelLoaded      = "loaded"
	ModelFailed      = "failed" // loading was given up
)

// state is one of the Model* states.
func (m *readModel) state() string {
	if !m.loaded() {
		return ModelLoading
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	switch {
	case m.loadErr != nil:
		return ModelFailed
	case m.provisional:
		return ModelProvisional
	}
	return ModelLoaded
}

// ErrModelLoading is what ModelReady answers while the read model loads
// and the list views wait for it.
var ErrModelLoading = errors.New("schedule: the interview list is loading")

// get returns interview id as the model has it. A provisional model
// answers only what was put since its confirming load began: the rest may
// be behind the store.
func (m *readModel) get(id string) (*Interview, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.provisional {
		iv, ok := m.since[id]
		return iv, ok && iv != nil // nil: removed
	}
	iv, ok := m.byID[id]
	return iv, ok
}

func (m *readModel) put(iv *Interview) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.since != nil {
		m.since[iv.ID] = iv
	}
	m.putLocked(iv)
}

func (m *readModel) putLocked(iv *Interview) {
	old := m.byID[iv.ID]
	m.byID[iv.ID] = iv
	i, found := findSorted(m.sorted, old)
	sorted, rows := without(m.sorted, i, found), without(m.rows, i, found)
	j, _ := slices.BinarySearchFunc(sorted, iv, byStart)
	m.sorted = slices.Insert(sorted, j, iv)
	m.rows = slices.Insert(rows, j, rowOf(iv, m.person(iv.CandidateID)))
	if (old != nil && old.settled()) || iv.settled() {
		m.settled = replaced(m.settled, onlyIf(old, (*Interview).settled), onlyIf(iv, (*Interview).settled))
	}
	if iv.callRunning() {
		m.calls[iv.ID] = iv
	} else {
		delete(m.calls, iv.ID)
	}
	var was []string
	if old != nil {
		was = members(old)
	}
	is := members(iv)
	for _, u := range was {
		if !slices.Contains(is, u) {
			m.setUser(u, replaced(m.byUser[u], old, nil))
		}
	}
	for _, u := range is {
		prev := old
		if !slices.Contains(was, u) {
			prev = nil
		}
		m.setUser(u, replaced(m.byUser[u], prev, iv))
	}
}

// remove drops interview id (deleted: its candidate was erased). A load
// running meanwhile keeps it dropped.
func (m *readModel) remove(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.since != nil {
		m.since[id] = nil
	}
	m.removeLocked(id)
}

func (m *readModel) removeLocked(id string) {
	old := m.byID[id]
	if old == nil {
		return
	}
	delete(m.byID, id)
	i, found := findSorted(m.sorted, old)
	m.sorted, m.rows = without(m.sorted, i, found), without(m.rows, i, found)
	if old.settled() {
		m.settled = replaced(m.settled, old, nil)
	}
	delete(m.calls, id)
	for _, u := range members(old) {
		m.setUser(u, replaced(m.byUser[u], old, nil))
	}
}

// members is iv.Members, each once (someone may be on it twice).
func members(iv *Interview) []string {
	m := iv.Members()
	slices.Sort(m)
	return slices.Compact(m)
}

// setUser sets u's interviews. A user on none is forgotten, their row
// number too (no row names them), so the model keeps no one it does not
// show (an erased person).
func (m *readModel) setUser(u string, ivs []*Interview) {
	if len(ivs) == 0 {
		delete(m.byUser, u)
		delete(m.people, u)
		return
	}
	m.byUser[u] = ivs
}

// onlyIf is iv when ok says so, else nil.
func onlyIf(iv *Interview, ok func(*Interview) bool) *Interview {
	if iv != nil && ok(iv) {
		return iv
	}
	return nil
}

// replaced returns a new slice: s (sorted by byStart) without old and with
// iv, each skipped when nil; s itself is left as it was (readers may hold
// it).
func replaced(s []*Interview, old, iv *Interview) []*Interview {
	i, found := findSorted(s, old)
	out := without(s, i, found)
	if iv != nil {
		j, _ := slices.BinarySearchFunc(out, iv, byStart)
		out = slices.Insert(out, j, iv)
	}
	return out
}

// without returns a copy of s without s[i] when found, with room for one
// more.
func without[T any](s []T, i int, found bool) []T {
	out := make([]T, 0, len(s)+1)
	if found {
		return append(append(out, s[:i]...), s[i+1:]...)
	}
	return append(out, s...)
}

// findSorted is the index of iv (nil: none) in s, sorted by byStart.
func findSorted(s []*Interview, iv *Interview) (int, bool) {
	if iv == nil {
		return 0, false
	}
	i, found := slices.BinarySearchFunc(s, iv, byStart)
	return i, found && s[i] == iv
}

// settled says whether iv's status no longer follows the clock: cancelled,
// or completed by its call's end (StatusAt).
func (iv *Interview) settled() bool {
	return iv.CancelledAt != nil || (iv.CallEndedAt != nil && !iv.callRunning())
}

// all returns every interview in ascending (StartsAt, ID) order, once the
// model is ready. The slice is shared: callers must not modify it.
func (m *readModel) all() []*Interview {
	<-m.ready
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.sorted
}

// everyone returns all and, from the same moment, the settled interviews
// (see readModel.settled), once the model is ready. Both are shared.
func (m *readModel) everyone() (all, settled []*Interview) {
	<-m.ready
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.sorted, m.settled
}

// everyRow returns all, its rows and userID's number in them (0: none),
// from the same moment, once the model is ready. Both are shared.
func (m *readModel) everyRow(userID string) (all []*Interview, rows []row, user uint32) {
	<-m.ready
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.sorted, m.rows, m.people[userID]
}

// behindSnapshot is how many interviews the last load found different
// from the provisional snapshot it replaced (-1: it replaced none).
func (m *readModel) behindSnapshot() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.behind
}

// confirmedAll is all when the model is confirmed (false: loading or
// provisional; it never waits). The slice is shared.
func (m *readModel) confirmedAll() ([]*Interview, bool) {
	select {
	case <-m.confirmed:
	default:
		return nil, false
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.provisional || m.loadErr != nil {
		return nil, false
	}
	return m.sorted, true
}

// running returns the interviews whose call runs (any order).
func (m *readModel) running() []*Interview {
	<-m.ready
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*Interview, 0, len(m.calls))
	for _, iv := range m.calls {
		out = append(out, iv)
	}
	return out
}

// forUser returns the interviews userID is a member of, in ascending
// (StartsAt, ID) order; the slice is the caller's.
func (m *readModel) forUser(userID string) []*Interview {
	return slices.Clone(m.ofUser(userID))
}

// ofUser is forUser without the copy: the slice is shared, callers must
// not modify it.
func (m *readModel) ofUser(userID string) []*Interview {
	<-m.ready
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.byUser[userID]
}

// startingBetween returns the interviews not cancelled whose start is in
// (from, to]: a binary search, then only those. It waits until the model
// is confirmed (a provisional snapshot could send a moved interview's
// reminder).
func (m *readModel) startingBetween(from, to time.Time) []*Interview {
	<-m.confirmed
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

// firstFrom is the index of the first interview in sorted that starts at t
// or later.
func firstFrom(sorted []*Interview, t time.Time) int {
	return sort.Search(len(sorted), func(i int) bool { return !sorted[i].StartsAt.Before(t) })
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
