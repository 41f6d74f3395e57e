package collab

import (
	"strings"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

// Erasing the candidate of iv1 on node A: its documents leave B's memory
// (a peer there is told) and the store; in iv2's documents the candidate
// no longer authors anything.
func TestEraseDropsDocumentsOnEveryNode(t *testing.T) {
	f := newFixture(t)
	r := testenv.StartRedis(t)
	a, b := startNode(t, f, r.URL), startNode(t, f, r.URL)
	ctx := testenv.Context(t)
	other, err := a.srv.CreateInterviewDocs(ctx, "iv2", DocsInit{Language: "python"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{f.docs.Code, other.Code} {
		if err := a.srv.hub.st.addAuthors(ctx, DocumentID(docID(t, d)), []string{"aa11", "bb22"}, "cand"); err != nil {
			t.Fatal(err)
		}
		if err := a.srv.hub.st.addAuthors(ctx, DocumentID(docID(t, d)), []string{"cc33"}, "intv"); err != nil {
			t.Fatal(err)
		}
	}
	code := docID(t, f.docs.Code)
	onB := b.dial(t, "intv", "interviewer", "peer-intv")
	onB.syncDoc(code, automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	if b.srv.hub.loaded(DocumentID(code)) == nil {
		t.Fatal("the document is not open on B: the test proves nothing")
	}

	counts, err := a.srv.EraseUser(ctx, identity.Erasure{UserID: "cand", Interviews: []string{"iv1"}})
	if err != nil {
		t.Fatal(err)
	}
	if counts["documents deleted"] != 3 || counts["documents no longer naming them"] != 1 {
		t.Errorf("counts %v", counts)
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.srv.hub.loaded(DocumentID(code)) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the deleted document is still open on B")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for open := true; open; {
		select {
		case _, open = <-onB.in:
		case <-time.After(5 * time.Second):
			t.Fatal("the peer on B was not told")
		}
	}
	for _, coll := range Collections() {
		var left []bson.M
		cur, err := f.db.Collection(coll).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		if err := cur.All(ctx, &left); err != nil {
			t.Fatal(err)
		}
		for _, doc := range left {
			js, _ := bson.MarshalExtJSON(doc, false, false)
			for _, d := range []string{f.docs.Code, f.docs.Problem, f.docs.Notes} {
				if id := docID(t, d); strings.Contains(string(js), id) {
					t.Errorf("%s still holds deleted document %s: %s", coll, id, js)
				}
			}
			if strings.Contains(string(js), `"cand"`) {
				t.Errorf("%s still names the candidate: %s", coll, js)
			}
		}
	}
	authors, err := a.srv.hub.st.authors(ctx, DocumentID(docID(t, other.Code)))
	if err != nil || len(authors) != 1 || authors["cc33"] != "intv" {
		t.Errorf("iv2's authors: %v %v", authors, err)
	}
}
