// Package config holds the application's configuration: defaults, then
// INTERVIEWPREP_* environment variables, then command-line flags, then
// validation. Every option is both a flag and a variable: --kratos-admin-url
// is INTERVIEWPREP_KRATOS_ADMIN_URL.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/interviewprep/interviewprep/internal/ratelimit"
)

// Mode says whether the app runs every component itself (dev) or connects to
// external ones (serve).
type Mode string

const (
	ModeDev   Mode = "dev"
	ModeServe Mode = "serve"
	// ModeMigrate only opens the database (embedded or not) and creates indexes.
	ModeMigrate Mode = "migrate"
	// ModeRunner only opens the database and runs candidates' code from its queue.
	ModeRunner Mode = "runner"
)

// EnvPrefix is the prefix of every configuration environment variable.
const EnvPrefix = "INTERVIEWPREP_"

// Config is the whole configuration.
type Config struct {
	Mode     Mode
	DataDir  string // dev: databases, rendered configs, recordings
	BinDir   string // dev: where kratos, livekit-server and mailpit live
	Log      LogConfig
	HTTP     HTTPConfig
	Database DatabaseConfig
	Kratos   KratosConfig
	LiveKit  LiveKitConfig
	Mail     MailConfig
	Identity IdentityConfig
	Schedule ScheduleConfig
	Collab   CollabConfig
	Runner   RunnerConfig
	Record   RecordConfig
	Limits   LimitsConfig
	Cluster  ClusterConfig
}

// ClusterConfig covers running several app nodes (internal/cluster).
type ClusterConfig struct {
	// RedisURL links the app nodes (redis:// or rediss://); empty: this
	// node is alone. Dev fills it when it runs Redis itself (Nodes > 1).
	RedisURL string
	// Nodes is how many app nodes dev runs on this machine: the first on
	// --addr, the others as child processes on the next ports.
	Nodes     int
	RedisPort int // dev: loopback port of the managed Redis (Nodes > 1)
}

// MaxDevNodes bounds --nodes.
const MaxDevNodes = 4

// LimitsConfig covers the rate limits (internal/ratelimit), each counted by
// this node alone: N at once, then N per period.
type LimitsConfig struct {
	SignInIP    ratelimit.Rate // sign-in, sign-up, recovery and code POSTs through /auth, per client address
	SignInEmail ratelimit.Rate // the same, per email address they name
	Ticket      ratelimit.Rate // collaboration tickets, per user
	Join        ratelimit.Rate // call joins, per user
}

// RecordConfig covers call recordings (rooms/recorder).
type RecordConfig struct {
	// Dir holds recordings (a mounted volume in production; back it up with
	// the database). Default: <data-dir>/recordings.
	Dir string
	// RetentionDays deletes ready recordings this many days after they
	// started; 0 keeps them until an admin deletes them.
	RetentionDays int
}

// RunnerConfig covers running candidates' code (runner/).
type RunnerConfig struct {
	// Concurrency is how many programs this node runs at once (default:
	// cores; 0 = do not run code on this node, leave it to `interviewprep
	// runner` on other hosts).
	Concurrency int
	// UIDBase is the first of Concurrency host uids runs get when the app
	// runs as root; they must belong to nobody else on the host.
	UIDBase int
}

// CollabConfig covers the collaboration server.
type CollabConfig struct {
	// TicketSecret signs the short-lived tickets non-browser clients use on
	// /collab; every app node needs the same one (dev: generated).
	TicketSecret string
	// Compress turns on permessage-deflate on /collab (see docs/decisions.md).
	Compress bool
}

// IdentityConfig covers sign-in: who starts as admin, the Kratos hook key and
// (dev only, where the app renders Kratos's config) the social providers.
type IdentityConfig struct {
	AdminEmailList string   // comma-separated, as given
	AdminEmails    []string // parsed, lower-case
	WebhookKey     string   // X-Api-Key of Kratos's registration hook (dev: generated when empty)

	GitHubClientID, GitHubClientSecret string
	GoogleClientID, GoogleClientSecret string
	// A generic OpenID Connect provider (company SSO).
	OIDCIssuerURL, OIDCClientID, OIDCClientSecret, OIDCLabel string

	DemoData bool // dev: create the demo users
}

