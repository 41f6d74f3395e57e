package rooms

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/livekit/protocol/livekit"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
)

// Erasing a person (identity.DeleteUser; docs/decisions.md). The calls of
// the interviews they were the candidate of go whole: the room is ended,
// and their chat, attendance, signals and recordings (records and files)
// are deleted. Elsewhere, the chat messages they wrote stay, by "Deleted
// user" with no id (the conversation is the others' record too); their
// attendance and signals go (they are only about them); recordings that
// stay name them nowhere (who started one, their tracks and reactions), but
// the video still shows them (an admin deletes it with DELETE
// /api/recordings/{id}). A call of an interview that stays goes on without
// them (they are removed from it). Every node's cached chat and attendance
// is dropped (topicForget), since cached documents are taken to never change.

// topicForget tells the other nodes to drop their cached series.
const topicForget = "rooms.forget"

// linkCluster registers what rooms hears from the other nodes.
func (s *Service) linkCluster() {
	if c := s.cfg.Cluster; c != nil {
		c.Handle(topicForget, func(context.Context, []byte) { s.store.forget() })
		c.OnResync(func(context.Context) { s.store.forget() }) // a message may have been missed
	}
}

// EraseUser erases what rooms keeps about e.UserID (see above).
func (s *Service) EraseUser(ctx context.Context, e identity.Erasure) (identity.Counts, error) {
	if e.UserID == "" {
		return nil, fmt.Errorf("rooms: erase: no user")
	}
	counts := identity.Counts{}
	defer s.forgetEverywhere()
	if len(e.Interviews) > 0 {
		for _, id := range e.Interviews {
			// Ends the call, and with it a recorder in it.
			actx, cancel := context.WithTimeout(ctx, apiTimeout)
			if _, err := s.control.DeleteRoom(actx, &livekit.DeleteRoomRequest{Room: id}); err != nil && !isNotFound(err) {
				s.log.Warn("rooms: erase: end the room", "room", id, "err", err)
			}
			cancel()
		}
		n, err := s.eraseRecordings(ctx, bson.D{{Key: "interviewId", Value: bson.D{{Key: "$in", Value: e.Interviews}}}})
		if err != nil {
			return nil, err
		}
		counts["recordings deleted"] = n
		in := bson.D{{Key: "interviewId", Value: bson.D{{Key: "$in", Value: e.Interviews}}}}
		var counters []string
		for _, l := range []struct {
			name string
			c    *mongo.Collection
			kind string
		}{
			{"chat messages deleted", s.store.chat.docs, s.store.chat.kind},
			{"attendance events deleted", s.store.attendance.docs, s.store.attendance.kind},
			{"signals deleted", s.store.signals.docs, s.store.signals.kind},
		} {
			n, err := database.DeleteMany(ctx, l.c, in)
			if err != nil {
				return nil, err
			}
			counts[l.name] += n
			for _, id := range e.Interviews {
				counters = append(counters, l.kind+":"+id)
			}
		}
		if _, err := database.DeleteMany(ctx, s.store.chat.counters, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: counters}}}}); err != nil {
			return nil, err
		}
		if _, err := database.DeleteMany(ctx, s.rec.store.sets, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: e.Interviews}}}}); err != nil {
			return nil, err
		}
		if _, err := database.DeleteMany(ctx, s.rec.store.jobs, in); err != nil {
			return nil, err
		}
	}
	for _, id := range e.Kept {
		// Out of the calls that go on (their token would still work until
		// they leave); they cannot join again without a session.
		actx, cancel := context.WithTimeout(ctx, apiTimeout)
		if _, err := s.control.RemoveParticipant(actx, &livekit.RoomParticipantIdentity{Room: id, Identity: e.UserID}); err != nil && !isNotFound(err) {
			s.log.Warn("rooms: erase: remove from the call", "room", id, "err", err)
		}
		cancel()
	}
	// What they left in the interviews that stay.
	res, err := s.store.chat.docs.UpdateMany(ctx, bson.D{{Key: "userId", Value: e.UserID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "userId", Value: ""}, {Key: "name", Value: identity.DeletedUserName}}}})
	if err != nil {
		return nil, fmt.Errorf("rooms: erase: anonymize chat: %w", err)
	}
	counts["chat messages kept by a deleted user"] = res.ModifiedCount
	mine := bson.D{{Key: "userId", Value: e.UserID}}
	n, err := database.DeleteMany(ctx, s.store.attendance.docs, mine)
	if err != nil {
		return nil, err
	}
	counts["attendance events deleted"] += n
	if n, err = database.DeleteMany(ctx, s.store.signals.docs, mine); err != nil {
		return nil, err
	}
	counts["signals deleted"] += n
	if n, err = s.scrubRecordings(ctx, e.UserID); err != nil {
		return nil, err
	}
	counts["recordings kept without their name"] = n
	return counts, nil
}

