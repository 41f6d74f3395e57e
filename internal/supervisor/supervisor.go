// Package supervisor runs child processes (Kratos, LiveKit, the dev mail
// inbox) for the lifetime of the parent: it starts each one, waits until it is
// ready, prefixes its log lines with its name, restarts it with back-off when it
// dies, and makes sure it dies with the parent, even when the parent is killed
// with SIGKILL (Linux parent-death signal).
package supervisor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// State is a child's lifecycle state as shown by the health endpoint.
type State string

const (
	StateStarting State = "starting"
	StateUp       State = "up"
	StateDown     State = "down"
	StateStopped  State = "stopped"
)

// ErrNotReady is returned by Start when the child never became ready.
var ErrNotReady = errors.New("supervisor: child did not become ready")

// Spec describes one child process.
type Spec struct {
	Name string   // short name used as log prefix and in health output
	Path string   // executable
	Args []string // arguments
	Env  []string // extra environment (KEY=VALUE), appended to the parent's
	Dir  string   // working directory ("" = parent's)
	// Ready reports nil once the child serves; it is polled after every start.
	Ready func(ctx context.Context) error
	// ReadyTimeout bounds the wait for Ready after a start (default 60s).
	ReadyTimeout time.Duration
	// Output receives the child's stdout and stderr, each line prefixed with
	// "[name] " (default os.Stderr).
	Output io.Writer
	// MinBackoff and MaxBackoff bound the restart delay (defaults 500ms, 30s).
	MinBackoff, MaxBackoff time.Duration
}

// Status is a snapshot of a child's state.
type Status struct {
	State     State
	PID       int
	Restarts  int
	Since     time.Time // when State was entered
	LastError string
}

// Process is a supervised child.
type Process struct {
	spec   Spec
	logger *slog.Logger

	mu     sync.Mutex
	status Status

	cancel context.CancelFunc
	done   chan struct{}
}

// Start launches the child and blocks until it is ready, ctx ends, the
// process exits during start-up, or ReadyTimeout passes. After a successful
// start the child is restarted with back-off whenever it exits, until Stop is
// called or ctx is cancelled.
func Start(ctx context.Context, spec Spec, logger *slog.Logger) (*Process, error) {
	if spec.Name == "" || spec.Path == "" {
		return nil, errors.New("supervisor: spec needs a name and a path")
	}
	if _, err := os.Stat(spec.Path); err != nil {
		return nil, fmt.Errorf("supervisor: %s: executable %s: %w", spec.Name, spec.Path, err)
	}
	if spec.ReadyTimeout == 0 {
		spec.ReadyTimeout = 60 * time.Second
	}
	if spec.Output == nil {
		spec.Output = os.Stderr
	}
	if spec.MinBackoff == 0 {
		spec.MinBackoff = 500 * time.Millisecond
	}
	if spec.MaxBackoff == 0 {
		spec.MaxBackoff = 30 * time.Second
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p := &Process{
		spec:   spec,
		logger: logger.With("component", spec.Name),
		cancel: cancel,
		done:   make(chan struct{}),
		status: Status{State: StateStarting, Since: time.Now()},
	}

	first, exited, err := p.launch(runCtx)
	if err != nil {
		cancel()
		close(p.done)
		return nil, err
	}
	if err := p.waitReady(ctx, exited, first); err != nil {
		cancel()
		<-exited
		close(p.done)
		p.setState(StateStopped, err.Error())
		return nil, err
	}
	go p.loop(runCtx, exited)
	return p, nil
}

// Stop terminates the child (SIGTERM, then SIGKILL after grace) and stops
// restarting it. It returns once the child has exited.
func (p *Process) Stop() {
	p.cancel()
	<-p.done
}

// Status returns a snapshot of the child's state.
func (p *Process) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status
}

// Name returns the child's name.
func (p *Process) Name() string { return p.spec.Name }

func (p *Process) setState(s State, lastErr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.status.State != s {
		p.status.Since = time.Now()
	}
	p.status.State = s
	if lastErr != "" {
		p.status.LastError = lastErr
	}
}

