package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/health"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func freePort(t *testing.T) int {
	t.Helper()
	p, err := testenv.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func devConfig(t *testing.T) config.Config {
	t.Helper()
	p, err := testenv.FreePorts(9)
	if err != nil {
		t.Fatal(err)
	}
	c := config.Default(config.ModeDev)
	c.DataDir = t.TempDir()
	c.BinDir = testenv.BinDir()
	c.HTTP.Addr = fmt.Sprintf("127.0.0.1:%d", p[0])
	c.Database.EmbeddedPort = p[1]
	c.Kratos.PublicPort, c.Kratos.AdminPort = p[2], p[3]
	c.LiveKit.Port, c.LiveKit.RTCTCPPort, c.LiveKit.RTCUDPPort = p[4], p[5], p[6]
	c.Mail.SMTPPort, c.Mail.UIPort = p[7], p[8]
	c.HTTP.PublicURL = ""
	return c
}

// serveEnv is the environment of a serve-mode node on the test
// environment's components, listening on addr, with database db.
func serveEnv(t *testing.T, addr, db string) map[string]string {
	t.Helper()
	kratos := testenv.StartKratos(t, "http://"+addr)
	lk, mail, srv := testenv.StartLiveKit(t), testenv.StartMail(t), testenv.Server(t)
	return map[string]string{
		"INTERVIEWPREP_ADDR":                 addr,
		"INTERVIEWPREP_MONGO_URI":            "mongodb://" + srv.Address + "/",
		"INTERVIEWPREP_MONGO_DATABASE":       db,
		"INTERVIEWPREP_KRATOS_PUBLIC_URL":    kratos.PublicURL,
		"INTERVIEWPREP_KRATOS_ADMIN_URL":     kratos.AdminURL,
		"INTERVIEWPREP_LIVEKIT_URL":          lk.URL,
		"INTERVIEWPREP_LIVEKIT_API_KEY":      lk.APIKey,
		"INTERVIEWPREP_LIVEKIT_API_SECRET":   lk.APISecret,
		"INTERVIEWPREP_SMTP_URL":             mail.SMTPURL,
		"INTERVIEWPREP_KRATOS_WEBHOOK_KEY":   "hook-key",
		"INTERVIEWPREP_COLLAB_TICKET_SECRET": strings.Repeat("c", 32),
	}
}

// load runs the same derivation and validation as the command line.
func load(t *testing.T, c config.Config) config.Config {
	t.Helper()
	args := []string{
		"--data-dir", c.DataDir, "--bin-dir", c.BinDir, "--addr", c.HTTP.Addr,
		"--db-port", fmt.Sprint(c.Database.EmbeddedPort),
		"--kratos-public-port", fmt.Sprint(c.Kratos.PublicPort), "--kratos-admin-port", fmt.Sprint(c.Kratos.AdminPort),
		"--livekit-port", fmt.Sprint(c.LiveKit.Port), "--livekit-rtc-tcp-port", fmt.Sprint(c.LiveKit.RTCTCPPort),
		"--livekit-rtc-udp-port", fmt.Sprint(c.LiveKit.RTCUDPPort),
		"--mail-smtp-port", fmt.Sprint(c.Mail.SMTPPort), "--mail-ui-port", fmt.Sprint(c.Mail.UIPort),
	}
	out, err := config.Load(config.ModeDev, args, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type running struct {
	url    string
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T, cfg config.Config) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan Info, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, cfg, Options{Version: "test", Logger: slog.New(slog.DiscardHandler), Output: io.Discard,
			Ready: func(i Info) { ready <- i }})
	}()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("Run returned before ready: %v", err)
	case <-time.After(3 * time.Minute):
		cancel()
		t.Fatal("app not ready after 3 minutes")
	}
	r := &running{url: "http://" + cfg.HTTP.Addr, cancel: cancel, done: done}
	t.Cleanup(r.stop)
	return r
}

func (r *running) stop() {
	r.cancel()
	<-r.done
	r.done <- nil // later stops return at once
}

