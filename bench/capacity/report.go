package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// printTable writes the Markdown table of every step, then per node count
// the largest K that held and the cost of an interview there.
func printTable(w io.Writer, rs []result, limit time.Duration) {
	fmt.Fprintln(w, "| nodes | K | samples | p50 ms | p99 ms | p99 across nodes | app CPU (% of a core) | per node | CPU/interview | stack CPU | RSS before → peak MB | MB/interview | load gen CPU (Go + Node) | others' CPU (cores) | app waited for CPU (s/s) | CPU pressure | load avg | gen lag p99 ms (Go/Node) | verdict |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rs {
		if r.Seconds == 0 {
			fmt.Fprintf(w, "| %d | %d | | | | | | | | | | | | | | | | | error: %s |\n", r.Nodes, r.K, oneLine(r.Err))
			continue
		}
		var per []string
		for _, name := range sortedKeys(r.NodeCPU) {
			per = append(per, fmt.Sprintf("%s %.0f%%", strings.TrimPrefix(name, "node-"), 100*r.NodeCPU[name]/r.Seconds))
		}
		fmt.Fprintf(w, "| %d | %d | %d | %.1f | %.1f | %s | %.0f%% | %s | %.2f%% | %.0f%% | %.0f → %.0f | %.2f | %.0f%% + %.0f%% | %.2f | %.2f | %.0f%% | %.1f→%.1f | %.0f/%.0f | %s |\n",
			r.Nodes, r.K, r.Samples, r.P50, r.P99, orDash(r.CrossP99, r.Nodes > 1), 100*r.AppCPU/r.Seconds, strings.Join(per, ", "), r.cpuPerInterview(),
			100*r.StackCPU/r.Seconds, r.RSSBefore, r.RSSPeak, r.memPerInterview(), 100*r.LoadGenCPU/r.Seconds, 100*r.OfficialCPU/r.Seconds,
			r.OthersBusy, r.AppRunqWait, 100*r.CPUPressure, r.LoadAvgStart, r.LoadAvgEnd, r.GoLateP99, r.NodeLateP99, verdict(r, limit))
	}
	fmt.Fprintln(w)
	nodes := map[int]bool{}
	for _, r := range rs {
		nodes[r.Nodes] = true
	}
	for _, n := range sortedKeys(nodes) {
		var best *result
		for i, r := range rs {
			if r.Nodes == n && r.ok(limit) && (best == nil || r.K > best.K) {
				best = &rs[i]
			}
		}
		// The cost of an interview as the slope over the Ks that kept up
		// (p50 under the limit: past that the app gets less CPU than it
		// asks for and its use stops growing): app CPU (cores) and peak
		// RSS against K, least squares.
		var ks, cpu, rss []float64
		for _, r := range rs {
			if r.Nodes == n && r.Seconds > 0 && r.Err == "" && r.P50 < float64(limit)/float64(time.Millisecond) {
				ks, cpu, rss = append(ks, float64(r.K)), append(cpu, r.AppCPU/r.Seconds), append(rss, r.RSSPeak)
			}
		}
		if len(ks) >= 2 {
			a, b := fit(ks, cpu)
			c, d := fit(ks, rss)
			fmt.Fprintf(w, "%d node(s), fitted over K = %v (p50 < limit): app CPU ≈ %.1f%% + %.2f%% of a core per interview; RSS ≈ %.0f MB + %.2f MB per interview.\n",
				n, ks, 100*a, 100*b, c, d)
		}
		if best == nil {
			fmt.Fprintf(w, "%d node(s): no K held p99 < %v.\n", n, limit)
			continue
		}
		fmt.Fprintf(w, "%d node(s): largest K with p99 < %v: %d (p99 %.1f ms). Per active interview there: %.2f%% of a core of app CPU (≈%.0f interviews per core), %.2f MB of RSS.\n",
			n, limit, best.K, best.P99, best.cpuPerInterview(), 100/best.cpuPerInterview(), best.memPerInterview())
	}
}

func verdict(r result, limit time.Duration) string {
	switch {
	case r.Err != "":
		return "error: " + oneLine(r.Err)
	case len(r.Divergence) > 0:
		return fmt.Sprintf("DIVERGED (%d)", len(r.Divergence))
	case len(r.StoreProblems) > 0:
		return fmt.Sprintf("STORE LOST EDITS (%d)", len(r.StoreProblems))
	case len(r.ClientErrors) > 0:
		return fmt.Sprintf("client errors (%d)", len(r.ClientErrors))
	case r.ok(limit):
		return "holds"
	case r.NodeLoopP99 > 25:
		// The measuring clients themselves waited for a CPU: their
		// callbacks ran late, and that lateness is in the latency.
		return fmt.Sprintf("p99 ≥ %v (measuring clients starved: event loop p99 %.0f ms)", limit, r.NodeLoopP99)
	}
	return fmt.Sprintf("p99 ≥ %v", limit)
}

func orDash(x float64, some bool) string {
	if !some {
		return "–"
	}
	return fmt.Sprintf("%.1f", x)
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

func sortedKeys[K int | string, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// fit is the least-squares line y = a + b·x.
func fit(x, y []float64) (a, b float64) {
	n := float64(len(x))
	var sx, sy, sxx, sxy float64
	for i := range x {
		sx, sy, sxx, sxy = sx+x[i], sy+y[i], sxx+x[i]*x[i], sxy+x[i]*y[i]
	}
	if d := n*sxx - sx*sx; d != 0 {
		b = (n*sxy - sx*sy) / d
	}
	return (sy - b*sx) / n, b
}
