package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/database"
)

// Collections (docs/architecture.md §3, §8). Every lookup is by exact _id;
// the only scan is of run_queue, which holds just the runs not finished.
const (
	colRuns     = "runs"         // one per run: request, job, result; _id = <interview>:<n>
	colQueue    = "run_queue"    // one per unfinished run: state and lease
	colClaims   = "run_claims"   // _id = <run>:<attempt>: who took which attempt (insert = claim)
	colActive   = "run_active"   // _id = <interview>:<user>: the one unfinished run a person may have
	colCounters = "run_counters" // numbers of each interview's runs
	colTests    = "run_tests"    // _id = <interview>: interviewers' hidden tests
)

// Collections lists the runner's collections (for the _id index).
func Collections() []string {
	return []string{colRuns, colQueue, colClaims, colActive, colCounters, colTests}
}

// Run states.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// MaxAttempts is how many times a run is started before it is given up
// (each runner that took it died or lost its lease).
const MaxAttempts = 3

// runDoc is a run as stored: everything a runner on another host needs.
type runDoc struct {
	ID          string     `bson:"_id"`
	InterviewID string     `bson:"interviewId"`
	UserID      string     `bson:"userId"`
	Language    string     `bson:"language"`
	Source      string     `bson:"source"`
	Stdin       string     `bson:"stdin"`
	WithTests   bool       `bson:"withTests"`
	Tests       []Test     `bson:"tests,omitempty"`
	TimeLimitMs int        `bson:"timeLimitMs"`
	Notify      []string   `bson:"notify"` // who hears of it: the interview's people
	Status      string     `bson:"status"`
	CreatedAt   time.Time  `bson:"createdAt"`
	StartedAt   *time.Time `bson:"startedAt,omitempty"`
	FinishedAt  *time.Time `bson:"finishedAt,omitempty"`
	Result      *Result    `bson:"result,omitempty"`
	Error       string     `bson:"error,omitempty"`
}

// queueDoc is an unfinished run's place in the queue.
type queueDoc struct {
	ID          string    `bson:"_id"`
	InterviewID string    `bson:"interviewId"`
	Notify      []string  `bson:"notify"`
	State       string    `bson:"state"` // queued | running
	CreatedAt   time.Time `bson:"createdAt"`
	Attempt     int       `bson:"attempt"`
	Owner       string    `bson:"owner"`
	LeaseUntil  time.Time `bson:"leaseUntil"`
}

type activeDoc struct {
	ID        string    `bson:"_id"`
	RunID     string    `bson:"runId"`
	CreatedAt time.Time `bson:"createdAt"`
}

// Queue is the database queue of runs, shared by every runner and app node.
type Queue struct {
	db  *mongo.Database
	now func() time.Time
}

// NewQueue returns the queue in db.
func NewQueue(db *mongo.Database, now func() time.Time) *Queue {
	if now == nil {
		now = time.Now
	}
	return &Queue{db: db, now: now}
}

func (q *Queue) c(name string) *mongo.Collection { return q.db.Collection(name) }

// enqueue stores a new run and queues it. A person with an unfinished run
// in the interview gets ErrBusy: the marker run_active/<interview>:<user> is
// inserted first, and a duplicate key means one exists (unless the run it
// names has finished: a crash between the steps below leaves it behind).
func (q *Queue) enqueue(ctx context.Context, r *runDoc) error {
	key := r.InterviewID + ":" + r.UserID
	for try := 0; ; try++ {
		_, err := q.c(colActive).InsertOne(ctx, activeDoc{ID: key, CreatedAt: q.now()})
		if err == nil {
			break
		}
		if !mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("runner: mark the run active: %w", err)
		}
		var a activeDoc
		if err := q.c(colActive).FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&a); err != nil {
			if errors.Is(err, mongo.ErrNoDocuments) && try < 2 {
				continue
			}
			return ErrBusy
		}
		if try >= 2 || !q.stale(ctx, a) {
			return ErrBusy
		}
		if _, err := q.c(colActive).DeleteOne(ctx, bson.D{{Key: "_id", Value: key}}); err != nil {
			return fmt.Errorf("runner: clear a stale marker: %w", err)
		}
	}
	idOf := func(n int64) string { return r.InterviewID + ":" + strconv.FormatInt(n, 10) }
	id, err := database.AppendNumbered(ctx, q.c(colRuns), q.c(colCounters), r.InterviewID, idOf, func(id string) any {
		r.ID = id
		return r
	})
	if err != nil {
		_, _ = q.c(colActive).DeleteOne(ctx, bson.D{{Key: "_id", Value: key}})
		return fmt.Errorf("runner: insert the run: %w", err)
	}
	r.ID = id
	if _, err := q.c(colActive).UpdateOne(ctx, bson.D{{Key: "_id", Value: key}}, bson.D{{Key: "$set", Value: bson.D{{Key: "runId", Value: r.ID}}}}); err != nil {
		return fmt.Errorf("runner: mark the run active: %w", err)
	}
	qd := queueDoc{ID: r.ID, InterviewID: r.InterviewID, Notify: r.Notify, State: StatusQueued, CreatedAt: r.CreatedAt}
	if _, err := q.c(colQueue).InsertOne(ctx, qd); err != nil {
		return fmt.Errorf("runner: queue the run: %w", err)
	}
	return nil
}