// ScheduleConfig covers interview reminders.
type ScheduleConfig struct {
	ReminderOffsetList string          // comma-separated durations, as given
	ReminderOffsets    []time.Duration // parsed
	ReminderSpec       string          // robfig/cron spec of the reminder job
}

type LogConfig struct {
	Level  string // debug|info|warn|error
	Format string // text|json
}

type HTTPConfig struct {
	Addr            string        // listen address, e.g. ":8080"
	PublicURL       string        // the URL people open, e.g. http://localhost:8080
	ShutdownTimeout time.Duration // graceful shutdown budget
	// TrustedProxyList names the reverse proxies whose X-Forwarded-For is
	// believed (comma-separated addresses or CIDR prefixes, as given);
	// TrustedProxies is it parsed. The client address rate limits count by
	// comes from it (httpx.ClientIP).
	TrustedProxyList string
	TrustedProxies   []netip.Prefix
}

type DatabaseConfig struct {
	URI          string // MongoDB URI; empty = embedded FerretDB on SQLite
	Name         string // database name
	EmbeddedPort int    // embedded FerretDB's loopback port
}

type KratosConfig struct {
	PublicURL  string // serve: Kratos public API base (proxied under /auth/)
	AdminURL   string // serve: Kratos admin API base
	PublicPort int    // dev: loopback port of the managed Kratos public API
	AdminPort  int    // dev: loopback port of the managed Kratos admin API
}

type LiveKitConfig struct {
	URL        string // serve: LiveKit URL given to browsers (ws:// or wss://)
	APIURL     string // serve: LiveKit server API URL for the app (http(s)://); empty = from URL
	APIKey     string
	APISecret  string
	Port       int // dev: signalling/API port of the managed LiveKit
	RTCTCPPort int // dev: ICE/TCP port
	RTCUDPPort int // dev: ICE/UDP port (single-port mux)
	NodeIP     string
}

type MailConfig struct {
	SMTPURL  string // serve: smtp://user:pass@host:port
	From     string // sender address
	SMTPPort int    // dev: managed inbox SMTP port
	UIPort   int    // dev: managed inbox HTTP (API) port
}

// Default returns the configuration before environment and flags.
func Default(mode Mode) Config {
	c := Config{
		Mode:    mode,
		DataDir: "./data",
		Log:     LogConfig{Level: "info", Format: "text"},
		HTTP: HTTPConfig{
			Addr:            ":8080",
			ShutdownTimeout: 10 * time.Second,
		},
		Database: DatabaseConfig{Name: "interviewprep", EmbeddedPort: 27018},
		Kratos:   KratosConfig{PublicPort: 4433, AdminPort: 4434},
		LiveKit:  LiveKitConfig{Port: 7880, RTCTCPPort: 7881, RTCUDPPort: 7882, NodeIP: "127.0.0.1"},
		Mail:     MailConfig{From: "Interview-Prep <no-reply@interviewprep.local>", SMTPPort: 1025, UIPort: 8025},
		Identity: IdentityConfig{DemoData: true, OIDCLabel: "Single sign-on"},
		Schedule: ScheduleConfig{ReminderOffsetList: "24h,15m", ReminderSpec: "@every 1m"},
		Collab:   CollabConfig{Compress: true},
		Runner:   RunnerConfig{Concurrency: runtime.NumCPU(), UIDBase: 61000},
		Cluster:  ClusterConfig{Nodes: 1, RedisPort: 6390},
		Limits: LimitsConfig{
			SignInIP:    ratelimit.Rate{Burst: 60, Per: 10 * time.Minute},
			SignInEmail: ratelimit.Rate{Burst: 20, Per: 10 * time.Minute},
			Ticket:      ratelimit.Rate{Burst: 60, Per: time.Minute},
			Join:        ratelimit.Rate{Burst: 30, Per: time.Minute},
		},
	}
	c.HTTP.TrustedProxyList = DefaultTrustedProxies
	if exe, err := os.Executable(); err == nil {
		c.BinDir = filepath.Dir(exe)
	}
	return c
}

