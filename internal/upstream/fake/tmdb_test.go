package fake

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/lemedia/lemedia/internal/catalog"
)

var testToday = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

func newFake(t *testing.T, opts TMDBOptions) *TMDB {
	t.Helper()
	if opts.Today == nil {
		opts.Today = func() time.Time { return testToday }
	}
	f, err := NewTMDB(catalog.Default(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

type answer struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

func get(t *testing.T, h http.Handler, target string, hdr ...string) answer {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if len(hdr) == 0 {
		hdr = []string{"Authorization", "Bearer test-token"}
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	a := answer{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	if strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(a.body, &a.json); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
	}
	return a
}

// validRequests exercises every route the fake serves, with the parameters
// LeMedia's client sends.
var validRequests = []struct {
	target string
	check  func(t *testing.T, j map[string]any)
}{
	{"/3/search/multi?query=lantern&include_adult=false&language=en-US&page=1", results(3, "media_type")},
	{"/3/search/movie?query=lantern&language=en-US&page=1&region=GB", results(2, "title", "release_date")},
	{"/3/search/movie?query=the&primary_release_year=2026", results(1, "title")},
	{"/3/search/tv?query=kingdom&language=en-US&first_air_date_year=2023", results(1, "name", "first_air_date")},
	{"/3/discover/movie?with_genres=16,10751&sort_by=primary_release_date.desc&language=en-US&region=GB&page=1", results(3, "genre_ids")},
	{"/3/discover/movie?with_genres=37|10752&primary_release_year=1999&with_original_language=en", results(1)},
	{"/3/discover/tv?with_genres=16&first_air_date_year=2024&sort_by=name.asc&vote_average.gte=1", results(1, "origin_country")},
	{"/3/trending/all/day?language=en-US", results(20, "media_type")},
	{"/3/trending/movie/week", results(20, "media_type")},
	{"/3/trending/tv/day", results(10, "media_type")},
	{"/3/movie/popular?language=en-US&page=2&region=US", results(20)},
	{"/3/tv/popular?page=1", results(20)},
	{"/3/movie/top_rated", results(10)},
	{"/3/tv/top_rated", results(5)},
	{"/3/movie/now_playing?language=en-US&page=1&region=GB", dated("2026-04-21", "2026-06-15")},
	{"/3/movie/upcoming?page=1", dated("2026-06-16", "2026-10-13")},
	{"/3/tv/on_the_air?language=en-US&page=1", results(1)},
	{"/3/tv/airing_today", results(0)},
	{"/3/movie/9000001?language=en-US&append_to_response=external_ids", fields("imdb_id", "runtime", "genres", "external_ids", "spoken_languages")},
	{"/3/movie/9000001/external_ids", fields("imdb_id", "wikidata_id")},
	{"/3/movie/9000013/recommendations?language=en-US&page=1", results(3, "media_type")},
	{"/3/movie/9000013/similar", results(3)},
	{"/3/tv/9100001?language=en-US&append_to_response=external_ids", fields("seasons", "next_episode_to_air", "last_episode_to_air", "number_of_episodes", "external_ids")},
	{"/3/tv/9100001/external_ids", fields("tvdb_id", "imdb_id")},
	{"/3/tv/9100001/recommendations", results(3)},
	{"/3/tv/9100001/similar?page=1", results(3)},
	{"/3/tv/9100001/season/2?language=en-US", fields("episodes", "_id", "season_number", "air_date")},
	{"/3/genre/movie/list?language=en", fields("genres")},
	{"/3/genre/tv/list", fields("genres")},
	{"/3/find/tt99000001?external_source=imdb_id", fields("movie_results", "tv_results")},
	{"/3/find/900000001?external_source=tvdb_id&language=en-US", fields("tv_results")},
}

func TestEveryRouteAnswersAndValidates(t *testing.T) {
	f := newFake(t, TMDBOptions{})
	for _, tc := range validRequests {
		a := get(t, f, tc.target)
		if a.status != http.StatusOK {
			t.Errorf("%s: status %d: %s", tc.target, a.status, a.body)
			continue
		}
		tc.check(t, a.json)
	}
	for _, v := range f.Violations() {
		t.Errorf("violation: %s", v)
	}
	if n := f.RequestCount(); n != len(validRequests) {
		t.Errorf("RequestCount = %d, want %d", n, len(validRequests))
	}
}

// TestAnswersMatchTheSpecSchemas checks the fake's answers against TMDB's
// documented response schemas, so the shapes clients decode are TMDB's.
// TMDB's schemas were inferred from single examples, so two things in them
// contradict TMDB's real answers: a field whose example was a whole number
// is typed integer (vote_average: 8), and one whose example was a string
// does not allow null (facebook_id, belongs_to_collection). The validator
// therefore sees the answer with numbers truncated and nulls left out; every
// other type, array and object is checked as documented.
func TestAnswersMatchTheSpecSchemas(t *testing.T) {
	f := newFake(t, TMDBOptions{})
	for _, tc := range validRequests {
		r := httptest.NewRequest(http.MethodGet, tc.target, nil)
		r.Header.Set("Authorization", "Bearer test-token")
		w := httptest.NewRecorder()
		f.ServeHTTP(w, r)
		_, pattern := f.api.Handler(r)
		tmpl := strings.TrimPrefix(pattern, "GET ")
		pi, op := f.spec.operation(tmpl, http.MethodGet)
		params := map[string]string{}
		for _, m := range pathParam.FindAllStringSubmatch(tmpl, -1) {
			params[m[1]] = r.PathValue(m[1])
		}
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{
				Request: r, PathParams: params,
				Route: &routers.Route{Spec: f.spec.doc, Path: tmpl, PathItem: pi, Method: http.MethodGet, Operation: op},
			},
			Status: w.Code, Header: w.Header(), Body: io.NopCloser(bytes.NewReader(relaxed(t, w.Body.Bytes()))),
			Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
		}
		if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
			t.Errorf("%s: %v", tc.target, err)
		}
	}
}

// relaxed truncates numbers and drops nulls (see TestAnswersMatchTheSpecSchemas).
func relaxed(t *testing.T, body []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case float64:
			return float64(int64(x))
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		case map[string]any:
			for k, e := range x {
				if e == nil {
					delete(x, k)
				} else {
					x[k] = walk(e)
				}
			}
		}
		return v
	}
	b, err := json.Marshal(walk(v))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContractBreachesAreRecorded(t *testing.T) {
	for _, tc := range []struct {
		name, target string
		status       int
		reason       string
	}{
		{"undeclared parameter", "/3/search/multi?query=x&region=GB", 400, `"region" is not declared`},
		{"typo in a parameter", "/3/discover/movie?with_genre=16", 400, `"with_genre" is not declared`},
		{"bad enum", "/3/discover/movie?sort_by=release_date.desc", 400, "sort_by"},
		{"bad window", "/3/trending/all/month", 400, "time_window"},
		{"not an integer", "/3/movie/abc", 400, "movie_id"},
		{"missing required", "/3/search/tv?page=1", 400, "query"},
		{"page not an integer", "/3/movie/popular?page=two", 400, "page"},
		{"token in the URL", "/3/movie/popular?api_key=test-token", 400, "credential appears in the URL"},
		{"unknown operation", "/3/movie/9000001/keywords", 404, "no TMDB operation"},
		{"not in the spec", "/3/films", 404, "no TMDB operation"},
	} {
		f := newFake(t, TMDBOptions{})
		a := get(t, f, tc.target)
		v := f.Violations()
		if a.status != tc.status || len(v) != 1 || !strings.Contains(v[0].Reason, tc.reason) {
			t.Errorf("%s: status %d, violations %v; want %d and %q", tc.name, a.status, v, tc.status, tc.reason)
		}
		if a.json["success"] != false || a.json["status_code"] == nil {
			t.Errorf("%s: body %s is not a TMDB error", tc.name, a.body)
		}
	}
}

func TestAuthorization(t *testing.T) {
	f := newFake(t, TMDBOptions{Token: "right"})
	for _, hdr := range [][]string{
		{"X-Nothing", "x"},
		{"Authorization", "Bearer wrong"},
		{"Authorization", "Basic cmlnaHQ6"},
		{"Authorization", "Bearer "},
	} {
		if a := get(t, f, "/3/movie/popular", hdr...); a.status != 401 || a.json["status_code"] != 7.0 {
			t.Errorf("%v: status %d %s", hdr, a.status, a.body)
		}
	}
	if a := get(t, f, "/3/movie/popular", "Authorization", "Bearer right"); a.status != 200 {
		t.Errorf("right token: status %d", a.status)
	}
	if reqs := f.Requests(); len(reqs) != 5 || reqs[4].Authorization != "Bearer right" || reqs[4].URL != "/3/movie/popular" {
		t.Errorf("requests %+v", reqs)
	}
	if v := f.Violations(); len(v) != 0 {
		t.Errorf("violations %v", v)
	}
}

func TestNotFoundAndPaging(t *testing.T) {
	f := newFake(t, TMDBOptions{})
	for _, target := range []string{"/3/movie/550", "/3/tv/9000001", "/3/tv/9100001/season/9", "/3/movie/9100001/similar", "/3/tv/1/external_ids"} {
		if a := get(t, f, target); a.status != 404 || a.json["status_code"] != 34.0 {
			t.Errorf("%s: %d %s", target, a.status, a.body)
		}
	}
	p1, p2 := get(t, f, "/3/movie/popular?page=1").json, get(t, f, "/3/movie/popular?page=2").json
	total := len(catalog.Default().Films())
	if p1["total_results"] != float64(total) || p1["total_pages"] != float64((total+19)/20) || p2["page"] != 2.0 {
		t.Errorf("paging: %v %v %v", p1["total_results"], p1["total_pages"], p2["page"])
	}
	if first(p1, "id") == first(p2, "id") {
		t.Error("page 2 repeats page 1")
	}
	if a := get(t, f, "/3/movie/popular?page=99"); a.status != 200 || len(a.json["results"].([]any)) != 0 {
		t.Errorf("page past the end: %d %s", a.status, a.body)
	}
	if a := get(t, f, "/3/movie/popular?page=0"); a.status != 400 || a.json["status_code"] != 22.0 {
		t.Errorf("page 0: %d %s", a.status, a.body)
	}
	if v := f.Violations(); len(v) != 0 {
		t.Errorf("violations %v", v)
	}
}

func TestAnswersFollowTheCatalogueAndToday(t *testing.T) {
	cat := catalog.Default()
	film, _ := cat.Film(9_000_064) // Starlight Relay, 2027-11-12
	f := newFake(t, TMDBOptions{Today: func() time.Time { return time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC) }})
	m := get(t, f, "/3/movie/9000064").json
	if m["title"] != film.Title || m["status"] != "Released" || m["poster_path"] != film.PosterPath() || m["runtime"] != float64(film.Runtime) {
		t.Errorf("movie %v", m)
	}
	if m := get(t, newFake(t, TMDBOptions{}), "/3/movie/9000064").json; m["status"] == "Released" {
		t.Errorf("a 2027 film is released on %s", testToday)
	}
	s := get(t, f, "/3/tv/9100002").json // Orbital Kitchen, ended its last season in April 2027
	if s["next_episode_to_air"] != nil || s["number_of_seasons"] != 3.0 || s["last_air_date"] != "2027-04-21" {
		t.Errorf("series %v %v %v", s["next_episode_to_air"], s["number_of_seasons"], s["last_air_date"])
	}
	se := get(t, f, "/3/tv/9100002/season/1").json
	eps := se["episodes"].([]any)
	e1 := eps[0].(map[string]any)
	if len(eps) != 8 || e1["name"] != "Grand Opening" || e1["still_path"] == "" || eps[7].(map[string]any)["episode_type"] != "finale" {
		t.Errorf("season %v", se)
	}
	ids := get(t, f, "/3/tv/9100002/external_ids").json
	series, _ := cat.Series(9_100_002)
	if ids["tvdb_id"] != float64(series.TVDBID) || ids["imdb_id"] != series.IMDbID {
		t.Errorf("external ids %v", ids)
	}
	np := get(t, newFake(t, TMDBOptions{}), "/3/movie/now_playing").json
	if titles := titlesOf(np); !strings.Contains(titles, "Island of Lanterns") {
		t.Errorf("now playing on %s: %s", testToday, titles)
	}
	find := get(t, f, "/3/find/"+series.IMDbID+"?external_source=imdb_id").json
	if tv := find["tv_results"].([]any); len(tv) != 1 || tv[0].(map[string]any)["name"] != series.Name {
		t.Errorf("find %v", find)
	}
	multi := get(t, f, "/3/search/multi?query="+url.QueryEscape("Pixel & Pip")).json
	if r := multi["results"].([]any); len(r) == 0 || r[0].(map[string]any)["media_type"] != "tv" {
		t.Errorf("multi %v", multi)
	}
}

