package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// app is one `interviewprep dev --nodes=N` on a temporary data directory
// and free loopback ports: node 1 is the dev process itself (with the
// embedded FerretDB in it), nodes 2…N its `serve` children; Kratos, LiveKit,
// the inbox and Redis are its other children.
type app struct {
	cmd     *exec.Cmd
	dir     string
	logPath string
	nodes   []string // base URL of node i+1
	dbURI   string   // the embedded FerretDB
	kratos  kratosURLs
	exited  chan struct{}
}

type kratosURLs struct{ public, admin, app string }

// devPortFlags are the dev ports besides --addr (each gets a free port).
var devPortFlags = []string{"db-port", "kratos-public-port", "kratos-admin-port", "livekit-port",
	"livekit-rtc-tcp-port", "livekit-rtc-udp-port", "mail-smtp-port", "mail-ui-port", "redis-port"}

// freePorts returns n distinct free loopback TCP ports, the first of them
// with `next` free ports after it (dev puts node i+1 on --addr's port + i).
func freePorts(n, next int) ([]int, error) {
	for try := 0; try < 50; try++ {
		var ls []net.Listener
		var ports []int
		ok := true
		for len(ports) < n {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return nil, err
			}
			ls = append(ls, l)
			ports = append(ports, l.Addr().(*net.TCPAddr).Port)
		}
		for i := 1; i <= next && ok; i++ {
			want := ports[0] + i
			for _, p := range ports {
				ok = ok && p != want
			}
			if l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(want)); err == nil {
				ls = append(ls, l)
			} else {
				ok = false
			}
		}
		for _, l := range ls {
			_ = l.Close()
		}
		if ok {
			return ports, nil
		}
	}
	return nil, errors.New("no free ports with free neighbours")
}

// startApp runs dev with nodes app nodes and waits until every node is healthy.
func startApp(ctx context.Context, bin, binDir string, nodes int) (*app, error) {
	dir, err := os.MkdirTemp("", "interviewprep-capacity-")
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(1+len(devPortFlags), nodes-1)
	if err != nil {
		return nil, err
	}
	addr := ports[0]
	args := []string{"dev", "--data-dir", filepath.Join(dir, "data"), "--bin-dir", binDir, "--log-level", "warn",
		"--addr", "127.0.0.1:" + strconv.Itoa(addr), "--public-url", "http://localhost:" + strconv.Itoa(addr),
		"--nodes", strconv.Itoa(nodes)}
	for i, f := range devPortFlags {
		args = append(args, "--"+f, strconv.Itoa(ports[1+i]))
	}
	a := &app{dir: dir, logPath: filepath.Join(dir, "app.log"), exited: make(chan struct{})}
	logf, err := os.Create(a.logPath)
	if err != nil {
		return nil, err
	}
	a.cmd = exec.Command(bin, args...)
	a.cmd.Stdout, a.cmd.Stderr = logf, logf
	if err := a.cmd.Start(); err != nil {
		_ = logf.Close()
		return nil, err
	}
	go func() { _ = a.cmd.Wait(); _ = logf.Close(); close(a.exited) }()
	for i := 0; i < nodes; i++ {
		a.nodes = append(a.nodes, "http://127.0.0.1:"+strconv.Itoa(addr+i))
	}
	a.dbURI = "mongodb://127.0.0.1:" + strconv.Itoa(ports[1]) + "/"
	a.kratos = kratosURLs{public: "http://127.0.0.1:" + strconv.Itoa(ports[2]), admin: "http://127.0.0.1:" + strconv.Itoa(ports[3]),
		app: "http://localhost:" + strconv.Itoa(addr)}
	deadline := time.Now().Add(3 * time.Minute)
	for _, n := range a.nodes {
		for {
			if healthy(ctx, n) {
				break
			}
			select {
			case <-a.exited:
				return nil, fmt.Errorf("dev exited before it was healthy:\n%s", a.logTail(40))
			case <-ctx.Done():
				a.stop()
				return nil, ctx.Err()
			case <-time.After(250 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				a.stop()
				return nil, fmt.Errorf("%s not healthy after 3 minutes:\n%s", n, a.logTail(40))
			}
		}
	}
	return a, nil
}

func healthy(ctx context.Context, base string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/health", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var h struct {
		Status string `json:"status"`
	}
	return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&h) == nil && h.Status == "up"
}

