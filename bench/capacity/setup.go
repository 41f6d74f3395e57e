package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/interviewprep/interviewprep/identity"
)

// benchPassword is every load user's password, and benchHash its bcrypt hash
// at cost 4: identities are imported with the hash, so Kratos checks a
// cost-4 hash at sign-in instead of hashing at its dev cost (10) for every
// one of hundreds of users on two shared cores. Made with
// golang.org/x/crypto/bcrypt.GenerateFromPassword(benchPassword, 4).
const (
	benchPassword = "capacity-bench-pw-4711"
	benchHash     = "$2a$04$.qGHszsi2nmTXIYsZYNFvOd90mfV7s.LCp5uvqzuqv6L0FBVLH6AO"
)

// httpc is the client of every API call (dashboards' event streams have
// their own, without a timeout).
var httpc = &http.Client{Timeout: 30 * time.Second}

// call sends a JSON request (in may be nil) with a session token and decodes
// the answer into out (may be nil); an answer other than want is an error.
// A 5xx is tried again a few times: dev's Kratos runs on SQLite and answers
// "database is locked" now and then while many sign in at once.
func call(ctx context.Context, method, url, token string, in any, want int, out any) error {
	var err error
	for try := 0; try < 5; try++ {
		var status int
		if status, err = call1(ctx, method, url, token, in, want, out); err == nil || status < 500 {
			return err
		}
		sleepCtx(ctx, time.Duration(100<<try)*time.Millisecond)
	}
	return err
}

func call1(ctx context.Context, method, url, token string, in any, want int, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("X-Session-Token", token)
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode != want {
		return resp.StatusCode, fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, bytes.TrimSpace(raw))
	}
	if out == nil {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, json.Unmarshal(raw, out)
}

// person is one signed-in load user.
type person struct {
	id, email, token string
	role             string // candidate or interviewer
	node             int    // index of the node its browser talks to
}

// createIdentity imports a Kratos identity with the bench password's hash.
func createIdentity(ctx context.Context, k kratosURLs, email, name string) (string, error) {
	body := map[string]any{
		"schema_id": "default", "state": "active",
		"traits":               map[string]string{"email": email, "name": name},
		"credentials":          map[string]any{"password": map[string]any{"config": map[string]string{"hashed_password": benchHash}}},
		"verifiable_addresses": []map[string]any{{"value": email, "via": "email", "verified": true, "status": "completed"}},
	}
	var out struct {
		ID string `json:"id"`
	}
	err := call(ctx, http.MethodPost, k.admin+"/admin/identities", "", body, http.StatusCreated, &out)
	return out.ID, err
}

// login signs in through Kratos's API flow and returns the session token.
func login(ctx context.Context, k kratosURLs, email, password string) (string, error) {
	var flow struct {
		UI struct {
			Action string `json:"action"`
		} `json:"ui"`
	}
	if err := call(ctx, http.MethodGet, k.public+"/self-service/login/api", "", nil, http.StatusOK, &flow); err != nil {
		return "", err
	}
	// The action points at the app's /auth proxy; talk to Kratos directly.
	action := strings.Replace(flow.UI.Action, k.app+"/auth", k.public, 1)
	var out struct {
		SessionToken string `json:"session_token"`
	}
	in := map[string]string{"method": "password", "identifier": email, "password": password}
	if err := call(ctx, http.MethodPost, action, "", in, http.StatusOK, &out); err != nil {
		return "", err
	}
	if out.SessionToken == "" {
		return "", fmt.Errorf("login %s: no session token", email)
	}
	return out.SessionToken, nil
}

