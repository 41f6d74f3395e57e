// Package runner runs candidates' programs: in bubblewrap, as an
// unprivileged uid, without network, with limits, from a database queue
// that runners on other hosts share (docs/architecture.md §8).
package runner

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Limits bound one sandboxed process tree.
type Limits struct {
	Wall      time.Duration // wall-clock time, then the tree is killed
	CPU       time.Duration // CPU time per process (RLIMIT_CPU, whole seconds, at least 1)
	MemoryMB  int           // writable memory per process (RLIMIT_DATA)
	Processes int           // processes and threads of the run's uid (RLIMIT_NPROC)
	OpenFiles int           // RLIMIT_NOFILE
	FileMB    int           // largest file written (RLIMIT_FSIZE); also each tmpfs's size
	Output    int           // bytes of stdout kept; more kills the run (marked truncated)
	Stderr    int           // bytes of stderr kept; more is dropped (marked truncated)
	StackMB   int           // RLIMIT_STACK (0: 8); node hangs at start with a large one, Python recursion wants one
}

// DefaultLimits are a "Run" click's limits.
var DefaultLimits = Limits{
	Wall: 10 * time.Second, CPU: 5 * time.Second, MemoryMB: 512, Processes: 64, OpenFiles: 64,
	FileMB: 16, Output: 1 << 20, Stderr: 64 << 10,
}

// SandboxConfig says how to start sandboxes.
type SandboxConfig struct {
	// Concurrency is how many sandboxes run at once (uids UIDBase ..
	// UIDBase+Concurrency-1 when the process is root).
	Concurrency int
	// UIDBase is the first host uid runs get when the app runs as root; each
	// concurrent run has its own, so runs cannot signal or trace each other
	// and every process left of a run can be found and killed. These uids
	// must belong to nobody else on the host (and to no other runner process
	// on the same host).
	UIDBase int
	// Bwrap, Setpriv and Prlimit are the tools' paths (default: from PATH).
	Bwrap, Setpriv, Prlimit string
}

// Sandbox starts programs in bubblewrap. Safe for concurrent use.
type Sandbox struct {
	cfg   SandboxConfig
	root  bool
	slots chan int
	java  string // JDK home, resolved once from the host's javac
}

// ErrNoSandbox means bubblewrap cannot start here (missing, or no user
// namespaces): code is never run without it.
var ErrNoSandbox = errors.New("runner: the sandbox cannot start")

// NewSandbox checks the tools and that a sandbox starts (bwrap with user
// namespaces); it refuses with ErrNoSandbox otherwise.
func NewSandbox(ctx context.Context, cfg SandboxConfig) (*Sandbox, error) {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 1
	}
	if cfg.UIDBase <= 0 {
		cfg.UIDBase = 61000
	}
	look := func(p *string, name, pkg string) error {
		if *p == "" {
			*p = name
		}
		abs, err := exec.LookPath(*p)
		if err != nil {
			return fmt.Errorf("%w: %s not found (install the Debian package %s): %v", ErrNoSandbox, name, pkg, err)
		}
		*p = abs
		return nil
	}
	s := &Sandbox{cfg: cfg, root: os.Geteuid() == 0, slots: make(chan int, cfg.Concurrency)}
	if err := look(&s.cfg.Bwrap, "bwrap", "bubblewrap"); err != nil {
		return nil, err
	}
	if err := look(&s.cfg.Prlimit, "prlimit", "util-linux"); err != nil {
		return nil, err
	}
	if s.root {
		if err := look(&s.cfg.Setpriv, "setpriv", "util-linux"); err != nil {
			return nil, err
		}
	}
	if javac, err := exec.LookPath("javac"); err == nil {
		if real, err := filepath.EvalSymlinks(javac); err == nil {
			s.java = filepath.Dir(filepath.Dir(real))
		}
	}
	for i := range cfg.Concurrency {
		s.slots <- cfg.UIDBase + i
	}
	out, err := s.Exec(ctx, Spec{Argv: []string{"/usr/bin/true"}, Limits: Limits{Wall: 10 * time.Second, CPU: time.Second,
		MemoryMB: 64, Processes: 16, OpenFiles: 16, FileMB: 1, Output: 1024, Stderr: 4096}})
	if err != nil {
		return nil, err
	}
	if out.ExitCode != 0 {
		return nil, fmt.Errorf("%w: bubblewrap exited with %d (are user namespaces enabled? sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces>0): %s",
			ErrNoSandbox, out.ExitCode, strings.TrimSpace(out.Stderr))
	}
	return s, nil
}

// Concurrency is how many sandboxes may run at once.
func (s *Sandbox) Concurrency() int { return s.cfg.Concurrency }

