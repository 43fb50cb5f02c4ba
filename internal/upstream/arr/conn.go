// Package arr holds what the Radarr and Sonarr v3 clients share: options and
// base URL checks, JSON over HTTP with the API key in the X-Api-Key header
// only, bounded reads, one error type that never carries the upstream body,
// the endpoints both services have, and patching of raw JSON objects so that
// an object PUT back keeps every field we do not model.
package arr

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/secret"
)

// Options configures a Radarr or Sonarr client. BaseURL, APIKey and
// HTTPClient are required.
type Options struct {
	// BaseURL is the service root, with its URL base if one is set:
	// http://radarr:7878 or https://example.org/radarr.
	BaseURL string
	// APIKey is sent in the X-Api-Key header, never in a URL.
	APIKey secret.Secret
	// HTTPClient is supplied by the caller: in the application it is
	// httpx's guarded client.
	HTTPClient *http.Client
	// Timeout bounds each request; default 20s.
	Timeout time.Duration
}

// DefaultTimeout bounds a request when Options.Timeout is zero.
const DefaultTimeout = 20 * time.Second

// Conn sends requests to one service. It is safe for concurrent use.
type Conn struct {
	service string
	base    *url.URL
	key     secret.Secret
	http    *http.Client
	timeout time.Duration
}

// NewConn checks the options; service ("radarr", "sonarr") prefixes errors.
func NewConn(service string, o Options) (*Conn, error) {
	base, err := ParseBaseURL(o.BaseURL)
	if err != nil {
		return nil, errors.New(service + ": " + err.Error())
	}
	if o.APIKey.IsZero() {
		return nil, errors.New(service + ": no API key")
	}
	if o.HTTPClient == nil {
		return nil, errors.New(service + ": no HTTP client")
	}
	c := &Conn{service: service, base: base, key: o.APIKey, http: o.HTTPClient, timeout: o.Timeout}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	return c, nil
}

// ParseBaseURL accepts an absolute http(s) URL without credentials, query or
// fragment; a path (the service's URL base) is kept without its trailing slash.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" ||
		u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#") {
		return nil, errors.New("the base URL must be an http(s) URL without credentials, query or fragment")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// Command starts a command such as a search; body carries "name" and the
// command's own fields.
func (c *Conn) Command(ctx context.Context, body any) (Command, error) {
	var out Command
	return out, c.Do(ctx, http.MethodPost, "/api/v3/command", nil, body, &out)
}
