// Package app wires every dependency by hand: it starts the components (in
// dev mode as child processes), opens the database, builds the HTTP handler
// and runs until the context ends, then shuts everything down in order.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/health"
	"github.com/interviewprep/interviewprep/internal/stack"
	"github.com/interviewprep/interviewprep/internal/supervisor"
	"github.com/interviewprep/interviewprep/rooms"
	"github.com/interviewprep/interviewprep/web"
)

// Info is what Run reports once the app serves.
type Info struct {
	URL        string
	Components map[string]string // name -> address
	DemoLogins []identity.DemoLogin
}

// Options are Run's inputs besides the configuration.
type Options struct {
	Version string
	Logger  *slog.Logger
	// Output receives child processes' prefixed log lines (default stderr).
	Output io.Writer
	// Ready is called once the app serves (tests use it; dev prints a banner).
	Ready func(Info)
}

// Run starts the app and blocks until ctx is cancelled or a fatal error.
func Run(ctx context.Context, cfg config.Config, o Options) error {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Output == nil {
		o.Output = os.Stderr
	}
	logger := o.Logger

	// Bind the HTTP port first: a taken port fails before anything starts.
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("HTTP port: listen on %s (--addr / %s): %w", cfg.HTTP.Addr, config.EnvName("addr"), err)
	}
	defer ln.Close()

	spa, err := web.NewSPA(web.Dist(), web.Sources{FormAction: formActionSources(cfg), Connect: connectSources(cfg)})
	if err != nil {
		return err
	}

	var comps *components
	switch cfg.Mode {
	case config.ModeDev:
		comps, err = startDev(ctx, &cfg, o)
	default:
		comps, err = connectServe(ctx, cfg, o)
	}
	if err != nil {
		return err
	}
	defer comps.stop(logger)

	link, err := linkNodes(cfg, comps, logger)
	if err != nil {
		return err
	}
	doms, err := startDomains(ctx, cfg, comps.db, link, logger)
	if err != nil {
		_ = link.Close()
		return err
	}
	defer doms.stop()

	if cfg.Mode == config.ModeDev {
		// The other nodes start once this one has migrated and seeded.
		nodes, err := startDevNodes(ctx, cfg, comps.db.Address, o)
		if err != nil {
			return err
		}
		comps.procs = append(comps.procs, nodes...)
		for i, p := range nodes {
			url := fmt.Sprintf("http://localhost:%d", cfg.NodePort(i+1))
			comps.addresses[p.Name()] = url
			comps.health = append(comps.health, health.Component{
				Name: p.Name(), Description: "app node (child process)", Address: url, Process: p,
				Probe: stack.HTTPReady(fmt.Sprintf("http://127.0.0.1:%d/api/health", cfg.NodePort(i+1))),
			})
		}
	}

	handler, err := newHandler(cfg, o.Version, comps, doms, spa, logger)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	info := Info{URL: cfg.HTTP.PublicURL, Components: comps.addresses, DemoLogins: doms.demo}
	logger.Info("serving", "url", info.URL, "addr", ln.Addr().String(), "mode", cfg.Mode)
	if o.Ready != nil {
		o.Ready(info)
	}

	select {
	case err := <-serveErr:
		return fmt.Errorf("HTTP server: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.HTTP.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Warn("graceful shutdown incomplete", "err", err)
	}
	return nil
}

// components are the running dependencies.
type components struct {
	db        *database.DB
	procs     []*supervisor.Process
	health    []health.Component
	addresses map[string]string
	mailAPI   string              // dev inbox API base, "" in serve mode
	redis     *supervisor.Process // dev's own Redis (--nodes > 1), else nil
}

func (c *components) stop(logger *slog.Logger) {
	var wg sync.WaitGroup
	for _, p := range c.procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Stop()
		}()
	}
	wg.Wait()
	if c.db != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := c.db.Close(ctx); err != nil {
			logger.Warn("close database", "err", err)
		}
	}
}

