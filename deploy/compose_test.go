package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"

	"github.com/interviewprep/interviewprep/internal/config"
)

// composeFile is the production topology at the repository root.
const composeFile = "../docker-compose.yml"

// testEnv is what an operator's .env holds: every required variable, set to a
// value of the right shape.
func testEnv() map[string]string {
	return map[string]string{
		"PUBLIC_URL":                  "https://interview.example.com",
		"LIVEKIT_URL":                 "wss://rtc.example.com",
		"LIVEKIT_API_KEY":             "APItestkey",
		"LIVEKIT_API_SECRET":          "0123456789abcdef0123456789abcdef01234567",
		"MONGO_ROOT_PASSWORD":         "root-password-0123456789",
		"MONGO_APP_PASSWORD":          "app-password-0123456789",
		"MONGO_REPLICA_KEY":           "0123456789abcdef0123456789abcdef0123456789abcdef",
		"POSTGRES_PASSWORD":           "postgres-password-0123456789",
		"REDIS_PASSWORD":              "redis-password-0123456789",
		"KRATOS_SECRETS_COOKIE":       "cookie-secret-0123456789abcdef",
		"KRATOS_SECRETS_CIPHER":       "0123456789abcdef0123456789abcdef",
		"KRATOS_WEBHOOK_KEY":          "hook-key-0123456789",
		"COLLAB_TICKET_SECRET":        "0123456789abcdef0123456789abcdef0123456789abcdef",
		"MAIL_FROM_ADDRESS":           "no-reply@example.com",
		"SMTP_ALLOWED_SENDER_DOMAINS": "example.com",
	}
}

// requiredVars are the variables the compose file must refuse to run without.
var requiredVars = []string{
	"COLLAB_TICKET_SECRET",
	"KRATOS_SECRETS_CIPHER",
	"KRATOS_SECRETS_COOKIE",
	"KRATOS_WEBHOOK_KEY",
	"LIVEKIT_API_KEY",
	"LIVEKIT_API_SECRET",
	"LIVEKIT_URL",
	"MAIL_FROM_ADDRESS",
	"MONGO_APP_PASSWORD",
	"MONGO_REPLICA_KEY",
	"MONGO_ROOT_PASSWORD",
	"POSTGRES_PASSWORD",
	"PUBLIC_URL",
	"REDIS_PASSWORD",
	"SMTP_ALLOWED_SENDER_DOMAINS",
}

// Services the topology must have, and the images they run.
var wantImages = map[string]string{
	"mongo1":         "mongo:7",
	"mongo2":         "mongo:7",
	"mongo3":         "mongo:7",
	"mongo-init":     "mongo:7",
	"postgres":       "postgres:16",
	"kratos-migrate": "oryd/kratos:v1.3.1",
	"kratos":         "oryd/kratos:v1.3.1",
	"livekit":        "livekit/livekit-server:v1.13.5",
	"redis":          "redis:7",
}

// Stateful services and where their data lives; each needs a named volume there.
var statefulTargets = map[string]string{
	"app":      "/var/lib/interviewprep",
	"mongo1":   "/data/db",
	"mongo2":   "/data/db",
	"mongo3":   "/data/db",
	"postgres": "/var/lib/postgresql/data",
	"redis":    "/data",
	"smtp":     "/var/spool/postfix",
}

// One-shot services: they exit, so they must not restart.
var oneShots = []string{"mongo-init", "kratos-migrate"}

func loadCompose(t *testing.T, path string, env map[string]string) (*types.Project, error) {
	t.Helper()
	var list []string
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	opts, err := cli.NewProjectOptions([]string{path},
		cli.WithWorkingDirectory(filepath.Dir(path)),
		cli.WithEnv(list), // only these: neither the process environment nor a .env file
	)
	if err != nil {
		t.Fatalf("compose options: %v", err)
	}
	return opts.LoadProject(context.Background())
}

func mustLoadCompose(t *testing.T) *types.Project {
	t.Helper()
	p, err := loadCompose(t, composeFile, testEnv())
	if err != nil {
		t.Fatalf("load %s: %v", composeFile, err)
	}
	return p
}

// env returns a service's environment as plain strings.
func env(s types.ServiceConfig) map[string]string {
	m := map[string]string{}
	for k, v := range s.Environment {
		if v != nil {
			m[k] = *v
		}
	}
	return m
}

