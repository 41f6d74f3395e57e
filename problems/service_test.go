package problems

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/interviewprep/interviewprep/internal/testenv"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// TestValidation sends one bad field at a time, over POST and PUT: each is a
// 400 naming that field, and nothing is written.
func TestValidation(t *testing.T) {
	app := newApp(t, false)
	existing := app.create(t, validInput("Existing"))
	big := strings.Repeat("x", MaxTestIO+1)
	cases := []struct {
		name  string
		field string
		edit  func(*Input)
	}{
		{"no title", "title", func(in *Input) { in.Title = "   " }},
		{"long title", "title", func(in *Input) { in.Title = strings.Repeat("é", MaxTitle+1) }},
		{"no difficulty", "difficulty", func(in *Input) { in.Difficulty = "" }},
		{"bad difficulty", "difficulty", func(in *Input) { in.Difficulty = "Easy" }},
		{"too many tags", "tags", func(in *Input) {
			in.Tags = nil
			for i := range MaxTags + 1 {
				in.Tags = append(in.Tags, fmt.Sprint("t", i))
			}
		}},
		{"empty tag", "tags", func(in *Input) { in.Tags = []string{"ok", ""} }},
		{"long tag", "tags", func(in *Input) { in.Tags = []string{strings.Repeat("a", MaxTag+1)} }},
		{"tag with capitals", "tags", func(in *Input) { in.Tags = []string{"Graphs"} }},
		{"tag with space", "tags", func(in *Input) { in.Tags = []string{"dynamic programming"} }},
		{"duplicate tag", "tags", func(in *Input) { in.Tags = []string{"dp", "dp"} }},
		{"no statement", "statement", func(in *Input) { in.Statement = "\n " }},
		{"long statement", "statement", func(in *Input) { in.Statement = strings.Repeat("s", MaxStatement+1) }},
		{"no javascript", "starter.javascript", func(in *Input) { in.Starter.JavaScript = "" }},
		{"no python", "starter.python", func(in *Input) { in.Starter.Python = " " }},
		{"no java", "starter.java", func(in *Input) { in.Starter.Java = "" }},
		{"long java", "starter.java", func(in *Input) { in.Starter.Java = strings.Repeat("j", MaxStarter+1) }},
		{"no tests", "tests", func(in *Input) { in.Tests = nil }},
		{"too many tests", "tests", func(in *Input) {
			in.Tests = nil
			for i := range MaxTests + 1 {
				in.Tests = append(in.Tests, Test{Name: fmt.Sprint("t", i), Input: "1", Expected: "1"})
			}
		}},
		{"test without name", "tests.1.name", func(in *Input) { in.Tests[1].Name = " " }},
		{"test with long name", "tests.0.name", func(in *Input) { in.Tests[0].Name = strings.Repeat("n", MaxTestName+1) }},
		{"duplicate test name", "tests.1.name", func(in *Input) { in.Tests[1].Name = in.Tests[0].Name }},
		{"big input", "tests.0.input", func(in *Input) { in.Tests[0].Input = big }},
		{"big expected", "tests.1.expected", func(in *Input) { in.Tests[1].Expected = big }},
		{"time limit low", "timeLimitMs", func(in *Input) { in.TimeLimitMs = MinTimeLimitMs - 1 }},
		{"time limit high", "timeLimitMs", func(in *Input) { in.TimeLimitMs = MaxTimeLimitMs + 1 }},
		{"time limit missing", "timeLimitMs", func(in *Input) { in.TimeLimitMs = 0 }},
	}
	before := snapshot(t, app.db)
	for _, c := range cases {
		in := validInput("Valid")
		c.edit(&in)
		for _, req := range []struct{ method, path string }{
			{"POST", "/api/problems"},
			{"PUT", "/api/problems/" + existing.ID},
		} {
			status, raw := app.api(t, req.method, req.path, identity.RoleInterviewer, in)
			if status != http.StatusBadRequest {
				t.Errorf("%s: %s = %d %s, want 400", c.name, req.method, status, raw)
				continue
			}
			fields := testenv.ErrorBody(t, raw).Fields
			if _, ok := fields[c.field]; !ok || len(fields) != 1 {
				t.Errorf("%s: %s fields = %v, want exactly %q", c.name, req.method, fields, c.field)
			}
		}
	}
	// Several bad fields are reported together.
	status, raw := app.api(t, "POST", "/api/problems", identity.RoleAdmin, map[string]any{})
	if status != http.StatusBadRequest {
		t.Fatalf("empty problem = %d %s", status, raw)
	}
	fields := testenv.ErrorBody(t, raw).Fields
	for _, f := range []string{"title", "difficulty", "statement", "starter.javascript", "starter.python", "starter.java", "tests", "timeLimitMs"} {
		if fields[f] == "" {
			t.Errorf("empty problem: no error for %q in %v", f, fields)
		}
	}
	// A wrongly typed field is a field error too.
	status, raw = app.api(t, "POST", "/api/problems", identity.RoleAdmin, []byte(`{"timeLimitMs":"fast"}`))
	if status != http.StatusBadRequest || testenv.ErrorBody(t, raw).Fields["timeLimitMs"] == "" {
		t.Errorf("timeLimitMs as a string = %d %s, want 400 on timeLimitMs", status, raw)
	}
	if !sameDocs(before, snapshot(t, app.db)) {
		t.Error("invalid input changed the problems collection")
	}
}

