// Package schedule owns interviews: scheduling, dashboards, comments and
// outcomes, in-app notifications, calendar invites (ICS) by email and the
// reminder job.
package schedule

import (
	"context"
	"time"

	"github.com/interviewprep/interviewprep/identity"
)

// Status is where an interview is in its life: cancelled, else from its call
// (rooms reports when the call starts and ends), else from the clock.
type Status string

const (
	StatusUpcoming  Status = "upcoming"
	StatusLive      Status = "live"
	StatusCompleted Status = "completed"
	StatusCancelled Status = "cancelled"
)

// Outcome is the interviewers' verdict.
type Outcome string

const (
	OutcomeFailed    Outcome = "failed"
	OutcomeSucceeded Outcome = "succeeded"
)

// Relation is how a user takes part in an interview (collab asks).
type Relation string

const (
	RelationCandidate   Relation = "candidate"
	RelationInterviewer Relation = "interviewer"
	RelationNone        Relation = "none"
)

// Docs are the automerge URLs of an interview's collaborative documents.
type Docs struct {
	Code    string `bson:"code" json:"code"`
	Problem string `bson:"problem" json:"problem"`
	Notes   string `bson:"notes" json:"notes,omitempty"`
}

// DocCreator creates an interview's documents (collab plugs in).
type DocCreator interface {
	CreateDocs(ctx context.Context, interviewID, problemID string) (Docs, error)
	// ResetProblem puts another problem (statement and starter code; ""
	// for none) into existing documents; their history keeps the old.
	ResetProblem(ctx context.Context, docs Docs, problemID string) error
}

// ProblemChecker says whether a problem exists (problems plugs in).
type ProblemChecker interface {
	ProblemExists(ctx context.Context, id string) (bool, error)
}

// Users resolves user ids (identity.Service implements it).
type Users interface {
	User(ctx context.Context, id string) (identity.User, error)
}

// Interview is the stored interview.
type Interview struct {
	ID              string     `bson:"_id"`
	Title           string     `bson:"title"`
	Description     string     `bson:"description"`
	CandidateID     string     `bson:"candidateId"`
	InterviewerIDs  []string   `bson:"interviewerIds"`
	OwnerID         string     `bson:"ownerId"`
	StartsAt        time.Time  `bson:"startsAt"`
	DurationMinutes int        `bson:"durationMinutes"`
	CancelledAt     *time.Time `bson:"cancelledAt,omitempty"`
	// CallStartedAt and CallEndedAt are when the video call last started
	// and ended (LiveKit's room_started and room_finished, through rooms).
	// A call may start before the scheduled start and run past the end.
	CallStartedAt *time.Time `bson:"callStartedAt,omitempty"`
	CallEndedAt   *time.Time `bson:"callEndedAt,omitempty"`
	// CallEndedBy is the user who ended the last call for everyone; empty
	// when it ended by itself (everyone left).
	CallEndedBy string  `bson:"callEndedBy,omitempty"`
	Outcome     Outcome `bson:"outcome,omitempty"`
	ProblemID   string  `bson:"problemId,omitempty"`
	Docs        *Docs   `bson:"docs,omitempty"`
	// Recording sums up the interview's recordings for the dashboards
	// (rooms reports it; nil: none).
	Recording *RecordingSummary `bson:"recording,omitempty"`
	// Sequence is the ICS SEQUENCE: bumped on every update and on cancel.
	Sequence int `bson:"sequence"`
	// ScheduledAt is when StartsAt was last set: reminders whose time had
	// already passed then are not sent (the invite just went out).
	ScheduledAt time.Time `bson:"scheduledAt"`
	CreatedAt   time.Time `bson:"createdAt"`
	UpdatedAt   time.Time `bson:"updatedAt"`
}

// EndsAt is StartsAt plus the duration.
func (iv *Interview) EndsAt() time.Time {
	return iv.StartsAt.Add(time.Duration(iv.DurationMinutes) * time.Minute)
}

// StatusAt is the interview's status at now: cancelled; live while its call
// runs, whatever the clock says; completed once a call ended; else from the
// scheduled time.
func (iv *Interview) StatusAt(now time.Time) Status {
	switch {
	case iv.CancelledAt != nil:
		return StatusCancelled
	case iv.callRunning():
		return StatusLive
	case iv.CallEndedAt != nil:
		return StatusCompleted
	case now.Before(iv.StartsAt):
		return StatusUpcoming
	case now.Before(iv.EndsAt()):
		return StatusLive
	}
	return StatusCompleted
}

// callRunning: a call started and did not end after it started.
func (iv *Interview) callRunning() bool {
	return iv.CallStartedAt != nil && (iv.CallEndedAt == nil || iv.CallEndedAt.Before(*iv.CallStartedAt))
}

// Participants are the candidate and the interviewers.
func (iv *Interview) Participants() []string {
	return append([]string{iv.CandidateID}, iv.InterviewerIDs...)
}

// Members are everyone who may see the interview: participants and owner.
func (iv *Interview) Members() []string {
	m := iv.Participants()
	for _, id := range m {
		if id == iv.OwnerID {
			return m
		}
	}
	return append(m, iv.OwnerID)
}

func (iv *Interview) isInterviewer(id string) bool {
	for _, x := range iv.InterviewerIDs {
		if x == id {
			return true
		}
	}
	return false
}

func (iv *Interview) isMember(id string) bool {
	return id == iv.CandidateID || id == iv.OwnerID || iv.isInterviewer(id)
}

