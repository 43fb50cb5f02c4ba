package mediaserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/sim/library"
)

const token = "media-token-canary-7171"

// seeded is a library holding the whole built-in catalogue.
func seeded(t testing.TB) *library.Library {
	t.Helper()
	lib := library.New()
	SeedCatalog(lib, catalog.Default())
	return lib
}

// get sends one GET with the given headers and returns status and body.
func get(t *testing.T, h http.Handler, path string, headers map[string]string) (int, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, string(b)
}

var (
	jfAuth   = map[string]string{"Authorization": `MediaBrowser Client="test", Device="test", DeviceId="t", Version="1", Token="` + token + `"`}
	plexAuth = map[string]string{"X-Plex-Token": token, "Accept": "application/json", "X-Plex-Client-Identifier": "test"}
)