// TestCatalogPassesValidation keeps every built-in problem editable: saving
// one unchanged from the form must not fail validation.
func TestCatalogPassesValidation(t *testing.T) {
	catalog, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range catalog {
		in := catalogInput(c)
		if err := in.normalize().Validate(); err != nil {
			t.Errorf("%s: %v", c.Slug, err)
		}
		if ContentHash(in) != ContentHash(in.normalize()) {
			t.Errorf("%s: normalizing changes the content, so a built-in saved unchanged would count as edited", c.Slug)
		}
	}
}

func TestSeedCatalog(t *testing.T) {
	app := newApp(t, false)
	ctx := testenv.Context(t)
	catalog, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	count := func() int64 {
		n, err := app.db.Collection(Collection).CountDocuments(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	n, err := app.svc.SeedCatalog(ctx)
	if err != nil || n != len(catalog) {
		t.Fatalf("first seed = %d, %v; want %d", n, err, len(catalog))
	}
	if got := count(); got != int64(len(catalog)) {
		t.Fatalf("%d problems after seeding, want %d", got, len(catalog))
	}
	first := snapshot(t, app.db)
	if n, err := app.svc.SeedCatalog(ctx); err != nil || n != 0 {
		t.Fatalf("second seed = %d, %v; want 0", n, err)
	}
	if !sameDocs(first, snapshot(t, app.db)) {
		t.Fatal("a second seed changed the problems")
	}

	// The stored built-in matches the catalog, under its builtin: id.
	c := catalog[0]
	p, err := app.svc.Get(ctx, BuiltInID(c.Slug))
	if err != nil {
		t.Fatal(err)
	}
	if !p.BuiltIn || p.CreatedBy != nil || p.Slug != c.Slug || p.Title != c.Title || p.Statement != c.Statement ||
		p.Starter.Python != c.Starter["python"] || len(p.Tests) != len(c.Tests) || p.Tests[0].Input != c.Tests[0].Input {
		t.Errorf("seeded %s differs from the catalog", c.Slug)
	}

	// An interviewer edits one built-in problem ...
	edited := catalogInput(catalog[1])
	edited.Title = "Our Own Version"
	edited.Tests = edited.Tests[:2]
	if _, err := app.svc.Update(app.as(t, identity.RoleInterviewer), BuiltInID(catalog[1].Slug), edited); err != nil {
		t.Fatal(err)
	}
	// ... and another is stored from an older catalog version, untouched
	// since (its content still hashes to its catalogHash).
	old := catalogInput(catalog[2])
	old.Title = "Old Catalog Title"
	oldHash := ContentHash(old)
	if _, err := app.svc.store.replaceContent(ctx, BuiltInID(catalog[2].Slug), old, app.svc.now(), &oldHash, nil); err != nil {
		t.Fatal(err)
	}
	// The edited one also predates this catalog: it must survive anyway.
	if _, err := app.db.Collection(Collection).UpdateOne(ctx, bson.D{{Key: "_id", Value: BuiltInID(catalog[1].Slug)}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "catalogHash", Value: "from-an-older-catalog"}}}}); err != nil {
		t.Fatal(err)
	}
	// And one went missing (dropped by hand).
	if _, err := app.db.Collection(Collection).DeleteOne(ctx, bson.D{{Key: "_id", Value: BuiltInID(catalog[3].Slug)}}); err != nil {
		t.Fatal(err)
	}

	if n, err := app.svc.SeedCatalog(ctx); err != nil || n != 2 {
		t.Fatalf("re-seed = %d, %v; want 2 (the outdated one updated, the missing one inserted)", n, err)
	}
	if got := count(); got != int64(len(catalog)) {
		t.Errorf("%d problems after re-seeding, want %d", got, len(catalog))
	}
	if p, _ := app.svc.Get(ctx, BuiltInID(catalog[1].Slug)); p.Title != "Our Own Version" || len(p.Tests) != 2 {
		t.Errorf("the edited built-in was overwritten: %q with %d tests", p.Title, len(p.Tests))
	}
	if p, _ := app.svc.Get(ctx, BuiltInID(catalog[2].Slug)); p.Title != catalog[2].Title {
		t.Errorf("the untouched outdated built-in was not updated: %q", p.Title)
	}
	if ok, _ := app.svc.ProblemExists(ctx, BuiltInID(catalog[3].Slug)); !ok {
		t.Error("the missing built-in was not put back")
	}
	if n, err := app.svc.SeedCatalog(ctx); err != nil || n != 0 {
		t.Errorf("third seed = %d, %v; want 0", n, err)
	}
}

