// Package jsonget is the bounded GET-and-decode the Jellyfin and Plex
// clients share. Failures are classified (httpx.Classify) and never carry
// the query or the upstream's answer, so they are safe to log and to
// summarise to admins.
package jsonget

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/lemedia/lemedia/internal/httpx"
)

// MaxBody caps an answer: a page of a thousand episodes is about half a MiB.
const MaxBody = 16 << 20

// Getter calls one server.
type Getter struct {
	Service string // "jellyfin", "plex": prefixes errors
	Base    *url.URL
	HTTP    *http.Client
	Timeout time.Duration
	// Header sets the credentials and what the server should answer in.
	Header func(http.Header)
	// Unauthorized and NotFound are the client package's sentinels that
	// its errors match by status.
	Unauthorized, NotFound error
}

// Get fetches path?q and decodes the JSON answer into out.
func (g *Getter) Get(ctx context.Context, path string, q url.Values, out any) error {
	op := "GET " + path
	ctx, cancel := context.WithTimeout(ctx, g.Timeout)
	defer cancel()
	u := *g.Base
	u.Path = g.Base.Path + path
	u.RawPath = ""
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return g.fail(op, httpx.Failure{Kind: httpx.KindBadResponse}, err)
	}
	g.Header(req.Header)
	resp, err := g.HTTP.Do(req)
	if err != nil {
		err = unwrapURL(err)
		return g.fail(op, httpx.Classify(err, nil), err)
	}
	defer resp.Body.Close()
	if f := httpx.Classify(nil, resp); !f.OK() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return g.fail(op, f, nil)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	switch {
	case err != nil:
		err = fmt.Errorf("reading the answer: %w", err)
	case len(body) > MaxBody:
		err = fmt.Errorf("%w: over %d bytes", httpx.ErrTooLarge, MaxBody)
	default:
		if err = json.Unmarshal(body, out); err != nil {
			// The decoder's message quotes no more than a type name or offset.
			err = fmt.Errorf("unreadable answer: %w", err)
		}
	}
	if err != nil {
		return g.fail(op, httpx.Classify(err, resp), err)
	}
	return nil
}

func (g *Getter) fail(op string, f httpx.Failure, err error) *Error {
	return &Error{Service: g.Service, Op: op, Kind: f.Kind, Status: f.Status, Err: err,
		unauthorized: g.Unauthorized, notFound: g.NotFound}
}

// unwrapURL drops *url.Error's wrapping, whose message repeats the URL.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Error is a failed call: the method and path, the kind of failure and,
// for httpx.KindHTTPStatus, the status.
type Error struct {
	Service string
	Op      string // "GET /Items"
	Kind    httpx.Kind
	Status  int   // set for KindHTTPStatus
	Err     error // the cause, if any (not set for a status)

	unauthorized, notFound error
}

func (e *Error) Error() string {
	msg := e.Service + ": " + e.Op + ": " + httpx.Failure{Kind: e.Kind, Status: e.Status}.String()
	if e.Status != 0 {
		msg += " " + http.StatusText(e.Status)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches the client's Unauthorized (401, 403) and NotFound (404)
// sentinels by status.
func (e *Error) Is(target error) bool {
	switch {
	case target == nil:
		return false
	case target == e.unauthorized:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	case target == e.notFound:
		return e.Status == http.StatusNotFound
	}
	return false
}

// Failure is the error as httpx's summary, for "test connection" answers.
func (e *Error) Failure() httpx.Failure { return httpx.Failure{Kind: e.Kind, Status: e.Status} }
