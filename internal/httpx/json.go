package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// MaxBodyBytes bounds every JSON request body.
const MaxBodyBytes = 1 << 20

// JSON writes v with status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Reply ends a handler: err's error response when err is not nil, else v as
// JSON with status.
func Reply(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		Error(w, r, err)
		return
	}
	JSON(w, status, v)
}

// Decode reads a JSON body into v: the content type must be JSON, the body at
// most MaxBodyBytes, unknown fields and trailing data are refused. Errors wrap
// ErrBadRequest (or ErrTooLarge) with a message a person can act on.
func Decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return fmt.Errorf("%w: content type must be application/json", ErrBadRequest)
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &tooBig):
			return fmt.Errorf("%w: body larger than %d bytes", ErrTooLarge, MaxBodyBytes)
		case errors.Is(err, io.EOF):
			return fmt.Errorf("%w: empty body, expected JSON", ErrBadRequest)
		case errors.As(err, &syn):
			return fmt.Errorf("%w: malformed JSON at byte %d", ErrBadRequest, syn.Offset)
		case errors.As(err, &typ):
			return &ValidationError{Fields: map[string]string{typ.Field: "must be " + typ.Type.String()}}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return fmt.Errorf("%w: %s", ErrBadRequest, strings.TrimPrefix(err.Error(), "json: "))
		default:
			return fmt.Errorf("%w: %v", ErrBadRequest, err)
		}
	}
	// dec.More is not enough: it reports false for a stray ']' or '}' and on a
	// read error (such as the size limit), so demand a clean end of input.
	if _, err := dec.Token(); err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fmt.Errorf("%w: body larger than %d bytes", ErrTooLarge, MaxBodyBytes)
		}
		return fmt.Errorf("%w: unexpected data after the JSON value", ErrBadRequest)
	}
	return nil
}
