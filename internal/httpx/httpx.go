// Package httpx builds the one outbound HTTP client every upstream (TMDB,
// Radarr, Sonarr, Jellyfin, Plex) and every notification sender uses.
//
// A client from [New] enforces a [Policy]:
//
//   - The dialer resolves DNS itself and checks every resolved address before
//     it connects, and checks it again in net.Dialer.Control just before the
//     connect system call, so DNS rebinding cannot route around the check.
//     Link-local (169.254.0.0/16, fe80::/10, which hold the cloud metadata
//     service), cloud metadata addresses (fd00:ec2::254, 100.100.100.200),
//     unspecified, "this network" 0.0.0.0/8, multicast, broadcast and reserved
//     240.0.0.0/4, and Policy.DenyAddrs are always refused, also in their
//     IPv4-mapped and NAT64 (64:ff9b::/96) forms. Loopback, RFC 1918, ULA
//     fc00::/7, CGNAT 100.64.0.0/10 and the other non-global ranges
//     (documentation, benchmarking, 192.0.0.0/24, fec0::/10) are refused unless
//     Policy.AllowPrivate.
//   - Proxy environment variables are ignored: a proxy would make the check
//     apply to the proxy instead of the target.
//   - At most [MaxRedirects] redirects, each dialled through the same check;
//     the scheme must stay http or https; the Referer header is never sent;
//     credential headers (Authorization, Proxy-Authorization, Cookie,
//     X-Api-Key, X-Plex-Token, X-Emby-Token, X-Emby-Authorization,
//     X-MediaBrowser-Token) are dropped once a redirect leaves the first host
//     or downgrades https to http, and stay dropped for the rest of the chain.
//   - Dial, TLS handshake and response header timeouts, and Policy.Timeout
//     over the whole exchange including the body.
//   - Response bodies are capped at Policy.MaxResponseBytes (after gzip
//     decoding): a declared Content-Length above the cap fails the request,
//     and reading past the cap returns [ErrTooLarge].
//   - TLS 1.2 or newer, certificates verified unless Policy.AllowInsecureTLS.
//
// Build one client per configured service and keep it: each client owns its
// connection pool. [Classify] turns an error into a [Failure] kind for
// "test connection" answers, and [RedactURL] makes a URL safe to log.
package httpx

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"time"
)

// Defaults and fixed limits.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultMaxResponseBytes = 10 << 20
	MaxRedirects            = 5

	maxDialTimeout         = 10 * time.Second
	maxTLSHandshakeTimeout = 10 * time.Second
	maxHeaderTimeout       = 20 * time.Second
	maxResponseHeaderBytes = 256 << 10
)

// Resolver looks up the addresses of a host. *net.Resolver satisfies it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Policy says what an outbound client may reach and how much it may take.
// The zero value is the strict default for user- or upstream-supplied URLs.
type Policy struct {
	// AllowPrivate permits loopback, RFC 1918, ULA, CGNAT 100.64.0.0/10 and
	// other non-global addresses: only for service URLs an admin configured,
	// and for tests.
	AllowPrivate bool
	// AllowInsecureTLS skips certificate verification: an explicit per-service
	// admin opt-out. TLS 1.2 stays the minimum.
	AllowInsecureTLS bool
	// MaxResponseBytes caps every response body; <= 0 means
	// DefaultMaxResponseBytes.
	MaxResponseBytes int64
	// Timeout caps a whole request, redirects and body read included; <= 0
	// means DefaultTimeout. The dial, TLS handshake and response header
	// timeouts never exceed it.
	Timeout time.Duration
	// DenyAddrs are LeMedia's own listeners, always refused. An unspecified
	// address (0.0.0.0 or ::) also covers loopback, unspecified and this
	// host's interface addresses on the same port; a loopback address covers
	// every loopback address on the same port.
	DenyAddrs []netip.AddrPort
	// Resolver resolves host names; nil means net.DefaultResolver.
	Resolver Resolver
}

// ErrRedirect is wrapped by the error of a redirect the client refused to
// follow: too many hops or a scheme other than http and https.
var ErrRedirect = errors.New("httpx: redirect refused")

// New returns a client that enforces p. Its Transport is not an
// *http.Transport; callers must not replace it.
func New(p Policy) *http.Client { return newClient(p, nil) }

// newClient builds the client; tune lets tests adjust the guard.
func newClient(p Policy, tune func(*guard)) *http.Client {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	limit := p.MaxResponseBytes
	if limit <= 0 {
		limit = DefaultMaxResponseBytes
	}
	g := newGuard(p, min(maxDialTimeout, timeout))
	if tune != nil {
		tune(g)
	}
	tr := &http.Transport{
		Proxy:       nil, // never from the environment, see the package doc
		DialContext: g.DialContext,
		TLSClientConfig: &tls.Config{
			MinVersion:         tls.VersionTLS12,
			InsecureSkipVerify: p.AllowInsecureTLS, //nolint:gosec // explicit per-service admin opt-out
		},
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    min(maxTLSHandshakeTimeout, timeout),
		ResponseHeaderTimeout:  min(maxHeaderTimeout, timeout),
		ExpectContinueTimeout:  time.Second,
		IdleConnTimeout:        90 * time.Second,
		MaxIdleConns:           32,
		MaxIdleConnsPerHost:    8,
		MaxResponseHeaderBytes: maxResponseHeaderBytes,
	}
	return &http.Client{
		Transport:     &capTransport{base: tr, limit: limit},
		CheckRedirect: checkRedirect,
		Timeout:       timeout,
	}
}

// secretHeaders are dropped once a redirect leaves the first host.
var secretHeaders = []string{
	"Authorization", "Proxy-Authorization", "Cookie",
	"X-Api-Key", "X-Plex-Token", "X-Emby-Token", "X-Emby-Authorization", "X-MediaBrowser-Token",
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return fmt.Errorf("%w: more than %d redirects", ErrRedirect, MaxRedirects)
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("%w: scheme %q", ErrRedirect, s)
	}
	// net/http sets Referer to the previous URL, query string included,
	// which would carry api_key or X-Plex-Token parameters to the next host.
	req.Header.Del("Referer")
	// net/http copies the first request's headers to every hop, so compare
	// every hop with the first: once the chain has left, it stays left.
	left := leaves(via[0], req)
	for _, r := range via[1:] {
		left = left || leaves(via[0], r)
	}
	if left {
		for _, h := range secretHeaders {
			req.Header.Del(h)
		}
	}
	return nil
}

// leaves reports whether next goes to another host than first, or downgrades
// https to http. Ports are not compared: an http to https upgrade on the same
// host keeps the credentials.
func leaves(first, next *http.Request) bool {
	a, b := first.URL, next.URL
	if a.Scheme == "https" && b.Scheme != "https" {
		return true
	}
	return !equalHost(a.Hostname(), b.Hostname())
}

func equalHost(a, b string) bool {
	if x, err := netip.ParseAddr(a); err == nil {
		y, err := netip.ParseAddr(b)
		return err == nil && x.Unmap() == y.Unmap()
	}
	return len(a) == len(b) && asciiLower(a) == asciiLower(b)
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