// Load builds the configuration for mode from defaults, the environment
// (getenv) and args. It returns flag.ErrHelp when help was asked for.
func Load(mode Mode, args []string, getenv func(string) string, usage io.Writer) (Config, error) {
	c, rest, err := LoadArgs(mode, args, getenv, usage)
	if err == nil && len(rest) > 0 {
		err = fmt.Errorf("unexpected argument %q", rest[0])
	}
	return c, err
}

// LoadArgs is Load for commands that also take positional arguments, which
// it returns.
func LoadArgs(mode Mode, args []string, getenv func(string) string, usage io.Writer) (Config, []string, error) {
	c := Default(mode)
	fs := flag.NewFlagSet(string(mode), flag.ContinueOnError)
	fs.SetOutput(usage)
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	// Environment fills what no flag set: flags win.
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || envErr != nil {
			return
		}
		name := EnvName(f.Name)
		if v := getenv(name); v != "" {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("invalid value %q for %s: %v", v, name, err)
			}
		}
	})
	if envErr != nil {
		return c, nil, envErr
	}
	c.fillDerived()
	return c, fs.Args(), c.Validate()
}

// EnvName maps a flag name to its environment variable.
func EnvName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (c *Config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.Log.Level, "log-level", c.Log.Level, "log level: debug, info, warn or error")
	fs.StringVar(&c.Log.Format, "log-format", c.Log.Format, "log format: text or json")
	fs.StringVar(&c.HTTP.Addr, "addr", c.HTTP.Addr, "HTTP listen address")
	fs.StringVar(&c.HTTP.PublicURL, "public-url", c.HTTP.PublicURL, "URL people open (default http://localhost:<port of --addr>)")
	fs.DurationVar(&c.HTTP.ShutdownTimeout, "shutdown-timeout", c.HTTP.ShutdownTimeout, "graceful shutdown budget")
	fs.StringVar(&c.Database.URI, "mongo-uri", c.Database.URI, "MongoDB URI (dev: empty runs FerretDB embedded on SQLite under --data-dir)")
	fs.StringVar(&c.Database.Name, "mongo-database", c.Database.Name, "database name")
	if c.Mode == ModeMigrate || c.Mode == ModeRunner {
		fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "data directory of the embedded database (when --mongo-uri is empty)")
	}
	if c.Mode != ModeMigrate {
		fs.IntVar(&c.Runner.Concurrency, "runner-concurrency", c.Runner.Concurrency, "programs run at once on this node (default: cores; 0: none, leave the queue to `interviewprep runner` elsewhere)")
		fs.IntVar(&c.Runner.UIDBase, "runner-uid-base", c.Runner.UIDBase, "first host uid of runs when running as root (one per concurrent run; must belong to nobody else)")
	}
	if c.Mode == ModeMigrate || c.Mode == ModeRunner {
		return
	}
	fs.StringVar(&c.Mail.From, "mail-from", c.Mail.From, "sender of every email")
	fs.StringVar(&c.Record.Dir, "recordings-dir", c.Record.Dir, "directory for call recordings, a volume backed up with the database (default: <data-dir>/recordings)")
	fs.IntVar(&c.Record.RetentionDays, "recording-retention-days", c.Record.RetentionDays, "delete recordings this many days after they were made (0: keep until deleted)")
	fs.StringVar(&c.Identity.AdminEmailList, "admin-emails", c.Identity.AdminEmailList, "comma-separated emails that get the admin role when they sign up")
	fs.StringVar(&c.Schedule.ReminderOffsetList, "reminder-offsets", c.Schedule.ReminderOffsetList, "when to remind participants before an interview starts (comma-separated durations)")
	fs.StringVar(&c.Schedule.ReminderSpec, "reminder-schedule", c.Schedule.ReminderSpec, "how often the reminder job runs (cron spec)")
	fs.StringVar(&c.Collab.TicketSecret, "collab-ticket-secret", c.Collab.TicketSecret, "key that signs collaboration tickets, the same on every app node (dev: generated)")
	fs.BoolVar(&c.Collab.Compress, "collab-compress", c.Collab.Compress, "compress collaboration sockets (permessage-deflate): a third to half the bytes; -collab-compress=false turns it off")
	fs.StringVar(&c.HTTP.TrustedProxyList, "trusted-proxies", c.HTTP.TrustedProxyList, "reverse proxies whose X-Forwarded-For names the client (comma-separated addresses or CIDRs, or none)")
	fs.Var(&c.Limits.SignInIP, "rate-signin-ip", "sign-in, sign-up, recovery and code attempts per client address: N at once, then N per period (N/duration, or off)")
	fs.Var(&c.Limits.SignInEmail, "rate-signin-email", "sign-in, sign-up, recovery and code attempts per email address (N/duration, or off)")
	fs.Var(&c.Limits.Ticket, "rate-collab-ticket", "collaboration tickets per user (N/duration, or off)")
	fs.Var(&c.Limits.Join, "rate-join", "call joins per user (N/duration, or off)")
	fs.StringVar(&c.Cluster.RedisURL, "redis-url", c.Cluster.RedisURL, "Redis linking the app nodes, redis://[:password@]host:port/db (empty: one node; dev starts one for --nodes > 1)")
	fs.StringVar(&c.Identity.WebhookKey, "kratos-webhook-key", c.Identity.WebhookKey, "API key Kratos's registration hook sends (dev: generated when empty)")
	fs.StringVar(&c.LiveKit.APIKey, "livekit-api-key", c.LiveKit.APIKey, "LiveKit API key (dev: generated when empty)")
	fs.StringVar(&c.LiveKit.APISecret, "livekit-api-secret", c.LiveKit.APISecret, "LiveKit API secret, at least 32 characters (dev: generated when empty)")
	switch c.Mode {
	case ModeDev:
		fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "directory for databases, rendered configs and recordings")
		fs.StringVar(&c.BinDir, "bin-dir", c.BinDir, "directory holding kratos, livekit-server and mailpit")
		for _, p := range c.devPorts() {
			fs.IntVar(p.port, p.flag, *p.port, p.usage)
		}
		fs.StringVar(&c.LiveKit.NodeIP, "livekit-node-ip", c.LiveKit.NodeIP, "IP address LiveKit advertises to browsers")
		fs.StringVar(&c.Identity.GitHubClientID, "github-client-id", c.Identity.GitHubClientID, "GitHub OAuth app client id (enables Sign in with GitHub)")
		fs.StringVar(&c.Identity.GitHubClientSecret, "github-client-secret", c.Identity.GitHubClientSecret, "GitHub OAuth app client secret")
		fs.StringVar(&c.Identity.GoogleClientID, "google-client-id", c.Identity.GoogleClientID, "Google OAuth client id (enables Sign in with Google)")
		fs.StringVar(&c.Identity.GoogleClientSecret, "google-client-secret", c.Identity.GoogleClientSecret, "Google OAuth client secret")
		fs.StringVar(&c.Identity.OIDCIssuerURL, "oidc-issuer-url", c.Identity.OIDCIssuerURL, "issuer of a generic OpenID Connect provider (company SSO)")
		fs.StringVar(&c.Identity.OIDCClientID, "oidc-client-id", c.Identity.OIDCClientID, "client id at the generic OpenID Connect provider")
		fs.StringVar(&c.Identity.OIDCClientSecret, "oidc-client-secret", c.Identity.OIDCClientSecret, "client secret at the generic OpenID Connect provider")
		fs.StringVar(&c.Identity.OIDCLabel, "oidc-label", c.Identity.OIDCLabel, "button label of the generic OpenID Connect provider")
		fs.BoolVar(&c.Identity.DemoData, "demo-data", c.Identity.DemoData, "create the demo users (an admin, two interviewers, two candidates)")
		fs.IntVar(&c.Cluster.Nodes, "nodes", c.Cluster.Nodes, "app nodes to run on this machine, linked through Redis: the first on --addr, the others on the next ports")
	case ModeServe:
		fs.StringVar(&c.Kratos.PublicURL, "kratos-public-url", c.Kratos.PublicURL, "Kratos public API URL")
		fs.StringVar(&c.Kratos.AdminURL, "kratos-admin-url", c.Kratos.AdminURL, "Kratos admin API URL")
		fs.StringVar(&c.LiveKit.URL, "livekit-url", c.LiveKit.URL, "LiveKit URL browsers connect to (wss://…)")
		fs.StringVar(&c.LiveKit.APIURL, "livekit-api-url", c.LiveKit.APIURL, "LiveKit server API URL the app calls (http(s)://…; default: --livekit-url with ws→http, wss→https)")
		fs.StringVar(&c.Mail.SMTPURL, "smtp-url", c.Mail.SMTPURL, "SMTP relay, smtp://user:password@host:port")
	}
}

