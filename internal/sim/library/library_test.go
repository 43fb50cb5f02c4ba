package library

import "testing"

func TestEpisodesStayOrderedAndUnique(t *testing.T) {
	l := New()
	s := Series{TVDBID: 7, Title: "Show"}
	l.AddEpisodes(s, Episode{Season: 2, Number: 1}, Episode{Season: 1, Number: 2}, Episode{Season: 1, Number: 1})
	l.AddEpisodes(s, Episode{Season: 1, Number: 2, Title: "again"})
	got := l.Series()[0].Episodes
	want := [][2]int{{1, 1}, {1, 2}, {2, 1}}
	if len(got) != len(want) {
		t.Fatalf("episodes = %v", got)
	}
	for i, e := range got {
		if e.Season != want[i][0] || e.Number != want[i][1] || e.Title == "again" {
			t.Fatalf("episode %d = %+v", i, e)
		}
	}
	if _, _, n := l.Counts(); n != 3 {
		t.Fatalf("episodes counted = %d", n)
	}
}

func TestRemovingTheLastEpisodeRemovesTheSeries(t *testing.T) {
	l := New()
	l.AddEpisodes(Series{TVDBID: 7}, Episode{Season: 1, Number: 1})
	if !l.RemoveEpisode(7, 1, 1) || len(l.Series()) != 0 {
		t.Fatal("series kept after its last episode went")
	}
	if l.RemoveEpisode(7, 1, 1) {
		t.Fatal("removed an episode twice")
	}
	l.AddMovie(Movie{TMDBID: 3})
	if !l.RemoveMovie(3) || l.RemoveMovie(3) {
		t.Fatal("movie removal not reported once")
	}
}
