package tmdb

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// SearchMulti searches films, series and people by name.
func (c *Client) SearchMulti(ctx context.Context, query string, page int) (Page, error) {
	return c.page(ctx, "/3/search/multi", "", page, false, url.Values{"query": {query}, "include_adult": {"false"}})
}

// SearchMovies searches films by title.
func (c *Client) SearchMovies(ctx context.Context, query string, page int) (Page, error) {
	return c.page(ctx, "/3/search/movie", Movie, page, true, url.Values{"query": {query}, "include_adult": {"false"}})
}

// SearchSeries searches series by name.
func (c *Client) SearchSeries(ctx context.Context, query string, page int) (Page, error) {
	return c.page(ctx, "/3/search/tv", TV, page, false, url.Values{"query": {query}, "include_adult": {"false"}})
}

// Sort orders discover results.
type Sort string

const (
	SortPopularity Sort = "popularity.desc"
	SortRating     Sort = "vote_average.desc" // pair with MinVotes
	SortVotes      Sort = "vote_count.desc"
	SortNewest     Sort = "date.desc"
	SortOldest     Sort = "date.asc"
	SortTitle      Sort = "title.asc"
)

// Discover filters films or series; zero fields do not filter.
type Discover struct {
	Genres   []int
	AnyGenre bool   // any of Genres rather than all of them
	Year     int    // release year of a film, first air year of a series
	Language string // original language, ISO 639-1
	MinVotes int
	Sort     Sort // default SortPopularity
	Page     int
}

func (d Discover) values(kind MediaType) (url.Values, error) {
	q := url.Values{"include_adult": {"false"}}
	if len(d.Genres) > 0 {
		ids := make([]string, len(d.Genres))
		for i, g := range d.Genres {
			ids[i] = strconv.Itoa(g)
		}
		sep := ","
		if d.AnyGenre {
			sep = "|"
		}
		q.Set("with_genres", strings.Join(ids, sep))
	}
	if d.Year != 0 {
		if kind == Movie {
			q.Set("primary_release_year", strconv.Itoa(d.Year))
		} else {
			q.Set("first_air_date_year", strconv.Itoa(d.Year))
		}
	}
	if d.Language != "" {
		q.Set("with_original_language", d.Language)
	}
	if d.MinVotes > 0 {
		q.Set("vote_count.gte", strconv.Itoa(d.MinVotes))
	}
	sort := d.Sort
	if sort == "" {
		sort = SortPopularity
	}
	field, dir, _ := strings.Cut(string(sort), ".")
	switch {
	case field == "date" && kind == Movie:
		field = "primary_release_date"
	case field == "date":
		field = "first_air_date"
	case field == "title" && kind == TV:
		field = "name"
	case field == "popularity", field == "vote_average", field == "vote_count", field == "title":
	default:
		return nil, fmt.Errorf("tmdb: unknown sort %q", d.Sort)
	}
	if dir != "asc" && dir != "desc" {
		return nil, fmt.Errorf("tmdb: unknown sort %q", d.Sort)
	}
	q.Set("sort_by", field+"."+dir)
	return q, nil
}

// DiscoverMovies lists films matching d.
func (c *Client) DiscoverMovies(ctx context.Context, d Discover) (Page, error) {
	q, err := d.values(Movie)
	if err != nil {
		return Page{}, err
	}
	return c.page(ctx, "/3/discover/movie", Movie, d.Page, true, q)
}

// DiscoverSeries lists series matching d.
func (c *Client) DiscoverSeries(ctx context.Context, d Discover) (Page, error) {
	q, err := d.values(TV)
	if err != nil {
		return Page{}, err
	}
	return c.page(ctx, "/3/discover/tv", TV, d.Page, false, q)
}
