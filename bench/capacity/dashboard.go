package main

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// dashStats counts what every dashboard did.
type dashStats struct {
	fetches, fetchErrs, events, streamErrs atomic.Int64
	fetchNanos                             atomic.Int64 // summed time of the fetches
}

// streamClient has no timeout: an event stream stays open for the run.
var streamClient = &http.Client{}

// dashboard is a person's open dashboard: it loads GET /api/dashboard,
// holds GET /api/events open, and loads the dashboard again on every
// invalidate, as the web app's TanStack Query does. It reconnects after a
// dropped stream (the server's retry: 2000) until ctx ends.
func dashboard(ctx context.Context, base string, p *person, st *dashStats) {
	fetch := func() {
		t0 := time.Now()
		err := call(ctx, http.MethodGet, base+"/api/dashboard", p.token, nil, http.StatusOK, nil)
		st.fetchNanos.Add(int64(time.Since(t0)))
		st.fetches.Add(1)
		if err != nil && ctx.Err() == nil {
			st.fetchErrs.Add(1)
		}
	}
	fetch()
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/events", nil)
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("X-Session-Token", p.token)
		resp, err := streamClient.Do(req)
		if err == nil && resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			err = context.DeadlineExceeded // any error: counted below
		}
		if err != nil {
			if ctx.Err() == nil {
				st.streamErrs.Add(1)
			}
			sleepCtx(ctx, 2*time.Second)
			continue
		}
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: invalidate") {
				st.events.Add(1)
				fetch()
			}
		}
		resp.Body.Close()
		if ctx.Err() == nil {
			st.streamErrs.Add(1)
			sleepCtx(ctx, 2*time.Second)
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
