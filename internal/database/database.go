// Package database connects to MongoDB, or, when no URI is configured, runs
// FerretDB v1.24.2 in-process on SQLite and connects to that. Everything
// above this package sees a *mongo.Database either way.
package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// Options says which database to use.
type Options struct {
	URI  string // MongoDB URI; empty = embedded FerretDB
	Name string // database name

	// Embedded FerretDB only.
	Dir  string // SQLite files live here
	Port int    // loopback port; 0 picks a free one
}

// DB is an open database.
type DB struct {
	Client      *mongo.Client
	DB          *mongo.Database
	Description string // what it is, for the health page
	Address     string // host:port it talks to
	Embedded    bool

	sqliteDir string // embedded only: where FerretDB keeps <database>.sqlite

	stopFerret context.CancelFunc
	ferretDone chan error
}

// Open connects to the configured database, starting the embedded one first
// when no URI is given. Close releases it.
func Open(ctx context.Context, o Options, logger *slog.Logger) (*DB, error) {
	if o.Name == "" {
		return nil, errors.New("database: no database name")
	}
	db := &DB{}
	uri := o.URI
	if uri == "" {
		var err error
		uri, err = db.startFerret(ctx, o, logger)
		if err != nil {
			return nil, err
		}
	} else {
		db.Description = "MongoDB"
	}
	// Defaults first, so that options in the URI win.
	opts := options.Client().
		SetServerSelectionTimeout(10 * time.Second).
		SetConnectTimeout(5 * time.Second).
		SetAppName("interviewprep").
		ApplyURI(uri)
	client, err := mongo.Connect(opts)
	if err != nil {
		db.stop()
		return nil, fmt.Errorf("database: connect: %w", err)
	}
	db.Client = client
	db.DB = client.Database(o.Name)
	if len(opts.Hosts) > 0 {
		db.Address = opts.Hosts[0]
	}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := client.Ping(pctx, readpref.Primary()); err != nil {
		_ = db.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("database: ping %s: %w", db.Address, err)
	}
	return db, nil
}

func (db *DB) startFerret(ctx context.Context, o Options, logger *slog.Logger) (string, error) {
	if o.Dir == "" {
		return "", errors.New("database: embedded FerretDB needs a data directory")
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return "", fmt.Errorf("database: data directory: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("database: create %s: %w", dir, err)
	}
	port := o.Port
	if port == 0 {
		if port, err = freePort(); err != nil {
			return "", err
		}
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	// A taken port is refused here, before FerretDB builds its backend: its
	// listener does not report the failure, and the half-started backend is
	// never released (its debug build panics on it, as under -race).
	probe, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("database: embedded FerretDB cannot listen on %s: %w", addr, err)
	}
	probe.Close()
	// FerretDB logs every connection at info and every command it does not
	// implement (the driver's endSessions on disconnect) at warn; keep errors.
	flog := slog.New(levelFilter{logger.Handler(), slog.LevelError}).With("component", "ferretdb")
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Logger:    flog,
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
	})
	if err != nil {
		return "", fmt.Errorf("database: embedded FerretDB: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	db.stopFerret = cancel
	db.ferretDone = make(chan error, 1)
	go func() { db.ferretDone <- f.Run(runCtx) }()

	// Run binds the listener; wait for it (or for Run to fail, e.g. the port is taken).
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, derr := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if derr == nil {
			c.Close()
			break
		}
		select {
		case rerr := <-db.ferretDone:
			cancel()
			return "", fmt.Errorf("database: embedded FerretDB on %s stopped: %v", addr, rerr)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			db.stop()
			return "", fmt.Errorf("database: embedded FerretDB did not listen on %s: %w", addr, derr)
		}
	}
	db.Embedded = true
	db.sqliteDir = dir
	db.Description = "Embedded FerretDB 1.24.2 (SQLite in " + dir + ")"
	return "mongodb://" + addr + "/", nil
}

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.Client.Ping(ctx, readpref.Primary())
}

// Close disconnects and stops the embedded server.
func (db *DB) Close(ctx context.Context) error {
	var err error
	if db.Client != nil {
		err = db.Client.Disconnect(ctx)
	}
	db.stop()
	return err
}

func (db *DB) stop() {
	if db.stopFerret == nil {
		return
	}
	db.stopFerret()
	select {
	case <-db.ferretDone:
	case <-time.After(10 * time.Second):
	}
	db.stopFerret = nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("database: pick a port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// levelFilter drops records below min.
type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (h levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFilter{h.Handler.WithAttrs(a), h.min}
}

func (h levelFilter) WithGroup(n string) slog.Handler {
	return levelFilter{h.Handler.WithGroup(n), h.min}
}
