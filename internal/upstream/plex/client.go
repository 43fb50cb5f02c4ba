// Package plex is a small typed client for the parts of the Plex Media
// Server API that LeMedia uses to learn what is on disk: the server's
// identity, library sections, a section's items page by page, recently added
// items, and the seasons and episodes of a show.
//
// The token travels only in the X-Plex-Token header, never in a URL, and
// answers are asked for as JSON. Paths and parameters are the ones the
// community Plex document (specs/plex-pms-openapi.yaml) declares. The
// *http.Client is injected: in the application it is httpx's guarded client.
// Errors are *Error values that carry a classified kind and the HTTP status,
// never the upstream body.
package plex

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/secret"
)

// Options configures a Client. BaseURL, Token and HTTPClient are required.
type Options struct {
	// BaseURL is the server root, e.g. http://plex:32400.
	BaseURL string
	// Token is a Plex token with access to the server.
	Token      secret.Secret
	HTTPClient *http.Client
	// Timeout bounds each request, body included; default 30s.
	Timeout time.Duration
	// ClientIdentifier names this LeMedia instance (X-Plex-Client-Identifier,
	// which Plex requires on library calls); default "lemedia".
	ClientIdentifier string
	// Version is LeMedia's version (X-Plex-Version); default "dev".
	Version string
}

// Client calls one Plex Media Server. It is safe for concurrent use.
type Client struct {
	base     *url.URL
	token    secret.Secret
	http     *http.Client
	timeout  time.Duration
	clientID string
	version  string
}

// New checks the options and builds a client.
func New(o Options) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(o.BaseURL, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" ||
		base.User != nil || base.RawQuery != "" || base.Fragment != "" {
		return nil, errors.New("plex: the base URL must be an http(s) URL without credentials, query or fragment")
	}
	if o.Token.IsZero() {
		return nil, errors.New("plex: no token")
	}
	if o.HTTPClient == nil {
		return nil, errors.New("plex: no HTTP client")
	}
	c := &Client{base: base, token: o.Token, http: o.HTTPClient, timeout: o.Timeout,
		clientID: o.ClientIdentifier, version: o.Version}
	if c.timeout <= 0 {
		c.timeout = 30 * time.Second
	}
	if c.clientID == "" {
		c.clientID = "lemedia"
	}
	if c.version == "" {
		c.version = "dev"
	}
	return c, nil
}