func TestSlugs(t *testing.T) {
	for title, want := range map[string]string{
		"Two Sum":                    "two-sum",
		"  LRU -- Cache!! ":          "lru-cache",
		"Graphs: BFS & DFS (part 2)": "graphs-bfs-dfs-part-2",
		"Ünïcode":                    "n-code",
		"日本語":                        "problem",
		strings.Repeat("abc ", 30):   strings.TrimRight(strings.Repeat("abc-", 15), "-"),
	} {
		if got := Slugify(title); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", title, got, want)
		}
	}

	app := newApp(t, true)
	var slugs []string
	for range 3 {
		slugs = append(slugs, app.create(t, validInput("Two Sum")).Slug)
	}
	if !slices.Equal(slugs, []string{"two-sum", "two-sum-2", "two-sum-3"}) {
		t.Errorf("slugs %v, want two-sum, two-sum-2, two-sum-3", slugs)
	}
	// A built-in problem's slug counts as taken.
	if p := app.create(t, validInput("LRU Cache")); p.Slug != "lru-cache-2" {
		t.Errorf("slug next to the built-in lru-cache = %q", p.Slug)
	}

	// Concurrent creates with one title all get different slugs.
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string]bool{}
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			p, err := app.svc.Create(app.as(t, identity.RoleAdmin), validInput("Race"))
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			got[p.Slug] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent create: %v", err)
	}
	if len(got) != 6 {
		t.Errorf("6 concurrent creates got %d distinct slugs: %v", len(got), got)
	}
}

func TestList(t *testing.T) {
	app := newApp(t, true)
	hard := validInput("Zebra Paths")
	hard.Difficulty, hard.Tags = "hard", []string{"graphs", "dp"}
	app.create(t, hard)
	easy := validInput("apple picking")
	easy.Tags = []string{"greedy"}
	app.create(t, easy)

	list := func(query string) []Summary {
		t.Helper()
		status, raw := app.api(t, "GET", "/api/problems"+query, identity.RoleInterviewer, nil)
		if status != http.StatusOK {
			t.Fatalf("list %s = %d %s", query, status, raw)
		}
		var body struct {
			Problems []Summary `json:"problems"`
		}
		testenv.DecodeJSON(t, raw, &body)
		return body.Problems
	}
	slugs := func(ps []Summary) []string {
		out := []string{}
		for _, p := range ps {
			out = append(out, p.Slug)
		}
		return out
	}

	all := list("")
	catalog, _ := Catalog()
	if len(all) != len(catalog)+2 {
		t.Fatalf("list has %d problems, want %d", len(all), len(catalog)+2)
	}
	// Sorted by difficulty, then title (ignoring case).
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		da, db := slices.Index(Difficulties, a.Difficulty), slices.Index(Difficulties, b.Difficulty)
		if da > db || da == db && strings.ToLower(a.Title) > strings.ToLower(b.Title) {
			t.Errorf("out of order: %q (%s) before %q (%s)", a.Title, a.Difficulty, b.Title, b.Difficulty)
		}
	}
	if all[0].Slug != "apple-picking" || all[len(all)-1].Slug != "zebra-paths" {
		t.Errorf("first %q, last %q", all[0].Slug, all[len(all)-1].Slug)
	}
	// List items leave out the heavy fields.
	status, raw := app.api(t, "GET", "/api/problems", identity.RoleAdmin, nil)
	var rawList struct {
		Problems []map[string]any `json:"problems"`
	}
	testenv.DecodeJSON(t, raw, &rawList)
	if status != http.StatusOK || len(rawList.Problems) == 0 {
		t.Fatalf("list = %d", status)
	}
	for k := range rawList.Problems[0] {
		if !slices.Contains([]string{"id", "slug", "title", "difficulty", "tags", "builtIn", "updatedAt"}, k) {
			t.Errorf("list item carries %q", k)
		}
	}

	for _, p := range list("?difficulty=hard") {
		if p.Difficulty != "hard" {
			t.Errorf("difficulty=hard returned %s (%s)", p.Slug, p.Difficulty)
		}
	}
	if got := slugs(list("?tag=greedy")); !slices.Contains(got, "apple-picking") || slices.Contains(got, "zebra-paths") {
		t.Errorf("tag=greedy: %v", got)
	}
	if got := slugs(list("?q=ZEBRA")); !slices.Equal(got, []string{"zebra-paths"}) {
		t.Errorf("q=ZEBRA: %v", got)
	}
	if got := slugs(list("?q=graphs&difficulty=hard")); !slices.Contains(got, "zebra-paths") {
		t.Errorf("q matches tags: %v", got)
	}
	if got := list("?q=zebra&difficulty=easy"); len(got) != 0 {
		t.Errorf("q=zebra&difficulty=easy: %v", slugs(got))
	}
	if got := slugs(list("?tag=graphs&difficulty=hard&q=zeb")); !slices.Equal(got, []string{"zebra-paths"}) {
		t.Errorf("all three filters: %v", got)
	}
	if got := list("?q=no-such-thing-anywhere"); len(got) != 0 {
		t.Errorf("no match: %v", slugs(got))
	}
	status, raw = app.api(t, "GET", "/api/problems?difficulty=extreme", identity.RoleInterviewer, nil)
	if status != http.StatusBadRequest || testenv.ErrorBody(t, raw).Fields["difficulty"] == "" {
		t.Errorf("difficulty=extreme = %d %s, want 400 on difficulty", status, raw)
	}
}

