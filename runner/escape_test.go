package runner

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The escape suite: programs that try to get out, in every language where
// the attempt applies. Each must be contained: the attempt fails or stays
// inside the sandbox, the run ends within its limits, nothing is left
// running, and the host (this test process) is unaffected.

// programs is one attempt per language; a missing language does not apply.
type programs map[string]string

// each runs every language's program in parallel and checks its result.
func each(t *testing.T, ps programs, stdin string, check func(t *testing.T, lang string, r Result)) {
	t.Helper()
	for _, lang := range Languages {
		src, ok := ps[lang]
		if !ok {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			r := run(t, lang, src, stdin)
			check(t, lang, r)
		})
	}
}

// javaMain wraps a body into a Main class with the usual imports.
func javaMain(body string) string {
	return "import java.io.*;\nimport java.net.*;\nimport java.nio.file.*;\nimport java.util.*;\n" +
		"public class Main {\n  public static void main(String[] args) throws Exception {\n" + body + "\n  }\n}\n"
}

func wantOut(t *testing.T, r Result, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.Stdout, w) {
			t.Errorf("stdout lacks %q\nstdout:\n%s\nstderr:\n%s", w, r.Stdout, r.Stderr)
		}
	}
}

func TestEscapeNetwork(t *testing.T) {
	// A listener on the host's loopback: the sandbox has a loopback of its own.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var mu sync.Mutex
	accepted := 0
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			accepted++
			mu.Unlock()
			c.Close()
		}
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	each(t, programs{
		Python: `import socket
for host in ["127.0.0.1", "1.1.1.1", "10.0.0.1"]:
    try:
        socket.create_connection((host, ` + port + `), timeout=1); print("CONNECTED", host)
    except Exception as e: print("tcp blocked", host)
try:
    socket.getaddrinfo("example.com", 80); print("RESOLVED")
except Exception as e: print("dns blocked")
`,
		JavaScript: `const net = require("net"), dns = require("dns");
let left = 4;
const done = () => { if (--left === 0) process.exit(0); };
for (const host of ["127.0.0.1", "1.1.1.1", "10.0.0.1"]) {
  const s = net.connect({host, port: ` + port + `, timeout: 1000});
  s.on("connect", () => { console.log("CONNECTED", host); s.destroy(); done(); });
  s.on("error", () => { console.log("tcp blocked", host); done(); });
  s.on("timeout", () => { console.log("tcp blocked", host); s.destroy(); done(); });
}
dns.lookup("example.com", (err) => { console.log(err ? "dns blocked" : "RESOLVED"); done(); });
`,
		Java: javaMain(`for (String host : new String[]{"127.0.0.1", "1.1.1.1", "10.0.0.1"}) {
      try (Socket s = new Socket()) { s.connect(new InetSocketAddress(host, ` + port + `), 1000); System.out.println("CONNECTED " + host); }
      catch (Exception e) { System.out.println("tcp blocked " + host); }
    }
    try { InetAddress.getByName("example.com"); System.out.println("RESOLVED"); }
    catch (Exception e) { System.out.println("dns blocked"); }`),
	}, "", func(t *testing.T, lang string, r Result) {
		if strings.Contains(r.Stdout, "CONNECTED") || strings.Contains(r.Stdout, "RESOLVED") {
			t.Errorf("network reached: %s", r.Stdout)
		}
		if strings.Count(r.Stdout, "tcp blocked") != 3 || !strings.Contains(r.Stdout, "dns blocked") {
			t.Errorf("the attempts did not all report: %q %q", r.Stdout, r.Stderr)
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if accepted != 0 {
		t.Errorf("the host's listener accepted %d connections from sandboxes", accepted)
	}
}

func TestEscapeReadHostFiles(t *testing.T) {
	// The app's data directory stands in as a directory of this test.
	dataDir := t.TempDir()
	secret := filepath.Join(dataDir, "db", "secret.sqlite")
	if err := os.MkdirAll(filepath.Dir(secret), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(secret, []byte("TOPSECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	paths := []string{secret, "/etc/shadow", "/etc/passwd", "/root/.bashrc", filepath.Join(wd, "sandbox.go"), "/proc/1/environ", "/home"}
	list := `"` + strings.Join(paths, `", "`) + `"`
	each(t, programs{
		Python:     "for p in [" + list + "]:\n    try:\n        open(p).read(); print('READ', p)\n    except Exception as e: print('denied', p, type(e).__name__)\n",
		JavaScript: "const fs = require('fs');\nfor (const p of [" + list + "]) { try { fs.readFileSync(p); console.log('READ', p); } catch (e) { console.log('denied', p, e.code); } }\n",
		Java:       javaMain("for (String p : new String[]{" + list + "}) { try { Files.readAllBytes(Paths.get(p)); System.out.println(\"READ \" + p); } catch (Exception e) { System.out.println(\"denied \" + p); } }"),
	}, "", func(t *testing.T, lang string, r Result) {
		for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
			// /proc/1 is the sandbox's own init: reading it reveals nothing of the host.
			if strings.HasPrefix(line, "READ") && !strings.HasPrefix(line, "READ /proc/1/environ") {
				t.Errorf("read a host file: %s", line)
			}
		}
		if strings.Count(r.Stdout, "denied") < len(paths)-1 || strings.Contains(r.Stdout, "TOPSECRET") {
			t.Errorf("unexpected output: %s / %s", r.Stdout, r.Stderr)
		}
	})
}

func TestEscapeWriteOutsideWorkDir(t *testing.T) {
	marker := "escape-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	hostTmp := filepath.Join(os.TempDir(), marker)
	paths := []string{"/usr/" + marker, "/etc/" + marker, "/" + marker, "/bin/" + marker, hostTmp, "/proc/sys/kernel/" + marker}
	list := `"` + strings.Join(paths, `", "`) + `"`
	each(t, programs{
		Python:     "for p in [" + list + "]:\n    try:\n        open(p, 'w').write('x'); print('WROTE', p)\n    except Exception as e: print('denied', p)\nopen('/work/ok', 'w').write('fine'); print('work ok')\n",
		JavaScript: "const fs = require('fs');\nfor (const p of [" + list + "]) { try { fs.writeFileSync(p, 'x'); console.log('WROTE', p); } catch (e) { console.log('denied', p); } }\nfs.writeFileSync('/work/ok', 'fine'); console.log('work ok');\n",
		Java:       javaMain("for (String p : new String[]{" + list + "}) { try { Files.write(Paths.get(p), new byte[]{1}); System.out.println(\"WROTE \" + p); } catch (Exception e) { System.out.println(\"denied \" + p); } }\n Files.write(Paths.get(\"/work/ok\"), new byte[]{1}); System.out.println(\"work ok\");"),
	}, "", func(t *testing.T, lang string, r Result) {
		// /tmp inside is the sandbox's own tmpfs: writing there is allowed and
		// must not reach the host's /tmp.
		for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
			if strings.HasPrefix(line, "WROTE") && line != "WROTE "+hostTmp {
				t.Errorf("wrote outside the work directory: %s", line)
			}
		}
		wantOut(t, r, "work ok")
	})
	for _, p := range []string{"/usr/" + marker, "/etc/" + marker, "/" + marker, "/bin/" + marker, hostTmp} {
		if _, err := os.Lstat(p); err == nil {
			os.Remove(p)
			t.Errorf("%s appeared on the host", p)
		}
	}
}

func TestEscapeLinksPlantedForTheHost(t *testing.T) {
	// The host never opens a path inside the sandbox (input goes in, output
	// comes out through pipes), so a planted link has nothing to catch. The
	// program plants links anyway, the usual names included, and tries a
	// hard link to a system file (another file system: refused).
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("untouched"), 0o644); err != nil {
		t.Fatal(err)
	}
	each(t, programs{
		Python: `import os
for name, target in [("stdout", "` + victim + `"), ("Main.class", "/etc/passwd"), ("classes", "/"), ("out.txt", "/proc/1/root/etc/shadow")]:
    try: os.symlink(target, "/work/" + name); print("symlink", name)
    except Exception as e: print("symlink failed", name, e)
try: os.link("/usr/bin/python3", "/work/hard"); print("HARDLINKED")
except Exception as e: print("hardlink refused", type(e).__name__)
print("done")
`,
		JavaScript: `const fs = require("fs");
for (const [name, target] of [["stdout", "` + victim + `"], ["Main.class", "/etc/passwd"], ["classes", "/"]]) {
  try { fs.symlinkSync(target, "/work/" + name); console.log("symlink", name); } catch (e) { console.log("symlink failed", name); }
}
try { fs.linkSync("/usr/bin/node", "/work/hard"); console.log("HARDLINKED"); } catch (e) { console.log("hardlink refused", e.code); }
console.log("done");
`,
		Java: javaMain(`Files.createSymbolicLink(Paths.get("/work/Main.class.out"), Paths.get("` + victim + `"));
    Files.createSymbolicLink(Paths.get("/work/classes.tar"), Paths.get("/etc/passwd"));
    try { Files.createLink(Paths.get("/work/hard"), Paths.get("/usr/bin/sh")); System.out.println("HARDLINKED"); }
    catch (Exception e) { System.out.println("hardlink refused"); }
    System.out.println("done");`),
	}, "", func(t *testing.T, lang string, r Result) {
		wantOut(t, r, "done", "hardlink refused")
		if b, _ := os.ReadFile(victim); string(b) != "untouched" {
			t.Errorf("the host file changed: %q", b)
		}
	})
}

func TestEscapeForkBomb(t *testing.T) {
	each(t, programs{
		Python: "import os\nwhile True:\n    try: os.fork()\n    except OSError: pass\n",
		JavaScript: `const cp = require("child_process");
for (;;) { try { cp.spawn("/bin/sh", ["-c", "while :; do :; done"], {detached: true}); } catch (e) {} }
`,
		Java: javaMain(`for (;;) { try { new ProcessBuilder("/bin/sh", "-c", "sleep 100").start(); } catch (Exception e) {}
      try { new Thread(() -> { try { Thread.sleep(100000); } catch (Exception e) {} }).start(); } catch (Throwable e) {} }`),
	}, "", func(t *testing.T, lang string, r Result) {
		if r.Limit == "" {
			t.Errorf("a fork bomb ended without a limit: exit %d, %s", r.ExitCode, r.Stderr)
		}
	})
	hostStillWorks(t)
}

// hostStillWorks checks the host can still start processes (and a run).
func hostStillWorks(t *testing.T) {
	t.Helper()
	r := run(t, Python, "print('alive')", "")
	if strings.TrimSpace(r.Stdout) != "alive" {
		t.Fatalf("a run after the attack failed: %+v", r)
	}
}

func TestEscapeMemoryBomb(t *testing.T) {
	each(t, programs{
		Python:     "a = []\nwhile True: a.append(bytearray(10**7))\n",
		JavaScript: "const a = []; for (;;) a.push(Buffer.alloc(1e7, 1));\n",
		Java:       javaMain(`List<long[]> a = new ArrayList<>(); for (;;) a.add(new long[1_000_000]);`),
	}, "", func(t *testing.T, lang string, r Result) {
		if r.ExitCode == 0 {
			t.Errorf("a memory bomb exited 0")
		}
		if r.Limit != "memory" {
			t.Errorf("limit %q, want memory (exit %d): %s", r.Limit, r.ExitCode, clipN(r.Stderr))
		}
		if r.MemoryKB > int64(testLimits.MemoryMB+400)<<10 {
			t.Errorf("used %d KB", r.MemoryKB)
		}
	})
}

func TestEscapeJavaHugeHeap(t *testing.T) {
	r := run(t, Java, javaMain(`long[] a = new long[Integer.MAX_VALUE - 8]; System.out.println(a.length);`), "")
	if r.Limit != "memory" || !strings.Contains(r.Stderr, "OutOfMemoryError") {
		t.Errorf("limit %q, stderr %s", r.Limit, clipN(r.Stderr))
	}
}

func TestEscapeCPUSpin(t *testing.T) {
	each(t, programs{
		Python:     "while True: pass\n",
		JavaScript: "for (;;) {}\n",
		Java:       javaMain(`long x = 0; for (;;) x++;`),
	}, "", func(t *testing.T, lang string, r Result) {
		if r.Limit != "cpu" && r.Limit != "time" {
			t.Errorf("limit %q, want cpu or time", r.Limit)
		}
		if r.TimeMs > (testLimits.Wall + 2*time.Second).Milliseconds() {
			t.Errorf("took %d ms", r.TimeMs)
		}
	})
}

func TestEscapeEndlessOutput(t *testing.T) {
	each(t, programs{
		Python:     "while True: print('y' * 1000)\n",
		JavaScript: "const s = 'y'.repeat(1000) + '\\n'; for (;;) process.stdout.write(s);\n",
		Java:       javaMain(`String s = "y".repeat(1000); for (;;) System.out.println(s);`),
	}, "", func(t *testing.T, lang string, r Result) {
		// Node queues writes to a slow pipe in its heap: it may hit the
		// memory limit before the output cap. Either way it is stopped.
		if !(r.Truncated && r.Limit == "output") && !(lang == JavaScript && r.Limit == "memory") {
			t.Errorf("truncated %v, limit %q", r.Truncated, r.Limit)
		}
		if len(r.Stdout) > testLimits.Output {
			t.Errorf("kept %d bytes", len(r.Stdout))
		}
	})
}

func TestEscapeSleepForever(t *testing.T) {
	each(t, programs{
		Python:     "import time\ntime.sleep(10**6)\n",
		JavaScript: "setInterval(() => {}, 1e9);\n",
		Java:       javaMain(`Thread.sleep(Long.MAX_VALUE);`),
	}, "", func(t *testing.T, lang string, r Result) {
		if r.Limit != "time" {
			t.Errorf("limit %q, want time", r.Limit)
		}
	})
}

func TestEscapeSignalsToParent(t *testing.T) {
	self := strconv.Itoa(os.Getpid())
	each(t, programs{
		Python:     "import os, signal\nfor pid in [os.getppid(), 1, " + self + "]:\n    try: os.kill(pid, signal.SIGKILL); print('sent', pid)\n    except Exception as e: print('refused', pid)\ntry: os.kill(-1, signal.SIGKILL)\nexcept Exception as e: print('refused -1')\n",
		JavaScript: "for (const pid of [process.ppid, 1, " + self + "]) { try { process.kill(pid, 'SIGKILL'); console.log('sent', pid); } catch (e) { console.log('refused', pid); } }\ntry { process.kill(-1, 'SIGKILL'); } catch (e) { console.log('refused -1'); }\n",
		Java: javaMain(`ProcessHandle.current().parent().ifPresent(p -> System.out.println("destroy parent: " + p.destroyForcibly()));
    ProcessHandle.of(` + self + `).ifPresentOrElse(p -> System.out.println("SEES HOST " + p.destroyForcibly()), () -> System.out.println("no such pid"));`),
	}, "", func(t *testing.T, lang string, r Result) {
		if strings.Contains(r.Stdout, "SEES HOST") {
			t.Errorf("the sandbox sees the host's process: %s", r.Stdout)
		}
	})
	hostStillWorks(t) // and this test process is alive to say so
}

func TestEscapePtrace(t *testing.T) {
	self := strconv.Itoa(os.Getpid())
	each(t, programs{
		Python: `import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
for pid in [os.getppid(), 1, ` + self + `]:
    r = libc.ptrace(16, pid, 0, 0)  # PTRACE_ATTACH
    print("attach", pid, "ok" if r == 0 else "refused", ctypes.get_errno())
`,
		JavaScript: `const fs = require("fs");
for (const pid of [process.ppid, 1, ` + self + `]) { try { fs.readFileSync("/proc/" + pid + "/mem"); console.log("READ MEM", pid); } catch (e) { console.log("refused", pid, e.code); } }
`,
	}, "", func(t *testing.T, lang string, r Result) {
		// The program is the sandbox's pid 1 (--as-pid-1): no parent to
		// trace, and the host's processes do not exist in its namespace.
		if strings.Contains(r.Stdout, " ok") || strings.Contains(r.Stdout, "READ MEM") || strings.Count(r.Stdout, "refused") != 3 {
			t.Errorf("traced something: %s %s", r.Stdout, r.Stderr)
		}
	})
}

func TestEscapePythonOSSystem(t *testing.T) {
	r := run(t, Python, `import os
os.system("id; cat /etc/shadow; ls /root; echo pwned > /usr/pwned; ping -c1 1.1.1.1; echo shell-ran")
`, "")
	if !strings.Contains(r.Stdout, "uid=1000") || !strings.Contains(r.Stdout, "shell-ran") {
		t.Errorf("stdout %q", r.Stdout)
	}
	if strings.Contains(r.Stdout, "root:") {
		t.Errorf("read /etc/shadow: %s", r.Stdout)
	}
	if _, err := os.Stat("/usr/pwned"); err == nil {
		t.Error("/usr/pwned on the host")
	}
}

func TestConcurrentRunsAreApart(t *testing.T) {
	// Two runs at once (the test sandbox has two slots): the first leaves
	// files and a process; the second looks for them.
	var wg sync.WaitGroup
	var first, second Result
	wg.Add(2)
	go func() {
		defer wg.Done()
		first = run(t, Python, `import time, os
open("/work/mine", "w").write("A"); open("/tmp/mine", "w").write("A")
print("uid", os.getuid(), "pids", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
time.sleep(1.5)
print("still", open("/work/mine").read())
`, "")
	}()
	go func() {
		defer wg.Done()
		time.Sleep(500 * time.Millisecond)
		second = run(t, Python, `import os
print("work", os.listdir("/work"), "tmp", os.listdir("/tmp"))
print("pids", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
`, "")
	}()
	wg.Wait()
	if !strings.Contains(first.Stdout, "still A") {
		t.Errorf("first: %q %q", first.Stdout, first.Stderr)
	}
	if strings.Contains(second.Stdout, "mine") {
		t.Errorf("the second run saw the first's files: %s", second.Stdout)
	}
	if !strings.Contains(second.Stdout, "pids [1]") {
		t.Errorf("the second run sees other processes: %s", second.Stdout)
	}
}

func TestKilledRunLeavesNothing(t *testing.T) {
	marker := fmt.Sprintf("zz%d", time.Now().UnixNano())
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		// A daemon that detaches (new session, double fork), then a wait.
		_, err := executor(t).Run(ctx, Program{Language: Python, Source: `import os, time, subprocess
subprocess.Popen(["/bin/sh", "-c", "exec -a ` + marker + ` sleep 1000"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["` + marker + `", "1000"])
time.sleep(1000)
`})
		done <- err
	}()
	time.Sleep(1500 * time.Millisecond)
	if n := countProcs(marker); n == 0 {
		t.Fatal("the daemons never started; the test proves nothing")
	}
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a cancelled run returned no error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled run did not return")
	}
	time.Sleep(100 * time.Millisecond)
	if n := countProcs(marker); n != 0 {
		t.Errorf("%d processes of the killed run are still alive", n)
	}
}

// countProcs counts host processes whose command line contains marker.
func countProcs(marker string) int {
	n := 0
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if strings.Contains(string(b), marker) {
			n++
		}
	}
	return n
}

func clipN(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}
