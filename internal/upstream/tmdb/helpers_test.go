package tmdb

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/upstream/fake"
)

const token = "tmdb-token-canary-4242"

var today = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

// env is a client talking to the TMDB fake over a real HTTP server.
type env struct {
	fake  *fake.TMDB
	srv   *httptest.Server
	c     *Client
	mu    sync.Mutex
	clock time.Time
}

func (e *env) now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clock
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clock = e.clock.Add(d)
}

// newEnv starts the fake (optionally behind a wrapper that can misbehave)
// and a client; on cleanup it checks that no request broke TMDB's contract
// and that the token only ever travelled in the Authorization header.
func newEnv(t *testing.T, opts func(*Options), wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	f, err := fake.NewTMDB(catalog.Default(), fake.TMDBOptions{Token: token, Today: func() time.Time { return today }})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{fake: f, clock: today}
	var h http.Handler = f
	if wrap != nil {
		h = wrap(f)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	o := Options{
		BaseURL: e.srv.URL, Token: secret.New(token), HTTPClient: e.srv.Client(),
		Language: "en-GB", Region: "GB", RatePerSecond: 1000, Now: e.now,
	}
	if opts != nil {
		opts(&o)
	}
	if e.c, err = New(o); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, v := range f.Violations() {
			t.Errorf("TMDB contract violation: %s", v)
		}
		for _, r := range f.Requests() {
			if strings.Contains(r.URL, token) {
				t.Errorf("token in a URL: %s", r.URL)
			}
			if r.Authorization != "Bearer "+o.Token.Reveal() {
				t.Errorf("%s: Authorization %q", r.URL, r.Authorization)
			}
		}
	})
	return e
}
