package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// rawServer accepts TCP connections on loopback and hands each to serve.
func rawServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			go serve(conn)
		}
	}()
	return ln.Addr().String()
}

// stall blocks until the client gives up or the test ends.
func stall(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func TestClassify(t *testing.T) {
	lax := Policy{AllowPrivate: true, Timeout: 5 * time.Second}
	short := Policy{AllowPrivate: true, Timeout: 100 * time.Millisecond}
	status := func(code int) string {
		srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(code)
			io.WriteString(w, "upstream body that must never be shown")
		}))
		return srv.URL
	}
	// Port 1 is outside the ephemeral range, so no test server can take it
	// (a port freed by closing a listener was once reused by the 304 server).
	const closedPort = "http://127.0.0.1:1/"
	selfSigned := httptest.NewUnstartedServer(http.HandlerFunc(okHandler))
	selfSigned.Config.ErrorLog = log.New(io.Discard, "", 0) // expected handshake failures
	selfSigned.StartTLS()
	t.Cleanup(selfSigned.Close)
	oldTLS := httptest.NewUnstartedServer(http.HandlerFunc(okHandler))
	oldTLS.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	oldTLS.Config.ErrorLog = log.New(io.Discard, "", 0)
	oldTLS.StartTLS()
	t.Cleanup(oldTLS.Close)
	plain, _ := countingServer(t, http.HandlerFunc(okHandler))
	slowHeaders, _ := countingServer(t, http.HandlerFunc(stall))
	slowBody, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	silent := rawServer(t, func(net.Conn) {}) // accepts, never answers
	garbage := rawServer(t, func(c net.Conn) {
		c.Read(make([]byte, 4096))
		io.WriteString(c, "SSH-2.0-OpenSSH_9.6\r\n\r\n")
		c.Close()
	})
	hangingDNS := resolverFunc(func(ctx context.Context, _, _ string) ([]netip.Addr, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	failingDNS := resolverFunc(func(context.Context, string, string) ([]netip.Addr, error) {
		return nil, errors.New("server misbehaving")
	})
	emptyDNS := resolverFunc(func(context.Context, string, string) ([]netip.Addr, error) { return nil, nil })
	big, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, strings.Repeat("x", 100))
	}))
	loop, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/again", http.StatusFound)
	}))

	do := func(p Policy, url string) func() (error, *http.Response) {
		return func() (error, *http.Response) {
			c, _ := recording(p)
			resp, _, err := get(c, url, nil)
			return err, resp
		}
	}
	withCtx := func(ctx context.Context, url string) func() (error, *http.Response) {
		return func() (error, *http.Response) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			c, _ := recording(lax)
			resp, err := c.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			return err, resp
		}
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	deadline, cancelDeadline := context.WithTimeout(context.Background(), 50*time.Millisecond)
	t.Cleanup(cancelDeadline)

	cases := []struct {
		name string
		call func() (error, *http.Response)
		want Failure
	}{
		{"200", do(lax, plain.URL), Failure{Kind: KindOK}},
		{"204", do(lax, status(204)), Failure{Kind: KindOK}},
		{"401", do(lax, status(401)), Failure{Kind: KindHTTPStatus, Status: 401}},
		{"503", do(lax, status(503)), Failure{Kind: KindHTTPStatus, Status: 503}},
		{"304 not followed", do(lax, status(304)), Failure{Kind: KindHTTPStatus, Status: 304}},
		{"dns not found", do(Policy{Resolver: hosts(nil)}, "http://nowhere.test/"), Failure{Kind: KindDNS}},
		{"dns failure", do(Policy{Resolver: failingDNS}, "http://nowhere.test/"), Failure{Kind: KindDNS}},
		{"dns empty", do(Policy{Resolver: emptyDNS}, "http://nowhere.test/"), Failure{Kind: KindDNS}},
		{"dns timeout", do(Policy{Resolver: hangingDNS, Timeout: 100 * time.Millisecond}, "http://slow.test/"), Failure{Kind: KindTimeout}},
		{"refused loopback", do(Policy{}, plain.URL), Failure{Kind: KindRefused}},
		{"refused metadata", do(lax, "http://169.254.169.254/"), Failure{Kind: KindRefused}},
		{"connect", do(lax, closedPort), Failure{Kind: KindConnect}},
		{"header timeout", do(short, slowHeaders.URL), Failure{Kind: KindTimeout}},
		{"body timeout", do(short, slowBody.URL), Failure{Kind: KindTimeout}},
		{"tls handshake timeout", do(short, "https://"+silent+"/"), Failure{Kind: KindTimeout}},
		{"context deadline", withCtx(deadline, slowHeaders.URL), Failure{Kind: KindTimeout}},
		{"context canceled", withCtx(canceled, plain.URL), Failure{Kind: KindCanceled}},
		{"tls unknown authority", do(lax, selfSigned.URL), Failure{Kind: KindTLS}},
		{"tls insecure opt-out", do(Policy{AllowPrivate: true, AllowInsecureTLS: true}, selfSigned.URL), Failure{Kind: KindOK}},
		{"tls 1.1 only", do(Policy{AllowPrivate: true, AllowInsecureTLS: true}, oldTLS.URL), Failure{Kind: KindTLS}},
		{"https to plain http", do(lax, strings.Replace(plain.URL, "http:", "https:", 1)), Failure{Kind: KindTLS}},
		{"too large", do(Policy{AllowPrivate: true, MaxResponseBytes: 10}, big.URL), Failure{Kind: KindTooLarge}},
		{"redirect loop", do(lax, loop.URL), Failure{Kind: KindRedirect}},
		{"garbage", do(lax, "http://"+garbage+"/"), Failure{Kind: KindBadResponse}},
		{"undecodable body", func() (error, *http.Response) {
			resp, body, err := get(New(lax), plain.URL, nil)
			if err == nil {
				err = json.Unmarshal(body, &struct{}{})
			}
			return err, resp
		}, Failure{Kind: KindBadResponse}},
		{"nothing at all", func() (error, *http.Response) { return nil, nil }, Failure{Kind: KindBadResponse}},
	}
	for _, tc := range cases {
		err, resp := tc.call()
		got := Classify(err, resp)
		t.Logf("%-22s %-16v %v", tc.name, got, err)
		if got != tc.want {
			t.Errorf("%s: Classify=%v, want %v (err: %v)", tc.name, got, tc.want, err)
		}
		if strings.Contains(got.String(), "never be shown") {
			t.Errorf("%s: upstream body in %q", tc.name, got)
		}
	}
}

