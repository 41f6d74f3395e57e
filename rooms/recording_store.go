package rooms

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/rooms/recorder"
)

// Recording collections (docs/architecture.md §3: reads by exact _id; the
// only scans are of recording_jobs, which holds just the recordings not
// finished, and the hourly retention pass over recordings).
const (
	RecordingsCollection    = "recordings"     // one per recording, _id = recording id
	RecordingSetsCollection = "recording_sets" // _id = interview: its recording ids and autoRecord
	RecordingJobsCollection = "recording_jobs" // _id = recording id, while recording or composing
	// RecordingClaimsCollection: _id = <recording>:<attempts>:<previous lease end>; inserting one is the claim
	// to compose (a unique insert is atomic on FerretDB, whose findAndModify is not; decisions.md).
	RecordingClaimsCollection = "recording_claims"
)

// Recording states.
const (
	StateRecording   = "recording"   // the recorder is in the call, writing track files
	StateInterrupted = "interrupted" // the app died while recording; what was written waits for composing
	StateComposing   = "composing"   // waiting for or being composed into one file (retried on failure)
	StateReady       = "ready"       // the composed file plays
	StateFailed      = "failed"      // composing failed every attempt (the track files stay)
)

// recordingDoc is a recording as stored.
type recordingDoc struct {
	ID          string     `bson:"_id"`
	InterviewID string     `bson:"interviewId"`
	State       string     `bson:"state"`
	StartedAt   time.Time  `bson:"startedAt"`
	EndedAt     *time.Time `bson:"endedAt,omitempty"`
	StartedBy   string     `bson:"startedBy"` // user id; "" when it started by itself
	// Node is the app process recording it, HeartbeatAt its last sign of
	// life: a recording whose heartbeat stops is interrupted.
	Node        string             `bson:"node"`
	HeartbeatAt time.Time          `bson:"heartbeatAt"`
	Tracks      []recorder.Track   `bson:"tracks"`
	Reactions   []RecordedReaction `bson:"reactions"`
	Interrupted bool               `bson:"interrupted"`
	Progress    float64            `bson:"progress"`
	Attempts    int                `bson:"attempts"`
	Error       string             `bson:"error,omitempty"`
	NextAt      time.Time          `bson:"nextAt"`     // composing: not before
	ClaimUntil  time.Time          `bson:"claimUntil"` // composing: a node's lease
	ClaimedBy   string             `bson:"claimedBy,omitempty"`
	File        string             `bson:"file,omitempty"` // composed file, relative to the recordings directory
	SizeBytes   int64              `bson:"sizeBytes"`
	Silences    []recorder.Span    `bson:"silences"`
}

// seconds is how long d lasted, or has lasted by now while it runs.
func (d *recordingDoc) seconds(now time.Time) float64 {
	end := now
	if d.EndedAt != nil {
		end = *d.EndedAt
	}
	return max(0, end.Sub(d.StartedAt).Seconds())
}

// RecordedReaction is a reaction sent in the call while it was recorded.
type RecordedReaction struct {
	At       time.Time `bson:"at" json:"at"`
	UserID   string    `bson:"userId" json:"userId"`
	Name     string    `bson:"name" json:"name"`
	Reaction string    `bson:"reaction" json:"reaction"`
}

// recordingSet is an interview's recordings and setting.
type recordingSet struct {
	ID         string   `bson:"_id"`
	IDs        []string `bson:"ids"`
	AutoRecord bool     `bson:"autoRecord"`
}

type recordingStore struct {
	recs, sets, jobs, claims *mongo.Collection
}

func newRecordingStore(db *mongo.Database) *recordingStore {
	return &recordingStore{
		recs: db.Collection(RecordingsCollection), sets: db.Collection(RecordingSetsCollection),
		jobs: db.Collection(RecordingJobsCollection), claims: db.Collection(RecordingClaimsCollection),
	}
}

var errNoRecording = errors.New("rooms: no such recording")

// create stores a new recording: the record, then its job, then the
// interview's list. The record comes first because a jobs pass drops a job
// whose record it cannot find (a deleted recording's); with the job first, a
// pass between the two writes dropped the new recording's job, and it was
// never composed. A crash between the writes leaves a record no list names
// and no recorder writes to.
func (st *recordingStore) create(ctx context.Context, r *recordingDoc) error {
	if _, err := st.recs.InsertOne(ctx, r); err != nil {
		return fmt.Errorf("rooms: store recording: %w", err)
	}
	if _, err := st.jobs.InsertOne(ctx, bson.D{{Key: "_id", Value: r.ID}, {Key: "interviewId", Value: r.InterviewID}}); err != nil {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		defer cancel()
		_, _ = st.recs.DeleteOne(dctx, bson.D{{Key: "_id", Value: r.ID}})
		return fmt.Errorf("rooms: store recording job: %w", err)
	}
	_, err := st.sets.UpdateOne(ctx, bson.D{{Key: "_id", Value: r.InterviewID}},
		bson.D{{Key: "$push", Value: bson.D{{Key: "ids", Value: r.ID}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("rooms: list recording: %w", err)
	}
	return nil
}

func (st *recordingStore) get(ctx context.Context, id string) (*recordingDoc, error) {
	var r recordingDoc
	err := st.recs.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, errNoRecording
	}
	if err != nil {
		return nil, fmt.Errorf("rooms: load recording %s: %w", id, err)
	}
	return &r, nil
}

// set returns interview id's recording set (empty when it has none).
func (st *recordingStore) set(ctx context.Context, id string) (recordingSet, error) {
	s := recordingSet{ID: id}
	err := st.sets.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&s)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return s, fmt.Errorf("rooms: load recordings of %s: %w", id, err)
	}
	return s, nil
}

