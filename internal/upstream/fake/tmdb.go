package fake

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
)

// TMDBOptions configures the TMDB fake.
type TMDBOptions struct {
	// Spec validates requests; nil means TMDBSpec().
	Spec *Spec
	// Today is the date lists such as now playing and upcoming are relative
	// to; nil means the wall clock.
	Today func() time.Time
	// Token is the only bearer token accepted; empty accepts any.
	Token string
	// Unchecked serves without loading the spec or validating requests: the
	// built-in catalogue in production, where the spec is not shipped.
	Unchecked bool
}

// TMDB answers the TMDB v3 API endpoints LeMedia uses from a catalogue, in
// TMDB's shapes (field names, 20 results a page, error bodies), and serves
// the catalogue's generated images under /t/p/{size}/{file} like TMDB's
// image host. It holds no state besides what it records about requests.
type TMDB struct {
	recorder
	cat   *catalog.Catalog
	spec  *Spec
	today func() time.Time
	token string
	api   *http.ServeMux
	files *http.ServeMux
}

// NewTMDB builds the fake over a catalogue (usually catalog.Default()).
func NewTMDB(cat *catalog.Catalog, opts TMDBOptions) (*TMDB, error) {
	spec := opts.Spec
	if spec == nil && !opts.Unchecked {
		var err error
		if spec, err = TMDBSpec(); err != nil {
			return nil, err
		}
	}
	t := &TMDB{cat: cat, spec: spec, today: opts.Today, token: opts.Token,
		api: http.NewServeMux(), files: http.NewServeMux()}
	if t.today == nil {
		t.today = time.Now
	}
	for _, rt := range t.routes() {
		if spec == nil {
			t.api.HandleFunc("GET "+rt.path, rt.h)
			continue
		}
		if _, op := spec.operation(rt.path, http.MethodGet); op == nil {
			return nil, errors.New("fake: TMDB route " + rt.path + " is not in the spec")
		}
		t.api.HandleFunc("GET "+rt.path, t.validated(rt.path, rt.h))
	}
	t.files.HandleFunc("GET /t/p/{size}/{file}", t.image)
	return t, nil
}

type route struct {
	path string
	h    http.HandlerFunc
}

func (t *TMDB) routes() []route {
	return []route{
		{"/3/search/multi", t.searchMulti},
		{"/3/search/movie", t.searchMovie},
		{"/3/search/tv", t.searchTV},
		{"/3/discover/movie", t.discover(catalog.KindFilm)},
		{"/3/discover/tv", t.discover(catalog.KindSeries)},
		{"/3/trending/all/{time_window}", t.trending(catalog.KindAny)},
		{"/3/trending/movie/{time_window}", t.trending(catalog.KindFilm)},
		{"/3/trending/tv/{time_window}", t.trending(catalog.KindSeries)},
		{"/3/movie/popular", t.list(func() []catalog.Entry { return t.cat.Popular(catalog.KindFilm) })},
		{"/3/tv/popular", t.list(func() []catalog.Entry { return t.cat.Popular(catalog.KindSeries) })},
		{"/3/movie/top_rated", t.list(func() []catalog.Entry { return t.cat.TopRated(catalog.KindFilm) })},
		{"/3/tv/top_rated", t.list(func() []catalog.Entry { return t.cat.TopRated(catalog.KindSeries) })},
		{"/3/tv/on_the_air", t.list(func() []catalog.Entry { return t.cat.OnTheAir(t.day()) })},
		{"/3/tv/airing_today", t.list(func() []catalog.Entry { return t.cat.AiringToday(t.day()) })},
		{"/3/movie/now_playing", t.dated(catalog.NowPlayingDates, t.cat.NowPlaying)},
		{"/3/movie/upcoming", t.dated(catalog.UpcomingDates, t.cat.Upcoming)},
		{"/3/movie/{movie_id}", t.movie},
		{"/3/movie/{movie_id}/external_ids", t.movieExternalIDs},
		{"/3/movie/{movie_id}/recommendations", t.related(catalog.KindFilm, "movie_id", t.cat.Recommendations, true)},
		{"/3/movie/{movie_id}/similar", t.related(catalog.KindFilm, "movie_id", t.cat.Similar, false)},
		{"/3/tv/{series_id}", t.series},
		{"/3/tv/{series_id}/external_ids", t.seriesExternalIDs},
		{"/3/tv/{series_id}/recommendations", t.related(catalog.KindSeries, "series_id", t.cat.Recommendations, true)},
		{"/3/tv/{series_id}/similar", t.related(catalog.KindSeries, "series_id", t.cat.Similar, false)},
		{"/3/tv/{series_id}/season/{season_number}", t.season},
		{"/3/genre/movie/list", t.genres(catalog.KindFilm)},
		{"/3/genre/tv/list", t.genres(catalog.KindSeries)},
		{"/3/find/{external_id}", t.find},
	}
}

// ServeHTTP serves images without credentials, like TMDB's image host, and
// the API with a bearer token, validating every API request.
func (t *TMDB) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/t/p/") {
		t.files.ServeHTTP(w, r)
		return
	}
	t.request(r)
	if tok := bearer(r); tok == "" || (t.token != "" && tok != t.token) {
		writeError(w, http.StatusUnauthorized, 7, "Invalid API key: You must be granted a valid key.")
		return
	}
	if _, pattern := t.api.Handler(r); pattern == "" {
		t.violation(r, "no TMDB operation "+r.Method+" "+r.URL.Path+" is served (or in the spec)")
		writeError(w, http.StatusNotFound, 34, "The resource you requested could not be found.")
		return
	}
	t.api.ServeHTTP(w, r)
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// validated checks a request against the spec before handing it on; a
// request that breaks the contract is recorded and answered with a 400.
func (t *TMDB) validated(tmpl string, h http.HandlerFunc) http.HandlerFunc {
	names := pathParam.FindAllStringSubmatch(tmpl, -1)
	return func(w http.ResponseWriter, r *http.Request) {
		params := map[string]string{}
		for _, m := range names {
			params[m[1]] = r.PathValue(m[1])
		}
		if err := t.spec.validate(r, tmpl, params); err != nil {
			t.violation(r, err.Error())
			writeError(w, http.StatusBadRequest, 5, "Invalid parameters: Your request parameters are incorrect.")
			return
		}
		h(w, r)
	}
}

// day is the fake's today.
func (t *TMDB) day() time.Time { return t.today().UTC() }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeError answers with TMDB's error body.
func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"success": false, "status_code": code, "status_message": msg})
}

func notFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, 34, "The resource you requested could not be found.")
}

// idParam reads a numeric path parameter; the spec check has already
// rejected anything that is not an integer.
func idParam(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id
}

// image serves a generated picture like TMDB's image host.
func (t *TMDB) image(w http.ResponseWriter, r *http.Request) {
	b, err := t.cat.Image(r.PathValue("file"), r.PathValue("size"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}
