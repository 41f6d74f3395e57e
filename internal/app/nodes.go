package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/interviewprep/interviewprep/internal/cluster"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/health"
	"github.com/interviewprep/interviewprep/internal/stack"
	"github.com/interviewprep/interviewprep/internal/supervisor"
)

// linkNodes returns this node's link to the others (nil when it is alone)
// and adds Redis to the health report.
func linkNodes(cfg config.Config, comps *components, logger *slog.Logger) (*cluster.Cluster, error) {
	if cfg.Cluster.RedisURL == "" {
		return nil, nil
	}
	cl, err := cluster.New(cluster.Options{URL: cfg.Cluster.RedisURL, Logger: logger})
	if err != nil {
		return nil, err
	}
	comps.health = append(comps.health, health.Component{
		Name: "redis", Description: "Redis: links the app nodes", Address: redisAddress(cfg.Cluster.RedisURL),
		Process: comps.redis, Probe: cl.Ping,
	})
	comps.addresses["redis"] = redisAddress(cfg.Cluster.RedisURL)
	return cl, nil
}

// redisAddress is host:port of a Redis URL (no password).
func redisAddress(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return "redis"
}

// startDevRedis runs a Redis for dev's nodes when there are several and
// none is named; it sets cfg's RedisURL to it.
func startDevRedis(ctx context.Context, cfg *config.Config, dataDir string, o Options) (*supervisor.Process, error) {
	if cfg.Cluster.Nodes < 2 || cfg.Cluster.RedisURL != "" {
		return nil, nil
	}
	p, err := stack.StartRedis(ctx, stack.RedisOptions{Dir: dataDir + "/redis", Port: cfg.Cluster.RedisPort, Output: o.Output}, o.Logger)
	if err != nil {
		return nil, fmt.Errorf("redis: %w", err)
	}
	cfg.Cluster.RedisURL = fmt.Sprintf("redis://127.0.0.1:%d/0", cfg.Cluster.RedisPort)
	return p, nil
}

// startDevNodes starts dev's nodes 2…N: `interviewprep serve` children on
// the next ports, on the same database (the embedded FerretDB's address),
// Kratos, LiveKit, inbox and Redis. Secrets go through the environment,
// not the command line (ps shows arguments).
func startDevNodes(ctx context.Context, cfg config.Config, dbAddress string, o Options) ([]*supervisor.Process, error) {
	if cfg.Cluster.Nodes < 2 {
		return nil, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("nodes: find this program: %w", err)
	}
	host, _, _ := net.SplitHostPort(cfg.HTTP.Addr)
	var procs []*supervisor.Process
	for i := 1; i < cfg.Cluster.Nodes; i++ {
		port := cfg.NodePort(i)
		args := []string{"serve",
			"--addr", net.JoinHostPort(host, strconv.Itoa(port)),
			"--public-url", "http://localhost:" + strconv.Itoa(port),
			"--mongo-uri", "mongodb://" + dbAddress + "/", "--mongo-database", cfg.Database.Name,
			"--kratos-public-url", cfg.Kratos.PublicURL, "--kratos-admin-url", cfg.Kratos.AdminURL,
			"--livekit-url", cfg.LiveKit.URL, "--livekit-api-url", cfg.LiveKitAPIURL(),
			"--smtp-url", cfg.Mail.SMTPURL, "--mail-from", cfg.Mail.From,
			"--recordings-dir", cfg.Record.Dir, "--recording-retention-days", strconv.Itoa(cfg.Record.RetentionDays),
			"--log-level", cfg.Log.Level, "--log-format", cfg.Log.Format,
			"--admin-emails", cfg.Identity.AdminEmailList,
			"--reminder-offsets", cfg.Schedule.ReminderOffsetList, "--reminder-schedule", cfg.Schedule.ReminderSpec,
			"--runner-concurrency", strconv.Itoa(cfg.Runner.Concurrency),
			"--collab-compress=" + strconv.FormatBool(cfg.Collab.Compress),
		}
		env := []string{
			config.EnvName("livekit-api-key") + "=" + cfg.LiveKit.APIKey,
			config.EnvName("livekit-api-secret") + "=" + cfg.LiveKit.APISecret,
			config.EnvName("collab-ticket-secret") + "=" + cfg.Collab.TicketSecret,
			config.EnvName("kratos-webhook-key") + "=" + cfg.Identity.WebhookKey,
			config.EnvName("redis-url") + "=" + cfg.Cluster.RedisURL,
		}
		p, err := supervisor.Start(ctx, supervisor.Spec{
			Name: "node-" + strconv.Itoa(i+1), Path: exe, Args: args, Env: env, Output: o.Output,
			Ready:        stack.HTTPReady(fmt.Sprintf("http://127.0.0.1:%d/api/health", port)),
			ReadyTimeout: 2 * time.Minute,
		}, o.Logger)
		if err != nil {
			for _, q := range procs {
				q.Stop()
			}
			return nil, fmt.Errorf("node %d: %w", i+1, err)
		}
		procs = append(procs, p)
	}
	return procs, nil
}
