package catalog

import (
	"slices"
	"testing"
)

func TestDateListsHaveMembersEveryDay(t *testing.T) {
	c := Default()
	// The catalogue's dates were chosen so that these lists are never empty
	// while LeMedia is likely to run on them with the wall clock.
	for d := day(t, "2025-01-01"); d.Before(day(t, "2027-10-29")); d = d.AddDate(0, 0, 1) {
		if len(c.NowPlaying(d)) == 0 || len(c.Upcoming(d)) == 0 || len(c.OnTheAir(d)) == 0 {
			t.Fatalf("%s: now playing %d, upcoming %d, on the air %d", Day(d),
				len(c.NowPlaying(d)), len(c.Upcoming(d)), len(c.OnTheAir(d)))
		}
	}
}

func TestDateLists(t *testing.T) {
	c := Default()
	today := day(t, "2026-06-15")
	np, up := NowPlayingDates(today), UpcomingDates(today)
	if np != (DateRange{"2026-04-21", "2026-06-15"}) || up != (DateRange{"2026-06-16", "2026-10-13"}) {
		t.Fatalf("windows %v %v", np, up)
	}
	for _, e := range c.NowPlaying(today) {
		if e.Date() < np.From || e.Date() > np.To || e.Kind() != KindFilm {
			t.Errorf("now playing: %s %s", e.Title(), e.Date())
		}
	}
	if !has(c.NowPlaying(today), "Island of Lanterns") || !has(c.Upcoming(today), "The Tinker's Gambit") {
		t.Error("missing the films released around 2026-06-15")
	}
	for _, e := range c.Upcoming(today) {
		if e.Date() < up.From || e.Date() > up.To {
			t.Errorf("upcoming: %s %s", e.Title(), e.Date())
		}
	}
	if !has(c.OnTheAir(today), "Kingdom of Tides") || has(c.OnTheAir(today), "Quarry Lane") {
		t.Errorf("on the air: %v", names(c.OnTheAir(today)))
	}
	// Kingdom of Tides season 3 airs on Sundays from 2026-05-03.
	if got := c.AiringToday(day(t, "2026-05-10")); !has(got, "Kingdom of Tides") {
		t.Errorf("airing today: %v", names(got))
	}
}

func TestPopularTopRatedTrending(t *testing.T) {
	c := Default()
	pop := c.Popular(KindFilm)
	if len(pop) != len(c.Films()) || !slices.IsSortedFunc(pop, func(a, b Entry) int { return byPopularity(a, b) }) {
		t.Error("Popular is not every film by popularity")
	}
	if all := c.Popular(KindAny); len(all) != len(c.Films())+len(c.AllSeries()) {
		t.Errorf("Popular(any) has %d titles", len(all))
	}
	for _, e := range c.TopRated(KindSeries) {
		if e.VoteCount() < 50 || e.Kind() != KindSeries {
			t.Errorf("top rated: %s with %d votes", e.Title(), e.VoteCount())
		}
	}
	today := day(t, "2026-06-15")
	tr := c.Trending(KindAny, today, "day")
	for _, e := range tr {
		if e.Date() > Day(today) {
			t.Errorf("trending includes %s, out %s", e.Title(), e.Date())
		}
	}
	if !slices.Equal(ids(tr), ids(c.Trending(KindAny, today, "day"))) {
		t.Error("Trending is not deterministic")
	}
	if slices.Equal(ids(tr), ids(c.Trending(KindAny, today, "week"))) {
		t.Error("day and week windows give the same list")
	}
	// A recent title trends above an old one of similar popularity.
	if pos(tr, "Island of Lanterns") > pos(tr, "Paper Comets") {
		t.Error("a 1992 film trends above one released this week")
	}
}

func TestDiscover(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		name string
		f    Filter
		ok   func(Entry) bool
	}{
		{"genres all", Filter{Kind: KindFilm, Genres: []int{16, 10751}}, func(e Entry) bool {
			return slices.Contains(e.GenreIDs(), 16) && slices.Contains(e.GenreIDs(), 10751)
		}},
		{"genres any", Filter{Kind: KindFilm, Genres: []int{37, 10752}, AnyGenre: true}, func(e Entry) bool {
			return slices.Contains(e.GenreIDs(), 37) || slices.Contains(e.GenreIDs(), 10752)
		}},
		{"without", Filter{Kind: KindSeries, WithoutGenres: []int{18}}, func(e Entry) bool {
			return !slices.Contains(e.GenreIDs(), 18)
		}},
		{"year", Filter{Kind: KindFilm, Year: 2026}, func(e Entry) bool { return e.Date()[:4] == "2026" }},
		{"language", Filter{Kind: KindSeries, Language: "ja"}, func(e Entry) bool { return e.OriginalLanguage() == "ja" }},
		{"dates", Filter{Kind: KindFilm, From: "2000-01-01", To: "2004-12-31"}, func(e Entry) bool {
			return e.Date() >= "2000" && e.Date() < "2005"
		}},
		{"votes", Filter{Kind: KindFilm, MinVoteAverage: 7, MinVoteCount: 100}, func(e Entry) bool {
			return e.VoteAverage() >= 7 && e.VoteCount() >= 100
		}},
	} {
		got := c.Discover(tc.f)
		if len(got) == 0 {
			t.Errorf("%s: nothing found", tc.name)
		}
		for _, e := range got {
			if !tc.ok(e) || e.Kind() != tc.f.Kind {
				t.Errorf("%s: %s does not match", tc.name, e.Title())
			}
		}
		all := 0
		for _, e := range c.entries(tc.f.Kind) {
			if tc.ok(e) {
				all++
			}
		}
		if all != len(got) {
			t.Errorf("%s: found %d of %d", tc.name, len(got), all)
		}
	}
	byDate := c.Discover(Filter{Kind: KindFilm, SortBy: SortDate, Ascending: true})
	if !slices.IsSortedFunc(byDate, func(a, b Entry) int { return compareStr(a.Date(), b.Date()) }) {
		t.Error("sort by date ascending")
	}
	byTitle := c.Discover(Filter{Kind: KindSeries, SortBy: SortTitle})
	if !slices.IsSortedFunc(byTitle, func(a, b Entry) int { return compareStr(fold(b.Title()), fold(a.Title())) }) {
		t.Error("sort by title descending")
	}
}

func TestSimilarAndRecommendations(t *testing.T) {
	c := Default()
	self, _ := c.Film(9_000_013) // The Cartographer's Cat: animation, adventure, family
	for name, list := range map[string][]Entry{
		"similar":         c.Similar(KindFilm, self.ID),
		"recommendations": c.Recommendations(KindFilm, self.ID),
	} {
		if len(list) == 0 {
			t.Errorf("%s: empty", name)
		}
		for _, e := range list {
			if e.ID() == self.ID || e.Kind() != KindFilm {
				t.Errorf("%s includes %s", name, e.Title())
			}
		}
	}
	if got := c.Similar(KindSeries, self.ID); got != nil {
		t.Errorf("a film id as a series found %v", names(got))
	}
	if got := c.Similar(KindSeries, 9_100_005); len(got) == 0 || !slices.Contains(got[0].GenreIDs(), 16) {
		t.Errorf("similar to Pixel & Pip: %v", names(got))
	}
}

func has(es []Entry, title string) bool { return pos(es, title) >= 0 }

func pos(es []Entry, title string) int {
	return slices.IndexFunc(es, func(e Entry) bool { return e.Title() == title })
}

func names(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Title())
	}
	return out
}

func ids(es []Entry) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.ID())
	}
	return out
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
