// Package catalog is LeMedia's built-in catalogue: fictional films and series,
// written for this project, that let the whole product work offline when no
// TMDB key is configured. The same data feeds the TMDB fake used by tests,
// demos and benchmarks (internal/upstream/fake).
//
// Ids live in ranges no real TMDB title is near: films from 9 000 001, series
// from 9 100 001, seasons from 9 200 001, episodes from 9 300 001. IMDb ids
// are tt99xxxxxx and TVDB ids 9xxxxxxxx. Dates are "YYYY-MM-DD" strings, as
// TMDB sends them, and every list that depends on the date takes "today" as an
// argument so tests and demos can pin it.
//
// Everything returned is shared and read-only: callers must not modify it.
package catalog

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// Label names the built-in catalogue wherever its titles are shown.
const Label = "Built-in catalogue — fictional titles for trying LeMedia offline"

//go:embed data/films.json data/series.json
var data embed.FS

// Film is one fictional film.
type Film struct {
	ID               int64    `json:"id"`
	Title            string   `json:"title"`
	OriginalTitle    string   `json:"original_title"`
	OriginalLanguage string   `json:"original_language"`
	OriginCountry    []string `json:"origin_country"`
	Tagline          string   `json:"tagline"`
	Overview         string   `json:"overview"`
	GenreIDs         []int    `json:"genre_ids"`
	ReleaseDate      string   `json:"release_date"`
	Runtime          int      `json:"runtime"`
	// Status is as of the day the catalogue was written; use StatusOn.
	Status      string  `json:"status"`
	IMDbID      string  `json:"imdb_id"`
	VoteAverage float64 `json:"vote_average"`
	VoteCount   int     `json:"vote_count"`
	Popularity  float64 `json:"popularity"`
}

// Series is one fictional TV series.
type Series struct {
	ID               int64    `json:"id"`
	Name             string   `json:"name"`
	OriginalName     string   `json:"original_name"`
	OriginalLanguage string   `json:"original_language"`
	OriginCountry    []string `json:"origin_country"`
	Tagline          string   `json:"tagline"`
	Overview         string   `json:"overview"`
	GenreIDs         []int    `json:"genre_ids"`
	FirstAirDate     string   `json:"first_air_date"`
	EpisodeRunTime   []int    `json:"episode_run_time"`
	// Status is one of TMDB's: Returning Series, Ended, Canceled, In Production.
	Status      string   `json:"status"`
	IMDbID      string   `json:"imdb_id"`
	TVDBID      int64    `json:"tvdb_id"`
	VoteAverage float64  `json:"vote_average"`
	VoteCount   int      `json:"vote_count"`
	Popularity  float64  `json:"popularity"`
	Seasons     []Season `json:"seasons"`
}

// Season is one season of a series, with all its episodes.
type Season struct {
	ID           int64     `json:"id"`
	SeasonNumber int       `json:"season_number"`
	Name         string    `json:"name"`
	AirDate      string    `json:"air_date"`
	Overview     string    `json:"overview"`
	Episodes     []Episode `json:"episodes"`
	SeriesID     int64     `json:"-"`
}

// Episode is one episode; SeriesID and SeasonNumber are filled in on load.
type Episode struct {
	ID            int64   `json:"id"`
	EpisodeNumber int     `json:"episode_number"`
	Name          string  `json:"name"`
	AirDate       string  `json:"air_date"`
	Runtime       int     `json:"runtime"`
	VoteAverage   float64 `json:"vote_average"`
	Overview      string  `json:"overview"`
	SeriesID      int64   `json:"-"`
	SeasonNumber  int     `json:"-"`
}

// Catalog is the loaded catalogue with its indexes and image cache.
type Catalog struct {
	films    []*Film
	series   []*Series
	filmByID map[int64]*Film
	serByID  map[int64]*Series
	episodes map[int64]*Episode
	byIMDb   map[string]Entry
	byTVDB   map[int64]*Series
	images   imageCache
}

var defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
	films, err := data.ReadFile("data/films.json")
	if err != nil {
		return nil, err
	}
	series, err := data.ReadFile("data/series.json")
	if err != nil {
		return nil, err
	}
	return parse(films, series)
})

// Default returns the built-in catalogue, loaded once. The data is embedded
// and checked by the package tests, so a failure here is a build defect.
func Default() *Catalog {
	c, err := defaultCatalog()
	if err != nil {
		panic("catalog: embedded data is invalid: " + err.Error())
	}
	return c
}

func parse(filmsJSON, seriesJSON []byte) (*Catalog, error) {
	c := &Catalog{
		filmByID: map[int64]*Film{},
		serByID:  map[int64]*Series{},
		episodes: map[int64]*Episode{},
		byIMDb:   map[string]Entry{},
		byTVDB:   map[int64]*Series{},
	}
	if err := json.Unmarshal(filmsJSON, &c.films); err != nil {
		return nil, fmt.Errorf("films: %w", err)
	}
	if err := json.Unmarshal(seriesJSON, &c.series); err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	sort.Slice(c.films, func(i, j int) bool { return c.films[i].ID < c.films[j].ID })
	sort.Slice(c.series, func(i, j int) bool { return c.series[i].ID < c.series[j].ID })
	for _, f := range c.films {
		if c.filmByID[f.ID] != nil {
			return nil, fmt.Errorf("film id %d twice", f.ID)
		}
		c.filmByID[f.ID] = f
		c.byIMDb[f.IMDbID] = Entry{Film: f}
	}
	for _, s := range c.series {
		if c.serByID[s.ID] != nil {
			return nil, fmt.Errorf("series id %d twice", s.ID)
		}
		c.serByID[s.ID] = s
		c.byIMDb[s.IMDbID] = Entry{Series: s}
		c.byTVDB[s.TVDBID] = s
		for i := range s.Seasons {
			se := &s.Seasons[i]
			se.SeriesID = s.ID
			for j := range se.Episodes {
				e := &se.Episodes[j]
				e.SeriesID, e.SeasonNumber = s.ID, se.SeasonNumber
				if c.episodes[e.ID] != nil {
					return nil, fmt.Errorf("episode id %d twice", e.ID)
				}
				c.episodes[e.ID] = e
			}
		}
	}
	return c, nil
}

// Films returns every film, by id.
func (c *Catalog) Films() []*Film { return c.films }

// AllSeries returns every series, by id.
func (c *Catalog) AllSeries() []*Series { return c.series }

// Film looks a film up by its TMDB-style id.
func (c *Catalog) Film(id int64) (*Film, bool) { f, ok := c.filmByID[id]; return f, ok }

// Series looks a series up by its TMDB-style id.
func (c *Catalog) Series(id int64) (*Series, bool) { s, ok := c.serByID[id]; return s, ok }

// Episode looks an episode up by id.
func (c *Catalog) Episode(id int64) (*Episode, bool) { e, ok := c.episodes[id]; return e, ok }

// FindIMDb finds the film or series with an IMDb id.
func (c *Catalog) FindIMDb(id string) (Entry, bool) { e, ok := c.byIMDb[id]; return e, ok }

// FindTVDB finds the series with a TVDB id.
func (c *Catalog) FindTVDB(id int64) (*Series, bool) { s, ok := c.byTVDB[id]; return s, ok }
