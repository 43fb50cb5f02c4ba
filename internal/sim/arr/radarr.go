package arr

import (
	"net/http"
	"slices"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/sim/library"
)

// Radarr is a fake Radarr v3 API. It is safe for concurrent use.
type Radarr struct {
	*server
	movies map[int]*movie
	byTMDB map[int64]*movie
	order  []int // movie ids, ascending
	nextID int
	files  int // movie file ids handed out
	cmds   int // command ids handed out
}

// movie is a film in the fake's library.
type movie struct {
	id                  int
	film                *catalog.Film
	monitored           bool
	qualityProfileID    int
	minimumAvailability string
	rootFolderPath      string
	path                string
	tags                []int
	added               time.Time
	searchOnAdd         bool
	fileID              int // 0: no file
	size                int64
}

// NewRadarr builds a fake Radarr with Radarr's default quality profiles, one
// root folder (/movies unless set) and no films.
func NewRadarr(o Options) (*Radarr, error) {
	s, err := newServer("Radarr", o, RadarrSpec, []string{"/movies"})
	if err != nil {
		return nil, err
	}
	r := &Radarr{server: s, movies: map[int]*movie{}, byTMDB: map[int64]*movie{}}
	s.settle = r.settle
	if err := s.addSettingsRoutes("5.26.2.10099", r.usedSpace); err != nil {
		return nil, err
	}
	routes := []struct {
		method, path string
		h            handler
	}{
		{http.MethodGet, "/api/v3/movie", r.list},
		{http.MethodPost, "/api/v3/movie", r.add},
		{http.MethodGet, "/api/v3/movie/lookup/tmdb", r.lookup},
		{http.MethodGet, "/api/v3/movie/{id}", r.get},
		{http.MethodPut, "/api/v3/movie/{id}", r.update},
		{http.MethodDelete, "/api/v3/movie/{id}", r.delete},
		{http.MethodGet, "/api/v3/queue", r.queuePage},
		{http.MethodPost, "/api/v3/command", r.command},
	}
	for _, rt := range routes {
		if err := s.route(rt.method, rt.path, rt.h); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// settle puts finished downloads on disk and in the library, then grabs
// what came out since the last settle.
func (r *Radarr) settle(now time.Time) {
	r.queue.finished(now, func(d *download, at time.Time) {
		m := r.movies[d.target]
		if m == nil {
			return
		}
		r.files++
		m.fileID, m.size = r.files, d.size
		r.lib.AddMovie(library.Movie{TMDBID: m.film.ID, IMDbID: m.film.IMDbID, Title: m.film.Title,
			Year: year(m.film.ReleaseDate), AddedAt: at})
	})
	r.grabNew(now)
}

// grabNew grabs the monitored films released since the last settle, as an RSS sync would.
func (r *Radarr) grabNew(now time.Time) {
	after, upTo := r.newDays(now)
	if upTo == "" {
		return
	}
	for _, id := range r.order {
		if m := r.movies[id]; m.film.ReleaseDate > after && m.film.ReleaseDate <= upTo {
			r.search(m, now, false)
		}
	}
}

// search grabs a film without a file if it is out (no release of a film
// exists before). Like Radarr, a search someone asked for (manual) takes
// unmonitored films too; the search after an add does not.
func (r *Radarr) search(m *movie, now time.Time, manual bool) {
	if (!m.monitored && !manual) || m.fileID != 0 || m.film.ReleaseDate > catalog.Day(now) {
		return
	}
	r.queue.add(m.id, releaseName(m.film.Title, year(m.film.ReleaseDate), ""), filmSize(m.film), now)
}

func (r *Radarr) remove(m *movie, deleteFiles bool) {
	delete(r.movies, m.id)
	delete(r.byTMDB, m.film.ID)
	if i, found := slices.BinarySearch(r.order, m.id); found {
		r.order = slices.Delete(r.order, i, i+1)
	}
	r.queue.cancel(func(id int) bool { return id == m.id })
	if deleteFiles && m.fileID != 0 {
		r.lib.RemoveMovie(m.film.ID)
	}
}

func (r *Radarr) usedSpace() int64 {
	var n int64
	for _, m := range r.movies {
		n += m.size
	}
	return n
}

// filmSize is a 1080p file's size: about 33 MB a minute.
func filmSize(f *catalog.Film) int64 {
	minutes := f.Runtime
	if minutes <= 0 {
		minutes = 100
	}
	return int64(minutes) * 33_000_000
}
