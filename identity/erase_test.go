package identity

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// Deleting a user: the other domains' failure leaves a started record and a
// person who can no longer sign in or come back (cached session, late
// registration hook); deleting again resumes and completes the record.
func TestDeleteUserResumesAndAllowsNoComeback(t *testing.T) {
	var calls atomic.Int64
	app := newApp(t, appOptions{erase: func(_ context.Context, userID string) (map[string]Counts, error) {
		if calls.Add(1) == 1 {
			return nil, errors.New("rooms: the disk is full")
		}
		return map[string]Counts{"schedule": {"interviews deleted": 2}}, nil
	}})
	admin, adminTok := app.user(t, RoleAdmin)
	victim, victimTok := app.user(t, RoleCandidate)
	if status, raw := app.api(t, "GET", "/api/me", victimTok, nil); status != http.StatusOK {
		t.Fatalf("me before: %d %s", status, raw) // their session is cached now
	}

	status, raw := app.api(t, "DELETE", "/api/users/"+victim.ID, adminTok, nil)
	if status != http.StatusInternalServerError || strings.Contains(string(raw), "disk") {
		t.Fatalf("a failing domain: %d %s, want 500 without internal text", status, raw)
	}
	rec, err := app.svc.erasure(testenv.Context(t), victim.ID)
	if err != nil || rec.State != ErasureStarted || rec.By != admin.ID {
		t.Fatalf("record after the failure: %+v %v", rec, err)
	}
	if _, err := app.svc.User(testenv.Context(t), victim.ID); !errors.Is(err, ErrUserNotFound) {
		t.Errorf("the user document after the failure: %v", err)
	}
	if status, raw := app.api(t, "GET", "/api/me", victimTok, nil); status != http.StatusUnauthorized {
		t.Errorf("their session after the failure: %d %s", status, raw)
	}
	status, raw = call(t, "POST", app.url+HookPath, hookHeader(testHookKey), hookPayload(victim.ID, victim.Email, victim.Name, ""))
	if status != http.StatusConflict {
		t.Errorf("a late registration hook: %d %s, want 409", status, raw)
	}
	if n, err := app.db.Collection(UsersCollection).CountDocuments(testenv.Context(t), bson.D{{Key: "_id", Value: victim.ID}}); err != nil || n != 0 {
		t.Errorf("the user came back: %d %v", n, err)
	}

	status, raw = app.api(t, "DELETE", "/api/users/"+victim.ID, adminTok, nil)
	if status != http.StatusOK {
		t.Fatalf("resume: %d %s", status, raw)
	}
	var done ErasureRecord
	testenv.DecodeJSON(t, raw, &done)
	if done.State != ErasureCompleted || done.CompletedAt == nil || done.Counts["schedule"]["interviews deleted"] != 2 ||
		done.Counts["identity"]["users"] != 1 || !done.RequestedAt.Equal(rec.RequestedAt) {
		t.Errorf("completed record %s", raw)
	}
	for _, s := range []string{victim.Email, victim.Name} {
		if strings.Contains(string(raw), s) {
			t.Errorf("the record names them: %s", raw)
		}
	}
	if status, raw := app.api(t, "DELETE", "/api/users/"+victim.ID, adminTok, nil); status != http.StatusNotFound {
		t.Errorf("a third delete: %d %s, want 404", status, raw)
	}
	status, raw = app.api(t, "GET", "/api/erasures", adminTok, nil)
	var list struct{ Erasures []ErasureRecord }
	testenv.DecodeJSON(t, raw, &list)
	if status != http.StatusOK || len(list.Erasures) != 1 || list.Erasures[0].UserID != victim.ID {
		t.Errorf("erasures: %d %s", status, raw)
	}
	// The admin cannot delete themself, and the last admin stays.
	if status, raw := app.api(t, "DELETE", "/api/users/"+admin.ID, adminTok, nil); status != http.StatusConflict {
		t.Errorf("self-delete: %d %s", status, raw)
	}
}
