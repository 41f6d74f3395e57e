package runner

import (
	"context"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/problems"
)

// TestReferenceSolutions runs every reference solution of the question
// bank, in every language, on every one of its tests, through the sandbox:
// the runner checks the bank, and the bank checks the runner.
func TestReferenceSolutions(t *testing.T) {
	catalog, err := problems.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	e := executor(t)
	for _, p := range catalog {
		for _, lang := range Languages {
			t.Run(p.Slug+"/"+lang, func(t *testing.T) {
				t.Parallel()
				tests := make([]Test, 0, len(p.Tests))
				for _, tc := range p.Tests {
					tests = append(tests, Test{Name: tc.Name, Input: tc.Input, Expected: tc.Expected, Hidden: tc.Hidden})
				}
				ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
				defer cancel()
				r, err := e.Run(ctx, Program{Language: lang, Source: p.Solutions[lang], Tests: tests, TimeLimitMs: p.TimeLimitMs})
				if err != nil {
					t.Fatal(err)
				}
				if r.Compile {
					t.Fatalf("does not compile: %s", r.Stderr)
				}
				for _, tr := range r.Tests {
					if !tr.Passed {
						t.Errorf("test %q failed: exit %d, limit %q, %d ms, %d KB\ngot:\n%s\nstderr:\n%s", tr.Name, tr.ExitCode, tr.Limit, tr.TimeMs, tr.MemoryKB, tr.Got, tr.Stderr)
					}
				}
			})
		}
	}
}
