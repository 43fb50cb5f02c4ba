package catalog

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSize(t *testing.T) {
	c := Default()
	if n := len(c.Films()); n < 60 {
		t.Errorf("%d films, want at least 60", n)
	}
	if n := len(c.AllSeries()); n < 20 {
		t.Errorf("%d series, want at least 20", n)
	}
	for _, s := range c.AllSeries() {
		if n := s.NumberOfSeasons(); n < 1 || n > 6 {
			t.Errorf("%s: %d seasons, want 1 to 6", s.Name, n)
		}
		for _, se := range s.Seasons {
			if len(se.Episodes) == 0 {
				t.Errorf("%s season %d has no episodes", s.Name, se.SeasonNumber)
			}
		}
	}
	if !strings.Contains(Label, "Built-in catalogue") {
		t.Errorf("Label = %q", Label)
	}
}

func TestIDsAreUniqueAndOutOfTMDBRange(t *testing.T) {
	c := Default()
	seen := map[int64]string{}
	claim := func(id int64, lo, hi int64, what string) {
		t.Helper()
		if id < lo || id > hi {
			t.Errorf("%s id %d outside [%d, %d]", what, id, lo, hi)
		}
		if prev, dup := seen[id]; dup {
			t.Errorf("id %d used by %s and %s", id, prev, what)
		}
		seen[id] = what
	}
	imdb := regexp.MustCompile(`^tt9\d{7}$`)
	imdbSeen, tvdbSeen := map[string]bool{}, map[int64]bool{}
	checkIMDb := func(id, what string) {
		if !imdb.MatchString(id) || imdbSeen[id] {
			t.Errorf("%s: bad or repeated IMDb id %q", what, id)
		}
		imdbSeen[id] = true
	}
	for _, f := range c.Films() {
		claim(f.ID, 9_000_001, 9_099_999, "film "+f.Title)
		checkIMDb(f.IMDbID, f.Title)
	}
	for _, s := range c.AllSeries() {
		claim(s.ID, 9_100_001, 9_199_999, "series "+s.Name)
		checkIMDb(s.IMDbID, s.Name)
		if s.TVDBID < 900_000_000 || s.TVDBID > 999_999_999 || tvdbSeen[s.TVDBID] {
			t.Errorf("%s: bad or repeated TVDB id %d", s.Name, s.TVDBID)
		}
		tvdbSeen[s.TVDBID] = true
		for _, se := range s.Seasons {
			claim(se.ID, 9_200_001, 9_299_999, "season of "+s.Name)
			for _, e := range se.Episodes {
				claim(e.ID, 9_300_001, 9_399_999, "episode "+e.Name)
			}
		}
	}
}

func TestDataIsConsistent(t *testing.T) {
	c := Default()
	date := func(what, d string) {
		t.Helper()
		tm, err := time.Parse(time.DateOnly, d)
		if err != nil || tm.Year() < 1990 || tm.Year() > 2027 {
			t.Errorf("%s: date %q not a day in 1990–2027", what, d)
		}
	}
	titles := map[string]bool{}
	text := func(what string, fields ...string) {
		t.Helper()
		for _, f := range fields {
			if strings.TrimSpace(f) == "" {
				t.Errorf("%s: empty text field", what)
			}
		}
	}
	genres := func(what string, k Kind, ids []int) {
		t.Helper()
		if len(ids) == 0 {
			t.Errorf("%s: no genres", what)
		}
		for _, id := range ids {
			if GenreName(k, id) == "" {
				t.Errorf("%s: genre %d is not a TMDB %s genre", what, id, k)
			}
		}
	}
	votes := func(what string, avg float64, n int) {
		t.Helper()
		if (avg == 0) != (n == 0) || avg < 0 || avg > 10 {
			t.Errorf("%s: vote average %v with %d votes", what, avg, n)
		}
	}
	for _, f := range c.Films() {
		text(f.Title, f.Title, f.OriginalTitle, f.OriginalLanguage, f.Overview, f.Tagline, f.Status)
		date(f.Title, f.ReleaseDate)
		genres(f.Title, KindFilm, f.GenreIDs)
		votes(f.Title, f.VoteAverage, f.VoteCount)
		if f.Runtime < 60 || f.Runtime > 200 || f.Popularity <= 0 || len(f.OriginCountry) == 0 {
			t.Errorf("%s: runtime %d, popularity %v, countries %v", f.Title, f.Runtime, f.Popularity, f.OriginCountry)
		}
		if titles[f.Title] {
			t.Errorf("title %q twice", f.Title)
		}
		titles[f.Title] = true
	}
	statuses := []string{"Returning Series", "Ended", "Canceled", "In Production"}
	for _, s := range c.AllSeries() {
		text(s.Name, s.Name, s.OriginalName, s.OriginalLanguage, s.Overview, s.Tagline)
		date(s.Name, s.FirstAirDate)
		genres(s.Name, KindSeries, s.GenreIDs)
		votes(s.Name, s.VoteAverage, s.VoteCount)
		if !slices.Contains(statuses, s.Status) || len(s.EpisodeRunTime) == 0 {
			t.Errorf("%s: status %q, run times %v", s.Name, s.Status, s.EpisodeRunTime)
		}
		if titles[s.Name] {
			t.Errorf("title %q twice", s.Name)
		}
		titles[s.Name] = true
		if s.FirstAirDate != s.Seasons[0].Episodes[0].AirDate {
			t.Errorf("%s: first air date %s, first episode %s", s.Name, s.FirstAirDate, s.Seasons[0].Episodes[0].AirDate)
		}
		prev := ""
		for i, se := range s.Seasons {
			text(s.Name, se.Name, se.Overview)
			if se.SeasonNumber != i+1 || se.AirDate != se.Episodes[0].AirDate || se.SeriesID != s.ID {
				t.Errorf("%s: season %d numbered %d, air date %s", s.Name, i+1, se.SeasonNumber, se.AirDate)
			}
			for j, e := range se.Episodes {
				what := s.Name + ": " + e.Name
				text(what, e.Name, e.Overview)
				date(what, e.AirDate)
				if e.EpisodeNumber != j+1 || e.SeasonNumber != se.SeasonNumber || e.SeriesID != s.ID {
					t.Errorf("%s: numbered S%dE%d at position %d", what, e.SeasonNumber, e.EpisodeNumber, j+1)
				}
				if e.AirDate <= prev || e.Runtime < 5 {
					t.Errorf("%s: air date %s after %s, runtime %d", what, e.AirDate, prev, e.Runtime)
				}
				prev = e.AirDate
			}
		}
	}
}

