package tmdb

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// query starts a query with the language, the page (TMDB's default 1 when
// zero) and, for endpoints that take it, the region.
func (c *Client) query(page int, withRegion bool) (url.Values, error) {
	if page < 0 || page > 500 {
		return nil, errors.New("tmdb: pages run from 1 to 500")
	}
	q := url.Values{"language": {c.language}}
	if page > 0 {
		q.Set("page", strconv.Itoa(page))
	}
	if withRegion && c.region != "" {
		q.Set("region", c.region)
	}
	return q, nil
}

func (c *Client) page(ctx context.Context, path string, kind MediaType, page int, withRegion bool, extra url.Values) (Page, error) {
	q, err := c.query(page, withRegion)
	if err != nil {
		return Page{}, err
	}
	for k, v := range extra {
		q[k] = v
	}
	var raw rawPage
	if err := c.get(ctx, path, q, &raw); err != nil {
		return Page{}, err
	}
	return raw.page(kind), nil
}

// Window is the span trending is measured over.
type Window string

const (
	Day  Window = "day"
	Week Window = "week"
)

// Trending lists trending films (Movie), series (TV) or both (""). TMDB's
// document gives trending no page parameter, so this is the first page.
func (c *Client) Trending(ctx context.Context, kind MediaType, w Window) (Page, error) {
	if w != Day && w != Week {
		return Page{}, fmt.Errorf("tmdb: unknown trending window %q", w)
	}
	what := "all"
	switch kind {
	case Movie, TV:
		what = string(kind)
	case "":
	default:
		return Page{}, fmt.Errorf("tmdb: no trending list for %q", kind)
	}
	return c.page(ctx, "/3/trending/"+what+"/"+string(w), kind, 0, false, nil)
}

// PopularMovies lists popular films in the configured region.
func (c *Client) PopularMovies(ctx context.Context, page int) (Page, error) {
	return c.page(ctx, "/3/movie/popular", Movie, page, true, nil)
}

// PopularSeries lists popular series.
func (c *Client) PopularSeries(ctx context.Context, page int) (Page, error) {
	return c.page(ctx, "/3/tv/popular", TV, page, false, nil)
}

// OnTheAirSeries lists series with an episode airing soon.
func (c *Client) OnTheAirSeries(ctx context.Context, page int) (Page, error) {
	return c.page(ctx, "/3/tv/on_the_air", TV, page, false, nil)
}

// NowPlayingMovies lists films in cinemas in the configured region.
func (c *Client) NowPlayingMovies(ctx context.Context, page int) (DatedPage, error) {
	return c.dated(ctx, "/3/movie/now_playing", page)
}

// UpcomingMovies lists films coming to cinemas in the configured region.
func (c *Client) UpcomingMovies(ctx context.Context, page int) (DatedPage, error) {
	return c.dated(ctx, "/3/movie/upcoming", page)
}

func (c *Client) dated(ctx context.Context, path string, page int) (DatedPage, error) {
	q, err := c.query(page, true)
	if err != nil {
		return DatedPage{}, err
	}
	var raw rawPage
	if err := c.get(ctx, path, q, &raw); err != nil {
		return DatedPage{}, err
	}
	return DatedPage{Page: raw.page(Movie), From: raw.Dates.Minimum, To: raw.Dates.Maximum}, nil
}

// MovieRecommendations lists films TMDB recommends after a film.
func (c *Client) MovieRecommendations(ctx context.Context, id int64, page int) (Page, error) {
	return c.page(ctx, fmt.Sprintf("/3/movie/%d/recommendations", id), Movie, page, false, nil)
}

// SimilarMovies lists films similar to a film.
func (c *Client) SimilarMovies(ctx context.Context, id int64, page int) (Page, error) {
	return c.page(ctx, fmt.Sprintf("/3/movie/%d/similar", id), Movie, page, false, nil)
}

// SeriesRecommendations lists series TMDB recommends after a series.
func (c *Client) SeriesRecommendations(ctx context.Context, id int64, page int) (Page, error) {
	return c.page(ctx, fmt.Sprintf("/3/tv/%d/recommendations", id), TV, page, false, nil)
}

// SimilarSeries lists series similar to a series.
func (c *Client) SimilarSeries(ctx context.Context, id int64, page int) (Page, error) {
	return c.page(ctx, fmt.Sprintf("/3/tv/%d/similar", id), TV, page, false, nil)
}
