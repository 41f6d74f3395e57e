// Package testenv gives tests the real components: FerretDB (in-process, on
// SQLite in a temporary directory), Ory Kratos (in-memory database), LiveKit
// and the Mailpit inbox, each on free loopback ports. Each component starts
// at most once per test binary, the first time a test asks for it, and is
// shared by every test in the binary. Use it from TestMain:
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
// A missing component binary fails the test with the command that builds it;
// nothing is skipped.
package testenv

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/stack"
	"github.com/interviewprep/interviewprep/internal/supervisor"
)

// Kratos is a running Kratos.
type Kratos struct {
	PublicURL string // Kratos's own public listener (not proxied)
	AdminURL  string
	// AppURL is the app origin Kratos was configured for; its public
	// base_url is AppURL + "/auth/".
	AppURL  string
	Process *supervisor.Process

	mu       sync.Mutex
	people   map[string]Person // by label
	sessions map[string]string // session token by email
}

// LiveKit is a running LiveKit server.
type LiveKit struct {
	URL       string // ws://127.0.0.1:port
	APIURL    string // http://127.0.0.1:port
	APIKey    string
	APISecret string
	Process   *supervisor.Process
	// WebhookURL is where LiveKit posts its webhooks: a relay in this test
	// binary that passes each one on to the URLs tests gave OnWebhook.
	WebhookURL string

	hooks *webhookRelay
}

// Mail is a running Mailpit inbox.
type Mail struct {
	SMTPURL string // smtp://127.0.0.1:port
	SMTP    string // 127.0.0.1:port
	APIURL  string // http://127.0.0.1:port (REST API under /api/v1)
	Process *supervisor.Process
}

// env is the per-binary state; the zero value is ready.
type env struct {
	mu      sync.Mutex
	dir     string
	db      *database.DB
	dbErr   error
	kratos  *Kratos
	kErr    error
	livekit *LiveKit
	lkErr   error
	mail    *Mail
	mailErr error
	procs   []*supervisor.Process
	servers []*httptest.Server
}

// the one environment of this test binary (tests in a binary share it by design).
var shared env

// Main runs the tests and then stops every component that was started.
func Main(m *testing.M) {
	code := m.Run()
	shared.close()
	os.Exit(code)
}

func (e *env) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, p := range e.procs {
		p.Stop()
	}
	for _, s := range e.servers {
		s.Close()
	}
	if e.db != nil {
		_ = e.db.Close(context.Background())
	}
	if e.dir != "" {
		_ = os.RemoveAll(e.dir)
	}
}

func (e *env) tempDir() (string, error) {
	if e.dir == "" {
		d, err := os.MkdirTemp("", "interviewprep-testenv-")
		if err != nil {
			return "", err
		}
		e.dir = d
	}
	return e.dir, nil
}

// Logger returns a logger that writes through t.Log when verbose, else
// discards; component output goes to the same place.
func logger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.DiscardHandler)
}

func output() io.Writer {
	if testing.Verbose() {
		return os.Stderr
	}
	return io.Discard
}

// Database returns a fresh, empty database on the shared FerretDB, dropped
// when the test ends.
func Database(t testing.TB) *mongo.Database {
	t.Helper()
	db := Server(t)
	name := "t_" + sanitize(t.Name()) + "_" + RandomHex(4)
	if len(name) > 60 {
		name = name[:51] + "_" + RandomHex(4)
	}
	d := db.Client.Database(name)
	t.Cleanup(func() { _ = d.Drop(context.Background()) })
	return d
}

// Server returns the shared database server.
func Server(t testing.TB) *database.DB {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.db == nil && shared.dbErr == nil {
		dir, err := shared.tempDir()
		if err == nil {
			shared.db, err = database.Open(context.Background(), database.Options{
				URI:  os.Getenv("INTERVIEWPREP_TEST_MONGO_URI"), // a real MongoDB, when given
				Name: "test",
				Dir:  filepath.Join(dir, "db"),
			}, logger())
		}
		shared.dbErr = err
	}
	if shared.dbErr != nil {
		t.Fatalf("testenv: database: %v", shared.dbErr)
	}
	return shared.db
}

