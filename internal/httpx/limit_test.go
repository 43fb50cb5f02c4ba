package httpx

import (
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestResponseSizeCap(t *testing.T) {
	const limit = 1000
	mux := http.NewServeMux()
	sized := func(n int) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(n))
			io.WriteString(w, strings.Repeat("x", n))
		}
	}
	chunked := func(n int) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			for i := 0; i < n; i += 100 {
				io.WriteString(w, strings.Repeat("x", min(100, n-i)))
				w.(http.Flusher).Flush() // no Content-Length
			}
		}
	}
	mux.Handle("GET /exact", sized(limit))
	mux.Handle("HEAD /exact", sized(limit))
	mux.Handle("GET /over", sized(limit+1))
	mux.Handle("HEAD /over", sized(limit+1))
	mux.Handle("GET /chunked-exact", chunked(limit))
	mux.Handle("GET /chunked-over", chunked(limit+1))
	mux.HandleFunc("GET /gzip-bomb", func(w http.ResponseWriter, _ *http.Request) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(make([]byte, 1<<20)) // 1 MiB of zeros, about 1 KiB compressed
		zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	})
	srv, _ := countingServer(t, mux)
	c := New(Policy{AllowPrivate: true, MaxResponseBytes: limit})

	for _, tc := range []struct {
		path     string
		wantErr  bool
		wantRead int // bytes the caller gets before the error
	}{
		{"/exact", false, limit},
		{"/over", true, 0},
		{"/chunked-exact", false, limit},
		{"/chunked-over", true, limit},
		{"/gzip-bomb", true, limit},
	} {
		_, body, err := get(c, srv.URL+tc.path, nil)
		if tc.wantErr != errors.Is(err, ErrTooLarge) || (err != nil && !tc.wantErr) {
			t.Errorf("%s: err=%v, want ErrTooLarge=%v", tc.path, err, tc.wantErr)
		}
		if len(body) != tc.wantRead {
			t.Errorf("%s: read %d bytes, want %d", tc.path, len(body), tc.wantRead)
		}
		if tc.wantErr && Classify(err, nil).Kind != KindTooLarge {
			t.Errorf("%s: Classify=%v", tc.path, Classify(err, nil))
		}
	}

	// HEAD declares the size of a GET: no body, no error.
	for _, path := range []string{"/exact", "/over"} {
		resp, err := c.Head(srv.URL + path)
		if err != nil {
			t.Fatalf("HEAD %s: %v", path, err)
		}
		resp.Body.Close()
	}
}

func TestDefaults(t *testing.T) {
	c := New(Policy{})
	if c.Timeout != DefaultTimeout {
		t.Errorf("Timeout=%v", c.Timeout)
	}
	ct := c.Transport.(*capTransport)
	if ct.limit != DefaultMaxResponseBytes || DefaultMaxResponseBytes != 10<<20 {
		t.Errorf("limit=%d", ct.limit)
	}
	tr := ct.base
	if tr.Proxy != nil {
		t.Error("proxy from the environment must stay off")
	}
	if tr.TLSClientConfig.MinVersion != tls.VersionTLS12 || tr.TLSClientConfig.InsecureSkipVerify {
		t.Errorf("TLS config %+v", tr.TLSClientConfig)
	}
	if tr.TLSHandshakeTimeout <= 0 || tr.ResponseHeaderTimeout <= 0 {
		t.Error("handshake and header timeouts must be set")
	}
	short := New(Policy{Timeout: 50 * time.Millisecond}).Transport.(*capTransport).base
	if short.TLSHandshakeTimeout > 50*time.Millisecond || short.ResponseHeaderTimeout > 50*time.Millisecond {
		t.Errorf("phase timeouts exceed Policy.Timeout: %v %v", short.TLSHandshakeTimeout, short.ResponseHeaderTimeout)
	}
	if !New(Policy{AllowInsecureTLS: true}).Transport.(*capTransport).base.TLSClientConfig.InsecureSkipVerify {
		t.Error("AllowInsecureTLS ignored")
	}
}
