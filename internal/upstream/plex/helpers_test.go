package plex

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
)

const token = "plex-token-canary-8086"

// env is a client talking over HTTP to the Plex fake, which serves a
// library holding the built-in catalogue.
type env struct {
	lib    *library.Library
	fake   *mediaserver.Plex
	url    string
	c      *Client
	movies string // section keys
	shows  string
}

// newEnv starts the fake (checking its own answers too) and a client; on
// cleanup it checks that no request broke the Plex contract and that the
// token never travelled in a URL.
func newEnv(t *testing.T, o mediaserver.PlexOptions) *env {
	t.Helper()
	e := &env{lib: library.New()}
	mediaserver.SeedCatalog(e.lib, catalog.Default())
	o.Token, o.CheckResponses = token, true
	var err error
	if e.fake, err = mediaserver.NewPlex(e.lib, o); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e.fake)
	t.Cleanup(srv.Close)
	e.url = srv.URL
	if e.c, err = New(Options{BaseURL: srv.URL, Token: secret.New(token), HTTPClient: srv.Client()}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, v := range e.fake.Violations() {
			t.Errorf("Plex contract violation: %s", v)
		}
		for _, r := range e.fake.Requests() {
			if strings.Contains(r.URL, token) {
				t.Errorf("token in a URL: %s", r.URL)
			}
		}
	})
	secs, err := e.c.Sections(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secs {
		switch s.Type {
		case "movie":
			e.movies = s.Key
		case "show":
			e.shows = s.Key
		}
	}
	return e
}

// scan walks a section and returns every item, failing on error.
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
