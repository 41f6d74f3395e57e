// Command bench-runner measures the sandbox: its overhead over a bare run
// per language (hello world and ~1 s of compute), and runs per second at
// the concurrency limit. `make bench-runner` (needs bubblewrap; as root the
// runs take uids 61000+).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/interviewprep/interviewprep/runner"
)

var hello = map[string]string{
	runner.JavaScript: `console.log("hello")`,
	runner.Python:     `print("hello")`,
	runner.Java:       `public class Main { public static void main(String[] a) { System.out.println("hello"); } }`,
}

// compute runs about a second on these machines.
var compute = map[string]string{
	runner.JavaScript: `let x = 0; for (let i = 0; i < 2.5e8; i++) x = (x + i) % 1000003; console.log(x)`,
	runner.Python:     "x = 0\nfor i in range(12_000_000): x = (x + i) % 1000003\nprint(x)",
	runner.Java:       `public class Main { public static void main(String[] a) { long x = 0; for (long i = 0; i < 1_500_000_000L; i++) x = (x + i) % 1000003; System.out.println(x); } }`,
}

func main() {
	reps := flag.Int("n", 5, "repetitions per measurement (median reported)")
	flag.Parse()
	ctx := context.Background()
	conc := runtime.NumCPU()
	sb, err := runner.NewSandbox(ctx, runner.SandboxConfig{Concurrency: conc})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lim := runner.DefaultLimits
	lim.Wall, lim.CPU = 30*time.Second, 20*time.Second
	ex := runner.NewExecutor(sb, lim)
	fmt.Printf("%-11s %-8s %10s %10s %10s\n", "language", "program", "bare ms", "sandbox ms", "overhead")
	for _, lang := range runner.Languages {
		for _, kind := range []struct {
			name string
			src  map[string]string
		}{{"hello", hello}, {"compute", compute}} {
			bare := median(*reps, func() time.Duration { return bareRun(lang, kind.src[lang]) })
			boxed := median(*reps, func() time.Duration {
				start := time.Now()
				r, err := ex.Run(ctx, runner.Program{Language: lang, Source: kind.src[lang]})
				if err != nil || r.ExitCode != 0 {
					fmt.Fprintln(os.Stderr, lang, kind.name, err, r.ExitCode, r.Stderr, r.Limit)
				}
				return time.Since(start)
			})
			fmt.Printf("%-11s %-8s %10d %10d %+9d\n", lang, kind.name, bare.Milliseconds(), boxed.Milliseconds(), (boxed - bare).Milliseconds())
		}
	}
	// Throughput: hello world runs, conc at a time, for a few seconds.
	for _, lang := range runner.Languages {
		var n int
		var mu sync.Mutex
		var wg sync.WaitGroup
		deadline := time.Now().Add(5 * time.Second)
		start := time.Now()
		for range conc {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(deadline) {
					if _, err := ex.Run(ctx, runner.Program{Language: lang, Source: hello[lang]}); err == nil {
						mu.Lock()
						n++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		fmt.Printf("throughput %-11s %d at once: %.1f runs/s\n", lang, conc, float64(n)/time.Since(start).Seconds())
	}
}

func median(n int, f func() time.Duration) time.Duration {
	ds := make([]time.Duration, n)
	for i := range ds {
		ds[i] = f()
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[n/2]
}

// bareRun runs src unsandboxed (the same commands, compile included for Java).
func bareRun(lang, src string) time.Duration {
	dir, _ := os.MkdirTemp("", "bench-runner")
	defer os.RemoveAll(dir)
	name := map[string]string{runner.JavaScript: "main.js", runner.Python: "main.py", runner.Java: "Main.java"}[lang]
	_ = os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644)
	cmds := map[string][]string{
		runner.JavaScript: {"/usr/bin/node /work/main.js"},
		runner.Python:     {"/usr/bin/python3 -I -B /work/main.py"},
		runner.Java: {"javac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 --release 17 -d classes Main.java",
			"java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp classes Main"},
	}[lang]
	start := time.Now()
	for _, c := range cmds {
		f := strings.Fields(strings.ReplaceAll(c, "/work/", dir+"/"))
		cmd := exec.Command(f[0], f[1:]...)
		cmd.Dir = dir
		_ = cmd.Run()
	}
	return time.Since(start)
}
