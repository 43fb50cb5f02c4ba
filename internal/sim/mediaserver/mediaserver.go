// Package mediaserver holds fakes of Jellyfin and Plex for tests, demos and
// benchmarks. Both serve the films and episodes "on disk" in a shared
// *library.Library (which the fake Radarr and Sonarr fill), answer in the
// real servers' JSON shapes, check every request against the server's public
// OpenAPI document (specs/), and record requests and contract violations so
// tests can assert there were none.
//
// Item ids are derived from the TMDB and TVDB ids and the season and episode
// numbers, so they are stable across restarts and between runs. Listings are
// served from a snapshot of the library that is rebuilt only when the
// library's version moves, so paging through 100 000 episodes costs a page's
// work per request, not the library's.
//
// Typical use:
//
//	lib := library.New()
//	mediaserver.SeedCatalog(lib, catalog.Default()) // or SeedLarge(lib, 100_000)
//	jf, err := mediaserver.NewJellyfin(lib, mediaserver.JellyfinOptions{Token: "k"})
//	px, err := mediaserver.NewPlex(lib, mediaserver.PlexOptions{Token: "t"})
//	srv := httptest.NewServer(jf)
//	...
//	jf.SetOutage(mediaserver.Unavailable) // 503 until SetOutage(Up)
//	for _, v := range jf.Violations() { t.Error(v) }
package mediaserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// Outage is what a fake does instead of answering.
type Outage int32

const (
	// Up: answer normally.
	Up Outage = iota
	// Unavailable: answer 503 Service Unavailable to everything.
	Unavailable
	// Dropped: close the connection without an answer (behind a real
	// server such as httptest.NewServer; a bare ServeHTTP call panics).
	Dropped
)

// server is what both fakes share: the recorder, the spec check, the outage
// switch and the library snapshot.
type server struct {
	fake.Recorder
	name      string // "Jellyfin" or "Plex", for violation messages
	spec      *fake.Spec
	checkResp bool
	token     string
	outage    atomic.Int32
	snaps     *snapshots
	mux       *http.ServeMux
}

// SetOutage makes the fake misbehave (or behave again, with Up).
func (s *server) SetOutage(o Outage) { s.outage.Store(int32(o)) }

// down answers for an outage and reports whether there was one.
func (s *server) down(w http.ResponseWriter) bool {
	switch Outage(s.outage.Load()) {
	case Unavailable:
		w.Header().Set("Retry-After", "30")
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return true
	case Dropped:
		panic(http.ErrAbortHandler) // net/http closes the connection and logs nothing
	}
	return false
}

// handle registers a GET route; with a spec, the route must be in it and
// every request is checked against it first.
func (s *server) handle(tmpl string, h http.HandlerFunc) error {
	if s.spec != nil && !s.spec.HasOperation(tmpl, http.MethodGet) {
		return &routeError{s.name, tmpl}
	}
	s.mux.HandleFunc("GET "+tmpl, s.validated(tmpl, h))
	return nil
}

type routeError struct{ server, tmpl string }

func (e *routeError) Error() string {
	return "mediaserver: " + e.server + " route " + e.tmpl + " is not in the spec"
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// validated checks a request against the spec (and, when asked, the answer
// too); a request that breaks the contract is recorded and answered 400.
func (s *server) validated(tmpl string, h http.HandlerFunc) http.HandlerFunc {
	names := pathParam.FindAllStringSubmatch(tmpl, -1)
	return func(w http.ResponseWriter, r *http.Request) {
		if s.spec == nil {
			h(w, r)
			return
		}
		params := map[string]string{}
		for _, m := range names {
			params[m[1]] = r.PathValue(m[1])
		}
		if err := s.spec.Validate(r, tmpl, params); err != nil {
			s.RecordViolation(r, err.Error())
			http.Error(w, "request does not match the "+s.name+" API", http.StatusBadRequest)
			return
		}
		if !s.checkResp {
			h(w, r)
			return
		}
		rec := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
		h(rec, r)
		if err := s.spec.ValidateResponse(r, tmpl, params, rec.status, rec.header, rec.body.Bytes()); err != nil {
			s.RecordViolation(r, "the fake's answer: "+err.Error())
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.body.Bytes())
	}
}

// bufferedWriter holds an answer so it can be checked before it is sent.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) WriteHeader(status int)      { b.status = status }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }

// urlLeak says how a request carries a credential in its URL, if it does.
func urlLeak(r *http.Request, token string) string {
	q := r.URL.Query()
	for _, name := range []string{"X-Plex-Token", "api_key", "ApiKey", "apiKey", "token"} {
		if q.Has(name) {
			return "credential in the query parameter " + name
		}
	}
	if token != "" {
		uri := r.URL.RequestURI()
		if strings.Contains(uri, token) || strings.Contains(uri, url.QueryEscape(token)) {
			return "the token appears in the URL"
		}
	}
	return ""
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
}
