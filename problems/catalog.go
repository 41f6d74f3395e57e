// Package problems holds the built-in question bank: original coding-interview problems with
// statements, starter code in every supported language, test cases and reference solutions.
package problems

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// catalogFS holds one directory per problem under catalog/. See Catalog for the layout.
//
//go:embed catalog
var catalogFS embed.FS

// Difficulties lists the known difficulty levels, easiest first.
var Difficulties = []string{"easy", "medium", "hard"}

// Languages lists the supported languages, as used for the keys of Starter and Solutions.
var Languages = []string{"javascript", "python", "java"}

// MinTests is the least number of test cases a problem must have.
const MinTests = 6

// slugPattern is the form of a problem slug: lowercase words joined by hyphens.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// starterFiles and solutionFiles name, per language, the file inside a problem's directory.
var (
	starterFiles = map[string]string{
		"javascript": "starter.js",
		"python":     "starter.py",
		"java":       "Main.java",
	}
	solutionFiles = map[string]string{
		"javascript": "solution.js",
		"python":     "solution.py",
		"java":       "Solution/Main.java",
	}
)

// TestCase is one input with its expected output. Outputs are compared after trimming trailing
// whitespace on each line and trailing blank lines. Hidden cases are not shown to the candidate.
type TestCase struct {
	Name     string `json:"name"`
	Input    string `json:"input"`
	Expected string `json:"expected"`
	Hidden   bool   `json:"hidden"`
}

// CatalogProblem is one built-in problem.
type CatalogProblem struct {
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	Difficulty  string   `json:"difficulty"` // one of Difficulties
	Tags        []string `json:"tags"`
	TimeLimitMs int      `json:"timeLimitMs"`
	// Statement is the Markdown statement shown to the candidate.
	Statement string `json:"statement"`
	// Starter is the code the candidate starts from, keyed by language ("javascript", "python",
	// "java"). Every starter reads stdin, calls an unimplemented solve and prints the result.
	Starter map[string]string `json:"starter"`
	Tests   []TestCase        `json:"tests"`
	// Solutions holds the reference solutions, keyed like Starter. They prove the tests right and
	// must never reach a candidate, so they are left out of JSON.
	Solutions map[string]string `json:"-"`
}

// VisibleTests returns the test cases that may be shown to the candidate.
func (p CatalogProblem) VisibleTests() []TestCase {
	var out []TestCase
	for _, tc := range p.Tests {
		if !tc.Hidden {
			out = append(out, tc)
		}
	}
	return out
}

// Catalog loads every built-in problem, sorted by difficulty (easy first) and then by slug.
//
// Each problem is a directory catalog/<slug>/ containing problem.json (slug, title, difficulty,
// tags, timeLimitMs), statement.md, the starters starter.js, starter.py and Main.java, the reference
// solutions solution.js, solution.py and Solution/Main.java, and tests.json (a list of test cases).
// A problem that is incomplete or inconsistent makes Catalog fail with an error naming its directory
// and file.
func Catalog() ([]CatalogProblem, error) {
	root, err := fs.Sub(catalogFS, "catalog")
	if err != nil {
		return nil, fmt.Errorf("problems: catalog: %w", err)
	}
	return loadCatalog(root)
}

