package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/interviewprep/interviewprep/internal/backup/archive"
	"github.com/interviewprep/interviewprep/internal/database"
)

// ImportOptions says where an archive goes besides the database.
type ImportOptions struct {
	// Collections and Indexes are what the domain packages declare: the
	// emptiness check and --force cover the declared collections as well
	// as the archive's, and the indexes are created after loading.
	Collections []string
	Indexes     []database.Index
	// Derived are collections made from the others (a read model's
	// snapshot): they describe what the target held, so an import that
	// goes ahead drops them, Force or not.
	Derived []string
	// Kratos is the target's Kratos: needed when the archive holds
	// identities.
	Kratos *Kratos
	// RecordingsDir receives the archive's media files.
	RecordingsDir string
	// Force drops the collections (and the recordings' directories) the
	// import would load into, instead of refusing when they hold anything.
	Force  bool
	Logger *slog.Logger
}

// ImportResult is what an import did.
type ImportResult struct {
	Manifest archive.Manifest
	Counts   archive.Counts
	// IdentitiesCreated were created in the target Kratos; the others
	// existed there already (same email) and were kept as they are.
	IdentitiesCreated int
	// UsersRenamed is how many user ids changed (Kratos gave the created
	// identities new ids); every reference to them was rewritten.
	UsersRenamed int
	// Replaced are the collections that held documents, which Force
	// dropped (with every other collection the archive loads into).
	Replaced []string
}

// ErrNotEmpty is returned when the target holds data and Force is not set.
var ErrNotEmpty = errors.New("the target is not empty")

// Import checks the archive whole, then loads it into db: identities into
// the target Kratos, documents in batches (never a whole collection in
// memory), media files into the recordings directory, then the declared
// indexes. It refuses a target that holds anything unless Force is set;
// then the collections it loads are dropped first, so the database ends up
// holding what the archive holds.
func Import(ctx context.Context, db *mongo.Database, r io.ReadSeeker, o ImportOptions) (ImportResult, error) {
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	seen := &inspect{recordings: map[string]bool{}}
	m, counts, err := archive.Read(ctx, r, seen)
	if err != nil {
		return ImportResult{}, fmt.Errorf("backup: %w", err)
	}
	res := ImportResult{Manifest: m, Counts: counts}
	if counts.Identities > 0 && o.Kratos == nil {
		return res, fmt.Errorf("backup: the archive holds %d Kratos identities: give the target's Kratos admin API (--kratos-admin-url)", counts.Identities)
	}
	if counts.MediaFiles > 0 && o.RecordingsDir == "" {
		return res, fmt.Errorf("backup: the archive holds %d media files: give the recordings directory (--recordings-dir)", counts.MediaFiles)
	}
	colls := slices.Concat(m.Collections, o.Collections)
	held, err := nonEmpty(ctx, db, colls)
	if err != nil {
		return res, err
	}
	clash := existingRecordings(o.RecordingsDir, seen.recordings)
	if (len(held) > 0 || len(clash) > 0) && !o.Force {
		return res, notEmptyError(db.Name(), held, o.RecordingsDir, clash)
	}
	if err := drop(ctx, db, o.Derived); err != nil {
		return res, err
	}
	if o.Force {
		if err := drop(ctx, db, colls); err != nil {
			return res, err
		}
		res.Replaced = slices.Sorted(maps.Keys(held))
		for _, id := range clash {
			if err := os.RemoveAll(filepath.Join(o.RecordingsDir, id)); err != nil {
				return res, fmt.Errorf("backup: replace recording %s: %w", id, err)
			}
		}
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return res, fmt.Errorf("backup: rewind the archive: %w", err)
	}
	ld := &loader{db: db, kratos: o.Kratos, dir: o.RecordingsDir, ids: idMap{}, logger: logger}
	if _, _, err := archive.Read(ctx, r, ld); err != nil {
		return res, fmt.Errorf("%w (the target now holds part of the archive: import again with --force)", err)
	}
	if err := ld.flush(ctx); err != nil {
		return res, err
	}
	res.IdentitiesCreated, res.UsersRenamed = ld.created, len(ld.ids)
	if err := database.Migrate(ctx, db, o.Indexes); err != nil {
		return res, fmt.Errorf("backup: create the indexes: %w", err)
	}
	return res, nil
}

// inspect is the sink of the first pass: it checks the identities and
// notes the recordings whose media the archive holds.
type inspect struct {
	archive.Discard
	recordings map[string]bool
}

func (s *inspect) Identity(_ context.Context, line []byte) error {
	_, err := decodeIdentity(line)
	return err
}

