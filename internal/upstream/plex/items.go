package plex

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strconv"
)

// Order is the order of a listing.
type Order int

const (
	// ByTitle is the server's default order.
	ByTitle Order = iota
	// OldestFirst sorts by date added, so items added during a paged scan
	// land on later pages instead of shifting earlier ones.
	OldestFirst
	// NewestFirst sorts by date added, newest first: recently added.
	NewestFirst
)

// ItemsQuery selects a page of a section's items of one type.
type ItemsQuery struct {
	// Section is the section key; required.
	Section string
	// Type defaults to the section's own (movies or shows).
	Type  Type
	Start int
	// Size defaults to 500.
	Size  int
	Order Order
}

// Page is one page of items and where it sits in the whole listing.
type Page struct {
	Items []Item
	Start int
	Total int
}

// Items calls GET /library/sections/{sectionId}/all with includeGuids=1,
// paged with X-Plex-Container-Start and X-Plex-Container-Size.
func (c *Client) Items(ctx context.Context, q ItemsQuery) (Page, error) {
	if err := checkKey("GET /library/sections/{sectionId}/all", q.Section); err != nil {
		return Page{}, err
	}
	size := q.Size
	if size <= 0 {
		size = 500
	}
	v := url.Values{
		"includeGuids":           {"1"},
		"X-Plex-Container-Start": {strconv.Itoa(max(q.Start, 0))},
		"X-Plex-Container-Size":  {strconv.Itoa(size)},
	}
	if q.Type != 0 {
		v.Set("type", strconv.Itoa(int(q.Type)))
	}
	switch q.Order {
	case OldestFirst:
		v.Set("sort", "addedAt")
	case NewestFirst:
		v.Set("sort", "addedAt:desc")
	}
	var res container
	if err := c.get(ctx, "/library/sections/"+q.Section+"/all", v, &res); err != nil {
		return Page{}, err
	}
	mc := res.MediaContainer
	total := mc.Offset + len(mc.Metadata) // when the server leaves totalSize out
	if mc.TotalSize != nil {
		total = *mc.TotalSize
	}
	return Page{Items: items(mc.Metadata), Start: mc.Offset, Total: total}, nil
}

// RecentlyAdded returns a section's newest items of one type, newest first:
// the input of an incremental sync.
func (c *Client) RecentlyAdded(ctx context.Context, section string, t Type, size int) ([]Item, error) {
	p, err := c.Items(ctx, ItemsQuery{Section: section, Type: t, Size: size, Order: NewestFirst})
	return p.Items, err
}

// Episodes returns the episodes of a show or of a season, by its rating key,
// with GET /library/metadata/{ids}/allLeaves.
func (c *Client) Episodes(ctx context.Context, ratingKey string) ([]Item, error) {
	if err := checkKey("GET /library/metadata/{ids}/allLeaves", ratingKey); err != nil {
		return nil, err
	}
	var res container
	if err := c.get(ctx, "/library/metadata/"+ratingKey+"/allLeaves", nil, &res); err != nil {
		return nil, err
	}
	return items(res.MediaContainer.Metadata), nil
}

// Seasons returns the seasons of a show that have episodes, in order. The
// Plex document declares no children endpoint, so they are read from the
// show's episodes (allLeaves), which name their season's key, number and
// title; a season's AddedAt is its first episode's.
func (c *Client) Seasons(ctx context.Context, showKey string) ([]Item, error) {
	eps, err := c.Episodes(ctx, showKey)
	if err != nil {
		return nil, err
	}
	var seasons []Item
	at := map[string]int{}
	for _, e := range eps {
		i, ok := at[e.SeasonRatingKey]
		if !ok {
			i = len(seasons)
			at[e.SeasonRatingKey] = i
			seasons = append(seasons, Item{
				RatingKey: e.SeasonRatingKey, Type: "season", Title: seasonTitle(e.Season),
				ShowRatingKey: e.ShowRatingKey, ShowTitle: e.ShowTitle,
				Season: e.Season, Numbered: e.Numbered, AddedAt: e.AddedAt,
			})
		}
		if s := &seasons[i]; e.AddedAt.Before(s.AddedAt) {
			s.AddedAt = e.AddedAt
		}
	}
	slices.SortStableFunc(seasons, func(a, b Item) int { return cmp.Compare(a.Season, b.Season) })
	return seasons, nil
}

func seasonTitle(n int) string {
	if n == 0 {
		return "Specials"
	}
	return "Season " + strconv.Itoa(n)
}

// ScanQuery selects what Scan walks.
type ScanQuery struct {
	Section string
	// Type defaults to the section's own (movies or shows).
	Type Type
	// PageSize defaults to 500.
	PageSize int
}

// Scan walks every item of one type in a section, oldest first, one page at
// a time, calling fn with each page. For episodes it first reads the
// section's shows so that every episode carries its show's GUIDs (an
// episode's own are the episode's). A show added after that first pass
// leaves its episodes' ShowGUIDs zero.
func (c *Client) Scan(ctx context.Context, q ScanQuery, fn func(Page) error) error {
	var shows map[string]GUIDs
	if q.Type == Episode {
		shows = map[string]GUIDs{}
		err := c.walk(ctx, ItemsQuery{Section: q.Section, Type: Show, Size: q.PageSize}, func(p Page) error {
			for _, it := range p.Items {
				shows[it.RatingKey] = it.GUIDs
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return c.walk(ctx, ItemsQuery{Section: q.Section, Type: q.Type, Size: q.PageSize}, func(p Page) error {
		for i := range p.Items {
			if it := &p.Items[i]; it.Type == "episode" {
				it.ShowGUIDs = shows[it.ShowRatingKey]
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
		q.Start += len(p.Items)
		if len(p.Items) == 0 || q.Start >= p.Total {
			return nil
		}
	}
}
