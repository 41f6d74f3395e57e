// Command interviewprep is the Interview-Prep server.
//
//	interviewprep dev      run every component on this machine (development)
//	interviewprep serve    connect to external MongoDB, Kratos, LiveKit, SMTP
//	interviewprep migrate  create the database indexes
//	interviewprep runner   run candidates' code from the database's queue
//	interviewprep version  print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/app"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/gctune"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `Interview-Prep: self-hosted coding interviews.

Usage:
  interviewprep dev     [flags]  run every component on this machine (FerretDB, Kratos, LiveKit, dev inbox)
  interviewprep serve   [flags]  run against external MongoDB, Kratos, LiveKit and SMTP (production)
  interviewprep migrate [flags]  create the database's indexes, then exit
  interviewprep user set-role [flags] EMAIL ROLE
                                 make a user a candidate, interviewer or admin (the first admin, say)
  interviewprep runner  [flags]  run candidates' code from the database's queue (on more hosts)
  interviewprep version          print the version

Every flag can also be set as an environment variable: --kratos-admin-url is
INTERVIEWPREP_KRATOS_ADMIN_URL. Flags win over the environment.
Run 'interviewprep <command> -h' for a command's flags.
`

func main() {
	gctune.Apply(os.Getenv)
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "interviewprep", version)
		return 0
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return 0
	case "user":
		return userCommand(rest, getenv, stdout, stderr)
	case "dev", "serve", "migrate", "runner":
	default:
		fmt.Fprintf(stderr, "interviewprep: unknown command %q\n\n%s", cmd, usage)
		return 2
	}

	cfg, err := config.Load(config.Mode(cmd), rest, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "interviewprep %s: %v\n", cmd, err)
		return 2
	}
	logger := newLogger(cfg.Log, stderr)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// A second Ctrl-C while shutting down exits at once; children die
		// with us through their parent-death signal.
		<-ctx.Done()
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		fmt.Fprintln(stderr, "interviewprep: forced exit")
		os.Exit(130)
	}()

	if cfg.Mode == config.ModeRunner {
		if err := app.RunRunner(ctx, cfg, logger); err != nil {
			fmt.Fprintf(stderr, "interviewprep runner: %v\n", err)
			return 1
		}
		return 0
	}
	if cfg.Mode == config.ModeMigrate {
		return migrate(ctx, cfg, logger, stdout, stderr)
	}
	err = app.Run(ctx, cfg, app.Options{
		Version: version,
		Logger:  logger,
		Output:  stderr,
		Ready: func(info app.Info) {
			if cfg.Mode == config.ModeDev {
				printBanner(stdout, cfg, info)
			}
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "interviewprep %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// userCommand parses `user set-role [flags] EMAIL ROLE` and runs it against
// the database (the embedded one under --data-dir when --mongo-uri is empty).
func userCommand(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	const usageLine = "usage: interviewprep user set-role [--mongo-uri URI | --data-dir DIR] EMAIL candidate|interviewer|admin"
	if len(args) == 0 || args[0] != "set-role" {
		fmt.Fprintln(stderr, usageLine)
		return 2
	}
	cfg, rest, err := config.LoadArgs(config.ModeMigrate, args[1:], getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "interviewprep user set-role: %v\n", err)
		return 2
	}
	if len(rest) != 2 {
		fmt.Fprintln(stderr, usageLine)
		return 2
	}
	role, err := identity.ParseRole(rest[1])
	if err != nil {
		fmt.Fprintf(stderr, "interviewprep user set-role: %v\n", err)
		return 2
	}
	logger := newLogger(cfg.Log, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	u, err := app.SetRole(ctx, cfg, logger, rest[0], role)
	if err != nil {
		fmt.Fprintf(stderr, "interviewprep user set-role: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s (%s) is now %s\n", u.Email, u.Name, u.Role)
	return 0
}

func migrate(ctx context.Context, cfg config.Config, logger *slog.Logger, stdout, stderr io.Writer) int {
	n, db, err := app.Migrate(ctx, cfg, logger)
	if err != nil {
		fmt.Fprintf(stderr, "interviewprep migrate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "migrate: %d indexes in place (%s)\n", n, db)
	return 0
}

func newLogger(c config.LogConfig, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated by config
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func printBanner(w io.Writer, cfg config.Config, info app.Info) {
	fmt.Fprintf(w, "\nInterview-Prep %s is running in dev mode.\n\n", version)
	fmt.Fprintf(w, "  Open      %s\n", info.URL)
	fmt.Fprintf(w, "  Health    %s/api/health\n", info.URL)
	fmt.Fprintf(w, "  Status    %s/status\n", info.URL)
	names := make([]string, 0, len(info.Components))
	for n := range info.Components {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, info.Components[n])
	}
	abs, _ := filepath.Abs(cfg.DataDir)
	fmt.Fprintf(w, "  Data      %s\n", abs)
	if len(info.DemoLogins) > 0 {
		fmt.Fprintf(w, "\nDemo logins (password %q):\n", info.DemoLogins[0].Password)
		for _, l := range info.DemoLogins {
			fmt.Fprintf(w, "  %-12s %s\n", l.Role, l.Email)
		}
	}
	fmt.Fprint(w, "\nPress Ctrl-C to stop.\n\n")
}
