package collab

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
)

// Erasing a person (identity.DeleteUser; docs/decisions.md): the documents
// of the interviews they were the candidate of (code, problem, notes) go
// whole, with their history, after every node dropped them from memory and
// closed their peers' access (topicDrop); in every other document the
// record of which actors were theirs (collab_authors) goes, so the replay
// no longer names them. Their sockets close on every node.

// topicDrop tells the other nodes to drop documents from memory (payload:
// the ids, one a line).
const topicDrop = "collab.drop"

// EraseUser erases what collab keeps about e.UserID (see above).
func (s *Server) EraseUser(ctx context.Context, e identity.Erasure) (identity.Counts, error) {
	if e.UserID == "" {
		return nil, fmt.Errorf("collab: erase: no user")
	}
	s.UserChanged(e.UserID)
	counts := identity.Counts{}
	db := s.hub.st.db
	if len(e.Interviews) > 0 {
		cur, err := db.Collection(colDocs).Find(ctx, bson.D{{Key: "interviewId", Value: bson.D{{Key: "$in", Value: e.Interviews}}}})
		if err != nil {
			return nil, fmt.Errorf("collab: erase: find documents: %w", err)
		}
		var metas []docMeta
		if err := cur.All(ctx, &metas); err != nil {
			return nil, fmt.Errorf("collab: erase: read documents: %w", err)
		}
		ids := make([]string, 0, len(metas))
		for _, m := range metas {
			ids = append(ids, m.ID)
			s.dropDoc(DocumentID(m.ID))
		}
		if len(ids) > 0 {
			if c := s.cfg.Cluster; c != nil {
				pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
				err := c.Publish(pctx, topicDrop, []byte(strings.Join(ids, "\n")))
				cancel()
				if err != nil {
					s.log.Warn("collab: erase: could not tell the other nodes to drop documents", "err", err)
				}
			}
			byID := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}
			for _, step := range []struct {
				coll   string
				filter bson.D
				count  string
			}{
				{colChanges, bson.D{{Key: "docId", Value: bson.D{{Key: "$in", Value: ids}}}}, "changes deleted"},
				{colSnapshots, byID, ""},
				{colAuthors, byID, ""},
				{colDocs, byID, "documents deleted"}, // last: it makes a document exist
			} {
				n, err := database.DeleteMany(ctx, db.Collection(step.coll), step.filter)
				if err != nil {
					return nil, fmt.Errorf("collab: erase: %w", err)
				}
				if step.count != "" {
					counts[step.count] = n
				}
			}
		}
	}
	n, err := forgetAuthor(ctx, db.Collection(colAuthors), e.UserID)
	if err != nil {
		return nil, err
	}
	counts["documents no longer naming them"] = n
	return counts, nil
}

// forgetAuthor removes userID's actors from every document's authors. It
// reads them all (a scan; erasures are rare).
func forgetAuthor(ctx context.Context, c *mongo.Collection, userID string) (int64, error) {
	cur, err := c.Find(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("collab: erase: read authors: %w", err)
	}
	var all []struct {
		ID     string            `bson:"_id"`
		Actors map[string]string `bson:"actors"`
	}
	if err := cur.All(ctx, &all); err != nil {
		return 0, fmt.Errorf("collab: erase: read authors: %w", err)
	}
	var n int64
	for _, a := range all {
		unset := bson.D{}
		for actor, u := range a.Actors {
			if u == userID {
				unset = append(unset, bson.E{Key: "actors." + actor, Value: ""})
			}
		}
		if len(unset) == 0 {
			continue
		}
		if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}}, bson.D{{Key: "$unset", Value: unset}}); err != nil {
			return 0, fmt.Errorf("collab: erase: update authors of %s: %w", a.ID, err)
		}
		n++
	}
	return n, nil
}

// dropDoc forgets document id on this node, without saving what it holds
// unsaved, and tells its peers it is gone.
func (s *Server) dropDoc(id DocumentID) {
	d := s.hub.loaded(id)
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.evicted {
		return
	}
	d.evicted = true
	if d.timer != nil {
		d.timer.Stop()
	}
	for p := range d.peers {
		go p.fail("this interview was deleted")
	}
	d.peers = map[*peer]*peerDoc{}
	s.hub.forget(d)
}
