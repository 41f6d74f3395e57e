// Package httpx holds the HTTP plumbing every domain package shares: JSON
// responses, the one mapping from sentinel errors to status codes, and
// middleware (request IDs, access log, panic recovery, security headers).
package httpx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
)

// Sentinel errors: one per status. A domain's own errors wrap one of them,
// usually through Detail (ErrNotFound = httpx.Detail(httpx.ErrNotFound,
// "no such interview")), and any error may wrap them with fmt.Errorf's %w;
// Status and Error find the sentinel with errors.Is and answer with its
// status.
var (
	ErrBadRequest   = errors.New("bad request")
	ErrUnauthorized = errors.New("not signed in")
	ErrForbidden    = errors.New("forbidden")
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrTooLarge     = errors.New("request too large")
	ErrRateLimited  = errors.New("too many requests")
	ErrUnavailable  = errors.New("temporarily unavailable")
)

// detailed is an error whose message is written for the person who sees
// it, and which matches its sentinel with errors.Is.
type detailed struct {
	msg      string
	sentinel error
}

func (d *detailed) Error() string { return d.msg }
func (d *detailed) Unwrap() error { return d.sentinel }

// Detail returns an error with the message format makes and no prefix, that
// matches sentinel with errors.Is: Status (and so Error) answers with the
// sentinel's status and shows the message. The sentinel may be one of the
// above or a domain's own error built with Detail, to say more about it
// (Detail(ErrUserNotFound, "no user with email %s", email)).
func Detail(sentinel error, format string, args ...any) error {
	return &detailed{msg: fmt.Sprintf(format, args...), sentinel: sentinel}
}

// ValidationError reports invalid input, field by field.
type ValidationError struct {
	Fields map[string]string // field name -> what is wrong
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for k, v := range e.Fields {
		parts = append(parts, k+": "+v)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Unwrap makes a ValidationError match ErrBadRequest.
func (e *ValidationError) Unwrap() error { return ErrBadRequest }

// Invalid builds a ValidationError for one field.
func Invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Fields: map[string]string{field: fmt.Sprintf(format, args...)}}
}

// ErrorBody is the JSON shape of every error response.
type ErrorBody struct {
	Error     string            `json:"error"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"requestId,omitempty"`
}

var statuses = []struct {
	err    error
	status int
}{
	{ErrUnauthorized, http.StatusUnauthorized},
	{ErrForbidden, http.StatusForbidden},
	{ErrNotFound, http.StatusNotFound},
	{ErrConflict, http.StatusConflict},
	{ErrTooLarge, http.StatusRequestEntityTooLarge},
	{ErrRateLimited, http.StatusTooManyRequests},
	{ErrUnavailable, http.StatusServiceUnavailable},
	{ErrBadRequest, http.StatusBadRequest},
}

// StatusClientClosed is the status logged for a request whose client went
// away before the answer (nginx's 499).
const StatusClientClosed = 499

// Status returns the HTTP status for err: the first sentinel it wraps, or 500.
func Status(err error) int {
	for _, s := range statuses {
		if errors.Is(err, s.err) {
			return s.status
		}
	}
	return http.StatusInternalServerError
}

// Error writes err as JSON. Errors that map to a 4xx status show their
// message; anything else is logged with the request ID and the client gets a
// generic message, never the internal error text.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		// The client went away (a closed tab, a navigation): nothing failed
		// on our side and nobody reads the answer. Logged as 499, as nginx
		// does, instead of an error and a 500.
		Logger(r.Context()).Debug("request abandoned by the client", "err", err, "method", r.Method, "path", r.URL.Path)
		w.WriteHeader(StatusClientClosed)
		return
	}
	status := Status(err)
	body := ErrorBody{RequestID: RequestID(r.Context())}
	var ve *ValidationError
	switch {
	case errors.As(err, &ve):
		body.Error = "Please correct the highlighted fields."
		body.Fields = ve.Fields
	case status >= 500:
		Logger(r.Context()).Error("request failed", "err", err, "method", r.Method, "path", r.URL.Path)
		body.Error = "Something went wrong on our side. Please try again."
		if status == http.StatusServiceUnavailable {
			body.Error = "A service we depend on is unavailable. Please try again shortly."
		}
	default:
		body.Error = publicMessage(err)
	}
	JSON(w, status, body)
}

// publicMessage is err's text as a sentence. Only 4xx errors get here, and
// domain packages write those for people to read.
func publicMessage(err error) string {
	msg := err.Error()
	if msg == "" {
		return http.StatusText(Status(err))
	}
	return strings.ToUpper(msg[:1]) + msg[1:]
}

// Logger returns the request-scoped logger (set by the middleware) or the
// default one.
func Logger(ctx interface{ Value(any) any }) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}
