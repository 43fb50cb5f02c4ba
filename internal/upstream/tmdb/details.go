package tmdb

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
)

// Movie returns a film's details.
func (c *Client) Movie(ctx context.Context, id int64) (MovieDetails, error) {
	var m MovieDetails
	err := c.get(ctx, fmt.Sprintf("/3/movie/%d", id), url.Values{"language": {c.language}}, &m)
	return m, err
}

// Series returns a series' details, its external ids included (one request).
func (c *Client) Series(ctx context.Context, id int64) (SeriesDetails, error) {
	var s SeriesDetails
	q := url.Values{"language": {c.language}, "append_to_response": {"external_ids"}}
	err := c.get(ctx, fmt.Sprintf("/3/tv/%d", id), q, &s)
	return s, err
}

// Season returns a season of a series with its episodes.
func (c *Client) Season(ctx context.Context, seriesID int64, number int) (Season, error) {
	var s Season
	err := c.get(ctx, fmt.Sprintf("/3/tv/%d/season/%d", seriesID, number), url.Values{"language": {c.language}}, &s)
	return s, err
}

// MovieExternalIDs returns a film's IMDb id.
func (c *Client) MovieExternalIDs(ctx context.Context, id int64) (ExternalIDs, error) {
	var e ExternalIDs
	err := c.get(ctx, fmt.Sprintf("/3/movie/%d/external_ids", id), nil, &e)
	return e, err
}

// SeriesExternalIDs returns a series' TVDB and IMDb ids.
func (c *Client) SeriesExternalIDs(ctx context.Context, id int64) (ExternalIDs, error) {
	var e ExternalIDs
	err := c.get(ctx, fmt.Sprintf("/3/tv/%d/external_ids", id), nil, &e)
	return e, err
}

// FindByIMDb finds the films and series with an IMDb id ("tt…").
func (c *Client) FindByIMDb(ctx context.Context, imdbID string) ([]Result, error) {
	if !imdbPattern.MatchString(imdbID) {
		return nil, fmt.Errorf("tmdb: %q is not an IMDb id", imdbID)
	}
	return c.find(ctx, imdbID, "imdb_id")
}

var imdbPattern = regexp.MustCompile(`^(tt|nm)[0-9]{7,10}$`)

// FindByTVDB finds the series with a TVDB id.
func (c *Client) FindByTVDB(ctx context.Context, tvdbID int64) ([]Result, error) {
	return c.find(ctx, strconv.FormatInt(tvdbID, 10), "tvdb_id")
}

func (c *Client) find(ctx context.Context, id, source string) ([]Result, error) {
	var raw struct {
		Movies []rawResult `json:"movie_results"`
		Series []rawResult `json:"tv_results"`
	}
	q := url.Values{"external_source": {source}, "language": {c.language}}
	if err := c.get(ctx, "/3/find/"+id, q, &raw); err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(raw.Movies)+len(raw.Series))
	for _, r := range raw.Movies {
		out = append(out, r.result(Movie))
	}
	for _, r := range raw.Series {
		out = append(out, r.result(TV))
	}
	return out, nil
}

// MovieGenres lists TMDB's film genres, named in the configured language.
func (c *Client) MovieGenres(ctx context.Context) ([]Genre, error) {
	return c.genres(ctx, "/3/genre/movie/list")
}

// SeriesGenres lists TMDB's series genres, named in the configured language.
func (c *Client) SeriesGenres(ctx context.Context) ([]Genre, error) {
	return c.genres(ctx, "/3/genre/tv/list")
}

func (c *Client) genres(ctx context.Context, path string) ([]Genre, error) {
	var raw struct {
		Genres []Genre `json:"genres"`
	}
	err := c.get(ctx, path, url.Values{"language": {c.language}}, &raw)
	return raw.Genres, err
}
