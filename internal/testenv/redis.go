package testenv

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/interviewprep/interviewprep/internal/stack"
	"github.com/interviewprep/interviewprep/internal/supervisor"
)

// Redis is a Redis of one test's own (Debian's redis-server, started in
// milliseconds), which the test may stop and start again on the same port
// to see nodes lose it and catch up.
type Redis struct {
	URL  string // redis://127.0.0.1:port/0
	Addr string
	dir  string
	port int

	mu   sync.Mutex
	proc *supervisor.Process
}

// StartRedis starts a Redis for t, stopped when t ends.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	ports, err := FreePorts(1)
	if err != nil {
		t.Fatalf("testenv: redis port: %v", err)
	}
	r := &Redis{
		URL: fmt.Sprintf("redis://127.0.0.1:%d/0", ports[0]), Addr: fmt.Sprintf("127.0.0.1:%d", ports[0]),
		dir: filepath.Join(t.TempDir(), "redis"), port: ports[0],
	}
	r.Start(t)
	t.Cleanup(r.Stop)
	return r
}

// Start starts the Redis again after Stop (same port, empty).
func (r *Redis) Start(t testing.TB) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.proc != nil {
		return
	}
	p, err := stack.StartRedis(context.Background(), stack.RedisOptions{Dir: r.dir, Port: r.port, Output: output()}, logger())
	if err != nil {
		t.Fatalf("testenv: redis: %v", err)
	}
	r.proc = p
}

// Stop stops the Redis (its clients see their connections drop).
func (r *Redis) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.proc != nil {
		r.proc.Stop()
		r.proc = nil
	}
}
