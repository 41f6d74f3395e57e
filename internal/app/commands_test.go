package app

import (
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMigrateCreatesEveryIndexOnTheEmbeddedDatabase(t *testing.T) {
	cfg := config.Default(config.ModeMigrate)
	cfg.DataDir = t.TempDir()
	ctx := testenv.Context(t)
	for run := range 2 { // the second run finds them in place
		n, db, err := Migrate(ctx, cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		if n != len(allIndexes()) || !strings.Contains(db, "FerretDB") || !strings.Contains(db, cfg.DataDir) {
			t.Fatalf("run %d: %d indexes in %q, want %d in the embedded database under %s", run+1, n, db, len(allIndexes()), cfg.DataDir)
		}
	}
}

func TestSetRoleChangesTheStoredUser(t *testing.T) {
	ctx := testenv.Context(t)
	logger := slog.New(slog.DiscardHandler)
	db := testenv.Database(t)
	cfg := config.Default(config.ModeMigrate)
	cfg.Database.URI, cfg.Database.Name = "mongodb://"+testenv.Server(t).Address+"/", db.Name()

	ids, err := identity.NewService(identity.Config{DB: db, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	ada, err := ids.EnsureUser(ctx, identity.Identity{
		ID: "00000000-0000-4000-8000-000000000002", Traits: identity.Traits{Email: "ada@example.com", Name: "Ada"},
	})
	if err != nil {
		t.Fatal(err)
	}

	u, err := SetRole(ctx, cfg, logger, "Ada@Example.com", identity.RoleInterviewer)
	if err != nil || u.ID != ada.ID || u.Role != identity.RoleInterviewer {
		t.Fatalf("SetRole = %+v, %v; want %s as interviewer", u, err, ada.ID)
	}
	if stored, err := ids.User(ctx, ada.ID); err != nil || stored.Role != identity.RoleInterviewer {
		t.Fatalf("stored user = %+v, %v; want the interviewer role", stored, err)
	}
	if _, err := SetRole(ctx, cfg, logger, "nobody@example.com", identity.RoleAdmin); !errors.Is(err, identity.ErrUserNotFound) {
		t.Fatalf("SetRole of an unknown email = %v, want ErrUserNotFound", err)
	}
}