// parallel runs f(0…n-1), at most width at once, and returns the first error.
func parallel(n, width int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	sem := make(chan struct{}, width)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := f(i); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// interview is one of the load's interviews with its people.
type interview struct {
	id                string
	code, prob, notes string // automerge URLs
	candidate         *person
	interviewers      [2]*person
}

// people returns the interview's three people, the candidate first.
func (iv *interview) people() []*person {
	return []*person{iv.candidate, iv.interviewers[0], iv.interviewers[1]}
}

// setUp creates k interviews (candidate + two interviewers each, every one a
// new user: a Kratos identity, a session, the app's user made by its first
// request, interviewers given the role by the demo admin). spread puts the
// candidates on node 1 and the interviewers on node 2 when there are two.
func setUp(ctx context.Context, a *app, k int, run string) ([]*interview, *person, error) {
	adminToken, err := login(ctx, a.kratos, "admin@interviewprep.dev", identity.DemoPassword)
	if err != nil {
		return nil, nil, fmt.Errorf("admin login: %w", err)
	}
	admin := &person{token: adminToken, role: "admin"}
	ivs := make([]*interview, k)
	all := make([]*person, 0, 3*k)
	for i := range ivs {
		ivs[i] = &interview{}
		for j := 0; j < 3; j++ {
			p := &person{role: "candidate", email: fmt.Sprintf("cap-%s-%d-%d@bench.test", run, i, j)}
			if j > 0 {
				p.role = "interviewer"
				if len(a.nodes) > 1 {
					p.node = 1
				}
				ivs[i].interviewers[j-1] = p
			} else {
				ivs[i].candidate = p
			}
			all = append(all, p)
		}
	}
	err = parallel(len(all), 8, func(i int) error {
		p := all[i]
		if _, err := createIdentity(ctx, a.kratos, p.email, "Load "+strconv.Itoa(i)); err != nil {
			return err
		}
		if p.token, err = login(ctx, a.kratos, p.email, benchPassword); err != nil {
			return err
		}
		var me struct {
			ID string `json:"id"`
		}
		if err := call(ctx, http.MethodGet, a.nodes[p.node]+"/api/me", p.token, nil, http.StatusOK, &me); err != nil {
			return err
		}
		p.id = me.ID
		if p.role == "interviewer" {
			return call(ctx, http.MethodPut, a.nodes[0]+"/api/users/"+p.id+"/role", admin.token,
				map[string]string{"role": "interviewer"}, http.StatusOK, nil)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("users: %w", err)
	}
	return ivs, admin, nil
}

// createInterviews schedules every interview as an instant one, by the admin.
func createInterviews(ctx context.Context, a *app, admin *person, ivs []*interview) error {
	return parallel(len(ivs), 4, func(i int) error {
		iv := ivs[i]
		var out struct {
			ID   string `json:"id"`
			Docs *struct {
				Code    string `json:"code"`
				Problem string `json:"problem"`
				Notes   string `json:"notes"`
			} `json:"docs"`
		}
		req := map[string]any{"title": "Capacity " + strconv.Itoa(i), "candidateId": iv.candidate.id,
			"interviewerIds": []string{iv.interviewers[0].id, iv.interviewers[1].id}, "durationMinutes": 60, "instant": true}
		if err := call(ctx, http.MethodPost, a.nodes[0]+"/api/interviews", admin.token, req, http.StatusCreated, &out); err != nil {
			return err
		}
		if out.Docs == nil || out.Docs.Code == "" || out.Docs.Notes == "" {
			return fmt.Errorf("interview %s came without documents", out.ID)
		}
		iv.id, iv.code, iv.prob, iv.notes = out.ID, out.Docs.Code, out.Docs.Problem, out.Docs.Notes
		return nil
	})
}

// ticket mints a collaboration ticket for p on node base and returns the
// socket URL that carries it.
func ticket(ctx context.Context, base string, p *person) (string, error) {
	var out struct {
		Ticket string `json:"ticket"`
	}
	if err := call(ctx, http.MethodPost, base+"/api/collab/ticket", p.token, map[string]string{}, http.StatusOK, &out); err != nil {
		return "", err
	}
	return "ws" + strings.TrimPrefix(base, "http") + "/collab?ticket=" + out.Ticket, nil
}