// File is a file put into the sandbox's work directory before the program
// starts; bwrap copies it from a pipe (--file), so the host writes nothing
// on disk.
type File struct {
	Name string // a plain name, no slashes
	Data []byte
}

// Spec is one sandboxed process.
type Spec struct {
	Argv   []string // absolute program path first; runs in /work
	Files  []File
	Stdin  []byte
	Env    []string // KEY=VALUE, besides PATH, HOME, LANG
	Limits Limits
}

// Outcome is what a sandboxed process did.
type Outcome struct {
	Stdout, Stderr string
	ExitCode       int // 128+signal when killed by a signal
	Wall           time.Duration
	CPU            time.Duration
	MemoryKB       int64
	Truncated      bool
	// Limit names the limit that stopped it: "time", "cpu", "memory",
	// "output", "fileSize", "processes", or "".
	Limit string
}

// Exec runs spec in a fresh sandbox and waits for it; the whole process
// tree is gone when it returns. The error is for the sandbox itself
// failing (ErrNoSandbox) or ctx ending; what the program does is Outcome.
func (s *Sandbox) Exec(ctx context.Context, spec Spec) (Outcome, error) {
	var uid int
	select {
	case uid = <-s.slots:
	case <-ctx.Done():
		return Outcome{}, ctx.Err()
	}
	defer func() { s.slots <- uid }()
	if s.root {
		killUID(uid) // anything a previous holder of this uid left (a crash)
		defer killUID(uid)
	}
	return s.exec(ctx, uid, spec)
}

func (s *Sandbox) args(uid int, spec Spec, firstFD int) []string {
	l := spec.Limits
	var a []string
	if s.root {
		// Drop to the run's own uid before anything else: bwrap then
		// builds its namespaces as that user, exactly as it does when the
		// app is not root, and nothing in the sandbox keeps root's
		// capabilities on the host.
		a = append(a, s.cfg.Setpriv, "--reuid="+strconv.Itoa(uid), "--regid="+strconv.Itoa(uid), "--clear-groups",
			"--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--")
	}
	cpu := max(1, int((l.CPU+time.Second-1)/time.Second))
	a = append(a, s.cfg.Prlimit,
		"--cpu="+strconv.Itoa(cpu)+":"+strconv.Itoa(cpu+1),
		"--data="+strconv.Itoa(l.MemoryMB<<20),
		"--nproc="+strconv.Itoa(l.Processes),
		"--nofile="+strconv.Itoa(l.OpenFiles),
		"--fsize="+strconv.Itoa(l.FileMB<<20),
		"--stack="+strconv.Itoa(cmp.Or(l.StackMB, 8)<<20), "--core=0", "--memlock=0", "--msgqueue=0",
		"--", s.cfg.Bwrap,
		"--unshare-all", "--as-pid-1", "--die-with-parent", "--new-session",
	)
	tmpfsSize := strconv.Itoa(l.FileMB << 20)
	a = append(a,
		"--uid", "1000", "--gid", "1000", "--hostname", "sandbox",
		"--ro-bind", "/usr", "/usr",
		"--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin",
		"--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
		"--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
		"--ro-bind-try", "/etc/java-17-openjdk", "/etc/java-17-openjdk",
		"--proc", "/proc", "--dev", "/dev",
		"--size", tmpfsSize, "--tmpfs", "/tmp",
		"--size", tmpfsSize, "--perms", "0755", "--tmpfs", "/work",
		"--chdir", "/work",
		"--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/work", "--setenv", "LANG", "C.UTF-8",
		"--setenv", "TMPDIR", "/tmp",
	)
	for _, kv := range spec.Env {
		k, v, _ := strings.Cut(kv, "=")
		a = append(a, "--setenv", k, v)
	}
	for i, f := range spec.Files {
		a = append(a, "--file", strconv.Itoa(firstFD+i), "/work/"+f.Name)
	}
	a = append(a, "--remount-ro", "/", "--")
	return append(a, spec.Argv...)
}

