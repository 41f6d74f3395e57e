package collab

import (
	"context"
	"sync"
	"testing"

	"github.com/automerge/automerge-go"
)

// The server's own change (another problem picked) reaches a connected peer,
// is stored, and leaves the old content in the history.
func TestResetProblemReachesPeersAndIsStored(t *testing.T) {
	f := newFixture(t)
	code, problem := docID(t, f.docs.Code), docID(t, f.docs.Problem)

	cand := f.dial(t, "cand", "candidate", "peer-cand")
	candDoc := automerge.New()
	cand.syncDoc(code, candDoc, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") == "print(1)\n" })

	reset := ProblemReset{ProblemID: "p2", Title: "Reverse a list", Statement: "Reverse it. 🙂",
		Starter: map[string]string{"javascript": "function reverse(xs) {}\n", "python": "def reverse(xs):\n    pass\n", "java": "class Solution {}\n"}}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		cand.syncDoc(code, candDoc, TypeSync, func(d *automerge.Doc) bool { return text(t, d, "problemId") == "p2" })
	}()
	if err := f.srv.ResetProblem(context.Background(), InterviewDocs{Code: f.docs.Code, Problem: f.docs.Problem}, reset); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	// The code document is in Python: the Python starter replaces the source.
	if got := text(t, candDoc, "source"); got != reset.Starter["python"] {
		t.Fatalf("candidate's source after reset = %q, want the python starter", got)
	}

	stored := storedDoc(t, f.db, problem)
	if got := text(t, stored, "statement"); got != reset.Statement {
		t.Fatalf("stored statement = %q", got)
	}
	if got := text(t, stored, "starter", "java"); got != reset.Starter["java"] {
		t.Fatalf("stored java starter = %q", got)
	}
	// The history still has the first problem.
	chs, err := stored.Changes()
	if err != nil {
		t.Fatal(err)
	}
	first, err := stored.Fork(chs[0].Hash())
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, first, "statement"); got != "Find two numbers." {
		t.Fatalf("statement at the first change = %q", got)
	}

	// The same reset again changes nothing (no empty change in the history).
	if err := f.srv.ResetProblem(context.Background(), InterviewDocs{Code: f.docs.Code, Problem: f.docs.Problem}, reset); err != nil {
		t.Fatal(err)
	}
	again, err := storedDoc(t, f.db, code).Changes()
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 2 {
		t.Fatalf("code document has %d changes after a repeated reset, want 2 (create, reset)", len(again))
	}
}

func TestChangeUnknownDocument(t *testing.T) {
	f := newFixture(t)
	err := f.srv.Change(context.Background(), NewDocumentID(), "x", func(*automerge.Doc) error { return nil })
	if err == nil {
		t.Fatal("a change to a document that does not exist succeeded")
	}
}