// stale reports whether marker a names no unfinished run: its run finished,
// or it names none and is older than a minute (a crash before the run was
// stored).
func (q *Queue) stale(ctx context.Context, a activeDoc) bool {
	if a.RunID == "" {
		return q.now().Sub(a.CreatedAt) > time.Minute
	}
	err := q.c(colQueue).FindOne(ctx, bson.D{{Key: "_id", Value: a.RunID}}).Err()
	return errors.Is(err, mongo.ErrNoDocuments)
}

// pending returns the unfinished runs, oldest first.
func (q *Queue) pending(ctx context.Context) ([]queueDoc, error) {
	cur, err := q.c(colQueue).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("runner: list the queue: %w", err)
	}
	var out []queueDoc
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("runner: list the queue: %w", err)
	}
	slices.SortStableFunc(out, func(a, b queueDoc) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return compareIDs(a.ID, b.ID)
	})
	return out, nil
}

func compareIDs(a, b string) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// positions numbers the queued runs of pending: 1 runs next.
func positions(pending []queueDoc) map[string]int {
	pos := map[string]int{}
	n := 0
	for _, d := range pending {
		if d.State == StatusQueued {
			n++
			pos[d.ID] = n
		}
	}
	return pos
}

// claimed is a run a runner holds: attempt is its lease's number.
type claimed struct {
	run     runDoc
	attempt int
}

// claim takes the oldest run that is queued or whose lease expired, for
// owner, until now+lease. Two steps make it safe on both databases:
// inserting run_claims/<run>:<attempt> (a unique _id: exactly one claimer
// wins each attempt, even on the embedded FerretDB, whose findAndModify
// reads and writes without a lock), then a findOneAndUpdate on the exact
// filter {_id, attempt: previous} that records the lease (atomic on
// MongoDB). It returns nil when there is nothing to take.
func (q *Queue) claim(ctx context.Context, owner string, lease time.Duration) (*claimed, error) {
	pending, err := q.pending(ctx)
	if err != nil {
		return nil, err
	}
	now := q.now()
	for _, d := range pending {
		if d.State == StatusRunning && now.Before(d.LeaseUntil) {
			continue
		}
		attempt := d.Attempt + 1
		_, err := q.c(colClaims).InsertOne(ctx, bson.D{{Key: "_id", Value: d.ID + ":" + strconv.Itoa(attempt)},
			{Key: "owner", Value: owner}, {Key: "at", Value: now}})
		if mongo.IsDuplicateKeyError(err) {
			continue // another runner took this attempt
		}
		if err != nil {
			return nil, fmt.Errorf("runner: claim %s: %w", d.ID, err)
		}
		var got queueDoc
		err = q.c(colQueue).FindOneAndUpdate(ctx,
			bson.D{{Key: "_id", Value: d.ID}, {Key: "attempt", Value: d.Attempt}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "state", Value: StatusRunning}, {Key: "attempt", Value: attempt},
				{Key: "owner", Value: owner}, {Key: "leaseUntil", Value: now.Add(lease)}}}},
			options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&got)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue // finished meanwhile
		}
		if err != nil {
			// The queue entry still names the previous attempt: a claim left
			// behind would refuse every later claim, and the run would stay queued.
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
			_, _ = q.c(colClaims).DeleteOne(dctx, bson.D{{Key: "_id", Value: d.ID + ":" + strconv.Itoa(attempt)}})
			cancel()
			return nil, fmt.Errorf("runner: lease %s: %w", d.ID, err)
		}
		var run runDoc
		if err := q.c(colRuns).FindOne(ctx, bson.D{{Key: "_id", Value: d.ID}}).Decode(&run); err != nil {
			return nil, fmt.Errorf("runner: load run %s: %w", d.ID, err)
		}
		if attempt > MaxAttempts {
			q.finish(ctx, &claimed{run, attempt}, nil, fmt.Sprintf("the run was interrupted %d times; it was not run again", MaxAttempts))
			continue
		}
		started := now
		if _, err := q.c(colRuns).UpdateOne(ctx, bson.D{{Key: "_id", Value: d.ID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: StatusRunning}, {Key: "startedAt", Value: started}}}}); err != nil {
			return nil, fmt.Errorf("runner: mark %s running: %w", d.ID, err)
		}
		run.Status, run.StartedAt = StatusRunning, &started
		return &claimed{run: run, attempt: attempt}, nil
	}
	return nil, nil
}

