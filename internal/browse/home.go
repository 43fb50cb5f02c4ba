package browse

import (
	"context"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/upstream/tmdb"
)

// Row is one horizontal row of cards on the discover page. Failed means
// the source could not be read; the rest of the page still shows.
type Row struct {
	ID     string // for the heading's id attribute
	Title  string
	Items  []Item
	Failed bool
}

const rowRequests = 20

// Home returns the discover rows for a user. Recently requested is
// everyone's for staff and REQUEST_VIEW, otherwise the user's own;
// recently available is the shared library, everyone's.
func (b *Browser) Home(ctx context.Context, u domain.User) ([]Row, error) {
	lists := []struct {
		id, title string
		get       func() (tmdb.Page, error)
	}{
		{"trending", "Trending", func() (tmdb.Page, error) { return b.tmdb.Trending(ctx, "", tmdb.Week) }},
		{"popular-films", "Popular films", func() (tmdb.Page, error) { return b.tmdb.PopularMovies(ctx, 1) }},
		{"upcoming-films", "Upcoming films", func() (tmdb.Page, error) {
			p, err := b.tmdb.UpcomingMovies(ctx, 1)
			return p.Page, err
		}},
		{"popular-series", "Popular series", func() (tmdb.Page, error) { return b.tmdb.PopularSeries(ctx, 1) }},
	}
	var rows []Row
	for _, l := range lists {
		row := Row{ID: l.id, Title: l.title}
		if p, err := l.get(); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			row.Failed = true
		} else {
			row.Items = items(p.Results)
		}
		rows = append(rows, row)
	}
	mine := u.ID
	title := "Your recent requests"
	if u.Permissions.HasAny(domain.PermManageRequests | domain.PermRequestView) {
		mine, title = 0, "Recently requested"
	}
	requested, err := store.ListRequests(ctx, b.store.DB, store.RequestFilter{UserID: mine, Limit: rowRequests})
	if err != nil {
		return nil, err
	}
	available, err := store.ListRequests(ctx, b.store.DB, store.RequestFilter{Status: domain.StatusAvailable, Limit: rowRequests})
	if err != nil {
		return nil, err
	}
	catalogue := len(rows)
	rows = append(rows, Row{ID: "recently-requested", Title: title, Items: requestItems(requested)},
		Row{ID: "recently-available", Title: "Recently available", Items: requestItems(available)})
	// Every card's badge from one query: catalogue cards from the library
	// and all claims, request cards keep their request's status unless the
	// library holds the title or the film is downloading.
	cards := make([][]Item, len(rows))
	for i, r := range rows {
		cards[i] = r.Items
	}
	states, err := b.cardStates(ctx, cards...)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		for j, it := range r.Items {
			st := states[titleKey{it.Type, it.ID}]
			downloading := it.Type == domain.Movie && it.Status.Key == string(domain.StatusProcessing) // a film has one claim: its progress
			if i < catalogue || st.inLibrary || downloading {
				r.Items[j].Status = cardStatus(it.Type, st)
			}
		}
	}
	return rows, nil
}

// requestItems turns requests into cards, one per title, newest first.
// A series card shows the status of its newest request.
func requestItems(rs []domain.Request) []Item {
	type key struct {
		t  domain.MediaType
		id int64
	}
	seen := map[key]bool{}
	out := make([]Item, 0, len(rs))
	for _, r := range rs {
		k := key{r.Type, r.TMDBID}
		if seen[k] || r.Status == domain.StatusDeleted {
			continue
		}
		seen[k] = true
		out = append(out, Item{ID: r.TMDBID, Type: r.Type, Title: r.Title, PosterPath: r.PosterPath, Status: statusOf(r.Status)})
	}
	return out
}
