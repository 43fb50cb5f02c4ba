// Package jellyfin is a small typed client for the parts of the Jellyfin API
// that LeMedia uses to learn what is on disk: server info, libraries, items
// of a library page by page, recently added items, and the seasons and
// episodes of a series.
//
// The API key travels only in the Authorization header
// (`MediaBrowser Token="…"`, the scheme Jellyfin's document declares), never
// in a URL. The *http.Client is injected: in the application it is httpx's
// guarded client. Errors are *Error values that carry a classified kind and
// the HTTP status, never the upstream body.
package jellyfin

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
	// BaseURL is the server root including any base path, e.g.
	// http://jellyfin:8096 or https://example.org/jellyfin.
	BaseURL string
	// Token is a Jellyfin API key.
	Token      secret.Secret
	HTTPClient *http.Client
	// Timeout bounds each request, body included; default 30s.
	Timeout time.Duration
	// DeviceID names this LeMedia instance to Jellyfin; default "lemedia".
	DeviceID string
	// Version is LeMedia's version, sent with the device; default "dev".
	Version string
}

// Client calls one Jellyfin server. It is safe for concurrent use.
type Client struct {
	base    *url.URL
	auth    string // the whole Authorization header value
	http    *http.Client
	timeout time.Duration
}

// New checks the options and builds a client.
func New(o Options) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(o.BaseURL, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" ||
		base.User != nil || base.RawQuery != "" || base.Fragment != "" {
		return nil, errors.New("jellyfin: the base URL must be an http(s) URL without credentials, query or fragment")
	}
	if o.Token.IsZero() {
		return nil, errors.New("jellyfin: no API key")
	}
	if o.HTTPClient == nil {
		return nil, errors.New("jellyfin: no HTTP client")
	}
	deviceID, version := orDefault(o.DeviceID, "lemedia"), orDefault(o.Version, "dev")
	for _, v := range []string{o.Token.Reveal(), deviceID, version} {
		if !quotable(v) {
			return nil, errors.New("jellyfin: the API key, device id and version must be printable and without quotes")
		}
	}
	c := &Client{base: base, http: o.HTTPClient, timeout: o.Timeout}
	if c.timeout <= 0 {
		c.timeout = 30 * time.Second
	}
	c.auth = `MediaBrowser Client="LeMedia", Device="LeMedia", DeviceId="` + deviceID +
		`", Version="` + version + `", Token="` + o.Token.Reveal() + `"`
	return c, nil
}

// quotable reports whether v can sit inside a quoted header parameter.
func quotable(v string) bool {
	for _, r := range v {
		if r < 0x20 || r == 0x7f || r == '"' || r == '\\' {
			return false
		}
	}
	return true
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
