package fake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/catalog"
)

// appends reads append_to_response.
func appends(r *http.Request, what string) bool {
	return slices.Contains(strings.Split(r.URL.Query().Get("append_to_response"), ","), what)
}

func (t *TMDB) movie(w http.ResponseWriter, r *http.Request) {
	f, ok := t.cat.Film(idParam(r, "movie_id"))
	if !ok {
		notFound(w)
		return
	}
	d := movieDetail(f, t.day())
	if appends(r, "external_ids") {
		ids := movieExternalIDs(f)
		d.ExternalIDs = &ids
	}
	writeJSON(w, http.StatusOK, d)
}

func movieExternalIDs(f *catalog.Film) movieExternalID {
	return movieExternalID{ID: f.ID, IMDbID: f.IMDbID}
}

func seriesExternalIDs(s *catalog.Series) tvExternalID {
	return tvExternalID{ID: s.ID, IMDbID: s.IMDbID, TVDBID: s.TVDBID}
}

func (t *TMDB) movieExternalIDs(w http.ResponseWriter, r *http.Request) {
	f, ok := t.cat.Film(idParam(r, "movie_id"))
	if !ok {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, movieExternalIDs(f))
}

func (t *TMDB) series(w http.ResponseWriter, r *http.Request) {
	s, ok := t.cat.Series(idParam(r, "series_id"))
	if !ok {
		notFound(w)
		return
	}
	d := seriesDetail(s, t.day())
	if appends(r, "external_ids") {
		ids := seriesExternalIDs(s)
		d.ExternalIDs = &ids
	}
	writeJSON(w, http.StatusOK, d)
}

func (t *TMDB) seriesExternalIDs(w http.ResponseWriter, r *http.Request) {
	s, ok := t.cat.Series(idParam(r, "series_id"))
	if !ok {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, seriesExternalIDs(s))
}

func (t *TMDB) season(w http.ResponseWriter, r *http.Request) {
	s, ok := t.cat.Series(idParam(r, "series_id"))
	if !ok {
		notFound(w)
		return
	}
	se, ok := s.Season(int(idParam(r, "season_number")))
	if !ok {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, seasonDetail(s, se))
}

// related answers recommendations (whose results carry media_type) and similar.
func (t *TMDB) related(k catalog.Kind, param string, get func(catalog.Kind, int64) []catalog.Entry, withType bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := idParam(r, param)
		_, film := t.cat.Film(id)
		_, series := t.cat.Series(id)
		if (k == catalog.KindFilm && !film) || (k == catalog.KindSeries && !series) {
			notFound(w)
			return
		}
		t.writePage(w, r, get(k, id), withType)
	}
}

func (t *TMDB) genres(k catalog.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"genres": catalog.Genres(k)})
	}
}

// find answers /3/find/{external_id} for IMDb and TVDB ids.
func (t *TMDB) find(w http.ResponseWriter, r *http.Request) {
	res := map[string][]any{
		"movie_results": {}, "person_results": {}, "tv_results": {},
		"tv_episode_results": {}, "tv_season_results": {},
	}
	id := r.PathValue("external_id")
	switch r.URL.Query().Get("external_source") {
	case "imdb_id":
		if e, ok := t.cat.FindIMDb(id); ok && e.Film != nil {
			res["movie_results"] = append(res["movie_results"], movieItem(e.Film, true))
		} else if ok {
			res["tv_results"] = append(res["tv_results"], tvItem(e.Series, true))
		}
	case "tvdb_id":
		n, _ := strconv.ParseInt(id, 10, 64)
		if s, ok := t.cat.FindTVDB(n); ok {
			res["tv_results"] = append(res["tv_results"], tvItem(s, true))
		}
	}
	writeJSON(w, http.StatusOK, res)
}
