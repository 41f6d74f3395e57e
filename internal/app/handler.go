package app

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"strings"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/config"
	"github.com/interviewprep/interviewprep/internal/health"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/ratelimit"
	"github.com/interviewprep/interviewprep/web"
)

// ClientConfig is the body of GET /api/config: what the SPA needs to know
// about this installation before anyone signs in.
type ClientConfig struct {
	Mode     string         `json:"mode"`
	Version  string         `json:"version"`
	Features ClientFeatures `json:"features"`
}

// ClientFeatures switches parts of the UI on.
type ClientFeatures struct {
	DevInbox bool `json:"devInbox"`
}

func newHandler(cfg config.Config, version string, comps *components, doms *domains, spa *web.SPA, logger *slog.Logger) (http.Handler, error) {
	h, _, err := buildHandler(cfg, version, comps, doms, spa, logger)
	return h, err
}

// buildHandler is newHandler that also returns the pattern of every route
// it serves, in the order they were registered (the authorization table
// test checks that it knows each one).
func buildHandler(cfg config.Config, version string, comps *components, doms *domains, spa *web.SPA, logger *slog.Logger) (http.Handler, []string, error) {
	mux := http.NewServeMux()
	routes := httpx.NewRoutes(mux)
	// Rate limits, per node (docs/decisions.md): minting collaboration
	// tickets and joining calls per user; sign-in attempts on the /auth
	// proxy below.
	perUser := userKey(cfg.HTTP.TrustedProxies)
	routes.Wrap("POST /api/collab/ticket", ratelimit.New(cfg.Limits.Ticket, ratelimit.Options{}).Middleware("collaboration tickets", perUser))
	routes.Wrap("POST /api/interviews/{id}/join", ratelimit.New(cfg.Limits.Join, ratelimit.Options{}).Middleware("attempts to join calls", perUser))
	doms.register(routes, cfg)

	checker := health.New(version, string(cfg.Mode), append([]health.Component{scheduleHealth(doms.schedule)}, comps.health...)...)
	routes.Handle("GET /api/health", checker)

	clientCfg := ClientConfig{Mode: string(cfg.Mode), Version: version, Features: ClientFeatures{DevInbox: comps.mailAPI != ""}}
	routes.HandleFunc("GET /api/config", func(w http.ResponseWriter, r *http.Request) {
		httpx.JSON(w, http.StatusOK, clientCfg)
	})

	kratos, err := newKratosProxy(cfg.Kratos.PublicURL, logger)
	if err != nil {
		return nil, nil, err
	}
	signIn := identity.SignInLimits{
		ByAddress: ratelimit.New(cfg.Limits.SignInIP, ratelimit.Options{}),
		ByEmail:   ratelimit.New(cfg.Limits.SignInEmail, ratelimit.Options{}),
		ClientAddress: func(r *http.Request) string {
			return httpx.ClientIP(r, cfg.HTTP.TrustedProxies).String()
		},
	}
	routes.Handle("/auth/", signIn.Middleware("/auth")(kratos))

	if comps.mailAPI != "" {
		inbox, err := newPrefixProxy("/api/dev/mail", comps.mailAPI+"/api/v1", logger)
		if err != nil {
			return nil, nil, err
		}
		// Read-only: the inbox page lists and shows messages.
		routes.Handle("GET /api/dev/mail/", inbox)
	}

	// Unknown API paths are JSON 404s, never the SPA's index.html.
	routes.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, r, fmt.Errorf("%w: no API route %s %s", httpx.ErrNotFound, r.Method, r.URL.Path))
	})
	routes.Handle("/", spa)
	if err := routes.Check(); err != nil {
		return nil, nil, err
	}

	// Every body is capped; cross-origin state-changing requests are refused
	// (Sec-Fetch-Site / Origin); then the session middleware puts the
	// signed-in user into the context.
	csrf := http.NewCrossOriginProtection()
	h := httpx.Observe(logger, httpx.SecurityHeaders(httpx.LimitBody(httpx.MaxBodyBytes, csrf.Handler(doms.ids.Middleware(mux)))))
	return h, routes.Patterns(), nil
}

// userKey counts a request under its signed-in user, else its client
// address.
func userKey(trusted []netip.Prefix) func(*http.Request) string {
	return func(r *http.Request) string {
		if p, ok := identity.PrincipalFrom(r.Context()); ok {
			return "user:" + p.ID
		}
		return "ip:" + httpx.ClientIP(r, trusted).String()
	}
}

// newKratosProxy proxies /auth/* to Kratos's public API so that its cookies
// and CSRF tokens are on the app's own origin. Kratos's public base_url is
// <public-url>/auth/, so the URLs it renders point back through here.
func newKratosProxy(target string, logger *slog.Logger) (http.Handler, error) {
	return newPrefixProxy("/auth", target, logger)
}

// newPrefixProxy forwards requests under prefix to target, dropping prefix.
func newPrefixProxy(prefix, target string, logger *slog.Logger) (http.Handler, error) {
	u, err := url.Parse(target)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("proxy target %q: not an absolute URL", target)
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Path = strings.TrimPrefix(pr.In.URL.Path, prefix)
			pr.Out.URL.RawPath = ""
			pr.SetURL(u)
			pr.SetXForwarded()
			pr.Out.Host = u.Host
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				httpx.Error(w, r, fmt.Errorf("%w: body larger than %d bytes", httpx.ErrTooLarge, tooBig.Limit))
				return
			}
			httpx.Logger(r.Context()).Warn("proxy", "target", target, "err", err)
			httpx.Error(w, r, fmt.Errorf("%w: %v", httpx.ErrUnavailable, err))
		},
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return wholeBody(rp), nil
}

// wholeBody reads a body of unknown length (chunked) before next sees it,
// so that one over the cap is refused (413) whatever the upstream would have
// answered after reading part of it. Bodies through the proxies are small
// forms; a declared length is capped by httpx.LimitBody already.
func wholeBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody {
			raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, httpx.MaxBodyBytes))
			if err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					httpx.Error(w, r, fmt.Errorf("%w: body larger than %d bytes", httpx.ErrTooLarge, tooBig.Limit))
					return
				}
				httpx.Error(w, r, fmt.Errorf("%w: read the body: %v", httpx.ErrBadRequest, err))
				return
			}
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
			r.TransferEncoding = nil
		}
		next.ServeHTTP(w, r)
	})
}

func smtpHostPort(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("--smtp-url: %q is not an smtp:// URL", raw)
	}
	host := u.Host
	if u.Port() == "" {
		port := "25"
		if u.Scheme == "smtps" {
			port = "465"
		}
		host = net.JoinHostPort(u.Hostname(), port)
	}
	return host, nil
}

// smtpProbe dials the relay and expects its 220 greeting.
func smtpProbe(addr string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return err
		}
		defer conn.Close()
		if dl, ok := ctx.Deadline(); ok {
			_ = conn.SetDeadline(dl)
		}
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			return fmt.Errorf("read greeting: %w", err)
		}
		if !strings.HasPrefix(line, "220") {
			return fmt.Errorf("unexpected greeting %q", strings.TrimSpace(line))
		}
		_, _ = conn.Write([]byte("QUIT\r\n"))
		return nil
	}
}
