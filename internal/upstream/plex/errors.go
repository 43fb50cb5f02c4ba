package plex

import (
	"errors"
	"net/http"

	"github.com/lemedia/lemedia/internal/httpx"
)

// Sentinels an *Error matches with errors.Is.
var (
	// ErrUnauthorized: the server refused the token (401 or 403).
	ErrUnauthorized = errors.New("plex: the token was refused")
	// ErrNotFound: the section or item is not there (404).
	ErrNotFound = errors.New("plex: not found")
)

// Error is a failed call. It names the method and path (never the query or
// the upstream body), the kind of failure from httpx.Classify and, for
// KindHTTPStatus, the status, so it is safe to log and to summarise to users.
type Error struct {
	Op     string // "GET /library/sections/all"
	Kind   httpx.Kind
	Status int   // set for KindHTTPStatus
	Err    error // the cause, if any (not set for a status)
}

func (e *Error) Error() string {
	msg := "plex: " + e.Op + ": " + httpx.Failure{Kind: e.Kind, Status: e.Status}.String()
	if e.Status != 0 {
		msg += " " + http.StatusText(e.Status)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches ErrUnauthorized and ErrNotFound by status.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	}
	return false
}

// Failure is the error as httpx's summary, for "test connection" answers.
func (e *Error) Failure() httpx.Failure { return httpx.Failure{Kind: e.Kind, Status: e.Status} }
