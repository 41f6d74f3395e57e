package collab

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/coder/websocket"

	"github.com/interviewprep/interviewprep/internal/database"
)

// crashChild is the server process of TestCrash: embedded FerretDB in dir,
// the collab routes, one interview whose interviewer is "intv". It prints
// "LISTENING <url> <code doc url>" and serves until killed.
func crashChild(dir string) {
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(1)
	}
	db, err := database.Open(ctx, database.Options{Name: "crash", Dir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		fail(err)
	}
	rel := &relations{m: map[string]string{}}
	rel.set("iv", "intv", RelationInterviewer)
	s, err := New(Config{DB: db.DB, Relation: rel.relation, Secret: []byte("crash"), Logger: slog.New(slog.DiscardHandler),
		FlushInterval: 20 * time.Millisecond})
	if err != nil {
		fail(err)
	}
	codeURL := os.Getenv("COLLAB_CRASH_DOC")
	if codeURL == "" {
		docs, err := s.CreateInterviewDocs(ctx, "iv", DocsInit{Source: "start"})
		if err != nil {
			fail(err)
		}
		codeURL = docs.Code
	}
	mux := http.NewServeMux()
	s.Register(mux)
	ln, err := net.Listen("tcp", os.Getenv("COLLAB_CRASH_ADDR"))
	if err != nil {
		fail(err)
	}
	fmt.Printf("LISTENING http://%s %s\n", ln.Addr(), codeURL)
	_ = http.Serve(ln, mux)
	os.Exit(0)
}

func startChild(t *testing.T, dir, addr, doc string) (*exec.Cmd, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "COLLAB_CRASH_CHILD="+dir, "COLLAB_CRASH_ADDR="+addr, "COLLAB_CRASH_DOC="+doc)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != "LISTENING" {
		t.Fatalf("child said %q", line)
	}
	return cmd, f[1], f[2]
}

// TestCrash kills the server with SIGKILL while clients edit, restarts it,
// and checks that every change the server acknowledged (its sync message
// heads covered it) is there.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns server processes")
	}
	dir := t.TempDir()
	cmd, base, codeURL := startChild(t, dir, "127.0.0.1:0", "")
	code := docID(t, codeURL)
	s := &Server{secret: []byte("crash"), cfg: Config{TicketTTL: time.Hour}}
	ticket := s.Ticket("intv", "interviewer")

	var mu sync.Mutex
	var acked []automerge.ChangeHash
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 3 {
		c := dialURL(t, base, ticket, fmt.Sprintf("crash-peer-%d", w))
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := automerge.New()
			ss := automerge.NewSyncState(doc)
			sendSync := func(typ string) bool {
				sm, ok := ss.GenerateMessage()
				if !ok {
					return true
				}
				b, _ := EncodeMessage(&Message{Type: typ, SenderID: c.id, DocumentID: code, Data: sm.Bytes()})
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				return c.conn.Write(ctx, websocket.MessageBinary, b) == nil
			}
			sendSync(TypeRequest)
			var mine []automerge.ChangeHash
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				m := c.recv(20 * time.Millisecond)
				if m != nil && m.Type == TypeSync {
					sm, err := ss.ReceiveMessage(m.Data)
					if err != nil {
						return
					}
					// Every change of ours that the server's heads include is acknowledged.
					server := map[automerge.ChangeHash]bool{}
					for _, h := range sm.Heads() {
						server[h] = true
					}
					fork, err := doc.Fork(sm.Heads()...)
					if err == nil {
						var rest []automerge.ChangeHash
						for _, h := range mine {
							if _, err := fork.Change(h); err == nil {
								mu.Lock()
								acked = append(acked, h)
								mu.Unlock()
							} else {
								rest = append(rest, h)
							}
						}
						mine = rest
					}
				}
				if m == nil && len(doc.Heads()) > 0 && i%3 == 0 {
					if err := doc.Path("source").Text().Insert(0, "k"); err == nil {
						h, err := doc.Commit("k")
						if err == nil {
							mine = append(mine, h)
						}
					}
				}
				if !sendSync(TypeSync) {
					return
				}
			}
		}()
	}
	// Kill while the clients are still editing, once some changes are acknowledged.
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 20 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	close(stop)
	wg.Wait()
	mu.Lock()
	n := len(acked)
	mu.Unlock()
	if n == 0 {
		t.Fatal("no change was acknowledged before the kill; the test proves nothing")
	}

	_, base2, _ := startChild(t, dir, "127.0.0.1:0", codeURL)
	c := dialURL(t, base2, ticket, "crash-check")
	doc := automerge.New()
	c.syncDoc(code, doc, TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 && text(t, d, "source") != "" })
	missing := 0
	for _, h := range acked {
		if _, err := doc.Change(h); err != nil {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged changes lost in the crash", missing, n)
	}
	t.Logf("%d acknowledged changes, all there after SIGKILL and restart", n)
}