func (s *Sandbox) exec(ctx context.Context, uid int, spec Spec) (Outcome, error) {
	l := spec.Limits
	for _, f := range spec.Files {
		if f.Name == "" || strings.ContainsAny(f.Name, "/\x00") || f.Name == "." || f.Name == ".." {
			return Outcome{}, fmt.Errorf("runner: bad file name %q", f.Name)
		}
	}
	argv := s.args(uid, spec, 3)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LANG=C.UTF-8"}
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Stdin = bytes.NewReader(spec.Stdin)

	// Files go in through pipes that bwrap reads (--file FD): the data
	// never touches the host's disk and the host opens no path.
	var writers []*os.File
	defer func() {
		for _, w := range writers {
			_ = w.Close()
		}
	}()
	for range spec.Files {
		r, w, err := os.Pipe()
		if err != nil {
			return Outcome{}, fmt.Errorf("runner: pipe: %w", err)
		}
		cmd.ExtraFiles = append(cmd.ExtraFiles, r)
		writers = append(writers, w)
		defer r.Close()
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return Outcome{}, fmt.Errorf("runner: stdout pipe: %w", err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return Outcome{}, fmt.Errorf("runner: stderr pipe: %w", err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Outcome{}, fmt.Errorf("%w: start bwrap: %v", ErrNoSandbox, err)
	}
	for _, r := range cmd.ExtraFiles {
		_ = r.Close()
	}
	for i, f := range spec.Files {
		go func(w *os.File, data []byte) {
			_, _ = w.Write(data)
			_ = w.Close()
		}(writers[i], f.Data)
	}
	writers = nil

	killed := make(chan string, 2) // why we killed it
	kill := func(why string) {
		select {
		case killed <- why:
		default:
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Process.Kill()
	}
	type capture struct {
		data      []byte
		truncated bool
	}
	outc, errc := make(chan capture, 1), make(chan capture, 1)
	go func() {
		data, over := readCapped(stdout, l.Output)
		if over {
			kill("output")
			_, _ = io.Copy(io.Discard, stdout)
		}
		outc <- capture{data, over}
	}()
	go func() {
		data, over := readCapped(stderr, l.Stderr)
		_, _ = io.Copy(io.Discard, stderr) // keep draining: stderr past its cap is dropped
		errc <- capture{data, over}
	}()
	timer := time.AfterFunc(l.Wall, func() { kill("time") })
	stopCtx := context.AfterFunc(ctx, func() { kill("cancelled") })
	o, e := <-outc, <-errc
	waitErr := cmd.Wait()
	timer.Stop()
	stopCtx()
	out := Outcome{Stdout: string(o.data), Stderr: string(e.data), Wall: time.Since(start), Truncated: o.truncated || e.truncated}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru != nil {
		out.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		out.MemoryKB = ru.Maxrss
	}
	var exitErr *exec.ExitError
	switch {
	case waitErr == nil:
	case errors.As(waitErr, &exitErr):
		out.ExitCode = exitErr.ExitCode()
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			out.ExitCode = 128 + int(ws.Signal())
		}
	default:
		return out, fmt.Errorf("runner: wait: %w", waitErr)
	}
	select {
	case why := <-killed:
		if why == "cancelled" {
			return out, fmt.Errorf("runner: %w", context.Cause(ctx))
		}
		out.Limit = why
	default:
		out.Limit = limitFrom(out, l)
	}
	return out, nil
}

// limitFrom guesses which limit stopped a program that was not killed by
// the runner itself, from its exit status and what it printed.
func limitFrom(o Outcome, l Limits) string {
	switch o.ExitCode {
	case 128 + int(syscall.SIGXCPU):
		return "cpu"
	case 128 + int(syscall.SIGXFSZ):
		return "fileSize"
	case 0:
		return ""
	}
	if o.ExitCode == 128+int(syscall.SIGKILL) && o.CPU >= l.CPU {
		return "cpu"
	}
	for _, m := range []string{"MemoryError", "OutOfMemoryError", "allocation failed", "heap out of memory", "Cannot allocate memory",
		"insufficient memory", "Out of memory", "out of memory", "Could not reserve enough space"} {
		if strings.Contains(o.Stderr, m) {
			return "memory"
		}
	}
	for _, m := range []string{"Resource temporarily unavailable", "unable to create native thread", "BlockingIOError", "EAGAIN"} {
		if strings.Contains(o.Stderr, m) {
			return "processes"
		}
	}
	if strings.Contains(o.Stderr, "File too large") || strings.Contains(o.Stderr, "EFBIG") {
		return "fileSize"
	}
	return ""
}

// readCapped reads r to its end keeping at most limit bytes; over reports
// that there was more (it stops reading then).
func readCapped(r io.Reader, limit int) (data []byte, over bool) {
	var buf bytes.Buffer
	n, _ := io.Copy(&buf, io.LimitReader(r, int64(limit)+1))
	if n > int64(limit) {
		return buf.Bytes()[:limit], true
	}
	return buf.Bytes(), false
}

// killUID kills every process whose real uid is uid: what is left of a run
// (it has a uid of its own while it runs). Only used as root.
func killUID(uid int) {
	for range 3 {
		found := false
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			if procUID(pid) == uid {
				found = true
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		if !found {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// procUID is pid's real uid, or -1.
func procUID(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, err := strconv.Atoi(f[0])
				if err == nil {
					return n
				}
			}
		}
	}
	return -1
}
