package stack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/webhook"
)

func binDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("INTERVIEWPREP_BIN_DIR"); d != "" {
		return d
	}
	abs, err := filepath.Abs("../../bin")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func output() io.Writer {
	if testing.Verbose() {
		return os.Stderr
	}
	return io.Discard
}

func TestSecretsAreCreatedOnceAndKept(t *testing.T) {
	dir := t.TempDir()
	a, err := LoadOrCreateSecrets(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.KratosCipher) != 32 || len(a.LiveKitSecret) < 32 || a.KratosCookie == "" || a.LiveKitKey == "" {
		t.Fatalf("secrets = %+v: cipher must be 32 chars, LiveKit secret ≥ 32", a)
	}
	st, err := os.Stat(filepath.Join(dir, "secrets.json"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets.json: %v, mode %v; want 0600", err, st.Mode())
	}
	b, err := LoadOrCreateSecrets(dir)
	if err != nil || b != a {
		t.Fatalf("second load = %+v, %v; want the same secrets", b, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secrets.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateSecrets(dir); err == nil || !strings.Contains(err.Error(), "secrets.json") {
		t.Fatalf("corrupt file: err = %v, want one naming secrets.json", err)
	}
}

func TestMissingBinarySaysHowToBuildIt(t *testing.T) {
	_, err := KratosBinary.Path(t.TempDir())
	if !errors.Is(err, ErrMissingBinary) || !strings.Contains(err.Error(), "make bin/kratos") {
		t.Fatalf("err = %v, want ErrMissingBinary with the make target", err)
	}
	_, err = StartLiveKit(context.Background(), LiveKitOptions{BinDir: t.TempDir()}, slog.New(slog.DiscardHandler))
	if !errors.Is(err, ErrMissingBinary) || !strings.Contains(err.Error(), "make bin/livekit-server") {
		t.Fatalf("err = %v, want ErrMissingBinary with the make target", err)
	}
}

// Kratos accepts the rendered config, including social providers, and offers
// them in its registration flow.
func TestKratosConfigWithProviders(t *testing.T) {
	dir := t.TempDir()
	secrets, err := LoadOrCreateSecrets(dir)
	if err != nil {
		t.Fatal(err)
	}
	pub, adm := freePort(t), freePort(t)
	p, err := StartKratos(context.Background(), KratosOptions{
		BinDir: binDir(t), Dir: dir, DSN: "memory", PublicURL: "http://127.0.0.1:1", PublicPort: pub, AdminPort: adm,
		SMTPURL: "smtp://127.0.0.1:1", From: "a@example.com", Secrets: secrets, BcryptCost: 4, Output: output(),
		Providers: []OIDCProvider{
			GitHubProvider("id", "secret"),
			GoogleProvider("gid", "gsecret"),
			GenericProvider("Company SSO", "http://127.0.0.1:1/oidc", "id2", "s2"),
		},
		HookURL: "http://127.0.0.1:1/internal/kratos/hook", HookKey: "k",
	}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()

	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/self-service/registration/api", pub))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var flow struct {
		UI struct {
			Nodes []struct {
				Group      string `json:"group"`
				Attributes struct {
					Name  string `json:"name"`
					Value any    `json:"value"`
				} `json:"attributes"`
			} `json:"nodes"`
		} `json:"ui"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&flow); err != nil {
		t.Fatal(err)
	}
	providers := map[string]bool{}
	groups := map[string]bool{}
	for _, n := range flow.UI.Nodes {
		groups[n.Group] = true
		if n.Group == "oidc" && n.Attributes.Name == "provider" {
			providers[fmt.Sprint(n.Attributes.Value)] = true
		}
	}
	if !providers["github"] || !providers["google"] || !providers["sso"] || !groups["password"] {
		t.Fatalf("registration offers groups %v, providers %v; want password plus github, google and sso", groups, providers)
	}
}

// Mailpit keeps what is sent to it and serves it through its API.
func TestMailpitReceivesMail(t *testing.T) {
	smtpPort, apiPort := freePort(t), freePort(t)
	p, err := StartMailpit(context.Background(), MailpitOptions{BinDir: binDir(t), SMTPPort: smtpPort, UIPort: apiPort, Output: output()}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	msg := "From: a@example.com\r\nTo: b@example.com\r\nSubject: hello from the test\r\n\r\nbody\r\n"
	if err := smtp.SendMail(fmt.Sprintf("127.0.0.1:%d", smtpPort), nil, "a@example.com", []string{"b@example.com"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/api/v1/messages", apiPort))
		if err != nil {
			t.Fatal(err)
		}
		var list struct {
			Messages []struct{ Subject string } `json:"messages"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if len(list.Messages) == 1 && list.Messages[0].Subject == "hello from the test" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("messages = %+v, want the one sent", list.Messages)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// The rendered LiveKit config (LiveKit refuses unknown keys) posts webhooks
// to WebhookURL, signed with the key pair, and leaves room creation to the
// app.
func TestLiveKitPostsSignedWebhooks(t *testing.T) {
	key, secret := "stacktest", strings.Repeat("s", 32)
	got := make(chan string, 16)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := webhook.Receive(r, auth.NewSimpleKeyProvider(key, secret))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		got <- string(data)
	}))
	defer hook.Close()
	port, tcp, udp := freePort(t), freePort(t), freePort(t)
	p, err := StartLiveKit(context.Background(), LiveKitOptions{
		BinDir: binDir(t), Dir: t.TempDir(), Port: port, RTCTCPPort: tcp, RTCUDPPort: udp, NodeIP: "127.0.0.1",
		APIKey: key, APISecret: secret, WebhookURL: hook.URL + "/internal/livekit/webhook", Output: output(),
	}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()

	// A join token for a room nobody created is refused (auto_create: false)...
	api := fmt.Sprintf("http://127.0.0.1:%d", port)
	join, err := auth.NewAccessToken(key, secret).SetIdentity("u").SetVideoGrant(&auth.VideoGrant{RoomJoin: true, Room: "r1"}).ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(api + "/rtc/validate?access_token=" + join)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Errorf("joining a room the app did not create: %d, want a refusal", resp.StatusCode)
	}
	// ... and creating one through the server API posts room_started.
	admin, err := auth.NewAccessToken(key, secret).SetVideoGrant(&auth.VideoGrant{RoomCreate: true}).ToJWT()
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, api+"/twirp/livekit.RoomService/CreateRoom", strings.NewReader(`{"name":"r1"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("CreateRoom: %d", resp.StatusCode)
	}
	select {
	case data := <-got:
		if !strings.Contains(data, `"room_started"`) || !strings.Contains(data, `"r1"`) {
			t.Fatalf("first webhook = %s, want room_started of r1", data)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no signed webhook within 20 s")
	}
}
