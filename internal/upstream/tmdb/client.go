// Package tmdb is a small typed client for the parts of the TMDB v3 API that
// LeMedia uses: search, discover, curated lists, details, seasons, external
// ids, genres, recommendations and similar titles.
//
// The API token travels only in the Authorization header, never in a URL.
// Every answer is cached in memory (keyed by path and query, never by
// credentials) for a configurable time, concurrent identical calls share one
// request, and outbound requests go through one rate limiter per client. The
// *http.Client is injected: in the application it is httpx's guarded client.
package tmdb

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"

	"github.com/lemedia/lemedia/internal/secret"
)

// Options configures a Client. BaseURL, Token and HTTPClient are required.
type Options struct {
	// BaseURL is the API root without /3, e.g. https://api.themoviedb.org.
	BaseURL string
	// Token is a TMDB API read access token, sent as a bearer token.
	Token      secret.Secret
	HTTPClient *http.Client
	// Language (e.g. "en-US") and Region (ISO 3166-1, e.g. "GB") are sent
	// with every call whose endpoint takes them. Language defaults to en-US.
	Language, Region string
	// Timeout bounds each request; default 10s.
	Timeout time.Duration
	// CacheTTL is how long answers are reused; default 6h, negative disables.
	CacheTTL time.Duration
	// CacheSize bounds the cache in answers; default 2000.
	CacheSize int
	// RatePerSecond limits outbound requests; default 20 (TMDB allows ~50).
	RatePerSecond float64
	// MaxRetryWait is the longest Retry-After a 429 is retried after (once);
	// default 2s.
	MaxRetryWait time.Duration
	// Now is the clock for cache expiry; default time.Now.
	Now func() time.Time
}

// Client calls TMDB. It is safe for concurrent use.
type Client struct {
	base         *url.URL
	token        secret.Secret
	http         *http.Client
	language     string
	region       string
	timeout      time.Duration
	maxRetryWait time.Duration
	limiter      *rate.Limiter
	cache        *cache
	flights      singleflight.Group
	waiting      atomic.Int64 // callers waiting on a shared request, for tests
}

// New checks the options and builds a client.
func New(o Options) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(o.BaseURL, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" ||
		base.User != nil || base.RawQuery != "" || base.Fragment != "" {
		return nil, errors.New("tmdb: the base URL must be an http(s) URL without credentials, query or fragment")
	}
	if o.Token.IsZero() {
		return nil, errors.New("tmdb: no API token")
	}
	if o.HTTPClient == nil {
		return nil, errors.New("tmdb: no HTTP client")
	}
	c := &Client{
		base: base, token: o.Token, http: o.HTTPClient,
		language: orDefault(o.Language, "en-US"), region: o.Region,
		timeout: o.Timeout, maxRetryWait: o.MaxRetryWait,
	}
	if c.timeout <= 0 {
		c.timeout = 10 * time.Second
	}
	if c.maxRetryWait <= 0 {
		c.maxRetryWait = 2 * time.Second
	}
	perSecond := o.RatePerSecond
	if perSecond <= 0 {
		perSecond = 20
	}
	c.limiter = rate.NewLimiter(rate.Limit(perSecond), max(1, int(perSecond)))
	ttl, size, now := o.CacheTTL, o.CacheSize, o.Now
	if ttl == 0 {
		ttl = 6 * time.Hour
	}
	if size <= 0 {
		size = 2000
	}
	if now == nil {
		now = time.Now
	}
	c.cache = newCache(ttl, size, now)
	return c, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Errors. A *StatusError wraps the first three for 404, 401 and 429.
var (
	ErrNotFound     = errors.New("tmdb: not found")
	ErrUnauthorized = errors.New("tmdb: the API token was refused")
	ErrRateLimited  = errors.New("tmdb: rate limited")
)

// StatusError is an answer other than 200 OK. It names the path (never the
// query or the body), so it is safe to log and to summarise to users.
type StatusError struct {
	Path   string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("tmdb: GET %s: %d %s", e.Path, e.Status, http.StatusText(e.Status))
}

func (e *StatusError) Unwrap() error {
	switch e.Status {
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusTooManyRequests:
		return ErrRateLimited
	}
	return nil
}
