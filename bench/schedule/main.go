// Command schedule is the dashboard benchmark of issue 4: it seeds users and
// interviews on a fresh embedded FerretDB (in a temporary directory) and
// measures GET /api/dashboard (candidate, interviewer, admin) and the admin
// interview list under concurrent clients.
//
//	go run ./bench/schedule -interviews 10000 -users 1000 -clients 20 -duration 20s
//
// -duration is the total measuring time, split evenly over the four
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
	"slices"
	"sync"
	"time"

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
	flag.Parse()
	if err := run(*nInterviews, *nUsers, *clients, *duration); err != nil {
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

func run(nInterviews, nUsers, clients int, duration time.Duration) error {
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
	defer db.Close(ctx)
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

	t0 = time.Now()
	svc, err := schedule.New(ctx, schedule.Config{DB: db.DB, Users: idsvc, Logger: quiet})
	if err != nil {
		return err
	}
	fmt.Printf("schedule.New (loads the read model) took %s\n", time.Since(t0).Round(time.Millisecond))

	principals := map[string]*identity.Principal{}
	for _, ps := range byRole {
		for _, p := range ps {
			principals[p.ID] = p
		}
	}
	mux := http.NewServeMux()
	schedule.NewHandler(svc).Register(mux)
	// Benchmark only: the principal comes from a header.
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := principals[r.Header.Get("X-Bench-User")]; ok {
			r = r.WithContext(identity.WithPrincipal(r.Context(), p))
		}
		mux.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(httpx.Observe(quiet, h))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 30 * time.Second}

	scenarios := []struct {
		name  string
		path  string
		users []*identity.Principal
	}{
		{"dashboard candidate", "/api/dashboard", byRole[identity.RoleCandidate]},
		{"dashboard interviewer", "/api/dashboard", byRole[identity.RoleInterviewer]},
		{"dashboard admin", "/api/dashboard", byRole[identity.RoleAdmin]},
		{"admin list (page 1..5, 20/page)", "/api/interviews?page=%d", byRole[identity.RoleAdmin]},
	}
	per := duration / time.Duration(len(scenarios))
	fmt.Printf("\n%d clients, %s per scenario\n", clients, per)
	fmt.Printf("%-34s %9s %9s %9s %9s %8s\n", "scenario", "requests", "req/s", "p50", "p99", "errors")
	for _, sc := range scenarios {
		// Warm up (fills the user cache as a running server has it).
		for _, p := range sc.users[:min(len(sc.users), 50)] {
			_, _ = get(client, srv.URL+fmt.Sprintf(sc.path, 1), p.ID)
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
		slices.Sort(lat)
		fmt.Printf("%-34s %9d %9.0f %9s %9s %8d\n", sc.name, len(lat), float64(len(lat))/elapsed.Seconds(),
			pct(lat, 50), pct(lat, 99), errs)
	}
	return nil
}

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