// StartKratos returns the shared Kratos, configured for an app served at
// appURL (only the first caller's appURL counts; pass "" for the default
// http://127.0.0.1:4455).
func StartKratos(t testing.TB, appURL string) *Kratos {
	t.Helper()
	mail := StartMail(t)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.kratos == nil && shared.kErr == nil {
		shared.kratos, shared.kErr = shared.startKratos(appURL, mail)
	}
	if shared.kErr != nil {
		t.Fatalf("testenv: kratos: %v", shared.kErr)
	}
	return shared.kratos
}

func (e *env) startKratos(appURL string, mail *Mail) (*Kratos, error) {
	dir, err := e.tempDir()
	if err != nil {
		return nil, err
	}
	if appURL == "" {
		appURL = "http://127.0.0.1:4455"
	}
	ports, err := FreePorts(2)
	if err != nil {
		return nil, err
	}
	pub, adm := ports[0], ports[1]
	secrets, err := stack.LoadOrCreateSecrets(filepath.Join(dir, "kratos"))
	if err != nil {
		return nil, err
	}
	p, err := stack.StartKratos(context.Background(), stack.KratosOptions{
		BinDir: BinDir(), Dir: filepath.Join(dir, "kratos"), DSN: "memory",
		PublicURL: strings.TrimRight(appURL, "/"), PublicPort: pub, AdminPort: adm,
		SMTPURL: mail.SMTPURL, From: "no-reply@interviewprep.test", Secrets: secrets,
		BcryptCost: 4, Output: output(),
	}, logger())
	if err != nil {
		return nil, err
	}
	e.procs = append(e.procs, p)
	return &Kratos{
		PublicURL: fmt.Sprintf("http://127.0.0.1:%d", pub),
		AdminURL:  fmt.Sprintf("http://127.0.0.1:%d", adm),
		AppURL:    appURL,
		Process:   p,
	}, nil
}

// StartLiveKit returns the shared LiveKit server.
func StartLiveKit(t testing.TB) *LiveKit {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.livekit == nil && shared.lkErr == nil {
		shared.livekit, shared.lkErr = shared.startLiveKit()
	}
	if shared.lkErr != nil {
		t.Fatalf("testenv: livekit: %v", shared.lkErr)
	}
	return shared.livekit
}

func (e *env) startLiveKit() (*LiveKit, error) {
	dir, err := e.tempDir()
	if err != nil {
		return nil, err
	}
	ports, err := FreePorts(3)
	if err != nil {
		return nil, err
	}
	key, secret := "testkey", RandomHex(24)
	relay := &webhookRelay{}
	srv := httptest.NewServer(relay)
	e.servers = append(e.servers, srv)
	hookURL := srv.URL + "/livekit/webhook"
	p, err := stack.StartLiveKit(context.Background(), stack.LiveKitOptions{
		BinDir: BinDir(), Dir: filepath.Join(dir, "livekit"),
		Port: ports[0], RTCTCPPort: ports[1], RTCUDPPort: ports[2], NodeIP: "127.0.0.1",
		APIKey: key, APISecret: secret, WebhookURL: hookURL, Output: output(),
	}, logger())
	if err != nil {
		return nil, err
	}
	e.procs = append(e.procs, p)
	return &LiveKit{
		URL:        fmt.Sprintf("ws://127.0.0.1:%d", ports[0]),
		APIURL:     fmt.Sprintf("http://127.0.0.1:%d", ports[0]),
		APIKey:     key,
		APISecret:  secret,
		Process:    p,
		WebhookURL: hookURL,
		hooks:      relay,
	}, nil
}

// OnWebhook has every webhook LiveKit posts while the test runs passed on
// to url (a POST with LiveKit's headers and body, so its signature holds).
// Tests sharing the LiveKit each get every webhook, their own rooms' and
// the others': a receiver ignores rooms it does not know.
func (lk *LiveKit) OnWebhook(t testing.TB, url string) {
	t.Helper()
	lk.hooks.add(url)
	t.Cleanup(func() { lk.hooks.remove(url) })
}

// webhookRelay passes LiveKit's webhooks on to the URLs tests listen on.
// It answers 200 when every receiver did (or none listens) and 502
// otherwise, so that LiveKit retries as it would with one receiver.
type webhookRelay struct {
	mu   sync.Mutex
	urls []string
}

