// Command capacity is the capacity benchmark of issue 15: how many
// interviews at once one app node, and two, hold with edit-to-peer p99 under
// 100 ms, and what an active interview costs in CPU and memory.
//
//	go run ./bench/capacity -nodes 1,2 -ks 5,10,20,40,80 -duration 45s
//	make bench-capacity   (NODES, KS, DURATION, SAMPLE_ROOMS)
//
// For each node count and each K (upward, until p99 passes the limit, a
// room diverges or a client fails; then once between the last K that held
// and the first that did not) it starts `interviewprep dev --nodes=N` on a
// fresh temporary data directory and free ports, and:
//   - creates 3·K users (Kratos identities imported through the admin API,
//     sessions through the API login flow, interviewers given the role by
//     the demo admin) and K instant interviews (candidate + 2 interviewers);
//   - opens a dashboard per user (GET /api/dashboard, GET /api/events held
//     open, the dashboard again on every invalidate);
//   - connects 3 collaboration clients per interview: the candidate on node
//     1, the interviewers on node 2 when there are two (so every
//     candidate↔interviewer edit crosses nodes); each opens code and
//     problem (interviewers also notes) and types into code a keystroke
//     every 150–300 ms (interviewers a quarter of theirs into notes), with
//     a cursor message after each, as the editor does;
//   - in L sample rooms (-sample-rooms) the clients are the official
//     automerge-repo client (official.mjs, Node): only they measure
//     edit-to-peer latency. The other rooms are light Go clients
//     (automerge-go, load.go), for load only;
//   - types for -duration, measuring over it the app's CPU (utime+stime of
//     the node processes from /proc: node 1 is dev itself and holds the
//     embedded FerretDB; the stack — Kratos, Redis, LiveKit, inbox — is
//     reported apart), its RSS (before the rooms connect and at the end,
//     peak), the load generators' CPU, the whole machine's CPU and load;
//   - then checks that every room converged: every client holds the same
//     heads and every character typed (official rooms in official.mjs, Go
//     rooms here), and counts the warnings and errors the nodes logged.
//
// The table at the end is per K; -json writes every figure.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/interviewprep/interviewprep/collab"
)

type options struct {
	bin, binDir, dir string
	duration, drain  time.Duration
	sampleRooms      int
	typing           typing
	limit            time.Duration
	debounce         int
	refine, all      bool
	samplesOut       string
}

