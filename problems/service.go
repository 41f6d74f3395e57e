package problems

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Topic is the events topic published after every change to the bank;
// "problem:<id>" is published with it for the changed problem.
const Topic = "problems"

// Config configures a Service.
type Config struct {
	DB     *mongo.Database
	Bus    *events.Bus // may be nil (commands, some tests): nothing is published
	Logger *slog.Logger
}

// Service owns the question bank. Methods that act for a person check the
// request's principal (PermViewProblems, PermManageProblems); Get and
// ProblemExists do not, for other domains that already did.
type Service struct {
	store  *store
	bus    *events.Bus
	logger *slog.Logger
	now    func() time.Time
}

// NewService checks cfg and returns a Service.
func NewService(cfg Config) (*Service, error) {
	if cfg.DB == nil {
		return nil, errors.New("problems: no database")
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{
		store:  newStore(cfg.DB),
		bus:    cfg.Bus,
		logger: logger.With("component", "problems"),
		now:    func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) },
	}, nil
}

// Get returns problem id with its statement, starters and every test, or
// ErrNotFound. It checks no permission: the caller decides what to show.
func (s *Service) Get(ctx context.Context, id string) (Problem, error) {
	return s.store.get(ctx, id)
}

// ProblemExists reports whether problem id exists. It checks no permission.
func (s *Service) ProblemExists(ctx context.Context, id string) (bool, error) {
	return s.store.exists(ctx, id)
}

// View is Get for a person browsing the bank (PermViewProblems).
func (s *Service) View(ctx context.Context, id string) (Problem, error) {
	if err := identity.Authorize(ctx, identity.PermViewProblems); err != nil {
		return Problem{}, err
	}
	return s.store.get(ctx, id)
}

// List returns the problems matching q, sorted by difficulty (easy first),
// then title. It needs PermViewProblems.
func (s *Service) List(ctx context.Context, q ListQuery) ([]Summary, error) {
	if err := identity.Authorize(ctx, identity.PermViewProblems); err != nil {
		return nil, err
	}
	q.Difficulty = strings.TrimSpace(q.Difficulty)
	q.Tag = strings.TrimSpace(strings.ToLower(q.Tag))
	if q.Difficulty != "" && !slices.Contains(Difficulties, q.Difficulty) {
		return nil, httpx.Invalid("difficulty", "must be easy, medium or hard")
	}
	list, err := s.store.list(ctx, q.Difficulty, q.Tag)
	if err != nil {
		return nil, err
	}
	if needle := strings.ToLower(strings.TrimSpace(q.Q)); needle != "" {
		list = slices.DeleteFunc(list, func(p Summary) bool { return !matches(p, needle) })
	}
	slices.SortFunc(list, func(a, b Summary) int {
		if d := slices.Index(Difficulties, a.Difficulty) - slices.Index(Difficulties, b.Difficulty); d != 0 {
			return d
		}
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return list, nil
}

func matches(p Summary, needle string) bool {
	if strings.Contains(strings.ToLower(p.Title), needle) || strings.Contains(p.Slug, needle) {
		return true
	}
	return slices.ContainsFunc(p.Tags, func(t string) bool { return strings.Contains(t, needle) })
}

// maxSlugAttempts bounds the retries when concurrent creates race for a slug.
const maxSlugAttempts = 100

// Create stores a new problem written by the signed-in user
// (PermManageProblems). Its slug is derived from the title and made unique
// by appending -2, -3, …; it does not change when the title is edited later.
func (s *Service) Create(ctx context.Context, in Input) (Problem, error) {
	if err := identity.Authorize(ctx, identity.PermManageProblems); err != nil {
		return Problem{}, err
	}
	p, _ := identity.PrincipalFrom(ctx)
	in = in.normalize()
	if err := in.Validate(); err != nil {
		return Problem{}, err
	}
	now := s.now()
	author := p.ID
	prob := Problem{
		ID: bson.NewObjectID().Hex(), Title: in.Title, Difficulty: in.Difficulty, Tags: in.Tags,
		Statement: in.Statement, Starter: in.Starter, Tests: in.Tests, TimeLimitMs: in.TimeLimitMs,
		CreatedBy: &author, CreatedAt: now, UpdatedAt: now,
	}
	if err := s.insertWithSlug(ctx, &prob, Slugify(in.Title)); err != nil {
		return Problem{}, err
	}
	s.logger.InfoContext(ctx, "problem created", "id", prob.ID, "slug", prob.Slug, "by", author)
	s.publish(prob.ID)
	return prob, nil
}

// insertWithSlug inserts p under the first free slug of base, base-2, …;
// when a concurrent insert takes that slug first, it tries the next one.
func (s *Service) insertWithSlug(ctx context.Context, p *Problem, base string) error {
	taken, err := s.store.slugs(ctx)
	if err != nil {
		return err
	}
	for range maxSlugAttempts {
		p.Slug = freeSlug(base, taken)
		err := s.store.insert(ctx, *p)
		if !errors.Is(err, errDuplicate) {
			return err
		}
		// The slug (or, for a built-in problem, the _id) was taken meanwhile.
		if ok, err := s.store.exists(ctx, p.ID); err != nil || ok {
			if err != nil {
				return err
			}
			return errDuplicate
		}
		taken[p.Slug] = true
	}
	return fmt.Errorf("problems: no free slug for %q after %d attempts", base, maxSlugAttempts)
}

// freeSlug is base, or base-N for the smallest N ≥ 2 that is not taken.
func freeSlug(base string, taken map[string]bool) string {
	if !taken[base] {
		return base
	}
	for n := 2; ; n++ {
		if s := fmt.Sprintf("%s-%d", base, n); !taken[s] {
			return s
		}
	}
}

// Update replaces the editable fields of problem id (PermManageProblems).
// Built-in problems may be edited: the bank is the interviewers' own, and
// SeedCatalog leaves an edited built-in problem alone.
func (s *Service) Update(ctx context.Context, id string, in Input) (Problem, error) {
	if err := identity.Authorize(ctx, identity.PermManageProblems); err != nil {
		return Problem{}, err
	}
	in = in.normalize()
	if err := in.Validate(); err != nil {
		return Problem{}, err
	}
	p, err := s.store.replaceContent(ctx, id, in, s.now(), nil, nil)
	if err != nil {
		return Problem{}, err
	}
	s.logger.InfoContext(ctx, "problem updated", "id", id)
	s.publish(id)
	return p, nil
}

// Delete removes problem id (PermManageProblems). Built-in problems are
// refused with ErrBuiltInDelete.
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := identity.Authorize(ctx, identity.PermManageProblems); err != nil {
		return err
	}
	p, err := s.store.get(ctx, id)
	if err != nil {
		return err
	}
	if p.BuiltIn {
		return ErrBuiltInDelete
	}
	if err := s.store.delete(ctx, id); err != nil {
		return err
	}
	s.logger.InfoContext(ctx, "problem deleted", "id", id)
	s.publish(id)
	return nil
}

// publish tells interviewers and admins that the bank (and problems ids) changed.
func (s *Service) publish(ids ...string) {
	if s.bus == nil {
		return
	}
	topics := []string{Topic}
	for _, id := range ids {
		topics = append(topics, "problem:"+id)
	}
	s.bus.Publish(events.Event{
		Topics: topics,
		Roles:  []string{string(identity.RoleInterviewer), string(identity.RoleAdmin)},
	})
}