func TestComposeLoads(t *testing.T) {
	p := mustLoadCompose(t)
	var names []string
	for name := range p.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	t.Logf("services: %s", strings.Join(names, ", "))
}

func TestComposeMissingSecretFails(t *testing.T) {
	for _, name := range requiredVars {
		for _, c := range []struct {
			how   string
			apply func(map[string]string)
		}{
			{"unset", func(m map[string]string) { delete(m, name) }},
			{"empty", func(m map[string]string) { m[name] = "" }},
		} {
			t.Run(name+"/"+c.how, func(t *testing.T) {
				e := testEnv()
				c.apply(e)
				_, err := loadCompose(t, composeFile, e)
				if err == nil {
					t.Fatalf("loaded with %s %s; want an error naming it", name, c.how)
				}
				if !strings.Contains(err.Error(), "required variable "+name+" ") {
					t.Fatalf("error does not name %s: %v", name, err)
				}
			})
		}
	}
}

// TestComposeRequiredVarsListed keeps requiredVars (and the README's list) in
// step with the file, and checks that no password, secret or key has a
// default value that would let compose run without it.
func TestComposeRequiredVarsListed(t *testing.T) {
	raw, err := os.ReadFile(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	problems := checkVariables(string(raw))
	for _, p := range problems {
		t.Error(p)
	}
}

var interpolation = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?`)

// optionalSecrets may be empty: relaying through a smarthost is optional.
var optionalSecrets = []string{"SMTP_RELAYHOST_PASSWORD"}

func checkVariables(compose string) []error {
	var errs []error
	required := map[string]bool{}
	for _, m := range interpolation.FindAllStringSubmatch(compose, -1) {
		name, op := m[1], m[2]
		if op == ":?" || op == "?" {
			required[name] = true
		}
		secret := strings.Contains(name, "PASSWORD") || strings.Contains(name, "SECRET") || strings.HasSuffix(name, "_KEY")
		if secret && (op == ":-" || op == "-") && !slices.Contains(optionalSecrets, name) {
			errs = append(errs, fmt.Errorf("secret %s has a default value; use ${%s:?message}", name, name))
		}
	}
	var got []string
	for name := range required {
		got = append(got, name)
	}
	sort.Strings(got)
	if !slices.Equal(got, requiredVars) {
		errs = append(errs, fmt.Errorf("required variables in the compose file %v, the test (and README) lists %v", got, requiredVars))
	}
	return errs
}

func TestComposeTopology(t *testing.T) {
	p := mustLoadCompose(t)
	for _, err := range checkTopology(p) {
		t.Error(err)
	}
}

func checkTopology(p *types.Project) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	for _, name := range []string{"app", "mongo1", "mongo2", "mongo3", "mongo-init", "kratos", "kratos-migrate", "postgres", "livekit", "redis", "smtp"} {
		if _, ok := p.Services[name]; !ok {
			fail("service %s is missing", name)
		}
	}
	for name, image := range wantImages {
		if s, ok := p.Services[name]; ok && s.Image != image {
			fail("service %s runs image %q, want %q", name, s.Image, image)
		}
	}
	if app, ok := p.Services["app"]; ok && app.Build == nil {
		fail("app is not built from the Dockerfile")
	}

	// The MongoDB replica set: at least three members of rs0.
	var members []string
	for name, s := range p.Services {
		cmd := strings.Join(s.Command, " ")
		if strings.HasPrefix(s.Image, "mongo:") && strings.Contains(cmd, "--replSet rs0") {
			members = append(members, name)
			if !strings.Contains(cmd, "--keyFile") {
				fail("replica-set member %s runs without --keyFile (members could not authenticate each other)", name)
			}
			if !strings.Contains(cmd, `"$MONGO_REPLICA_KEY"`) {
				fail("replica-set member %s does not write its key file from $MONGO_REPLICA_KEY (is $$ escaped?): %s", name, cmd)
			}
		}
	}
	sort.Strings(members)
	if len(members) < 3 {
		fail("replica set rs0 has %d members (%v), want at least 3", len(members), members)
	}
	if init, ok := p.Services["mongo-init"]; ok {
		script := strings.Join(init.Command, " ")
		if !strings.Contains(script, "rs.initiate") || !strings.Contains(script, `_id: "rs0"`) {
			fail("mongo-init does not initiate replica set rs0")
		}
		for _, m := range members {
			if !strings.Contains(script, m+":27017") {
				fail("mongo-init does not add member %s", m)
			}
			if _, ok := init.DependsOn[m]; !ok {
				fail("mongo-init does not wait for member %s", m)
			}
		}
	}

	// Dependencies exist, and their conditions can be met.
	for name, s := range p.Services {
		for dep, d := range s.DependsOn {
			target, ok := p.Services[dep]
			if !ok {
				fail("%s depends on %s, which is not a service", name, dep)
				continue
			}
			switch d.Condition {
			case types.ServiceConditionHealthy:
				if target.HealthCheck == nil || target.HealthCheck.Disable || len(target.HealthCheck.Test) == 0 {
					fail("%s waits for %s to be healthy, but %s has no healthcheck", name, dep, dep)
				}
			case types.ServiceConditionCompletedSuccessfully:
				if !slices.Contains(oneShots, dep) {
					fail("%s waits for %s to complete, but %s is not a one-shot service", name, dep, dep)
				}
			case types.ServiceConditionStarted:
			default:
				fail("%s depends on %s with unknown condition %q", name, dep, d.Condition)
			}
		}
	}
	wantDeps := map[string]map[string]string{
		"app": {
			"mongo-init": types.ServiceConditionCompletedSuccessfully,
			"kratos":     types.ServiceConditionHealthy,
			"livekit":    types.ServiceConditionHealthy,
			"redis":      types.ServiceConditionHealthy,
		},
		"kratos": {
			"kratos-migrate": types.ServiceConditionCompletedSuccessfully,
			"postgres":       types.ServiceConditionHealthy,
		},
		"kratos-migrate": {"postgres": types.ServiceConditionHealthy},
		"livekit":        {"redis": types.ServiceConditionHealthy},
	}
	for name, deps := range wantDeps {
		for dep, cond := range deps {
			if got := p.Services[name].DependsOn[dep].Condition; got != cond {
				fail("%s should wait for %s with condition %s, has %q", name, dep, cond, got)
			}
		}
	}

	// Named volumes for every stateful service.
	for name, target := range statefulTargets {
		s, ok := p.Services[name]
		if !ok {
			continue
		}
		found := false
		for _, v := range s.Volumes {
			if v.Target != target {
				continue
			}
			found = true
			if v.Type != types.VolumeTypeVolume {
				fail("%s keeps %s on a %s mount, want a named volume", name, target, v.Type)
			} else if _, declared := p.Volumes[v.Source]; !declared {
				fail("%s uses volume %q, which is not declared under volumes:", name, v.Source)
			}
		}
		if !found {
			fail("%s has no volume at %s", name, target)
		}
	}

	// Restart policies.
	for name, s := range p.Services {
		switch {
		case slices.Contains(oneShots, name):
			if s.Restart != types.RestartPolicyNo && s.Restart != "" {
				fail("one-shot %s has restart %q, want \"no\"", name, s.Restart)
			}
		case s.Restart != types.RestartPolicyUnlessStopped && s.Restart != types.RestartPolicyAlways:
			fail("%s has restart %q, want unless-stopped or always", name, s.Restart)
		}
	}

	// Only the app and LiveKit's media are published.
	for name, s := range p.Services {
		if len(s.Ports) > 0 && name != "app" && name != "livekit" {
			fail("%s publishes ports %v; only app and livekit may", name, s.Ports)
		}
	}
	if app, ok := p.Services["app"]; ok {
		if !publishes(app, 8080, "tcp") {
			fail("app does not publish 8080/tcp")
		}
		if app.HealthCheck == nil || !strings.Contains(strings.Join(app.HealthCheck.Test, " "), "/api/health") {
			fail("app has no healthcheck on /api/health")
		}
		if strings.Join(app.Command, " ") != "serve" {
			fail("app runs %q, want serve", app.Command)
		}
	}
	if lk, ok := p.Services["livekit"]; ok {
		for _, port := range []uint32{7880, 7881} {
			if !publishes(lk, port, "tcp") {
				fail("livekit does not publish %d/tcp", port)
			}
		}
	}
	return errs
}

func publishes(s types.ServiceConfig, target uint32, proto string) bool {
	for _, p := range s.Ports {
		if p.Target == target && p.Protocol == proto && p.Published != "" {
			return true
		}
	}
	return false
}

func TestComposeAppEnvironment(t *testing.T) {
	p := mustLoadCompose(t)
	e := env(p.Services["app"])
	for _, name := range []string{
		"INTERVIEWPREP_MONGO_URI",
		"INTERVIEWPREP_KRATOS_PUBLIC_URL",
		"INTERVIEWPREP_KRATOS_ADMIN_URL",
		"INTERVIEWPREP_LIVEKIT_URL",
		"INTERVIEWPREP_LIVEKIT_API_KEY",
		"INTERVIEWPREP_LIVEKIT_API_SECRET",
		"INTERVIEWPREP_SMTP_URL",
	} {
		if e[name] == "" {
			t.Errorf("app: %s is not set", name)
		}
	}
	uri := e["INTERVIEWPREP_MONGO_URI"]
	if !strings.Contains(uri, "replicaSet=rs0") {
		t.Errorf("INTERVIEWPREP_MONGO_URI %q does not name replicaSet=rs0", uri)
	}
	for _, m := range []string{"mongo1:27017", "mongo2:27017", "mongo3:27017"} {
		if !strings.Contains(uri, m) {
			t.Errorf("INTERVIEWPREP_MONGO_URI %q does not list %s", uri, m)
		}
	}
	// The app reaches LiveKit's server API inside the network.
	if host := urlHost(e["INTERVIEWPREP_LIVEKIT_API_URL"]); host != "livekit" {
		t.Errorf("INTERVIEWPREP_LIVEKIT_API_URL = %q, want the livekit service", e["INTERVIEWPREP_LIVEKIT_API_URL"])
	}
	// The app and LiveKit must agree on the key pair.
	lk := env(p.Services["livekit"])
	want := e["INTERVIEWPREP_LIVEKIT_API_KEY"] + ": " + e["INTERVIEWPREP_LIVEKIT_API_SECRET"]
	if lk["LIVEKIT_KEYS"] != want {
		t.Errorf("livekit LIVEKIT_KEYS = %q, want %q (the app's key pair)", lk["LIVEKIT_KEYS"], want)
	}
	// Service URLs point at services of this file.
	for _, name := range []string{"INTERVIEWPREP_KRATOS_PUBLIC_URL", "INTERVIEWPREP_KRATOS_ADMIN_URL", "INTERVIEWPREP_SMTP_URL", "INTERVIEWPREP_REDIS_URL"} {
		if host := urlHost(e[name]); host != "" {
			if _, ok := p.Services[host]; !ok {
				t.Errorf("%s = %q points at %q, which is not a service", name, e[name], host)
			}
		}
	}

	// The app's own configuration accepts this environment in serve mode.
	cfg, err := config.Load(config.ModeServe, nil, func(k string) string { return e[k] }, io.Discard)
	if err != nil {
		t.Fatalf("interviewprep serve rejects the compose environment: %v", err)
	}
	if cfg.HTTP.PublicURL != testEnv()["PUBLIC_URL"] {
		t.Errorf("public URL %q, want %q", cfg.HTTP.PublicURL, testEnv()["PUBLIC_URL"])
	}
	if cfg.HTTP.Addr != ":8080" {
		t.Errorf("app listens on %q, want :8080 (the published port)", cfg.HTTP.Addr)
	}
}

var hostPattern = regexp.MustCompile(`^[a-z]+://(?:[^@/]*@)?([^:/?]+)`)

func urlHost(u string) string {
	m := hostPattern.FindStringSubmatch(u)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestComposeKratos(t *testing.T) {
	p := mustLoadCompose(t)
	k := p.Services["kratos"]
	e := env(k)
	public := testEnv()["PUBLIC_URL"]
	if got, want := e["SERVE_PUBLIC_BASE_URL"], public+"/auth/"; got != want {
		t.Errorf("kratos SERVE_PUBLIC_BASE_URL = %q, want %q", got, want)
	}
	for _, name := range []string{"DSN", "SECRETS_COOKIE", "SECRETS_CIPHER", "COURIER_SMTP_CONNECTION_URI", "SELFSERVICE_METHODS_OIDC_CONFIG_PROVIDERS"} {
		if e[name] == "" {
			t.Errorf("kratos: %s is not set", name)
		}
	}
	if got := e["SELFSERVICE_METHODS_OIDC_CONFIG_PROVIDERS"]; got != "[]" {
		t.Errorf("OIDC providers default to %q, want []", got)
	}
	if len(e["SECRETS_CIPHER"]) != 32 {
		t.Errorf("test value of SECRETS_CIPHER has %d characters; Kratos wants exactly 32", len(e["SECRETS_CIPHER"]))
	}
	if !strings.HasPrefix(e["DSN"], "postgres://") || urlHost(e["DSN"]) != "postgres" {
		t.Errorf("kratos DSN %q is not the postgres service", e["DSN"])
	}
	if m := env(p.Services["kratos-migrate"])["DSN"]; m != e["DSN"] {
		t.Errorf("kratos-migrate DSN %q differs from kratos's %q", m, e["DSN"])
	}
	if got := strings.Join(p.Services["kratos-migrate"].Command, " "); got != "migrate sql -e --yes" {
		t.Errorf("kratos-migrate runs %q, want migrate sql -e --yes", got)
	}
	// Every UI URL Kratos redirects browsers to is on the public URL.
	for name, v := range e {
		if strings.HasPrefix(name, "SELFSERVICE_") && strings.HasSuffix(name, "_URL") && !strings.HasPrefix(v, public) {
			t.Errorf("kratos %s = %q is not under %s", name, v, public)
		}
	}

	// The config file it serves is the mounted kratos.prod.yml, and the files
	// that config names exist in the mounted directory.
	cmd := strings.Join(k.Command, " ")
	if !strings.Contains(cmd, "--watch-courier") {
		t.Errorf("kratos runs %q without --watch-courier: no mail would be sent", cmd)
	}
	mount := ""
	for _, v := range k.Volumes {
		if v.Type == types.VolumeTypeBind && v.Target == "/etc/config/kratos" {
			mount = v.Source
			if !v.ReadOnly {
				t.Errorf("kratos config directory is mounted read-write")
			}
		}
	}
	if mount == "" {
		t.Fatal("kratos has no bind mount at /etc/config/kratos")
	}
	if abs, _ := filepath.Abs("kratos"); mount != abs {
		t.Errorf("kratos mounts %s at /etc/config/kratos, want deploy/kratos (%s)", mount, abs)
	}
	if !strings.Contains(cmd, "-c /etc/config/kratos/kratos.prod.yml") {
		t.Errorf("kratos does not serve /etc/config/kratos/kratos.prod.yml: %q", cmd)
	}
	for _, f := range []string{"kratos.prod.yml", "identity.schema.json", "oidc.github.jsonnet", "oidc.google.jsonnet"} {
		if _, err := fs.Stat(FS, "kratos/"+f); err != nil {
			t.Errorf("deploy/kratos/%s: %v", f, err)
		}
	}
}

func TestComposeBindSourcesExist(t *testing.T) {
	p := mustLoadCompose(t)
	for name, s := range p.Services {
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("%s mounts %s, which does not exist: %v", name, v.Source, err)
			}
		}
	}
}

