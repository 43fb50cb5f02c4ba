package main

import (
	"io"
	"net/http"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// Each service is served under its own path on the one port; every client
// of LeMedia takes a base URL with a path.
var servicePaths = []string{"radarr", "sonarr", "jellyfin", "plex", "tmdb"}

// recorded is what every fake tells about the traffic it saw.
type recorded interface {
	RequestCount() int
	Violations() []fake.Violation
}

// service is one simulated service as the simulator holds it.
type service struct {
	*switched
	rec     recorded
	checked bool // requests are checked against its OpenAPI document
}

// stack is the simulated media stack: the fakes over one shared library.
type stack struct {
	opts     *options
	lib      *library.Library
	radarr   *arr.Radarr
	sonarr   *arr.Sonarr
	services map[string]*service
}

// newStack seeds the library and builds the fakes.
func newStack(o *options) (*stack, error) {
	s := &stack{opts: o, lib: library.New(), services: map[string]*service{}}
	cat := catalog.Default()
	if o.seedCatalog {
		mediaserver.SeedCatalog(s.lib, cat)
	}
	mediaserver.SeedLarge(s.lib, o.seedEpisodes)
	mediaserver.SeedMovies(s.lib, o.seedMovies)

	check := func(file string) bool {
		switch o.specs {
		case "off":
			return false
		case "auto":
			_, err := fake.FindSpec(file)
			return err == nil
		}
		return true
	}
	var err error
	arrOpts := func(key, base, file string) arr.Options {
		return arr.Options{APIKey: key, Catalog: cat, Library: s.lib, DownloadTime: o.downloadTime,
			ImportTime: o.importTime, URLBase: base, Unchecked: !check(file)}
	}
	ro := arrOpts(o.keys.radarr, "/radarr", arr.RadarrSpecFile)
	if s.radarr, err = arr.NewRadarr(ro); err != nil {
		return nil, err
	}
	so := arrOpts(o.keys.sonarr, "/sonarr", arr.SonarrSpecFile)
	if s.sonarr, err = arr.NewSonarr(so); err != nil {
		return nil, err
	}
	jo := mediaserver.JellyfinOptions{Token: o.keys.jellyfin, Unchecked: !check(mediaserver.JellyfinSpecFile)}
	jellyfin, err := mediaserver.NewJellyfin(s.lib, jo)
	if err != nil {
		return nil, err
	}
	po := mediaserver.PlexOptions{Token: o.keys.plex, Unchecked: !check(mediaserver.PlexSpecFile)}
	plex, err := mediaserver.NewPlex(s.lib, po)
	if err != nil {
		return nil, err
	}
	to := fake.TMDBOptions{Token: o.keys.tmdb, Unchecked: !check(fake.TMDBSpecFile)}
	tmdb, err := fake.NewTMDB(cat, to)
	if err != nil {
		return nil, err
	}
	add := func(name string, h http.Handler, rec recorded, checked bool) {
		s.services[name] = &service{switched: newSwitched(name, h), rec: rec, checked: checked}
	}
	if o.seedArr {
		s.seedArr(cat)
	}
	add("radarr", s.radarr, s.radarr, !ro.Unchecked) // Radarr and Sonarr serve their URL base themselves
	add("sonarr", s.sonarr, s.sonarr, !so.Unchecked)
	add("jellyfin", http.StripPrefix("/jellyfin", jellyfin), jellyfin, !jo.Unchecked)
	add("plex", http.StripPrefix("/plex", plex), plex, !po.Unchecked)
	add("tmdb", http.StripPrefix("/tmdb", tmdb), tmdb, !to.Unchecked)
	return s, nil
}

// settle lands the finished downloads, so files reach the media servers
// with nobody asking Radarr or Sonarr.
func (s *stack) settle() {
	s.radarr.Settle()
	s.sonarr.Settle()
}

// settleEvery is how often the simulator lands downloads: a tenth of the
// download time, between 50 ms and a second.
func settleEvery(download time.Duration) time.Duration {
	return min(max(download/10, 50*time.Millisecond), time.Second)
}

// handler is the whole simulator: the services under their paths, the
// control endpoints and an index page.
func (s *stack) handler(index string) http.Handler {
	mux := http.NewServeMux()
	for _, name := range servicePaths {
		mux.Handle("/"+name+"/", s.services[name])
	}
	mux.Handle("/control/", loopbackOnly(http.NewCrossOriginProtection().Handler(s.controlRoutes())))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, index)
	})
	return mux
}
