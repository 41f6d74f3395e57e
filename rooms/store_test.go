package rooms

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// Messages sent at the same moment, on two nodes, are all stored, each under
// its own number, and every node lists all of them, even one whose counter
// hint is behind.
func TestChatSentAtOnce(t *testing.T) {
	a := newApp(t)
	iv := a.newInterview(t)
	node2 := a.newService(t)
	senders := []person{a.p.cand, a.p.ivOn, a.p.owner}
	ctxs := make([]context.Context, len(senders))
	for i, p := range senders {
		ctxs[i] = a.ctxAs(t, p)
	}
	const n = 8
	sent := make([]ChatMessage, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		svc := a.svc
		if i%2 == 1 {
			svc = node2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sent[i], errs[i] = svc.PostChat(ctxs[i%len(ctxs)], iv.ID, ChatRequest{Text: fmt.Sprintf("message %d", i)})
		}()
	}
	wg.Wait()
	want := map[string]string{} // text by id
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("message %d: %v", i, errs[i])
		}
		want[sent[i].ID] = sent[i].Text
	}
	if len(want) != n {
		t.Fatalf("%d distinct ids for %d messages: %+v", len(want), n, sent)
	}
	for i := int64(1); i <= n; i++ {
		if _, ok := want[docID(iv.ID, i)]; !ok {
			t.Errorf("no message numbered %d: %+v", i, sent)
		}
	}
	if docs := testenv.Docs[ChatMessage](t, a.db, ChatCollection); len(docs) != n {
		t.Errorf("%d messages stored, want %d", len(docs), n)
	}

	same := func(who string, got []ChatMessage) {
		t.Helper()
		if len(got) != n {
			t.Errorf("%s lists %d messages, want %d", who, len(got), n)
			return
		}
		for i, m := range got {
			if m.ID != docID(iv.ID, int64(i)+1) || m.Text != want[m.ID] {
				t.Errorf("%s: message %d = %+v", who, i+1, m)
			}
		}
	}
	same("node 1", a.chat(t, iv.ID, a.p.cand))
	got, err := node2.Chat(a.ctxAs(t, a.p.ivOn), iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	same("node 2", got)

	// The counter is only a hint: a node that knows nothing finds every
	// message past it.
	if _, err := a.db.Collection(CountersCollection).UpdateOne(testenv.Context(t),
		bson.D{{Key: "_id", Value: "chat:" + iv.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: int64(2)}}}}); err != nil {
		t.Fatal(err)
	}
	got, err = a.newService(t).Chat(a.ctxAs(t, a.p.owner), iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	same("a new node behind a stale hint", got)
}