func (s *inspect) Media(_ context.Context, rel string, _ int64, _ io.Reader) error {
	id, _, _ := strings.Cut(rel, "/")
	s.recordings[id] = true
	return nil
}

// nonEmpty returns, of colls, those db holds documents in, with how many.
func nonEmpty(ctx context.Context, db *mongo.Database, colls []string) (map[string]int64, error) {
	held := map[string]int64{}
	for _, c := range colls {
		if _, done := held[c]; done {
			continue
		}
		err := db.Collection(c).FindOne(ctx, bson.D{}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("backup: read %s: %w", c, err)
		}
		n, err := db.Collection(c).CountDocuments(ctx, bson.D{})
		if err != nil {
			return nil, fmt.Errorf("backup: count %s: %w", c, err)
		}
		held[c] = n
	}
	return held, nil
}

func existingRecordings(dir string, ids map[string]bool) []string {
	var out []string
	for id := range ids {
		if _, err := os.Stat(filepath.Join(dir, id)); err == nil {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func notEmptyError(db string, held map[string]int64, dir string, clash []string) error {
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(held)) {
		parts = append(parts, fmt.Sprintf("%s: %d", c, held[c]))
	}
	msg := ""
	if len(parts) > 0 {
		msg = fmt.Sprintf("database %q holds documents (%s)", db, strings.Join(parts, ", "))
	}
	if len(clash) > 0 {
		if msg != "" {
			msg += "; "
		}
		msg += fmt.Sprintf("%s already holds %d of the archive's recordings", dir, len(clash))
	}
	return fmt.Errorf("backup: %w: %s. Import into an empty database, or pass --force to drop those collections (and recordings) and replace them with the archive's", ErrNotEmpty, msg)
}

// drop drops those of colls that db holds, empty or not (their indexes go
// too: import creates them again).
func drop(ctx context.Context, db *mongo.Database, colls []string) error {
	present, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("backup: list the collections of %s: %w", db.Name(), err)
	}
	for _, c := range present {
		if slices.Contains(colls, c) {
			if err := db.Collection(c).Drop(ctx); err != nil {
				return fmt.Errorf("backup: drop %s: %w", c, err)
			}
		}
	}
	return nil
}

// Batches of inserted documents: at most this many, or about this many
// bytes.
const (
	batchDocs  = 1000
	batchBytes = 8 << 20
)

// loader is the sink of the second pass: it writes into the target.
type loader struct {
	db      *mongo.Database
	kratos  *Kratos
	dir     string
	logger  *slog.Logger
	ids     idMap // archive user id → target user id, where they differ
	created int

	coll  string
	batch []any
	size  int
	total int64
}

func (l *loader) Identity(ctx context.Context, line []byte) error {
	rec, err := decodeIdentity(line)
	if err != nil {
		return err
	}
	id, created, err := l.kratos.restore(ctx, rec)
	if err != nil {
		return err
	}
	if created {
		l.created++
	}
	if id != rec.ID {
		l.ids[rec.ID] = id
	}
	return nil
}

func (l *loader) Document(ctx context.Context, coll string, doc bson.Raw) error {
	if coll != l.coll {
		if err := l.flush(ctx); err != nil {
			return err
		}
		l.coll, l.total = coll, 0
	}
	doc, err := l.ids.document(doc)
	if err != nil {
		return err
	}
	l.batch = append(l.batch, doc)
	l.size += len(doc)
	if len(l.batch) >= batchDocs || l.size >= batchBytes {
		return l.insert(ctx)
	}
	return nil
}

func (l *loader) insert(ctx context.Context) error {
	if len(l.batch) == 0 {
		return nil
	}
	if _, err := l.db.Collection(l.coll).InsertMany(ctx, l.batch); err != nil {
		return fmt.Errorf("backup: load %s: %w", l.coll, err)
	}
	l.total += int64(len(l.batch))
	l.batch, l.size = l.batch[:0], 0
	return nil
}

// flush inserts what is left of the current collection.
func (l *loader) flush(ctx context.Context) error {
	if err := l.insert(ctx); err != nil {
		return err
	}
	if l.coll != "" && l.total > 0 {
		l.logger.Info("imported", "collection", l.coll, "documents", l.total)
	}
	return nil
}

func (l *loader) Media(ctx context.Context, rel string, size int64, r io.Reader) error {
	if err := l.flush(ctx); err != nil {
		return err
	}
	l.coll, l.total = "", 0
	path := filepath.Join(l.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err = io.CopyN(f, r, size)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: write %s: %w", path, err)
	}
	return nil
}
