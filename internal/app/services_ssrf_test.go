package app_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
)

const refusedText = "LeMedia does not connect to that address"

// canary is a loopback listener that counts every connection made to it.
func canary(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"appName":"Radarr","version":"canary"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func redirector(t *testing.T, to string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to, http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// The connection test goes through the outbound policy: private addresses
// are fine for these admin-set URLs, but link-local and metadata addresses
// and LeMedia's own listener are refused before any connection, redirects
// included. The canary stands for LeMedia's configured listener
// (LISTEN_ADDR), so a connection the guard let through would show on it.
func TestServiceTestRefusesMetadataLinkLocalAndItself(t *testing.T) {
	can, conns := canary(t)
	canHost := strings.TrimPrefix(can.URL, "http://")
	_, canPort, _ := net.SplitHostPort(canHost)
	clock := &testClock{t: time.Now().UTC()}
	s := apptest.Start(t, apptest.Options{Env: map[string]string{"LISTEN_ADDR": canHost}, Now: clock.Now})
	owner := setupOwner(t, s)

	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "UPSTREAM-BODY-CANARY stack trace", http.StatusInternalServerError)
	}))
	defer failing.Close()

	cases := []struct{ name, url, want string }{
		{"metadata address", "http://169.254.169.254/latest/meta-data", refusedText},
		{"link-local", "http://169.254.10.20:7878", refusedText},
		{"IPv6 link-local", "http://[fe80::1]:7878", refusedText},
		{"IPv4-mapped metadata", "http://[::ffff:169.254.169.254]", refusedText},
		{"LeMedia's configured listener", can.URL, refusedText},
		{"its listener by name", "http://localhost:" + canPort, refusedText},
		{"LeMedia's real listener", s.URL, refusedText},
		{"redirect to metadata", redirector(t, "http://169.254.169.254/latest/meta-data/"), refusedText},
		{"redirect to link-local v6", redirector(t, "http://[fe80::a9fe:a9fe]/"), refusedText},
		{"redirect to LeMedia", redirector(t, can.URL+"/api/v3/system/status"), refusedText},
		{"an upstream error", failing.URL, "The service answered with an error (HTTP 500)."},
	}
	for i, c := range cases {
		if i == 10 {
			clock.Add(time.Minute) // past the burst of 10 tests
		}
		t.Run(c.name, func(t *testing.T) {
			p := owner.Submit("/profile/security", "/admin/services/test", radarrForm(c.url, radarrKey))
			checkPage(t, c.name, p, 200, []string{c.want}, []string{"UPSTREAM-BODY-CANARY", "stack trace", radarrKey})
		})
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("the canary saw %d connections", n)
	}
	if lines := s.Logs.Lines(`"path":"/api/v3/system/status"`); len(lines) != 0 {
		t.Fatalf("LeMedia received its own test: %v", lines)
	}
	var refused int
	if err := s.App.Store.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'service.test' AND metadata LIKE '%"result":"refused"%'`).Scan(&refused); err != nil || refused != 10 {
		t.Fatalf("%d refused tests audited (%v), want 10", refused, err)
	}

	// Tests are rate limited per admin: a burst of 10.
	for i := 0; ; i++ {
		p := owner.Submit("/profile/security", "/admin/services/test", radarrForm(failing.URL, radarrKey))
		if p.Status == http.StatusTooManyRequests {
			if p.Header.Get("Retry-After") == "" || i < 8 {
				t.Fatalf("429 after %d tests, Retry-After %q", i, p.Header.Get("Retry-After"))
			}
			break
		}
		if i == 10 {
			t.Fatal("11 tests in a row were not limited")
		}
	}
}
