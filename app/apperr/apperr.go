// Package apperr defines the one error type the domain returns. The web layer
// maps its Kind to an HTTP status and its Code/Fields to the JSON error body
// fixed in the API contract (app/web/openapi); the message is localised there from Code, so domain code
// never formats user-facing text itself.
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the transport layer.
type Kind int

// The kinds, in the order the API contract (app/web/openapi/00_base.yaml)
// lists their statuses.
const (
	Internal     Kind = iota // 500: a bug or an outage, never shown in detail
	Malformed                // 400: the request could not be parsed
	Unauthorized             // 401: no or bad credentials
	Forbidden                // 403: signed in, but not allowed
	NotFound                 // 404: absent or not visible to this user
	Conflict                 // 409: stale version or duplicate
	Invalid                  // 422: parsed, but fails validation
	TooMany                  // 429: throttled
)

// Error is a domain error. Code is a stable machine-readable code that is
// also the i18n message id ("meeting.end_before_start"); Fields maps input
// field names to codes for per-field messages; Args fill message templates.
type Error struct {
	Kind   Kind
	Code   string
	Fields map[string]string
	Args   map[string]any
	Err    error // the cause, logged but never shown
}

func (e *Error) Error() string {
	s := e.Code
	if len(e.Fields) > 0 {
		s += fmt.Sprintf(" %v", e.Fields)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// WithArgs returns e with message arguments set.
func (e *Error) WithArgs(args map[string]any) *Error { e.Args = args; return e }

// E is a short constructor for the common kinds.
func E(k Kind, code string, args ...any) *Error {
	e := &Error{Kind: k, Code: code}
	if len(args) > 0 {
		e.Args = map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			e.Args[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return e
}

// NotFoundErr is the error for a record that does not exist or is hidden.
func NotFoundErr(what string) *Error {
	return &Error{Kind: NotFound, Code: "not_found", Args: map[string]any{"What": what}}
}

// ConflictVersion is the error for a write carrying a stale version.
func ConflictVersion() *Error { return &Error{Kind: Conflict, Code: "stale_version"} }

// Wrap turns an unexpected error into an Internal one, keeping the cause.
func Wrap(err error, code string) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return err
	}
	return &Error{Kind: Internal, Code: code, Err: err}
}

// Fields collects per-field validation codes and becomes an Invalid error.
type Fields map[string]string

// Add records code for field unless the field already has one.
func (f Fields) Add(field, code string) {
	if _, ok := f[field]; !ok {
		f[field] = code
	}
}

// Err returns nil when no field failed, else an Invalid error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Code: "invalid", Fields: map[string]string(f)}
}

// KindOf returns the kind of err: Internal for anything not an *Error.
func KindOf(err error) Kind {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Kind
	}
	return Internal
}

// As returns err as an *Error when it is one.
func As(err error) (*Error, bool) {
	var ae *Error
	ok := errors.As(err, &ae)
	return ae, ok
}