// stop ends dev gracefully (it stops its children), then removes its data.
func (a *app) stop() {
	if a.cmd.Process != nil {
		_ = a.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-a.exited:
		case <-time.After(30 * time.Second):
			_ = a.cmd.Process.Kill()
			<-a.exited
		}
	}
	_ = os.RemoveAll(a.dir)
}

// logTail is the last n lines dev wrote.
func (a *app) logTail(n int) string {
	b, _ := os.ReadFile(a.logPath)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// logProblems returns the warning and error lines dev and its nodes logged
// after byte offset from (the log is text: level=WARN / level=ERROR), and
// the log's size now.
func (a *app) logProblems(from int64) (lines []string, size int64) {
	f, err := os.Open(a.logPath)
	if err != nil {
		return nil, from
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	if _, err := f.Seek(from, 0); err != nil {
		return nil, size
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
			lines = append(lines, l)
		}
	}
	return lines, size
}

// procs are the app's processes by role: "node-1" (dev itself), "node-2"…,
// and the stack's "kratos", "redis", "livekit", "mailpit".
func (a *app) procs() map[string]int {
	out := map[string]int{"node-1": a.cmd.Process.Pid}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, ok := readStat(pid); !ok || st.ppid != a.cmd.Process.Pid {
			continue
		}
		cl, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		args := strings.Split(string(cl), "\x00")
		base := filepath.Base(args[0])
		switch {
		case strings.HasPrefix(base, "interviewprep") && len(args) > 3 && args[1] == "serve":
			// --addr host:port: node number from the port.
			for i, n := range a.nodes {
				if strings.HasSuffix(n, ":"+portOf(args[3])) {
					out["node-"+strconv.Itoa(i+1)] = pid
				}
			}
		case strings.HasPrefix(base, "redis"):
			out["redis"] = pid
		case strings.HasPrefix(base, "kratos"):
			out["kratos"] = pid
		case strings.HasPrefix(base, "livekit"):
			out["livekit"] = pid
		case strings.HasPrefix(base, "mailpit"):
			out["mailpit"] = pid
		}
	}
	return out
}

func portOf(hostport string) string {
	_, p, _ := net.SplitHostPort(hostport)
	return p
}

// procStat is what /proc/<pid>/stat and status say of a process.
type procStat struct {
	ppid   int
	cpuSec float64 // utime + stime
	rssMB  float64
}

// clkTck is USER_HZ, 100 on every Linux this runs on.
const clkTck = 100

func readStat(pid int) (procStat, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, false
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return procStat{}, false
	}
	f := strings.Fields(string(b[i+2:]))
	if len(f) < 13 {
		return procStat{}, false
	}
	ppid, _ := strconv.Atoi(f[1])
	ut, _ := strconv.ParseFloat(f[11], 64)
	sy, _ := strconv.ParseFloat(f[12], 64)
	st := procStat{ppid: ppid, cpuSec: (ut + sy) / clkTck}
	if s, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for _, l := range strings.Split(string(s), "\n") {
			if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
				st.rssMB = kb / 1024
			}
		}
	}
	return st, true
}

// machineCPU is the machine's busy and total CPU seconds since boot, from
// /proc/stat (busy: everything but idle and iowait).
func machineCPU() (busy, total float64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	for i, v := range f[1:] {
		x, _ := strconv.ParseFloat(v, 64)
		if i >= 8 { // guest time is already in user
			break
		}
		total += x
		if i != 3 && i != 4 {
			busy += x
		}
	}
	return busy / clkTck, total / clkTck
}

// loadAvg is /proc/loadavg's 1-minute figure.
func loadAvg() float64 {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	x, _ := strconv.ParseFloat(f[0], 64)
	return x
}

// runqWait is how long the process's threads have waited for a CPU while
// runnable, in seconds (the second field of each task's schedstat): on a
// shared machine, the time the app wanted a core and another process had it.
func runqWait(pid int) float64 {
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	sum := 0.0
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/schedstat", pid, t.Name()))
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) >= 2 {
			ns, _ := strconv.ParseFloat(f[1], 64)
			sum += ns / 1e9
		}
	}
	return sum
}

// cpuPressure is the kernel's total time some runnable task waited for a
// CPU (/proc/pressure/cpu, "some"), in seconds.
func cpuPressure() float64 {
	b, err := os.ReadFile("/proc/pressure/cpu")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	for _, f := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(f, "total="); ok {
			us, _ := strconv.ParseFloat(v, 64)
			return us / 1e6
		}
	}
	return 0
}
