package browse

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Results is one page of search results.
type Results struct {
	Query      string
	Page       int
	TotalPages int
	Items      []Item
}

// MaxQuery bounds a search query, in bytes.
const MaxQuery = 200

// Search finds films and series by name; people are left out. An empty
// query finds nothing without asking upstream.
func (b *Browser) Search(ctx context.Context, query string, page int) (Results, error) {
	query = strings.TrimSpace(query)
	for len(query) > MaxQuery || !utf8.ValidString(query) {
		query = strings.ToValidUTF8(query, "")
		if len(query) > MaxQuery {
			query = strings.ToValidUTF8(query[:MaxQuery], "")
		}
	}
	page = min(max(page, 1), 500) // TMDB serves up to page 500
	res := Results{Query: query, Page: page}
	if query == "" {
		return res, nil
	}
	p, err := b.tmdb.SearchMulti(ctx, query, page)
	if err != nil {
		return res, err
	}
	res.TotalPages, res.Items = p.TotalPages, items(p.Results)
	return res, b.withStatuses(ctx, res.Items)
}

// Prev and Next are neighbouring page numbers; 0 when there is none.
func (r Results) Prev() int {
	if r.Page > 1 {
		return r.Page - 1
	}
	return 0
}

// Next is the following page number, or 0.
func (r Results) Next() int {
	if r.Page < r.TotalPages && r.Page < 500 {
		return r.Page + 1
	}
	return 0
}
