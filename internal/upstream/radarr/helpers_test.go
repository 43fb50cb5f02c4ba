package radarr

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/secret"
	simarr "github.com/lemedia/lemedia/internal/sim/arr"
)

const apiKey = "radarr-key-canary-7319"

var today = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

// env is a client talking over HTTP to a fake Radarr served under /radarr,
// on a clock the test moves.
type env struct {
	fake  *simarr.Radarr
	srv   *httptest.Server
	c     *Client
	mu    sync.Mutex
	clock time.Time
	// otherKeys: the test sends wrong keys on purpose.
	otherKeys bool
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

// newEnv starts the fake and a client; on cleanup it checks that no request
// broke Radarr's contract and that the key only ever travelled in X-Api-Key.
func newEnv(t *testing.T, opts func(*Options)) *env {
	t.Helper()
	e := &env{clock: today}
	f, err := simarr.NewRadarr(simarr.Options{APIKey: apiKey, Now: e.now, DownloadTime: 10 * time.Minute, URLBase: "/radarr"})
	if err != nil {
		t.Fatal(err)
	}
	e.fake, e.srv = f, httptest.NewServer(f)
	t.Cleanup(e.srv.Close)
	o := Options{BaseURL: e.srv.URL + "/radarr/", APIKey: secret.New(apiKey), HTTPClient: e.srv.Client(), Timeout: 5 * time.Second}
	if opts != nil {
		opts(&o)
	}
	if e.c, err = New(o); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, v := range f.Violations() {
			t.Errorf("Radarr contract violation: %s", v)
		}
		for _, r := range f.Requests() {
			if strings.Contains(r.URL, apiKey) || strings.Contains(strings.ToLower(r.URL), "apikey") {
				t.Errorf("API key in a URL: %s", r.URL)
			}
			if r.APIKey != o.APIKey.Reveal() && !e.otherKeys {
				t.Errorf("%s %s: X-Api-Key %q", r.Method, r.URL, r.APIKey)
			}
		}
	})
	return e
}
