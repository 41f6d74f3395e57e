package main

import (
	"bytes"
	"context"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/interviewprep/interviewprep/internal/database"
)

func TestSplitFlagsTakesTheArchivesOwnFlagsAnywhere(t *testing.T) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.Bool("media", false, "")
	fs.String("recordings-dir", "", "")
	mine, rest := splitFlags(fs, []string{"--data-dir", "d", "--media", "out.tgz", "--recordings-dir=r", "-recordings-dir", "s", "--", "--media"})
	if !slices.Equal(mine, []string{"--media", "--recordings-dir=r", "-recordings-dir", "s"}) ||
		!slices.Equal(rest, []string{"--data-dir", "d", "out.tgz", "--", "--media"}) {
		t.Fatalf("mine %q, rest %q", mine, rest)
	}
}

// An embedded installation exported, imported into a second data
// directory, and imported again: refused, then forced.
func TestExportThenImportOnEmbeddedDatabases(t *testing.T) {
	from, to := t.TempDir(), t.TempDir()
	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	ctx := context.Background()
	db, err := database.Open(ctx, database.Options{Name: "interviewprep", Dir: filepath.Join(from, "db")}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.DB.Collection("users").InsertOne(ctx, bson.D{{Key: "_id", Value: "u1"}, {Key: "email", Value: "a@example.com"}})
	if cerr := db.Close(ctx); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	cmd := func(args []string, code int, stdout, stderr string) {
		t.Helper()
		var out, errb bytes.Buffer
		if got := run(args, func(string) string { return "" }, &out, &errb); got != code ||
			!strings.Contains(out.String(), stdout) || !strings.Contains(errb.String(), stderr) {
			t.Fatalf("%q: exit %d, stdout %q, stderr %q; want %d, %q, %q", args, got, out.String(), errb.String(), code, stdout, stderr)
		}
	}
	cmd([]string{"export", "--data-dir", from}, 2, "", "usage: interviewprep export")
	cmd([]string{"export", "-h"}, 0, "", "-media")
	cmd([]string{"import", "-h"}, 0, "", "-force")
	cmd([]string{"export", "--data-dir", from, archive, "--media"}, 0, "export: 1 documents", "")
	if st, err := os.Stat(archive); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("archive: %v, %v; want a file only its owner reads (it holds password hashes)", st, err)
	}
	cmd([]string{"import", "--data-dir", to, archive}, 0, "import: 1 documents", "")
	// The first import made the interviews' write counter (saving the dashboards' snapshot), as a node does.
	cmd([]string{"import", "--data-dir", to, archive}, 1, "", `holds documents (counters: 1, users: 1)`)
	cmd([]string{"import", "--force", "--data-dir", to, archive}, 0, "import: replaced what counters, users held (--force)", "")
	cmd([]string{"import", "--data-dir", to, "no-such-file.tgz"}, 1, "", "no-such-file.tgz")
	bad := filepath.Join(t.TempDir(), "bad.tgz")
	if err := os.WriteFile(bad, []byte("not an archive"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd([]string{"import", "--data-dir", t.TempDir(), bad}, 1, "", "not a valid interviewprep archive: not a gzip stream")
}
