package radarr

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/lemedia/lemedia/internal/upstream/arr"
)

// Lookup asks Radarr for a film by TMDB id (its ID is 0: a lookup never says
// whether the film is in the library; use FindByTMDB for that).
func (c *Client) Lookup(ctx context.Context, tmdbID int64) (Movie, error) {
	var m Movie
	q := url.Values{"tmdbId": {strconv.FormatInt(tmdbID, 10)}}
	return m, c.conn.Get(ctx, "/api/v3/movie/lookup/tmdb", q, &m)
}

// FindByTMDB returns the library's film with a TMDB id; false if there is none.
func (c *Client) FindByTMDB(ctx context.Context, tmdbID int64) (Movie, bool, error) {
	var list []Movie
	q := url.Values{"tmdbId": {strconv.FormatInt(tmdbID, 10)}}
	if err := c.conn.Get(ctx, "/api/v3/movie", q, &list); err != nil || len(list) == 0 {
		return Movie{}, false, err
	}
	return list[0], true, nil
}

// Movie returns a library film by Radarr id; ErrNotFound if it was deleted.
func (c *Client) Movie(ctx context.Context, id int) (Movie, error) {
	var m Movie
	return m, c.conn.Get(ctx, "/api/v3/movie/"+strconv.Itoa(id), nil, &m)
}

// AddMovie adds a film, best from its Lookup result (whose fields Radarr
// then keeps); a Movie built by hand needs at least TMDBID, Title and Year.
// ErrAlreadyExists if the film is in the library already.
func (c *Client) AddMovie(ctx context.Context, m Movie, o AddOptions) (Movie, error) {
	avail := o.MinimumAvailability
	if avail == "" {
		avail = "released"
	}
	tags := o.Tags
	if tags == nil {
		tags = []int{}
	}
	set := map[string]any{
		"qualityProfileId":    o.QualityProfileID,
		"rootFolderPath":      o.RootFolderPath,
		"minimumAvailability": avail,
		"tags":                tags,
		"monitored":           o.Monitored,
		"addOptions":          map[string]any{"searchForMovie": o.Search},
	}
	raw := m.RawJSON()
	if raw == nil {
		raw = json.RawMessage(`{}`)
		set["tmdbId"], set["title"], set["year"] = m.TMDBID, m.Title, m.Year
		if m.TitleSlug != "" {
			set["titleSlug"] = m.TitleSlug
		}
	}
	// A path would win over rootFolderPath; an id has no meaning on a create.
	body, err := arr.Patch(raw, set, "id", "path")
	if err != nil {
		return Movie{}, fmt.Errorf("radarr: add movie: %w", err)
	}
	var out Movie
	return out, c.conn.Do(ctx, http.MethodPost, "/api/v3/movie", nil, body, &out)
}

// UpdateMovie saves the monitored flag, quality profile, minimum
// availability and tags of a film fetched from Radarr; every other field is
// sent back as Radarr gave it.
func (c *Client) UpdateMovie(ctx context.Context, m Movie) (Movie, error) {
	if m.RawJSON() == nil || m.ID == 0 {
		return Movie{}, fmt.Errorf("radarr: update movie: %w", ErrNotFetched)
	}
	tags := m.Tags
	if tags == nil {
		tags = []int{}
	}
	set := map[string]any{"monitored": m.Monitored, "qualityProfileId": m.QualityProfileID, "tags": tags}
	if m.MinimumAvailability != "" {
		set["minimumAvailability"] = m.MinimumAvailability
	}
	body, err := arr.Patch(m.RawJSON(), set)
	if err != nil {
		return Movie{}, fmt.Errorf("radarr: update movie: %w", err)
	}
	var out Movie
	return out, c.conn.Do(ctx, http.MethodPut, "/api/v3/movie/"+strconv.Itoa(m.ID), nil, body, &out)
}

// DeleteMovie removes a film, with its files if deleteFiles, and keeps
// import lists from adding it back if addExclusion.
func (c *Client) DeleteMovie(ctx context.Context, id int, deleteFiles, addExclusion bool) error {
	q := url.Values{
		"deleteFiles":        {strconv.FormatBool(deleteFiles)},
		"addImportExclusion": {strconv.FormatBool(addExclusion)},
	}
	return c.conn.Do(ctx, http.MethodDelete, "/api/v3/movie/"+strconv.Itoa(id), q, nil, nil)
}

// SearchMovies asks Radarr to search for films now (command MoviesSearch).
func (c *Client) SearchMovies(ctx context.Context, ids ...int) (Command, error) {
	return c.conn.Command(ctx, map[string]any{"name": "MoviesSearch", "movieIds": ids})
}