// renew extends c's lease; false means the lease is lost (another runner
// took the run after it expired), and the holder should stop.
func (q *Queue) renew(ctx context.Context, c *claimed, lease time.Duration) (bool, error) {
	res, err := q.c(colQueue).UpdateOne(ctx, bson.D{{Key: "_id", Value: c.run.ID}, {Key: "attempt", Value: c.attempt}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "leaseUntil", Value: q.now().Add(lease)}}}})
	if err != nil {
		return true, fmt.Errorf("runner: renew %s: %w", c.run.ID, err)
	}
	return res.MatchedCount == 1, nil
}

// finish stores the result (or failure) and takes the run off the queue.
// Errors are only logged by callers: an unfinished queue entry is taken
// again after its lease, and the run re-run.
func (q *Queue) finish(ctx context.Context, c *claimed, r *Result, failure string) error {
	now := q.now()
	set := bson.D{{Key: "finishedAt", Value: now}}
	if failure != "" {
		set = append(set, bson.E{Key: "status", Value: StatusFailed}, bson.E{Key: "error", Value: failure})
	} else {
		set = append(set, bson.E{Key: "status", Value: StatusDone}, bson.E{Key: "result", Value: r})
	}
	if _, err := q.c(colRuns).UpdateOne(ctx, bson.D{{Key: "_id", Value: c.run.ID}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		return fmt.Errorf("runner: store the result of %s: %w", c.run.ID, err)
	}
	if _, err := q.c(colQueue).DeleteOne(ctx, bson.D{{Key: "_id", Value: c.run.ID}}); err != nil {
		return fmt.Errorf("runner: dequeue %s: %w", c.run.ID, err)
	}
	key := c.run.InterviewID + ":" + c.run.UserID
	if _, err := q.c(colActive).DeleteOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "runId", Value: c.run.ID}}); err != nil {
		return fmt.Errorf("runner: clear the active marker of %s: %w", c.run.ID, err)
	}
	for i := 1; i <= c.attempt; i++ {
		_, _ = q.c(colClaims).DeleteOne(ctx, bson.D{{Key: "_id", Value: c.run.ID + ":" + strconv.Itoa(i)}})
	}
	return nil
}

// get loads run id, or ErrRunNotFound.
func (q *Queue) get(ctx context.Context, id string) (runDoc, error) {
	var r runDoc
	err := q.c(colRuns).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return r, ErrRunNotFound
	}
	if err != nil {
		return r, fmt.Errorf("runner: load run %s: %w", id, err)
	}
	return r, nil
}

// recent returns interview iv's last n runs, newest first.
func (q *Queue) recent(ctx context.Context, iv string, n int) ([]runDoc, error) {
	idOf := func(n int64) string { return iv + ":" + strconv.FormatInt(n, 10) }
	last, err := database.LastNumbered(ctx, q.c(colRuns), q.c(colCounters), iv, idOf, 0)
	if err != nil {
		return nil, fmt.Errorf("runner: runs of %s: %w", iv, err)
	}
	var ids []string
	for i := last; i > 0 && len(ids) < n; i-- {
		ids = append(ids, idOf(i))
	}
	docs, err := database.ByIDs[runDoc](ctx, q.c(colRuns), ids)
	if err != nil {
		return nil, fmt.Errorf("runner: runs of %s: %w", iv, err)
	}
	out := make([]runDoc, 0, len(docs))
	for _, d := range docs {
		if d != nil {
			out = append(out, *d)
		}
	}
	return out, nil
}
