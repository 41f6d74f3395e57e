package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/backup"
	"github.com/interviewprep/interviewprep/internal/backup/archive"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/problems"
	"github.com/interviewprep/interviewprep/schedule"
)

// The one-shot commands: main parses their arguments and prints their
// results; what they open and build is wired here, like Run's.

// Migrate creates every domain's indexes (`interviewprep migrate`). It returns
// how many are in place and which database holds them.
func Migrate(ctx context.Context, cfg config.Config, logger *slog.Logger) (indexes int, db string, err error) {
	err = withDatabase(ctx, cfg, logger, func(d *database.DB) error {
		ix := allIndexes()
		if err := database.Migrate(ctx, d.DB, ix); err != nil {
			return err
		}
		indexes, db = len(ix), d.Description
		return nil
	})
	return indexes, db, err
}

// SetRole gives the user with email the role (`interviewprep user set-role`),
// the first admin say, and returns the user as changed.
func SetRole(ctx context.Context, cfg config.Config, logger *slog.Logger, email string, role identity.Role) (identity.User, error) {
	var u identity.User
	err := withDatabase(ctx, cfg, logger, func(d *database.DB) error {
		// No RoleChanged listener: this process serves no sockets. A
		// running app's collab recheck closes, within about a minute, the
		// sockets opened under the old role.
		ids, err := identity.NewService(identity.Config{DB: d.DB, Logger: logger})
		if err != nil {
			return err
		}
		u, err = ids.SetRoleByEmail(ctx, email, role)
		return err
	})
	return u, err
}

// withDatabase opens the database for a command, runs fn and closes it. The
// embedded database listens on a free port: --db-port belongs to dev mode.
func withDatabase(ctx context.Context, cfg config.Config, logger *slog.Logger, fn func(*database.DB) error) error {
	db, err := database.Open(ctx, database.Options{
		URI: cfg.Database.URI, Name: cfg.Database.Name, Dir: filepath.Join(cfg.DataDir, "db"),
	}, logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := db.Close(context.WithoutCancel(ctx)); err != nil {
			logger.Warn("close database", "err", err)
		}
	}()
	return fn(db)
}

// BackupOptions are the flags of `interviewprep export` and `import` beyond
// the database's.
type BackupOptions struct {
	Path string // the archive
	// KratosAdminURL is Kratos's admin API: export adds every identity
	// (with its password hash), import creates the missing ones. Empty:
	// export leaves identities out.
	KratosAdminURL string
	RecordingsDir  string
	Media          bool   // export: add the recordings' media files
	Force          bool   // import: drop what the target holds first
	Version        string // the app's, for the manifest
}

// declaredCollections are every collection a domain package declares:
// export writes them first and import checks and replaces them.
func declaredCollections() []string {
	out := idCollections()
	for _, c := range []string{identity.UsersCollection, problems.Collection, problems.SummariesCollection} {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func backupKratos(adminURL string) *backup.Kratos {
	if adminURL == "" {
		return nil
	}
	return &backup.Kratos{AdminURL: adminURL}
}

// Export writes the database, and as asked the identities and the media,
// to one archive (`interviewprep export`). It returns what the archive
// holds and which database it read.
func Export(ctx context.Context, cfg config.Config, logger *slog.Logger, o BackupOptions) (counts archive.Counts, db string, err error) {
	err = withDatabase(ctx, cfg, logger, func(d *database.DB) error {
		db = fmt.Sprintf("%s, database %s", d.Description, d.DB.Name())
		counts, err = backup.ExportFile(ctx, d.DB, o.Path, backup.ExportOptions{
			Collections: declaredCollections(), Derived: schedule.DerivedCollections(), AppVersion: o.Version, Source: db,
			Kratos: backupKratos(o.KratosAdminURL), RecordingsDir: o.RecordingsDir, Media: o.Media, Logger: logger,
		})
		return err
	})
	return counts, db, err
}

// Import loads an archive into the database (`interviewprep import`), then
// creates every index, the embedded database's _id indexes included, as
// start-up does.
func Import(ctx context.Context, cfg config.Config, logger *slog.Logger, o BackupOptions) (res backup.ImportResult, db string, err error) {
	f, err := os.Open(o.Path)
	if err != nil {
		return res, "", err
	}
	defer f.Close()
	err = withDatabase(ctx, cfg, logger, func(d *database.DB) error {
		db = fmt.Sprintf("%s, database %s", d.Description, d.DB.Name())
		res, err = backup.Import(ctx, d.DB, f, backup.ImportOptions{
			Collections: declaredCollections(), Derived: schedule.DerivedCollections(), Indexes: allIndexes(), Kratos: backupKratos(o.KratosAdminURL),
			RecordingsDir: o.RecordingsDir, Force: o.Force, Logger: logger,
		})
		if err != nil {
			return err
		}
		if err := d.EnsureIDIndexes(ctx, idCollections()...); err != nil {
			return err
		}
		// The dashboards' snapshot, so that the first node on this
		// database serves its lists at once (at 100,000 interviews a
		// load takes seconds).
		start := time.Now()
		path, inStore := scheduleSnapshot(cfg, d)
		n, err := schedule.SaveSnapshot(ctx, schedule.Config{DB: d.DB, SnapshotPath: path, SnapshotInStore: inStore, Logger: logger})
		if err != nil {
			return fmt.Errorf("save the dashboards' snapshot: %w", err)
		}
		logger.Info("saved the dashboards' snapshot", "interviews", n, "took", time.Since(start).Round(time.Millisecond))
		return nil
	})
	return res, db, err
}