// loadCatalog reads and validates every problem directory at the top of fsys.
func loadCatalog(fsys fs.FS) ([]CatalogProblem, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("problems: catalog: %w", err)
	}
	var out []CatalogProblem
	seen := map[string]string{} // slug -> directory
	for _, e := range entries {
		if !e.IsDir() {
			continue // a README or similar next to the problems
		}
		p, err := loadProblem(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		if other, dup := seen[p.Slug]; dup {
			return nil, fmt.Errorf("problems: catalog %s/problem.json: slug %q is already used by %s/", e.Name(), p.Slug, other)
		}
		seen[p.Slug] = e.Name()
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, errors.New("problems: catalog: no problems found")
	}
	slices.SortFunc(out, func(a, b CatalogProblem) int {
		if d := slices.Index(Difficulties, a.Difficulty) - slices.Index(Difficulties, b.Difficulty); d != 0 {
			return d
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	return out, nil
}

// loadProblem reads and validates the problem in directory dir of fsys.
func loadProblem(fsys fs.FS, dir string) (CatalogProblem, error) {
	fail := func(file, format string, args ...any) error {
		return fmt.Errorf("problems: catalog %s: %s", path.Join(dir, file), fmt.Sprintf(format, args...))
	}
	read := func(file string) (string, error) {
		b, err := fs.ReadFile(fsys, path.Join(dir, file))
		if errors.Is(err, fs.ErrNotExist) {
			return "", fail(file, "missing")
		}
		if err != nil {
			return "", fail(file, "%v", err)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return "", fail(file, "empty")
		}
		return string(b), nil
	}
	decode := func(file string, v any) error {
		s, err := read(file)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return fail(file, "invalid JSON: %v", err)
		}
		if dec.More() {
			return fail(file, "invalid JSON: data after the top-level value")
		}
		return nil
	}

	var p CatalogProblem
	var meta struct {
		Slug        string   `json:"slug"`
		Title       string   `json:"title"`
		Difficulty  string   `json:"difficulty"`
		Tags        []string `json:"tags"`
		TimeLimitMs int      `json:"timeLimitMs"`
	}
	if err := decode("problem.json", &meta); err != nil {
		return p, err
	}
	switch {
	case meta.Slug == "":
		return p, fail("problem.json", "slug is required")
	case !slugPattern.MatchString(meta.Slug):
		return p, fail("problem.json", "slug %q must be lowercase letters and digits joined by hyphens", meta.Slug)
	case meta.Slug != dir:
		return p, fail("problem.json", "slug %q does not match the directory name %q", meta.Slug, dir)
	case strings.TrimSpace(meta.Title) == "":
		return p, fail("problem.json", "title is required")
	case !slices.Contains(Difficulties, meta.Difficulty):
		return p, fail("problem.json", "difficulty %q is not one of %s", meta.Difficulty, strings.Join(Difficulties, ", "))
	case len(meta.Tags) == 0:
		return p, fail("problem.json", "at least one tag is required")
	case slices.Contains(meta.Tags, ""):
		return p, fail("problem.json", "tags must not be empty strings")
	case meta.TimeLimitMs <= 0:
		return p, fail("problem.json", "timeLimitMs must be positive, got %d", meta.TimeLimitMs)
	}
	p = CatalogProblem{
		Slug:        meta.Slug,
		Title:       meta.Title,
		Difficulty:  meta.Difficulty,
		Tags:        meta.Tags,
		TimeLimitMs: meta.TimeLimitMs,
		Starter:     map[string]string{},
		Solutions:   map[string]string{},
	}

	var err error
	if p.Statement, err = read("statement.md"); err != nil {
		return p, err
	}
	for _, lang := range Languages {
		if p.Starter[lang], err = read(starterFiles[lang]); err != nil {
			return p, err
		}
		if p.Solutions[lang], err = read(solutionFiles[lang]); err != nil {
			return p, err
		}
	}

	if err := decode("tests.json", &p.Tests); err != nil {
		return p, err
	}
	if len(p.Tests) < MinTests {
		return p, fail("tests.json", "has %d test cases, at least %d are required", len(p.Tests), MinTests)
	}
	names := map[string]bool{}
	for i, tc := range p.Tests {
		switch {
		case strings.TrimSpace(tc.Name) == "":
			return p, fail("tests.json", "test case %d has no name", i+1)
		case names[tc.Name]:
			return p, fail("tests.json", "test case name %q is used twice", tc.Name)
		case strings.TrimSpace(tc.Input) == "":
			return p, fail("tests.json", "test case %q has no input", tc.Name)
		}
		names[tc.Name] = true
	}
	return p, nil
}
