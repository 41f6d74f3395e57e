package identity

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/deploy"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

// The test binary runs one "app origin": an HTTP server that proxies /auth/
// to Kratos's public API (as internal/app does) and hands everything else to
// the current test's app. Kratos is configured for that origin, and its
// registration hook calls the origin's HookPath: testenv renders Kratos
// without a hook, so TestMain adds the one deploy/kratos/kratos.yml.tmpl
// renders in dev, through Kratos's environment.
var origin struct {
	srv     *httptest.Server
	current atomic.Pointer[http.Handler]
	kratos  atomic.Pointer[httputil.ReverseProxy]
}

const testHookKey = "test-hook-key-7f3a9c"

func TestMain(m *testing.M) {
	origin.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/auth/") {
			if p := origin.kratos.Load(); p != nil {
				p.ServeHTTP(w, r)
				return
			}
		} else if h := origin.current.Load(); h != nil {
			(*h).ServeHTTP(w, r)
			return
		}
		http.Error(w, "no app running", http.StatusServiceUnavailable)
	}))
	// Kratos merges environment variables over its config file, and the child
	// process inherits ours. A hook list cannot be one JSON variable (Kratos
	// reads it as a string), so each field is indexed.
	body, err := deploy.FS.ReadFile("kratos/registration.hook.jsonnet")
	if err != nil {
		panic(err)
	}
	for _, method := range []string{"PASSWORD", "OIDC"} {
		for k, v := range hookEnv(origin.srv.URL+HookPath, testHookKey, body) {
			os.Setenv("SELFSERVICE_FLOWS_REGISTRATION_AFTER_"+method+"_HOOKS_"+k, v)
		}
	}
	testenv.Main(m)
}

// hookEnv is the registration `after` hook list of deploy/kratos (there as
// YAML): our web hook with the Jsonnet body of deploy/kratos, then the session.
func hookEnv(url, key string, body []byte) map[string]string {
	return map[string]string{
		"0_HOOK":                     "web_hook",
		"0_CONFIG_URL":               url,
		"0_CONFIG_METHOD":            "POST",
		"0_CONFIG_BODY":              "base64://" + base64.StdEncoding.EncodeToString(body),
		"0_CONFIG_AUTH_TYPE":         "api_key",
		"0_CONFIG_AUTH_CONFIG_NAME":  HookKeyHeader,
		"0_CONFIG_AUTH_CONFIG_VALUE": key,
		"0_CONFIG_AUTH_CONFIG_IN":    "header",
		"0_CONFIG_RESPONSE_IGNORE":   "true",
		"1_HOOK":                     "session",
	}
}

// startKratos returns the shared Kratos, configured for the origin.
func startKratos(t *testing.T) *testenv.Kratos {
	t.Helper()
	k := testenv.StartKratos(t, origin.srv.URL)
	if k.AppURL != origin.srv.URL {
		t.Fatalf("Kratos was started for %s, not this binary's origin %s", k.AppURL, origin.srv.URL)
	}
	if origin.kratos.Load() == nil {
		target, _ := url.Parse(k.PublicURL)
		origin.kratos.Store(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Path = strings.TrimPrefix(pr.In.URL.Path, "/auth")
			pr.Out.URL.RawPath = ""
			pr.SetURL(target)
			pr.SetXForwarded()
		}})
	}
	return k
}

// testApp is identity wired the way internal/app will wire it.
type testApp struct {
	svc    *Service
	db     *mongo.Database
	kratos *testenv.Kratos
	url    string // the origin
	calls  *atomic.Int64
}

type appOptions struct {
	adminEmails []string
	kratosURL   string // override the public URL (unreachable Kratos)
	cacheTTL    time.Duration
	roleChanged func(userID string)
	erase       func(ctx context.Context, userID string) (map[string]Counts, error)
}

