package supervisor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the supervised child (and, for the SIGKILL test,
// as the supervising parent), selected by SUPERVISOR_TEST_ROLE.
func TestMain(m *testing.M) {
	switch os.Getenv("SUPERVISOR_TEST_ROLE") {
	case "child":
		runChild()
		return
	case "parent":
		runParent()
		return
	}
	os.Exit(m.Run())
}

// runChild serves HTTP on the address in CHILD_ADDR; GET /crash exits 3.
func runChild() {
	fmt.Println("child starting")
	fmt.Fprint(os.Stderr, "partial line without newline")
	if f := os.Getenv("CHILD_PIDFILE"); f != "" {
		_ = os.WriteFile(f, []byte(strconv.Itoa(os.Getpid())), 0o644)
	}
	if os.Getenv("CHILD_FAIL") != "" {
		fmt.Println("child failing on purpose")
		os.Exit(7)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	mux.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) { os.Exit(3) })
	if err := http.ListenAndServe(os.Getenv("CHILD_ADDR"), mux); err != nil {
		fmt.Println("listen:", err)
		os.Exit(1)
	}
}

// runParent supervises a child, then waits forever (to be SIGKILLed).
func runParent() {
	spec := childSpec(os.Getenv("CHILD_ADDR"), io.Discard)
	spec.Env = append(spec.Env, "CHILD_PIDFILE="+os.Getenv("CHILD_PIDFILE"))
	if _, err := Start(context.Background(), spec, slog.New(slog.DiscardHandler)); err != nil {
		fmt.Println("parent:", err)
		os.Exit(1)
	}
	fmt.Println("parent ready")
	select {}
}

func childSpec(addr string, out io.Writer) Spec {
	exe, _ := os.Executable()
	return Spec{
		Name:         "child",
		Path:         exe,
		Env:          []string{"SUPERVISOR_TEST_ROLE=child", "CHILD_ADDR=" + addr},
		Ready:        httpReady("http://" + addr + "/"),
		ReadyTimeout: 10 * time.Second,
		Output:       out,
		MinBackoff:   50 * time.Millisecond,
		MaxBackoff:   200 * time.Millisecond,
	}
}

func httpReady(url string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestStartPrefixesOutputAndStopKills(t *testing.T) {
	addr := freeAddr(t)
	var out syncBuffer
	p, err := Start(context.Background(), childSpec(addr, &out), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	st := p.Status()
	if st.State != StateUp || st.PID == 0 {
		t.Fatalf("status after start = %+v, want up with a pid", st)
	}
	waitFor(t, "child output", func() bool { return strings.Contains(out.String(), "[child] child starting\n") })
	p.Stop()
	if alive(st.PID) {
		t.Fatalf("child %d still alive after Stop", st.PID)
	}
	if got := p.Status().State; got != StateStopped {
		t.Fatalf("state after Stop = %s, want stopped", got)
	}
	// The partial line is flushed with the prefix when the child exits.
	if !strings.Contains(out.String(), "[child] partial line without newline\n") {
		t.Fatalf("partial line not flushed with prefix; output:\n%s", out.String())
	}
}

func TestCrashedChildIsRestarted(t *testing.T) {
	addr := freeAddr(t)
	p, err := Start(context.Background(), childSpec(addr, io.Discard), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	first := p.Status().PID
	_, _ = http.Get("http://" + addr + "/crash")
	waitFor(t, "restart", func() bool {
		st := p.Status()
		return st.Restarts == 1 && st.State == StateUp && st.PID != first
	})
	if alive(first) {
		t.Fatalf("crashed child %d still alive", first)
	}
	if st := p.Status(); !strings.Contains(st.LastError, "exit status 3") {
		t.Fatalf("last error = %q, want the exit status", st.LastError)
	}
}

func TestMissingBinaryFailsFast(t *testing.T) {
	_, err := Start(context.Background(), Spec{Name: "ghost", Path: filepath.Join(t.TempDir(), "nope")}, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "ghost") || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want a not-exist error naming the child", err)
	}
}

func TestChildExitingDuringStartup(t *testing.T) {
	spec := childSpec(freeAddr(t), io.Discard)
	spec.Env = append(spec.Env, "CHILD_FAIL=1")
	start := time.Now()
	_, err := Start(context.Background(), spec, slog.New(slog.DiscardHandler))
	if !errors.Is(err, ErrNotReady) || !strings.Contains(err.Error(), "exit status 7") {
		t.Fatalf("err = %v, want ErrNotReady with exit status 7", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("start-up failure took %s; it should not wait for the ready timeout", time.Since(start))
	}
}

func TestChildDiesWithKilledParent(t *testing.T) {
	exe, _ := os.Executable()
	pidfile := filepath.Join(t.TempDir(), "child.pid")
	parent := exec.Command(exe)
	parent.Env = append(os.Environ(), "SUPERVISOR_TEST_ROLE=parent", "CHILD_ADDR="+freeAddr(t), "CHILD_PIDFILE="+pidfile)
	var out syncBuffer
	parent.Stdout = &out
	parent.Stderr = &out
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "parent ready", func() bool { return strings.Contains(out.String(), "parent ready") })
	raw, err := os.ReadFile(pidfile)
	if err != nil {
		t.Fatal(err)
	}
	child, _ := strconv.Atoi(string(raw))
	if !alive(child) {
		t.Fatalf("child %d not running before the parent is killed", child)
	}
	if err := parent.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = parent.Wait()
	waitFor(t, "orphan to die", func() bool {
		// A zombie reaped by init disappears; a live orphan stays.
		return !alive(child)
	})
}
