package jellyfin

import (
	"context"
	"net/url"
	"slices"
	"strconv"
)

// Order is the order of a listing.
type Order int

const (
	// ByName is the server's default order (sort name).
	ByName Order = iota
	// OldestFirst sorts by date added, so items added during a paged scan
	// land on later pages instead of shifting earlier ones.
	OldestFirst
	// NewestFirst sorts by date added, newest first: recently added.
	NewestFirst
)

// ItemsQuery selects a page of a library's items.
type ItemsQuery struct {
	// LibraryID is the library (virtual folder) id; required.
	LibraryID string
	// Types defaults to Movie, Series and Episode.
	Types      []ItemType
	StartIndex int
	// Limit defaults to 500.
	Limit int
	Order Order
}

// Page is one page of items and where it sits in the whole listing.
type Page struct {
	Items      []Item
	StartIndex int
	Total      int
}

// fields asks for what Item carries beyond Jellyfin's minimal answer.
var fields = []string{"ProviderIds", "Path", "DateCreated"}

// Items calls GET /Items for every item of the library, however deep.
func (c *Client) Items(ctx context.Context, q ItemsQuery) (Page, error) {
	const op = "GET /Items"
	if err := checkID(op, q.LibraryID); err != nil {
		return Page{}, err
	}
	types := q.Types
	if len(types) == 0 {
		types = []ItemType{Movie, Series, Episode}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 500
	}
	v := url.Values{
		"parentId":   {q.LibraryID},
		"recursive":  {"true"},
		"fields":     fields,
		"startIndex": {strconv.Itoa(max(q.StartIndex, 0))},
		"limit":      {strconv.Itoa(limit)},
		// No images or user data: smaller answers and less work for the server.
		"enableImages":   {"false"},
		"enableUserData": {"false"},
	}
	for _, t := range types {
		v.Add("includeItemTypes", string(t))
	}
	switch q.Order {
	case OldestFirst, NewestFirst:
		v["sortBy"] = []string{"DateCreated", "SortName"}
		v.Set("sortOrder", "Ascending")
		if q.Order == NewestFirst {
			v.Set("sortOrder", "Descending")
		}
	default:
		v.Set("sortBy", "SortName")
	}
	var res queryResult
	if err := c.get(ctx, "/Items", v, &res); err != nil {
		return Page{}, err
	}
	return Page{Items: items(res.Items), StartIndex: res.StartIndex, Total: res.TotalRecordCount}, nil
}

// RecentlyAdded returns a library's newest items of the given types (default
// Movie, Series, Episode), newest first: the input of an incremental sync.
func (c *Client) RecentlyAdded(ctx context.Context, libraryID string, types []ItemType, limit int) ([]Item, error) {
	p, err := c.Items(ctx, ItemsQuery{LibraryID: libraryID, Types: types, Limit: limit, Order: NewestFirst})
	return p.Items, err
}

// Seasons calls GET /Shows/{seriesId}/Seasons.
func (c *Client) Seasons(ctx context.Context, seriesID string) ([]Item, error) {
	if err := checkID("GET /Shows/{seriesId}/Seasons", seriesID); err != nil {
		return nil, err
	}
	var res queryResult
	if err := c.get(ctx, "/Shows/"+seriesID+"/Seasons", url.Values{"fields": fields}, &res); err != nil {
		return nil, err
	}
	return items(res.Items), nil
}

// Episodes calls GET /Shows/{seriesId}/Episodes for every episode of a series.
func (c *Client) Episodes(ctx context.Context, seriesID string) ([]Item, error) {
	return c.episodes(ctx, seriesID, url.Values{"fields": fields})
}

// SeasonEpisodes returns the episodes of one season of a series.
func (c *Client) SeasonEpisodes(ctx context.Context, seriesID string, season int) ([]Item, error) {
	return c.episodes(ctx, seriesID, url.Values{"fields": fields, "season": {strconv.Itoa(season)}})
}

func (c *Client) episodes(ctx context.Context, seriesID string, v url.Values) ([]Item, error) {
	if err := checkID("GET /Shows/{seriesId}/Episodes", seriesID); err != nil {
		return nil, err
	}
	var res queryResult
	if err := c.get(ctx, "/Shows/"+seriesID+"/Episodes", v, &res); err != nil {
		return nil, err
	}
	return items(res.Items), nil
}

// ScanQuery selects what Scan walks.
type ScanQuery struct {
	LibraryID string
	// Types defaults to Movie, Series and Episode.
	Types []ItemType
	// PageSize defaults to 500.
	PageSize int
}

// Scan walks a whole library oldest first, one page at a time, calling fn
// with each page. When episodes are asked for, it first reads the library's
// series so that every episode carries its series' provider ids (an
// episode's own ids are the episode's). A series added after that first
// pass leaves its episodes' SeriesProviderIDs zero.
func (c *Client) Scan(ctx context.Context, q ScanQuery, fn func(Page) error) error {
	types := q.Types
	if len(types) == 0 {
		types = []ItemType{Movie, Series, Episode}
	}
	var series map[string]ProviderIDs
	if slices.Contains(types, Episode) {
		series = map[string]ProviderIDs{}
		err := c.walk(ctx, ItemsQuery{LibraryID: q.LibraryID, Types: []ItemType{Series}, Limit: q.PageSize}, func(p Page) error {
			for _, it := range p.Items {
				series[it.ID] = it.ProviderIDs
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return c.walk(ctx, ItemsQuery{LibraryID: q.LibraryID, Types: types, Limit: q.PageSize}, func(p Page) error {
		for i := range p.Items {
			if it := &p.Items[i]; it.Type == Episode {
				it.SeriesProviderIDs = series[it.SeriesID]
			}
		}
		return fn(p)
	})
}

// walk pages through a listing oldest first until it is exhausted.
func (c *Client) walk(ctx context.Context, q ItemsQuery, fn func(Page) error) error {
	q.Order = OldestFirst
	for {
		p, err := c.Items(ctx, q)
		if err != nil {
			return err
		}
		if len(p.Items) > 0 {
			if err := fn(p); err != nil {
				return err
			}
		}
		q.StartIndex += len(p.Items)
		if len(p.Items) == 0 || q.StartIndex >= p.Total {
			return nil
		}
	}
}

func items(dtos []itemDTO) []Item {
	out := make([]Item, len(dtos))
	for i, d := range dtos {
		out[i] = d.item()
	}
	return out
}