func readYAML(t *testing.T, name string) map[string]any {
	t.Helper()
	raw, err := fs.ReadFile(FS, name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s is not valid YAML: %v", name, err)
	}
	if len(m) == 0 {
		t.Fatalf("%s is empty", name)
	}
	return m
}

// lookup walks a YAML document along keys.
func lookup(m map[string]any, keys ...string) (any, bool) {
	var cur any = m
	for _, k := range keys {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = mm[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func TestKratosProdConfig(t *testing.T) {
	m := readYAML(t, "kratos/kratos.prod.yml")
	if v, _ := lookup(m, "version"); v != "v1.3.1" {
		t.Errorf("version = %v, want v1.3.1", v)
	}
	base, _ := lookup(m, "serve", "public", "base_url")
	if s, ok := base.(string); !ok || !strings.HasSuffix(s, "/auth/") {
		t.Errorf("serve.public.base_url = %v, want a URL ending in /auth/", base)
	}
	// Secrets and the database come from the environment, never from the file.
	for _, path := range [][]string{{"dsn"}, {"secrets"}, {"courier", "smtp", "connection_uri"}} {
		if v, ok := lookup(m, path...); ok {
			t.Errorf("kratos.prod.yml sets %s = %v; it must come from the environment", strings.Join(path, "."), v)
		}
	}
	if v, _ := lookup(m, "selfservice", "methods", "oidc", "enabled"); v != true {
		t.Errorf("selfservice.methods.oidc.enabled = %v, want true (providers come from the environment)", v)
	}
	if v, _ := lookup(m, "selfservice", "methods", "password", "config", "haveibeenpwned_enabled"); v != false {
		t.Errorf("haveibeenpwned_enabled = %v, want false", v)
	}
	schemas, _ := lookup(m, "identity", "schemas")
	list, _ := schemas.([]any)
	if len(list) == 0 {
		t.Fatal("identity.schemas is empty")
	}
	for _, s := range list {
		u, _ := s.(map[string]any)["url"].(string)
		const prefix = "file:///etc/config/kratos/"
		if !strings.HasPrefix(u, prefix) {
			t.Errorf("identity schema %q is not in the mounted directory %s", u, prefix)
			continue
		}
		if _, err := fs.Stat(FS, "kratos/"+strings.TrimPrefix(u, prefix)); err != nil {
			t.Errorf("identity schema %s: %v", u, err)
		}
	}
	// Every way to register tells the app (its hook key from the
	// environment) and signs in.
	kratosEnv := env(mustLoadCompose(t).Services["kratos"])
	for _, method := range []string{"password", "oidc", "code"} {
		hooks, _ := lookup(m, "selfservice", "flows", "registration", "after", method, "hooks")
		if h := fmt.Sprint(hooks); !strings.Contains(h, "session") || !strings.Contains(h, "web_hook") {
			t.Errorf("registration after %s hooks %v lack the web hook or the session hook", method, hooks)
		}
		key := "SELFSERVICE_FLOWS_REGISTRATION_AFTER_" + strings.ToUpper(method) + "_HOOKS_0_CONFIG_AUTH_CONFIG_VALUE"
		if kratosEnv[key] != testEnv()["KRATOS_WEBHOOK_KEY"] {
			t.Errorf("kratos %s = %q, want KRATOS_WEBHOOK_KEY", key, kratosEnv[key])
		}
	}
	// A candidate signs in with a code sent by email, no password.
	if v, _ := lookup(m, "selfservice", "methods", "code", "passwordless_enabled"); v != true {
		t.Errorf("selfservice.methods.code.passwordless_enabled = %v, want true", v)
	}
}

func TestOIDCMappers(t *testing.T) {
	for _, f := range []string{"kratos/oidc.github.jsonnet", "kratos/oidc.google.jsonnet"} {
		raw, err := fs.ReadFile(FS, f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(raw)
		for _, want := range []string{"std.extVar('claims')", "email_verified", "email", "name:", "picture"} {
			if !strings.Contains(src, want) {
				t.Errorf("%s does not mention %q", f, want)
			}
		}
	}
}

func TestLiveKitProdConfig(t *testing.T) {
	m := readYAML(t, "livekit/livekit.prod.yaml")
	if _, ok := m["keys"]; ok {
		t.Error("livekit.prod.yaml holds keys; they come from LIVEKIT_KEYS")
	}
	if v, _ := lookup(m, "rtc", "use_external_ip"); v != true {
		t.Errorf("rtc.use_external_ip = %v, want true", v)
	}
	if v, _ := lookup(m, "turn", "enabled"); v != false {
		t.Errorf("turn.enabled = %v, want false", v)
	}
	addr, _ := lookup(m, "redis", "address")
	host, _, _ := strings.Cut(fmt.Sprint(addr), ":")

	p := mustLoadCompose(t)
	if _, ok := p.Services[host]; !ok {
		t.Errorf("redis.address %v is not a compose service", addr)
	}
	lk := p.Services["livekit"]
	// LiveKit runs with a copy of the mounted config whose webhook api_key
	// placeholder is replaced by the key from the environment.
	script := strings.Join(append(slices.Clone(lk.Entrypoint), lk.Command...), " ")
	if !strings.Contains(script, "/etc/livekit.yaml") || !strings.Contains(script, "--config") {
		t.Errorf("livekit runs %q, not with /etc/livekit.yaml", script)
	}
	if !strings.Contains(script, "api_key: LIVEKIT_API_KEY$|api_key: $LIVEKIT_API_KEY|") || env(lk)["LIVEKIT_API_KEY"] != testEnv()["LIVEKIT_API_KEY"] {
		t.Errorf("livekit's command %q does not write LIVEKIT_API_KEY (%q) into the webhook's api_key", script, env(lk)["LIVEKIT_API_KEY"])
	}
	if v, _ := lookup(m, "webhook", "api_key"); v != "LIVEKIT_API_KEY" {
		t.Errorf("webhook.api_key = %v, want the placeholder LIVEKIT_API_KEY that the command replaces", v)
	}
	// Webhooks go to the app's receiver, on the port it listens on.
	urls, _ := lookup(m, "webhook", "urls")
	hooks, _ := urls.([]any)
	appPort := strings.TrimPrefix(env(p.Services["app"])["INTERVIEWPREP_ADDR"], ":")
	if len(hooks) != 1 || hooks[0] != "http://app:"+appPort+"/internal/livekit/webhook" {
		t.Errorf("webhook.urls = %v, want the app's http://app:%s/internal/livekit/webhook", urls, appPort)
	}
	mounted := false
	for _, v := range lk.Volumes {
		if v.Target == "/etc/livekit.yaml" && strings.HasSuffix(v.Source, filepath.Join("deploy", "livekit", "livekit.prod.yaml")) {
			mounted = true
		}
	}
	if !mounted {
		t.Error("livekit does not mount deploy/livekit/livekit.prod.yaml at /etc/livekit.yaml")
	}

	// The published ports are the ones LiveKit listens on.
	port := func(keys ...string) uint32 {
		v, ok := lookup(m, keys...)
		n, err := strconv.Atoi(fmt.Sprint(v))
		if !ok || err != nil {
			t.Fatalf("%s = %v, want a number", strings.Join(keys, "."), v)
		}
		return uint32(n)
	}
	if p := port("port"); !publishes(lk, p, "tcp") {
		t.Errorf("livekit port %d/tcp is not published", p)
	}
	if p := port("rtc", "tcp_port"); !publishes(lk, p, "tcp") {
		t.Errorf("livekit rtc.tcp_port %d/tcp is not published", p)
	}
	start, end := port("rtc", "port_range_start"), port("rtc", "port_range_end")
	if start == 0 || end < start {
		t.Fatalf("rtc port range %d-%d", start, end)
	}
	var udp []uint32
	for _, pc := range lk.Ports {
		if pc.Protocol == "udp" {
			udp = append(udp, pc.Target)
			if pc.Published != strconv.Itoa(int(pc.Target)) {
				t.Errorf("udp %d is published as %s; ICE candidates advertise the same port", pc.Target, pc.Published)
			}
		}
	}
	slices.Sort(udp)
	if len(udp) != int(end-start+1) || udp[0] != start || udp[len(udp)-1] != end {
		t.Errorf("published udp ports %d..%d (%d), want LiveKit's range %d-%d", first(udp), last(udp), len(udp), start, end)
	}
}

func first(s []uint32) uint32 {
	if len(s) == 0 {
		return 0
	}
	return s[0]
}

func last(s []uint32) uint32 {
	if len(s) == 0 {
		return 0
	}
	return s[len(s)-1]
}

func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range checkDockerfile(string(raw)) {
		t.Error(err)
	}
	ignore, err := os.ReadFile("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(ignore))
	for _, want := range []string{"**/node_modules", "data", "bin", "web/dist", ".git"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore lacks %s", want)
		}
	}
}

func checkDockerfile(d string) []error {
	var errs []error
	// In this order: the web build, its output copied into the Go build, the binary, the runtime.
	steps := []string{
		"FROM node:20-bookworm AS web",
		"npm ci",
		"npm run build",
		"FROM golang:1.26-bookworm AS build",
		"COPY --from=web /src/web/dist ./web/dist",
		"CGO_ENABLED=1",
		"go build",
		"./cmd/interviewprep",
		"FROM debian:bookworm-slim",
		"ca-certificates ffmpeg",
		"EXPOSE 8080",
		"HEALTHCHECK",
		"/api/health",
		`ENTRYPOINT ["interviewprep"]`,
		`CMD ["serve"]`,
	}
	at := 0
	for _, s := range steps {
		i := strings.Index(d[at:], s)
		if i < 0 {
			if strings.Contains(d, s) {
				errs = append(errs, fmt.Errorf("Dockerfile: %q is out of order", s))
			} else {
				errs = append(errs, fmt.Errorf("Dockerfile lacks %q", s))
			}
			continue
		}
		at += i + len(s)
	}
	if strings.Contains(d, "CGO_ENABLED=0") {
		errs = append(errs, errors.New("Dockerfile disables cgo"))
	}
	// The runtime stage runs as a user other than root.
	runtime := d[max(strings.LastIndex(d, "\nFROM "), 0):]
	user := regexp.MustCompile(`(?m)^USER\s+(\S+)`).FindStringSubmatch(runtime)
	if user == nil {
		errs = append(errs, errors.New("Dockerfile: the runtime stage has no USER (it would run as root)"))
	} else if u, _, _ := strings.Cut(user[1], ":"); u == "root" || u == "0" {
		errs = append(errs, fmt.Errorf("Dockerfile: the runtime stage runs as %s", user[1]))
	}
	return errs
}

// The checks above must catch broken files, not only pass on good ones.
func TestChecksCatchMistakes(t *testing.T) {
	raw, err := os.ReadFile(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	good := string(raw)
	mutate := func(t *testing.T, old, new string) *types.Project {
		t.Helper()
		if !strings.Contains(good, old) {
			t.Fatalf("compose file no longer contains %q; update this test", old)
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "docker-compose.yml")
		if err := os.WriteFile(path, []byte(strings.Replace(good, old, new, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := loadCompose(t, path, testEnv())
		if err != nil {
			t.Fatalf("mutated compose file does not load: %v", err)
		}
		return p
	}
	expectProblem := func(t *testing.T, errs []error, substr string) {
		t.Helper()
		for _, err := range errs {
			if strings.Contains(err.Error(), substr) {
				return
			}
		}
		t.Errorf("no problem mentioning %q reported; got %v", substr, errs)
	}

	t.Run("no named volume", func(t *testing.T) {
		p := mutate(t, "    volumes:\n      - postgres-data:/var/lib/postgresql/data\n", "")
		expectProblem(t, checkTopology(p), "postgres has no volume at /var/lib/postgresql/data")
	})
	t.Run("two replica-set members", func(t *testing.T) {
		p := mutate(t, "  mongo3:\n    <<: *mongo-member\n", "  mongo3:\n    image: mongo:7\n    restart: unless-stopped\n")
		expectProblem(t, checkTopology(p), "replica set rs0 has 2 members")
	})
	t.Run("healthy condition without healthcheck", func(t *testing.T) {
		p := mutate(t, "      smtp:\n        condition: service_started\n    healthcheck:", "      smtp:\n        condition: service_healthy\n    healthcheck:")
		expectProblem(t, checkTopology(p), "waits for smtp to be healthy")
	})
	t.Run("published database", func(t *testing.T) {
		p := mutate(t, "    image: postgres:16\n", "    image: postgres:16\n    ports:\n      - \"5432:5432\"\n")
		expectProblem(t, checkTopology(p), "postgres publishes ports")
	})
	t.Run("secret with a default", func(t *testing.T) {
		bad := strings.Replace(good, "${POSTGRES_PASSWORD:?", "${POSTGRES_PASSWORD:-secret}${UNUSED:?", 1)
		errs := checkVariables(bad)
		expectProblem(t, errs, "secret POSTGRES_PASSWORD has a default value")
		expectProblem(t, errs, "required variables in the compose file")
	})
	t.Run("dockerfile", func(t *testing.T) {
		d, err := os.ReadFile("../Dockerfile")
		if err != nil {
			t.Fatal(err)
		}
		bad := strings.Replace(string(d), "COPY --from=web /src/web/dist ./web/dist\n", "", 1)
		bad = regexp.MustCompile(`(?m)^USER .*\n`).ReplaceAllString(bad, "")
		errs := checkDockerfile(bad)
		expectProblem(t, errs, "COPY --from=web")
		expectProblem(t, errs, "no USER")
	})
	t.Run("missing dependency", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "docker-compose.yml")
		bad := strings.Replace(good, "      mongo-init:\n        condition: service_completed_successfully", "      mongo-setup:\n        condition: service_completed_successfully", 1)
		if bad == good {
			t.Fatal("compose file no longer has app's mongo-init dependency; update this test")
		}
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := loadCompose(t, path, testEnv())
		if err == nil {
			// compose-go accepted it: our own check must catch it.
			expectProblem(t, checkTopology(p), "depends on mongo-setup, which is not a service")
		} else if !strings.Contains(err.Error(), "mongo-setup") {
			t.Errorf("load error does not name the missing service: %v", err)
		}
	})
}
