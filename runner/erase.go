package runner

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
)

// Erasing a person (identity.DeleteUser; docs/decisions.md): the runs,
// queue entries and hidden tests of the interviews they were the candidate
// of go whole; elsewhere the runs they started stay (the code is the
// interview's record) with no user, they hear of no run any more, and the
// hidden tests they wrote stay with no author.

// EraseUser erases what the runner keeps about e.UserID (see above).
func (s *Service) EraseUser(ctx context.Context, e identity.Erasure) (identity.Counts, error) {
	if e.UserID == "" {
		return nil, fmt.Errorf("runner: erase: no user")
	}
	db := s.cfg.DB
	counts := identity.Counts{}
	if len(e.Interviews) > 0 {
		in := bson.D{{Key: "interviewId", Value: bson.D{{Key: "$in", Value: e.Interviews}}}}
		byID := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: e.Interviews}}}}
		quoted := make([]string, 0, len(e.Interviews))
		for _, id := range e.Interviews {
			quoted = append(quoted, regexp.QuoteMeta(id))
		}
		prefixed := bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: "^(" + strings.Join(quoted, "|") + "):"}}}}
		for _, step := range []struct {
			coll   string
			filter bson.D
			count  string
		}{
			{colQueue, in, ""},
			{colClaims, prefixed, ""},
			{colActive, prefixed, ""},
			{colRuns, in, "runs deleted"},
			{colCounters, byID, ""},
			{colTests, byID, "hidden test lists deleted"},
		} {
			n, err := database.DeleteMany(ctx, db.Collection(step.coll), step.filter)
			if err != nil {
				return nil, err
			}
			if step.count != "" {
				counts[step.count] = n
			}
		}
	}
	res, err := db.Collection(colRuns).UpdateMany(ctx, bson.D{{Key: "userId", Value: e.UserID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "userId", Value: ""}}}})
	if err != nil {
		return nil, fmt.Errorf("runner: erase: anonymize runs: %w", err)
	}
	counts["runs kept without them"] = res.ModifiedCount
	for _, coll := range []string{colRuns, colQueue} {
		if _, err := db.Collection(coll).UpdateMany(ctx, bson.D{{Key: "notify", Value: e.UserID}},
			bson.D{{Key: "$pull", Value: bson.D{{Key: "notify", Value: e.UserID}}}}); err != nil {
			return nil, fmt.Errorf("runner: erase: stop notifying in %s: %w", coll, err)
		}
	}
	if _, err := database.DeleteMany(ctx, db.Collection(colActive),
		bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: ":" + regexp.QuoteMeta(e.UserID) + "$"}}}}); err != nil {
		return nil, err
	}
	n, err := s.forgetTestAuthor(ctx, e.UserID)
	if err != nil {
		return nil, err
	}
	counts["hidden test lists kept without their name"] = n
	return counts, nil
}

// forgetTestAuthor clears userID as the author of hidden tests. It reads
// every list (a scan; erasures are rare).
func (s *Service) forgetTestAuthor(ctx context.Context, userID string) (int64, error) {
	c := s.cfg.DB.Collection(colTests)
	cur, err := c.Find(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("runner: erase: read hidden tests: %w", err)
	}
	var docs []testsDoc
	if err := cur.All(ctx, &docs); err != nil {
		return 0, fmt.Errorf("runner: erase: read hidden tests: %w", err)
	}
	var n int64
	for _, d := range docs {
		hit := false
		for i := range d.Tests {
			if d.Tests[i].CreatedBy == userID {
				d.Tests[i].CreatedBy, hit = "", true
			}
		}
		if !hit {
			continue
		}
		if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: d.ID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "tests", Value: d.Tests}}}}); err != nil {
			return 0, fmt.Errorf("runner: erase: update hidden tests of %s: %w", d.ID, err)
		}
		n++
	}
	return n, nil
}
