package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestReadResponse(t *testing.T) {
	cases := []struct {
		name, raw  string
		head       bool
		wantStatus int
		wantKeep   bool
		wantRest   string // what must be left unread: the next response
	}{
		{"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloNEXT", false, 200, true, "NEXT"},
		{"chunked with extension and trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: 1\r\n\r\nNEXT", false, 200, true, "NEXT"},
		{"no content", "HTTP/1.1 204 No Content\r\n\r\nNEXT", false, 204, true, "NEXT"},
		{"head", "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nNEXT", true, 200, true, "NEXT"},
		{"connection close", "HTTP/1.1 404 Not Found\r\nconnection: Close\r\ncontent-length: 2\r\n\r\nnoNEXT", false, 404, false, "NEXT"},
		{"body to eof", "HTTP/1.1 200 OK\r\n\r\nall of it", false, 200, false, ""},
		{"http/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false, 200, false, ""},
		{"interim response first", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\nNEXT", false, 201, true, "NEXT"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			br := bufio.NewReader(strings.NewReader(c.raw))
			status, keep, err := readResponse(br, c.head)
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if status != c.wantStatus || keep != c.wantKeep {
				t.Errorf("got status %d keep %v, want %d %v", status, keep, c.wantStatus, c.wantKeep)
			}
			rest, _ := br.Peek(br.Buffered())
			if string(rest) != c.wantRest {
				t.Errorf("left %q unread, want %q", rest, c.wantRest)
			}
		})
	}
	for _, bad := range []string{"", "SSH-2.0-x\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"} {
		if _, _, err := readResponse(bufio.NewReader(strings.NewReader(bad)), false); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestRawClientAgainstNetHTTP runs the raw client against a net/http server
// that answers small, chunked and closing responses, on one connection.
func TestRawClientAgainstNetHTTP(t *testing.T) {
	big := strings.Repeat("x", 100_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big": // more than net/http buffers: sent chunked
			fmt.Fprint(w, big)
		case "/close":
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusTeapot)
		case "/post":
			if r.Header.Get("X-Test") != "yes" || r.ContentLength != 4 {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			w.WriteHeader(http.StatusCreated)
		default:
			fmt.Fprint(w, "ok")
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	deadline := time.Now().Add(10 * time.Second)
	for _, c := range []struct {
		ep     Endpoint
		status int
	}{
		{Endpoint{Method: "GET", Path: "/small"}, 200},
		{Endpoint{Method: "GET", Path: "/big"}, 200},
		{Endpoint{Method: "GET", Path: "/close"}, 418},
		{Endpoint{Method: "POST", Path: "/post", Header: map[string]string{"x-test": "yes"}, Body: []byte("body")}, 201},
	} {
		rc := newRawClient(addr, c.ep, nil, 0, deadline)
		for i := range 3 { // the connection is reused, or reopened after a close
			status, err := rc.Do()
			if err != nil || status != c.status {
				t.Fatalf("%s #%d: status %d, error %v; want %d", c.ep.Path, i, status, err, c.status)
			}
		}
		rc.Close()
	}
}

// TestRawClientAllocatesNothing counts every allocation of this process, so
// the server here is a loop over a socket that allocates nothing either.
func TestRawClientAllocatesNothing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	serve := func(conn net.Conn) {
		defer conn.Close()
		resp := []byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		buf := make([]byte, 4096)
		var have []byte
		for {
			n, err := conn.Read(buf[len(have):])
			if err != nil {
				return
			}
			have = buf[:len(have)+n]
			if len(have) >= 4 && string(have[len(have)-4:]) == "\r\n\r\n" {
				have = buf[:0]
				if _, err := conn.Write(resp); err != nil {
					return
				}
			}
		}
	}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(conn)
		}
	}()
	addr := ln.Addr().String()
	for _, ips := range []int{0, 8192} {
		rc := newRawClient(addr, Endpoint{Method: "GET", Path: "/", ClientIPs: ips}, nil, 1, time.Now().Add(time.Minute))
		if _, err := rc.Do(); err != nil { // dials
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if status, err := rc.Do(); err != nil || status != 200 {
				t.Fatal(status, err)
			}
		})
		if allocs > 0 {
			t.Errorf("ClientIPs %d: %v allocations per request", ips, allocs)
		}
		rc.Close()
	}
}

