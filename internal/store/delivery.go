package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// SetRequestDelivery records where a request was sent and its id there.
func SetRequestDelivery(ctx context.Context, tx *Tx, id, serviceID, externalID int64) error {
	return exec1(ctx, tx, `UPDATE media_request SET service_id = $2, external_id = $3 WHERE id = $1`, id, serviceID, externalID)
}

// unfinishedStatuses are those the syncs follow: sent or due to be sent,
// and available ones, which may disappear from the library.
const unfinishedStatuses = `('approved', 'processing', 'partially_available', 'available')`

// UnfinishedRequests returns up to limit requests the syncs follow with ids
// above afterID, in id order, with their episodes: a sync walks them all
// page by page, so however many there are, none is starved.
func UnfinishedRequests(ctx context.Context, q Querier, afterID int64, limit int) ([]domain.Request, error) {
	reqs, err := queryAll(ctx, q, `SELECT id, user_id, media_type, tmdb_id, title, status,
		COALESCE(service_id, 0), COALESCE(external_id, 0), progress
		FROM media_request WHERE status IN `+unfinishedStatuses+` AND id > $1 ORDER BY id LIMIT $2`,
		[]any{afterID, limit}, func(r rowScanner) (domain.Request, error) {
			var x domain.Request
			var typ, st string
			err := r.Scan(&x.ID, &x.UserID, &typ, &x.TMDBID, &x.Title, &st, &x.ServiceID, &x.ExternalID, &x.Progress)
			x.Type, x.Status = domain.MediaType(typ), domain.RequestStatus(st)
			return x, err
		})
	if err != nil || len(reqs) == 0 {
		return reqs, err
	}
	// One query for the page's episodes, not one per series.
	byID := make(map[int64]*domain.Request, len(reqs))
	var ids []string
	for i := range reqs {
		if reqs[i].Type == domain.TV {
			byID[reqs[i].ID] = &reqs[i]
			ids = append(ids, strconv.FormatInt(reqs[i].ID, 10))
		}
	}
	if len(ids) == 0 {
		return reqs, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT request_id, season, episode, status, progress FROM request_item
		WHERE request_id IN (`+strings.Join(ids, ",")+`) ORDER BY request_id, season, episode`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var it domain.RequestItem
		var st string
		if err := rows.Scan(&id, &it.Season, &it.Episode, &st, &it.Progress); err != nil {
			return nil, err
		}
		it.Status = domain.RequestStatus(st)
		byID[id].Items = append(byID[id].Items, it)
	}
	return reqs, rows.Err()
}

// LibraryItem is one film or episode a media server holds.
type LibraryItem struct {
	ItemID          string
	Type            domain.MediaType
	TMDBID, TVDBID  int64
	Season, Episode int
	AddedAt         time.Time
}

// libraryBatch rows per INSERT: 9 values each stays far below both
// engines' parameter limits.
const libraryBatch = 400

// UpsertLibraryItems records items a scan of one media server saw at seenAt.
//
// On SQLite the values are anonymous "?" parameters: SQLite keeps "$n"
// parameters in a list it searches by name once per parameter when it parses
// the statement, and the driver again when it binds, so a row of 9 "$n"
// values cost time in proportion to the statement's 3 600 parameters (three
// quarters of a library sync's CPU, 176 ms per 1 000 rows).
func UpsertLibraryItems(ctx context.Context, tx *Tx, serviceID int64, items []LibraryItem, seenAt time.Time) error {
	for len(items) > 0 {
		n := min(len(items), libraryBatch)
		var sb strings.Builder
		sb.WriteString(`INSERT INTO library_item (service_id, item_id, media_type, tmdb_id, tvdb_id, season, episode, added_at, seen_at) VALUES `)
		args := make([]any, 0, n*9)
		for i, it := range items[:n] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for j := range 9 {
				if j > 0 {
					sb.WriteByte(',')
				}
				if tx.Engine == SQLite {
					sb.WriteByte('?')
				} else {
					sb.WriteString("$" + strconv.Itoa(len(args)+j+1))
				}
			}
			sb.WriteByte(')')
			added := it.AddedAt
			if added.IsZero() {
				added = seenAt
			}
			args = append(args, serviceID, it.ItemID, string(it.Type), it.TMDBID, it.TVDBID, it.Season, it.Episode, added.UTC(), seenAt.UTC())
		}
		sb.WriteString(` ON CONFLICT (service_id, item_id) DO UPDATE SET media_type = excluded.media_type,
			tmdb_id = excluded.tmdb_id, tvdb_id = excluded.tvdb_id, season = excluded.season,
			episode = excluded.episode, seen_at = excluded.seen_at`)
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

// DeleteStaleLibraryItems removes what a full scan of one server (started
// at scanStart) did not see: it is gone from that server.
func DeleteStaleLibraryItems(ctx context.Context, q Querier, serviceID int64, scanStart time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM library_item WHERE service_id = $1 AND seen_at < $2`, serviceID, scanStart.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteLibraryItemsNotOf drops the rows of media servers that are no
// longer configured.
func DeleteLibraryItemsNotOf(ctx context.Context, q Querier, serviceIDs []int64) (int64, error) {
	query := `DELETE FROM library_item`
	if len(serviceIDs) > 0 {
		query += ` WHERE service_id NOT IN (` + joinIDs(serviceIDs) + `)`
	}
	res, err := q.ExecContext(ctx, query)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// InLibrary reports, for titles of one type, which films (season and
// episode 0) or episodes any media server holds.
func InLibrary(ctx context.Context, q Querier, t domain.MediaType, tmdbIDs []int64) (map[int64]map[[2]int]bool, error) {
	out := map[int64]map[[2]int]bool{}
	if len(tmdbIDs) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT tmdb_id, season, episode FROM library_item
		WHERE media_type = $1 AND tmdb_id IN (`+joinIDs(tmdbIDs)+`)`, string(t))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k [2]int
		if err := rows.Scan(&id, &k[0], &k[1]); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[[2]int]bool{}
		}
		out[id][k] = true
	}
	return out, rows.Err()
}

// LibraryCount returns how many films and episodes are recorded.
func LibraryCount(ctx context.Context, q Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM library_item`).Scan(&n)
	return n, err
}

// joinIDs writes numbers into SQL: they are int64s, never text from outside.
func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// PendingBefore returns up to limit pending requests filed before cutoff.
func PendingBefore(ctx context.Context, q Querier, cutoff time.Time, limit int) ([]int64, error) {
	return queryAll(ctx, q, `SELECT id FROM media_request WHERE status = 'pending' AND created_at < $1 ORDER BY id LIMIT $2`,
		[]any{cutoff.UTC(), limit}, func(r rowScanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		})
}