// fillDerived computes what follows from other settings: in dev every
// component URL comes from its loopback port.
func (c *Config) fillDerived() {
	if c.HTTP.PublicURL == "" {
		port := "8080"
		if _, p, err := net.SplitHostPort(c.HTTP.Addr); err == nil && p != "" {
			port = p
		}
		c.HTTP.PublicURL = "http://localhost:" + port
	}
	c.HTTP.PublicURL = strings.TrimRight(c.HTTP.PublicURL, "/")
	if c.Record.Dir == "" && c.DataDir != "" {
		c.Record.Dir = filepath.Join(c.DataDir, "recordings")
	}
	c.Schedule.ReminderOffsets = nil
	for _, part := range strings.Split(c.Schedule.ReminderOffsetList, ",") {
		if d, err := time.ParseDuration(strings.TrimSpace(part)); err == nil && d > 0 {
			c.Schedule.ReminderOffsets = append(c.Schedule.ReminderOffsets, d)
		}
	}
	c.HTTP.TrustedProxies = nil
	for _, part := range c.trustedProxyParts() {
		if p, err := parsePrefix(part); err == nil {
			c.HTTP.TrustedProxies = append(c.HTTP.TrustedProxies, p)
		}
	}
	c.Identity.AdminEmails = nil
	for _, e := range strings.Split(c.Identity.AdminEmailList, ",") {
		if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
			c.Identity.AdminEmails = append(c.Identity.AdminEmails, e)
		}
	}
	if c.Mode == ModeDev {
		c.Kratos.PublicURL = fmt.Sprintf("http://127.0.0.1:%d", c.Kratos.PublicPort)
		c.Kratos.AdminURL = fmt.Sprintf("http://127.0.0.1:%d", c.Kratos.AdminPort)
		c.LiveKit.URL = fmt.Sprintf("ws://%s:%d", hostForURL(c.LiveKit.NodeIP), c.LiveKit.Port)
		c.Mail.SMTPURL = fmt.Sprintf("smtp://127.0.0.1:%d", c.Mail.SMTPPort)
	}
}

