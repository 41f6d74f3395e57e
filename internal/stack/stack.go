// Package stack renders the configuration of the real components that dev
// mode and the test environment run as child processes (Ory Kratos, LiveKit,
// the Mailpit dev inbox, Redis) and starts them under the supervisor.
package stack

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"text/template"
	"time"

	"github.com/interviewprep/interviewprep/deploy"
	"github.com/interviewprep/interviewprep/internal/supervisor"
)

// Binary describes one component executable and how it is built.
type Binary struct {
	Name  string // file name under the bin directory
	Build string // how to build it, shown when it is missing
}

var (
	KratosBinary  = Binary{"kratos", "make bin/kratos (Ory Kratos v1.3.1, ~9 min on a cold Go cache)"}
	LiveKitBinary = Binary{"livekit-server", "make bin/livekit-server (LiveKit v1.13.5, ~9 min on a cold Go cache)"}
	MailpitBinary = Binary{"mailpit", "make bin/mailpit (Mailpit v1.33.1, ~1 min)"}
)

// ErrMissingBinary is returned when a component's executable is not built.
var ErrMissingBinary = errors.New("component binary missing")

// Path returns the binary's path under binDir, or an error saying how to
// build it.
func (b Binary) Path(binDir string) (string, error) {
	p := filepath.Join(binDir, b.Name)
	st, err := os.Stat(p)
	if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("%w: %s not found at %s; build it with `%s`", ErrMissingBinary, b.Name, p, b.Build)
	}
	return p, nil
}

// Secrets are generated once per data directory and kept there.
type Secrets struct {
	KratosCookie  string `json:"kratosCookie"`
	KratosCipher  string `json:"kratosCipher"`
	LiveKitKey    string `json:"livekitKey"`
	LiveKitSecret string `json:"livekitSecret"`
	KratosWebhook string `json:"kratosWebhook"`
	CollabTicket  string `json:"collabTicket"`
}

// LoadOrCreateSecrets reads dir/secrets.json, creating it on first use.
func LoadOrCreateSecrets(dir string) (Secrets, error) {
	path := filepath.Join(dir, "secrets.json")
	var s Secrets
	raw, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(raw, &s); err != nil {
			return s, fmt.Errorf("stack: read %s: %w (delete it to generate new secrets)", path, err)
		}
		if s.KratosCookie != "" && s.KratosCipher != "" && s.LiveKitKey != "" && len(s.LiveKitSecret) >= 32 {
			if s.KratosWebhook != "" && s.CollabTicket != "" {
				return s, nil
			}
			// Written by an older version: add what is missing, keep the rest.
			if s.KratosWebhook == "" {
				s.KratosWebhook = randomHex(24)
			}
			if s.CollabTicket == "" {
				s.CollabTicket = randomHex(32)
			}
			return s, writeSecrets(dir, path, s)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return s, fmt.Errorf("stack: read secrets: %w", err)
	}
	s = Secrets{
		KratosCookie:  randomHex(32),
		KratosCipher:  randomHex(16), // xchacha20-poly1305 wants exactly 32 characters
		LiveKitKey:    "API" + randomHex(6),
		LiveKitSecret: randomHex(24),
		KratosWebhook: randomHex(24),
		CollabTicket:  randomHex(32),
	}
	return s, writeSecrets(dir, path, s)
}

func writeSecrets(dir, path string, s Secrets) error {
	raw, _ := json.MarshalIndent(s, "", "  ")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("stack: create %s: %w", dir, err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		return fmt.Errorf("stack: write secrets: %w", err)
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b)
}

// OIDCProvider is one social sign-in provider rendered into Kratos's config.
type OIDCProvider struct {
	ID, Provider           string // e.g. "github"/"github", "google"/"google", "sso"/"generic"
	Label                  string // button text for generic providers ("Company SSO")
	ClientID, ClientSecret string
	IssuerURL              string // generic providers only
	MapperURL              string // file:// or base64:// Jsonnet; empty = the mapper in deploy/kratos for Provider
	Scopes                 []string
}

// GitHubProvider, GoogleProvider and GenericProvider build the providers the
// app offers, with the scopes their claim mappers need.
func GitHubProvider(clientID, secret string) OIDCProvider {
	return OIDCProvider{ID: "github", Provider: "github", ClientID: clientID, ClientSecret: secret, Scopes: []string{"read:user", "user:email"}}
}

func GoogleProvider(clientID, secret string) OIDCProvider {
	return OIDCProvider{ID: "google", Provider: "google", ClientID: clientID, ClientSecret: secret, Scopes: []string{"openid", "email", "profile"}}
}

func GenericProvider(label, issuerURL, clientID, secret string) OIDCProvider {
	return OIDCProvider{ID: "sso", Provider: "generic", Label: label, IssuerURL: issuerURL, ClientID: clientID, ClientSecret: secret, Scopes: []string{"openid", "email", "profile"}}
}

