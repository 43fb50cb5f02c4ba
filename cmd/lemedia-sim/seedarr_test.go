package main

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/lemedia/lemedia/internal/sim/mediaserver"
)

// TestSeedArr: with -seed-arr, Radarr and Sonarr hold every seeded title,
// downloaded, with the ids the media servers give them, and answer about
// them within their contracts (checked against the specs when found).
func TestSeedArr(t *testing.T) {
	s := startSim(t, "-seed-episodes", "250", "-seed-movies", "3", "-seed-catalog", "-seed-arr")
	st := s.status()
	var movies []struct {
		ID      int   `json:"id"`
		TMDBID  int64 `json:"tmdbId"`
		HasFile bool  `json:"hasFile"`
	}
	s.json(http.MethodGet, "/radarr/api/v3/movie", "", http.StatusOK, &movies, radarrAuth...)
	if len(movies) != st.Movies {
		t.Fatalf("Radarr holds %d films, the library %d", len(movies), st.Movies)
	}
	synthetic := 0
	for _, m := range movies {
		if !m.HasFile {
			t.Errorf("film %d has no file", m.TMDBID)
		}
		if m.TMDBID >= mediaserver.LargeMovieTMDB && m.TMDBID < mediaserver.LargeMovieTMDB+3 {
			synthetic++
		}
	}
	if synthetic != 3 {
		t.Errorf("%d synthetic films in Radarr", synthetic)
	}
	var series []struct {
		ID      int   `json:"id"`
		TVDBID  int64 `json:"tvdbId"`
		TMDBID  int64 `json:"tmdbId"`
		Seasons []struct {
			SeasonNumber int `json:"seasonNumber"`
		} `json:"seasons"`
	}
	s.json(http.MethodGet, "/sonarr/api/v3/series", "", http.StatusOK, &series, sonarrAuth...)
	if len(series) != st.Series {
		t.Fatalf("Sonarr holds %d series, the library %d", len(series), st.Series)
	}
	episodes := 0
	for _, sr := range series {
		var eps []struct {
			SeasonNumber  int  `json:"seasonNumber"`
			EpisodeNumber int  `json:"episodeNumber"`
			HasFile       bool `json:"hasFile"`
		}
		s.json(http.MethodGet, "/sonarr/api/v3/episode?seriesId="+strconv.Itoa(sr.ID), "", http.StatusOK, &eps, sonarrAuth...)
		for _, e := range eps {
			if !e.HasFile {
				t.Errorf("series %d: S%dE%d has no file", sr.TVDBID, e.SeasonNumber, e.EpisodeNumber)
			}
		}
		episodes += len(eps)
		if sr.TVDBID == mediaserver.LargeSeriesTVDB+2 && (sr.TMDBID != mediaserver.LargeSeriesTMDB+2 || len(eps) != 50 || len(sr.Seasons) != 5) {
			t.Errorf("the last synthetic series, cut short: %+v with %d episodes", sr, len(eps))
		}
	}
	if episodes != st.Episodes {
		t.Errorf("Sonarr holds %d episodes, the library %d", episodes, st.Episodes)
	}
	var queue struct {
		TotalRecords int `json:"totalRecords"`
	}
	s.json(http.MethodGet, "/sonarr/api/v3/queue", "", http.StatusOK, &queue, sonarrAuth...)
	if queue.TotalRecords != 0 {
		t.Errorf("%d queued", queue.TotalRecords)
	}
}
