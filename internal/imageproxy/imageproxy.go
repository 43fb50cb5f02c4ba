// Package imageproxy serves posters, backdrops and stills to the browser from
// a fixed set of upstreams: TMDB's image host, the configured media servers and
// the built-in catalogue's generated posters.
//
// A page never names an upstream URL. It embeds a URL from [Proxy.URL],
//
//	/img/{sig}/{source}/{size}/{path}
//
// where sig is base64url(HMAC-SHA256(key, source|size|path)) cut to 128
// bits, source is a configured [Source] name (or [BuiltinSource]), size one
// of TMDB's size names ([ValidSize]) and path a plain relative path (see
// [Proxy.URL]). The handler answers 404, the same way whatever failed, to a
// bad or missing signature, an unknown source or size, and any path that is
// not plain: "..", "//", "\", ":", a scheme, '%' (so no percent-encoded form
// of anything), NUL, control or non-ASCII bytes, or more than [MaxPathLen]
// bytes. It fetches the image once (concurrent misses share one upstream
// request) with the source's client, which the caller builds with httpx;
// follows no redirect to another host; accepts only a 200 answer of at most
// Options.MaxBytes whose bytes are JPEG, PNG, WebP or GIF, whatever
// Content-Type the upstream claimed (SVG, HTML and the rest are refused with
// a generic 502); and keeps it in an on-disk cache under a hashed name opened
// only through an os.Root. Images are served with their detected type,
// "Cache-Control: public, max-age=31536000, immutable", an ETag and
// "X-Content-Type-Options: nosniff"; GET, HEAD, conditional and range
// requests work.
package imageproxy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/lemedia/lemedia/internal/httpio"
	"github.com/lemedia/lemedia/internal/httpx"
)

// Defaults.
const (
	DefaultMaxBytes      = 5 << 20
	DefaultCacheMaxBytes = 1 << 30
	DefaultTimeout       = 10 * time.Second
	// MinKeyLen is the shortest accepted signing key.
	MinKeyLen = 32
	// BuiltinSource is the source name of the built-in catalogue's images.
	BuiltinSource = "builtin"
	// maxFetches bounds concurrent upstream requests.
	maxFetches = 16
)

// cacheControl: a signed URL never changes meaning.
const cacheControl = "public, max-age=31536000, immutable"

// accept is the Accept header of upstream requests: the allowed types only.
const accept = "image/webp,image/png,image/jpeg,image/gif"

// Source is one upstream of images.
type Source struct {
	// Name is the source's name in URLs: 1 to 32 of [a-z0-9-], starting with
	// a letter, e.g. "tmdb", "jellyfin". "builtin" is reserved.
	Name string
	// BaseURL is the http or https root images are fetched under, e.g.
	// https://image.tmdb.org/t/p. It may carry no user info, query or
	// fragment: keys go in Header.
	BaseURL *url.URL
	// Client fetches the images: httpx's guarded client for this upstream.
	// The proxy uses a copy that also refuses redirects to another host.
	Client *http.Client
	// Header is sent with every request, e.g. an API key header for a media
	// server. Never put keys in URLs.
	Header http.Header
	// Upstream maps a signed path and size to the path (relative to BaseURL's
	// path) and query of the upstream request. Nil means TMDB's layout,
	// "{size}/{path}"; a Jellyfin source might return ("Items/…/Images/Primary",
	// url.Values{"maxWidth": {"500"}}). The result must be a plain path like
	// the signed one, or the request is refused; the host is always BaseURL's.
	Upstream func(path, size string) (rel string, query url.Values)
}

// Options configures a Proxy. Key, CacheDir and at least one of Sources and
// Builtin are required.
type Options struct {
	// Key signs URLs: at least 32 bytes, derived by the caller for this use
	// only (e.g. HKDF of SESSION_SECRET).
	Key []byte
	// Sources are the upstreams.
	Sources []Source
	// Builtin returns the built-in catalogue's image at path (without its
	// leading slash, e.g. "lemedia-poster-9000001.png") and size, without any
	// network, or false. Served as source "builtin", type-checked like an
	// upstream image and not written to the disk cache.
	Builtin func(path, size string) ([]byte, bool)
	// CacheDir is the cache directory, created (0700) if missing.
	CacheDir string
	// MaxBytes caps one image; <= 0 means DefaultMaxBytes.
	MaxBytes int64
	// CacheMaxBytes bounds the cache: after a write that takes it over, the
	// oldest files (by modification time, set from Now when written) are
	// removed down to 90%. 0 means DefaultCacheMaxBytes, < 0 unbounded.
	CacheMaxBytes int64
	// Timeout bounds one upstream fetch, body included; <= 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// Now is the clock for cache file times; nil means time.Now.
	Now func() time.Time
	// Log receives refused fetches and cache errors, with URLs redacted by
	// httpx.RedactURL (no query, no token-like segments); nil means
	// slog.Default().
	Log *slog.Logger
}

