// Package rooms runs the interview's video call on LiveKit: it mints join
// tokens (room = interview id, identity = user id, grants by role), creates
// and controls rooms through LiveKit's server API (end for everyone, mute,
// remove), receives LiveKit's signed webhooks (the call started or ended,
// who joined and left) and keeps the call's chat and attendance with the
// interview. What it knows about interviews it asks schedule, through the
// Interviews interface that internal/app plugs in (docs/architecture.md §2, §6).
package rooms

import (
	"context"
	"slices"
	"time"

	"github.com/interviewprep/interviewprep/identity"
)

// Role is a person's part in one interview's call.
type Role string

const (
	RoleOwner       Role = "owner" // the interview's owner (who may also interview)
	RoleInterviewer Role = "interviewer"
	RoleCandidate   Role = "candidate"
	RoleAdmin       Role = "admin" // an admin who is not otherwise on the interview
)

// Interview is what the call needs to know about an interview.
type Interview struct {
	ID             string
	OwnerID        string
	CandidateID    string
	InterviewerIDs []string
	StartsAt       time.Time
	Duration       time.Duration
	Cancelled      bool
}

// Interviews is the schedule side of the call (internal/app plugs schedule
// in): who is on an interview, and the call's state, which decides the
// interview's status.
type Interviews interface {
	// Interview returns interview id, or an error wrapping
	// httpx.ErrNotFound when there is none.
	Interview(ctx context.Context, id string) (Interview, error)
	// CallStarted and CallEnded record when the call started and ended.
	CallStarted(ctx context.Context, id string, at time.Time) error
	// by is the user who ended it for everyone ("" when it ended by itself).
	CallEnded(ctx context.Context, id string, at time.Time, by string) error
	// RecordingsChanged tells schedule what its dashboards show of the
	// interview's recordings.
	RecordingsChanged(ctx context.Context, id string, sum RecordingSummary) error
}

// RecordingSummary is an interview's recordings as the dashboards show
// them: how many, and the newest one's state, length and size.
type RecordingSummary struct {
	Count           int
	State           string
	DurationSeconds float64
	SizeBytes       int64
}

// Users resolves user ids to people (identity.Service implements it).
type Users interface {
	User(ctx context.Context, id string) (identity.User, error)
}

// roleOf is userID's part in iv: owner, interviewer, candidate, or "" when
// they are not on it.
func (iv Interview) roleOf(userID string) Role {
	switch {
	case userID == "":
		return ""
	case userID == iv.OwnerID:
		return RoleOwner
	case slices.Contains(iv.InterviewerIDs, userID):
		return RoleInterviewer
	case userID == iv.CandidateID:
		return RoleCandidate
	}
	return ""
}

// members are everyone on the interview: candidate, interviewers, owner.
func (iv Interview) members() []string {
	m := append([]string{iv.CandidateID}, iv.InterviewerIDs...)
	if !slices.Contains(m, iv.OwnerID) {
		m = append(m, iv.OwnerID)
	}
	return m
}

// Join is the answer to POST /api/interviews/{id}/join: where and how to
// connect to the call.
type Join struct {
	URL      string `json:"url"`      // LiveKit's URL for browsers
	Token    string `json:"token"`    // LiveKit access token
	Identity string `json:"identity"` // the user id
	Name     string `json:"name"`     // display name
	Role     Role   `json:"role"`
}

// ChatMessage is one message of an interview's call chat: stored once,
// never changed.
type ChatMessage struct {
	ID          string    `bson:"_id" json:"id"`
	InterviewID string    `bson:"interviewId" json:"-"`
	UserID      string    `bson:"userId" json:"userId"`
	Name        string    `bson:"name" json:"name"`
	Text        string    `bson:"text" json:"text"`
	SentAt      time.Time `bson:"sentAt" json:"sentAt"`
}

// ChatRequest is the body of POST /api/interviews/{id}/chat.
type ChatRequest struct {
	Text string `json:"text"`
}

// ParticipantRequest is the body of the mute and remove controls.
type ParticipantRequest struct {
	Identity string `json:"identity"`
}

// Attendance is one span of one person in the call, from LiveKit's
// participant_joined to its participant_left (absent while still there).
type Attendance struct {
	UserID   string     `json:"userId"`
	Name     string     `json:"name"`
	Role     Role       `json:"role"`
	JoinedAt time.Time  `json:"joinedAt"`
	LeftAt   *time.Time `json:"leftAt,omitempty"`
}

// Limits of the input.
const (
	maxChatText = 2000 // characters, after trimming
	maxIdentity = 128  // bytes of a participant identity (our user ids are 36)
)
