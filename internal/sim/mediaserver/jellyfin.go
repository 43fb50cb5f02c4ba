package mediaserver

import (
	"net/http"
	"strings"

	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// JellyfinOptions configures the Jellyfin fake.
type JellyfinOptions struct {
	// Token is the only API key accepted; empty accepts any.
	Token string
	// Spec validates requests; nil means JellyfinSpec().
	Spec *fake.Spec
	// Unchecked serves without loading the spec or validating requests.
	Unchecked bool
	// CheckResponses also checks every answer against the spec, recording
	// mismatches as violations: for tests of the fake itself.
	CheckResponses bool
	// ServerName defaults to "LeMedia Jellyfin"; ServerID to a fixed id.
	ServerName, ServerID string
	// MoviesName and ShowsName name the two libraries; default "Movies" and
	// "Shows".
	MoviesName, ShowsName string
	// MissingEpisodes shows, after each series' last episode on disk, a
	// virtual episode without a file, like Jellyfin's "display missing
	// episodes" setting.
	MissingEpisodes bool
}

// Jellyfin answers the Jellyfin API calls LeMedia makes from a library: one
// movie library and one TV library. It is an http.Handler.
type Jellyfin struct {
	server
	serverName, serverID string
	movies, shows        jfLibrary
}

// jfLibrary is one of the fake's two virtual folders.
type jfLibrary struct {
	id, name, collection, path string
	kinds                      kinds // what it holds
}

// NewJellyfin builds the fake over a library.
func NewJellyfin(lib *library.Library, o JellyfinOptions) (*Jellyfin, error) {
	spec := o.Spec
	if spec == nil && !o.Unchecked {
		var err error
		if spec, err = JellyfinSpec(); err != nil {
			return nil, err
		}
	}
	j := &Jellyfin{
		server: server{name: "Jellyfin", spec: spec, checkResp: o.CheckResponses, token: o.Token,
			snaps: &snapshots{lib: lib, virtualNext: o.MissingEpisodes}, mux: http.NewServeMux()},
		serverName: or(o.ServerName, "LeMedia Jellyfin"),
		serverID:   or(o.ServerID, jellyfinID("server")),
	}
	j.movies = jfLibrary{id: jellyfinID("library", "movies"), name: or(o.MoviesName, "Movies"),
		collection: "movies", path: "/media/movies", kinds: kindSet(kMovie)}
	j.shows = jfLibrary{id: jellyfinID("library", "shows"), name: or(o.ShowsName, "Shows"),
		collection: "tvshows", path: "/media/tv", kinds: kindSet(kSeries, kSeason, kEpisode)}
	routes := map[string]http.HandlerFunc{
		"/System/Info":               j.systemInfo,
		"/Library/VirtualFolders":    j.virtualFolders,
		"/Items":                     j.items,
		"/Shows/{seriesId}/Seasons":  j.seasons,
		"/Shows/{seriesId}/Episodes": j.episodes,
	}
	for tmpl, h := range routes {
		if err := j.handle(tmpl, h); err != nil {
			return nil, err
		}
	}
	return j, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// ServeHTTP records the request, applies any outage, checks the API key and
// serves the route, validating the request against the spec.
func (j *Jellyfin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	j.Record(r)
	if j.down(w) {
		return
	}
	if leak := urlLeak(r, j.token); leak != "" {
		j.RecordViolation(r, leak)
	}
	if tok := jellyfinToken(r); tok == "" || (j.token != "" && tok != j.token) {
		w.WriteHeader(http.StatusUnauthorized) // Jellyfin answers 401 with no body
		return
	}
	if _, pattern := j.mux.Handler(r); pattern == "" {
		j.RecordViolation(r, "no Jellyfin operation "+r.Method+" "+r.URL.Path+" is served (or in the spec)")
		jfNotFound(w)
		return
	}
	j.mux.ServeHTTP(w, r)
}

// jellyfinToken finds the API key where Jellyfin looks for one: the Token
// parameter of an `Authorization: MediaBrowser …` (or Emby) header, the
// legacy X-Emby-Token header, or the api_key query parameter. Only the first
// is in the spec; the others are recorded as violations by the spec check
// or urlLeak.
func jellyfinToken(r *http.Request) string {
	if scheme, params, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok &&
		(strings.EqualFold(scheme, "MediaBrowser") || strings.EqualFold(scheme, "Emby")) {
		for _, p := range strings.Split(params, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "Token") {
				return strings.Trim(v, `"`)
			}
		}
	}
	if t := r.Header.Get("X-Emby-Token"); t != "" {
		return t
	}
	q := r.URL.Query()
	if t := q.Get("api_key"); t != "" {
		return t
	}
	return q.Get("ApiKey")
}

func (j *Jellyfin) systemInfo(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{
		"ServerName": j.serverName, "Id": j.serverID, "Version": "10.11.0", "ProductName": "Jellyfin Server",
		"OperatingSystem": "Linux", "StartupWizardCompleted": true, "HasPendingRestart": false,
		"IsShuttingDown": false, "SupportsLibraryMonitor": true, "CanSelfRestart": false,
	})
}

func (j *Jellyfin) virtualFolders(w http.ResponseWriter, _ *http.Request) {
	out := []map[string]any{}
	for _, l := range []jfLibrary{j.movies, j.shows} {
		out = append(out, map[string]any{
			"Name": l.name, "Locations": []string{l.path}, "CollectionType": l.collection,
			"ItemId": l.id, "RefreshStatus": "Idle",
		})
	}
	writeJSON(w, out)
}
