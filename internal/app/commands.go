package app

import (
	"context"
	"log/slog"
	"path/filepath"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/database"
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
