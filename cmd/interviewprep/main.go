// Command interviewprep is the Interview-Prep server.
//
//	interviewprep dev      run every component on this machine (development)
//	interviewprep serve    connect to external MongoDB, Kratos, LiveKit, SMTP
//	interviewprep migrate  create the database indexes
//	interviewprep runner   run candidates' code from the database's queue
//	interviewprep export   write the whole installation to one archive
//	interviewprep import   load an archive into an empty installation
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
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

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
  interviewprep export  [flags] FILE
                                 write the database, Kratos identities and (--media) recordings to one archive
  interviewprep import  [flags] FILE
                                 load an archive into an empty database (--force replaces what it holds)
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
	case "export", "import":
		return backupCommand(cmd, rest, getenv, stdout, stderr)
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

// backupCommand parses `export|import [flags] FILE`: the database flags as
// migrate takes them, plus the archive's own, and runs the command.
func backupCommand(cmd string, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	usageLine := "usage: interviewprep " + cmd + " [--mongo-uri URI | --data-dir DIR] [flags] FILE"
	o := app.BackupOptions{Version: version}
	own := flag.NewFlagSet(cmd, flag.ContinueOnError)
	own.SetOutput(stderr)
	own.StringVar(&o.KratosAdminURL, "kratos-admin-url", "", "Kratos admin API; export: add every identity with its password hash; import: create the missing ones (needed when the archive holds identities)")
	own.StringVar(&o.RecordingsDir, "recordings-dir", "", "the recordings directory (default: <data-dir>/recordings)")
	if cmd == "export" {
		own.BoolVar(&o.Media, "media", false, "add the recordings' media files (else only their index, the recordings collection, goes in)")
	} else {
		own.BoolVar(&o.Force, "force", false, "drop the collections and recordings the archive replaces instead of refusing a target that holds data")
	}
	mine, rest := splitFlags(own, args)
	if err := own.Parse(mine); err != nil {
		return 2
	}
	// Like every flag, the two locations come from the environment when
	// not given (so they work inside the production container); --media
	// and --force never do.
	for _, name := range []string{"kratos-admin-url", "recordings-dir"} {
		if f := own.Lookup(name); f.Value.String() == "" {
			_ = f.Value.Set(getenv(config.EnvName(name)))
		}
	}
	if slices.ContainsFunc(rest, func(a string) bool { return a == "-h" || a == "-help" || a == "--help" || a == "--h" }) {
		fmt.Fprintf(stderr, "%s\n\nArchive flags:\n", usageLine)
		own.PrintDefaults()
		fmt.Fprintln(stderr, "\nDatabase flags:")
	}
	cfg, pos, err := config.LoadArgs(config.ModeMigrate, rest, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "interviewprep %s: %v\n", cmd, err)
		return 2
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, usageLine)
		return 2
	}
	o.Path = pos[0]
	if o.RecordingsDir == "" {
		o.RecordingsDir = cfg.Record.Dir
	}
	logger := newLogger(cfg.Log, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	if cmd == "export" {
		c, db, err := app.Export(ctx, cfg, logger, o)
		if err != nil {
			fmt.Fprintf(stderr, "interviewprep export: %v\n", err)
			return 1
		}
		size := int64(0)
		if st, err := os.Stat(o.Path); err == nil {
			size = st.Size()
		}
		fmt.Fprintf(stdout, "export: %d documents in %d collections, %d identities, %d media files (%d bytes) from %s\n",
			c.Total(), len(c.Documents), c.Identities, c.MediaFiles, c.MediaBytes, db)
		fmt.Fprintf(stdout, "export: wrote %s (%d bytes) in %v\n", o.Path, size, time.Since(start).Round(time.Millisecond))
		return 0
	}
	res, db, err := app.Import(ctx, cfg, logger, o)
	if err != nil {
		fmt.Fprintf(stderr, "interviewprep import: %v\n", err)
		return 1
	}
	c := res.Counts
	fmt.Fprintf(stdout, "import: %d documents in %d collections, %d media files (%d bytes) into %s in %v\n",
		c.Total(), len(c.Documents), c.MediaFiles, c.MediaBytes, db, time.Since(start).Round(time.Millisecond))
	if c.Identities > 0 {
		fmt.Fprintf(stdout, "import: %d identities: %d created in Kratos, %d there already; %d user ids renamed to Kratos's new ones\n",
			c.Identities, res.IdentitiesCreated, c.Identities-int64(res.IdentitiesCreated), res.UsersRenamed)
	}
	if len(res.Replaced) > 0 {
		fmt.Fprintf(stdout, "import: replaced what %s held (--force)\n", strings.Join(res.Replaced, ", "))
	}
	return 0
}

// splitFlags separates the flags own defines (with their values) from the
// rest of args, which go to the configuration's parser, positional
// arguments included; own's flags may come anywhere.
func splitFlags(own *flag.FlagSet, args []string) (mine, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return mine, append(rest, args[i:]...)
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := own.Lookup(name)
		if !strings.HasPrefix(a, "-") || f == nil {
			rest = append(rest, a)
			continue
		}
		mine = append(mine, a)
		b, isBool := f.Value.(interface{ IsBoolFlag() bool })
		if !hasValue && !(isBool && b.IsBoolFlag()) && i+1 < len(args) {
			i++
			mine = append(mine, args[i])
		}
	}
	return mine, rest
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
