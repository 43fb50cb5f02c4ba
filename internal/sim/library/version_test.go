package library

import "testing"

func TestVersionMovesOnEveryChangeOnly(t *testing.T) {
	l := New()
	v := l.Version()
	step := func(name string, change func() bool, moves bool) {
		t.Helper()
		change()
		if got := l.Version(); (got != v) != moves {
			t.Fatalf("%s: version %d -> %d", name, v, got)
		}
		v = l.Version()
	}
	step("add movie", func() bool { l.AddMovie(Movie{TMDBID: 1}); return true }, true)
	step("remove missing movie", func() bool { return l.RemoveMovie(2) }, false)
	step("remove movie", func() bool { return l.RemoveMovie(1) }, true)
	step("add episodes", func() bool { l.AddEpisodes(Series{TVDBID: 5}, Episode{Season: 1, Number: 1}); return true }, true)
	step("remove missing episode", func() bool { return l.RemoveEpisode(5, 9, 9) }, false)
	step("remove episode", func() bool { return l.RemoveEpisode(5, 1, 1) }, true)
	step("remove missing series", func() bool { return l.RemoveSeries(5) }, false)
}