func openDatabase(ctx context.Context, cfg config.Config, logger *slog.Logger) (*database.DB, error) {
	db, err := database.Open(ctx, database.Options{
		URI:  cfg.Database.URI,
		Name: cfg.Database.Name,
		Dir:  filepath.Join(cfg.DataDir, "db"),
		Port: cfg.Database.EmbeddedPort,
	}, logger)
	if err != nil {
		return nil, err
	}
	if err := database.Migrate(ctx, db.DB, allIndexes()); err != nil {
		_ = db.Close(ctx)
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if err := db.EnsureIDIndexes(ctx, idCollections()...); err != nil {
		_ = db.Close(ctx)
		return nil, err
	}
	return db, nil
}

func dbComponent(db *database.DB) health.Component {
	return health.Component{
		Name: "database", Description: db.Description, Address: db.Address, Embedded: db.Embedded,
		Probe: db.Ping,
	}
}

// startDev runs every component on this machine. It fills in cfg the keys it
// generates (kept in the data directory), which the domains need too.
func startDev(ctx context.Context, cfg *config.Config, o Options) (*components, error) {
	logger := o.Logger
	if err := config.CheckPortsFree(cfg.DevPorts()); err != nil {
		return nil, err
	}
	dataDir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	secrets, err := stack.LoadOrCreateSecrets(dataDir)
	if err != nil {
		return nil, err
	}
	if cfg.LiveKit.APIKey == "" {
		cfg.LiveKit.APIKey, cfg.LiveKit.APISecret = secrets.LiveKitKey, secrets.LiveKitSecret
	}
	if cfg.Identity.WebhookKey == "" {
		cfg.Identity.WebhookKey = secrets.KratosWebhook
	}
	if cfg.Collab.TicketSecret == "" {
		cfg.Collab.TicketSecret = secrets.CollabTicket
	}
	// Fail on a missing binary before starting anything.
	for _, b := range []stack.Binary{stack.KratosBinary, stack.LiveKitBinary, stack.MailpitBinary} {
		if _, err := b.Path(cfg.BinDir); err != nil {
			return nil, err
		}
	}

	c := &components{addresses: map[string]string{}}
	if c.redis, err = startDevRedis(ctx, cfg, dataDir, o); err != nil {
		return nil, err
	}
	if c.redis != nil {
		c.procs = append(c.procs, c.redis)
	}
	db, err := openDatabase(ctx, *cfg, logger)
	if err != nil {
		c.stop(logger)
		return nil, err
	}
	c.db = db
	c.health = append(c.health, dbComponent(db))
	c.addresses["database"] = db.Address

	childLevel := "warn"
	if cfg.Log.Level == "debug" {
		childLevel = "debug"
	}
	type started struct {
		name string
		proc *supervisor.Process
		err  error
	}
	results := make(chan started, 3)
	go func() {
		p, err := stack.StartMailpit(ctx, stack.MailpitOptions{
			BinDir: cfg.BinDir, Dir: filepath.Join(dataDir, "mail"),
			SMTPPort: cfg.Mail.SMTPPort, UIPort: cfg.Mail.UIPort, Output: o.Output,
		}, logger)
		results <- started{"mail", p, err}
	}()
	go func() {
		p, err := stack.StartKratos(ctx, stack.KratosOptions{
			BinDir: cfg.BinDir, Dir: filepath.Join(dataDir, "kratos"),
			PublicURL: cfg.HTTP.PublicURL, PublicPort: cfg.Kratos.PublicPort, AdminPort: cfg.Kratos.AdminPort,
			SMTPURL: cfg.Mail.SMTPURL, From: mailAddress(cfg.Mail.From), Secrets: secrets,
			Providers: oidcProviders(cfg.Identity),
			HookURL:   loopbackURL(cfg.HTTP.Addr, identity.HookPath), HookKey: cfg.Identity.WebhookKey,
			LogLevel: childLevel, Output: o.Output,
		}, logger)
		results <- started{"kratos", p, err}
	}()
	go func() {
		p, err := stack.StartLiveKit(ctx, stack.LiveKitOptions{
			BinDir: cfg.BinDir, Dir: filepath.Join(dataDir, "livekit"),
			Port: cfg.LiveKit.Port, RTCTCPPort: cfg.LiveKit.RTCTCPPort, RTCUDPPort: cfg.LiveKit.RTCUDPPort,
			NodeIP: cfg.LiveKit.NodeIP, APIKey: cfg.LiveKit.APIKey, APISecret: cfg.LiveKit.APISecret,
			WebhookURL: loopbackURL(cfg.HTTP.Addr, rooms.WebhookPath),
			LogLevel:   childLevel, Output: o.Output,
		}, logger)
		results <- started{"livekit", p, err}
	}()
	var errs []error
	procs := map[string]*supervisor.Process{}
	for range 3 {
		r := <-results
		if r.err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", r.name, r.err))
			continue
		}
		procs[r.name] = r.proc
		c.procs = append(c.procs, r.proc)
	}
	if len(errs) > 0 {
		c.stop(logger)
		return nil, errors.Join(errs...)
	}

	mailAPI := fmt.Sprintf("http://127.0.0.1:%d", cfg.Mail.UIPort)
	c.mailAPI = mailAPI
	c.health = append(c.health,
		health.Component{
			Name: "kratos", Description: "Ory Kratos v1.3.1 (child process)", Process: procs["kratos"],
			Address: cfg.Kratos.PublicURL, Probe: stack.HTTPReady(cfg.Kratos.AdminURL + "/admin/health/ready"),
		},
		health.Component{
			Name: "livekit", Description: "LiveKit server v1.13.5 (child process)", Process: procs["livekit"],
			Address: cfg.LiveKit.URL, Probe: stack.HTTPReady(cfg.LiveKitAPIURL() + "/"),
		},
		health.Component{
			Name: "mail", Description: "Mailpit dev inbox (child process)", Process: procs["mail"],
			Address: strings.TrimPrefix(cfg.Mail.SMTPURL, "smtp://"), Probe: stack.HTTPReady(mailAPI + "/readyz"),
		},
	)
	c.addresses["kratos"] = cfg.Kratos.PublicURL
	c.addresses["livekit"] = cfg.LiveKit.URL
	c.addresses["mail"] = cfg.Mail.SMTPURL
	c.addresses["inbox"] = cfg.HTTP.PublicURL + "/dev/mail"
	return c, nil
}