// Proxy is the image handler. It is safe for concurrent use.
type Proxy struct {
	key      []byte
	sources  map[string]*source
	builtin  func(path, size string) ([]byte, bool)
	cache    *diskCache
	maxBytes int64
	timeout  time.Duration
	log      *slog.Logger
	flight   singleflight.Group
	fetches  chan struct{}
	// waiting counts requests waiting for an upstream fetch (tests).
	waiting atomic.Int64
}

type source struct {
	name     string
	base     *url.URL
	client   *http.Client
	header   http.Header
	upstream func(path, size string) (string, url.Values)
}

// New checks o and opens the cache directory.
func New(o Options) (*Proxy, error) {
	if len(o.Key) < MinKeyLen {
		return nil, fmt.Errorf("imageproxy: key shorter than %d bytes", MinKeyLen)
	}
	if o.CacheDir == "" {
		return nil, errors.New("imageproxy: no cache directory")
	}
	if len(o.Sources) == 0 && o.Builtin == nil {
		return nil, errors.New("imageproxy: no sources")
	}
	p := &Proxy{
		key:      bytes.Clone(o.Key),
		sources:  make(map[string]*source, len(o.Sources)),
		builtin:  o.Builtin,
		maxBytes: o.MaxBytes,
		timeout:  o.Timeout,
		log:      o.Log,
		fetches:  make(chan struct{}, maxFetches),
	}
	if p.maxBytes <= 0 {
		p.maxBytes = DefaultMaxBytes
	}
	if p.timeout <= 0 {
		p.timeout = DefaultTimeout
	}
	if p.log == nil {
		p.log = slog.Default()
	}
	for _, s := range o.Sources {
		src, err := newSource(s)
		if err != nil {
			return nil, err
		}
		if _, dup := p.sources[src.name]; dup {
			return nil, fmt.Errorf("imageproxy: source %q twice", src.name)
		}
		p.sources[src.name] = src
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	limit := o.CacheMaxBytes
	if limit == 0 {
		limit = DefaultCacheMaxBytes
	}
	c, err := openCache(o.CacheDir, limit, now)
	if err != nil {
		return nil, err
	}
	p.cache = c
	return p, nil
}

func newSource(s Source) (*source, error) {
	if !validSourceName(s.Name) || s.Name == BuiltinSource {
		return nil, fmt.Errorf("imageproxy: bad source name %q", s.Name)
	}
	u := s.BaseURL
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("imageproxy: source %s: base URL must be an absolute http(s) URL", s.Name)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("imageproxy: source %s: base URL may carry no user info, query or fragment", s.Name)
	}
	if s.Client == nil {
		return nil, fmt.Errorf("imageproxy: source %s: no client", s.Name)
	}
	base := *u
	client := *s.Client // a copy: the caller's client is shared with other uses
	client.CheckRedirect = sameHostOnly(s.Client.CheckRedirect)
	up := s.Upstream
	if up == nil {
		up = func(path, size string) (string, url.Values) { return size + "/" + path, nil }
	}
	return &source{name: s.Name, base: &base, client: &client, header: s.Header.Clone(), upstream: up}, nil
}

// errCrossHost is the error of a redirect to another host.
var errCrossHost = errors.New("imageproxy: redirect to another host refused")

// sameHostOnly refuses redirects that leave the first request's host (port
// included) or downgrade https to http, then applies next (httpx's checks).
func sameHostOnly(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if !strings.EqualFold(req.URL.Host, first.Host) || (first.Scheme == "https" && req.URL.Scheme != "https") {
			return errCrossHost
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("imageproxy: too many redirects")
		}
		return nil
	}
}

// Close releases the cache directory.
func (p *Proxy) Close() error { return p.cache.close() }