func hostForURL(ip string) string {
	if strings.Contains(ip, ":") {
		return "[" + ip + "]"
	}
	return ip
}

// Validate checks every setting and names the one that is wrong. It reports
// every problem at once, so that a deployment is fixed in one pass.
func (c Config) Validate() error {
	var r report
	c.checkLog(&r)
	c.checkHTTP(&r)
	c.checkDatabase(&r)
	c.checkAdminEmails(&r)
	if c.Mode != ModeMigrate && c.Mode != ModeRunner {
		c.checkSchedule(&r)
	}
	if c.Runner.Concurrency < 0 || c.Runner.Concurrency > 256 {
		r.bad("runner-concurrency", "must be between 0 and 256")
	}
	if c.Record.RetentionDays < 0 || c.Record.RetentionDays > 100*365 {
		r.bad("recording-retention-days", "must be between 0 (keep) and 36500")
	}
	if c.Runner.UIDBase < 1000 || c.Runner.UIDBase > 1<<30 {
		r.bad("runner-uid-base", "must be a uid of at least 1000")
	}
	c.checkLiveKitKey(&r)
	if c.Cluster.RedisURL != "" {
		r.url("redis-url", c.Cluster.RedisURL, "redis", "rediss")
	}
	switch c.Mode {
	case ModeDev:
		c.checkDev(&r)
	case ModeServe:
		c.checkServe(&r)
	case ModeMigrate, ModeRunner:
		if c.Database.URI == "" && c.DataDir == "" {
			r.bad("data-dir", "must not be empty when --mongo-uri is empty")
		}
	default:
		r.errs = append(r.errs, fmt.Errorf("unknown mode %q", c.Mode))
	}
	return errors.Join(r.errs...)
}