// TestCrossDomainAPI: Get and ProblemExists answer without a principal.
func TestCrossDomainAPI(t *testing.T) {
	app := newApp(t, true)
	ctx := context.Background()
	if ok, err := app.svc.ProblemExists(ctx, BuiltInID("lru-cache")); err != nil || !ok {
		t.Errorf("ProblemExists(built-in) = %v, %v", ok, err)
	}
	if ok, err := app.svc.ProblemExists(ctx, "missing"); err != nil || ok {
		t.Errorf("ProblemExists(missing) = %v, %v", ok, err)
	}
	p, err := app.svc.Get(ctx, BuiltInID("lru-cache"))
	if err != nil || p.Starter.Java == "" || p.Statement == "" {
		t.Errorf("Get(built-in) = %v", err)
	}
	if _, err := app.svc.Get(ctx, "missing"); !errors.Is(err, ErrNotFound) || httpx.Status(err) != http.StatusNotFound {
		t.Errorf("Get(missing) = %v, want ErrNotFound (404)", err)
	}
	// The acting methods refuse a context without a principal.
	if _, err := app.svc.List(ctx, ListQuery{}); httpx.Status(err) != http.StatusUnauthorized {
		t.Errorf("List without a principal = %v, want 401", err)
	}
	if _, err := app.svc.Create(ctx, validInput("x")); httpx.Status(err) != http.StatusUnauthorized {
		t.Errorf("Create without a principal = %v, want 401", err)
	}
}

// TestSummariesFollowWritesAndHeal: the list reads problem_summaries; every
// write keeps it in step, and SeedCatalog repairs what a crash left behind.
func TestSummariesFollowWritesAndHeal(t *testing.T) {
	app := newApp(t, true)
	ctx := testenv.Context(t)
	titles := func() []string {
		t.Helper()
		list, err := app.svc.List(app.as(t, identity.RoleAdmin), ListQuery{Q: "summary"})
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, p := range list {
			out = append(out, p.Title)
		}
		return out
	}
	a := app.create(t, validInput("Summary A"))
	b := app.create(t, validInput("Summary B"))
	in := validInput("Summary A2")
	in.Difficulty = "hard"
	if _, err := app.svc.Update(app.as(t, identity.RoleInterviewer), a.ID, in); err != nil {
		t.Fatal(err)
	}
	if err := app.svc.Delete(app.as(t, identity.RoleInterviewer), b.ID); err != nil {
		t.Fatal(err)
	}
	if got := titles(); !slices.Equal(got, []string{"Summary A2"}) {
		t.Fatalf("list after update and delete: %v", got)
	}

	// A crash lost one summary and left another behind.
	sums := app.db.Collection(SummariesCollection)
	if _, err := sums.DeleteOne(ctx, bson.D{{Key: "_id", Value: a.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := sums.InsertOne(ctx, Summary{ID: "ghost", Slug: "ghost", Title: "Summary Ghost", Difficulty: "easy", Tags: []string{}}); err != nil {
		t.Fatal(err)
	}
	if got := titles(); !slices.Equal(got, []string{"Summary Ghost"}) {
		t.Fatalf("list with broken summaries: %v", got)
	}
	if _, err := app.svc.SeedCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if got := titles(); !slices.Equal(got, []string{"Summary A2"}) {
		t.Errorf("list after SeedCatalog repaired the summaries: %v", got)
	}
}