// URL returns the signed proxy URL of an image, "/img/{sig}/{source}/{size}/{path}",
// or "" when the source is unknown, the size not allowed or the path not
// plain. path is the upstream's image path relative to the source's base (one
// leading slash is dropped, so TMDB's "/abc.jpg" works): 1 to MaxPathLen bytes
// of [A-Za-z0-9._~-] in segments separated by single slashes, without "..".
func (p *Proxy) URL(source, path, size string) string {
	path = strings.TrimPrefix(path, "/")
	if !p.known(source) || !ValidSize(size) || !validPath(path) {
		return ""
	}
	return Prefix + sign(p.key, source, size, path) + "/" + source + "/" + size + "/" + path
}

func (p *Proxy) known(source string) bool {
	if source == BuiltinSource {
		return p.builtin != nil
	}
	_, ok := p.sources[source]
	return ok
}

// target is a parsed, verified image URL.
type target struct{ source, size, path string }

// parse checks a request URL; ok is false for anything not produced by URL.
func (p *Proxy) parse(u *url.URL) (target, bool) {
	raw := u.Path
	// Only the plain form is accepted: a path that needs escaping, or one
	// sent escaped ("%2e%2e", "%2f", even "%41"), differs from its escaped
	// form.
	if len(raw) > maxRequestPath || u.Opaque != "" || u.EscapedPath() != raw {
		return target{}, false
	}
	rest, ok := strings.CutPrefix(raw, Prefix)
	if !ok {
		return target{}, false
	}
	parts := strings.SplitN(rest, "/", 4)
	if len(parts) != 4 {
		return target{}, false
	}
	t := target{source: parts[1], size: parts[2], path: parts[3]}
	if len(parts[0]) != sigLen || !verify(p.key, parts[0], t.source, t.size, t.path) {
		return target{}, false
	}
	// Checked after the signature too: a leaked key must not open the rest.
	if !p.known(t.source) || !ValidSize(t.size) || !validPath(t.path) {
		return target{}, false
	}
	return t, true
}

// ServeHTTP serves GET and HEAD requests for URLs from [Proxy.URL]. Mount it at
// "GET /img/" without stripping the prefix.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		fail(w, http.StatusMethodNotAllowed)
		return
	}
	t, ok := p.parse(r.URL)
	if !ok {
		fail(w, http.StatusNotFound)
		return
	}
	name := cacheName(t.source, t.size, t.path)
	if t.source == BuiltinSource {
		p.serveBuiltin(w, r, t, name)
		return
	}
	if e, ok := p.cache.get(name); ok {
		defer e.f.Close()
		serve(w, r, name, e.typ, e.body)
		return
	}
	img, err := p.load(r.Context(), p.sources[t.source], t, name)
	if err != nil {
		var fe *fetchError
		if !errors.As(err, &fe) {
			fe = &fetchError{status: http.StatusBadGateway}
		}
		fail(w, fe.status)
		return
	}
	serve(w, r, name, img.typ, bytes.NewReader(img.data))
}

func (p *Proxy) serveBuiltin(w http.ResponseWriter, r *http.Request, t target, name string) {
	data, ok := p.builtin(t.path, t.size)
	if !ok {
		fail(w, http.StatusNotFound)
		return
	}
	typ, sniffed := detect(data)
	if typ == 0 {
		p.log.LogAttrs(r.Context(), slog.LevelError, "imageproxy: built-in image refused",
			slog.String("source", BuiltinSource), slog.String("size", t.size),
			slog.String("reason", "type "+sniffed), slog.String("request_id", httpio.From(r.Context()).ID))
		fail(w, http.StatusBadGateway)
		return
	}
	serve(w, r, name, typ, bytes.NewReader(data))
}