// launch starts one instance of the child. The returned channel yields the
// result of Wait once the process has exited.
func (p *Process) launch(ctx context.Context) (int, chan error, error) {
	started := make(chan error, 1)
	exited := make(chan error, 1)
	var pid int
	go func() {
		// Pdeathsig fires when the *thread* that forked the child exits, so the
		// forking goroutine keeps its thread until the child is gone.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()

		cmd := exec.Command(p.spec.Path, p.spec.Args...)
		cmd.Dir = p.spec.Dir
		cmd.Env = append(os.Environ(), p.spec.Env...)
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Setpgid:   true,
			Pdeathsig: syscall.SIGKILL,
		}
		out := newPrefixWriter(p.spec.Output, "["+p.spec.Name+"] ")
		cmd.Stdout = out
		cmd.Stderr = out
		if err := cmd.Start(); err != nil {
			started <- fmt.Errorf("supervisor: start %s (%s): %w", p.spec.Name, p.spec.Path, err)
			return
		}
		pid = cmd.Process.Pid
		started <- nil

		waitErr := make(chan error, 1)
		go func() { waitErr <- cmd.Wait() }()
		select {
		case err := <-waitErr:
			out.Flush()
			exited <- err
		case <-ctx.Done():
			_ = syscall.Kill(-pid, syscall.SIGTERM)
			select {
			case err := <-waitErr:
				out.Flush()
				exited <- err
			case <-time.After(5 * time.Second):
				_ = syscall.Kill(-pid, syscall.SIGKILL)
				err := <-waitErr
				out.Flush()
				exited <- err
			}
		}
	}()
	if err := <-started; err != nil {
		return 0, nil, err
	}
	p.mu.Lock()
	p.status.PID = pid
	p.mu.Unlock()
	return pid, exited, nil
}

// waitReady polls the Ready probe until it passes. An exit during start-up is
// an error that carries the exit status.
func (p *Process) waitReady(ctx context.Context, exited chan error, pid int) error {
	if p.spec.Ready == nil {
		p.setState(StateUp, "")
		return nil
	}
	deadline := time.NewTimer(p.spec.ReadyTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		probeCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		lastErr = p.spec.Ready(probeCtx)
		cancel()
		if lastErr == nil {
			p.setState(StateUp, "")
			p.logger.Info("ready", "pid", pid)
			return nil
		}
		select {
		case err := <-exited:
			// Put the result back for whoever drains the channel next.
			exited <- err
			return fmt.Errorf("%w: %s exited during start-up (%v); see the [%s] lines above", ErrNotReady, p.spec.Name, exitReason(err), p.spec.Name)
		case <-ctx.Done():
			return fmt.Errorf("supervisor: %s: %w", p.spec.Name, ctx.Err())
		case <-deadline.C:
			return fmt.Errorf("%w: %s not ready after %s: %v", ErrNotReady, p.spec.Name, p.spec.ReadyTimeout, lastErr)
		case <-tick.C:
		}
	}
}

// loop restarts the child whenever it exits, with exponential back-off that
// resets once an instance has stayed up for a minute.
func (p *Process) loop(ctx context.Context, exited chan error) {
	defer close(p.done)
	backoff := p.spec.MinBackoff
	startedAt := time.Now()
	for {
		err := <-exited
		if ctx.Err() != nil {
			p.setState(StateStopped, "")
			return
		}
		p.setState(StateDown, fmt.Sprintf("exited: %v", exitReason(err)))
		p.logger.Warn("child exited; restarting", "reason", exitReason(err), "backoff", backoff)
		if time.Since(startedAt) > time.Minute {
			backoff = p.spec.MinBackoff
		}
		select {
		case <-ctx.Done():
			p.setState(StateStopped, "")
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, p.spec.MaxBackoff)

		p.mu.Lock()
		p.status.Restarts++
		p.mu.Unlock()
		p.setState(StateStarting, "")
		startedAt = time.Now()
		pid, ex, lerr := p.launch(ctx)
		if lerr != nil {
			p.logger.Error("restart failed", "err", lerr)
			p.setState(StateDown, lerr.Error())
			// Feed a synthetic exit so the loop backs off and tries again.
			ex = make(chan error, 1)
			ex <- lerr
			exited = ex
			continue
		}
		exited = ex
		if rerr := p.waitReady(ctx, exited, pid); rerr != nil {
			p.logger.Warn("restarted child not ready", "err", rerr)
			p.setState(StateDown, rerr.Error())
			// The child may still be running but unhealthy; the next exit (or
			// the health checks) will tell. Keep watching it.
		}
	}
}

func exitReason(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// prefixWriter writes every complete line to w with a prefix.
type prefixWriter struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
	buf    []byte
}

func newPrefixWriter(w io.Writer, prefix string) *prefixWriter {
	return &prefixWriter{w: w, prefix: prefix}
}

func (pw *prefixWriter) Write(b []byte) (int, error) {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.buf = append(pw.buf, b...)
	for {
		i := bytes.IndexByte(pw.buf, '\n')
		if i < 0 {
			break
		}
		line := pw.buf[:i+1]
		if _, err := io.WriteString(pw.w, pw.prefix+string(line)); err != nil {
			return len(b), err
		}
		pw.buf = pw.buf[i+1:]
	}
	// A child that never writes a newline must not grow the buffer forever.
	if len(pw.buf) > 64<<10 {
		_, _ = io.WriteString(pw.w, pw.prefix+string(pw.buf)+"\n")
		pw.buf = pw.buf[:0]
	}
	return len(b), nil
}

// Flush writes a trailing partial line, if any.
func (pw *prefixWriter) Flush() {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	if len(pw.buf) > 0 {
		_, _ = io.WriteString(pw.w, pw.prefix+string(pw.buf)+"\n")
		pw.buf = pw.buf[:0]
	}
}
