package plex

import (
	"errors"

	"github.com/lemedia/lemedia/internal/upstream/jsonget"
)

// Sentinels an *Error matches with errors.Is.
var (
	// ErrUnauthorized: the server refused the token (401 or 403).
	ErrUnauthorized = errors.New("plex: the token was refused")
	// ErrNotFound: the section or item is not there (404).
	ErrNotFound = errors.New("plex: not found")
)

// Error is a failed call: the method and path (never the query or the
// upstream body), the kind of failure and, for a status, the status.
type Error = jsonget.Error
