package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestCommandLine(t *testing.T) {
	env := func(string) string { return "" }
	cases := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{args: nil, code: 2, stderr: "Usage:"},
		{args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
		{args: []string{"version"}, code: 0, stdout: "interviewprep " + version},
		{args: []string{"help"}, code: 0, stdout: "interviewprep serve"},
		{args: []string{"dev", "-h"}, code: 0, stderr: "-kratos-admin-port"},
		{args: []string{"dev", "--bogus"}, code: 2, stderr: "flag provided but not defined: -bogus"},
		{args: []string{"dev", "--db-port", "70000"}, code: 2, stderr: "--db-port (INTERVIEWPREP_DB_PORT)"},
		{args: []string{"serve"}, code: 2, stderr: "--mongo-uri (INTERVIEWPREP_MONGO_URI): is required"},
		{args: []string{"migrate", "extra"}, code: 2, stderr: `unexpected argument "extra"`},
		{args: []string{"user"}, code: 2, stderr: "usage: interviewprep user set-role"},
		{args: []string{"user", "set-role", "ada@example.com"}, code: 2, stderr: "usage: interviewprep user set-role"},
		{args: []string{"user", "set-role", "ada@example.com", "wizard"}, code: 2, stderr: "candidate, interviewer or admin"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(c.args, env, &out, &errb)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, c.code, errb.String())
			}
			if !strings.Contains(out.String(), c.stdout) {
				t.Errorf("stdout %q does not contain %q", out.String(), c.stdout)
			}
			if !strings.Contains(errb.String(), c.stderr) {
				t.Errorf("stderr %q does not contain %q", errb.String(), c.stderr)
			}
		})
	}
}

func TestMigrateOnEmbeddedDatabase(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"migrate", "--data-dir", t.TempDir()}, func(string) string { return "" }, &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "indexes in place") {
		t.Fatalf("migrate exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

func TestSetRoleOfUnknownUser(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"user", "set-role", "--data-dir", t.TempDir(), "nobody@example.com", "admin"}
	code := run(args, func(string) string { return "" }, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "interviewprep user set-role: ") || !strings.Contains(errb.String(), "nobody@example.com") {
		t.Fatalf("set-role of an unknown email: exit %d, stdout %q, stderr %q; want 1 naming the email", code, out.String(), errb.String())
	}
}

// The real binary: `dev` serves, a SIGKILL of it leaves no child running,
// and a second start on the same data directory comes up again.
func TestDevSurvivesNothingAfterSIGKILL(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "interviewprep")
	build := exec.Command("go", "build", "-o", exe, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dataDir := t.TempDir()
	free, err := testenv.FreePorts(9)
	if err != nil {
		t.Fatal(err)
	}
	port := func() string {
		p := free[0]
		free = free[1:]
		return fmt.Sprint(p)
	}
	addr := "127.0.0.1:" + port()
	args := []string{"dev", "--data-dir", dataDir, "--bin-dir", testenv.BinDir(), "--addr", addr,
		"--db-port", port(), "--kratos-public-port", port(), "--kratos-admin-port", port(),
		"--livekit-port", port(), "--livekit-rtc-tcp-port", port(), "--livekit-rtc-udp-port", port(),
		"--mail-smtp-port", port(), "--mail-ui-port", port()}

	start := func() (*exec.Cmd, map[string]int, time.Duration) {
		t.Helper()
		cmd := exec.Command(exe, args...)
		var logs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &logs, &logs
		began := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
		deadline := time.Now().Add(2 * time.Minute)
		for {
			pids, ok := healthyPIDs("http://" + addr)
			if ok {
				return cmd, pids, time.Since(began)
			}
			if time.Now().After(deadline) {
				t.Fatalf("dev not healthy after 2 minutes; output:\n%s", logs.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	cmd, pids, first := start()
	if len(pids) != 3 {
		t.Fatalf("child pids = %v, want kratos, livekit and mail", pids)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = cmd.Process.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for name, pid := range pids {
		for syscall.Kill(pid, 0) == nil {
			if time.Now().After(deadline) {
				t.Fatalf("%s (pid %d) still running after the parent was killed", name, pid)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// The ports are free again, and a second start on the same data comes up.
	if l, err := net.Listen("tcp", addr); err != nil {
		t.Fatalf("app port still taken after SIGKILL: %v", err)
	} else {
		l.Close()
	}
	cmd, _, second := start()
	t.Logf("first start %s, second start %s", first.Round(time.Millisecond), second.Round(time.Millisecond))

	// SIGTERM is a graceful stop with exit status 0.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	state, err := cmd.Process.Wait()
	if err != nil || state.ExitCode() != 0 {
		t.Fatalf("after SIGTERM: %v, exit %d; want 0", err, state.ExitCode())
	}
}

func healthyPIDs(base string) (map[string]int, bool) {
	resp, err := http.Get(base + "/api/health")
	if err != nil {
		return nil, false
	}
	defer resp.Body.Close()
	var rep struct {
		Status  string `json:"status"`
		Details map[string]struct {
			PID int `json:"pid"`
		} `json:"details"`
	}
	if json.NewDecoder(resp.Body).Decode(&rep) != nil || rep.Status != "up" {
		return nil, false
	}
	pids := map[string]int{}
	for name, d := range rep.Details {
		if d.PID != 0 {
			pids[name] = d.PID
		}
	}
	return pids, true
}
