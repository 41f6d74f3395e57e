package runner

import (
	"context"
	"github.com/interviewprep/interviewprep/internal/testenv"
	"sync"
	"testing"
	"time"
)

// The sandbox tests share one sandbox (two slots: the machines have two
// cores) and never skip: CI installs bubblewrap, and a missing one fails.
var (
	sbOnce sync.Once
	sbErr  error
	shared *Executor
)

// testLimits are short limits that keep the escape suite quick.
var testLimits = Limits{Wall: 4 * time.Second, CPU: 2 * time.Second, MemoryMB: 256, Processes: 48, OpenFiles: 64,
	FileMB: 4, Output: 64 << 10, Stderr: 16 << 10}

func executor(t *testing.T) *Executor {
	t.Helper()
	sbOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var sb *Sandbox
		sb, sbErr = NewSandbox(ctx, SandboxConfig{Concurrency: 2, UIDBase: 61000})
		if sbErr == nil {
			shared = NewExecutor(sb, testLimits)
		}
	})
	if sbErr != nil {
		t.Fatalf("the sandbox must start here (apt-get install bubblewrap; user namespaces on): %v", sbErr)
	}
	return shared
}

func run(t *testing.T, lang, src, stdin string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	r, err := executor(t).Run(ctx, Program{Language: lang, Source: src, Stdin: stdin})
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	return r
}

func TestMain(m *testing.M) { testenv.Main(m) }