// KratosOptions configures a managed Kratos.
type KratosOptions struct {
	BinDir     string
	Dir        string // rendered config and SQLite database go here
	DSN        string // "memory" for tests; empty = SQLite file in Dir
	PublicURL  string // app origin; Kratos's public base URL is PublicURL + "/auth/"
	PublicPort int
	AdminPort  int
	SMTPURL    string
	From       string
	Secrets    Secrets
	Providers  []OIDCProvider
	// HookURL receives the registration web hook (empty: no hook); HookKey
	// is sent as its X-Api-Key header.
	HookURL    string
	HookKey    string
	LogLevel   string // Kratos log level
	BcryptCost int    // 4 in tests, 10 in dev
	Output     io.Writer
}

// StartKratos renders Kratos's config, migrates its database and starts it.
func StartKratos(ctx context.Context, o KratosOptions, logger *slog.Logger) (*supervisor.Process, error) {
	bin, err := KratosBinary.Path(o.BinDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("stack: kratos dir: %w", err)
	}
	schema, err := deploy.FS.ReadFile("kratos/identity.schema.json")
	if err != nil {
		return nil, fmt.Errorf("stack: identity schema: %w", err)
	}
	schemaPath := filepath.Join(o.Dir, "identity.schema.json")
	if err := os.WriteFile(schemaPath, schema, 0o600); err != nil {
		return nil, fmt.Errorf("stack: write identity schema: %w", err)
	}
	// Jsonnet files Kratos reads: the hook body and the claim mappers.
	for _, name := range []string{"registration.hook.jsonnet", "oidc.github.jsonnet", "oidc.google.jsonnet", "oidc.generic.jsonnet"} {
		b, err := deploy.FS.ReadFile("kratos/" + name)
		if err != nil {
			return nil, fmt.Errorf("stack: %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(o.Dir, name), b, 0o600); err != nil {
			return nil, fmt.Errorf("stack: write %s: %w", name, err)
		}
	}
	providers := make([]OIDCProvider, len(o.Providers))
	for i, p := range o.Providers {
		if p.MapperURL == "" {
			mapper := "oidc.generic.jsonnet"
			if p.Provider == "github" || p.Provider == "google" {
				mapper = "oidc." + p.Provider + ".jsonnet"
			}
			p.MapperURL = "file://" + filepath.Join(o.Dir, mapper)
		}
		providers[i] = p
	}
	dsn := o.DSN
	if dsn == "" {
		dsn = "sqlite://" + filepath.Join(o.Dir, "kratos.sqlite") + "?_fk=true&mode=rwc&_journal_mode=WAL&_busy_timeout=5000"
	}
	o.LogLevel = kratosLevel(o.LogLevel)
	if o.BcryptCost == 0 {
		o.BcryptCost = 10
	}
	smtpURL := o.SMTPURL + "/?disable_starttls=true"
	cfgPath := filepath.Join(o.Dir, "kratos.yml")
	err = renderTemplate("kratos/kratos.yml.tmpl", cfgPath, map[string]any{
		"DSN":           dsn,
		"PublicURL":     o.PublicURL,
		"PublicPort":    o.PublicPort,
		"AdminPort":     o.AdminPort,
		"SMTPURL":       smtpURL,
		"FromAddress":   o.From,
		"CookieSecret":  o.Secrets.KratosCookie,
		"CipherSecret":  o.Secrets.KratosCipher,
		"SchemaPath":    schemaPath,
		"OIDCProviders": providers,
		"HookURL":       o.HookURL,
		"HookKey":       o.HookKey,
		"HookBodyPath":  filepath.Join(o.Dir, "registration.hook.jsonnet"),
		"LogLevel":      o.LogLevel,
		"BcryptCost":    o.BcryptCost,
	})
	if err != nil {
		return nil, err
	}
	if dsn != "memory" {
		// `kratos serve` migrates only the in-memory database by itself.
		mctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		out, err := exec.CommandContext(mctx, bin, "migrate", "sql", "-e", "--yes", "-c", cfgPath).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("stack: kratos migrate: %w\n%s", err, tail(out, 2000))
		}
	}
	return supervisor.Start(ctx, supervisor.Spec{
		Name:         "kratos",
		Path:         bin,
		Args:         []string{"serve", "-c", cfgPath, "--watch-courier"},
		Dir:          o.Dir,
		Ready:        HTTPReady(fmt.Sprintf("http://127.0.0.1:%d/admin/health/ready", o.AdminPort)),
		ReadyTimeout: 90 * time.Second,
		Output:       o.Output,
	}, logger)
}

// kratosLevel maps slog-style levels to Kratos's names.
func kratosLevel(l string) string {
	switch l {
	case "debug", "info", "error":
		return l
	case "":
		return "warning"
	case "warn":
		return "warning"
	}
	return l
}

// LiveKitOptions configures a managed LiveKit server.
type LiveKitOptions struct {
	BinDir     string
	Dir        string
	Port       int
	RTCTCPPort int
	RTCUDPPort int
	NodeIP     string
	APIKey     string
	APISecret  string
	// WebhookURL receives LiveKit's webhooks (room started and finished,
	// participant joined and left), signed with APIKey and APISecret;
	// empty = no webhooks.
	WebhookURL string
	LogLevel   string
	Output     io.Writer
}