func (iv *Interview) clone() *Interview {
	c := *iv
	c.InterviewerIDs = append([]string(nil), iv.InterviewerIDs...)
	if iv.Docs != nil {
		d := *iv.Docs
		c.Docs = &d
	}
	c.CancelledAt = cloneTime(iv.CancelledAt)
	c.CallStartedAt = cloneTime(iv.CallStartedAt)
	c.CallEndedAt = cloneTime(iv.CallEndedAt)
	if iv.Recording != nil {
		r := *iv.Recording
		c.Recording = &r
	}
	return &c
}

// RecordingSummary is what the dashboards show of an interview's
// recordings: how many, and the newest one's state, length and size.
type RecordingSummary struct {
	Count           int     `bson:"count" json:"count"`
	State           string  `bson:"state" json:"state"`
	DurationSeconds float64 `bson:"durationSeconds" json:"durationSeconds"`
	SizeBytes       int64   `bson:"sizeBytes" json:"sizeBytes"`
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

// UserJSON is a person as the API shows them.
type UserJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	AvatarURL string `json:"avatarUrl"`
}

// InterviewJSON is the API shape of an interview.
type InterviewJSON struct {
	ID              string     `json:"id"`
	Title           string     `json:"title"`
	Description     string     `json:"description"`
	Candidate       UserJSON   `json:"candidate"`
	Interviewers    []UserJSON `json:"interviewers"`
	Owner           UserJSON   `json:"owner"`
	StartsAt        time.Time  `json:"startsAt"`
	DurationMinutes int        `json:"durationMinutes"`
	EndsAt          time.Time  `json:"endsAt"`
	Status          Status     `json:"status"`
	Outcome         *Outcome   `json:"outcome"`
	ProblemID       *string    `json:"problemId"`
	JoinURL         string     `json:"joinUrl"`
	Docs            *Docs      `json:"docs"`
	CallStartedAt   *time.Time `json:"callStartedAt,omitempty"`
	CallEndedAt     *time.Time `json:"callEndedAt,omitempty"`
	// CallEndedBy is who ended the call for everyone, while it is ended.
	CallEndedBy *UserJSON `json:"callEndedBy,omitempty"`
	// Recording: interviewers and admins only (candidates never see recordings).
	Recording *RecordingSummary `json:"recording,omitempty"`
	CreatedAt time.Time         `json:"createdAt"`
	UpdatedAt time.Time         `json:"updatedAt"`
}

// CreateRequest is the body of POST /api/interviews.
type CreateRequest struct {
	Title           string   `json:"title"`
	Description     string   `json:"description"`
	CandidateID     string   `json:"candidateId"`
	InterviewerIDs  []string `json:"interviewerIds"`
	StartsAt        string   `json:"startsAt"`
	DurationMinutes int      `json:"durationMinutes"`
	ProblemID       *string  `json:"problemId"`
	Instant         bool     `json:"instant"`
}

// UpdateRequest is the body of PATCH /api/interviews/{id}; nil = unchanged.
type UpdateRequest struct {
	Title           *string   `json:"title"`
	Description     *string   `json:"description"`
	CandidateID     *string   `json:"candidateId"`
	InterviewerIDs  *[]string `json:"interviewerIds"`
	StartsAt        *string   `json:"startsAt"`
	DurationMinutes *int      `json:"durationMinutes"`
	ProblemID       *string   `json:"problemId"`
}

// Comment is an interviewer's note with a rating.
type Comment struct {
	ID          string    `bson:"_id"`
	InterviewID string    `bson:"interviewId"`
	AuthorID    string    `bson:"authorId"`
	Content     string    `bson:"content"`
	Rating      int       `bson:"rating"`
	CreatedAt   time.Time `bson:"createdAt"`
}

// CommentJSON is the API shape of a comment.
type CommentJSON struct {
	ID        string    `json:"id"`
	Author    UserJSON  `json:"author"`
	Content   string    `json:"content"`
	Rating    int       `json:"rating"`
	CreatedAt time.Time `json:"createdAt"`
}

// CommentRequest is the body of POST /api/interviews/{id}/comments.
type CommentRequest struct {
	Content string `json:"content"`
	Rating  int    `json:"rating"`
}

// NotificationKind says why a notification was sent.
type NotificationKind string

const (
	KindInvited   NotificationKind = "invited"
	KindUpdated   NotificationKind = "updated"
	KindCancelled NotificationKind = "cancelled"
	KindReminder  NotificationKind = "reminder"
)

// Notification is one in-app notification for one user (insert-only; only
// the read flag changes).
type Notification struct {
	ID          string           `bson:"_id" json:"id"`
	UserID      string           `bson:"userId" json:"-"`
	Kind        NotificationKind `bson:"kind" json:"kind"`
	Title       string           `bson:"title" json:"title"`
	Body        string           `bson:"body" json:"body"`
	InterviewID string           `bson:"interviewId" json:"interviewId"`
	CreatedAt   time.Time        `bson:"createdAt" json:"createdAt"`
	Read        bool             `bson:"read" json:"read"`
}

// Page sizes of the interview list.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	dashboardCap    = 50
	notificationCap = 50
)

// ListQuery filters the interview list.
type ListQuery struct {
	Status   Status
	Outcome  string // "failed", "succeeded", "none" or ""
	Person   string
	From, To time.Time // on StartsAt; zero = open
	Page     int
	PageSize int
}

// ListPage is one page of interviews.
type ListPage struct {
	Interviews []InterviewJSON `json:"interviews"`
	Total      int             `json:"total"`
	Page       int             `json:"page"`
	PageSize   int             `json:"pageSize"`
}

// Dashboard is the signed-in user's interviews by status.
type Dashboard struct {
	Live     []InterviewJSON `json:"live"`
	Upcoming []InterviewJSON `json:"upcoming"`
	Past     []InterviewJSON `json:"past"`
}