// newApp starts identity on the origin with a fresh database.
func newApp(t *testing.T, o appOptions) *testApp {
	t.Helper()
	k := startKratos(t)
	db := testenv.Database(t)
	calls := &atomic.Int64{}
	client := &http.Client{Timeout: 10 * time.Second, Transport: countingTransport{calls, http.DefaultTransport}}
	pub := k.PublicURL
	if o.kratosURL != "" {
		pub = o.kratosURL
	}
	svc, err := NewService(Config{
		DB: db, KratosPublicURL: pub, KratosAdminURL: k.AdminURL, AdminEmails: o.adminEmails,
		Logger: slog.New(slog.DiscardHandler), HTTPClient: client, SessionCacheTTL: o.cacheTTL,
		RoleChanged: o.roleChanged, EraseElsewhere: o.erase,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := database.Migrate(testenv.Context(t), db, Indexes()); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	NewHandler(svc, testHookKey).Register(mux)
	var h http.Handler = httpx.Observe(slog.New(slog.DiscardHandler),
		http.NewCrossOriginProtection().Handler(svc.Middleware(mux)))
	origin.current.Store(&h)
	t.Cleanup(func() { origin.current.CompareAndSwap(&h, nil) })
	return &testApp{svc: svc, db: db, kratos: k, url: origin.srv.URL, calls: calls}
}

// countingTransport counts calls to Kratos's whoami.
type countingTransport struct {
	n    *atomic.Int64
	next http.RoundTripper
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/sessions/whoami") {
		c.n.Add(1)
	}
	return c.next.RoundTrip(r)
}

// The shared pieces, under the names this package's tests use.
var (
	randomHex   = testenv.RandomHex
	uniqueEmail = testenv.UniqueEmail
	call        = testenv.Call
)

const testPassword = testenv.Password

// fakeID is a Kratos-shaped identity id with no Kratos identity behind it.
func fakeID() string {
	h := randomHex(16)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// createIdentity makes a Kratos identity through the admin API.
func (a *testApp) createIdentity(t *testing.T, email, name string) Identity {
	t.Helper()
	id, err := a.svc.kratos.createIdentity(testenv.Context(t), newIdentity{
		Traits: Traits{Email: email, Name: name}, Password: testPassword, Verified: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return id.identity()
}

// user creates a Kratos identity and its user with role, and signs in
// through Kratos's API flow; it returns the user and a session token.
func (a *testApp) user(t *testing.T, role Role) (User, string) {
	t.Helper()
	email := uniqueEmail(string(role))
	id := a.createIdentity(t, email, "Test "+string(role)+" "+randomHex(2))
	if _, err := a.svc.EnsureUser(testenv.Context(t), id); err != nil {
		t.Fatal(err)
	}
	u, err := a.svc.changeRole(testenv.Context(t), id.ID, role)
	if err != nil {
		t.Fatal(err)
	}
	return u, apiLogin(t, a.kratos, email, testPassword)
}

// apiLogin signs in through Kratos's API login flow and returns the session token.
func apiLogin(t *testing.T, k *testenv.Kratos, identifier, password string) string {
	t.Helper()
	var flow struct {
		UI struct {
			Action string `json:"action"`
		} `json:"ui"`
	}
	status, body := call(t, http.MethodGet, k.PublicURL+"/self-service/login/api", nil, nil)
	if status != http.StatusOK {
		t.Fatalf("create login flow: %d %s", status, body)
	}
	testenv.DecodeJSON(t, body, &flow)
	status, body = call(t, http.MethodPost, flow.UI.Action, nil, map[string]string{
		"method": "password", "identifier": identifier, "password": password,
	})
	if status != http.StatusOK {
		t.Fatalf("login %s: %d %s", identifier, status, body)
	}
	var out struct {
		SessionToken string `json:"session_token"`
	}
	testenv.DecodeJSON(t, body, &out)
	if out.SessionToken == "" {
		t.Fatalf("login %s: no session token in %s", identifier, body)
	}
	return out.SessionToken
}

// api calls the app with a session token ("" = none).
func (a *testApp) api(t *testing.T, method, path, token string, body any) (int, []byte) {
	t.Helper()
	return call(t, method, a.url+path, testenv.SessionHeader(token), body)
}

// snapshot is every document of the users collection, for "nothing changed".
func snapshot(t *testing.T, db *mongo.Database) []User {
	t.Helper()
	return testenv.Docs[User](t, db, UsersCollection)
}

func sameDocs(a, b []User) bool { return reflect.DeepEqual(a, b) }

// countAdmins counts admins in the database.
func countAdmins(t *testing.T, db *mongo.Database) int64 {
	t.Helper()
	n, err := db.Collection(UsersCollection).CountDocuments(testenv.Context(t), bson.D{{Key: "role", Value: RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// roleOf reads a user's role straight from the database.
func roleOf(t *testing.T, db *mongo.Database, id string) Role {
	t.Helper()
	var u User
	if err := db.Collection(UsersCollection).FindOne(testenv.Context(t), bson.D{{Key: "_id", Value: id}}).Decode(&u); err != nil {
		t.Fatalf("load user %s: %v", id, err)
	}
	return u.Role
}

// freePort is a loopback port nothing listens on.
func freePort() (string, error) {
	p, err := testenv.FreePort()
	return fmt.Sprint(p), err
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
