package library

import "testing"

func TestFindSeries(t *testing.T) {
	l := New()
	l.AddEpisodes(Series{TVDBID: 7, TMDBID: 70, Title: "Seven"}, Episode{Season: 1, Number: 2}, Episode{Season: 1, Number: 1})
	s, ok := l.OneSeries(7)
	if !ok || s.Title != "Seven" || len(s.Episodes) != 2 || s.Episodes[0].Number != 1 {
		t.Fatalf("OneSeries(7) = %+v, %v", s, ok)
	}
	s.Episodes[0].Title = "changed"
	if again, _ := l.OneSeries(7); again.Episodes[0].Title != "" {
		t.Error("OneSeries returned the library's own episodes")
	}
	if _, ok := l.OneSeries(8); ok {
		t.Error("found a series that is not there")
	}
	if id, ok := l.SeriesByTMDB(70); !ok || id != 7 {
		t.Errorf("SeriesByTMDB(70) = %d, %v", id, ok)
	}
	if _, ok := l.SeriesByTMDB(7); ok {
		t.Error("a TVDB id was taken for a TMDB id")
	}
}
