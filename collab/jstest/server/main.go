// Command server runs the collab server for the Node tests and the
// benchmark: embedded FerretDB in -dir, the collab routes, and test-only
// endpoints that a production server never has (create an interview's
// documents, mint a ticket for any user, read the server's counters).
//
//	go build -o bin/collab-testserver ./collab/jstest/server
//	collab-testserver -dir /tmp/x -addr 127.0.0.1:0
//
// It prints "LISTENING http://host:port" when ready. Restarting it with the
// same -dir (and -secret) keeps documents, relations and tickets valid.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/collab"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/gctune"
)

func main() {
	dir := flag.String("dir", "", "data directory (embedded FerretDB)")
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	secret := flag.String("secret", "jstest-secret", "ticket HMAC key")
	flush := flag.Duration("flush", 0, "least time between two messages to one peer (0 = default)")
	perPeer := flag.Duration("flush-per-peer", 0, "…or this times the document's peers (0 = default)")
	delay := flag.Duration("flush-delay", 0, "coalescing delay before replying (0 = default)")
	resend := flag.Duration("resend", 0, "how long a message may wait for the peer's answer before the next one goes (0 = default)")
	compress := flag.Bool("compress", true, "permessage-deflate, as the app does by default (-compress=false: off)")
	flag.Parse()
	gctune.Apply(os.Getenv) // as the app does
	if err := run(*dir, *addr, *secret, *flush, *perPeer, *delay, *resend, *compress); err != nil {
		fmt.Fprintln(os.Stderr, "collab-testserver:", err)
		os.Exit(1)
	}
}

func run(dir, addr, secret string, flush, perPeer, delay, resend time.Duration, compress bool) error {
	if dir == "" {
		return errors.New("-dir is required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := database.Open(ctx, database.Options{Name: "collab", Dir: dir}, logger)
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	if err := database.Migrate(ctx, db.DB, collab.Indexes()); err != nil {
		return err
	}
	rels := db.DB.Collection("jstest_relations")
	srv, err := collab.New(collab.Config{
		DB: db.DB, Logger: logger, Secret: []byte(secret), TicketTTL: time.Hour, FlushInterval: flush, FlushPerPeer: perPeer, FlushDelay: delay, ResendInterval: resend,
		Compress: compress,
		Limits:   collab.Limits{MessagesPerSecond: 2000, Burst: 4000},
		Relation: func(ctx context.Context, interviewID, userID string) (string, error) {
			var r struct {
				Rel string `bson:"rel"`
			}
			err := rels.FindOne(ctx, bson.D{{Key: "_id", Value: interviewID + "/" + userID}}).Decode(&r)
			if errors.Is(err, mongo.ErrNoDocuments) {
				return collab.RelationNone, nil
			}
			return r.Rel, err
		},
	})
	if err != nil {
		return err
	}
	inner, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ln := &countingListener{Listener: inner}
	mux := http.NewServeMux()
	srv.Register(mux)
	mux.HandleFunc("POST /test/interview", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Candidate    string   `json:"candidate"`
			Interviewers []string `json:"interviewers"`
			Source       string   `json:"source"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id := "iv-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		set := func(user, rel string) error {
			_, err := rels.InsertOne(r.Context(), bson.D{{Key: "_id", Value: id + "/" + user}, {Key: "rel", Value: rel}})
			return err
		}
		errs := []error{set(in.Candidate, collab.RelationCandidate)}
		for _, u := range in.Interviewers {
			errs = append(errs, set(u, collab.RelationInterviewer))
		}
		if err := errors.Join(errs...); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		docs, err := srv.CreateInterviewDocs(r.Context(), id, collab.DocsInit{
			Language: "javascript", Source: in.Source, ProblemID: "p1", ProblemTitle: "Two sum",
			Statement: "Return indices of two numbers adding up to target.",
			Starter:   map[string]string{"javascript": "function twoSum(nums, target) {}\n"},
		})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, map[string]any{"interviewId": id, "docs": docs})
	})
	mux.HandleFunc("GET /test/ticket", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"ticket": srv.Ticket(r.URL.Query().Get("user"), r.URL.Query().Get("role"))})
	})
	mux.HandleFunc("GET /test/stats", func(w http.ResponseWriter, r *http.Request) {
		st := srv.Stats()
		writeJSON(w, map[string]int64{"messagesSent": st.MessagesSent.Load(), "bytesSent": st.BytesSent.Load(),
			"wireBytesSent": ln.written.Load()})
	})
	mux.HandleFunc("GET /debug/pprof/", pprof.Index) // heap, goroutine, allocs…
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /test/mem", func(w http.ResponseWriter, r *http.Request) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		writeJSON(w, map[string]uint64{"goSys": ms.Sys, "heapSys": ms.HeapSys, "heapInuse": ms.HeapInuse,
			"heapReleased": ms.HeapReleased, "stackSys": ms.StackSys, "numGC": uint64(ms.NumGC)})
	})

	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Close(sctx)
		_ = hs.Shutdown(sctx)
	}()
	fmt.Printf("LISTENING http://%s\n", ln.Addr())
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// countingListener counts the bytes written to every connection it accepts:
// what went on the wire, after compression and WebSocket framing.
type countingListener struct {
	net.Listener
	written atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, n: &l.written}, nil
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.n.Add(int64(n))
	return n, err
}
