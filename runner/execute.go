package runner

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/interviewprep/interviewprep/internal/output"
)

// Languages a program may be written in.
const (
	JavaScript = "javascript"
	Python     = "python"
	Java       = "java"
)

// Languages lists them.
var Languages = []string{JavaScript, Python, Java}

// Program is what to run: source in a language, and either stdin (a plain
// run) or test cases.
type Program struct {
	Language string
	Source   string
	Stdin    string
	Tests    []Test // nil: a plain run with Stdin
	// TimeLimitMs is the problem's time limit per test (0: the default).
	TimeLimitMs int
}

// Test is one test case: the program's stdin and the expected stdout.
type Test struct {
	Name     string `bson:"name" json:"name"`
	Input    string `bson:"input" json:"input"`
	Expected string `bson:"expected" json:"expected"`
	Hidden   bool   `bson:"hidden" json:"hidden"`
}

// Result is what a run did. For a test run, Stdout, Stderr and ExitCode
// are the compiler's on a failed compile, else the first failed test's.
type Result struct {
	Stdout    string       `bson:"stdout" json:"stdout"`
	Stderr    string       `bson:"stderr" json:"stderr"`
	ExitCode  int          `bson:"exitCode" json:"exitCode"`
	TimeMs    int64        `bson:"timeMs" json:"timeMs"`
	CPUMs     int64        `bson:"cpuMs" json:"cpuMs"`
	MemoryKB  int64        `bson:"memoryKB" json:"memoryKB"`
	Truncated bool         `bson:"truncated" json:"truncated"`
	Limit     string       `bson:"limit,omitempty" json:"limit,omitempty"`
	Compile   bool         `bson:"compileFailed,omitempty" json:"compileFailed,omitempty"`
	Tests     []TestResult `bson:"tests,omitempty" json:"tests,omitempty"`
}

// TestResult is one test's outcome. Input, Expected and Got are clipped
// to ShownBytes for display.
type TestResult struct {
	Name     string `bson:"name" json:"name"`
	Passed   bool   `bson:"passed" json:"passed"`
	Hidden   bool   `bson:"hidden" json:"hidden"`
	TimeMs   int64  `bson:"timeMs" json:"timeMs"`
	MemoryKB int64  `bson:"memoryKB" json:"memoryKB"`
	ExitCode int    `bson:"exitCode" json:"exitCode"`
	Limit    string `bson:"limit,omitempty" json:"limit,omitempty"`
	Input    string `bson:"input" json:"input,omitempty"`
	Expected string `bson:"expected" json:"expected,omitempty"`
	Got      string `bson:"got" json:"got,omitempty"`
	Stderr   string `bson:"stderr" json:"stderr,omitempty"`
}

// ShownBytes is how much of a test's input, expected and actual output a
// result keeps for display.
const ShownBytes = 4 << 10

// keptStdout is how much of a plain run's stdout a result keeps.
const keptStdout = 256 << 10

// Executor runs programs in a Sandbox, in each language.
type Executor struct {
	sb     *Sandbox
	limits Limits
	node   string
	python string
	java   string // JDK home
}

// NewExecutor returns an executor whose plain runs get limits (zero:
// DefaultLimits). Tests get the same limits with a wall time from the
// problem's time limit.
func NewExecutor(sb *Sandbox, limits Limits) *Executor {
	if limits == (Limits{}) {
		limits = DefaultLimits
	}
	return &Executor{sb: sb, limits: limits, node: "/usr/bin/node", python: "/usr/bin/python3", java: sb.java}
}

// Sandbox is the executor's sandbox.
func (e *Executor) Sandbox() *Sandbox { return e.sb }

// compiled is a program ready to start: its files and command line.
type compiled struct {
	files []File
	argv  []string
	env   []string
	// extraMB is added to the memory limit: the JVM's own writable memory
	// (metaspace, code cache, thread stacks) beside its heap, which -Xmx
	// bounds to half the limit.
	extraMB int
	stackMB int
}