// report collects what Validate finds; each error names the flag and its
// environment variable.
type report struct{ errs []error }

func (r *report) bad(flagName, format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf("--%s (%s): %s", flagName, EnvName(flagName), fmt.Sprintf(format, args...)))
}

// url reports v unless it is an absolute URL with one of schemes.
func (r *report) url(flagName, v string, schemes ...string) {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		r.bad(flagName, "%q is not an absolute URL", v)
		return
	}
	if !slices.Contains(schemes, u.Scheme) {
		r.bad(flagName, "scheme %q is not one of %s", u.Scheme, strings.Join(schemes, ", "))
	}
}

// required reports v when empty: serve mode has no component of its own to
// fall back on.
func (r *report) required(flagName, v string) bool {
	if v == "" {
		r.bad(flagName, "is required in serve mode")
		return false
	}
	return true
}

func (c Config) checkLog(r *report) {
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.Log.Level) {
		r.bad("log-level", "%q is not one of debug, info, warn, error", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		r.bad("log-format", "%q is not text or json", c.Log.Format)
	}
}

func (c Config) checkHTTP(r *report) {
	if _, p, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		r.bad("addr", "%q is not host:port: %v", c.HTTP.Addr, err)
	} else if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 65535 {
		r.bad("addr", "port %q is not a number from 0 to 65535", p)
	}
	r.url("public-url", c.HTTP.PublicURL, "http", "https")
	if c.HTTP.ShutdownTimeout <= 0 {
		r.bad("shutdown-timeout", "must be positive")
	}
	for _, part := range c.trustedProxyParts() {
		if _, err := parsePrefix(part); err != nil {
			r.bad("trusted-proxies", "%q is not an IP address or CIDR prefix", part)
		}
	}
}

// trustedProxyParts are the entries of --trusted-proxies ("none": none).
func (c Config) trustedProxyParts() []string {
	var out []string
	for _, part := range strings.Split(c.HTTP.TrustedProxyList, ",") {
		if part = strings.TrimSpace(part); part != "" && part != "none" {
			out = append(out, part)
		}
	}
	return out
}

// DefaultTrustedProxies are loopback and the private ranges: a reverse
// proxy on the same host or network. A client connecting from a public
// address is never taken at its X-Forwarded-For's word.
const DefaultTrustedProxies = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"

// parsePrefix reads a CIDR prefix or a single address.
func parsePrefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func (c Config) checkDatabase(r *report) {
	if c.Database.Name == "" || strings.ContainsAny(c.Database.Name, "/\\. \"$") {
		r.bad("mongo-database", "%q is not a valid database name", c.Database.Name)
	}
	if c.Database.URI != "" && !strings.HasPrefix(c.Database.URI, "mongodb://") && !strings.HasPrefix(c.Database.URI, "mongodb+srv://") {
		r.bad("mongo-uri", "must start with mongodb:// or mongodb+srv://")
	}
}

func (c Config) checkAdminEmails(r *report) {
	for _, e := range c.Identity.AdminEmails {
		if !strings.Contains(e, "@") {
			r.bad("admin-emails", "%q is not an email address", e)
		}
	}
}

func (c Config) checkSchedule(r *report) {
	for _, part := range strings.Split(c.Schedule.ReminderOffsetList, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		d, err := time.ParseDuration(part)
		if err != nil || d <= 0 || d > 30*24*time.Hour {
			r.bad("reminder-offsets", "%q is not a duration between 0 and 720h", part)
		}
	}
	if strings.TrimSpace(c.Schedule.ReminderSpec) == "" {
		r.bad("reminder-schedule", "must not be empty")
	}
}

