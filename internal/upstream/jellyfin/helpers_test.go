package jellyfin

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
)

const token = "jellyfin-token-canary-5150"

// env is a client talking over HTTP to the Jellyfin fake, which serves a
// library holding the built-in catalogue.
type env struct {
	lib    *library.Library
	fake   *mediaserver.Jellyfin
	c      *Client
	movies string // library ids
	shows  string
}

// newEnv starts the fake (checking its own answers too) and a client; on
// cleanup it checks that no request broke Jellyfin's contract and that the
// token only ever travelled in the Authorization header.
func newEnv(t *testing.T, o mediaserver.JellyfinOptions) *env {
	t.Helper()
	e := &env{lib: library.New()}
	mediaserver.SeedCatalog(e.lib, catalog.Default())
	o.Token, o.CheckResponses = token, true
	var err error
	if e.fake, err = mediaserver.NewJellyfin(e.lib, o); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e.fake)
	t.Cleanup(srv.Close)
	if e.c, err = New(Options{BaseURL: srv.URL + "/", Token: secret.New(token), HTTPClient: srv.Client()}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, v := range e.fake.Violations() {
			t.Errorf("Jellyfin contract violation: %s", v)
		}
		for _, r := range e.fake.Requests() {
			if strings.Contains(r.URL, token) {
				t.Errorf("token in a URL: %s", r.URL)
			}
			if !strings.HasPrefix(r.Authorization, "MediaBrowser ") || !strings.Contains(r.Authorization, `Token="`) {
				t.Errorf("%s: Authorization %q", r.URL, r.Authorization)
			}
		}
	})
	libs, err := e.c.Libraries(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range libs {
		switch l.CollectionType {
		case CollectionMovies:
			e.movies = l.ID
		case CollectionTV:
			e.shows = l.ID
		}
	}
	return e
}

// scan walks a library and returns every item, failing on error.
func (e *env) scan(t *testing.T, q ScanQuery) (items []Item, pages int) {
	t.Helper()
	err := e.c.Scan(t.Context(), q, func(p Page) error {
		pages++
		items = append(items, p.Items...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return items, pages
}
