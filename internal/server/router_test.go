package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestRouteBodyLimits(t *testing.T) {
	var got []int
	rt := &Router{mux: http.NewServeMux(), bodyLimit: 10, errors: func(w http.ResponseWriter, r *http.Request, status int, _ string) {
		w.WriteHeader(status)
	}}
	read := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		got = append(got, len(b))
	})
	rt.Handle("POST /small", read)
	rt.Handle("POST /large", read, BodyLimit(100))
	cases := []struct {
		path    string
		size    int
		chunked bool
		status  int
	}{
		{"/small", 10, false, 200}, {"/small", 11, false, 413}, {"/small", 11, true, 413},
		{"/large", 100, true, 200}, {"/large", 101, false, 413}, {"/large", 101, true, 413},
	}
	for _, c := range cases {
		var body io.Reader = bytes.NewReader(bytes.Repeat([]byte("x"), c.size))
		req := httptest.NewRequest("POST", c.path, body)
		if c.chunked {
			req.ContentLength = -1
		}
		w := httptest.NewRecorder()
		rt.ServeHTTP(w, req)
		if w.Code != c.status {
			t.Errorf("%s %d bytes chunked=%v: %d, want %d", c.path, c.size, c.chunked, w.Code, c.status)
		}
	}
	if len(got) != 2 || got[0] != 10 || got[1] != 100 {
		t.Errorf("handled bodies %v", got)
	}
}

func TestClientIPWalksTrustedHops(t *testing.T) {
	p := proxies{mustPrefix("10.0.0.0/8"), mustPrefix("127.0.0.1/32")}
	cases := []struct{ peer, xff, want string }{
		{"192.0.2.1:5000", "203.0.113.7", "192.0.2.1"},                      // untrusted peer: header ignored
		{"127.0.0.1:5000", "203.0.113.7", "203.0.113.7"},                    // one trusted proxy
		{"127.0.0.1:5000", "1.1.1.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"}, // spoofed left part ignored
		{"127.0.0.1:5000", "10.0.0.3, 10.0.0.2", "10.0.0.3"},                // all trusted: the farthest
		{"127.0.0.1:5000", "203.0.113.7, garbage", "127.0.0.1"},             // garbage stops the walk
		{"127.0.0.1:5000", "", "127.0.0.1"},
		{"[::ffff:127.0.0.1]:5000", "2001:db8::1", "2001:db8::1"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := p.clientIP(r, peerAddr(r)); got.String() != c.want {
			t.Errorf("peer %s xff %q: %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}

func TestRequestIDValidation(t *testing.T) {
	for id, ok := range map[string]bool{"abc-123_x.y": true, "": false, strings.Repeat("a", 65): false, "a b": false, "a\"b": false} {
		if validRequestID(id) != ok {
			t.Errorf("%q: %v", id, !ok)
		}
	}
}

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }
