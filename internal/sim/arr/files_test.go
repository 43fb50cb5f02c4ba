package arr

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestDeleteFilesBehindTheServicesBacks: the file leaves the library and
// the item stays, monitored, without it; a search downloads it again.
func TestDeleteFilesBehindTheServicesBacks(t *testing.T) {
	e, r := newRadarrEnv(t, Options{DownloadTime: time.Minute})
	m := addMovie(e, 9_000_002, true)
	e.clock.advance(time.Minute)
	r.Settle()
	if r.DeleteMovieFile(9_000_003) {
		t.Error("deleted the file of a film Radarr does not have")
	}
	if !r.DeleteMovieFile(9_000_002) || r.DeleteMovieFile(9_000_002) {
		t.Fatal("the file was not deleted exactly once")
	}
	if _, ok := r.Library().Movie(9_000_002); ok {
		t.Error("the film is still in the library")
	}
	var got movieBody
	e.do(http.MethodGet, "/api/v3/movie/"+strconv.Itoa(m.ID), nil).json(t, &got)
	if got.HasFile || !got.Monitored {
		t.Errorf("after the delete: %+v", got)
	}
	e.do(http.MethodPost, "/api/v3/command", map[string]any{"name": "MoviesSearch", "movieIds": []int{m.ID}})
	e.clock.advance(time.Minute)
	r.Settle()
	if _, ok := r.Library().Movie(9_000_002); !ok {
		t.Error("a new search did not bring the film back")
	}

	es, so := newSonarrEnv(t, Options{DownloadTime: time.Minute})
	addSeries(es, map[string]any{"tvdbId": lanternTVDB, "monitored": true,
		"addOptions": map[string]any{"monitor": "all", "searchForMissingEpisodes": true}})
	es.clock.advance(time.Minute)
	so.Settle()
	_, _, before := so.Library().Counts()
	if n := so.DeleteEpisodeFiles(lanternTVDB, 1, 2); n != 1 {
		t.Errorf("one episode: %d files", n)
	}
	season := so.DeleteEpisodeFiles(lanternTVDB, 2, 0)
	all := so.DeleteEpisodeFiles(lanternTVDB, -1, 0)
	if season == 0 || all == 0 || 1+season+all != before {
		t.Errorf("of %d files: 1, season %d, rest %d", before, season, all)
	}
	if _, n, _ := so.Library().Counts(); n != 0 {
		t.Error("the series is still in the library")
	}
}
