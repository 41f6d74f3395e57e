package identity

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// Middleware finds the request's Kratos session (the Cookie header, or an
// X-Session-Token for API clients), loads its user and puts a *Principal in
// the context (PrincipalFrom). Kratos's answers are cached briefly; the user
// and role are read from the database on every request, so a role change
// applies to the next request. A user whose registration hook was missed is
// created here. Without a valid session the request goes on anonymous; when
// the session cannot be checked (Kratos down), it goes on without a
// principal and Authorize/Require answer 503 instead of 401.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cred, ok := credentialFrom(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		p, err := s.principal(ctx, cred)
		switch {
		case err != nil:
			httpx.Logger(ctx).Debug("identity: session check failed", "err", err)
			ctx = withSessionError(ctx, err)
		case p != nil:
			ctx = WithPrincipal(ctx, p)
			ctx = httpx.WithLogger(ctx, httpx.Logger(ctx).With("user_id", p.ID))
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// credentialFrom returns the request's session credential: the
// X-Session-Token header if set, else the whole Cookie header.
func credentialFrom(r *http.Request) (credential, bool) {
	return credentialFromHeader(r.Header)
}

func credentialFromHeader(h http.Header) (credential, bool) {
	if t := strings.TrimSpace(h.Get("X-Session-Token")); t != "" {
		return credential{token: t}, true
	}
	// HTTP/2 may split cookies over several header fields.
	if c := strings.Join(h.Values("Cookie"), "; "); c != "" {
		return credential{cookie: c}, true
	}
	return credential{}, false
}

// Credentials copies the headers that carry r's session (Cookie,
// X-Session-Token), for a long-lived connection to Check later.
func Credentials(r *http.Request) http.Header {
	h := http.Header{}
	for _, k := range []string{"Cookie", "X-Session-Token"} {
		if v := r.Header.Values(k); len(v) > 0 {
			h[k] = append([]string(nil), v...)
		}
	}
	return h
}

// Check resolves credentials copied with Credentials to the user they act
// for now: nil, nil when the session ended (signed out, expired, revoked —
// noticed within the session cache's TTL); an error when it cannot tell
// (Kratos unreachable).
func (s *Service) Check(ctx context.Context, h http.Header) (*Principal, error) {
	cred, ok := credentialFromHeader(h)
	if !ok {
		return nil, nil
	}
	return s.principal(ctx, cred)
}

// principal resolves cred to a principal; nil, nil means no valid session.
func (s *Service) principal(ctx context.Context, cred credential) (*Principal, error) {
	key := cacheKey(cred)
	sess, cached := s.sessions.get(key)
	if !cached {
		var err error
		if sess, err = s.kratos.whoami(ctx, cred); err != nil {
			return nil, err
		}
		s.sessions.put(key, sess)
	}
	if sess == nil {
		return nil, nil
	}
	u, err := s.store.get(ctx, sess.Identity.ID)
	switch {
	case errors.Is(err, ErrUserNotFound):
		// A session of a deleted user (cached here, or Kratos not yet
		// told) acts for nobody, and must not make the user again.
		gone, err := s.erased(ctx, sess.Identity.ID)
		if err != nil {
			return nil, err
		}
		if gone {
			s.sessions.forget(sess.Identity.ID)
			return nil, nil
		}
		if u, err = s.create(ctx, *sess.Identity); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	default:
		u = s.syncProfile(ctx, u, sess.Identity.Traits)
	}
	return &Principal{User: u}, nil
}
