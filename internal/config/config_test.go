package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"testing"
)

// env returns a getenv backed by m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func noEnv(string) string { return "" }

// load is Load with usage output discarded.
func load(t *testing.T, mode Mode, args []string, getenv func(string) string) (Config, error) {
	t.Helper()
	return Load(mode, args, getenv, io.Discard)
}

// serveArgs is a complete, valid serve-mode command line.
func serveArgs() []string {
	return []string{
		"--mongo-uri", "mongodb://db:27017",
		"--kratos-public-url", "http://kratos:4433",
		"--kratos-admin-url", "http://kratos:4434",
		"--livekit-url", "wss://livekit.example.com",
		"--livekit-api-key", "APIkey",
		"--livekit-api-secret", strings.Repeat("s", 32),
		"--smtp-url", "smtp://user:pass@mail:587",
		"--kratos-webhook-key", "hook-key",
		"--collab-ticket-secret", strings.Repeat("c", 32),
	}
}

func TestLoadDefaultsDevValid(t *testing.T) {
	c, err := load(t, ModeDev, nil, noEnv)
	if err != nil {
		t.Fatalf("Load(dev, no args) = %v, want nil", err)
	}
	if c.HTTP.Addr != ":8080" || c.Database.EmbeddedPort != 27018 {
		t.Errorf("defaults not applied: addr %q db port %d", c.HTTP.Addr, c.Database.EmbeddedPort)
	}
	if c.Kratos.AdminURL != "http://127.0.0.1:4434" || c.LiveKit.URL != "ws://127.0.0.1:7880" {
		t.Errorf("dev URLs not derived from ports: kratos admin %q, livekit %q", c.Kratos.AdminURL, c.LiveKit.URL)
	}
	if !c.Collab.Compress {
		t.Error("collab sockets are not compressed by default")
	}
	off, err := load(t, ModeDev, nil, env(map[string]string{"INTERVIEWPREP_COLLAB_COMPRESS": "false"}))
	if err != nil || off.Collab.Compress {
		t.Errorf("INTERVIEWPREP_COLLAB_COMPRESS=false: compress %v, %v", off.Collab.Compress, err)
	}
}

