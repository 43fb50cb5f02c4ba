package jellyfin

import (
	"errors"

	"github.com/lemedia/lemedia/internal/upstream/jsonget"
)

// Sentinels an *Error matches with errors.Is.
var (
	// ErrUnauthorized: the server refused the API key (401 or 403).
	ErrUnauthorized = errors.New("jellyfin: the API key was refused")
	// ErrNotFound: the library, series or item is not there (404).
	ErrNotFound = errors.New("jellyfin: not found")
)

// Error is a failed call: the method and path (never the query or the
// upstream body), the kind of failure and, for a status, the status.
type Error = jsonget.Error
