package problems

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/interviewprep/interviewprep/internal/output"
)

// maxParallelProblems caps how many problems run their programs at the same time: the machines
// running the tests have few cores, and a JVM alone keeps one busy while it starts.
const maxParallelProblems = 2

// runTimeout bounds a single run of a program. It is far above every problem's time limit: it only
// catches programs that hang, on a machine that may be busy with other work.
const runTimeout = 60 * time.Second

// slots is shared by every test in this file so that the cap holds across them.
var slots = make(chan struct{}, maxParallelProblems)

// acquireSlot blocks until one of the maxParallelProblems slots is free and releases it when t ends.
func acquireSlot(t *testing.T) {
	t.Helper()
	slots <- struct{}{}
	t.Cleanup(func() { <-slots })
}

// tools lists the programs the language tests need and the Debian package that provides each.
var tools = []struct{ name, pkg, what string }{
	{"node", "nodejs", "Node.js 20+"},
	{"python3", "python3", "Python 3.11+"},
	{"javac", "openjdk-17-jdk-headless", "JDK 17"},
	{"java", "openjdk-17-jdk-headless", "JDK 17"},
}

// requireTools fails t, naming the package to install, when a language toolchain is missing.
func requireTools(t *testing.T) {
	t.Helper()
	var missing []string
	for _, tool := range tools {
		if _, err := exec.LookPath(tool.name); err != nil {
			missing = append(missing, fmt.Sprintf("%s: not found; install the %s package (%s): apt-get install %s", tool.name, tool.pkg, tool.what, tool.pkg))
		}
	}
	if len(missing) > 0 {
		t.Fatalf("the catalog tests run the reference solutions and starters in every language; missing from PATH:\n  %s", strings.Join(missing, "\n  "))
	}
}

func mustCatalog(t *testing.T) []CatalogProblem {
	t.Helper()
	catalog, err := Catalog()
	if err != nil {
		t.Fatalf("Catalog: %v", err)
	}
	return catalog
}

func TestCatalogLoads(t *testing.T) {
	catalog := mustCatalog(t)
	if len(catalog) < 12 {
		t.Errorf("catalog has %d problems, want at least 12", len(catalog))
	}
	byDifficulty := map[string]int{}
	for _, p := range catalog {
		byDifficulty[p.Difficulty]++
	}
	for difficulty, want := range map[string]int{"easy": 4, "medium": 5, "hard": 3} {
		if byDifficulty[difficulty] < want {
			t.Errorf("catalog has %d %s problems, want at least %d", byDifficulty[difficulty], difficulty, want)
		}
	}

	for _, p := range catalog {
		visible, hidden := 0, 0
		for _, tc := range p.Tests {
			if tc.Hidden {
				hidden++
			} else {
				visible++
			}
			if len(tc.Input) > 50_000 {
				t.Errorf("%s: test %q has a %d-byte input, keep inputs under 50 KB", p.Slug, tc.Name, len(tc.Input))
			}
		}
		if visible < 2 || hidden < 2 {
			t.Errorf("%s: %d visible and %d hidden tests, want at least 2 of each", p.Slug, visible, hidden)
		}
		if p.Tests[0].Hidden || p.Tests[1].Hidden {
			t.Errorf("%s: the first two tests are the statement's examples and must be visible", p.Slug)
		}
		for _, section := range []string{"## Input", "## Output", "## Constraints", "## Examples", "## What a strong answer covers"} {
			if !strings.Contains(p.Statement, section) {
				t.Errorf("%s: statement.md has no %q section", p.Slug, section)
			}
		}
		// The statement's examples are the first two tests.
		for _, tc := range p.Tests[:2] {
			if !strings.Contains(p.Statement, "```\n"+tc.Input) || !strings.Contains(p.Statement, "```\n"+output.Normalize(tc.Expected)+"\n```") {
				t.Errorf("%s: test %q does not appear verbatim as an example in statement.md", p.Slug, tc.Name)
			}
		}
		for _, lang := range Languages {
			if !strings.Contains(p.Starter[lang], "TODO") {
				t.Errorf("%s: the %s starter has no TODO", p.Slug, lang)
			}
			if strings.Contains(p.Solutions[lang], "TODO") {
				t.Errorf("%s: the %s reference solution still has a TODO", p.Slug, lang)
			}
		}
	}

	// Reference solutions never leave the server.
	b, err := json.Marshal(catalog)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range catalog {
		if bytes.Contains(b, []byte(p.Solutions["python"])) {
			t.Fatalf("%s: the JSON form of the catalog contains the reference solution", p.Slug)
		}
	}
	if bytes.Contains(b, []byte(`"Solutions"`)) || bytes.Contains(b, []byte(`"solutions"`)) {
		t.Fatal("the JSON form of the catalog has a solutions field")
	}
}

