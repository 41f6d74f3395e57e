// Package health reports the state of every component the app depends on
// (database, Kratos, LiveKit, mail) for GET /api/health.
package health

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/interviewprep/interviewprep/internal/supervisor"
)

// Status of one component or of the whole.
const (
	Up       = "up"
	Down     = "down"
	Starting = "starting"
	Degraded = "degraded"
)

// ErrStarting, wrapped in a probe's error, reports the component as
// starting (not down): it is on its way, e.g. loading what it serves.
var ErrStarting = errors.New("starting")

// Component is one dependency to report on.
type Component struct {
	Name        string
	Description string
	Address     string
	// Probe returns nil when the component answers.
	Probe func(ctx context.Context) error
	// Process is set when the app runs the component as a child process.
	Process *supervisor.Process
	// Embedded is set for components that run inside the app process.
	Embedded bool
	// Note, when set, says more about the component's state (the report's
	// note), e.g. which way it serves while it starts.
	Note func() string
}

// Detail is one component in the report.
type Detail struct {
	Status      string     `json:"status"`
	Description string     `json:"description"`
	Address     string     `json:"address,omitempty"`
	LatencyMs   float64    `json:"latencyMs"`
	Error       string     `json:"error,omitempty"`
	Note        string     `json:"note,omitempty"`
	Managed     bool       `json:"managed"`
	PID         int        `json:"pid,omitempty"`
	Restarts    int        `json:"restarts,omitempty"`
	Since       *time.Time `json:"since,omitempty"`
}

// Report is the body of GET /api/health.
type Report struct {
	Status     string            `json:"status"`
	Version    string            `json:"version"`
	Mode       string            `json:"mode"`
	CheckedAt  time.Time         `json:"checkedAt"`
	Components map[string]string `json:"components"`
	Details    map[string]Detail `json:"details"`
}

// Checker probes a fixed set of components.
type Checker struct {
	Version    string
	Mode       string
	Timeout    time.Duration // per probe; default 2s
	components []Component
}

// New returns a checker for the given components.
func New(version, mode string, components ...Component) *Checker {
	sort.Slice(components, func(i, j int) bool { return components[i].Name < components[j].Name })
	return &Checker{Version: version, Mode: mode, Timeout: 2 * time.Second, components: components}
}

// Check probes every component concurrently.
func (c *Checker) Check(ctx context.Context) Report {
	r := Report{
		Status:     Up,
		Version:    c.Version,
		Mode:       c.Mode,
		CheckedAt:  time.Now().UTC(),
		Components: make(map[string]string, len(c.components)),
		Details:    make(map[string]Detail, len(c.components)),
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, comp := range c.components {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := c.check(ctx, comp)
			mu.Lock()
			defer mu.Unlock()
			r.Components[comp.Name] = d.Status
			r.Details[comp.Name] = d
		}()
	}
	wg.Wait()
	for _, s := range r.Components {
		if s != Up {
			r.Status = Degraded
		}
	}
	return r
}

func (c *Checker) check(ctx context.Context, comp Component) Detail {
	d := Detail{Description: comp.Description, Address: comp.Address, Managed: comp.Process != nil || comp.Embedded}
	var proc supervisor.Status
	if comp.Process != nil {
		proc = comp.Process.Status()
		d.PID = proc.PID
		d.Restarts = proc.Restarts
		since := proc.Since.UTC()
		d.Since = &since
	}
	pctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	start := time.Now()
	err := comp.Probe(pctx)
	d.LatencyMs = float64(time.Since(start).Microseconds()) / 1000
	if comp.Note != nil {
		d.Note = comp.Note()
	}
	switch {
	case err == nil:
		d.Status = Up
	case errors.Is(err, ErrStarting), comp.Process != nil && proc.State == supervisor.StateStarting:
		d.Status = Starting
		d.Error = err.Error()
	default:
		d.Status = Down
		d.Error = err.Error()
		if comp.Process != nil && proc.LastError != "" {
			d.Error += " (" + proc.LastError + ")"
		}
	}
	return d
}

// ServeHTTP answers 200 with the report when everything is up, 503 otherwise.
func (c *Checker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rep := c.Check(r.Context())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if rep.Status != Up {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(rep)
}