// StartLiveKit renders LiveKit's config and starts it.
func StartLiveKit(ctx context.Context, o LiveKitOptions, logger *slog.Logger) (*supervisor.Process, error) {
	bin, err := LiveKitBinary.Path(o.BinDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("stack: livekit dir: %w", err)
	}
	if o.LogLevel == "" {
		o.LogLevel = "warn"
	}
	cfgPath := filepath.Join(o.Dir, "livekit.yaml")
	if err := renderTemplate("livekit/livekit.yaml.tmpl", cfgPath, o); err != nil {
		return nil, err
	}
	return supervisor.Start(ctx, supervisor.Spec{
		Name:         "livekit",
		Path:         bin,
		Args:         []string{"--config", cfgPath},
		Dir:          o.Dir,
		Ready:        HTTPReady(fmt.Sprintf("http://127.0.0.1:%d/", o.Port)),
		ReadyTimeout: 60 * time.Second,
		Output:       o.Output,
	}, logger)
}

// MailpitOptions configures the dev inbox.
type MailpitOptions struct {
	BinDir   string
	Dir      string // database file; empty keeps mail in memory
	SMTPPort int
	UIPort   int
	Output   io.Writer
}

// StartMailpit starts the dev inbox: an SMTP server that keeps every message
// and a REST API (/api/v1/...) to read them.
func StartMailpit(ctx context.Context, o MailpitOptions, logger *slog.Logger) (*supervisor.Process, error) {
	bin, err := MailpitBinary.Path(o.BinDir)
	if err != nil {
		return nil, err
	}
	args := []string{
		"--smtp", fmt.Sprintf("127.0.0.1:%d", o.SMTPPort),
		"--listen", fmt.Sprintf("127.0.0.1:%d", o.UIPort),
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure",
		"--disable-version-check", "--quiet",
		"--max", "2000",
	}
	if o.Dir != "" {
		if err := os.MkdirAll(o.Dir, 0o700); err != nil {
			return nil, fmt.Errorf("stack: mailpit dir: %w", err)
		}
		args = append(args, "--database", filepath.Join(o.Dir, "mailpit.db"))
	}
	return supervisor.Start(ctx, supervisor.Spec{
		Name:         "mail",
		Path:         bin,
		Args:         args,
		Dir:          o.Dir,
		Ready:        HTTPReady(fmt.Sprintf("http://127.0.0.1:%d/readyz", o.UIPort)),
		ReadyTimeout: 30 * time.Second,
		Output:       o.Output,
	}, logger)
}

// HTTPReady returns a probe that passes when url answers 2xx.
func HTTPReady(url string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
		}
		return nil
	}
}

func renderTemplate(name, dst string, data any) error {
	src, err := deploy.FS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("stack: template %s: %w", name, err)
	}
	funcs := template.FuncMap{"list": func(v ...string) []string { return v }}
	t, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return fmt.Errorf("stack: parse %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("stack: render %s: %w", name, err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("stack: write %s: %w", dst, err)
	}
	return nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// RedisOptions configures the dev Redis that links app nodes.
type RedisOptions struct {
	Dir    string // working directory; nothing is persisted (pub/sub only)
	Port   int
	Output io.Writer
}

// RedisPath finds Debian's redis-server (package redis-server, installed by
// make deps).
func RedisPath() (string, error) {
	p, err := exec.LookPath("redis-server")
	if err != nil {
		return "", fmt.Errorf("%w: redis-server not found on PATH; install it with `sudo apt-get install redis-server` (make deps does)", ErrMissingBinary)
	}
	return p, nil
}

// StartRedis starts a Redis on loopback for the app nodes' messages. It keeps
// no data on disk: the nodes use it only for pub/sub, and the database is
// the source of truth.
func StartRedis(ctx context.Context, o RedisOptions, logger *slog.Logger) (*supervisor.Process, error) {
	bin, err := RedisPath()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("stack: redis dir: %w", err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", o.Port)
	return supervisor.Start(ctx, supervisor.Spec{
		Name: "redis",
		Path: bin,
		Args: []string{
			"--bind", "127.0.0.1", "--port", strconv.Itoa(o.Port), "--dir", o.Dir,
			"--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning",
			"--daemonize", "no",
		},
		Dir:          o.Dir,
		Ready:        RedisReady(addr),
		ReadyTimeout: 20 * time.Second,
		Output:       o.Output,
	}, logger)
}

// RedisReady returns a probe that passes when the Redis at addr answers PING.
func RedisReady(addr string) func(context.Context) error {
	return func(ctx context.Context) error {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		defer conn.Close()
		if dl, ok := ctx.Deadline(); ok {
			_ = conn.SetDeadline(dl)
		} else {
			_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
		}
		if _, err := conn.Write([]byte("PING\r\n")); err != nil {
			return err
		}
		buf := make([]byte, 7)
		if _, err := io.ReadFull(conn, buf); err != nil {
			return err
		}
		if string(buf) != "+PONG\r\n" {
			return fmt.Errorf("redis at %s: unexpected answer %q", addr, buf)
		}
		return nil
	}
}