// validProblem returns the files of a minimal problem that passes validation, under dir.
func validProblem(dir string) fstest.MapFS {
	var tests []TestCase
	for i := range MinTests {
		tests = append(tests, TestCase{Name: fmt.Sprintf("case %d", i+1), Input: "1\n", Expected: "1\n", Hidden: i >= 4})
	}
	testsJSON, _ := json.Marshal(tests)
	files := fstest.MapFS{
		dir + "/problem.json": {Data: []byte(`{"slug":"` + dir + `","title":"T","difficulty":"easy","tags":["arrays"],"timeLimitMs":2000}`)},
		dir + "/statement.md": {Data: []byte("# T\n")},
		dir + "/tests.json":   {Data: testsJSON},
	}
	for _, lang := range Languages {
		files[dir+"/"+starterFiles[lang]] = &fstest.MapFile{Data: []byte("// TODO\n")}
		files[dir+"/"+solutionFiles[lang]] = &fstest.MapFile{Data: []byte("// solved\n")}
	}
	return files
}

func TestCatalogValidation(t *testing.T) {
	ok := validProblem("two-sums")
	if got, err := loadCatalog(ok); err != nil || len(got) != 1 {
		t.Fatalf("valid problem: got %d problems, err %v", len(got), err)
	}

	cases := []struct {
		name    string
		mutate  func(fstest.MapFS)
		wantErr string
	}{
		{"missing starter", func(f fstest.MapFS) { delete(f, "two-sums/starter.py") }, "two-sums/starter.py: missing"},
		{"missing java solution", func(f fstest.MapFS) { delete(f, "two-sums/Solution/Main.java") }, "two-sums/Solution/Main.java: missing"},
		{"empty statement", func(f fstest.MapFS) { f["two-sums/statement.md"] = &fstest.MapFile{Data: []byte(" \n")} }, "two-sums/statement.md: empty"},
		{"unknown difficulty", func(f fstest.MapFS) {
			f["two-sums/problem.json"] = &fstest.MapFile{Data: []byte(`{"slug":"two-sums","title":"T","difficulty":"insane","tags":["a"],"timeLimitMs":1}`)}
		}, `two-sums/problem.json: difficulty "insane"`},
		{"missing title", func(f fstest.MapFS) {
			f["two-sums/problem.json"] = &fstest.MapFile{Data: []byte(`{"slug":"two-sums","difficulty":"easy","tags":["a"],"timeLimitMs":1}`)}
		}, "two-sums/problem.json: title is required"},
		{"slug differs from directory", func(f fstest.MapFS) {
			f["two-sums/problem.json"] = &fstest.MapFile{Data: []byte(`{"slug":"other","title":"T","difficulty":"easy","tags":["a"],"timeLimitMs":1}`)}
		}, `slug "other" does not match the directory name "two-sums"`},
		{"no time limit", func(f fstest.MapFS) {
			f["two-sums/problem.json"] = &fstest.MapFile{Data: []byte(`{"slug":"two-sums","title":"T","difficulty":"easy","tags":["a"]}`)}
		}, "timeLimitMs must be positive"},
		{"unknown field", func(f fstest.MapFS) {
			f["two-sums/problem.json"] = &fstest.MapFile{Data: []byte(`{"slug":"two-sums","title":"T","difficulty":"easy","tags":["a"],"timeLimitMs":1,"memoryMb":1}`)}
		}, `two-sums/problem.json: invalid JSON: json: unknown field "memoryMb"`},
		{"too few tests", func(f fstest.MapFS) {
			f["two-sums/tests.json"] = &fstest.MapFile{Data: []byte(`[{"name":"a","input":"1","expected":"1","hidden":false}]`)}
		}, "two-sums/tests.json: has 1 test cases, at least 6 are required"},
		{"duplicate test names", func(f fstest.MapFS) {
			var tests []TestCase
			for range MinTests {
				tests = append(tests, TestCase{Name: "same", Input: "1", Expected: "1"})
			}
			b, _ := json.Marshal(tests)
			f["two-sums/tests.json"] = &fstest.MapFile{Data: b}
		}, `test case name "same" is used twice`},
		{"broken tests.json", func(f fstest.MapFS) { f["two-sums/tests.json"] = &fstest.MapFile{Data: []byte(`[{"name":`)} }, "two-sums/tests.json: invalid JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := validProblem("two-sums")
			tc.mutate(files)
			_, err := loadCatalog(files)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}

	t.Run("bad slug", func(t *testing.T) {
		_, err := loadCatalog(validProblem("Two_Sums"))
		if err == nil || !strings.Contains(err.Error(), `slug "Two_Sums" must be lowercase`) {
			t.Fatalf("got error %v", err)
		}
	})
	t.Run("empty catalog", func(t *testing.T) {
		if _, err := loadCatalog(fstest.MapFS{"README.md": {Data: []byte("x")}}); err == nil {
			t.Fatal("an empty catalog loaded without error")
		}
	})
}

// program is a source file written to a temporary directory and, for Java, compiled.
type program struct {
	lang string
	dir  string
	argv []string
}

// sourceNames are the file names programs are written under, per language.
var sourceNames = map[string]string{"javascript": "main.js", "python": "main.py", "java": "Main.java"}

// build writes source to a fresh directory and compiles it if the language needs it.
func build(t *testing.T, slug, lang, source string) program {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, sourceNames[lang]), []byte(source), 0o644); err != nil {
		t.Fatal(err)
	}
	p := program{lang: lang, dir: dir}
	switch lang {
	case "javascript":
		p.argv = []string{"node", "main.js"}
	case "python":
		p.argv = []string{"python3", "-B", "main.py"}
	case "java":
		// --release 17: candidates get Java 17, so the code must not use anything newer.
		// The -J flags only make the compiler start faster.
		ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "javac", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1",
			"--release", "17", "-encoding", "UTF-8", "-d", "classes", "Main.java")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s, java: javac Main.java: %v\n%s", slug, err, out)
		}
		p.argv = []string{"java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "classes", "Main"}
	default:
		t.Fatalf("unknown language %q", lang)
	}
	return p
}

