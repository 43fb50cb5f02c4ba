package mediaserver

import (
	"net/http"
	"strings"

	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// PlexOptions configures the Plex fake.
type PlexOptions struct {
	// Token is the only X-Plex-Token accepted; empty accepts any.
	Token string
	// Spec validates requests; nil means PlexSpec().
	Spec *fake.Spec
	// Unchecked serves without loading the spec or validating requests.
	Unchecked bool
	// CheckResponses also checks every answer against the spec, recording
	// mismatches as violations: for tests of the fake itself.
	CheckResponses bool
	// MachineIdentifier defaults to a fixed id.
	MachineIdentifier string
	// MoviesName and ShowsName name the two sections; default "Movies" and
	// "TV Shows".
	MoviesName, ShowsName string
}

// Plex answers the Plex Media Server calls LeMedia makes from a library: a
// movie section (key 1) and a show section (key 2), in JSON. It is an
// http.Handler.
type Plex struct {
	server
	machineID     string
	movies, shows plexSection
}

type plexSection struct {
	key, title, typ, path, uuid string
	id                          int
}

// NewPlex builds the fake over a library.
func NewPlex(lib *library.Library, o PlexOptions) (*Plex, error) {
	spec := o.Spec
	if spec == nil && !o.Unchecked {
		var err error
		if spec, err = PlexSpec(); err != nil {
			return nil, err
		}
	}
	p := &Plex{
		server: server{name: "Plex", spec: spec, checkResp: o.CheckResponses, token: o.Token,
			snaps: &snapshots{lib: lib}, mux: http.NewServeMux()},
		machineID: or(o.MachineIdentifier, jellyfinID("plex", "machine")),
		movies: plexSection{key: "1", id: 1, title: or(o.MoviesName, "Movies"), typ: "movie", path: "/media/movies",
			uuid: uuidOf("plex", "section", "movies")},
		shows: plexSection{key: "2", id: 2, title: or(o.ShowsName, "TV Shows"), typ: "show", path: "/media/tv",
			uuid: uuidOf("plex", "section", "shows")},
	}
	routes := map[string]http.HandlerFunc{
		"/identity":                         p.identity,
		"/library/sections/all":             p.sections,
		"/library/sections/{sectionId}/all": p.sectionItems,
		"/library/metadata/{ids}/allLeaves": p.allLeaves,
	}
	for tmpl, h := range routes {
		if err := p.handle(tmpl, h); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// uuidOf is a stable UUID-shaped id.
func uuidOf(parts ...string) string {
	h := jellyfinID(parts...)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// ServeHTTP records the request, applies any outage, checks the token
// (except on /identity, which Plex answers to anyone) and serves the route,
// validating the request against the spec.
func (p *Plex) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.Record(r)
	if p.down(w) {
		return
	}
	if leak := urlLeak(r, p.token); leak != "" {
		p.RecordViolation(r, leak)
	}
	if r.URL.Path != "/identity" {
		tok := r.Header.Get("X-Plex-Token")
		if tok == "" {
			tok = r.URL.Query().Get("X-Plex-Token") // Plex takes it there too; urlLeak has recorded it
		}
		if tok == "" || (p.token != "" && tok != p.token) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte("<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>"))
			return
		}
	}
	if _, pattern := p.mux.Handler(r); pattern == "" {
		p.RecordViolation(r, "no Plex operation "+r.Method+" "+r.URL.Path+" is served (or in the spec)")
		http.NotFound(w, r)
		return
	}
	if !strings.Contains(r.Header.Get("Accept"), "application/json") {
		// Plex would answer XML, which LeMedia does not read.
		p.RecordViolation(r, "no Accept: application/json (Plex answers XML without it)")
		http.Error(w, "this fake answers JSON only", http.StatusNotAcceptable)
		return
	}
	p.mux.ServeHTTP(w, r)
}

func (p *Plex) identity(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{"MediaContainer": map[string]any{
		"size": 0, "claimed": true, "machineIdentifier": p.machineID, "version": "1.41.3.9314-fake",
	}})
}

func (p *Plex) sections(w http.ResponseWriter, _ *http.Request) {
	dirs := []map[string]any{}
	for _, s := range []plexSection{p.movies, p.shows} {
		agent, scanner := "tv.plex.agents.movie", "Plex Movie"
		if s.typ == "show" {
			agent, scanner = "tv.plex.agents.series", "Plex TV Series"
		}
		dirs = append(dirs, map[string]any{
			"key": s.key, "type": s.typ, "title": s.title, "agent": agent, "scanner": scanner,
			"language": "en-US", "uuid": s.uuid, "allowSync": true, "content": true, "directory": true,
			"filters": true, "hidden": false, "refreshing": false,
			"Location": []map[string]any{{"id": s.id, "path": s.path}},
		})
	}
	writeJSON(w, map[string]any{"MediaContainer": map[string]any{
		"size": len(dirs), "allowSync": false, "title1": "Plex Library", "Directory": dirs,
	}})
}
