// Package library is the shared state of the simulated media stack
// (cmd/lemedia-sim): what the fake Radarr and Sonarr have "downloaded", which
// the fake Jellyfin and Plex then serve as their libraries. It is safe for
// concurrent use.
package library

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Movie is a film with a file on disk.
type Movie struct {
	TMDBID  int64
	IMDbID  string
	Title   string
	Year    int
	AddedAt time.Time
}

// Episode is one episode with a file on disk.
type Episode struct {
	Season, Number int
	Title          string
	AddedAt        time.Time
}

// Series is a show with at least one episode on disk, keyed by its TVDB id.
type Series struct {
	TVDBID   int64
	TMDBID   int64
	IMDbID   string
	Title    string
	Year     int
	Episodes []Episode // ordered by season, then number
}

// Library holds the films and series on disk.
type Library struct {
	mu      sync.RWMutex
	movies  map[int64]Movie
	series  map[int64]*Series
	version atomic.Uint64 // bumped by every change, so readers can cache views
}

// New returns an empty library.
func New() *Library {
	return &Library{movies: map[int64]Movie{}, series: map[int64]*Series{}}
}

// AddMovie puts a film on disk (replacing an earlier copy).
func (l *Library) AddMovie(m Movie) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.movies[m.TMDBID] = m
	l.version.Add(1)
}

// RemoveMovie deletes a film; it reports whether it was there.
func (l *Library) RemoveMovie(tmdbID int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.movies[tmdbID]
	delete(l.movies, tmdbID)
	if ok {
		l.version.Add(1)
	}
	return ok
}

// AddEpisodes puts episodes of a series on disk, creating the series on
// first use; an episode already there keeps its first AddedAt.
func (l *Library) AddEpisodes(s Series, eps ...Episode) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur, ok := l.series[s.TVDBID]
	if !ok {
		cur = &Series{TVDBID: s.TVDBID, TMDBID: s.TMDBID, IMDbID: s.IMDbID, Title: s.Title, Year: s.Year}
		l.series[s.TVDBID] = cur
	}
	for _, e := range eps {
		i, found := slices.BinarySearchFunc(cur.Episodes, e, compareEpisodes)
		if !found {
			cur.Episodes = slices.Insert(cur.Episodes, i, e)
		}
	}
	l.version.Add(1)
}

// RemoveSeries deletes a whole series; it reports whether it was there.
func (l *Library) RemoveSeries(tvdbID int64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.series[tvdbID]
	delete(l.series, tvdbID)
	if ok {
		l.version.Add(1)
	}
	return ok
}

// RemoveEpisode deletes one episode (and the series with its last episode).
func (l *Library) RemoveEpisode(tvdbID int64, season, number int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur, ok := l.series[tvdbID]
	if !ok {
		return false
	}
	i, found := slices.BinarySearchFunc(cur.Episodes, Episode{Season: season, Number: number}, compareEpisodes)
	if !found {
		return false
	}
	cur.Episodes = slices.Delete(cur.Episodes, i, i+1)
	if len(cur.Episodes) == 0 {
		delete(l.series, tvdbID)
	}
	l.version.Add(1)
	return true
}

// Version changes whenever the library does (it only grows), so a reader
// can keep a derived view until it moves. It is read without the lock.
func (l *Library) Version() uint64 { return l.version.Load() }

// Movie returns one film.
func (l *Library) Movie(tmdbID int64) (Movie, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	m, ok := l.movies[tmdbID]
	return m, ok
}

// Movies returns the films ordered by TMDB id.
func (l *Library) Movies() []Movie {
	l.mu.RLock()
	out := make([]Movie, 0, len(l.movies))
	for _, m := range l.movies {
		out = append(out, m)
	}
	l.mu.RUnlock()
	slices.SortFunc(out, func(a, b Movie) int { return cmp64(a.TMDBID, b.TMDBID) })
	return out
}

// Series returns copies of the series ordered by TVDB id.
func (l *Library) Series() []Series {
	l.mu.RLock()
	out := make([]Series, 0, len(l.series))
	for _, s := range l.series {
		c := *s
		c.Episodes = slices.Clone(s.Episodes)
		out = append(out, c)
	}
	l.mu.RUnlock()
	slices.SortFunc(out, func(a, b Series) int { return cmp64(a.TVDBID, b.TVDBID) })
	return out
}

// Counts returns how many films, series and episodes are on disk.
func (l *Library) Counts() (movies, series, episodes int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, s := range l.series {
		episodes += len(s.Episodes)
	}
	return len(l.movies), len(l.series), episodes
}

func compareEpisodes(a, b Episode) int {
	if a.Season != b.Season {
		return a.Season - b.Season
	}
	return a.Number - b.Number
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