// list returns interview id's recordings, newest first.
func (st *recordingStore) list(ctx context.Context, id string) ([]*recordingDoc, recordingSet, error) {
	s, err := st.set(ctx, id)
	if err != nil {
		return nil, s, err
	}
	docs, err := database.ByIDs[recordingDoc](ctx, st.recs, s.IDs)
	if err != nil {
		return nil, s, fmt.Errorf("rooms: load recordings of %s: %w", id, err)
	}
	out := make([]*recordingDoc, 0, len(docs))
	for i := len(docs) - 1; i >= 0; i-- {
		if docs[i] != nil {
			out = append(out, docs[i])
		}
	}
	return out, s, nil
}

func (st *recordingStore) setAutoRecord(ctx context.Context, id string, on bool) error {
	_, err := st.sets.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "autoRecord", Value: on}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("rooms: store recording setting of %s: %w", id, err)
	}
	return nil
}

// update sets fields of recording id.
func (st *recordingStore) update(ctx context.Context, id string, set bson.D) error {
	if _, err := st.recs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		return fmt.Errorf("rooms: update recording %s: %w", id, err)
	}
	return nil
}

// push appends v to the array field of recording id.
func (st *recordingStore) push(ctx context.Context, id, field string, v any) error {
	if _, err := st.recs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$push", Value: bson.D{{Key: field, Value: v}}}}); err != nil {
		return fmt.Errorf("rooms: update recording %s: %w", id, err)
	}
	return nil
}

// transition moves recording id from state from to the fields in set; it
// reports false when the recording was not in state from (someone else
// moved it first).
func (st *recordingStore) transition(ctx context.Context, id, from string, set bson.D) (bool, error) {
	res, err := st.recs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "state", Value: from}}, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return false, fmt.Errorf("rooms: update recording %s: %w", id, err)
	}
	return res.ModifiedCount == 1, nil
}

// claim leases recording r's composing to node until until, if nobody took
// it since r was read: the claim is the insert of a key made of what r
// says (attempts, previous lease), which only one node can insert.
func (st *recordingStore) claim(ctx context.Context, r *recordingDoc, node string, until time.Time) (bool, error) {
	key := fmt.Sprintf("%s:%d:%d", r.ID, r.Attempts, r.ClaimUntil.UnixNano())
	_, err := st.claims.InsertOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "node", Value: node}, {Key: "at", Value: time.Now().UTC()}})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("rooms: claim recording %s: %w", r.ID, err)
	}
	_, err = st.recs.UpdateOne(ctx, bson.D{{Key: "_id", Value: r.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "claimUntil", Value: until}, {Key: "claimedBy", Value: node}, {Key: "state", Value: StateComposing}}}})
	if err != nil {
		// The record still says what the key was made of: a key left behind
		// would refuse every later claim, and nobody would compose it.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		defer cancel()
		_, _ = st.claims.DeleteOne(dctx, bson.D{{Key: "_id", Value: key}})
		return false, fmt.Errorf("rooms: claim recording %s: %w", r.ID, err)
	}
	return true, nil
}

// jobIDs lists the recordings not finished.
func (st *recordingStore) jobIDs(ctx context.Context) ([]string, error) {
	cur, err := st.jobs.Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("rooms: list recording jobs: %w", err)
	}
	var rows []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("rooms: list recording jobs: %w", err)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, nil
}

func (st *recordingStore) finishJob(ctx context.Context, id string) error {
	if _, err := st.jobs.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("rooms: finish recording job %s: %w", id, err)
	}
	return nil
}

// remove deletes recording r: from its interview's list, its job, itself.
func (st *recordingStore) remove(ctx context.Context, r *recordingDoc) error {
	if _, err := st.sets.UpdateOne(ctx, bson.D{{Key: "_id", Value: r.InterviewID}},
		bson.D{{Key: "$pull", Value: bson.D{{Key: "ids", Value: r.ID}}}}); err != nil {
		return fmt.Errorf("rooms: unlist recording %s: %w", r.ID, err)
	}
	if err := st.finishJob(ctx, r.ID); err != nil {
		return err
	}
	if _, err := st.recs.DeleteOne(ctx, bson.D{{Key: "_id", Value: r.ID}}); err != nil {
		return fmt.Errorf("rooms: delete recording %s: %w", r.ID, err)
	}
	return nil
}

// readyBefore lists the ready recordings started before t (retention).
func (st *recordingStore) readyBefore(ctx context.Context, t time.Time) ([]*recordingDoc, error) {
	cur, err := st.recs.Find(ctx, bson.D{{Key: "state", Value: StateReady}, {Key: "startedAt", Value: bson.D{{Key: "$lt", Value: t}}}})
	if err != nil {
		return nil, fmt.Errorf("rooms: list old recordings: %w", err)
	}
	var out []*recordingDoc
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("rooms: list old recordings: %w", err)
	}
	return out, nil
}
