package service

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// Request list types, named here so the API depends on the service only.
type (
	RequestRow  = store.RequestRow
	RequestSort = store.RequestSort
)

// Request list orders.
const (
	SortAdded    = store.SortAdded
	SortModified = store.SortModified
)

// MaxPageSize is the most requests one page holds.
const MaxPageSize = 100

// RequestListQuery is what a client asks of the request list.
type RequestListQuery struct {
	Statuses    []domain.RequestStatus // empty: every status
	Type        domain.MediaType       // "": both
	RequestedBy int64                  // 0: everyone p may see
	Sort        RequestSort
	Cursor      string // from the previous page's Next; "" for the first page
	Skip        int    // rows to skip instead of a cursor (Seerr's paging)
	Take        int    // 1..MaxPageSize
}

// RequestListPage is one page and where it stands in the whole list.
type RequestListPage struct {
	Rows  []*RequestRow // shared with a cache: not to be changed
	Total int           // requests matching the filters
	Page  int           // 1-based
	Next  string        // cursor of the next page; "" on the last
}

// ListRequestPage returns one page of the requests p may see: their own,
// or, for staff and REQUEST_VIEW, everyone's (or one user's with
// RequestedBy). The page is one query; its total comes from the counts,
// which are kept for a moment (see requestCounts).
func (s *Service) ListRequestPage(ctx context.Context, p Principal, in RequestListQuery) (RequestListPage, error) {
	if in.Take < 1 || in.Take > MaxPageSize {
		return RequestListPage{}, fieldErr("take", "must be from 1 to "+strconv.Itoa(MaxPageSize))
	}
	if in.Skip < 0 {
		return RequestListPage{}, fieldErr("skip", "must not be negative")
	}
	scope := in.RequestedBy
	if !canViewAll(p) {
		if scope != 0 && scope != p.User.ID {
			return RequestListPage{}, ErrForbidden
		}
		scope = p.User.ID
	}
	q := store.RequestQuery{UserID: scope, Statuses: in.Statuses, Type: in.Type, Sort: in.Sort, Offset: in.Skip, Limit: in.Take + 1}
	page := 1 + (in.Skip+in.Take-1)/in.Take
	if in.Cursor != "" {
		if in.Skip != 0 {
			return RequestListPage{}, fieldErr("skip", "cannot be combined with a cursor")
		}
		c, err := decodeCursor(in.Cursor, in.Sort)
		if err != nil {
			return RequestListPage{}, err
		}
		q.After, page = &c.key, c.page
	}
	counts, err := s.requestCounts(ctx, scope)
	if err != nil {
		return RequestListPage{}, err
	}
	refs, err := store.ListRequestRefs(ctx, s.Store.Read(), q)
	if err != nil {
		return RequestListPage{}, err
	}
	more := len(refs) > in.Take
	if more {
		refs = refs[:in.Take]
	}
	rows, err := s.requestRows(ctx, refs)
	if err != nil {
		return RequestListPage{}, err
	}
	out := RequestListPage{Rows: rows, Total: counts.Count(in.Type, in.Statuses...), Page: page}
	if more && len(rows) > 0 {
		last := rows[len(rows)-1]
		out.Next = encodeCursor(cursor{sort: in.Sort, page: page + 1, key: store.RequestKey{ID: last.ID, At: last.UpdatedAt}})
	}
	return out, nil
}

// cursor is where the next page starts. Clients treat it as opaque; it
// names the order it belongs to and the page number it leads to.
type cursor struct {
	sort RequestSort
	page int
	key  store.RequestKey
}

// encodeCursor writes "v1.<sort>.<page>.<id>[.<updated_at unix ns>]".
func encodeCursor(c cursor) string {
	s := "v1." + strconv.Itoa(int(c.sort)) + "." + strconv.Itoa(c.page) + "." + strconv.FormatInt(c.key.ID, 10)
	if c.sort == SortModified {
		s += "." + strconv.FormatInt(c.key.At.UnixNano(), 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func decodeCursor(s string, sort RequestSort) (cursor, error) {
	bad := fieldErr("cursor", "is not a cursor of this list; start again without one")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) > 80 {
		return cursor{}, bad
	}
	parts := strings.Split(string(raw), ".")
	want := 4
	if sort == SortModified {
		want = 5
	}
	if len(parts) != want || parts[0] != "v1" {
		return cursor{}, bad
	}
	var c cursor
	sortN, err1 := strconv.Atoi(parts[1])
	page, err2 := strconv.Atoi(parts[2])
	id, err3 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || RequestSort(sortN) != sort || page < 2 || id < 1 {
		return cursor{}, bad
	}
	c.sort, c.page, c.key.ID = sort, page, id
	if sort == SortModified {
		ns, err := strconv.ParseInt(parts[4], 10, 64)
		if err != nil {
			return cursor{}, bad
		}
		c.key.At = time.Unix(0, ns).UTC()
	}
	return c, nil
}
