package main

import (
	"fmt"
	"strconv"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
)

// seedArr (-seed-arr) puts every film and series on disk in Radarr and
// Sonarr too, downloaded, so that a large seeded library can also be
// followed as requests sent there (a benchmark of the status sync points
// 10 000 requests at them). Titles of the catalogue come as the catalogue
// has them; synthetic ones (-seed-movies, -seed-episodes) are described
// from what the library holds.
func (s *stack) seedArr(cat *catalog.Catalog) (films, series int) {
	var fs []*catalog.Film
	for _, m := range s.lib.Movies() {
		f, ok := cat.Film(m.TMDBID)
		if !ok {
			f = syntheticFilm(m)
		}
		fs = append(fs, f)
	}
	var ss []*catalog.Series
	for _, sr := range s.lib.Series() {
		c, ok := cat.FindTVDB(sr.TVDBID)
		if !ok {
			c = syntheticSeries(sr)
		}
		ss = append(ss, c)
	}
	return s.radarr.AddDownloaded(fs, mediaserver.SeedEpoch), s.sonarr.AddDownloaded(ss, mediaserver.SeedEpoch)
}

func syntheticFilm(m library.Movie) *catalog.Film {
	return &catalog.Film{ID: m.TMDBID, Title: m.Title, OriginalTitle: m.Title, OriginalLanguage: "en",
		ReleaseDate: yearStart(m.Year), Runtime: 100, Status: "Released", IMDbID: m.IMDbID}
}

// syntheticSeries describes a series from its episodes on disk: episode ids
// are derived from the TVDB id, season and number, so they are unique.
func syntheticSeries(s library.Series) *catalog.Series {
	c := &catalog.Series{ID: s.TMDBID, Name: s.Title, OriginalName: s.Title, OriginalLanguage: "en",
		FirstAirDate: yearStart(s.Year), EpisodeRunTime: []int{45}, Status: "Ended", IMDbID: s.IMDbID, TVDBID: s.TVDBID}
	for _, e := range s.Episodes {
		if n := len(c.Seasons); n == 0 || c.Seasons[n-1].SeasonNumber != e.Season {
			c.Seasons = append(c.Seasons, catalog.Season{SeasonNumber: e.Season, Name: "Season " + strconv.Itoa(e.Season),
				AirDate: yearStart(s.Year), SeriesID: s.TMDBID})
		}
		se := &c.Seasons[len(c.Seasons)-1]
		se.Episodes = append(se.Episodes, catalog.Episode{ID: s.TVDBID*10_000 + int64(e.Season)*100 + int64(e.Number),
			EpisodeNumber: e.Number, Name: e.Title, AirDate: yearStart(s.Year), Runtime: 45, SeriesID: s.TMDBID, SeasonNumber: e.Season})
	}
	return c
}

func yearStart(y int) string {
	if y <= 0 {
		y = 2000
	}
	return fmt.Sprintf("%04d-01-01", y)
}
