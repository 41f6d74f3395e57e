package identity

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Config configures a Service.
type Config struct {
	DB              *mongo.Database
	KratosPublicURL string   // Kratos's public API (whoami), not the /auth proxy
	KratosAdminURL  string   // Kratos's admin API (demo data); may be empty otherwise
	AdminEmails     []string // these addresses get the admin role when their user is created
	Logger          *slog.Logger
	HTTPClient      *http.Client // for calls to Kratos; default: 10 s timeout

	SessionCacheTTL  time.Duration // how long a whoami answer is reused; default 30 s, negative = never
	SessionCacheSize int           // cached sessions at most; default 10,000

	// RoleChanged hears, after the write, that a user's role changed, so
	// that what they hold open under the old role ends (collab's
	// UserChanged). It must not block; nil = nobody listens.
	RoleChanged func(userID string)

	// EraseElsewhere erases what every other domain keeps about a user
	// being deleted (DeleteUser) and returns what each erased, by domain;
	// internal/app wires the domains in. nil = nothing else to erase.
	EraseElsewhere func(ctx context.Context, userID string) (map[string]Counts, error)
}

// Service owns users and roles and answers "who is asking".
type Service struct {
	store    *store
	kratos   *kratos
	admins   map[string]bool
	logger   *slog.Logger
	sessions *sessionCache
	now      func() time.Time
	changed  func(userID string) // Config.RoleChanged

	eraseElsewhere func(ctx context.Context, userID string) (map[string]Counts, error)

	// roleMu serializes role changes so that two concurrent demotions cannot
	// both see a second admin and leave none. It only covers this process:
	// with several app nodes, two nodes can still race (FerretDB has no
	// transactions); a guard document updated atomically with the role
	// change, or routing admin writes to one node, would be needed there.
	roleMu sync.Mutex
}