func main() {
	var o options
	nodesFlag := flag.String("nodes", "1,2", "node counts to measure, comma-separated")
	ksFlag := flag.String("ks", "5,10,20,40,80,160", "interview counts to try, upward; the search stops at the first that fails")
	flag.StringVar(&o.bin, "bin", "bin/interviewprep", "the interviewprep binary (make build)")
	flag.StringVar(&o.binDir, "bin-dir", "bin", "directory holding kratos, livekit-server and mailpit")
	flag.DurationVar(&o.duration, "duration", 45*time.Second, "typing time per K")
	flag.DurationVar(&o.drain, "drain", 20*time.Second, "longest wait for every room to converge after typing")
	flag.IntVar(&o.sampleRooms, "sample-rooms", 2, "interviews whose people are official automerge-repo clients (the latency sample)")
	flag.DurationVar(&o.typing.minGap, "gap-min", 150*time.Millisecond, "shortest time between one person's keystrokes")
	flag.DurationVar(&o.typing.maxGap, "gap-max", 300*time.Millisecond, "longest time between one person's keystrokes")
	flag.Float64Var(&o.typing.notesShare, "notes-share", 0.25, "share of an interviewer's keystrokes that go to the notes")
	flag.DurationVar(&o.limit, "p99", 100*time.Millisecond, "edit-to-peer p99 a K must stay under")
	flag.IntVar(&o.debounce, "sync-debounce", 16, "automerge-repo's syncDebounceRate in the official clients, ms (the web build's)")
	flag.BoolVar(&o.refine, "refine", true, "after the first K that fails, try once between it and the last that held")
	flag.BoolVar(&o.all, "all", false, "run every K of -ks, also past the first that fails (the whole curve)")
	flag.StringVar(&o.samplesOut, "samples", "", "append every latency sample to this file (CSV: nodes,k,ms,from_node,to_node,doc,at_ms)")
	jsonOut := flag.String("json", "", "write every step's figures to this file")
	reportFrom := flag.String("report", "", "print the table of earlier runs' -json files (comma-separated) instead of running")
	flag.Parse()
	if *reportFrom != "" {
		var all []result
		for _, f := range strings.Split(*reportFrom, ",") {
			b, err := os.ReadFile(f)
			if err != nil {
				fatal(err)
			}
			var rs []result
			if err := json.Unmarshal(b, &rs); err != nil {
				fatal(fmt.Errorf("%s: %w", f, err))
			}
			all = append(all, rs...)
		}
		slices.SortStableFunc(all, func(a, b result) int { return a.Nodes*1_000_000 + a.K - (b.Nodes*1_000_000 + b.K) })
		printTable(os.Stdout, all, o.limit)
		return
	}

	here, err := benchDir()
	if err != nil {
		fatal(err)
	}
	o.dir = here
	for _, p := range []*string{&o.bin, &o.binDir} {
		if *p, err = filepath.Abs(*p); err != nil {
			fatal(err)
		}
	}
	nodes, err := ints(*nodesFlag)
	if err != nil {
		fatal(err)
	}
	ks, err := ints(*ksFlag)
	if err != nil {
		fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Printf("capacity: %d cores, load average %.2f at start; typing %v–%v per keystroke, %v per K, %d official sample rooms\n",
		runtime.NumCPU(), loadAvg(), o.typing.minGap, o.typing.maxGap, o.duration, o.sampleRooms)
	var all []result
	for _, n := range nodes {
		all = append(all, search(ctx, o, n, ks)...)
		if ctx.Err() != nil {
			break
		}
	}
	fmt.Println()
	printTable(os.Stdout, all, o.limit)
	if *jsonOut != "" {
		b, _ := json.MarshalIndent(all, "", "  ")
		if err := os.WriteFile(*jsonOut, b, 0o644); err != nil {
			fatal(err)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "capacity:", err)
	os.Exit(1)
}

// benchDir finds bench/capacity (official.mjs) from the working directory:
// the repository root (make, go run ./bench/capacity) or the folder itself.
func benchDir() (string, error) {
	for _, d := range []string{"bench/capacity", "."} {
		if _, err := os.Stat(filepath.Join(d, "official.mjs")); err == nil {
			return filepath.Abs(d)
		}
	}
	return "", errors.New("run from the repository root or bench/capacity (official.mjs not found)")
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a list of positive numbers", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// search runs the Ks upward on n nodes until one fails, then once between.
func search(ctx context.Context, o options, n int, ks []int) []result {
	var out []result
	lastOK := 0
	for _, k := range ks {
		r := step(ctx, o, n, k)
		out = append(out, r)
		if ctx.Err() != nil {
			return out
		}
		if r.ok(o.limit) {
			lastOK = k
			continue
		}
		if o.all && r.Err == "" {
			continue
		}
		if mid := (lastOK + k) / 2; o.refine && lastOK > 0 && mid > lastOK && mid < k {
			out = append(out, step(ctx, o, n, mid))
		}
		break
	}
	return out
}

// result is one K on one node count.
type result struct {
	Nodes, K, SampleRooms                 int
	Samples                               int
	P50, P99, Max                         float64 // ms, every sample
	CrossP50, CrossP99                    float64 // ms, sender and receiver on different nodes
	NotesP99                              float64 // ms, the notes document
	Keystrokes                            int
	Seconds                               float64 // typing window
	AppCPU                                float64 // CPU seconds of the node processes over the window
	NodeCPU                               map[string]float64
	StackCPU                              float64 // Kratos, Redis, LiveKit, inbox
	RSSBefore, RSSConnected, RSSPeak      float64 // MB, node processes summed
	NodeRSSPeak                           map[string]float64
	LoadGenCPU, OfficialCPU               float64 // CPU seconds: this process (Go clients, dashboards), Node
	MachineBusy, OthersBusy               float64 // cores busy on average: everything, and what is not ours
	AppRunqWait                           float64 // seconds per second the nodes' threads waited for a CPU while runnable
	CPUPressure                           float64 // share of the time some task on the machine waited for a CPU (PSI)
	LoadAvgStart, LoadAvgEnd              float64
	GoLateP99, NodeLateP99, NodeLoopP99   float64 // ms: how late keystrokes left the load generators
	Dashboards, DashFetches, DashEvents   int64
	DashErrors                            int64
	ClientErrors, Divergence, LogProblems []string
	StoreProblems                         []string // the store holds other than the clients
	Timeline                              []tick   // every second of the typing
	Err                                   string
}

func (r result) ok(limit time.Duration) bool {
	return r.Err == "" && len(r.ClientErrors) == 0 && len(r.Divergence) == 0 && len(r.StoreProblems) == 0 && r.Samples > 0 &&
		r.P99 < float64(limit)/float64(time.Millisecond)
}

// cpuPerInterview is the app's CPU per interview, in % of one core.
func (r result) cpuPerInterview() float64 {
	return 100 * r.AppCPU / r.Seconds / float64(r.K)
}

// memPerInterview is the RSS the rooms added, per interview, in MB.
func (r result) memPerInterview() float64 {
	return (r.RSSPeak - r.RSSBefore) / float64(r.K)
}

func step(ctx context.Context, o options, n, k int) result {
	r := result{Nodes: n, K: k, SampleRooms: min(o.sampleRooms, k)}
	fmt.Printf("\n== %d node(s), K=%d: starting the app\n", n, k)
	if err := stepRun(ctx, o, &r); err != nil {
		r.Err = err.Error()
		fmt.Printf("   failed: %v\n", err)
		return r
	}
	fmt.Printf("   K=%d: p50 %.1f ms, p99 %.1f ms (%d samples; across nodes p99 %.1f ms), app CPU %.0f%% of a core (%.2f%%/interview), RSS %.0f→%.0f MB (%.1f MB/interview), others on the machine %.2f cores, load %.1f, app waited for a CPU %.2f s/s, CPU pressure %.0f%%\n",
		k, r.P50, r.P99, r.Samples, r.CrossP99, 100*r.AppCPU/math.Max(r.Seconds, 1e-9), r.cpuPerInterview(),
		r.RSSBefore, r.RSSPeak, r.memPerInterview(), r.OthersBusy, r.LoadAvgEnd, r.AppRunqWait, 100*r.CPUPressure)
	for _, l := range [][]string{r.ClientErrors, r.Divergence, r.StoreProblems, r.LogProblems} {
		for i, s := range l {
			if i == 5 {
				fmt.Printf("   … and %d more\n", len(l)-5)
				break
			}
			fmt.Printf("   ! %s\n", s)
		}
	}
	return r
}

func stepRun(ctx context.Context, o options, r *result) error {
	k, n := r.K, r.Nodes
	a, err := startApp(ctx, o.bin, o.binDir, n)
	if err != nil {
		return err
	}
	defer a.stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	t0 := time.Now()
	ivs, admin, err := setUp(ctx, a, k, strconv.Itoa(k))
	if err != nil {
		return err
	}
	var dash dashStats
	var dashWG sync.WaitGroup
	for _, iv := range ivs {
		for _, p := range iv.people() {
			dashWG.Add(1)
			r.Dashboards++
			go func() { defer dashWG.Done(); dashboard(ctx, a.nodes[p.node], p, &dash) }()
		}
	}
	defer dashWG.Wait()
	defer cancel()
	if err := createInterviews(ctx, a, admin, ivs); err != nil {
		return err
	}
	fmt.Printf("   %d users, %d interviews, %d dashboards in %.1f s\n", 3*k, k, r.Dashboards, time.Since(t0).Seconds())
	sleepCtx(ctx, 3*time.Second)
	procs := a.procs()
	r.RSSBefore = rssOf(procs, true)
	_, logFrom := a.logProblems(0)

	// Sockets: the sample rooms' official clients, the others' Go clients.
	L := r.SampleRooms
	cfg := officialConfig{CollabPackage: filepath.Join(o.dir, "..", "collab", "package.json"), Debounce: o.debounce,
		DurationMs: o.duration.Milliseconds(), MinGapMs: o.typing.minGap.Milliseconds(), MaxGapMs: o.typing.maxGap.Milliseconds(),
		NotesShare: o.typing.notesShare, DrainMs: o.drain.Milliseconds()}
	for i, iv := range ivs[:L] {
		room := officialRoom{ID: iv.id}
		room.Docs.Code, room.Docs.Problem, room.Docs.Notes = iv.code, iv.prob, iv.notes
		for j, p := range iv.people() {
			room.Clients = append(room.Clients, officialPerson{Name: fmt.Sprintf("r%d-%s%d", i, p.role, j), Role: p.role, Node: p.node,
				Base: a.nodes[p.node], Token: p.token})
		}
		cfg.Rooms = append(cfg.Rooms, room)
	}
	off, err := startOfficial(ctx, o.dir, cfg)
	if err != nil {
		return err
	}
	defer off.kill()

	rooms := make([]*loadRoom, 0, k-L)
	for _, iv := range ivs[L:] {
		rooms = append(rooms, &loadRoom{iv: iv, clients: make([]*loadClient, 3), start: map[string]int{}})
	}
	err = parallel(3*len(rooms), 8, func(i int) error {
		room := rooms[i/3]
		p := room.iv.people()[i%3]
		docs := map[string]string{room.iv.code: "source", room.iv.prob: ""}
		if p.role == "interviewer" {
			docs[room.iv.notes] = "text"
		}
		c, err := dialLoad(ctx, a.nodes[p.node], p, fmt.Sprintf("load-%s-%d", room.iv.id, i%3), docs)
		if err != nil {
			return err
		}
		room.clients[i%3] = c
		wctx, wcancel := context.WithTimeout(ctx, time.Minute)
		defer wcancel()
		return c.waitReady(wctx)
	})
	defer func() {
		cancel() // no reconnecting
		for _, room := range rooms {
			for _, c := range room.clients {
				if c != nil {
					c.close()
				}
			}
		}
	}()
	if err != nil {
		return fmt.Errorf("load clients: %w", err)
	}
	ready, err := off.next("ready", 2*time.Minute)
	if err != nil {
		return err
	}
	for _, room := range rooms {
		for _, url := range []string{room.iv.code, room.iv.notes} {
			id, _ := collab.ParseDocumentID(url)
			for _, c := range slices.Backward(room.clients) { // an interviewer has both
				if s, ok := c.state(string(id)); ok {
					room.start[string(id)] = s.n
					break
				}
			}
		}
	}
	fmt.Printf("   %d official clients (%d rooms, connected in %d ms), %d Go clients (%d rooms), all documents open\n",
		3*L, L, ready.ConnectMs, 3*len(rooms), len(rooms))
	sleepCtx(ctx, 2*time.Second)
	r.RSSConnected = rssOf(procs, true)

	// Type, measuring.
	cpu0 := cpuOf(procs)
	wait0, psi0 := nodesWait(procs), cpuPressure()
	self0, _ := readStat(os.Getpid())
	off0 := off.cpuSec()
	busy0, total0 := machineCPU()
	r.LoadAvgStart = loadAvg()
	start := time.Now()
	end := start.Add(o.duration)
	if err := off.begin(); err != nil {
		return err
	}
	var typeWG sync.WaitGroup
	for ri, room := range rooms {
		for ci, c := range room.clients {
			typeWG.Add(1)
			go func() { defer typeWG.Done(); c.typeUntil(ctx, end, o.typing, uint64(ri*3+ci+1)) }()
		}
	}
	peak := map[string]float64{}
	prevBusy, prevTotal, prevOurs, prevAt := busy0, total0, 0.0, start
	for _, c := range cpu0 {
		prevOurs += c
	}
	prevOurs += self0.cpuSec + off0
	for time.Now().Before(end) && ctx.Err() == nil {
		sleepCtx(ctx, time.Second)
		sum, ours := 0.0, 0.0
		for name, pid := range procs {
			if st, ok := readStat(pid); ok {
				ours += st.cpuSec
				if strings.HasPrefix(name, "node-") {
					peak[name] = max(peak[name], st.rssMB)
					sum += st.rssMB
				}
			}
		}
		r.RSSPeak = max(r.RSSPeak, sum)
		// A second of the machine: how busy, and how much of it was not ours.
		self, _ := readStat(os.Getpid())
		ours += self.cpuSec + off.cpuSec()
		busy, total := machineCPU()
		if total > prevTotal {
			cores := float64(runtime.NumCPU())
			secs := time.Since(prevAt).Seconds()
			t := tick{At: time.Since(start).Seconds(), Busy: (busy - prevBusy) / (total - prevTotal) * cores}
			t.Others = math.Max(0, t.Busy-(ours-prevOurs)/secs)
			t.RSS = sum
			r.Timeline = append(r.Timeline, t)
		}
		prevBusy, prevTotal, prevOurs, prevAt = busy, total, ours, time.Now()
	}
	typeWG.Wait()
	r.Seconds = time.Since(start).Seconds()
	cpu1 := cpuOf(procs)
	r.AppRunqWait = (nodesWait(procs) - wait0) / time.Since(start).Seconds()
	r.CPUPressure = (cpuPressure() - psi0) / time.Since(start).Seconds()
	self1, _ := readStat(os.Getpid())
	busy1, total1 := machineCPU()
	r.LoadAvgEnd = loadAvg()
	r.OfficialCPU = off.cpuSec() - off0
	r.LoadGenCPU = self1.cpuSec - self0.cpuSec
	r.NodeCPU, r.NodeRSSPeak = map[string]float64{}, peak
	for name := range procs {
		d := cpu1[name] - cpu0[name]
		if strings.HasPrefix(name, "node-") {
			r.NodeCPU[name] = d
			r.AppCPU += d
		} else {
			r.StackCPU += d
		}
	}
	cores := float64(runtime.NumCPU())
	if total1 > total0 {
		r.MachineBusy = (busy1 - busy0) / (total1 - total0) * cores
		ours := r.AppCPU + r.StackCPU + r.LoadGenCPU + r.OfficialCPU
		r.OthersBusy = math.Max(0, r.MachineBusy-ours/r.Seconds)
	}
	for _, room := range rooms {
		for _, c := range room.clients {
			r.Keystrokes += c.sent
		}
	}

	// Converge: the Go rooms here, the official ones in official.mjs.
	deadline := time.Now().Add(o.drain)
	var diverged []string
	for {
		diverged = diverged[:0]
		for _, room := range rooms {
			if err := room.converged(); err != nil {
				diverged = append(diverged, fmt.Sprintf("interview %s: %v", room.iv.id, err))
			}
		}
		if len(diverged) == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		sleepCtx(ctx, 250*time.Millisecond)
	}
	res, err := off.next("result", o.drain+time.Minute)
	if err != nil {
		return err
	}
	r.Divergence = append(diverged, res.Problems...)
	for _, rc := range res.Reconnects {
		if rc.At != nil {
			r.ClientErrors = append(r.ClientErrors, fmt.Sprintf("%s (official) reconnected %.1f s into the typing", rc.Name, float64(*rc.At)/1000))
		} else {
			r.ClientErrors = append(r.ClientErrors, fmt.Sprintf("%s (official): the server closed the socket: %d %s", rc.Name, rc.Closed, rc.Reason))
		}
	}
	// What a node loading afresh would read from the store.
	var stored []storedDoc
	for url, n := range res.Final {
		field := "source"
		if slices.ContainsFunc(ivs[:L], func(iv *interview) bool { return iv.notes == url }) {
			field = "text"
		}
		stored = append(stored, storedDoc{url: url, field: field, want: n})
	}
	for _, room := range rooms {
		for _, d := range []storedDoc{{url: room.iv.code, field: "source"}, {url: room.iv.notes, field: "text"}} {
			id, _ := collab.ParseDocumentID(d.url)
			s, _ := room.clients[1].state(string(id)) // an interviewer has both
			d.want = s.n
			stored = append(stored, d)
		}
	}
	sctx, scancel := context.WithTimeout(ctx, 2*time.Minute)
	r.StoreProblems, err = checkStore(sctx, a.dbURI, stored)
	scancel()
	if err != nil {
		return fmt.Errorf("store check: %w", err)
	}
	r.Keystrokes += res.Keystrokes
	r.NodeLoopP99, r.NodeLateP99 = res.LoopDelayP99Ms, res.LateP99Ms
	var lat, cross, notes, late []float64
	for _, s := range res.Samples {
		lat = append(lat, s[0])
		if s[1] != s[2] {
			cross = append(cross, s[0])
		}
		if s[3] == 1 {
			notes = append(notes, s[0])
		}
	}
	r.Samples = len(lat)
	if o.samplesOut != "" {
		if err := appendSamples(o.samplesOut, r.Nodes, r.K, res.Samples); err != nil {
			return err
		}
	}
	r.P50, r.P99, r.Max = pct(lat, 50), pct(lat, 99), pct(lat, 100)
	r.CrossP50, r.CrossP99 = pct(cross, 50), pct(cross, 99)
	r.NotesP99 = pct(notes, 99)
	for _, room := range rooms {
		for _, c := range room.clients {
			c.mu.Lock()
			late = append(late, c.late...)
			c.mu.Unlock()
			if err := c.firstErr(); err != nil {
				r.ClientErrors = append(r.ClientErrors, err.Error())
			}
			c.mu.Lock()
			for _, why := range c.closes {
				r.ClientErrors = append(r.ClientErrors, fmt.Sprintf("%s: the socket closed (%s); reconnected", c.name, why))
			}
			c.mu.Unlock()
		}
	}
	r.GoLateP99 = pct(late, 99)
	r.DashFetches, r.DashEvents = dash.fetches.Load(), dash.events.Load()
	r.DashErrors = dash.fetchErrs.Load() + dash.streamErrs.Load()
	r.LogProblems, _ = a.logProblems(logFrom)
	return nil
}

// nodesWait sums runqWait over the node processes.
func nodesWait(procs map[string]int) float64 {
	sum := 0.0
	for name, pid := range procs {
		if strings.HasPrefix(name, "node-") {
			sum += runqWait(pid)
		}
	}
	return sum
}

// cpuOf is the CPU seconds of every process so far.
func cpuOf(procs map[string]int) map[string]float64 {
	out := map[string]float64{}
	for name, pid := range procs {
		if st, ok := readStat(pid); ok {
			out[name] = st.cpuSec
		}
	}
	return out
}

// rssOf sums the RSS of the node processes (nodesOnly) or of all.
func rssOf(procs map[string]int, nodesOnly bool) float64 {
	sum := 0.0
	for name, pid := range procs {
		if st, ok := readStat(pid); ok && (!nodesOnly || strings.HasPrefix(name, "node-")) {
			sum += st.rssMB
		}
	}
	return sum
}

// pct is the p-th percentile (nearest rank) of xs; 0 when empty.
func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// appendSamples appends one step's latency samples as CSV lines.
func appendSamples(path string, nodes, k int, samples [][5]float64) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, s := range samples {
		fmt.Fprintf(w, "%d,%d,%.1f,%d,%d,%s,%d\n", nodes, k, s[0], int(s[1])+1, int(s[2])+1, [...]string{"code", "notes"}[int(s[3])], int(s[4]))
	}
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// tick is one second of the typing window: seconds since typing began, the
// cores busy on the machine, the part that was not ours (other engineers'
// work on this shared machine), and the nodes' RSS (MB).
type tick struct {
	At, Busy, Others, RSS float64
}
