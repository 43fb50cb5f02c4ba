package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// SortField names what Discover sorts on.
type SortField string

const (
	SortPopularity    SortField = "popularity"
	SortVoteAverage   SortField = "vote_average"
	SortVoteCount     SortField = "vote_count"
	SortDate          SortField = "date" // release or first air date
	SortTitle         SortField = "title"
	SortOriginalTitle SortField = "original_title"
)

// Filter selects titles for Discover. Zero fields do not filter.
type Filter struct {
	Kind           Kind  // KindFilm or KindSeries
	Genres         []int // every one of them, or any of them with AnyGenre
	AnyGenre       bool
	WithoutGenres  []int
	Year           int    // of the release or first air date
	From, To       string // inclusive dates, "YYYY-MM-DD"
	Language       string // original language, ISO 639-1
	MinVoteAverage float64
	MinVoteCount   int
	SortBy         SortField // default popularity
	Ascending      bool
}

// Discover lists the titles matching f, sorted as it asks.
func (c *Catalog) Discover(f Filter) []Entry {
	var out []Entry
	for _, e := range c.entries(f.Kind) {
		if f.matches(e) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		var r int
		switch f.SortBy {
		case SortVoteAverage:
			r = cmp.Compare(a.VoteAverage(), b.VoteAverage())
		case SortVoteCount:
			r = cmp.Compare(a.VoteCount(), b.VoteCount())
		case SortDate:
			r = cmp.Compare(a.Date(), b.Date())
		case SortTitle:
			r = cmp.Compare(fold(a.Title()), fold(b.Title()))
		case SortOriginalTitle:
			r = cmp.Compare(fold(a.OriginalTitle()), fold(b.OriginalTitle()))
		default:
			r = cmp.Compare(a.Popularity(), b.Popularity())
		}
		if !f.Ascending {
			r = -r
		}
		if r == 0 {
			r = cmp.Compare(a.ID(), b.ID())
		}
		return r
	})
	return out
}

func (f Filter) matches(e Entry) bool {
	g := e.GenreIDs()
	if len(f.Genres) > 0 {
		n := 0
		for _, id := range f.Genres {
			if slices.Contains(g, id) {
				n++
			}
		}
		if n == 0 || (!f.AnyGenre && n < len(f.Genres)) {
			return false
		}
	}
	for _, id := range f.WithoutGenres {
		if slices.Contains(g, id) {
			return false
		}
	}
	d := e.Date()
	switch {
	case f.Year != 0 && !strings.HasPrefix(d, fmt.Sprintf("%04d-", f.Year)),
		f.From != "" && d < f.From,
		f.To != "" && d > f.To,
		f.Language != "" && e.OriginalLanguage() != f.Language,
		e.VoteAverage() < f.MinVoteAverage,
		e.VoteCount() < f.MinVoteCount:
		return false
	}
	return true
}
