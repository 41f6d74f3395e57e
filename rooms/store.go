package rooms

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/internal/database"
)

// Collections.
const (
	ChatCollection       = "room_chat"
	AttendanceCollection = "room_attendance"
	SignalsCollection    = "room_signals"
	CountersCollection   = "room_counters"
)

// Collections lists rooms' collections. Every read and write on them is by
// exact _id, so on the embedded FerretDB they want the _id expression index
// (database.DB.EnsureIDIndexes).
func Collections() []string {
	return []string{ChatCollection, AttendanceCollection, SignalsCollection, CountersCollection,
		RecordingsCollection, RecordingSetsCollection, RecordingJobsCollection, RecordingClaimsCollection}
}

// Indexes are rooms' secondary indexes, for database.Migrate: none, every
// lookup is by _id.
func Indexes() []database.Index { return nil }

// attendanceEvent is one participant_joined or participant_left webhook,
// stored as it came; Service.Attendance pairs them into spans.
type attendanceEvent struct {
	ID          string `bson:"_id"`
	InterviewID string `bson:"interviewId"`
	Joined      bool   `bson:"joined"` // false: left
	UserID      string `bson:"userId"`
	Name        string `bson:"name"`
	Role        Role   `bson:"role"`
	// ParticipantSID is LiveKit's id of this connection: a rejoin gets a
	// new one, so it keys one span.
	ParticipantSID string    `bson:"participantSid"`
	At             time.Time `bson:"at"`
}

// store is the database side (docs/architecture.md §3: FerretDB pushes down
// only an exact _id). Chat messages, attendance events and signals are small
// insert-only documents numbered per interview, _id "<interview>:<n>", each
// number claimed by the insert (database.AppendNumbered); a counter document
// (room_counters, _id "chat:<interview>", …) hints where each series ends. A
// list is one counter read, a probe past it, and one _id lookup per document
// this node has not seen yet: documents never change, so each series' prefix
// without gaps is kept in memory (series.known).
type store struct {
	chat       *series[ChatMessage]
	attendance *series[attendanceEvent]
	signals    *series[Signal]
}

func newStore(db *mongo.Database) *store {
	counters := db.Collection(CountersCollection)
	return &store{
		chat:       newSeries[ChatMessage](db.Collection(ChatCollection), counters, "chat", cacheInterviews),
		attendance: newSeries[attendanceEvent](db.Collection(AttendanceCollection), counters, "attendance", cacheInterviews),
		signals:    newSeries[Signal](db.Collection(SignalsCollection), counters, "signals", cacheInterviews),
	}
}

// cacheInterviews bounds how many interviews a node keeps in memory per
// series; past it, the cache starts again empty.
const cacheInterviews = 256

// series is one kind of insert-only, per-interview numbered document.
type series[T any] struct {
	docs     *mongo.Collection
	counters *mongo.Collection
	kind     string
	max      int

	mu    sync.Mutex
	known map[string][]T // by interview: documents 1..len, all found
}

func newSeries[T any](docs, counters *mongo.Collection, kind string, max int) *series[T] {
	return &series[T]{docs: docs, counters: counters, kind: kind, max: max, known: map[string][]T{}}
}

func (l *series[T]) counterID(interviewID string) string { return l.kind + ":" + interviewID }

func docID(interviewID string, n int64) string { return fmt.Sprintf("%s:%08d", interviewID, n) }

// idOf numbers interviewID's series.
func idOf(interviewID string) func(n int64) string {
	return func(n int64) string { return docID(interviewID, n) }
}

// append inserts doc under the next number of interviewID's series, which
// the insert claims (database.AppendNumbered); setID sets its _id.
func (l *series[T]) append(ctx context.Context, interviewID string, doc *T, setID func(*T, string)) error {
	_, err := database.AppendNumbered(ctx, l.docs, l.counters, l.counterID(interviewID), idOf(interviewID),
		func(id string) any { setID(doc, id); return doc })
	if err != nil {
		return fmt.Errorf("rooms: insert %s: %w", l.kind, err)
	}
	return nil
}

// list returns interviewID's documents in order. It finds the series' end
// past the counter hint and what this node already knows, then loads what
// it does not know yet. A number missing below the end (one an older
// version handed out whose insert failed) is skipped.
func (l *series[T]) list(ctx context.Context, interviewID string) ([]T, error) {
	l.mu.Lock()
	known := l.known[interviewID]
	l.mu.Unlock()
	n, err := database.LastNumbered(ctx, l.docs, l.counters, l.counterID(interviewID), idOf(interviewID), int64(len(known)))
	if err != nil {
		return nil, fmt.Errorf("rooms: %s: %w", l.kind, err)
	}
	if int64(len(known)) >= n {
		return known[:n:n], nil
	}
	ids := make([]string, 0, n-int64(len(known)))
	for i := int64(len(known)) + 1; i <= n; i++ {
		ids = append(ids, docID(interviewID, i))
	}
	found, err := database.ByIDs[T](ctx, l.docs, ids)
	if err != nil {
		return nil, fmt.Errorf("rooms: load %s: %w", l.kind, err)
	}
	out := make([]T, 0, n)
	out = append(out, known...)
	prefix := true // every document so far was found
	for _, d := range found {
		if d == nil {
			prefix = false
			continue
		}
		out = append(out, *d)
		if prefix {
			known = append(known, *d)
		}
	}
	l.remember(interviewID, known)
	return out, nil
}

// remember keeps docs as interviewID's known prefix, unless another reader
// already knows a longer one.
func (l *series[T]) remember(interviewID string, docs []T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(docs) <= len(l.known[interviewID]) {
		return
	}
	if _, ok := l.known[interviewID]; !ok && len(l.known) >= l.max {
		l.known = map[string][]T{}
	}
	l.known[interviewID] = docs[:len(docs):len(docs)]
}

func (s *store) addChat(ctx context.Context, m *ChatMessage) error {
	return s.chat.append(ctx, m.InterviewID, m, func(m *ChatMessage, id string) { m.ID = id })
}

func (s *store) listChat(ctx context.Context, interviewID string) ([]ChatMessage, error) {
	return s.chat.list(ctx, interviewID)
}

func (s *store) addAttendance(ctx context.Context, e *attendanceEvent) error {
	return s.attendance.append(ctx, e.InterviewID, e, func(e *attendanceEvent, id string) { e.ID = id })
}

func (s *store) listAttendance(ctx context.Context, interviewID string) ([]attendanceEvent, error) {
	return s.attendance.list(ctx, interviewID)
}