// checkLiveKitKey applies in every mode: dev generates a key pair only when
// neither is given.
func (c Config) checkLiveKitKey(r *report) {
	if c.LiveKit.APISecret != "" && len(c.LiveKit.APISecret) < 32 {
		r.bad("livekit-api-secret", "must be at least 32 characters (LiveKit refuses shorter ones)")
	}
	if (c.LiveKit.APIKey == "") != (c.LiveKit.APISecret == "") {
		r.bad("livekit-api-key", "the API key and secret are set together")
	}
}

func (c Config) checkDev(r *report) {
	if c.DataDir == "" {
		r.bad("data-dir", "must not be empty")
	}
	c.checkDevPorts(r)
	if c.Cluster.Nodes < 1 || c.Cluster.Nodes > MaxDevNodes {
		r.bad("nodes", "must be from 1 to %d", MaxDevNodes)
	}
	if net.ParseIP(c.LiveKit.NodeIP) == nil {
		r.bad("livekit-node-ip", "%q is not an IP address", c.LiveKit.NodeIP)
	}
	c.checkProviders(r)
}

// checkDevPorts wants every dev port in range and no two the same.
func (c Config) checkDevPorts(r *report) {
	seen := map[int]string{}
	for _, p := range c.DevPorts() {
		if p.Port < 1 || p.Port > 65535 {
			r.bad(p.Flag, "port %d is not from 1 to 65535", p.Port)
			continue
		}
		if other, ok := seen[p.Port]; ok {
			r.bad(p.Flag, "port %d is also --%s", p.Port, other)
		}
		seen[p.Port] = p.Flag
	}
}

// checkProviders checks the social sign-in providers (dev mode renders
// Kratos's config, so only dev takes them).
func (c Config) checkProviders(r *report) {
	id := c.Identity
	if (id.GitHubClientID == "") != (id.GitHubClientSecret == "") {
		r.bad("github-client-id", "the GitHub client id and secret are set together")
	}
	if (id.GoogleClientID == "") != (id.GoogleClientSecret == "") {
		r.bad("google-client-id", "the Google client id and secret are set together")
	}
	if id.OIDCIssuerURL == "" && id.OIDCClientID == "" && id.OIDCClientSecret == "" {
		return
	}
	if id.OIDCIssuerURL == "" || id.OIDCClientID == "" || id.OIDCClientSecret == "" {
		r.bad("oidc-issuer-url", "the issuer URL, client id and client secret are set together")
		return
	}
	r.url("oidc-issuer-url", id.OIDCIssuerURL, "http", "https")
}

// checkServe wants every external component named.
func (c Config) checkServe(r *report) {
	r.required("mongo-uri", c.Database.URI)
	if r.required("kratos-public-url", c.Kratos.PublicURL) {
		r.url("kratos-public-url", c.Kratos.PublicURL, "http", "https")
	}
	if r.required("kratos-admin-url", c.Kratos.AdminURL) {
		r.url("kratos-admin-url", c.Kratos.AdminURL, "http", "https")
	}
	if r.required("livekit-url", c.LiveKit.URL) {
		r.url("livekit-url", c.LiveKit.URL, "ws", "wss", "http", "https")
	}
	if c.LiveKit.APIURL != "" {
		r.url("livekit-api-url", c.LiveKit.APIURL, "http", "https")
	}
	r.required("livekit-api-key", c.LiveKit.APIKey)
	r.required("livekit-api-secret", c.LiveKit.APISecret)
	if r.required("smtp-url", c.Mail.SMTPURL) {
		r.url("smtp-url", c.Mail.SMTPURL, "smtp", "smtps")
	}
	if len(c.Collab.TicketSecret) < 32 {
		r.bad("collab-ticket-secret", "is required in serve mode, at least 32 characters")
	}
	if c.Identity.WebhookKey == "" {
		r.bad("kratos-webhook-key", "is required in serve mode (Kratos's registration hook sends it)")
	}
}