func TestFailureString(t *testing.T) {
	for f, want := range map[Failure]string{
		{Kind: KindOK}:                      "ok",
		{Kind: KindHTTPStatus, Status: 401}: "http_status 401",
		{Kind: KindTimeout}:                 "timeout",
	} {
		if f.String() != want || fmt.Sprint(f) != want {
			t.Errorf("%#v: %q, want %q", f, f.String(), want)
		}
	}
	if !(Failure{Kind: KindOK}).OK() || (Failure{Kind: KindTLS}).OK() {
		t.Error("OK()")
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "net/http: TLS handshake timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// Errors the live cases above cannot produce on demand.
func TestClassifyErrorTypes(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "https://h/", Err: err} }
	for _, tc := range []struct {
		err  error
		want Kind
	}{
		{wrap(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), KindConnect},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.EHOSTUNREACH}), KindConnect},
		{wrap(timeoutErr{}), KindTimeout},
		{wrap(&net.DNSError{Err: "i/o timeout", Name: "h", IsTimeout: true}), KindDNS},
		{wrap(x509.HostnameError{Certificate: &x509.Certificate{}, Host: "h"}), KindTLS},
		{wrap(tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}), KindTLS},
		{wrap(fmt.Errorf("tls: server selected unsupported protocol version 301")), KindTLS},
		{wrap(io.ErrUnexpectedEOF), KindBadResponse},
		{fmt.Errorf("decode movie: %w", fmt.Errorf("%w: over the 10 byte limit", ErrTooLarge)), KindTooLarge},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("%w: x", ErrRefused)}), KindRefused},
	} {
		if got := Classify(tc.err, nil).Kind; got != tc.want {
			t.Errorf("%v: %s, want %s", tc.err, got, tc.want)
		}
	}
}