func TestClientIPsRotate(t *testing.T) {
	seen := make(chan string, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen <- r.Header.Get("X-Forwarded-For") }))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	rc := newRawClient(addr, Endpoint{Method: "GET", Path: "/", ClientIPs: 3}, nil, 0, time.Now().Add(time.Minute))
	defer rc.Close()
	var got []string
	for range 4 {
		if _, err := rc.Do(); err != nil {
			t.Fatal(err)
		}
		got = append(got, <-seen)
	}
	want := []string{"198.18.0.0", "198.18.0.1", "198.18.0.2", "198.18.0.0"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("X-Forwarded-For %v, want %v", got, want)
	}
	if a := clientAddr(1<<17 - 1); a != "198.19.255.255" {
		t.Errorf("last address %s", a)
	}
}

func TestHistogram(t *testing.T) {
	var h Histogram
	for i := 1; i <= 1000; i++ {
		h.Record(time.Duration(i) * time.Microsecond)
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Microsecond}, {0.99, 990 * time.Microsecond}, {1, time.Millisecond}} {
		got := h.Quantile(c.q)
		if diff := float64(got-c.want) / float64(c.want); diff < 0 || diff > 0.008 {
			t.Errorf("q%v = %v, want %v within 0.8 %%", c.q, got, c.want)
		}
	}
	if h.Max() != time.Millisecond || h.Count() != 1000 {
		t.Errorf("max %v count %d", h.Max(), h.Count())
	}
	// Every value lies in a bucket whose range holds it, up to the largest.
	for _, v := range []uint64{0, 1, 127, 128, 255, 256, 1000, 123456789, 1 << 62, 1<<64 - 1} {
		i := bucketOf(v)
		if i >= histBuckets || bucketHigh(i) < v || (i > 0 && bucketHigh(i-1) >= v) {
			t.Errorf("value %d in bucket %d [%d, %d]", v, i, bucketHigh(i-1)+1, bucketHigh(i))
		}
	}
}

func TestGrouped(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1 000", 25000: "25 000", 1234567: "1 234 567", -4000: "-4 000"} {
		if got := grouped(n); got != want {
			t.Errorf("grouped(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSelectEndpoints(t *testing.T) {
	all, bs, err := selectEndpoints("")
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range all {
		if ep.Optional {
			t.Errorf("%s is optional but selected by default", ep.Name)
		}
	}
	if len(bs) != len(bursts) {
		t.Errorf("%d bursts selected by default, want all %d", len(bs), len(bursts))
	}
	got, bs, err := selectEndpoints("health, /readyz")
	if err != nil || len(got) != 2 || got[0].Name != "health" || got[1].Name != "readyz" || len(bs) != 0 {
		t.Errorf("got %v, %v, %v", got, bs, err)
	}
	got, bs, err = selectEndpoints("login-burst")
	if err != nil || len(got) != 0 || len(bs) != 1 || bs[0].Name != "login-burst" {
		t.Errorf("got %v, %v, %v", got, bs, err)
	}
	if _, _, err := selectEndpoints("nope"); err == nil {
		t.Error("unknown endpoint accepted")
	}
}

// The harness dials only loopback addresses it chose itself.
func TestFreeLoopbackAddr(t *testing.T) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		t.Errorf("address %s is not loopback", addr)
	}
}

func TestSessionsRotate(t *testing.T) {
	type seen struct{ cookie, xff string }
	got := make(chan seen, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- seen{r.Header.Get("Cookie"), r.Header.Get("X-Forwarded-For")}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	all := []Session{{"a", "198.18.64.0"}, {"b", "198.18.64.1"}, {"c", "198.18.64.2"}, {"d", "198.18.64.3"}, {"e", "198.18.64.4"}}
	// Connection 1 of 2 gets every second session from the second on.
	ep := Endpoint{Method: "GET", Path: "/", ClientIPs: 8192, sessions: connSessions(all, 1, 2)}
	for _, c := range []client{newRawClient(addr, ep, nil, 1, time.Now().Add(time.Minute)), mustStd(t, ep, srv.URL)} {
		var cookies []string
		for range 3 {
			if _, err := c.Do(); err != nil {
				t.Fatal(err)
			}
			s := <-got
			cookies = append(cookies, s.cookie)
			if want := map[string]string{"b": "198.18.64.1", "d": "198.18.64.3"}[strings.TrimPrefix(s.cookie, sessionCookie+"=")]; s.xff != want {
				t.Errorf("%s from %q, want %q", s.cookie, s.xff, want)
			}
		}
		c.Close()
		want := sessionCookie + "=b " + sessionCookie + "=d " + sessionCookie + "=b"
		if strings.Join(cookies, " ") != want {
			t.Errorf("cookies %v, want %s", cookies, want)
		}
	}
	if s := connSessions(all[:2], 5, 32); len(s) != 1 || s[0].Cookie != "b" {
		t.Errorf("fewer sessions than connections: %v", s)
	}
}

func mustStd(t *testing.T, ep Endpoint, url string) client {
	c, err := newStdClient(ep, url, nil, 1, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