// connectServe connects to external components.
func connectServe(ctx context.Context, cfg config.Config, o Options) (*components, error) {
	db, err := openDatabase(ctx, cfg, o.Logger)
	if err != nil {
		return nil, err
	}
	smtpAddr, err := smtpHostPort(cfg.Mail.SMTPURL)
	if err != nil {
		_ = db.Close(ctx)
		return nil, err
	}
	c := &components{db: db, addresses: map[string]string{
		"database": db.Address, "kratos": cfg.Kratos.PublicURL, "livekit": cfg.LiveKit.URL, "mail": smtpAddr,
	}}
	c.health = []health.Component{
		dbComponent(db),
		{Name: "kratos", Description: "Ory Kratos", Address: cfg.Kratos.PublicURL, Probe: stack.HTTPReady(strings.TrimRight(cfg.Kratos.AdminURL, "/") + "/admin/health/ready")},
		{Name: "livekit", Description: "LiveKit", Address: cfg.LiveKit.URL, Probe: stack.HTTPReady(strings.TrimRight(cfg.LiveKitAPIURL(), "/") + "/")},
		{Name: "mail", Description: "SMTP relay", Address: smtpAddr, Probe: smtpProbe(smtpAddr)},
	}
	return c, nil
}

// oidcProviders are the social sign-in providers configured for dev mode.
func oidcProviders(c config.IdentityConfig) []stack.OIDCProvider {
	var ps []stack.OIDCProvider
	if c.GitHubClientID != "" {
		ps = append(ps, stack.GitHubProvider(c.GitHubClientID, c.GitHubClientSecret))
	}
	if c.GoogleClientID != "" {
		ps = append(ps, stack.GoogleProvider(c.GoogleClientID, c.GoogleClientSecret))
	}
	if c.OIDCIssuerURL != "" {
		ps = append(ps, stack.GenericProvider(c.OIDCLabel, c.OIDCIssuerURL, c.OIDCClientID, c.OIDCClientSecret))
	}
	return ps
}

// formActionSources are where sign-in forms may lead: Kratos answers a
// social sign-in POST with a redirect to the provider, which CSP form-action
// governs. Providers are https (GitHub, Google, company SSO); a dev issuer on
// plain http is added by its origin.
func formActionSources(cfg config.Config) []string {
	srcs := []string{"https:"}
	if u, err := url.Parse(cfg.Identity.OIDCIssuerURL); err == nil && u.Scheme == "http" && u.Host != "" {
		srcs = append(srcs, u.Scheme+"://"+u.Host)
	}
	return srcs
}

// connectSources are the http(s) origins the pages fetch from besides the
// app: LiveKit's, where livekit-client asks why a connection failed.
func connectSources(cfg config.Config) []string {
	u, err := url.Parse(cfg.LiveKit.URL)
	if err != nil || u.Host == "" {
		return nil
	}
	switch u.Scheme {
	case "ws":
		return []string{"http://" + u.Host}
	case "wss":
		return []string{"https://" + u.Host}
	}
	return nil
}

// loopbackURL is where the local Kratos and LiveKit reach the app's path
// (their web hooks): loopback, on the app's port.
func loopbackURL(addr, path string) string {
	_, port, _ := net.SplitHostPort(addr) // validated by config
	return "http://127.0.0.1:" + port + path
}

// mailAddress extracts the address from "Name <addr>".
func mailAddress(from string) string {
	if i, j := strings.LastIndex(from, "<"), strings.LastIndex(from, ">"); i >= 0 && j > i {
		return from[i+1 : j]
	}
	return from
}
