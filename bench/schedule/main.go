// Command schedule is the dashboard benchmark of issue 4: it seeds users and
// interviews on a fresh embedded FerretDB (in a temporary directory) and
// measures GET /api/dashboard (candidate, interviewer, admin) and the admin
// interview list (all, and completed only) under concurrent clients.
//
//	go run ./bench/schedule -interviews 10000 -users 1000 -clients 20 -duration 20s
//
// Before that it reports the start-up (issue 15) of a node on the seeded
// database, from opening it to the first interview by id, candidate's
// dashboard, admin's dashboard and admin list page answered: a first start
// (no snapshot: lists wait for the whole read model), a restart on the
// snapshot it left (current: served at once), and a restart on a snapshot
// another node wrote past (provisional while the model loads); the load
// time, the live heap the read model adds and the snapshot's size. The
// scenarios then run on the last node. -cpuprofile writes CPU profiles of
// the first start and of each scenario.
//
// -duration is the total measuring time, split evenly over the five
// scenarios. Sessions are not checked: a benchmark-only middleware sets the
// principal from the X-Bench-User header (so 1,000 users need no Kratos).
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/schedule"
)

func main() {
	nInterviews := flag.Int("interviews", 10000, "interviews to seed")
	nUsers := flag.Int("users", 1000, "users to seed (2% admins, 8% interviewers, the rest candidates)")
	clients := flag.Int("clients", 20, "concurrent clients")
	duration := flag.Duration("duration", 20*time.Second, "total measuring time, split over the scenarios")
	profile := flag.String("cpuprofile", "", "write CPU profiles to <prefix>-start.pprof (schedule.New to the first dashboard) and <prefix>-<n>.pprof (scenario n)")
	flag.Parse()
	if err := run(*nInterviews, *nUsers, *clients, *duration, *profile); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func uuid() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func run(nInterviews, nUsers, clients int, duration time.Duration, profile string) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "bench-schedule-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	quiet := slog.New(slog.DiscardHandler)
	db, err := database.Open(ctx, database.Options{Name: "bench", Dir: filepath.Join(dir, "db")}, quiet)
	if err != nil {
		return err
	}
	// Closed once seeded: every node below opens it again.
	if err := database.Migrate(ctx, db.DB, append(identity.Indexes(), schedule.Indexes()...)); err != nil {
		return err
	}
	fmt.Printf("database: %s\n", db.Description)
	// What internal/app does on the embedded database: exact-_id lookups use
	// an index (docs/architecture.md §3).
	if err := db.EnsureIDIndexes(ctx, append(schedule.Collections(), identity.UsersCollection)...); err != nil {
		return err
	}

	// Users, through identity (as the registration hook creates them).
	idsvc, err := identity.NewService(identity.Config{DB: db.DB, KratosPublicURL: "http://127.0.0.1:1", KratosAdminURL: "http://127.0.0.1:1", Logger: quiet})
	if err != nil {
		return err
	}
	t0 := time.Now()
	byRole := map[identity.Role][]*identity.Principal{}
	nAdmins := max(1, nUsers*2/100)
	nInterviewers := max(1, nUsers*8/100)
	for i := range nUsers {
		role := identity.RoleCandidate
		switch {
		case i < nAdmins:
			role = identity.RoleAdmin
		case i < nAdmins+nInterviewers:
			role = identity.RoleInterviewer
		}
		email := fmt.Sprintf("user%04d@bench.test", i)
		u, err := idsvc.EnsureUser(ctx, identity.Identity{ID: uuid(), Traits: identity.Traits{Email: email, Name: fmt.Sprintf("User %04d", i)}})
		if err != nil {
			return err
		}
		if role != identity.RoleCandidate {
			if u, err = idsvc.SetRoleByEmail(ctx, email, role); err != nil {
				return err
			}
		}
		byRole[role] = append(byRole[role], &identity.Principal{User: u})
	}
	fmt.Printf("seeded %d users (%d admins, %d interviewers, %d candidates) in %s\n", nUsers,
		len(byRole[identity.RoleAdmin]), len(byRole[identity.RoleInterviewer]), len(byRole[identity.RoleCandidate]), time.Since(t0).Round(time.Millisecond))

	// Interviews, written straight into the collection in batches (going
	// through Create would measure validation and notifications, not views).
	t0 = time.Now()
	now := time.Now().UTC()
	staff := append(slices.Clone(byRole[identity.RoleInterviewer]), byRole[identity.RoleAdmin]...)
	cands := byRole[identity.RoleCandidate]
	batch := make([]any, 0, 500)
	coll := db.DB.Collection(schedule.InterviewsCollection)
	for i := range nInterviews {
		iv1 := staff[mrand.IntN(len(staff))]
		ivs := []string{iv1.ID}
		if mrand.IntN(3) == 0 {
			if iv2 := staff[mrand.IntN(len(staff))]; iv2.ID != iv1.ID {
				ivs = append(ivs, iv2.ID)
			}
		}
		start := now.Add(time.Duration(mrand.Int64N(int64(360*24*time.Hour))) - 300*24*time.Hour).Truncate(time.Minute)
		if i%100 == 0 {
			start = now.Add(-time.Duration(mrand.IntN(30)) * time.Minute).Truncate(time.Second) // live now
		}
		id := fmt.Sprintf("%024x", i+1)
		iv := schedule.Interview{
			ID: id, Title: fmt.Sprintf("Interview %d", i), Description: "Seeded by bench/schedule.",
			CandidateID: cands[mrand.IntN(len(cands))].ID, InterviewerIDs: ivs, OwnerID: iv1.ID,
			StartsAt: start, DurationMinutes: 60, ScheduledAt: start.Add(-72 * time.Hour),
			Docs:      &schedule.Docs{Code: "automerge:c" + id, Problem: "automerge:p" + id, Notes: "automerge:n" + id},
			CreatedAt: start.Add(-72 * time.Hour), UpdatedAt: start.Add(-72 * time.Hour),
		}
		if mrand.IntN(20) == 0 {
			c := start.Add(-time.Hour)
			iv.CancelledAt = &c
		} else if start.Before(now.Add(-time.Hour)) && mrand.IntN(2) == 0 {
			iv.Outcome = schedule.OutcomeSucceeded
		}
		batch = append(batch, iv)
		if len(batch) == cap(batch) || i == nInterviews-1 {
			if _, err := coll.InsertMany(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	fmt.Printf("seeded %d interviews in %s\n", nInterviews, time.Since(t0).Round(time.Millisecond))

	principals := map[string]*identity.Principal{}
	for _, ps := range byRole {
		for _, p := range ps {
			principals[p.ID] = p
		}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 30 * time.Second}

	// Start-up (issue 15): a node started on this database (opened again,
	// as a process starting does) three times: with no snapshot (its first
	// start: lists wait for the whole load), restarting on the snapshot the
	// first one left (current: no load), and on a snapshot another node
	// wrote past (provisional while the load runs). Each times, from the
	// database's Open, the first interview by id, a candidate's dashboard,
	// an admin's dashboard and the admin list's first page answered.
	// What the store itself answers (the alternative to a read model while
	// it loads): a candidate's interviews and the admin list's first page.
	for _, q := range []struct {
		what   string
		filter bson.D
		opts   *options.FindOptionsBuilder
	}{
		{"a candidate's interviews (find by candidateId)", bson.D{{Key: "candidateId", Value: cands[0].ID}}, options.Find()},
		{"the admin list's page 1 (find sorted by startsAt, limit 20)", bson.D{}, options.Find().SetSort(bson.D{{Key: "startsAt", Value: -1}}).SetLimit(20)},
	} {
		t := time.Now()
		cur, err := coll.Find(ctx, q.filter, q.opts)
		if err != nil {
			return err
		}
		var got []bson.Raw
		if err := cur.All(ctx, &got); err != nil {
			return err
		}
		fmt.Printf("store: %s: %d in %s\n", q.what, len(got), time.Since(t).Round(time.Millisecond))
	}
	if err := db.Close(ctx); err != nil {
		return err
	}
	snapPath := filepath.Join(dir, "db", "schedule-model.snapshot")
	byRoleFirst := func(r identity.Role) string { return byRole[r][0].ID }
	nd := &nodes{dir: dir, principals: principals, client: client}
	stop, err := startProfile(profile, "start")
	if err != nil {
		return err
	}
	before := liveHeap()
	first, err := nd.start(ctx, snapPath, false, "first start, no snapshot")
	if err != nil {
		return err
	}
	if err := first.firstAnswers(byRoleFirst(identity.RoleCandidate), byRoleFirst(identity.RoleAdmin)); err != nil {
		return err
	}
	stop()
	loaded := time.Since(first.t0)
	for first.svc.ModelState() != schedule.ModelLoaded {
		time.Sleep(10 * time.Millisecond)
	}
	fi, err := savedSince(snapPath, first.t0)
	if err != nil {
		return err
	}
	fmt.Printf("snapshot: %.1f MB, saved %s after Open\n", mb(fi.Size()), fi.ModTime().Sub(first.t0).Round(time.Millisecond))
	after := liveHeap() // once the snapshot is saved: its buffers are gone
	fmt.Printf("read model: loaded %s after Open; live heap %.1f MB more after loading it (%.1f MB -> %.1f MB)\n",
		loaded.Round(time.Millisecond), mb(after-before), mb(before), mb(after))
	runtime.KeepAlive(first.svc)
	if err := first.close(ctx); err != nil {
		return err
	}

	second, err := nd.start(ctx, snapPath, false, "restart, current snapshot")
	if err != nil {
		return err
	}
	if err := second.firstAnswers(byRoleFirst(identity.RoleCandidate), byRoleFirst(identity.RoleAdmin)); err != nil {
		return err
	}
	fmt.Printf("  model %s\n", second.svc.ModelState())
	// Another node wrote since its Close saved the snapshot (the write
	// mark moved): the next start's snapshot is provisional.
	second.svc.Close()
	if _, err := second.db.DB.Collection(schedule.CountersCollection).UpdateOne(ctx, bson.D{{Key: "_id", Value: "interviews:writes"}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}); err != nil {
		return err
	}
	second.srv.Close()
	if err := second.db.Close(ctx); err != nil {
		return err
	}
	third, err := nd.start(ctx, snapPath, false, "restart, snapshot behind the store")
	if err != nil {
		return err
	}
	if err := third.firstAnswers(byRoleFirst(identity.RoleCandidate), byRoleFirst(identity.RoleAdmin)); err != nil {
		return err
	}
	fmt.Printf("  model %s; ", third.svc.ModelState())
	for third.svc.ModelState() != schedule.ModelLoaded {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Printf("loaded %s after Open\n", time.Since(third.t0).Round(time.Millisecond))
	// The load saves the next snapshot: the scenarios start after that.
	if _, err := savedSince(snapPath, third.t0); err != nil {
		return err
	}
	fmt.Printf("live heap before the scenarios: %.1f MB\n", mb(liveHeap()))
	srv := third.srv

	scenarios := []struct {
		name  string
		path  string
		users []*identity.Principal
	}{
		{"dashboard candidate", "/api/dashboard", byRole[identity.RoleCandidate]},
		{"dashboard interviewer", "/api/dashboard", byRole[identity.RoleInterviewer]},
		{"dashboard admin", "/api/dashboard", byRole[identity.RoleAdmin]},
		{"admin list (page 1..5, 20/page)", "/api/interviews?page=%d", byRole[identity.RoleAdmin]},
		{"admin list completed (page 1..5)", "/api/interviews?status=completed&page=%d", byRole[identity.RoleAdmin]},
	}
	per := duration / time.Duration(len(scenarios))
	fmt.Printf("\n%d clients, %s per scenario\n", clients, per)
	fmt.Printf("%-34s %9s %9s %9s %9s %8s\n", "scenario", "requests", "req/s", "p50", "p99", "errors")
	for n, sc := range scenarios {
		// Warm up (fills the user cache as a running server has it).
		for _, p := range sc.users[:min(len(sc.users), 50)] {
			_, _ = get(client, srv.URL+fmt.Sprintf(sc.path, 1), p.ID)
		}
		stop, err := startProfile(profile, strconv.Itoa(n+1))
		if err != nil {
			return err
		}
		var mu sync.Mutex
		var lat []time.Duration
		errs := 0
		deadline := time.Now().Add(per)
		start := time.Now()
		var wg sync.WaitGroup
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				bad := 0
				for time.Now().Before(deadline) {
					p := sc.users[mrand.IntN(len(sc.users))]
					path := sc.path
					if path != "/api/dashboard" {
						path = fmt.Sprintf(path, 1+mrand.IntN(5))
					}
					t := time.Now()
					status, err := get(client, srv.URL+path, p.ID)
					mine = append(mine, time.Since(t))
					if err != nil || status != http.StatusOK {
						bad++
					}
				}
				mu.Lock()
				lat = append(lat, mine...)
				errs += bad
				mu.Unlock()
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		stop()
		slices.Sort(lat)
		fmt.Printf("%-34s %9d %9.0f %9s %9s %8d\n", sc.name, len(lat), float64(len(lat))/elapsed.Seconds(),
			pct(lat, 50), pct(lat, 99), errs)
	}
	if err := third.close(ctx); err != nil {
		return err
	}
	return storeSnapshotStarts(ctx, nd, byRoleFirst(identity.RoleCandidate), byRoleFirst(identity.RoleAdmin))
}

// storeSnapshotStarts times nodes that keep the snapshot in the database,
// as nodes on an external MongoDB do (they share no disk): the first start
// with none there (it loads, then saves it in parts), and a node starting
// on the one it saved.
func storeSnapshotStarts(ctx context.Context, nd *nodes, candidate, admin string) error {
	first, err := nd.start(ctx, "", true, "first start, snapshot kept in the database, none there yet")
	if err != nil {
		return err
	}
	if err := first.firstAnswers(candidate, admin); err != nil {
		return err
	}
	var head struct {
		At    time.Time `bson:"at"`
		Size  int64     `bson:"size"`
		Parts int       `bson:"parts"`
	}
	heads := first.db.DB.Collection(schedule.SnapshotCollection)
	for {
		err := heads.FindOne(ctx, bson.D{{Key: "_id", Value: "head"}}).Decode(&head)
		if err == nil && head.At.After(first.t0) {
			break
		}
		if time.Since(first.t0) > 5*time.Minute {
			return fmt.Errorf("no snapshot saved in the database: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Printf("snapshot in the database: %.1f MB in %d parts, saved %s after Open\n", mb(head.Size), head.Parts,
		head.At.Sub(first.t0).Round(time.Millisecond))
	if err := first.close(ctx); err != nil {
		return err
	}
	next, err := nd.start(ctx, "", true, "another node starts, snapshot in the database")
	if err != nil {
		return err
	}
	defer next.close(ctx)
	if err := next.firstAnswers(candidate, admin); err != nil {
		return err
	}
	fmt.Printf("  model %s\n", next.svc.ModelState())
	return nil
}

// nodes starts schedule nodes on the benchmark's database.
type nodes struct {
	dir        string
	principals map[string]*identity.Principal
	client     *http.Client
}

// node is one started node: its database connection, service and server.
type node struct {
	name   string
	t0     time.Time // before the database was opened
	db     *database.DB
	svc    *schedule.Service
	srv    *httptest.Server
	client *http.Client
}

// start opens the database and starts schedule on it, as internal/app
// does on the embedded database.
func (n *nodes) start(ctx context.Context, snapshot string, inStore bool, name string) (*node, error) {
	quiet := slog.New(slog.DiscardHandler)
	t0 := time.Now()
	db, err := database.Open(ctx, database.Options{Name: "bench", Dir: filepath.Join(n.dir, "db")}, quiet)
	if err != nil {
		return nil, err
	}
	if err := db.EnsureIDIndexes(ctx, append(schedule.Collections(), identity.UsersCollection)...); err != nil {
		return nil, err
	}
	idsvc, err := identity.NewService(identity.Config{DB: db.DB, KratosPublicURL: "http://127.0.0.1:1", KratosAdminURL: "http://127.0.0.1:1", Logger: quiet})
	if err != nil {
		return nil, err
	}
	svc, err := schedule.New(ctx, schedule.Config{DB: db.DB, Users: idsvc, SnapshotPath: snapshot, SnapshotInStore: inStore, Logger: quiet})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	schedule.NewHandler(svc).Register(mux)
	// Benchmark only: the principal comes from a header.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := n.principals[r.Header.Get("X-Bench-User")]; ok {
			r = r.WithContext(identity.WithPrincipal(r.Context(), p))
		}
		mux.ServeHTTP(w, r)
	})
	fmt.Printf("\n%s: schedule.New returned %s after Open\n", name, time.Since(t0).Round(time.Millisecond))
	return &node{name: name, t0: t0, db: db, svc: svc, srv: httptest.NewServer(httpx.Observe(quiet, h)), client: n.client}, nil
}

// firstAnswers prints when the node first answered an interview by id, a
// candidate's and an admin's dashboard, and the admin list's first page,
// asked one after the other as soon as the previous answered.
func (n *node) firstAnswers(candidate, admin string) error {
	for _, q := range []struct{ what, path, user string }{
		{"interview by id", "/api/interviews/" + fmt.Sprintf("%024x", 1), admin},
		{"candidate's dashboard", "/api/dashboard", candidate},
		{"admin's dashboard", "/api/dashboard", admin},
		{"admin list, page 1", "/api/interviews?page=1", admin},
	} {
		took, err := firstOK(n.client, n.srv.URL+q.path, q.user, n.t0)
		if err != nil {
			return err
		}
		fmt.Printf("  first %-22s %9s after Open\n", q.what, took.Round(time.Millisecond))
	}
	return nil
}

func (n *node) close(ctx context.Context) error {
	n.srv.Close()
	n.svc.Close()
	return n.db.Close(ctx)
}

// savedSince waits until the snapshot at path was written after t0.
func savedSince(path string, t0 time.Time) (os.FileInfo, error) {
	for {
		if fi, err := os.Stat(path); err == nil && fi.ModTime().After(t0) {
			return fi, nil
		}
		if time.Since(t0) > 5*time.Minute {
			return nil, fmt.Errorf("no snapshot at %s", path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// firstOK asks url as user until it answers 200 and returns how long after
// t0 that was.
func firstOK(c *http.Client, url, user string, t0 time.Time) (time.Duration, error) {
	for {
		status, err := get(c, url, user)
		if err == nil && status == http.StatusOK {
			return time.Since(t0), nil
		}
		if time.Since(t0) > 5*time.Minute {
			return 0, fmt.Errorf("GET %s: no answer 5 minutes after schedule.New (status %d, %v)", url, status, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startProfile starts a CPU profile into <prefix>-<name>.pprof; stop ends
// it. No prefix, no profile.
func startProfile(prefix, name string) (stop func(), err error) {
	if prefix == "" {
		return func() {}, nil
	}
	f, err := os.Create(prefix + "-" + name + ".pprof")
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// liveHeap is the heap in use after a full collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func get(c *http.Client, url, user string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("X-Bench-User", user)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

func pct(sorted []time.Duration, p float64) string {
	if len(sorted) == 0 {
		return "-"
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, i)].Round(10 * time.Microsecond).String()
}
