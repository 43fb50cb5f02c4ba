package catalog

// Kind tells films from series, with TMDB's media type names.
type Kind string

const (
	KindAny    Kind = ""
	KindFilm   Kind = "movie"
	KindSeries Kind = "tv"
)

// Entry is a film or a series (exactly one field is set), for lists that mix both.
type Entry struct {
	Film   *Film
	Series *Series
}

func (e Entry) Kind() Kind {
	if e.Film != nil {
		return KindFilm
	}
	return KindSeries
}

func (e Entry) ID() int64 {
	if e.Film != nil {
		return e.Film.ID
	}
	return e.Series.ID
}

// Title is the film's title or the series' name.
func (e Entry) Title() string {
	if e.Film != nil {
		return e.Film.Title
	}
	return e.Series.Name
}

func (e Entry) OriginalTitle() string {
	if e.Film != nil {
		return e.Film.OriginalTitle
	}
	return e.Series.OriginalName
}

// Date is the release date of a film or the first air date of a series.
func (e Entry) Date() string {
	if e.Film != nil {
		return e.Film.ReleaseDate
	}
	return e.Series.FirstAirDate
}

func (e Entry) OriginalLanguage() string {
	if e.Film != nil {
		return e.Film.OriginalLanguage
	}
	return e.Series.OriginalLanguage
}

func (e Entry) GenreIDs() []int {
	if e.Film != nil {
		return e.Film.GenreIDs
	}
	return e.Series.GenreIDs
}

func (e Entry) Popularity() float64 {
	if e.Film != nil {
		return e.Film.Popularity
	}
	return e.Series.Popularity
}

func (e Entry) VoteAverage() float64 {
	if e.Film != nil {
		return e.Film.VoteAverage
	}
	return e.Series.VoteAverage
}

func (e Entry) VoteCount() int {
	if e.Film != nil {
		return e.Film.VoteCount
	}
	return e.Series.VoteCount
}

// entries lists every title of a kind (both for KindAny), films first, by id.
func (c *Catalog) entries(k Kind) []Entry {
	out := make([]Entry, 0, len(c.films)+len(c.series))
	if k != KindSeries {
		for _, f := range c.films {
			out = append(out, Entry{Film: f})
		}
	}
	if k != KindFilm {
		for _, s := range c.series {
			out = append(out, Entry{Series: s})
		}
	}
	return out
}