func TestImagesNeedNoToken(t *testing.T) {
	f := newFake(t, TMDBOptions{Token: "secret"})
	a := get(t, f, "/t/p/w500/lemedia-poster-9000001.png", "X-None", "")
	if a.status != 200 || a.header.Get("Content-Type") != "image/png" {
		t.Fatalf("poster: %d %v", a.status, a.header)
	}
	img, err := png.Decode(bytes.NewReader(a.body))
	if err != nil || img.Bounds().Dx() != 500 || img.Bounds().Dy() != 750 {
		t.Fatalf("poster: %v %v", err, img.Bounds())
	}
	for _, bad := range []string{"/t/p/w500/unknown.png", "/t/p/w501/lemedia-poster-9000001.png", "/t/p/w500/lemedia-poster-1.png"} {
		if a := get(t, f, bad); a.status != 404 {
			t.Errorf("%s: %d", bad, a.status)
		}
	}
	if f.RequestCount() != 0 {
		t.Error("image requests counted as API requests")
	}
}

func results(min int, keys ...string) func(*testing.T, map[string]any) {
	return func(t *testing.T, j map[string]any) {
		t.Helper()
		res, ok := j["results"].([]any)
		if !ok || len(res) < min || j["page"] == nil || j["total_pages"] == nil || j["total_results"] == nil {
			t.Errorf("want a page of at least %d results, got %v", min, j)
			return
		}
		if len(res) > 20 {
			t.Errorf("%d results on a page", len(res))
		}
		for _, r := range res {
			for _, k := range append([]string{"id", "poster_path", "overview"}, keys...) {
				if _, ok := r.(map[string]any)[k]; !ok {
					t.Errorf("result without %q: %v", k, r)
				}
			}
		}
	}
}

func dated(min, max string) func(*testing.T, map[string]any) {
	return func(t *testing.T, j map[string]any) {
		t.Helper()
		results(1)(t, j)
		d, _ := j["dates"].(map[string]any)
		if d["minimum"] != min || d["maximum"] != max {
			t.Errorf("dates %v, want %s..%s", d, min, max)
		}
	}
}

func fields(keys ...string) func(*testing.T, map[string]any) {
	return func(t *testing.T, j map[string]any) {
		t.Helper()
		for _, k := range keys {
			if _, ok := j[k]; !ok {
				t.Errorf("no %q in %v", k, j)
			}
		}
	}
}

func first(j map[string]any, key string) any { return j["results"].([]any)[0].(map[string]any)[key] }

func titlesOf(j map[string]any) string {
	var out []string
	for _, r := range j["results"].([]any) {
		out = append(out, r.(map[string]any)["title"].(string))
	}
	return strings.Join(out, ", ")
}