func TestEnvFillsUnsetFlags(t *testing.T) {
	c, err := load(t, ModeDev, nil, env(map[string]string{
		"INTERVIEWPREP_DB_PORT":        "31000",
		"INTERVIEWPREP_LOG_LEVEL":      "debug",
		"INTERVIEWPREP_MONGO_DATABASE": "fromenv",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.Database.EmbeddedPort != 31000 {
		t.Errorf("db port = %d, want 31000 from INTERVIEWPREP_DB_PORT", c.Database.EmbeddedPort)
	}
	if c.Log.Level != "debug" {
		t.Errorf("log level = %q, want debug from INTERVIEWPREP_LOG_LEVEL", c.Log.Level)
	}
	if c.Database.Name != "fromenv" {
		t.Errorf("database = %q, want fromenv from INTERVIEWPREP_MONGO_DATABASE", c.Database.Name)
	}
}

func TestFlagBeatsEnv(t *testing.T) {
	c, err := load(t, ModeDev, []string{"--db-port", "32000", "--log-level=warn"}, env(map[string]string{
		"INTERVIEWPREP_DB_PORT":   "31000",
		"INTERVIEWPREP_LOG_LEVEL": "debug",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.Database.EmbeddedPort != 32000 {
		t.Errorf("db port = %d, want 32000 from the flag", c.Database.EmbeddedPort)
	}
	if c.Log.Level != "warn" {
		t.Errorf("log level = %q, want warn from the flag", c.Log.Level)
	}
}

func TestFlagBeatsInvalidEnv(t *testing.T) {
	// A bad variable for a setting the command line gives is never parsed.
	c, err := load(t, ModeDev, []string{"--db-port", "32000"}, env(map[string]string{"INTERVIEWPREP_DB_PORT": "abc"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.Database.EmbeddedPort != 32000 {
		t.Errorf("db port = %d, want 32000", c.Database.EmbeddedPort)
	}
}

func TestBadEnvValueNamesVariable(t *testing.T) {
	_, err := load(t, ModeDev, nil, env(map[string]string{"INTERVIEWPREP_DB_PORT": "abc"}))
	if err == nil {
		t.Fatal("Load with INTERVIEWPREP_DB_PORT=abc succeeded, want an error")
	}
	if !strings.Contains(err.Error(), "INTERVIEWPREP_DB_PORT") || !strings.Contains(err.Error(), `"abc"`) {
		t.Errorf("error %q does not name INTERVIEWPREP_DB_PORT and the value", err)
	}
}

func TestServeModeListsEveryMissingSetting(t *testing.T) {
	_, err := load(t, ModeServe, nil, noEnv)
	if err == nil {
		t.Fatal("Load(serve) with nothing set succeeded, want an error")
	}
	msg := err.Error()
	for _, name := range []string{
		"mongo-uri", "kratos-public-url", "kratos-admin-url", "livekit-url",
		"livekit-api-key", "livekit-api-secret", "smtp-url", "kratos-webhook-key", "collab-ticket-secret",
	} {
		if !strings.Contains(msg, "--"+name+" ") {
			t.Errorf("error does not name flag --%s:\n%s", name, msg)
		}
		if !strings.Contains(msg, EnvName(name)) {
			t.Errorf("error does not name variable %s:\n%s", EnvName(name), msg)
		}
	}
}

func TestServeModeComplete(t *testing.T) {
	c, err := load(t, ModeServe, serveArgs(), noEnv)
	if err != nil {
		t.Fatalf("Load(serve, complete) = %v", err)
	}
	if c.Kratos.PublicURL != "http://kratos:4433" || c.Mail.SMTPURL != "smtp://user:pass@mail:587" {
		t.Errorf("serve URLs not kept: %+v %+v", c.Kratos, c.Mail)
	}
}

func TestServeModeKeyWithoutSecretNamesSecret(t *testing.T) {
	var args []string
	full := serveArgs()
	for i := 0; i < len(full); i += 2 {
		if full[i] != "--livekit-api-secret" {
			args = append(args, full[i], full[i+1])
		}
	}
	_, err := load(t, ModeServe, args, noEnv)
	if err == nil || !strings.Contains(err.Error(), "--livekit-api-secret (INTERVIEWPREP_LIVEKIT_API_SECRET)") {
		t.Fatalf("serve without a secret = %v, want an error naming --livekit-api-secret", err)
	}
}

func TestServeModeFromEnvOnly(t *testing.T) {
	args := serveArgs()
	m := map[string]string{}
	for i := 0; i < len(args); i += 2 {
		m[EnvName(strings.TrimPrefix(args[i], "--"))] = args[i+1]
	}
	c, err := load(t, ModeServe, nil, env(m))
	if err != nil {
		t.Fatalf("Load(serve, env only) = %v", err)
	}
	if c.Database.URI != "mongodb://db:27017" || c.LiveKit.URL != "wss://livekit.example.com" {
		t.Errorf("env not applied: uri %q livekit %q", c.Database.URI, c.LiveKit.URL)
	}
}

func TestServeModeRejectsBadScheme(t *testing.T) {
	args := append(serveArgs(), "--smtp-url", "http://mail:25")
	_, err := load(t, ModeServe, args, noEnv)
	if err == nil || !strings.Contains(err.Error(), "--smtp-url (INTERVIEWPREP_SMTP_URL)") {
		t.Fatalf("Load with http:// smtp url = %v, want an error naming --smtp-url", err)
	}
}

func TestDuplicateDevPortsNamesBoth(t *testing.T) {
	_, err := load(t, ModeDev, []string{"--kratos-public-port", "5000", "--mail-ui-port", "5000"}, noEnv)
	if err == nil {
		t.Fatal("Load with two dev ports equal succeeded, want an error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "kratos-public-port") || !strings.Contains(msg, "mail-ui-port") || !strings.Contains(msg, "5000") {
		t.Errorf("error %q does not name both flags and the port", msg)
	}
}

func TestDevPortOutOfRange(t *testing.T) {
	_, err := load(t, ModeDev, []string{"--livekit-port", "70000"}, noEnv)
	if err == nil || !strings.Contains(err.Error(), "--livekit-port (INTERVIEWPREP_LIVEKIT_PORT)") {
		t.Fatalf("Load with --livekit-port 70000 = %v, want an error naming it", err)
	}
}

func TestShortLiveKitSecretRejected(t *testing.T) {
	_, err := load(t, ModeDev, []string{"--livekit-api-key", "k", "--livekit-api-secret", strings.Repeat("x", 31)}, noEnv)
	if err == nil {
		t.Fatal("31-character secret accepted, want an error")
	}
	if !strings.Contains(err.Error(), "--livekit-api-secret (INTERVIEWPREP_LIVEKIT_API_SECRET)") {
		t.Errorf("error %q does not name the secret's flag and variable", err)
	}
	if _, err := load(t, ModeDev, []string{"--livekit-api-key", "k", "--livekit-api-secret", strings.Repeat("x", 32)}, noEnv); err != nil {
		t.Errorf("32-character secret rejected: %v", err)
	}
}

func TestLiveKitKeyWithoutSecretRejected(t *testing.T) {
	_, err := load(t, ModeDev, []string{"--livekit-api-key", "k"}, noEnv)
	if err == nil || !strings.Contains(err.Error(), "livekit-api-key") {
		t.Fatalf("key without secret = %v, want an error naming --livekit-api-key", err)
	}
}

func TestPublicURLDerivedFromAddr(t *testing.T) {
	c, err := load(t, ModeDev, []string{"--addr", "127.0.0.1:9090"}, noEnv)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.HTTP.PublicURL != "http://localhost:9090" {
		t.Errorf("public URL = %q, want http://localhost:9090", c.HTTP.PublicURL)
	}

	c, err = load(t, ModeDev, []string{"--addr", ":9090", "--public-url", "https://prep.example.com/"}, noEnv)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if c.HTTP.PublicURL != "https://prep.example.com" {
		t.Errorf("explicit public URL = %q, want it kept without the trailing slash", c.HTTP.PublicURL)
	}
}

func TestHelpReturnsErrHelp(t *testing.T) {
	for _, mode := range []Mode{ModeDev, ModeServe, ModeMigrate} {
		_, err := load(t, mode, []string{"-h"}, noEnv)
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("Load(%s, -h) = %v, want flag.ErrHelp", mode, err)
		}
	}
}

func TestUnexpectedArgumentRejected(t *testing.T) {
	_, err := load(t, ModeDev, []string{"--addr", ":8081", "extra"}, noEnv)
	if err == nil || !strings.Contains(err.Error(), `"extra"`) {
		t.Fatalf("Load with a positional argument = %v, want an error naming it", err)
	}
}

func TestUnknownFlagRejected(t *testing.T) {
	// Dev-only flags do not exist in serve mode.
	if _, err := load(t, ModeServe, append(serveArgs(), "--db-port", "1"), noEnv); err == nil {
		t.Fatal("--db-port accepted in serve mode, want an error")
	}
}

func TestInvalidSettingsNamed(t *testing.T) {
	tests := []struct {
		args []string
		flag string
	}{
		{[]string{"--log-level", "loud"}, "log-level"},
		{[]string{"--log-format", "xml"}, "log-format"},
		{[]string{"--addr", "8080"}, "addr"},
		{[]string{"--public-url", "localhost"}, "public-url"},
		{[]string{"--shutdown-timeout", "0s"}, "shutdown-timeout"},
		{[]string{"--mongo-database", "a.b"}, "mongo-database"},
		{[]string{"--mongo-uri", "postgres://x"}, "mongo-uri"},
		{[]string{"--livekit-node-ip", "not-an-ip"}, "livekit-node-ip"},
	}
	for _, tt := range tests {
		_, err := load(t, ModeDev, tt.args, noEnv)
		want := "--" + tt.flag + " (" + EnvName(tt.flag) + ")"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%q) = %v, want an error containing %q", tt.args, err, want)
		}
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("kratos-admin-url"); got != "INTERVIEWPREP_KRATOS_ADMIN_URL" {
		t.Errorf("EnvName(kratos-admin-url) = %q", got)
	}
}

func TestMigrateModeNeedsOnlyDataDir(t *testing.T) {
	dir := t.TempDir()
	c, err := load(t, ModeMigrate, []string{"--data-dir", dir}, noEnv)
	if err != nil {
		t.Fatalf("Load(migrate, --data-dir) = %v", err)
	}
	if c.DataDir != dir || c.Mode != ModeMigrate {
		t.Errorf("got data dir %q mode %q", c.DataDir, c.Mode)
	}
	if _, err := load(t, ModeMigrate, []string{"--data-dir", ""}, noEnv); err == nil || !strings.Contains(err.Error(), "--data-dir") {
		t.Errorf("Load(migrate, empty data dir, no mongo uri) = %v, want an error naming --data-dir", err)
	}
	if _, err := load(t, ModeMigrate, []string{"--data-dir", "", "--mongo-uri", "mongodb://db"}, noEnv); err != nil {
		t.Errorf("Load(migrate, --mongo-uri only) = %v, want nil", err)
	}
}

func TestLiveKitAPIURL(t *testing.T) {
	tests := map[string]string{
		"ws://127.0.0.1:7880":       "http://127.0.0.1:7880",
		"wss://livekit.example.com": "https://livekit.example.com",
		"https://livekit.example":   "https://livekit.example",
		"http://lk:7880":            "http://lk:7880",
	}
	for in, want := range tests {
		c := Config{LiveKit: LiveKitConfig{URL: in}}
		if got := c.LiveKitAPIURL(); got != want {
			t.Errorf("LiveKitAPIURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLiveKitAPIURLFlag(t *testing.T) {
	c, err := load(t, ModeServe, serveArgs(), noEnv)
	if err != nil || c.LiveKitAPIURL() != "https://livekit.example.com" {
		t.Fatalf("without --livekit-api-url: %q, %v; want the https form of --livekit-url", c.LiveKitAPIURL(), err)
	}
	c, err = load(t, ModeServe, append(serveArgs(), "--livekit-api-url", "http://livekit:7880/"), noEnv)
	if err != nil || c.LiveKitAPIURL() != "http://livekit:7880" {
		t.Fatalf("--livekit-api-url http://livekit:7880/: %q, %v", c.LiveKitAPIURL(), err)
	}
	c, err = load(t, ModeServe, serveArgs(), env(map[string]string{"INTERVIEWPREP_LIVEKIT_API_URL": "https://lk-internal:443"}))
	if err != nil || c.LiveKitAPIURL() != "https://lk-internal:443" {
		t.Fatalf("INTERVIEWPREP_LIVEKIT_API_URL: %q, %v", c.LiveKitAPIURL(), err)
	}
	for _, bad := range []string{"ws://livekit:7880", "livekit:7880", "ftp://livekit"} {
		_, err := load(t, ModeServe, append(serveArgs(), "--livekit-api-url", bad), noEnv)
		if err == nil || !strings.Contains(err.Error(), "--livekit-api-url (INTERVIEWPREP_LIVEKIT_API_URL)") {
			t.Errorf("--livekit-api-url %q: %v, want an error naming it", bad, err)
		}
	}
	// Dev runs its own LiveKit: the flag is serve's.
	if _, err := load(t, ModeDev, []string{"--livekit-api-url", "http://x"}, noEnv); err == nil {
		t.Error("dev mode took --livekit-api-url")
	}
}

func TestCheckPortsFreeReportsTakenPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port

	err = CheckPortsFree([]NamedPort{{Flag: "kratos-admin-port", Network: "tcp", Port: port}})
	if err == nil {
		t.Fatalf("CheckPortsFree on taken port %d = nil, want an error", port)
	}
	msg := err.Error()
	for _, want := range []string{strconv.Itoa(port), "--kratos-admin-port", "INTERVIEWPREP_KRATOS_ADMIN_PORT"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
}

func TestCheckPortsFreeReportsTakenUDPPort(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	port := pc.LocalAddr().(*net.UDPAddr).Port
	err = CheckPortsFree([]NamedPort{{Flag: "livekit-rtc-udp-port", Network: "udp", Port: port}})
	if err == nil || !strings.Contains(err.Error(), "--livekit-rtc-udp-port") {
		t.Fatalf("CheckPortsFree on taken UDP port = %v, want an error naming --livekit-rtc-udp-port", err)
	}
}

func TestCheckPortsFreeAcceptsFreePort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	if err := CheckPortsFree([]NamedPort{{Flag: "db-port", Network: "tcp", Port: port}}); err != nil {
		t.Errorf("CheckPortsFree on a just-freed port = %v, want nil", err)
	}
}

func TestDevPortsMatchConfig(t *testing.T) {
	c, err := load(t, ModeDev, []string{"--mail-smtp-port", "2525"}, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	ports := c.DevPorts()
	if len(ports) != 8 {
		t.Fatalf("DevPorts has %d entries, want 8", len(ports))
	}
	found := false
	for _, p := range ports {
		if p.Flag == "mail-smtp-port" && p.Port == 2525 && p.Network == "tcp" {
			found = true
		}
		if p.Flag == "livekit-rtc-udp-port" && p.Network != "udp" {
			t.Errorf("livekit-rtc-udp-port network = %q, want udp", p.Network)
		}
	}
	if !found {
		t.Errorf("DevPorts %+v lacks mail-smtp-port 2525", ports)
	}
}

// One list drives the dev ports: each is a flag, an environment variable and
// a checked setting.
func TestEveryDevPortIsAFlagAndChecked(t *testing.T) {
	for _, p := range Default(ModeDev).DevPorts() {
		want := "--" + p.Flag + " (" + EnvName(p.Flag) + "): port 70000"
		if _, err := load(t, ModeDev, []string{"--" + p.Flag, "70000"}, noEnv); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--%s 70000 = %v, want an error containing %q", p.Flag, err, want)
		}
		c, err := load(t, ModeDev, nil, env(map[string]string{EnvName(p.Flag): "40001"}))
		if err != nil {
			t.Fatalf("%s=40001: %v", EnvName(p.Flag), err)
		}
		if got := portOf(c.DevPorts(), p.Flag); got != 40001 {
			t.Errorf("%s=40001 sets %s to %d", EnvName(p.Flag), p.Flag, got)
		}
	}
}

func portOf(ports []NamedPort, flagName string) int {
	for _, p := range ports {
		if p.Flag == flagName {
			return p.Port
		}
	}
	return 0
}

func TestLimitsAndTrustedProxies(t *testing.T) {
	c, err := load(t, ModeServe, serveArgs(), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits.SignInIP.String() != "60/10m" || c.Limits.SignInEmail.String() != "20/10m" ||
		c.Limits.Ticket.String() != "60/1m" || c.Limits.Join.String() != "30/1m" {
		t.Errorf("default limits = %+v", c.Limits)
	}
	if len(c.HTTP.TrustedProxies) != 6 || !c.HTTP.TrustedProxies[0].Contains(netip.MustParseAddr("127.0.0.1")) {
		t.Errorf("default trusted proxies = %v, want loopback and the private ranges", c.HTTP.TrustedProxies)
	}

	c, err = load(t, ModeServe, append(serveArgs(), "--rate-join", "5/30s", "--trusted-proxies", "203.0.113.9, 2001:db8::/32"),
		env(map[string]string{"INTERVIEWPREP_RATE_SIGNIN_IP": "off", "INTERVIEWPREP_RATE_COLLAB_TICKET": "100/1h"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits.Join.String() != "5/30s" || !c.Limits.SignInIP.Off() || c.Limits.Ticket.String() != "100/1h" {
		t.Errorf("limits from flags and environment = %+v", c.Limits)
	}
	if got := fmt.Sprint(c.HTTP.TrustedProxies); got != "[203.0.113.9/32 2001:db8::/32]" {
		t.Errorf("trusted proxies = %s", got)
	}
	if c, err = load(t, ModeDev, []string{"--trusted-proxies", "none"}, noEnv); err != nil || len(c.HTTP.TrustedProxies) != 0 {
		t.Errorf("--trusted-proxies none: %v, %v", c.HTTP.TrustedProxies, err)
	}

	for _, args := range [][]string{{"--rate-join", "fast"}, {"--rate-signin-email", "0/1m"}} {
		if _, err := load(t, ModeDev, args, noEnv); err == nil || !strings.Contains(err.Error(), args[0][2:]) {
			t.Errorf("%v: %v, want an error naming the flag", args, err)
		}
	}
	_, err = load(t, ModeDev, nil, env(map[string]string{"INTERVIEWPREP_TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"}))
	if err == nil || !strings.Contains(err.Error(), "--trusted-proxies (INTERVIEWPREP_TRUSTED_PROXIES)") || !strings.Contains(err.Error(), "proxy.local") {
		t.Errorf("a host name in --trusted-proxies: %v, want it named", err)
	}
}

// --nodes runs more app nodes on the next ports, with a Redis of dev's own
// unless --redis-url names one; every one of those ports is checked.
func TestDevNodes(t *testing.T) {
	c, err := load(t, ModeDev, []string{"--nodes", "2", "--addr", ":9000"}, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.Cluster.Nodes != 2 || c.NodePort(0) != 9000 || c.NodePort(1) != 9001 {
		t.Fatalf("nodes %d on %d, %d", c.Cluster.Nodes, c.NodePort(0), c.NodePort(1))
	}
	if portOf(c.DevPorts(), "nodes") != 9001 || portOf(c.DevPorts(), "redis-port") != 6390 {
		t.Fatalf("DevPorts %+v lacks node 2's port or Redis's", c.DevPorts())
	}
	one, _ := load(t, ModeDev, nil, noEnv)
	if portOf(one.DevPorts(), "redis-port") != 0 || portOf(one.DevPorts(), "nodes") != 0 {
		t.Fatalf("one node checks ports it does not use: %+v", one.DevPorts())
	}
	ext, err := load(t, ModeDev, []string{"--nodes", "2", "--redis-url", "redis://127.0.0.1:6379/0"}, noEnv)
	if err != nil || portOf(ext.DevPorts(), "redis-port") != 0 {
		t.Fatalf("with --redis-url: %v, ports %+v", err, ext.DevPorts())
	}
	for _, args := range [][]string{{"--nodes", "0"}, {"--nodes", "5"}, {"--redis-url", "http://x"}} {
		if _, err := load(t, ModeDev, args, noEnv); err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(args[0], "--")) {
			t.Errorf("%v: %v, want an error naming %s", args, err, args[0])
		}
	}
	if _, err := load(t, ModeServe, append(serveArgs(), "--redis-url", "redis://:pw@redis:6379/0"), noEnv); err != nil {
		t.Errorf("serve with --redis-url: %v", err)
	}
}
