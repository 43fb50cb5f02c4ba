package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// RequestSort orders a request list, newest first.
type RequestSort int

const (
	// SortAdded is by id: ids are given at insert, so they order requests
	// as their creation does, with no second key (Seerr's "added" too).
	SortAdded RequestSort = iota
	// SortModified is by (updated_at, id).
	SortModified
)

// RequestKey is where a page ends, for the next one to start after it.
type RequestKey struct {
	ID int64
	At time.Time // updated_at, for SortModified only
}

// RequestQuery selects one page of requests. Each combination of filters
// is served by an index (migration 00006), so a page costs its own rows,
// however many requests there are (a multi-status filter on everyone's
// requests excepted: SQLite sorts the matching rows).
type RequestQuery struct {
	UserID   int64                  // 0: everyone's
	Statuses []domain.RequestStatus // empty: every status
	Type     domain.MediaType       // "": both
	Sort     RequestSort
	After    *RequestKey // keyset: the page after this row
	Offset   int         // rows to skip (Seerr's skip); costs what it skips
	Limit    int
}

// RequestRef is one request of a list page: its id, and its version, which
// every change to the row bumps (a trigger does it, whatever code writes).
type RequestRef struct {
	ID, Version int64
}

// ListRequestRefs returns one page of a list as refs, in order. It reads
// only the index that serves the filters (each carries the version), so a
// page costs its own rows whatever the size of the table.
func ListRequestRefs(ctx context.Context, q Querier, f RequestQuery) ([]RequestRef, error) {
	query, args := requestRefsSQL(f)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]RequestRef, 0, f.Limit)
	for rows.Next() {
		var r RequestRef
		if err := rows.Scan(&r.ID, &r.Version); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// requestRefsSQL builds the page's statement. Its text depends only on
// which filters are set, so prepared statements are reused.
func requestRefsSQL(f RequestQuery) (string, []any) {
	w := filter{sql: `SELECT r.id, r.version FROM media_request r WHERE 1=1`}
	if f.UserID != 0 {
		w.and("r.user_id =", f.UserID)
	}
	switch len(f.Statuses) {
	case 0:
	case 1:
		w.and("r.status =", string(f.Statuses[0]))
	default:
		in := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			w.args = append(w.args, string(s))
			in[i] = "$" + strconv.Itoa(len(w.args))
		}
		w.sql += " AND r.status IN (" + strings.Join(in, ", ") + ")"
	}
	if f.Type != "" {
		w.and("r.media_type =", string(f.Type))
	}
	order := "r.id DESC"
	if f.Sort == SortModified {
		order = "r.updated_at DESC, r.id DESC"
		if f.After != nil {
			w.args = append(w.args, f.After.At.UTC(), f.After.ID)
			n := len(w.args)
			w.sql += " AND (r.updated_at, r.id) < ($" + strconv.Itoa(n-1) + ", $" + strconv.Itoa(n) + ")"
		}
	} else if f.After != nil {
		w.and("r.id <", f.After.ID)
	}
	query, args := w.limit(order, f.Limit)
	if f.Offset > 0 {
		args = append(args, f.Offset)
		query += " OFFSET $" + strconv.Itoa(len(args))
	}
	return query, args
}

// RequestRow is one request as lists show it, with who it is for and, for
// a series, the seasons it asks for.
type RequestRow struct {
	domain.Request
	Version  int64
	Username string // of UserID
	Seasons  []int  // series only, ascending
}

// rowsByIDBatch is the number of ids one RequestRowsByID statement takes;
// shorter lists are padded with 0 (no request has it), so there is one
// statement text, prepared once.
const rowsByIDBatch = 25

// RequestRowsByID returns the rows of the given requests (in no order;
// missing ones are left out): one query per rowsByIDBatch ids, with the
// user's name and a series' seasons joined in, no query per row.
func RequestRowsByID(ctx context.Context, q Querier, e Engine, ids []int64) ([]RequestRow, error) {
	out := make([]RequestRow, 0, len(ids))
	query := rowsByIDSQL[e]
	args := make([]any, rowsByIDBatch)
	for len(ids) > 0 {
		n := min(len(ids), rowsByIDBatch)
		for i := range args {
			args[i] = int64(0)
			if i < n {
				args[i] = ids[i]
			}
		}
		ids = ids[n:]
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r RequestRow
			var typ, status string
			var seasons sql.NullString
			if err := rows.Scan(&r.ID, &r.Version, &r.UserID, &r.RequestedBy, &typ, &r.TMDBID, &r.Title, &r.PosterPath, &status,
				&r.DeclineReason, &r.CreatedAt, &r.UpdatedAt, &r.Username, &seasons, &r.Is4K); err != nil {
				rows.Close()
				return nil, err
			}
			r.Type, r.Status = domain.MediaType(typ), domain.RequestStatus(status)
			r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
			r.Seasons = parseSeasons(seasons.String)
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// rowsByIDSQL is RequestRowsByID's statement for each engine: they differ
// only in how the seasons are aggregated.
var rowsByIDSQL = map[Engine]string{SQLite: rowsByID(`group_concat(DISTINCT i.season)`),
	Postgres: rowsByID(`string_agg(DISTINCT i.season::text, ',')`)}

func rowsByID(seasons string) string {
	in := make([]string, rowsByIDBatch)
	for i := range in {
		in[i] = "$" + strconv.Itoa(i+1)
	}
	return `SELECT r.id, r.version, r.user_id, r.requested_by, r.media_type, r.tmdb_id, r.title, r.poster_path, r.status,
		r.decline_reason, r.created_at, r.updated_at, u.username,
		CASE WHEN r.media_type = 'tv' THEN (SELECT ` + seasons + ` FROM request_item i WHERE i.request_id = r.id) END, r.is_4k
		FROM media_request r JOIN app_user u ON u.id = r.user_id WHERE r.id IN (` + strings.Join(in, ", ") + `)`
}

func parseSeasons(s string) []int {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			out = append(out, n)
		}
	}
	// A handful of seasons: insertion sort, no sort package closure.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// RequestCount is how many requests of one type are in one status.
type RequestCount struct {
	Type   domain.MediaType
	Status domain.RequestStatus
	N      int
}

// CountRequestsBy counts requests by type and status in one grouped query:
// a user's (userID > 0) or everyone's.
func CountRequestsBy(ctx context.Context, q Querier, userID int64) ([]RequestCount, error) {
	query := `SELECT media_type, status, COUNT(*) FROM media_request GROUP BY media_type, status`
	var args []any
	if userID != 0 {
		query = `SELECT media_type, status, COUNT(*) FROM media_request WHERE user_id = $1 GROUP BY media_type, status`
		args = append(args, userID)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RequestCount
	for rows.Next() {
		var c RequestCount
		var typ, status string
		if err := rows.Scan(&typ, &status, &c.N); err != nil {
			return nil, err
		}
		c.Type, c.Status = domain.MediaType(typ), domain.RequestStatus(status)
		out = append(out, c)
	}
	return out, rows.Err()
}
