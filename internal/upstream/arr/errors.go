package arr

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"

	"github.com/lemedia/lemedia/internal/httpx"
)

// Errors an *Error wraps.
var (
	// ErrNotFound: the service answered 404 with its own JSON error, so the
	// item is not there (deleted, or never added).
	ErrNotFound = errors.New("not found")
	// ErrAlreadyExists: an add was refused because the title is already in
	// the service (its validation error on TmdbId or TvdbId).
	ErrAlreadyExists = errors.New("already added")
	// ErrUnauthorized: the API key was refused.
	ErrUnauthorized = errors.New("API key refused")
)

// Error is a failed call. Its message names the service, method, path (never
// the query) and the kind of failure, never the upstream body, so it is safe
// to log and to summarise to users.
type Error struct {
	Service string // "radarr" or "sonarr"
	Method  string
	Path    string
	Failure httpx.Failure
	// Fields are the property names a 400 validation answer refused, such as
	// "RootFolderPath" (names only, checked to look like names).
	Fields []string
	is     error // one of the sentinels above
	cause  error // the transport or decoding error
}

func (e *Error) Error() string {
	msg := e.Service + ": " + e.Method + " " + e.Path + ": " + e.Failure.String()
	if e.is != nil {
		msg += " (" + e.is.Error() + ")"
	}
	if e.cause != nil {
		msg += ": " + e.cause.Error()
	}
	return msg
}

func (e *Error) Unwrap() []error {
	var out []error
	if e.is != nil {
		out = append(out, e.is)
	}
	if e.cause != nil {
		out = append(out, e.cause)
	}
	return out
}

// FailureOf classifies any error a client returned, for "test connection"
// answers and metrics.
func FailureOf(err error) httpx.Failure {
	if err == nil {
		return httpx.Failure{Kind: httpx.KindOK}
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Failure
	}
	return httpx.Classify(err, nil)
}

// validationFailure is one entry of the array Radarr and Sonarr answer a
// refused write with.
type validationFailure struct {
	PropertyName string `json:"propertyName"`
	ErrorMessage string `json:"errorMessage"`
	ErrorCode    string `json:"errorCode"`
}

var propertyName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.\[\]]{0,63}$`)

// readValidation returns the refused property names and, when the refusal
// says the title was already added, ErrAlreadyExists.
func readValidation(body []byte) ([]string, error) {
	var list []validationFailure
	if json.Unmarshal(body, &list) != nil {
		return nil, nil
	}
	var fields []string
	var is error
	for _, v := range list {
		if propertyName.MatchString(v.PropertyName) {
			fields = append(fields, v.PropertyName)
		}
		idField := strings.EqualFold(v.PropertyName, "TmdbId") || strings.EqualFold(v.PropertyName, "TvdbId")
		if idField && (strings.HasSuffix(v.ErrorCode, "ExistsValidator") || strings.Contains(v.ErrorMessage, "already")) {
			is = ErrAlreadyExists
		}
	}
	return fields, is
}
