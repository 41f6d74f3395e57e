// Package archive is the file format of `interviewprep export`: a gzipped
// tar (readable with tar and gzip) holding, in this order,
//
//	manifest.json                      format, version, time, what follows
//	identities/000001.jsonl …          Kratos identities, one JSON object a line
//	collections/<name>/000001.bson …   the documents, each a BSON document with its own
//	                                   int32 length in front, as mongodump's .bson files
//	recordings/<id>/…                  the recordings' media files
//	counts.json                        documents per collection, identities, media files
//
// Every part is cut into entries of about 4 MiB, so neither side holds more
// than that in memory whatever a collection's size. counts.json comes last:
// an archive without it is truncated, and Read checks what it read against
// it. The package knows nothing of databases: internal/backup fills and
// empties archives.
package archive

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Format and Version identify the layout; Read refuses a newer version
// than its own.
const (
	Format  = "interviewprep-backup"
	Version = 1
)

// Entry names.
const (
	manifestEntry  = "manifest.json"
	countsEntry    = "counts.json"
	identitiesDir  = "identities/"
	collectionsDir = "collections/"
	recordingsDir  = "recordings/"
)

const (
	// chunkSize is roughly how many bytes of records go into one tar
	// entry (tar wants an entry's size before its bytes).
	chunkSize = 4 << 20
	// maxDocument is the largest BSON document accepted: MongoDB's 16 MiB
	// plus the 16 KiB it allows itself for internal fields.
	maxDocument = 16<<20 + 16<<10
	// maxJSON bounds manifest.json, counts.json and one identity line.
	maxJSON = 1 << 20
)

// Manifest is the archive's first entry: what it is and what it holds.
type Manifest struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	CreatedAt  time.Time `json:"createdAt"`
	AppVersion string    `json:"appVersion,omitempty"`
	Source     string    `json:"source,omitempty"` // the database it came from, for people
	// Collections are the collections that follow, in order (empty ones
	// included).
	Collections []string `json:"collections"`
	// Identities says whether Kratos identities follow; Media whether the
	// recordings' files do.
	Identities bool `json:"identities"`
	Media      bool `json:"media"`
}

// Counts is the archive's last entry: how much of each part it holds.
type Counts struct {
	Documents  map[string]int64 `json:"documents"` // by collection
	Identities int64            `json:"identities"`
	MediaFiles int64            `json:"mediaFiles"`
	MediaBytes int64            `json:"mediaBytes"`
}

// Total is the number of documents in every collection.
func (c Counts) Total() int64 {
	var n int64
	for _, d := range c.Documents {
		n += d
	}
	return n
}

// ErrBad wraps every error about an archive's content (as opposed to the
// database's or the file system's).
var ErrBad = errors.New("not a valid interviewprep archive")

func bad(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBad, fmt.Sprintf(format, args...))
}

// collectionName is what a collection may be called here: it becomes part
// of an entry's path.
var collectionName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$`)

// ValidCollection reports whether an archive can carry a collection of
// that name.
func ValidCollection(name string) bool {
	return collectionName.MatchString(name) && !strings.HasPrefix(name, "system.")
}

// recordingID is a recording's directory name under the recordings
// directory (rooms: 32 hex digits).
var recordingID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// mediaPart is one path element below a recording's directory.
var mediaPart = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$`)

// ValidMediaPath reports whether rel (slash-separated, below the recordings
// directory) is <recording id>/<file> or a little deeper, with no element
// that could leave the directory.
func ValidMediaPath(rel string) bool {
	parts := strings.Split(rel, "/")
	if len(parts) < 2 || len(parts) > 4 || !recordingID.MatchString(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		if !mediaPart.MatchString(p) {
			return false
		}
	}
	return true
}