// eraseRecordings deletes the recordings filter matches: record, listing,
// job, claims and files.
func (s *Service) eraseRecordings(ctx context.Context, filter bson.D) (int64, error) {
	cur, err := s.rec.store.recs.Find(ctx, filter)
	if err != nil {
		return 0, fmt.Errorf("rooms: erase: find recordings: %w", err)
	}
	var docs []*recordingDoc
	if err := cur.All(ctx, &docs); err != nil {
		return 0, fmt.Errorf("rooms: erase: read recordings: %w", err)
	}
	for _, d := range docs {
		if err := s.deleteRecording(ctx, d); err != nil {
			return 0, err
		}
		if _, err := database.DeleteMany(ctx, s.rec.store.claims,
			bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: "^" + regexp.QuoteMeta(d.ID) + ":"}}}}); err != nil {
			return 0, err
		}
	}
	return int64(len(docs)), nil
}

// scrubRecordings takes userID out of the recordings that stay: who
// started one, and the names of their tracks and reactions. It reads every
// recording (a scan; erasures are rare).
func (s *Service) scrubRecordings(ctx context.Context, userID string) (int64, error) {
	cur, err := s.rec.store.recs.Find(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("rooms: erase: find recordings: %w", err)
	}
	var docs []*recordingDoc
	if err := cur.All(ctx, &docs); err != nil {
		return 0, fmt.Errorf("rooms: erase: read recordings: %w", err)
	}
	var n int64
	for _, d := range docs {
		hit := d.StartedBy == userID
		if hit {
			d.StartedBy = ""
		}
		for i := range d.Tracks {
			if d.Tracks[i].Participant == userID {
				d.Tracks[i].Participant, d.Tracks[i].Name, hit = "", identity.DeletedUserName, true
			}
		}
		for i := range d.Reactions {
			if d.Reactions[i].UserID == userID {
				d.Reactions[i].UserID, d.Reactions[i].Name, hit = "", identity.DeletedUserName, true
			}
		}
		if !hit {
			continue
		}
		set := bson.D{{Key: "startedBy", Value: d.StartedBy}, {Key: "tracks", Value: d.Tracks}, {Key: "reactions", Value: d.Reactions}}
		if _, err := s.rec.store.recs.UpdateOne(ctx, bson.D{{Key: "_id", Value: d.ID}}, bson.D{{Key: "$set", Value: set}}); err != nil {
			return 0, fmt.Errorf("rooms: erase: update recording %s: %w", d.ID, err)
		}
		n++
	}
	return n, nil
}

// forgetEverywhere drops the cached series here and on the other nodes.
func (s *Service) forgetEverywhere() {
	s.store.forget()
	if c := s.cfg.Cluster; c != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.Publish(ctx, topicForget, nil); err != nil {
			s.log.Warn("rooms: erase: could not tell the other nodes to drop their cached chat", "err", err)
		}
	}
}

// forget drops every cached series (documents changed under them).
func (s *store) forget() {
	s.chat.forget()
	s.attendance.forget()
	s.signals.forget()
}

func (l *series[T]) forget() {
	l.mu.Lock()
	l.known = map[string][]T{}
	l.mu.Unlock()
}