func getHealth(t *testing.T, url string) (int, health.Report) {
	t.Helper()
	resp, err := http.Get(url + "/api/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rep health.Report
	if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, rep
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestDevModeRunsEveryComponent(t *testing.T) {
	cfg := load(t, devConfig(t))
	app := start(t, cfg)

	status, rep := getHealth(t, app.url)
	if status != http.StatusOK || rep.Status != health.Up {
		t.Fatalf("health = %d %+v, want 200 and up", status, rep)
	}
	for _, name := range []string{"database", "kratos", "livekit", "mail", "schedule"} {
		if rep.Components[name] != health.Up {
			t.Errorf("component %s = %q, want up (%+v)", name, rep.Components[name], rep.Details[name])
		}
	}

	t.Run("kratos is proxied under /auth", func(t *testing.T) {
		resp, err := noRedirect().Get(app.url + "/auth/self-service/login/browser")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, cfg.HTTP.PublicURL+"/login?flow=") {
			t.Fatalf("login/browser = %d Location %q, want 303 to %s/login?flow=", resp.StatusCode, loc, cfg.HTTP.PublicURL)
		}
		if !strings.Contains(strings.Join(resp.Header.Values("Set-Cookie"), ";"), "csrf_token") {
			t.Fatalf("no CSRF cookie set through the proxy: %v", resp.Header.Values("Set-Cookie"))
		}
	})

	t.Run("SPA history fallback and headers", func(t *testing.T) {
		resp, err := http.Get(app.url + "/some/client/route")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "<div id=\"root\"") {
			t.Fatalf("fallback = %d %.200q, want index.html", resp.StatusCode, body)
		}
		for h, want := range map[string]string{
			"Content-Security-Policy": "default-src 'self'",
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Cache-Control":           "no-cache",
		} {
			if got := resp.Header.Get(h); !strings.Contains(got, want) {
				t.Errorf("%s = %q, want it to contain %q", h, got, want)
			}
		}
		resp, err = http.Get(app.url + "/assets/gone-123.js")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("missing asset = %d, want 404 (never index.html)", resp.StatusCode)
		}
	})

	t.Run("unknown API path is a JSON 404", func(t *testing.T) {
		resp, err := http.Get(app.url + "/api/nope")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct{ Error string }
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != 404 || body.Error == "" {
			t.Fatalf("/api/nope = %d %+v %v, want a JSON 404", resp.StatusCode, body, err)
		}
	})

	t.Run("the registration hook takes the generated key", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join(cfg.DataDir, "secrets.json"))
		if err != nil {
			t.Fatal(err)
		}
		var secrets struct {
			KratosWebhook string `json:"kratosWebhook"`
		}
		if err := json.Unmarshal(raw, &secrets); err != nil || secrets.KratosWebhook == "" {
			t.Fatalf("secrets.json has no webhook key: %v", err)
		}
		body := `{"identity":{"id":"00000000-0000-4000-8000-000000000001","traits":{"email":"hook@example.com","name":"Hook"}}}`
		for key, want := range map[string]int{"": http.StatusUnauthorized, "wrong": http.StatusUnauthorized, secrets.KratosWebhook: http.StatusOK} {
			req, _ := http.NewRequest(http.MethodPost, app.url+"/internal/kratos/hook", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if key != "" {
				req.Header.Set("X-Api-Key", key)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("hook with key %q = %d, want %d", key, resp.StatusCode, want)
			}
		}
	})

	t.Run("an interview gets its documents, with the problem's starter, readable by whom it should", func(t *testing.T) {
		ada, grace := demoSessions(t, cfg)
		var me struct{ ID string }
		apiJSON(t, app.url, http.MethodGet, "/api/me", ada, nil, http.StatusOK, &me)
		var candidates struct{ Users []struct{ ID, Email string } }
		apiJSON(t, app.url, http.MethodGet, "/api/users?role=candidate&q=grace", ada, nil, http.StatusOK, &candidates)
		if len(candidates.Users) != 1 {
			t.Fatalf("candidates matching grace = %+v", candidates.Users)
		}
		var problem struct{ Starter struct{ JavaScript string } }
		apiJSON(t, app.url, http.MethodGet, "/api/problems/builtin:budget-pairs", ada, nil, http.StatusOK, &problem)
		if problem.Starter.JavaScript == "" {
			t.Fatal("the built-in problem has no JavaScript starter")
		}

		type docs struct{ Code, Problem, Notes string }
		var created struct {
			ID   string
			Docs *docs
		}
		apiJSON(t, app.url, http.MethodPost, "/api/interviews", ada, map[string]any{
			"title": "Wiring check", "description": "", "candidateId": candidates.Users[0].ID,
			"interviewerIds": []string{me.ID}, "startsAt": time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
			"durationMinutes": 60, "problemId": "builtin:budget-pairs",
		}, http.StatusCreated, &created)
		if created.Docs == nil || !strings.HasPrefix(created.Docs.Code, "automerge:") || created.Docs.Notes == "" || created.Docs.Problem == "" {
			t.Fatalf("interview docs = %+v, want three automerge URLs", created.Docs)
		}
		docPath := func(url string) string { return "/api/collab/docs/" + strings.TrimPrefix(url, "automerge:") }

		var history struct{ Changes []struct{ Hash string } }
		apiJSON(t, app.url, http.MethodGet, docPath(created.Docs.Code)+"/history", ada, nil, http.StatusOK, &history)
		var code struct{ Language, Source, ProblemID string }
		apiJSON(t, app.url, http.MethodGet, fmt.Sprintf("%s/at?change=%d", docPath(created.Docs.Code), len(history.Changes)), ada, nil, http.StatusOK, &code)
		if code.Language != "javascript" || code.Source != problem.Starter.JavaScript || code.ProblemID != "builtin:budget-pairs" {
			t.Fatalf("code document = %+v, want the problem's JavaScript starter", code)
		}

		// The candidate reads code and problem, never the notes (not even that they exist).
		apiJSON(t, app.url, http.MethodGet, docPath(created.Docs.Code)+"/history", grace, nil, http.StatusOK, &history)
		apiJSON(t, app.url, http.MethodGet, docPath(created.Docs.Problem)+"/history", grace, nil, http.StatusOK, &history)
		apiJSON(t, app.url, http.MethodGet, docPath(created.Docs.Notes)+"/history", grace, nil, http.StatusNotFound, nil)
		var seen struct{ Docs map[string]string }
		apiJSON(t, app.url, http.MethodGet, "/api/interviews/"+created.ID, grace, nil, http.StatusOK, &seen)
		if _, ok := seen.Docs["notes"]; ok || seen.Docs["code"] != created.Docs.Code {
			t.Fatalf("the candidate's view of docs = %v, want code and problem only", seen.Docs)
		}
	})

	t.Run("the call: LiveKit's webhooks reach the app and drive the interview's status", func(t *testing.T) {
		ada, grace := demoSessions(t, cfg)
		var me, cand struct{ ID string }
		apiJSON(t, app.url, http.MethodGet, "/api/me", ada, nil, http.StatusOK, &me)
		apiJSON(t, app.url, http.MethodGet, "/api/me", grace, nil, http.StatusOK, &cand)
		type interview struct {
			ID            string
			Status        string
			CallStartedAt *time.Time
			CallEndedAt   *time.Time
		}
		// In ten minutes: upcoming by the clock, but the call is open.
		var iv interview
		apiJSON(t, app.url, http.MethodPost, "/api/interviews", ada, map[string]any{
			"title": "Call check", "description": "", "candidateId": cand.ID, "interviewerIds": []string{me.ID},
			"startsAt": time.Now().Add(10 * time.Minute).UTC().Format(time.RFC3339), "durationMinutes": 30,
		}, http.StatusCreated, &iv)
		if iv.Status != "upcoming" {
			t.Fatalf("new interview status %s, want upcoming", iv.Status)
		}
		var join struct{ URL, Token, Identity, Role string }
		apiJSON(t, app.url, http.MethodPost, "/api/interviews/"+iv.ID+"/join", grace, nil, http.StatusOK, &join)
		if join.URL != cfg.LiveKit.URL || join.Identity != cand.ID || join.Role != "candidate" || join.Token == "" {
			t.Fatalf("join = %+v", join)
		}
		room, err := lksdk.ConnectToRoomWithToken(join.URL, join.Token, lksdk.NewRoomCallback(), lksdk.WithAutoSubscribe(false),
			lksdk.WithLogger(protoLogger.GetDiscardLogger()))
		if err != nil {
			t.Fatal(err)
		}
		defer room.Disconnect()
		// The first person in the call: LiveKit's participant_joined makes it live.
		waitFor(t, "participant_joined to make the interview live", func() bool {
			apiJSON(t, app.url, http.MethodGet, "/api/interviews/"+iv.ID, ada, nil, http.StatusOK, &iv)
			return iv.Status == "live" && iv.CallStartedAt != nil
		})
		var att struct {
			Attendance []struct{ UserID, Role string }
		}
		waitFor(t, "participant_joined in the attendance", func() bool {
			apiJSON(t, app.url, http.MethodGet, "/api/interviews/"+iv.ID+"/attendance", ada, nil, http.StatusOK, &att)
			return len(att.Attendance) == 1 && att.Attendance[0].UserID == cand.ID && att.Attendance[0].Role == "candidate"
		})
		apiJSON(t, app.url, http.MethodPost, "/api/interviews/"+iv.ID+"/chat", grace, map[string]string{"text": "hello"}, http.StatusCreated, nil)
		var chat struct{ Messages []struct{ Text string } }
		apiJSON(t, app.url, http.MethodGet, "/api/interviews/"+iv.ID+"/chat", ada, nil, http.StatusOK, &chat)
		if len(chat.Messages) != 1 || chat.Messages[0].Text != "hello" {
			t.Errorf("chat = %+v", chat.Messages)
		}
		// A webhook not signed by LiveKit is refused.
		resp, err := http.Post(app.url+"/internal/livekit/webhook", "application/webhook+json",
			strings.NewReader(`{"event":"room_finished","room":{"name":"`+iv.ID+`"}}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("unsigned webhook = %d, want 401", resp.StatusCode)
		}
		// Only the owner (or an admin) ends it; then it is completed.
		apiJSON(t, app.url, http.MethodPost, "/api/interviews/"+iv.ID+"/room/end", grace, nil, http.StatusForbidden, nil)
		apiJSON(t, app.url, http.MethodPost, "/api/interviews/"+iv.ID+"/room/end", ada, nil, http.StatusNoContent, nil)
		apiJSON(t, app.url, http.MethodGet, "/api/interviews/"+iv.ID, grace, nil, http.StatusOK, &iv)
		if iv.Status != "completed" || iv.CallEndedAt == nil {
			t.Errorf("after the end: %+v, want completed", iv)
		}
		waitFor(t, "participant_left in the attendance", func() bool {
			var a struct {
				Attendance []struct{ LeftAt *time.Time }
			}
			apiJSON(t, app.url, http.MethodGet, "/api/interviews/"+iv.ID+"/attendance", grace, nil, http.StatusOK, &a)
			return len(a.Attendance) == 1 && a.Attendance[0].LeftAt != nil
		})
	})

	t.Run("client config and dev inbox", func(t *testing.T) {
		resp, err := http.Get(app.url + "/api/config")
		if err != nil {
			t.Fatal(err)
		}
		var cc ClientConfig
		_ = json.NewDecoder(resp.Body).Decode(&cc)
		resp.Body.Close()
		if cc.Mode != "dev" || !cc.Features.DevInbox {
			t.Fatalf("config = %+v, want dev with the inbox", cc)
		}
		resp, err = http.Get(app.url + "/api/dev/mail/messages")
		if err != nil {
			t.Fatal(err)
		}
		var list struct {
			Total    *int              `json:"total"`
			Messages []json.RawMessage `json:"messages"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if resp.StatusCode != 200 || list.Total == nil {
			t.Fatalf("inbox = %d %+v, want Mailpit's message list", resp.StatusCode, list)
		}
	})

	t.Run("a crashed child is restarted and health shows it meanwhile", func(t *testing.T) {
		pid := rep.Details["livekit"].PID
		if pid == 0 {
			t.Fatal("no livekit pid in health details")
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		// The supervisor waits 500 ms before the restart, and LiveKit takes
		// longer than that to be ready: polling every 100 ms, health must
		// show it down (or starting) with a 503 before it shows the new one.
		var meanwhile []string
		waitFor(t, "livekit back up after a restart", func() bool {
			code, r := getHealth(t, app.url)
			if lk := r.Components["livekit"]; lk != health.Up {
				if len(meanwhile) == 0 || meanwhile[len(meanwhile)-1] != lk {
					meanwhile = append(meanwhile, lk)
				}
				if code != http.StatusServiceUnavailable || r.Status != health.Degraded {
					t.Errorf("livekit %s but health = %d %s, want 503 degraded", lk, code, r.Status)
				}
				return false
			}
			return r.Details["livekit"].Restarts == 1 && r.Details["livekit"].PID != pid
		})
		if len(meanwhile) == 0 {
			t.Fatal("health reported livekit up all along: never down between the kill and the restart")
		}
		t.Logf("livekit between the kill and the restart: %v", meanwhile)
	})

	// Stopping the app stops every child.
	_, rep = getHealth(t, app.url)
	app.stop()
	for name, d := range rep.Details {
		if d.PID != 0 && syscall.Kill(d.PID, 0) == nil {
			t.Errorf("%s (pid %d) still running after the app stopped", name, d.PID)
		}
	}
}

func TestDevModeNamesTakenPort(t *testing.T) {
	cfg := load(t, devConfig(t))
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", cfg.Kratos.AdminPort))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	err = Run(context.Background(), cfg, Options{Logger: slog.New(slog.DiscardHandler), Output: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "--kratos-admin-port") || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("err = %v, want one naming --kratos-admin-port in use", err)
	}
}

func TestDevModeMissingBinarySaysHowToBuild(t *testing.T) {
	cfg := devConfig(t)
	cfg.BinDir = t.TempDir()
	cfg = load(t, cfg)
	err := Run(context.Background(), cfg, Options{Logger: slog.New(slog.DiscardHandler), Output: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "make bin/kratos") {
		t.Fatalf("err = %v, want the command that builds kratos", err)
	}
}

func TestServeModeReportsExternalComponents(t *testing.T) {
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	getenv := serveEnv(t, addr, "servetest")
	cfg, err := config.Load(config.ModeServe, nil, func(k string) string { return getenv[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	app := start(t, cfg)
	status, rep := getHealth(t, app.url)
	if status != 200 || rep.Mode != "serve" {
		t.Fatalf("health = %d %+v, want 200 in serve mode", status, rep)
	}
	if rep.Details["mail"].Managed || rep.Details["kratos"].Managed {
		t.Fatalf("serve mode reports managed components: %+v", rep.Details)
	}
	resp, err := http.Get(app.url + "/api/config")
	if err != nil {
		t.Fatal(err)
	}
	var cc ClientConfig
	_ = json.NewDecoder(resp.Body).Decode(&cc)
	resp.Body.Close()
	if cc.Features.DevInbox {
		t.Fatal("serve mode offers the dev inbox")
	}

	// An SMTP relay that does not answer shows as mail down (503), the rest up.
	two, err := testenv.FreePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	getenv["INTERVIEWPREP_ADDR"] = fmt.Sprintf("127.0.0.1:%d", two[0])
	getenv["INTERVIEWPREP_SMTP_URL"] = fmt.Sprintf("smtp://127.0.0.1:%d", two[1])
	cfg, err = config.Load(config.ModeServe, nil, func(k string) string { return getenv[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	noSMTP := start(t, cfg)
	status, rep = getHealth(t, noSMTP.url)
	if status != http.StatusServiceUnavailable || rep.Components["mail"] != health.Down || rep.Components["kratos"] != health.Up {
		t.Fatalf("without SMTP: %d %+v, want 503 with only mail down", status, rep.Components)
	}
}

// apiJSON calls the app as the holder of a Kratos session token, checks the
// status and decodes the body into out (when not nil).
func apiJSON(t *testing.T, base, method, path, token string, in any, want int, out any) {
	t.Helper()
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Session-Token", token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, raw, want)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
}

func TestConnectSourcesAreLiveKitsHTTPOrigin(t *testing.T) {
	for url, want := range map[string]string{
		"ws://127.0.0.1:7880":          "http://127.0.0.1:7880",
		"wss://rtc.example.com":        "https://rtc.example.com",
		"wss://rtc.example.com:443/lk": "https://rtc.example.com:443",
		"":                             "",
	} {
		var cfg config.Config
		cfg.LiveKit.URL = url
		got := strings.Join(connectSources(cfg), " ")
		if got != want {
			t.Errorf("connectSources(%q) = %q, want %q", url, got, want)
		}
	}
}

// demoSessions signs the demo interviewer Ada and candidate Grace in to the
// dev app's Kratos and returns their session tokens.
func demoSessions(t *testing.T, cfg config.Config) (ada, grace string) {
	t.Helper()
	k := &testenv.Kratos{PublicURL: cfg.Kratos.PublicURL, AdminURL: cfg.Kratos.AdminURL, AppURL: cfg.HTTP.PublicURL}
	var err error
	if ada, err = k.Login(context.Background(), "ada@interviewprep.dev", identity.DemoPassword); err != nil {
		t.Fatal(err)
	}
	if grace, err = k.Login(context.Background(), "grace@interviewprep.dev", identity.DemoPassword); err != nil {
		t.Fatal(err)
	}
	return ada, grace
}
