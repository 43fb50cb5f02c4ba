package browse

import (
	"context"

	"github.com/lemedia/lemedia/internal/domain"
)

// SeasonPage is a season's own page: the season with its episodes and
// their statuses, what it needs of its series, and its neighbours.
type SeasonPage struct {
	Series     Item // the series: id, title, poster
	Season     Season
	Prev, Next int // neighbouring season numbers (specials left out); -1 none
}

// Requestable reports whether any episode of the season can still be
// requested. Specials (season 0) never can: the request service leaves
// them out of a series' seasons, so the page must not offer them.
func (p SeasonPage) Requestable() bool { return p.Season.Number > 0 && p.Season.Unclaimed > 0 }

// Specials reports whether this is season 0.
func (p SeasonPage) Specials() bool { return p.Season.Number == 0 }

// Poster is the season's poster, or the series' when it has none.
func (p SeasonPage) Poster() Item {
	it := p.Series
	if p.Season.PosterPath != "" {
		it.PosterPath = p.Season.PosterPath
	}
	return it
}

// SeasonPage returns season n of series id with one claims query for the
// series, the same statuses its series page shows. An unknown series or
// season is ErrNotFound.
func (b *Browser) SeasonPage(ctx context.Context, id int64, n int) (SeasonPage, error) {
	d, err := b.tmdb.Series(ctx, id)
	if err != nil {
		return SeasonPage{}, notFound(err)
	}
	page := SeasonPage{Series: Item{ID: d.ID, Type: domain.TV, Title: d.Name, Year: year(d.FirstAirDate), PosterPath: d.PosterPath},
		Prev: -1, Next: -1}
	found := false
	for _, sum := range d.Seasons {
		switch k := sum.SeasonNumber; {
		case k == n:
			found = true
		case k == 0: // specials are not a step between seasons
		case k < n && k > page.Prev:
			page.Prev = k
		case k > n && (page.Next < 0 || k < page.Next):
			page.Next = k
		}
	}
	if !found {
		return SeasonPage{}, ErrNotFound
	}
	raw, err := b.tmdb.Season(ctx, id, n)
	if err != nil {
		return SeasonPage{}, notFound(err)
	}
	claims, lib, err := b.titleState(ctx, domain.TV, id)
	if err != nil {
		return SeasonPage{}, err
	}
	page.Season = season(raw, claims, lib)
	return page, nil
}
