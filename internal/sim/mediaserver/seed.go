package mediaserver

import (
	"fmt"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/sim/library"
)

// SeedEpoch is when seeded items start arriving: one a minute from then, so
// the recently-added order is known.
var SeedEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// SeedCatalog puts every film and every episode of a catalogue (usually
// catalog.Default()) on disk: films first, then series by series, one a
// minute from SeedEpoch.
func SeedCatalog(lib *library.Library, cat *catalog.Catalog) {
	at := SeedEpoch
	next := func() time.Time { at = at.Add(time.Minute); return at }
	for _, f := range cat.Films() {
		lib.AddMovie(library.Movie{TMDBID: f.ID, IMDbID: f.IMDbID, Title: f.Title, Year: year(f.ReleaseDate), AddedAt: next()})
	}
	for _, s := range cat.AllSeries() {
		var eps []library.Episode
		for _, se := range s.Seasons {
			for _, e := range se.Episodes {
				eps = append(eps, library.Episode{Season: se.SeasonNumber, Number: e.EpisodeNumber, Title: e.Name, AddedAt: next()})
			}
		}
		lib.AddEpisodes(library.Series{TVDBID: s.TVDBID, TMDBID: s.ID, IMDbID: s.IMDbID, Title: s.Name,
			Year: year(s.FirstAirDate)}, eps...)
	}
}

func year(date string) int {
	if len(date) < 4 {
		return 0
	}
	y, _ := strconv.Atoi(date[:4])
	return y
}

// Ids of synthetic titles, far from the catalogue's (TMDB 9 000 001…,
// TVDB 900 000 001…).
const (
	LargeSeriesTVDB = 800_000_001
	LargeSeriesTMDB = 8_100_001
	LargeMovieTMDB  = 8_500_001
)

// SeedLarge adds synthetic series of 10 seasons of 10 episodes (the last
// series cut short) until it has added n episodes, one a minute from
// SeedEpoch; it returns how many series. Their TVDB ids start at
// LargeSeriesTVDB, so seeding twice adds nothing new.
func SeedLarge(lib *library.Library, n int) int {
	const seasons, perSeason = 10, 10
	at := SeedEpoch
	added := 0
	series := 0
	for ; added < n; series++ {
		i := int64(series)
		s := library.Series{TVDBID: LargeSeriesTVDB + i, TMDBID: LargeSeriesTMDB + i,
			IMDbID: fmt.Sprintf("tt8%07d", i+1), Title: fmt.Sprintf("Synthetic Series %d", i+1), Year: 2000 + int(i%25)}
		eps := make([]library.Episode, 0, seasons*perSeason)
		for season := 1; season <= seasons && added < n; season++ {
			for number := 1; number <= perSeason && added < n; number++ {
				at = at.Add(time.Minute)
				eps = append(eps, library.Episode{Season: season, Number: number,
					Title: fmt.Sprintf("Episode %d", number), AddedAt: at})
				added++
			}
		}
		lib.AddEpisodes(s, eps...)
	}
	return series
}

// SeedMovies adds n synthetic films, TMDB ids from LargeMovieTMDB, one a
// minute from SeedEpoch.
func SeedMovies(lib *library.Library, n int) {
	for i := range int64(n) {
		lib.AddMovie(library.Movie{TMDBID: LargeMovieTMDB + i, IMDbID: fmt.Sprintf("tt85%06d", i+1),
			Title: fmt.Sprintf("Synthetic Film %d", i+1), Year: 1980 + int(i%45), AddedAt: SeedEpoch.Add(time.Duration(i+1) * time.Minute)})
	}
}