// LiveKitAPIURL is where the app calls LiveKit's server API (rooms,
// participants, health): --livekit-api-url when given, else the http(s)
// form of the LiveKit URL.
func (c Config) LiveKitAPIURL() string {
	if c.LiveKit.APIURL != "" {
		return strings.TrimRight(c.LiveKit.APIURL, "/")
	}
	u := c.LiveKit.URL
	switch {
	case strings.HasPrefix(u, "ws://"):
		return "http://" + strings.TrimPrefix(u, "ws://")
	case strings.HasPrefix(u, "wss://"):
		return "https://" + strings.TrimPrefix(u, "wss://")
	}
	return u
}

// devPort is one loopback port dev mode listens on: the flag that sets it,
// its network, its help text and the field that holds it.
type devPort struct {
	flag, network, usage string
	port                 *int
}

// devPorts is the one list of dev mode's ports: register makes their flags
// from it, DevPorts (so Validate and CheckPortsFree) reads it.
func (c *Config) devPorts() []devPort {
	return []devPort{
		{"db-port", "tcp", "loopback port of the embedded FerretDB", &c.Database.EmbeddedPort},
		{"kratos-public-port", "tcp", "loopback port of Kratos's public API", &c.Kratos.PublicPort},
		{"kratos-admin-port", "tcp", "loopback port of Kratos's admin API", &c.Kratos.AdminPort},
		{"livekit-port", "tcp", "LiveKit signalling and API port", &c.LiveKit.Port},
		{"livekit-rtc-tcp-port", "tcp", "LiveKit ICE/TCP port", &c.LiveKit.RTCTCPPort},
		{"livekit-rtc-udp-port", "udp", "LiveKit ICE/UDP port", &c.LiveKit.RTCUDPPort},
		{"mail-smtp-port", "tcp", "dev inbox SMTP port", &c.Mail.SMTPPort},
		{"mail-ui-port", "tcp", "dev inbox HTTP API port", &c.Mail.UIPort},
		{"redis-port", "tcp", "loopback port of the Redis linking the nodes (--nodes > 1)", &c.Cluster.RedisPort},
	}
}

// DevPorts lists the loopback ports dev mode will listen on, keyed by the
// flag that sets them, so a port in use can be reported by name before
// anything starts.
func (c Config) DevPorts() []NamedPort {
	var out []NamedPort
	for _, p := range c.devPorts() {
		if p.flag == "redis-port" && (c.Cluster.Nodes < 2 || c.Cluster.RedisURL != "") {
			continue // no Redis of dev's own
		}
		out = append(out, NamedPort{Flag: p.flag, Network: p.network, Port: *p.port})
	}
	for i := 1; i < c.Cluster.Nodes; i++ {
		out = append(out, NamedPort{Flag: "nodes", Network: "tcp", Port: c.NodePort(i)})
	}
	return out
}

// NodePort is the HTTP port of dev's node i (0 = the first, on --addr).
func (c Config) NodePort(i int) int {
	port := 8080
	if _, p, err := net.SplitHostPort(c.HTTP.Addr); err == nil {
		if n, err := strconv.Atoi(p); err == nil {
			port = n
		}
	}
	return port + i
}

// NamedPort is a port with the flag that sets it.
type NamedPort struct {
	Flag    string
	Network string
	Port    int
}

// CheckPortsFree returns an error naming every port that is already taken.
func CheckPortsFree(ports []NamedPort) error {
	var errs []error
	for _, p := range ports {
		if err := portFree(p.Network, p.Port); err != nil {
			errs = append(errs, fmt.Errorf("port %d (--%s / %s) is in use: %v; stop what uses it or choose another port", p.Port, p.Flag, EnvName(p.Flag), err))
		}
	}
	return errors.Join(errs...)
}

func portFree(network string, port int) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if network == "udp" {
		c, err := net.ListenPacket("udp", addr)
		if err != nil {
			return err
		}
		return c.Close()
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return l.Close()
}
