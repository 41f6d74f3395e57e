package problems

import (
	"slices"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/events"
)

func eventsViewer(app *testApp, role identity.Role) events.Viewer {
	return events.Viewer{UserID: app.users[role].ID, Role: string(role)}
}

// expectEvent waits for an event naming Topic and topic.
func expectEvent(t *testing.T, ch <-chan events.Event, topic string) {
	t.Helper()
	select {
	case e := <-ch:
		if !slices.Contains(e.Topics, Topic) || !slices.Contains(e.Topics, topic) {
			t.Errorf("event topics %v, want %q and %q", e.Topics, Topic, topic)
		}
	case <-time.After(2 * time.Second):
		t.Errorf("no event for %s", topic)
	}
}
