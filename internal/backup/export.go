package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/backup/archive"
)

// ExportOptions says what goes into an archive besides the declared
// collections.
type ExportOptions struct {
	// Collections are the collections the domain packages declare.
	// Collections the database holds that no domain declares are exported
	// too, after them, with a warning.
	Collections []string
	// Derived are collections made from the others (a read model's
	// snapshot): never exported, since an import may rename the ids they
	// hold.
	Derived    []string
	AppVersion string
	Source     string // the database, for the manifest
	// Kratos, when set, adds every Kratos identity with its password hash.
	Kratos *Kratos
	// RecordingsDir is where the recordings' media files are; Media adds
	// them to the archive (else they are only counted, and a warning says
	// what is left out).
	RecordingsDir string
	Media         bool
	Logger        *slog.Logger
	Now           func() time.Time // default time.Now
}

// Export writes the database (and, as asked, identities and media) to w as
// one archive and returns what it holds. It reads each collection with one
// cursor, without sorting and without holding more than one entry's worth
// of documents; on a database in use, each collection is read as it is at
// that moment (stop the app for a consistent copy).
func Export(ctx context.Context, db *mongo.Database, w io.Writer, o ExportOptions) (archive.Counts, error) {
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	colls, err := exportList(ctx, db, o.Collections, o.Derived, logger)
	if err != nil {
		return archive.Counts{}, err
	}
	m := archive.Manifest{
		CreatedAt: now().UTC(), AppVersion: o.AppVersion, Source: o.Source,
		Collections: colls, Identities: o.Kratos != nil, Media: o.Media && o.RecordingsDir != "",
	}
	aw, err := archive.NewWriter(w, m)
	if err != nil {
		return archive.Counts{}, err
	}
	counts := archive.Counts{Documents: map[string]int64{}}
	if m.Identities {
		if counts.Identities, err = exportIdentities(ctx, aw, o.Kratos); err != nil {
			return archive.Counts{}, err
		}
	}
	for _, c := range colls {
		n, err := exportCollection(ctx, aw, db.Collection(c))
		if err != nil {
			return archive.Counts{}, err
		}
		counts.Documents[c] = n
	}
	if o.RecordingsDir != "" {
		if counts.MediaFiles, counts.MediaBytes, err = exportMedia(ctx, aw, o.RecordingsDir, m.Media); err != nil {
			return archive.Counts{}, err
		}
		if !m.Media && counts.MediaFiles > 0 {
			logger.Warn("recordings' media files are not in the archive (add --media, or copy the directory)",
				"dir", o.RecordingsDir, "files", counts.MediaFiles, "bytes", counts.MediaBytes)
			counts.MediaFiles, counts.MediaBytes = 0, 0
		}
	}
	return counts, aw.Close(counts)
}

// exportList is the declared collections, then any other the database
// holds (sorted), each once, derived ones left out.
func exportList(ctx context.Context, db *mongo.Database, declared, derived []string, logger *slog.Logger) ([]string, error) {
	present, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("backup: list the collections of %s: %w", db.Name(), err)
	}
	slices.Sort(present)
	var out []string
	for _, c := range slices.Concat(declared, present) {
		if slices.Contains(out, c) || slices.Contains(derived, c) || strings.HasPrefix(c, "system.") {
			continue
		}
		if !archive.ValidCollection(c) {
			return nil, fmt.Errorf("backup: collection %q: the archive cannot name it", c)
		}
		if !slices.Contains(declared, c) {
			logger.Warn("exporting a collection no domain declares", "collection", c)
		}
		out = append(out, c)
	}
	return out, nil
}

func exportIdentities(ctx context.Context, aw *archive.Writer, k *Kratos) (int64, error) {
	ch := aw.Identities()
	var n int64
	err := k.each(ctx, func(rec identityRecord) error {
		b, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("backup: encode identity %s: %w", rec.ID, err)
		}
		n++
		return ch.Add(append(b, '\n'))
	})
	if err != nil {
		return 0, err
	}
	return n, ch.Close()
}

func exportCollection(ctx context.Context, aw *archive.Writer, c *mongo.Collection) (int64, error) {
	cur, err := c.Find(ctx, bson.D{}, options.Find().SetBatchSize(1000))
	if err != nil {
		return 0, fmt.Errorf("backup: read %s: %w", c.Name(), err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	ch := aw.Collection(c.Name())
	var n int64
	for cur.Next(ctx) {
		if err := ch.Add(cur.Current); err != nil {
			return 0, err
		}
		n++
	}
	if err := cur.Err(); err != nil {
		return 0, fmt.Errorf("backup: read %s: %w", c.Name(), err)
	}
	return n, ch.Close()
}

// exportMedia walks the recordings directory: every regular file in a
// recording's directory goes into the archive when include is set, and is
// counted either way. Anything else there (other files, links) is skipped.
func exportMedia(ctx context.Context, aw *archive.Writer, dir string, include bool) (files, size int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir && errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir // no recordings yet
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil || !d.Type().IsRegular() || !archive.ValidMediaPath(filepath.ToSlash(rel)) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += info.Size()
		if !include {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return aw.Media(filepath.ToSlash(rel), info.Size(), f)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("backup: recordings in %s: %w", dir, err)
	}
	return files, size, nil
}

// ExportFile writes the archive to path: to path.partial first, renamed
// when complete, so a failed export never leaves a file that looks whole.
// The file is readable by its owner only: it holds password hashes.
func ExportFile(ctx context.Context, db *mongo.Database, path string, o ExportOptions) (archive.Counts, error) {
	tmp := path + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return archive.Counts{}, fmt.Errorf("backup: %w", err)
	}
	counts, err := Export(ctx, db, f, o)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return archive.Counts{}, err
	}
	return counts, nil
}
