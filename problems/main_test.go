package problems

import (
	"context"
	"log/slog"
	"net/http"
	"reflect"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/database"
	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// testApp is the question bank wired the way internal/app wires it, behind
// the real identity middleware and a real Kratos.
type testApp struct {
	svc    *Service
	ids    *identity.Service
	db     *mongo.Database
	bus    *events.Bus
	url    string
	tokens map[identity.Role]string // a session token per role
	users  map[identity.Role]identity.User
}

// newApp starts the bank with a fresh database holding the demo users
// (identity.SeedDemo: an admin, two interviewers, two candidates). With
// seed, the built-in catalog is seeded too.
func newApp(t *testing.T, seed bool) *testApp {
	t.Helper()
	k := testenv.StartKratos(t, "")
	db := testenv.Database(t)
	ctx := testenv.Context(t)
	discard := slog.New(slog.DiscardHandler)
	ids, err := identity.NewService(identity.Config{
		DB: db, KratosPublicURL: k.PublicURL, KratosAdminURL: k.AdminURL, Logger: discard,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := database.Migrate(ctx, db, append(identity.Indexes(), Indexes()...)); err != nil {
		t.Fatal(err)
	}
	logins, err := identity.SeedDemo(ctx, k.AdminURL, ids)
	if err != nil {
		t.Fatal(err)
	}
	bus := events.New()
	svc, err := NewService(Config{DB: db, Bus: bus, Logger: discard})
	if err != nil {
		t.Fatal(err)
	}
	if seed {
		if _, err := svc.SeedCatalog(ctx); err != nil {
			t.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	NewHandler(svc).Register(mux)
	a := &testApp{svc: svc, ids: ids, db: db, bus: bus, url: testenv.Serve(t, ids.Middleware(mux)),
		tokens: map[identity.Role]string{}, users: map[identity.Role]identity.User{}}
	for _, l := range logins {
		if _, ok := a.tokens[l.Role]; ok {
			continue // the first account of each role
		}
		// Kratos, and so the demo accounts' sessions, is shared by the
		// whole test binary: each account signs in once.
		a.tokens[l.Role] = k.Session(t, l.Email, l.Password)
		u, err := a.userByEmail(t, l.Email)
		if err != nil {
			t.Fatal(err)
		}
		a.users[l.Role] = u
	}
	return a
}

func (a *testApp) userByEmail(t *testing.T, email string) (identity.User, error) {
	var u identity.User
	err := a.db.Collection(identity.UsersCollection).FindOne(testenv.Context(t), bson.D{{Key: "email", Value: email}}).Decode(&u)
	return u, err
}

// as returns ctx acting for the demo user of role.
func (a *testApp) as(t *testing.T, role identity.Role) context.Context {
	u := a.users[role]
	return identity.WithPrincipal(testenv.Context(t), &identity.Principal{User: u})
}

// api calls the app as role ("" = no session) and returns status and body.
// body is marshalled unless it is nil or []byte.
func (a *testApp) api(t *testing.T, method, path string, role identity.Role, body any) (int, []byte) {
	t.Helper()
	token := ""
	if role != "" {
		token = a.tokens[role]
	}
	return testenv.Call(t, method, a.url+path, testenv.SessionHeader(token), body)
}

// snapshot is every document of the problems collection, for "nothing changed".
func snapshot(t *testing.T, db *mongo.Database) []bson.M {
	t.Helper()
	return testenv.Docs[bson.M](t, db, Collection)
}

func sameDocs(a, b []bson.M) bool { return reflect.DeepEqual(a, b) }

// validInput is a small problem that passes validation.
func validInput(title string) Input {
	return Input{
		Title:      title,
		Difficulty: "easy",
		Tags:       []string{"arrays", "warm-up"},
		Statement:  "# " + title + "\n\nRead *n* numbers and print their sum.",
		Starter: Starter{
			JavaScript: "const lines = require('fs').readFileSync(0, 'utf8');\n",
			Python:     "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n",
			Java:       "public class Main { public static void main(String[] a) {} }\n",
		},
		Tests: []Test{
			{Name: "small", Input: "1 2 3\n", Expected: "6\n"},
			{Name: "hidden big", Input: "10 20\n", Expected: "30\n", Hidden: true},
		},
		TimeLimitMs: 2000,
	}
}

// create stores a problem through the service as an interviewer.
func (a *testApp) create(t *testing.T, in Input) Problem {
	t.Helper()
	p, err := a.svc.Create(a.as(t, identity.RoleInterviewer), in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
