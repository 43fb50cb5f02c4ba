package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func redirectTo(loc string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loc, http.StatusFound)
	})
}

// AllowPrivate with the canary in DenyAddrs: the redirect is refused at dial
// and the canary never sees a connection.
func TestRedirectToDeniedCanary(t *testing.T) {
	canary, conns := countingServer(t, http.HandlerFunc(okHandler))
	first, _ := countingServer(t, redirectTo(canary.URL+"/admin"))
	c := New(Policy{AllowPrivate: true, DenyAddrs: []netip.AddrPort{addrOf(canary)}})
	_, _, err := get(c, first.URL, nil)
	if !errors.Is(err, ErrRefused) || Classify(err, nil).Kind != KindRefused {
		t.Fatalf("err=%v, want refused", err)
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("canary saw %d connections", n)
	}
}

// Strict policy, the first hop standing in for a public server: redirects to
// loopback and to a name resolving to the metadata address are refused.
func TestRedirectToPrivateRefused(t *testing.T) {
	canary, conns := countingServer(t, http.HandlerFunc(okHandler))
	res := hosts(map[string]string{"metadata.test": "169.254.169.254", "canary.test": "127.0.0.1"})
	canaryByName := fmt.Sprintf("http://canary.test:%d/", addrOf(canary).Port())
	for _, target := range []string{canary.URL, canaryByName, "http://metadata.test/latest/meta-data/"} {
		first, firstConns := countingServer(t, redirectTo(target))
		c, rec := recording(Policy{Resolver: res}, addrOf(first))
		_, _, err := get(c, first.URL, nil)
		if !errors.Is(err, ErrRefused) {
			t.Errorf("redirect to %s: err=%v, want refused", target, err)
		}
		if firstConns.Load() != 1 {
			t.Errorf("first hop saw %d connections, want 1", firstConns.Load())
		}
		if d := rec.dialed(); len(d) != 1 || d[0] != addrOf(first).String() {
			t.Errorf("redirect to %s dialed %v", target, d)
		}
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("canary saw %d connections", n)
	}
}

func TestRedirectLimit(t *testing.T) {
	var hits atomic.Int32
	srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		if r.URL.Query().Get("stop") == fmt.Sprint(n) {
			okHandler(w, r)
			return
		}
		http.Redirect(w, r, r.URL.String(), http.StatusFound)
	}))
	c := New(Policy{AllowPrivate: true})

	// Five redirects are followed: the sixth request answers.
	if _, body, err := get(c, srv.URL+"/?stop=6", nil); err != nil || string(body) != "ok" {
		t.Fatalf("5 redirects: body=%q err=%v", body, err)
	}
	hits.Store(0)
	_, _, err := get(c, srv.URL+"/?stop=7", nil)
	if !errors.Is(err, ErrRedirect) || Classify(err, nil).Kind != KindRedirect {
		t.Fatalf("6 redirects: err=%v, want ErrRedirect", err)
	}
	if n := hits.Load(); n != 1+MaxRedirects {
		t.Fatalf("server saw %d requests, want %d", n, 1+MaxRedirects)
	}
}

func TestRedirectSchemeRefused(t *testing.T) {
	for _, loc := range []string{"file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/"} {
		srv, _ := countingServer(t, redirectTo(loc))
		_, _, err := get(New(Policy{AllowPrivate: true}), srv.URL, nil)
		if !errors.Is(err, ErrRedirect) {
			t.Errorf("redirect to %s: err=%v, want ErrRedirect", loc, err)
		}
	}
}

// recorder keeps the last request it received, as sent on the wire.
type recorder struct {
	mu   sync.Mutex
	last *http.Request
	dump string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d, _ := httputil.DumpRequest(r, true)
	rc.mu.Lock()
	rc.last, rc.dump = r, string(d)
	rc.mu.Unlock()
	okHandler(w, r)
}

func (rc *recorder) get() (*http.Request, string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.last, rc.dump
}

var credentials = http.Header{
	"Authorization":        {"Bearer SECRET-auth"},
	"Cookie":               {"s=SECRET-cookie"},
	"X-Api-Key":            {"SECRET-arr"},
	"X-Plex-Token":         {"SECRET-plex"},
	"X-Emby-Token":         {"SECRET-emby"},
	"X-Emby-Authorization": {`MediaBrowser Token="SECRET-mb"`},
	"X-Mediabrowser-Token": {"SECRET-mbt"},
}

func TestRedirectDropsCredentialsAcrossHosts(t *testing.T) {
	land := &recorder{}
	var aPort atomic.Int32 // set once a has started
	b, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/back" {
			http.Redirect(w, r, fmt.Sprintf("http://a.test:%d/land", aPort.Load()), http.StatusFound)
			return
		}
		land.ServeHTTP(w, r)
	}))
	bPort := addrOf(b).Port()
	mux := http.NewServeMux()
	mux.Handle("/cross", redirectTo(fmt.Sprintf("http://b.test:%d/land", bPort)))
	mux.Handle("/sub", redirectTo(fmt.Sprintf("http://sub.a.test:%d/land", bPort)))
	mux.Handle("/there-and-back", redirectTo(fmt.Sprintf("http://b.test:%d/back", bPort)))
	mux.Handle("/same", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, fmt.Sprintf("http://A.TEST:%d/land", aPort.Load()), http.StatusFound)
	}))
	mux.Handle("/land", land)
	a, _ := countingServer(t, mux)
	aPort.Store(int32(addrOf(a).Port()))
	res := hosts(map[string]string{"a.test": "127.0.0.1", "b.test": "127.0.0.1", "sub.a.test": "127.0.0.1"})
	c := New(Policy{AllowPrivate: true, Resolver: res})

	for _, tc := range []struct {
		path string
		keep bool
	}{
		{"/cross", false},
		{"/sub", false}, // net/http alone would keep Authorization for a subdomain
		{"/there-and-back", false},
		{"/same", true},
	} {
		url := fmt.Sprintf("http://a.test:%d%s?api_key=SECRET-query", aPort.Load(), tc.path)
		if _, _, err := get(c, url, credentials); err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		r, dump := land.get()
		if r == nil || r.URL.Path != "/land" {
			t.Fatalf("%s: did not land", tc.path)
		}
		if r.Header.Get("Referer") != "" {
			t.Errorf("%s: Referer sent: %q", tc.path, r.Header.Get("Referer"))
		}
		for name := range credentials {
			if got := r.Header.Get(name) != ""; got != tc.keep {
				t.Errorf("%s: header %s present=%v, want %v", tc.path, name, got, tc.keep)
			}
		}
		if !tc.keep && strings.Contains(dump, "SECRET") {
			t.Errorf("%s: a secret reached the other host:\n%s", tc.path, dump)
		}
	}
}

func TestRedirectDowngradeDropsCredentials(t *testing.T) {
	land := &recorder{}
	plain, _ := countingServer(t, land)
	secure := httptest.NewTLSServer(redirectTo(fmt.Sprintf("http://a.test:%d/land", addrOf(plain).Port())))
	t.Cleanup(secure.Close)
	res := hosts(map[string]string{"a.test": "127.0.0.1"})
	c := New(Policy{AllowPrivate: true, AllowInsecureTLS: true, Resolver: res})
	url := fmt.Sprintf("https://a.test:%d/", addrOf(secure).Port())
	if _, _, err := get(c, url, credentials); err != nil {
		t.Fatal(err)
	}
	r, _ := land.get()
	for name := range credentials {
		if r.Header.Get(name) != "" {
			t.Errorf("https to http on the same host kept %s", name)
		}
	}
}