type runResult struct {
	stdout, stderr string
	exitCode       int
	elapsed        time.Duration
}

// run runs the program with input on stdin.
func (p program) run(t *testing.T, input string) runResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.argv[0], p.argv[1:]...)
	cmd.Dir = p.dir
	cmd.Stdin = strings.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	res := runResult{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s: no result within %v", strings.Join(p.argv, " "), runTimeout)
	case errors.As(err, &exitErr):
		res.exitCode = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", strings.Join(p.argv, " "), err)
	}
	return res
}

// describeFailure explains a run that crashed, naming the problem, language and test case.
func describeFailure(slug, lang string, tc TestCase, res runResult) string {
	return fmt.Sprintf("%s, %s, case %q: exit code %d\nstderr:\n%s", slug, lang, tc.Name, res.exitCode, clip(res.stderr, 2000))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("… (%d more bytes)", len(s)-n)
}

// The reference solutions are checked through the sandbox, as candidates' code runs: runner's
// TestReferenceSolutions.

// TestStarters checks that every starter compiles and runs cleanly on the first example and does
// not already solve the problem.
func TestStarters(t *testing.T) {
	requireTools(t)
	for _, p := range mustCatalog(t) {
		t.Run(p.Slug, func(t *testing.T) {
			t.Parallel()
			acquireSlot(t)
			for _, lang := range Languages {
				t.Run(lang, func(t *testing.T) {
					prog := build(t, p.Slug, lang, p.Starter[lang])
					// Run case by case until the starter gets one wrong; each run must exit cleanly.
					for _, tc := range p.Tests {
						res := prog.run(t, tc.Input)
						if res.exitCode != 0 {
							t.Fatalf("starter: %s", describeFailure(p.Slug, lang, tc, res))
						}
						if !output.Matches(res.stdout, tc.Expected) {
							return
						}
					}
					t.Errorf("%s, %s: the starter's placeholder answers every test case correctly", p.Slug, lang)
				})
			}
		})
	}
}
