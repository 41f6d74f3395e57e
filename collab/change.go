package collab

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/automerge/automerge-go"
)

// errEvicted: the document left memory while a change waited for it.
var errEvicted = errors.New("collab: document evicted")

// Change makes one change of the server's own to document id (fn edits it,
// msg is the change's message): stored before it returns, then sent to the
// document's peers like any peer's change. History keeps what it replaced.
func (s *Server) Change(ctx context.Context, id DocumentID, msg string, fn func(*automerge.Doc) error) error {
	for range 3 {
		d, err := s.hub.get(ctx, id)
		if errors.Is(err, errDocNotFound) {
			return fmt.Errorf("%w: document %s", errDocNotFound, id)
		}
		if err != nil {
			return err
		}
		d.mu.Lock()
		err = d.change(ctx, msg, fn)
		d.mu.Unlock()
		if errors.Is(err, errEvicted) {
			continue // loaded again on the next try
		}
		return err
	}
	return fmt.Errorf("collab: change %s: %w", id, errEvicted)
}

// change applies fn on a fork of the document and feeds the resulting
// change through the graph, so sync states see it as they see a peer's.
// Caller holds d.mu.
func (d *document) change(ctx context.Context, msg string, fn func(*automerge.Doc) error) error {
	if d.evicted {
		return errEvicted
	}
	heads := d.doc.Heads()
	fork, err := d.doc.Fork()
	if err != nil {
		return fmt.Errorf("collab: fork %s: %w", d.id, err)
	}
	if err := fn(fork); err != nil {
		return err
	}
	if _, err := fork.Commit(msg); err != nil {
		if err.Error() == "Commit is empty" { // automerge-go's words: fn changed nothing
			return nil
		}
		return fmt.Errorf("collab: commit %s: %w", d.id, err)
	}
	chs, err := fork.Changes(heads...)
	if err != nil {
		return fmt.Errorf("collab: changes of %s: %w", d.id, err)
	}
	if len(chs) == 0 {
		return nil // fn changed nothing
	}
	var raw bytes.Buffer
	for _, c := range chs {
		raw.Write(c.Save())
	}
	if _, err := d.g.Ingest(d.doc, raw.Bytes()); err != nil {
		return fmt.Errorf("collab: apply server change to %s: %w", d.id, err)
	}
	for _, pd := range d.peers {
		pd.dirty = true
	}
	if err := d.save(ctx); err != nil {
		return err
	}
	d.scheduleFlush(d.hub.delayFor(len(d.peers)))
	return nil
}

// ProblemReset is what an interview's documents become when the
// interviewers pick another problem.
type ProblemReset struct {
	ProblemID string
	Title     string
	Statement string
	Starter   map[string]string // language → starter code
}

// ResetProblem puts another problem into an interview's documents: the
// problem document gets its title, statement and starter code, and the code
// document its id and the starter code in the code's current language.
func (s *Server) ResetProblem(ctx context.Context, docs InterviewDocs, p ProblemReset) error {
	codeID, err := ParseDocumentID(docs.Code)
	if err != nil {
		return fmt.Errorf("collab: code document: %w", err)
	}
	problemID, err := ParseDocumentID(docs.Problem)
	if err != nil {
		return fmt.Errorf("collab: problem document: %w", err)
	}
	err = s.Change(ctx, problemID, "problem: "+p.ProblemID, func(doc *automerge.Doc) error {
		errs := []error{setText(doc, p.Title, "title"), setText(doc, p.Statement, "statement")}
		for _, l := range Languages {
			errs = append(errs, setText(doc, p.Starter[l], "starter", l))
		}
		return errors.Join(errs...)
	})
	if err != nil {
		return err
	}
	return s.Change(ctx, codeID, "problem: "+p.ProblemID, func(doc *automerge.Doc) error {
		lang := "javascript"
		if v, err := doc.Path("language").Get(); err == nil && v.Kind() == automerge.KindText {
			if l, err := v.Text().Get(); err == nil && contains(Languages, l) {
				lang = l
			}
		}
		return errors.Join(setText(doc, p.ProblemID, "problemId"), setText(doc, p.Starter[lang], "source"))
	})
}

// setText replaces the text at path with s, as one splice over the existing
// text object (so clients get a splice, and their cursors keep their
// object), or a new text when there is none.
func setText(doc *automerge.Doc, s string, path ...any) error {
	v, err := doc.Path(path...).Get()
	if err == nil && v.Kind() == automerge.KindText {
		t := v.Text()
		old, err := t.Get()
		if err != nil {
			return err
		}
		if old == s {
			return nil
		}
		return t.Splice(0, t.Len(), s)
	}
	return doc.Path(path...).Set(automerge.NewText(s))
}