// serve writes an image with its detected type and long cache headers.
func serve(w http.ResponseWriter, r *http.Request, name string, typ imageType, body io.ReadSeeker) {
	h := w.Header()
	h.Set("Content-Type", typ.ContentType())
	h.Set("Cache-Control", cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", `"`+name[3:]+`"`)
	// A zero modification time: no Last-Modified; the ETag validates.
	http.ServeContent(w, r, "", time.Time{}, body)
}

// fail writes a generic error that no cache keeps.
func fail(w http.ResponseWriter, status int) {
	msg := "image unavailable"
	switch status {
	case http.StatusNotFound:
		msg = "not found"
	case http.StatusMethodNotAllowed:
		msg = "method not allowed"
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, msg, status)
}

// fetched is a fetched, checked image.
type fetched struct {
	typ  imageType
	data []byte
}

// fetchError is a refused fetch: the status to answer and, for the log, why.
type fetchError struct {
	status int
	reason string
}

func (e *fetchError) Error() string { return "imageproxy: " + e.reason }

// load returns the image from the cache or from upstream; concurrent calls
// for one name share one fetch, which the first caller's cancellation does
// not stop.
func (p *Proxy) load(ctx context.Context, src *source, t target, name string) (*fetched, error) {
	p.waiting.Add(1)
	defer p.waiting.Add(-1)
	v, err, _ := p.flight.Do(name, func() (any, error) {
		// Another flight may have just finished.
		if e, ok := p.cache.get(name); ok {
			data, err := io.ReadAll(e.body)
			e.f.Close()
			if err == nil {
				return &fetched{typ: e.typ, data: data}, nil
			}
		}
		img, err := p.fetch(ctx, src, t)
		if err != nil {
			return nil, err
		}
		if err := p.cache.put(name, img.typ, img.data); err != nil {
			p.log.LogAttrs(ctx, slog.LevelWarn, "imageproxy: cache write failed",
				slog.String("source", src.name), slog.String("error", err.Error()),
				slog.String("request_id", httpio.From(ctx).ID))
		}
		return img, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*fetched), nil
}

// fetch gets one image from upstream and checks it.
func (p *Proxy) fetch(ctx context.Context, src *source, t target) (*fetched, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), p.timeout)
	defer cancel()
	u := *src.base
	rel, query := src.upstream(t.path, t.size)
	if !plainPath(rel, maxUpstreamRel) {
		return nil, p.refuse(ctx, src, t, &u, http.StatusBadGateway, "upstream path not plain")
	}
	u = *u.JoinPath(rel)
	u.RawQuery = query.Encode()
	select {
	case p.fetches <- struct{}{}:
		defer func() { <-p.fetches }()
	case <-ctx.Done():
		return nil, p.refuse(ctx, src, t, &u, http.StatusGatewayTimeout, "timeout")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, p.refuse(ctx, src, t, &u, http.StatusBadGateway, "bad request")
	}
	req.Header = src.header.Clone()
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	req.Header.Set("Accept", accept)
	resp, err := src.client.Do(req)
	if err != nil {
		return nil, p.refuseErr(ctx, src, t, &u, err, nil)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, p.refuse(ctx, src, t, &u, http.StatusNotFound, statusReason(resp.StatusCode))
	case resp.StatusCode != http.StatusOK: // 204, 206 and the rest too
		return nil, p.refuse(ctx, src, t, &u, http.StatusBadGateway, statusReason(resp.StatusCode))
	case resp.ContentLength > p.maxBytes:
		return nil, p.refuse(ctx, src, t, &u, http.StatusBadGateway, string(httpx.KindTooLarge))
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, p.maxBytes+1))
	if err != nil {
		return nil, p.refuseErr(ctx, src, t, &u, err, resp)
	}
	if int64(len(data)) > p.maxBytes {
		return nil, p.refuse(ctx, src, t, &u, http.StatusBadGateway, string(httpx.KindTooLarge))
	}
	typ, sniffed := detect(data)
	if typ == 0 {
		return nil, p.refuse(ctx, src, t, &u, http.StatusBadGateway, "type "+sniffed)
	}
	return &fetched{typ: typ, data: data}, nil
}

// statusReason names an unaccepted status like httpx.Failure does.
func statusReason(code int) string {
	return httpx.Failure{Kind: httpx.KindHTTPStatus, Status: code}.String()
}

// refuseErr classifies a transport or body error.
func (p *Proxy) refuseErr(ctx context.Context, src *source, t target, u *url.URL, err error, resp *http.Response) error {
	f := httpx.Classify(err, resp)
	if f.Kind == httpx.KindOK { // an error while reading a 200 body
		f.Kind = httpx.KindBadResponse
	}
	if errors.Is(err, errCrossHost) {
		f.Kind = httpx.KindRedirect
	}
	status := http.StatusBadGateway
	if f.Kind == httpx.KindTimeout {
		status = http.StatusGatewayTimeout
	}
	return p.refuse(ctx, src, t, u, status, f.String())
}

// refuse logs a refused fetch (the upstream URL redacted: no query, no
// token-like segments, never the upstream body or the error text, which
// would carry the full URL) and returns its error.
func (p *Proxy) refuse(ctx context.Context, src *source, t target, u *url.URL, status int, reason string) error {
	p.log.LogAttrs(ctx, slog.LevelWarn, "imageproxy: upstream image refused",
		slog.String("source", src.name), slog.String("size", t.size),
		slog.String("upstream", httpx.RedactURL(u)), slog.String("reason", reason),
		slog.String("request_id", httpio.From(ctx).ID))
	return &fetchError{status: status, reason: reason}
}
