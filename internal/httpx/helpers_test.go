package httpx

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// resolverFunc lets a test answer DNS itself: no query leaves the process.
type resolverFunc func(ctx context.Context, network, host string) ([]netip.Addr, error)

func (f resolverFunc) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	return f(ctx, network, host)
}

// hosts maps names to addresses; other names are not found.
func hosts(m map[string]string) Resolver {
	return resolverFunc(func(_ context.Context, _, host string) ([]netip.Addr, error) {
		a, ok := m[strings.ToLower(host)]
		if !ok {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	})
}

// recDialer records every address the guard hands to the real dialer, and
// dials only loopback.
type recDialer struct {
	inner dialer
	mu    sync.Mutex
	addrs []string
}

func (r *recDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	r.mu.Lock()
	r.addrs = append(r.addrs, address)
	r.mu.Unlock()
	// Even if the guard regressed, no test packet leaves the host.
	if ap, err := netip.ParseAddrPort(address); err != nil || !ap.Addr().Unmap().IsLoopback() {
		return nil, fmt.Errorf("test dialer: refusing non-loopback %s", address)
	}
	return r.inner.DialContext(ctx, network, address)
}

func (r *recDialer) dialed() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.addrs...)
}

// recording builds a client whose dials are recorded; exempt, when set,
// lets the guard allow those addresses (a stand-in for a public first hop).
func recording(p Policy, exempt ...netip.AddrPort) (*http.Client, *recDialer) {
	rec := &recDialer{}
	c := newClient(p, func(g *guard) {
		rec.inner = g.dialer
		g.dialer = rec
		if len(exempt) > 0 {
			g.exempt = func(ap netip.AddrPort) bool {
				for _, e := range exempt {
					if e == ap {
						return true
					}
				}
				return false
			}
		}
	})
	return c, rec
}

// countingServer is an httptest server on loopback that counts every TCP
// connection it accepts.
func countingServer(t *testing.T, h http.Handler) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			n.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &n
}

func addrOf(srv *httptest.Server) netip.AddrPort {
	return netip.MustParseAddrPort(srv.Listener.Addr().String())
}

func okHandler(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }

// get performs a GET and reads the whole body, returning the first error.
func get(c *http.Client, url string, header http.Header) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		return resp, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}
