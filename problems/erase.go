package problems

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/identity"
)

// EraseUser clears e.UserID as the author of problems (identity.DeleteUser;
// docs/decisions.md): the problems stay in the shared bank, by nobody, as
// built-in ones are.
func (s *Service) EraseUser(ctx context.Context, e identity.Erasure) (identity.Counts, error) {
	if e.UserID == "" {
		return nil, fmt.Errorf("problems: erase: no user")
	}
	res, err := s.store.c.UpdateMany(ctx, bson.D{{Key: "createdBy", Value: e.UserID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "createdBy", Value: nil}}}})
	if err != nil {
		return nil, fmt.Errorf("problems: erase: clear authors: %w", err)
	}
	return identity.Counts{"problems kept without their author": res.ModifiedCount}, nil
}
