// Package arr holds stateful stand-ins for Radarr and Sonarr, for tests,
// demos and benchmarks (cmd/lemedia-sim). Each is an http.Handler that
// checks every request against the service's OpenAPI document (recording
// violations), requires the API key in X-Api-Key, keeps profiles, root
// folders, tags, titles and monitored flags, and "downloads" what is searched
// over a set time on an injectable clock. A finished download is a file on
// disk: it shows in the title's hasFile and statistics and is added to a
// shared library.Library, which the simulated media servers serve.
//
// Titles come from the built-in catalogue: films by TMDB id, series by TVDB
// id. State lives in memory behind one lock per fake; lookups are by map, so
// thousands of titles and requests stay cheap.
package arr

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// server is what Radarr and Sonarr share: checks, failure switches,
// routing, the lock over their state and the settings (profiles, folders, tags).
type server struct {
	fake.Recorder
	app     string // "Radarr" or "Sonarr"
	key     string
	spec    *fake.Spec
	cat     *catalog.Catalog
	lib     *library.Library
	now     func() time.Time
	base    string
	images  string
	mux     *http.ServeMux
	settle  func(time.Time) // finishes due downloads; called under mu
	down    atomic.Int32
	latency atomic.Int64

	mu sync.Mutex // guards everything below and the embedding fake's state
	settings
	queue   queue
	lastDay string // the day settle last saw, to grab what came out since
}

func newServer(app string, o Options, spec func() (*fake.Spec, error), folders []string) (*server, error) {
	if o.APIKey == "" {
		return nil, errors.New("sim/arr: no API key")
	}
	s := &server{app: app, key: o.APIKey, spec: o.Spec, cat: o.Catalog, lib: o.Library, now: o.Now,
		base: strings.TrimRight(o.URLBase, "/"), images: o.ImageBase, mux: http.NewServeMux()}
	if s.spec == nil && !o.Unchecked {
		var err error
		if s.spec, err = spec(); err != nil {
			return nil, err
		}
	}
	if s.cat == nil {
		s.cat = catalog.Default()
	}
	if s.lib == nil {
		s.lib = library.New()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.images == "" {
		s.images = "https://image.tmdb.org/t/p/original"
	}
	if len(o.RootFolders) > 0 {
		folders = o.RootFolders
	}
	s.settings = newSettings(folders)
	s.queue = newQueue(o.DownloadTime, o.ImportTime)
	s.lastDay = catalog.Day(s.now())
	return s, nil
}

// Library is where finished downloads go.
func (s *server) Library() *library.Library { return s.lib }

// SetDown switches a failure on (Unavailable, Drop) or off (Up).
func (s *server) SetDown(d Down) { s.down.Store(int32(d)) }

// SetLatency delays every answer by d (0 for none).
func (s *server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Settle finishes the downloads due by now and, like the services' RSS
// sync, grabs the monitored titles that came out since the last call. Every
// request does it first; a simulator also calls it on a ticker so files land
// with nobody asking.
func (s *server) Settle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle(s.now())
}

// ServeHTTP applies the failure switches, records the request, checks the
// key and hands the request to its route.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if d := time.Duration(s.latency.Load()); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch Down(s.down.Load()) {
	case Unavailable:
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	case Drop:
		panic(http.ErrAbortHandler) // net/http closes the connection quietly
	}
	s.Record(r)
	path, ok := strings.CutPrefix(r.URL.Path, s.base)
	if !ok || (path != "" && path[0] != '/') {
		s.RecordViolation(r, "outside the URL base "+s.base)
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Has("apikey") {
		s.RecordViolation(r, "the API key travels in the URL")
	}
	if r.Header.Get("X-Api-Key") != s.key {
		w.WriteHeader(http.StatusUnauthorized) // as the services: no body
		return
	}
	r2 := new(http.Request)
	*r2 = *r
	u := *r.URL
	u.Path, u.RawPath = path, ""
	r2.URL = &u
	if _, pattern := s.mux.Handler(r2); pattern == "" {
		s.RecordViolation(r, "no "+s.app+" operation "+r.Method+" "+path+" is served")
		writeJSON(w, http.StatusNotFound, errorBody{Message: "NotFound"})
		return
	}
	s.mux.ServeHTTP(w, r2)
}

// handler answers one operation with the state locked and downloads
// settled; body is the request body, read before taking the lock.
type handler func(r *http.Request, body []byte, now time.Time) reply

// route serves an operation of the document at tmpl (the document's path
// template, also a ServeMux pattern); it refuses routes the document lacks.
func (s *server) route(method, tmpl string, h handler) error {
	if s.spec != nil && !s.spec.HasOperation(tmpl, method) {
		return errors.New("sim/arr: " + s.app + " route " + method + " " + tmpl + " is not in the spec")
	}
	params := pathParams(tmpl)
	s.mux.HandleFunc(method+" "+tmpl, func(w http.ResponseWriter, r *http.Request) {
		if s.spec != nil {
			values := map[string]string{}
			for _, p := range params {
				values[p] = r.PathValue(p)
			}
			if err := s.spec.Validate(r, tmpl, values); err != nil {
				s.RecordViolation(r, err.Error())
				writeJSON(w, http.StatusBadRequest, errorBody{Message: "Invalid request"})
				return
			}
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<20))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody{Message: "Unreadable body"})
			return
		}
		s.mu.Lock()
		now := s.now()
		s.settle(now)
		rep := h(r, body, now)
		s.mu.Unlock()
		rep.write(w) // the reply holds fresh values, safe to encode unlocked
	})
	return nil
}

// newDays returns the days after the last settle up to now's ("" when
// still the same day), and moves on.
func (s *server) newDays(now time.Time) (after, upTo string) {
	day := catalog.Day(now)
	if day <= s.lastDay {
		return "", ""
	}
	after, s.lastDay = s.lastDay, day
	return after, day
}

func pathParams(tmpl string) []string {
	var out []string
	for rest := tmpl; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(rest[i:], '}')
		out = append(out, rest[i+1:i+j])
		rest = rest[i+j:]
	}
}
