// Package identity knows who is asking and what they may do: a client of Ory
// Kratos (sessions, identities), the session middleware that puts a
// *Principal in the request context, the users collection with each person's
// role, the one authorization table (authz.go), and the receiver of Kratos's
// registration web hook.
package identity

import (
	"strings"
	"time"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Role is what a user may do on the platform; admins assign it.
type Role string

const (
	RoleCandidate   Role = "candidate"
	RoleInterviewer Role = "interviewer"
	RoleAdmin       Role = "admin"
)

// Roles lists every role, least privileged first.
func Roles() []Role { return []Role{RoleCandidate, RoleInterviewer, RoleAdmin} }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	switch r {
	case RoleCandidate, RoleInterviewer, RoleAdmin:
		return true
	}
	return false
}

// ParseRole returns the role named s, or a validation error on field "role".
func ParseRole(s string) (Role, error) {
	r := Role(strings.TrimSpace(s))
	if r == "" {
		return "", httpx.Invalid("role", "is required")
	}
	if !r.Valid() {
		return "", httpx.Invalid("role", "must be candidate, interviewer or admin")
	}
	return r, nil
}

// User is one person, keyed by their Kratos identity id. The role lives here,
// not in Kratos: admins change it and every request reads it.
type User struct {
	ID        string    `bson:"_id" json:"id"`
	Email     string    `bson:"email" json:"email"` // lower case
	Name      string    `bson:"name" json:"name"`
	AvatarURL string    `bson:"avatarUrl" json:"avatarUrl"`
	Role      Role      `bson:"role" json:"role"`
	CreatedAt time.Time `bson:"createdAt" json:"-"`
	UpdatedAt time.Time `bson:"updatedAt" json:"-"`
}

// Principal is the signed-in user a request acts for.
type Principal struct {
	User
}

// Identity is what Kratos says about a person: the identity id and the
// traits of deploy/kratos/identity.schema.json.
type Identity struct {
	ID     string `json:"id"`
	Traits Traits `json:"traits"`
}

// Traits are the identity schema's traits.
type Traits struct {
	Email   string `json:"email"`
	Name    string `json:"name"`
	Picture string `json:"picture"`
}

// ListQuery selects a page of users.
type ListQuery struct {
	Role     Role   // "" = any
	Q        string // matches name or email, case-insensitively
	Page     int    // 1-based
	PageSize int    // 1..MaxPageSize
}

// Page sizes for ListUsers.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// UserPage is one page of users, sorted by name.
type UserPage struct {
	Users    []User `json:"users"`
	Total    int64  `json:"total"`
	Page     int    `json:"page"`
	PageSize int    `json:"pageSize"`
}

// normalizeEmail is how emails are stored and compared. Kratos treats the
// email identifier case-insensitively too.
func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