// NewService checks cfg and returns a Service.
func NewService(cfg Config) (*Service, error) {
	if cfg.DB == nil {
		return nil, errors.New("identity: no database")
	}
	// The public URL may be empty only for offline use (the set-role command):
	// the session middleware then answers every credential with 503.
	pub, adm := "", ""
	var err error
	if cfg.KratosPublicURL != "" {
		if pub, err = baseURL("Kratos public URL", cfg.KratosPublicURL); err != nil {
			return nil, err
		}
	}
	if cfg.KratosAdminURL != "" {
		if adm, err = baseURL("Kratos admin URL", cfg.KratosAdminURL); err != nil {
			return nil, err
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.SessionCacheTTL == 0 {
		cfg.SessionCacheTTL = 30 * time.Second
	}
	if cfg.SessionCacheSize == 0 {
		cfg.SessionCacheSize = 10_000
	}
	admins := map[string]bool{}
	for _, e := range cfg.AdminEmails {
		if e = normalizeEmail(e); e != "" {
			admins[e] = true
		}
	}
	return &Service{
		store:    newStore(cfg.DB),
		kratos:   &kratos{publicURL: pub, adminURL: adm, http: cfg.HTTPClient},
		admins:   admins,
		logger:   cfg.Logger.With("component", "identity"),
		sessions: newSessionCache(cfg.SessionCacheTTL, cfg.SessionCacheSize),
		now:      time.Now,
		changed:  cfg.RoleChanged,

		eraseElsewhere: cfg.EraseElsewhere,
	}, nil
}

func baseURL(what, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("identity: %s %q is not an http(s) URL", what, raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

// User returns the user with id, or ErrUserNotFound.
func (s *Service) User(ctx context.Context, id string) (User, error) {
	return s.store.get(ctx, id)
}

// EnsureUser returns the user of Kratos identity id, creating it first if it
// does not exist: role admin when the email is in the configured admin list,
// candidate otherwise. An existing user is returned unchanged (a promoted
// role is never reset). Kratos's registration hook and the session
// middleware both call it, so a missed hook is made up for.
func (s *Service) EnsureUser(ctx context.Context, id Identity) (User, error) {
	if !validIdentityID(id.ID) {
		return User{}, httpx.Invalid("identity.id", "must be a Kratos identity id")
	}
	u, err := s.store.get(ctx, id.ID)
	if errors.Is(err, ErrUserNotFound) {
		if gone, err := s.erased(ctx, id.ID); err != nil || gone {
			return User{}, cmp.Or(err, ErrErased)
		}
		return s.create(ctx, id)
	}
	return u, err
}

func (s *Service) create(ctx context.Context, id Identity) (User, error) {
	u, err := s.newUser(id)
	if err != nil {
		return User{}, err
	}
	out, err := s.store.insertIfMissing(ctx, u)
	if err != nil {
		return User{}, err
	}
	if out.CreatedAt.Equal(u.CreatedAt) { // ours, not an earlier one
		s.logger.InfoContext(ctx, "user created", "user_id", out.ID, "role", out.Role)
	}
	return out, nil
}

// newUser builds the user for a Kratos identity, checking what Kratos sent.
func (s *Service) newUser(id Identity) (User, error) {
	email := normalizeEmail(id.Traits.Email)
	switch {
	case !validIdentityID(id.ID):
		return User{}, httpx.Invalid("identity.id", "must be a Kratos identity id")
	case email == "" || !strings.Contains(email, "@") || len(email) > 320:
		return User{}, httpx.Invalid("identity.traits.email", "must be an email address")
	}
	role := RoleCandidate
	if s.admins[email] {
		role = RoleAdmin
	}
	now := s.now().UTC().Truncate(time.Millisecond) // what BSON keeps
	return User{
		ID: id.ID, Email: email, Name: displayName(id.Traits), AvatarURL: avatarURL(id.Traits.Picture),
		Role: role, CreatedAt: now, UpdatedAt: now,
	}, nil
}

// syncProfile copies changed profile traits (the person edited their name or
// email in Kratos's settings, or a social sign-in brought a new picture) into
// u. The role is never touched. Failures are logged: the request goes on
// with what is stored.
func (s *Service) syncProfile(ctx context.Context, u User, t Traits) User {
	want := u
	want.Email, want.Name, want.AvatarURL = normalizeEmail(t.Email), displayName(t), avatarURL(t.Picture)
	if want.Email == "" || (want.Email == u.Email && want.Name == u.Name && want.AvatarURL == u.AvatarURL) {
		return u
	}
	out, err := s.store.setProfile(ctx, want, s.now().UTC())
	if err != nil {
		httpx.Logger(ctx).Warn("identity: update profile from Kratos traits", "user_id", u.ID, "err", err)
		return u
	}
	return out
}

// displayName is the trait name, or the email's local part without one.
func displayName(t Traits) string {
	name := strings.TrimSpace(t.Name)
	if name == "" {
		name, _, _ = strings.Cut(normalizeEmail(t.Email), "@")
	}
	for utf8.RuneCountInString(name) > 100 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// avatarURL keeps only absolute http(s) picture URLs.
func avatarURL(p string) string {
	u, err := url.Parse(strings.TrimSpace(p))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(p) > 2048 {
		return ""
	}
	return u.String()
}

// validIdentityID reports whether id looks like a Kratos identity id (a UUID).
func validIdentityID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i, c := range id {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// ListUsers returns a page of users. It needs PermListUsers.
func (s *Service) ListUsers(ctx context.Context, q ListQuery) (UserPage, error) {
	if err := Authorize(ctx, PermListUsers); err != nil {
		return UserPage{}, err
	}
	if q.Role != "" && !q.Role.Valid() {
		return UserPage{}, httpx.Invalid("role", "must be candidate, interviewer or admin")
	}
	q.Q = strings.TrimSpace(q.Q)
	if utf8.RuneCountInString(q.Q) > 100 {
		return UserPage{}, httpx.Invalid("q", "must be at most 100 characters")
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PageSize < 1 {
		q.PageSize = DefaultPageSize
	}
	q.PageSize = min(q.PageSize, MaxPageSize)
	users, total, err := s.store.list(ctx, q)
	if err != nil {
		return UserPage{}, err
	}
	return UserPage{Users: users, Total: total, Page: q.Page, PageSize: q.PageSize}, nil
}

// SetRole changes a user's role. It needs PermManageUsers; demoting the last
// admin is refused with ErrLastAdmin.
func (s *Service) SetRole(ctx context.Context, id string, role Role) (User, error) {
	if err := Authorize(ctx, PermManageUsers); err != nil {
		return User{}, err
	}
	if !role.Valid() {
		return User{}, httpx.Invalid("role", "must be candidate, interviewer or admin")
	}
	return s.changeRole(ctx, id, role)
}

// SetRoleByEmail changes the role of the user with email, for the command
// line (`interviewprep user set-role`): no principal is needed. The person
// must have signed up; the last admin cannot be demoted.
func (s *Service) SetRoleByEmail(ctx context.Context, email string, role Role) (User, error) {
	if !role.Valid() {
		return User{}, httpx.Invalid("role", "must be candidate, interviewer or admin")
	}
	u, err := s.store.byEmail(ctx, normalizeEmail(email))
	if errors.Is(err, ErrUserNotFound) {
		return User{}, httpx.Detail(ErrUserNotFound, "no user with email %s; they must sign up first", email)
	}
	if err != nil {
		return User{}, err
	}
	return s.changeRole(ctx, u.ID, role)
}

// changeRole sets id's role, refusing to demote the last admin.
func (s *Service) changeRole(ctx context.Context, id string, role Role) (User, error) {
	s.roleMu.Lock()
	defer s.roleMu.Unlock()
	u, err := s.store.get(ctx, id)
	if err != nil {
		return User{}, err
	}
	if u.Role == role {
		return u, nil
	}
	if u.Role == RoleAdmin {
		n, err := s.store.countRole(ctx, RoleAdmin)
		if err != nil {
			return User{}, err
		}
		if n <= 1 {
			return User{}, ErrLastAdmin
		}
	}
	out, err := s.store.setRole(ctx, id, role, s.now().UTC())
	if err != nil {
		return User{}, err
	}
	by := "system"
	if p, ok := PrincipalFrom(ctx); ok {
		by = p.ID
	}
	s.logger.InfoContext(ctx, "role changed", "user_id", id, "from", u.Role, "to", role, "by", by)
	if s.changed != nil {
		s.changed(id)
	}
	return out, nil
}
