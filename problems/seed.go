package problems

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// BuiltInID is the _id of the built-in problem with slug.
func BuiltInID(slug string) string { return "builtin:" + slug }

// ContentHash identifies the editable content of a problem (every field of
// Input), so that the seeder can tell an untouched built-in problem from an
// edited one.
func ContentHash(in Input) string {
	// json.Marshal of a struct is deterministic (fields in order).
	b, err := json.Marshal(in)
	if err != nil {
		panic(fmt.Sprintf("problems: hash: %v", err)) // strings, ints and bools always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (p Problem) input() Input {
	return Input{Title: p.Title, Difficulty: p.Difficulty, Tags: p.Tags, Statement: p.Statement,
		Starter: p.Starter, Tests: p.Tests, TimeLimitMs: p.TimeLimitMs}
}

func catalogInput(c CatalogProblem) Input {
	tests := make([]Test, len(c.Tests))
	for i, tc := range c.Tests {
		tests[i] = Test(tc)
	}
	return Input{
		Title: c.Title, Difficulty: c.Difficulty, Tags: c.Tags, Statement: c.Statement,
		Starter:     Starter{JavaScript: c.Starter["javascript"], Python: c.Starter["python"], Java: c.Starter["java"]},
		Tests:       tests,
		TimeLimitMs: c.TimeLimitMs,
	}
}

// SeedCatalog puts the built-in catalog into the bank, idempotently, and
// returns how many problems it inserted or updated (0 when the bank is up to
// date). Each built-in problem is stored under BuiltInID(slug):
//   - missing: inserted;
//   - stored and untouched (its content still hashes to its catalogHash) but
//     the catalog changed: replaced by the new catalog version;
//   - edited by someone: left alone, whatever the catalog says.
//
// It then brings the list's summaries in line with the problems (see
// store.reconcileSummaries). It checks no permission; the app calls it at
// start.
func (s *Service) SeedCatalog(ctx context.Context) (int, error) {
	catalog, err := Catalog()
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, c := range catalog {
		in := catalogInput(c)
		hash := ContentHash(in)
		id := BuiltInID(c.Slug)
		cur, err := s.store.get(ctx, id)
		switch {
		case errors.Is(err, ErrNotFound):
			now := s.now()
			p := Problem{
				ID: id, Title: in.Title, Difficulty: in.Difficulty, Tags: in.Tags, Statement: in.Statement,
				Starter: in.Starter, Tests: in.Tests, TimeLimitMs: in.TimeLimitMs, BuiltIn: true,
				CreatedAt: now, UpdatedAt: now, CatalogHash: hash,
			}
			err := s.insertWithSlug(ctx, &p, c.Slug)
			if errors.Is(err, errDuplicate) {
				continue // another node seeded it first
			}
			if err != nil {
				return changed, fmt.Errorf("problems: seed %s: %w", c.Slug, err)
			}
			changed++
		case err != nil:
			return changed, fmt.Errorf("problems: seed %s: %w", c.Slug, err)
		case cur.CatalogHash == hash:
			// Up to date.
		case ContentHash(cur.input()) != cur.CatalogHash:
			s.logger.DebugContext(ctx, "built-in problem edited; catalog update skipped", "id", id)
		default:
			_, err := s.store.replaceContent(ctx, id, in, s.now(), &hash, &cur.UpdatedAt)
			if errors.Is(err, ErrNotFound) {
				continue // edited or deleted between our read and write: theirs wins
			}
			if err != nil {
				return changed, fmt.Errorf("problems: seed %s: %w", c.Slug, err)
			}
			changed++
		}
	}
	// Repair summaries a crash between a problem write and its summary left behind.
	fixed, err := s.store.reconcileSummaries(ctx)
	if err != nil {
		return changed, err
	}
	if fixed > 0 {
		s.logger.InfoContext(ctx, "problem summaries repaired", "count", fixed)
	}
	if changed > 0 || fixed > 0 {
		s.logger.InfoContext(ctx, "built-in problems seeded", "changed", changed, "catalog", len(catalog))
		s.publish()
	}
	return changed, nil
}
