package catalog

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"time"
)

// DateRange is an inclusive span of catalogue dates.
type DateRange struct{ From, To string }

// The catalogue is small, so its windows are wider than TMDB's: a film is
// "now playing" for eight weeks after release and "upcoming" for the 120 days
// before; a series is "on the air" when an episode airs within two weeks.
const (
	nowPlayingDays = 56
	upcomingDays   = 120
	onTheAirDays   = 14
)

// NowPlayingDates is the release window of NowPlaying on a given day.
func NowPlayingDates(today time.Time) DateRange {
	return DateRange{addDays(today, -(nowPlayingDays - 1)), Day(today)}
}

// UpcomingDates is the release window of Upcoming on a given day.
func UpcomingDates(today time.Time) DateRange {
	return DateRange{addDays(today, 1), addDays(today, upcomingDays)}
}

// NowPlaying lists films released in NowPlayingDates(today), most popular first.
func (c *Catalog) NowPlaying(today time.Time) []Entry {
	return c.releasedIn(NowPlayingDates(today))
}

// Upcoming lists films released in UpcomingDates(today), most popular first.
func (c *Catalog) Upcoming(today time.Time) []Entry {
	return c.releasedIn(UpcomingDates(today))
}

func (c *Catalog) releasedIn(r DateRange) []Entry {
	var out []Entry
	for _, f := range c.films {
		if r.From <= f.ReleaseDate && f.ReleaseDate <= r.To {
			out = append(out, Entry{Film: f})
		}
	}
	slices.SortStableFunc(out, byPopularity)
	return out
}

// OnTheAir lists series with an episode airing from today to two weeks on.
func (c *Catalog) OnTheAir(today time.Time) []Entry {
	return c.airingIn(DateRange{Day(today), addDays(today, onTheAirDays)})
}

// AiringToday lists series with an episode airing today.
func (c *Catalog) AiringToday(today time.Time) []Entry {
	return c.airingIn(DateRange{Day(today), Day(today)})
}

func (c *Catalog) airingIn(r DateRange) []Entry {
	var out []Entry
	for _, s := range c.series {
	seasons:
		for _, se := range s.Seasons {
			for _, e := range se.Episodes {
				if r.From <= e.AirDate && e.AirDate <= r.To {
					out = append(out, Entry{Series: s})
					break seasons
				}
			}
		}
	}
	slices.SortStableFunc(out, byPopularity)
	return out
}

// Popular lists titles of a kind (both for KindAny), most popular first.
func (c *Catalog) Popular(k Kind) []Entry {
	out := c.entries(k)
	slices.SortStableFunc(out, byPopularity)
	return out
}

// TopRated lists titles with at least 50 votes, best rated first.
func (c *Catalog) TopRated(k Kind) []Entry {
	var out []Entry
	for _, e := range c.entries(k) {
		if e.VoteCount() >= 50 {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		if c := cmp.Compare(b.VoteAverage(), a.VoteAverage()); c != 0 {
			return c
		}
		return byPopularity(a, b)
	})
	return out
}

// Trending ranks titles already out on today by popularity fading with age;
// window "day" favours recent titles more than "week" and shifts a little
// from one day to the next, like TMDB's daily list.
func (c *Catalog) Trending(k Kind, today time.Time, window string) []Entry {
	halfLife, jitter := 240.0, 0.0
	if window == "day" {
		halfLife, jitter = 90, 0.3
	}
	d := Day(today)
	type scored struct {
		e     Entry
		score float64
	}
	var list []scored
	for _, e := range c.entries(k) {
		if e.Date() > d {
			continue
		}
		latest := e.Date()
		if e.Series != nil {
			if last := e.Series.LastEpisodeOn(today); last != nil {
				latest = last.AirDate
			}
		}
		t, _ := time.Parse(time.DateOnly, latest)
		age := today.Sub(t).Hours() / 24
		s := e.Popularity() * math.Exp(-math.Max(age, 0)/halfLife)
		s *= 1 - jitter/2 + jitter*unit(e.ID(), d)
		list = append(list, scored{e, s})
	}
	slices.SortStableFunc(list, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.e.ID(), b.e.ID())
	})
	out := make([]Entry, len(list))
	for i, s := range list {
		out[i] = s.e
	}
	return out
}

// unit is a stable pseudo-random number in [0, 1) for an id and a day.
func unit(id int64, day string) float64 {
	h := fnv.New64a()
	h.Write([]byte(day))
	h.Write([]byte{byte(id), byte(id >> 8), byte(id >> 16), byte(id >> 24)})
	return float64(h.Sum64()>>11) / (1 << 53)
}

// Similar lists titles of the same kind sharing the most genres with a title.
func (c *Catalog) Similar(k Kind, id int64) []Entry {
	return c.related(k, id, func(shared int, e Entry) float64 {
		return float64(shared)*100 + e.Popularity()/1000
	})
}

// Recommendations lists well-rated titles of the same kind sharing a genre or
// the original language with a title.
func (c *Catalog) Recommendations(k Kind, id int64) []Entry {
	return c.related(k, id, func(shared int, e Entry) float64 {
		return float64(shared)*2 + e.VoteAverage()
	})
}

func (c *Catalog) related(k Kind, id int64, score func(shared int, e Entry) float64) []Entry {
	var self Entry
	switch f, s := c.filmByID[id], c.serByID[id]; {
	case k == KindFilm && f != nil:
		self = Entry{Film: f}
	case k == KindSeries && s != nil:
		self = Entry{Series: s}
	default:
		return nil
	}
	type scored struct {
		e     Entry
		score float64
	}
	var list []scored
	for _, e := range c.entries(k) {
		if e.ID() == id {
			continue
		}
		shared := 0
		for _, g := range e.GenreIDs() {
			if slices.Contains(self.GenreIDs(), g) {
				shared++
			}
		}
		if e.OriginalLanguage() == self.OriginalLanguage() && e.OriginalLanguage() != "en" {
			shared++
		}
		if shared > 0 {
			list = append(list, scored{e, score(shared, e)})
		}
	}
	slices.SortStableFunc(list, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.e.ID(), b.e.ID())
	})
	out := make([]Entry, len(list))
	for i, s := range list {
		out[i] = s.e
	}
	return out
}