func (r *webhookRelay) add(url string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.urls = append(r.urls, url)
}

func (r *webhookRelay) remove(url string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i := slices.Index(r.urls, url); i >= 0 {
		r.urls = slices.Delete(r.urls, i, i+1)
	}
}

func (r *webhookRelay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	urls := slices.Clone(r.urls)
	r.mu.Unlock()
	status := http.StatusOK
	for _, url := range urls {
		out, err := http.NewRequestWithContext(req.Context(), req.Method, url, bytes.NewReader(body))
		if err != nil {
			status = http.StatusBadGateway
			continue
		}
		for _, h := range []string{"Authorization", "Content-Type", "User-Agent"} {
			out.Header.Set(h, req.Header.Get(h))
		}
		resp, err := http.DefaultClient.Do(out)
		if err != nil {
			status = http.StatusBadGateway
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			status = http.StatusBadGateway
		}
	}
	w.WriteHeader(status)
}

// StartMail returns the shared Mailpit inbox.
func StartMail(t testing.TB) *Mail {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.mail == nil && shared.mailErr == nil {
		shared.mail, shared.mailErr = shared.startMail()
	}
	if shared.mailErr != nil {
		t.Fatalf("testenv: mail: %v", shared.mailErr)
	}
	return shared.mail
}

func (e *env) startMail() (*Mail, error) {
	ports, err := FreePorts(2)
	if err != nil {
		return nil, err
	}
	smtpPort, apiPort := ports[0], ports[1]
	p, err := stack.StartMailpit(context.Background(), stack.MailpitOptions{
		BinDir: BinDir(), SMTPPort: smtpPort, UIPort: apiPort, Output: output(),
	}, logger())
	if err != nil {
		return nil, err
	}
	e.procs = append(e.procs, p)
	smtp := fmt.Sprintf("127.0.0.1:%d", smtpPort)
	return &Mail{SMTPURL: "smtp://" + smtp, SMTP: smtp, APIURL: fmt.Sprintf("http://127.0.0.1:%d", apiPort), Process: p}, nil
}

// BinDir is where the component binaries are: $INTERVIEWPREP_BIN_DIR, or
// bin/ at the repository root.
func BinDir() string {
	if d := os.Getenv("INTERVIEWPREP_BIN_DIR"); d != "" {
		return d
	}
	return filepath.Join(RepoRoot(), "bin")
}

// RepoRoot walks up from the working directory to the module root.
func RepoRoot() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/interviewprep/interviewprep\n") {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort() (int, error) {
	ports, err := FreePorts(1)
	if err != nil {
		return 0, err
	}
	return ports[0], nil
}

// FreePorts returns n distinct ports that were free a moment ago for TCP
// and UDP on every address. They are picked below the kernel's ephemeral
// range: a port from the range (what ":0" gives) can be taken as the source
// port of any outgoing connection on the machine before the component under
// test binds it, which happened under make test's parallel packages
// (LiveKit's ICE/TCP port "in use"). All n are held until every one is
// picked, so the same port is never returned twice.
func FreePorts(n int) ([]int, error) {
	lo, hi := 20000, ephemeralLow()
	if hi-lo < 1000 {
		lo, hi = 10000, 20000
	}
	ports := make([]int, 0, n)
	for tries := 0; len(ports) < n; tries++ {
		if tries > 20*n+1000 {
			return nil, fmt.Errorf("testenv: no %d free ports in %d–%d", n, lo, hi)
		}
		p := lo + rand.IntN(hi-lo)
		if slices.Contains(ports, p) {
			continue
		}
		l, err := net.Listen("tcp", fmt.Sprintf(":%d", p))
		if err != nil {
			continue
		}
		defer l.Close()
		u, err := net.ListenPacket("udp", fmt.Sprintf(":%d", p))
		if err != nil {
			continue
		}
		defer u.Close()
		ports = append(ports, p)
	}
	return ports, nil
}

// ephemeralLow is the first port of the kernel's ephemeral range (Linux's
// ip_local_port_range; 32768 when it cannot be read).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	var low int
	if _, err := fmt.Sscan(string(b), &low); err != nil || low <= 0 {
		return 32768
	}
	return low
}

func sanitize(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