// prepare readies src in lang; a Java program is compiled (in a sandbox of
// its own) and its classes kept as an opaque tar that only ever goes back
// into a sandbox: the host never reads what the program's side wrote. A
// compile error is returned as a Result.
func (e *Executor) prepare(ctx context.Context, lang, src string, l Limits) (compiled, *Result, error) {
	switch lang {
	case JavaScript:
		if err := present(e.node); err != nil {
			return compiled{}, nil, err
		}
		heap := max(16, l.MemoryMB/2)
		return compiled{files: []File{{"main.js", []byte(src)}},
			argv: []string{e.node, "--max-old-space-size=" + strconv.Itoa(heap), "--stack-size=8000", "/work/main.js"}}, nil, nil
	case Python:
		if err := present(e.python); err != nil {
			return compiled{}, nil, err
		}
		return compiled{files: []File{{"main.py", []byte(src)}}, argv: []string{e.python, "-I", "-B", "/work/main.py"}, stackMB: 64}, nil, nil
	case Java:
		if e.java == "" {
			return compiled{}, nil, fmt.Errorf("%w: no JDK (install openjdk-17-jdk-headless)", ErrNoSandbox)
		}
		javac := e.java + "/bin/javac"
		out, err := e.sb.Exec(ctx, Spec{
			Files: []File{{"Main.java", []byte(src)}},
			Argv: []string{"/bin/sh", "-c", `"$0" "$@" >&2 && cd classes && exec tar -cf - .`, javac,
				"-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:-UsePerfData", "-J-Xmx384m", "-J-Xss8m",
				"-J-XX:ActiveProcessorCount=1", "--release", "17", "-encoding", "UTF-8", "-d", "classes", "Main.java"},
			Limits: Limits{Wall: 30 * time.Second, CPU: 20 * time.Second, MemoryMB: 1024, Processes: 64,
				OpenFiles: 128, FileMB: 16, Output: 16 << 20, Stderr: 64 << 10},
		})
		if err != nil {
			return compiled{}, nil, err
		}
		if out.ExitCode != 0 || out.Limit != "" {
			r := &Result{Stderr: out.Stderr, ExitCode: out.ExitCode, TimeMs: out.Wall.Milliseconds(),
				CPUMs: out.CPU.Milliseconds(), MemoryKB: out.MemoryKB, Limit: out.Limit, Compile: true}
			if r.ExitCode == 0 {
				r.ExitCode = 1
			}
			return compiled{}, r, nil
		}
		heap := max(32, l.MemoryMB/2)
		return compiled{extraMB: 320,
			files: []File{{"classes.tar", []byte(out.Stdout)}},
			argv: []string{"/bin/sh", "-c", `tar -xf classes.tar && rm classes.tar && exec "$0" "$@"`, e.java + "/bin/java",
				"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:ActiveProcessorCount=1",
				"-Xmx" + strconv.Itoa(heap) + "m", "-Xss16m", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m",
				"-XX:CompressedClassSpaceSize=32m", "-Xshare:auto", "-cp", "/work", "Main"},
		}, nil, nil
	}
	return compiled{}, nil, fmt.Errorf("runner: unknown language %q", lang)
}

func present(path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("%w: %s is not installed", ErrNoSandbox, path)
	}
	return nil
}

// Run runs p: a plain run with its stdin, or its tests one by one, each in
// a fresh sandbox. The error is for the runner failing, never the program.
func (e *Executor) Run(ctx context.Context, p Program) (Result, error) {
	l := e.limits
	if p.Tests != nil {
		l.Output = max(l.Output, 1<<20)
		if p.TimeLimitMs > 0 {
			// Wall time: the problem's limit plus a start-up allowance (a
			// JVM on a busy machine); CPU time: the same.
			l.Wall = time.Duration(p.TimeLimitMs)*time.Millisecond + 3*time.Second
			l.CPU = l.Wall
		}
	}
	c, failed, err := e.prepare(ctx, p.Language, p.Source, l)
	if err != nil || failed != nil {
		if failed != nil {
			return *failed, err
		}
		return Result{}, err
	}
	l.MemoryMB += c.extraMB
	l.StackMB = c.stackMB
	spec := func(stdin string) Spec {
		return Spec{Files: c.files, Argv: c.argv, Env: c.env, Stdin: []byte(stdin), Limits: l}
	}
	if p.Tests == nil {
		out, err := e.sb.Exec(ctx, spec(p.Stdin))
		if err != nil {
			return Result{}, err
		}
		r := Result{Stdout: out.Stdout, Stderr: out.Stderr, ExitCode: out.ExitCode, TimeMs: out.Wall.Milliseconds(),
			CPUMs: out.CPU.Milliseconds(), MemoryKB: out.MemoryKB, Truncated: out.Truncated, Limit: out.Limit}
		if len(r.Stdout) > keptStdout {
			r.Stdout, r.Truncated = r.Stdout[:keptStdout], true
		}
		return r, nil
	}
	r := Result{Tests: make([]TestResult, 0, len(p.Tests))}
	failedOne := false
	for _, t := range p.Tests {
		out, err := e.sb.Exec(ctx, spec(t.Input))
		if err != nil {
			return Result{}, err
		}
		tr := TestResult{Name: t.Name, Hidden: t.Hidden, TimeMs: out.Wall.Milliseconds(), MemoryKB: out.MemoryKB,
			ExitCode: out.ExitCode, Limit: out.Limit,
			Passed: out.ExitCode == 0 && out.Limit == "" && output.Matches(out.Stdout, t.Expected),
			Input:  clip(t.Input), Expected: clip(t.Expected), Got: clip(out.Stdout), Stderr: clip(out.Stderr)}
		r.Tests = append(r.Tests, tr)
		r.TimeMs = max(r.TimeMs, tr.TimeMs)
		r.CPUMs = max(r.CPUMs, out.CPU.Milliseconds())
		r.MemoryKB = max(r.MemoryKB, out.MemoryKB)
		if !tr.Passed && !failedOne {
			failedOne = true
			r.Stderr, r.ExitCode, r.Limit, r.Truncated = out.Stderr, out.ExitCode, out.Limit, out.Truncated
			if !t.Hidden {
				r.Stdout = clip(out.Stdout)
			}
		}
	}
	return r, nil
}

// clip cuts s to ShownBytes (at a UTF-8 boundary).
func clip(s string) string {
	if len(s) <= ShownBytes {
		return s
	}
	i := ShownBytes
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}
