package arr

import (
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// list answers GET /api/v3/movie: every film, or the one with ?tmdbId=.
func (r *Radarr) list(req *http.Request, _ []byte, now time.Time) reply {
	if v := req.URL.Query().Get("tmdbId"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		if m := r.byTMDB[id]; m != nil {
			return ok([]movieResource{r.resource(m, now)})
		}
		return ok([]movieResource{})
	}
	out := make([]movieResource, 0, len(r.order))
	for _, id := range r.order {
		out = append(out, r.resource(r.movies[id], now))
	}
	return ok(out)
}

// lookup answers GET /api/v3/movie/lookup/tmdb. Like Radarr, an id its
// metadata source does not know is a server error, not a 404.
func (r *Radarr) lookup(req *http.Request, _ []byte, now time.Time) reply {
	id, _ := strconv.ParseInt(req.URL.Query().Get("tmdbId"), 10, 64)
	f, found := r.cat.Film(id)
	if !found {
		return reply{http.StatusInternalServerError, errorBody{
			Message: "Movie with tmdbId " + strconv.FormatInt(id, 10) + " was not found, it may have been removed from TMDb."}}
	}
	return ok(r.filmResource(f, now))
}

func (r *Radarr) byID(req *http.Request) (*movie, int) {
	id, _ := strconv.Atoi(req.PathValue("id"))
	return r.movies[id], id
}

func (r *Radarr) get(req *http.Request, _ []byte, now time.Time) reply {
	m, id := r.byID(req)
	if m == nil {
		return notFound("Movie", id)
	}
	return ok(r.resource(m, now))
}

// movieInput is what Radarr reads from a POST or PUT body.
type movieInput struct {
	TMDBID              int64            `json:"tmdbId"`
	Title               string           `json:"title"`
	QualityProfileID    int              `json:"qualityProfileId"`
	RootFolderPath      string           `json:"rootFolderPath"`
	Path                string           `json:"path"`
	MinimumAvailability string           `json:"minimumAvailability"`
	Monitored           bool             `json:"monitored"`
	Tags                []int            `json:"tags"`
	AddOptions          *addMovieOptions `json:"addOptions"`
}

// add answers POST /api/v3/movie with Radarr's checks, in its order.
func (r *Radarr) add(_ *http.Request, body []byte, now time.Time) reply {
	var in movieInput
	if !decode(body, &in) {
		return invalid(fail("", "Unreadable body", nil, ""))
	}
	var fs []failure
	if in.Path == "" && r.folderOf(in.RootFolderPath) == "" {
		fs = append(fs, fail("RootFolderPath", "Root folder '"+in.RootFolderPath+"' does not exist", in.RootFolderPath, "RootFolderExistsValidator"))
	}
	if in.Path != "" && r.folderOf(in.Path) == "" {
		fs = append(fs, fail("Path", "Path '"+in.Path+"' is not in a root folder", in.Path, "RootFolderValidator"))
	}
	if !r.hasProfile(in.QualityProfileID) {
		fs = append(fs, fail("QualityProfileId", "QualityProfile does not exist", in.QualityProfileID, "QualityProfileExistsValidator"))
	}
	if !r.validTags(in.Tags) {
		fs = append(fs, fail("Tags", "Tag does not exist", in.Tags, "TagExistsValidator"))
	}
	switch {
	case in.TMDBID <= 0:
		fs = append(fs, fail("TmdbId", "'Tmdb Id' must not be empty.", in.TMDBID, "NotEmptyValidator"))
	case r.byTMDB[in.TMDBID] != nil:
		fs = append(fs, fail("TmdbId", "This movie has already been added", in.TMDBID, "MovieExistsValidator"))
	}
	if len(fs) > 0 {
		return invalid(fs...)
	}
	f, found := r.cat.Film(in.TMDBID)
	if !found {
		return invalid(fail("TmdbId", "A movie with this ID was not found.", in.TMDBID, ""))
	}
	p := in.Path
	if p == "" {
		p = path.Join(in.RootFolderPath, folderName(f.Title, year(f.ReleaseDate)))
	}
	r.nextID++
	m := &movie{id: r.nextID, film: f, monitored: in.Monitored, qualityProfileID: in.QualityProfileID,
		minimumAvailability: orDefault(in.MinimumAvailability, "released"), rootFolderPath: r.folderOf(p),
		path: p, tags: dedupe(in.Tags), added: now, searchOnAdd: in.AddOptions != nil && in.AddOptions.SearchForMovie}
	r.movies[m.id], r.byTMDB[f.ID] = m, m
	r.order = append(r.order, m.id)
	if m.searchOnAdd {
		r.search(m, now, false)
	}
	return created(r.resource(m, now))
}

// update answers PUT /api/v3/movie/{id}. Like Radarr, it takes the body as
// the whole film: a field left out is reset, which is why clients send back
// what they fetched.
func (r *Radarr) update(req *http.Request, body []byte, now time.Time) reply {
	m, id := r.byID(req)
	if m == nil {
		return notFound("Movie", id)
	}
	var in movieInput
	if !decode(body, &in) {
		return invalid(fail("", "Unreadable body", nil, ""))
	}
	var fs []failure
	if strings.TrimSpace(in.Path) == "" {
		fs = append(fs, fail("Path", "'Path' must not be empty.", in.Path, "NotEmptyValidator"))
	}
	if !r.hasProfile(in.QualityProfileID) {
		fs = append(fs, fail("QualityProfileId", "QualityProfile does not exist", in.QualityProfileID, "QualityProfileExistsValidator"))
	}
	if !r.validTags(in.Tags) {
		fs = append(fs, fail("Tags", "Tag does not exist", in.Tags, "TagExistsValidator"))
	}
	if len(fs) > 0 {
		return invalid(fs...)
	}
	m.monitored, m.qualityProfileID, m.tags = in.Monitored, in.QualityProfileID, dedupe(in.Tags)
	m.minimumAvailability = orDefault(in.MinimumAvailability, "tba")
	return accepted(r.resource(m, now))
}

// delete answers DELETE /api/v3/movie/{id}: the film leaves Radarr, and its
// file leaves the disk only with deleteFiles=true.
func (r *Radarr) delete(req *http.Request, _ []byte, _ time.Time) reply {
	m, id := r.byID(req)
	if m == nil {
		return notFound("Movie", id)
	}
	r.remove(m, req.URL.Query().Get("deleteFiles") == "true")
	return ok(nil)
}

func intOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return def
	}
	return n
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// dedupe keeps the first of each tag id, as Radarr stores a set.
func dedupe(ids []int) []int {
	out := make([]int, 0, len(ids))
	seen := map[int]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