func TestLookups(t *testing.T) {
	c := Default()
	f, ok := c.Film(9_000_001)
	if !ok || f.Title != "The Clockmaker's Garden" || f.OriginalTitle != "Le Jardin de l'Horloger" {
		t.Fatalf("Film(9000001) = %+v, %v", f, ok)
	}
	s, ok := c.Series(9_100_001)
	if !ok || s.Name != "The Lantern Street Irregulars" {
		t.Fatalf("Series(9100001) = %+v, %v", s, ok)
	}
	if _, ok := c.Film(s.ID); ok {
		t.Error("a series id found a film")
	}
	if e, ok := c.FindIMDb(f.IMDbID); !ok || e.Film != f {
		t.Errorf("FindIMDb(%s) = %+v", f.IMDbID, e)
	}
	if got, ok := c.FindTVDB(s.TVDBID); !ok || got != s {
		t.Errorf("FindTVDB(%d) = %v", s.TVDBID, got)
	}
	se, ok := s.Season(2)
	if !ok || se.Episodes[0].Name != "A New Lodger" {
		t.Errorf("season 2 = %+v", se)
	}
	if e, ok := c.Episode(se.Episodes[0].ID); !ok || e.SeasonNumber != 2 || e.SeriesID != s.ID {
		t.Errorf("Episode = %+v", e)
	}
	today := day(t, "2026-01-20")
	last, next := s.LastEpisodeOn(today), s.NextEpisodeOn(today)
	if last == nil || next == nil || last.AirDate != "2026-01-14" || next.AirDate != "2026-01-21" {
		t.Errorf("last %+v, next %+v", last, next)
	}
	if got := f.StatusOn(today); got != "Released" {
		t.Errorf("StatusOn = %q", got)
	}
	late, _ := c.Film(9_000_064)
	if got := late.StatusOn(today); got == "Released" {
		t.Errorf("a 2027 film is %q in 2026", got)
	}
}

func TestSearch(t *testing.T) {
	c := Default()
	titles := func(es []Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Title())
		}
		return out
	}
	for _, tc := range []struct {
		q     string
		k     Kind
		first string
		all   []string
	}{
		{"lantern", KindAny, "", []string{"Northbound Lantern", "The Lantern Street Irregulars", "Island of Lanterns"}},
		{"The Lantern Street Irregulars", KindAny, "The Lantern Street Irregulars", nil},
		{"PIXEL", KindSeries, "Pixel & Pip", nil},
		{"ultimo bonde", KindFilm, "The Last Tram to Alvorada", nil}, // original title, accents folded
		{"星の灯台", KindFilm, "The Star Lighthouse", nil},
		{"clockmaker's", KindAny, "The Clockmaker's Garden", nil},
		{"ciudad", KindAny, "", []string{"City of Kites", "Mirror City"}},
	} {
		got := titles(c.Search(tc.q, tc.k))
		if len(got) == 0 || (tc.first != "" && got[0] != tc.first) {
			t.Errorf("Search(%q) = %q, want %q first", tc.q, got, tc.first)
		}
		for _, want := range tc.all {
			if !slices.Contains(got, want) {
				t.Errorf("Search(%q) = %q, want %q in it", tc.q, got, want)
			}
		}
	}
	if got := c.Search("lantern", KindFilm); slices.ContainsFunc(got, func(e Entry) bool { return e.Kind() != KindFilm }) {
		t.Errorf("a film search returned series: %q", titles(got))
	}
	if got := c.Search("  ", KindAny); got != nil {
		t.Errorf("blank query found %q", titles(got))
	}
	if got := c.Search("zzzz-no-such-title", KindAny); len(got) != 0 {
		t.Errorf("nonsense found %q", titles(got))
	}
	// Exact and prefix matches outrank words found later in a title.
	got := titles(c.Search("the", KindAny))
	if !strings.HasPrefix(got[0], "The ") {
		t.Errorf("Search(the) starts with %q", got[0])
	}
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
