package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// InsertRequest stores a request with its episodes and claims the film or
// every episode. A claim held by another active request is an *ErrConflict
// on media_claim: nothing is stored then.
func InsertRequest(ctx context.Context, tx *Tx, r domain.Request, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO media_request
		(user_id, requested_by, media_type, tmdb_id, title, poster_path, status, created_at, updated_at, is_4k)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id`,
		r.UserID, r.RequestedBy, string(r.Type), r.TMDBID, r.Title, r.PosterPath, string(r.Status), now.UTC(), r.Is4K).Scan(&id)
	if err != nil {
		return 0, err
	}
	wrote(tx, &requestsVersion)
	claim := func(season, episode int) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO media_claim (media_type, tmdb_id, season, episode, request_id, is_4k)
			VALUES ($1, $2, $3, $4, $5, $6)`, string(r.Type), r.TMDBID, season, episode, id, r.Is4K)
		return conflict(err)
	}
	if r.Type == domain.Movie {
		return id, claim(0, 0)
	}
	for _, it := range r.Items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO request_item (request_id, season, episode, status) VALUES ($1, $2, $3, $4)`,
			id, it.Season, it.Episode, string(r.Status)); err != nil {
			return 0, err
		}
		if err := claim(it.Season, it.Episode); err != nil {
			return 0, err
		}
	}
	return id, nil
}

const requestColumns = `id, user_id, requested_by, media_type, tmdb_id, title, poster_path, status, decline_reason, created_at, updated_at,
	COALESCE(service_id, 0), COALESCE(external_id, 0), progress, is_4k`

func scanRequest(r rowScanner) (domain.Request, error) {
	var q domain.Request
	var typ, status string
	err := r.Scan(&q.ID, &q.UserID, &q.RequestedBy, &typ, &q.TMDBID, &q.Title, &q.PosterPath, &status, &q.DeclineReason, &q.CreatedAt, &q.UpdatedAt,
		&q.ServiceID, &q.ExternalID, &q.Progress, &q.Is4K)
	if errors.Is(err, sql.ErrNoRows) {
		return q, ErrNotFound
	}
	q.Type, q.Status = domain.MediaType(typ), domain.RequestStatus(status)
	q.CreatedAt, q.UpdatedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	return q, err
}

// RequestByID returns a request with its episodes.
func RequestByID(ctx context.Context, q Querier, id int64) (domain.Request, error) {
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM media_request WHERE id = $1`, id))
	if err != nil || r.Type != domain.TV {
		return r, err
	}
	rows, err := q.QueryContext(ctx, `SELECT season, episode, status, progress FROM request_item WHERE request_id = $1 ORDER BY season, episode`, id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var it domain.RequestItem
		var st string
		if err := rows.Scan(&it.Season, &it.Episode, &st, &it.Progress); err != nil {
			return r, err
		}
		it.Status = domain.RequestStatus(st)
		r.Items = append(r.Items, it)
	}
	return r, rows.Err()
}

// LockUserRequests serialises request creation per user for the rest of
// tx, so a quota check and the insert after it cannot interleave with
// another of the user's submissions. SQLite transactions here already
// hold the write lock from BEGIN.
func LockUserRequests(ctx context.Context, tx *Tx, userID int64) error {
	if tx.Engine == Postgres {
		_, err := tx.ExecContext(ctx, `SELECT id FROM app_user WHERE id = $1 FOR UPDATE`, userID)
		return err
	}
	return nil
}

// QuotaUse counts what a user requested since a time, for one media type:
// films count one each; series count one per season, or one per request.
func QuotaUse(ctx context.Context, q Querier, userID int64, t domain.MediaType, since time.Time, perSeason bool) (int, error) {
	var n int
	query := `SELECT COUNT(*) FROM media_request WHERE user_id = $1 AND media_type = $2 AND created_at > $3
		AND status NOT IN ('declined', 'deleted')`
	if t == domain.TV && perSeason {
		query = `SELECT COUNT(*) FROM (SELECT DISTINCT i.request_id, i.season FROM request_item i
			JOIN media_request r ON r.id = i.request_id
			WHERE r.user_id = $1 AND r.media_type = $2 AND r.created_at > $3 AND r.status NOT IN ('declined', 'deleted')) s`
	}
	err := q.QueryRowContext(ctx, query, userID, string(t), since.UTC()).Scan(&n)
	return n, err
}

// OldestQuotaUse returns when the oldest request counted since a time was
// made: the quota refills one step when it leaves the window.
func OldestQuotaUse(ctx context.Context, q Querier, userID int64, t domain.MediaType, since time.Time) (time.Time, error) {
	// ORDER BY, not MIN(): SQLite's MIN returns text, without the column's type.
	var at time.Time
	err := q.QueryRowContext(ctx, `SELECT created_at FROM media_request WHERE user_id = $1 AND media_type = $2
		AND created_at > $3 AND status NOT IN ('declined', 'deleted') ORDER BY created_at LIMIT 1`, userID, string(t), since.UTC()).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return at.UTC(), err
}

// MoveRequest changes a request's status if it still is from, records the
// event, and frees its claims when it stops being active. ErrNotFound means
// the request is gone or was moved meanwhile.
func MoveRequest(ctx context.Context, tx *Tx, id int64, from, to domain.RequestStatus, actorID int64, reason string, now time.Time) error {
	declined := ""
	if to == domain.StatusDeclined {
		declined = reason
	}
	if err := exec1(ctx, tx, `UPDATE media_request SET status = $1, updated_at = $2,
		decline_reason = CASE WHEN $3 = '' THEN decline_reason ELSE $3 END WHERE id = $4 AND status = $5`,
		string(to), now.UTC(), declined, id, string(from)); err != nil {
		return err
	}
	wrote(tx, &requestsVersion)
	if _, err := tx.ExecContext(ctx, `UPDATE request_item SET status = $1 WHERE request_id = $2`, string(to), id); err != nil {
		return err
	}
	var actor any
	if actorID != 0 {
		actor = actorID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO request_event (request_id, at, actor_id, from_status, to_status, reason)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, now.UTC(), actor, string(from), string(to), reason); err != nil {
		return err
	}
	if !to.Active() {
		_, err := tx.ExecContext(ctx, `DELETE FROM media_claim WHERE request_id = $1`, id)
		return err
	}
	return nil
}

// RequestEvents returns a request's history, oldest first.
func RequestEvents(ctx context.Context, q Querier, id int64) ([]domain.RequestEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT at, actor_id, from_status, to_status, reason FROM request_event
		WHERE request_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.RequestEvent
	for rows.Next() {
		var e domain.RequestEvent
		var actor sql.NullInt64
		var from, to string
		if err := rows.Scan(&e.At, &actor, &from, &to, &e.Reason); err != nil {
			return nil, err
		}
		e.At, e.ActorID, e.From, e.To = e.At.UTC(), actor.Int64, domain.RequestStatus(from), domain.RequestStatus(to)
		out = append(out, e)
	}
	return out, rows.Err()
}

// RequestFilter selects a page of requests, newest first.
type RequestFilter struct {
	UserID int64 // 0: everyone's
	Status domain.RequestStatus
	Type   domain.MediaType
	Before int64 // keyset: ids below this; 0 from the newest
	Limit  int
}

// ListRequests returns one page of requests (without their episodes).
func ListRequests(ctx context.Context, q Querier, f RequestFilter) ([]domain.Request, error) {
	w := filter{sql: `SELECT ` + requestColumns + ` FROM media_request WHERE 1=1`}
	if f.UserID != 0 {
		w.and("user_id =", f.UserID)
	}
	if f.Status != "" {
		w.and("status =", string(f.Status))
	}
	if f.Type != "" {
		w.and("media_type =", string(f.Type))
	}
	if f.Before != 0 {
		w.and("id <", f.Before)
	}
	query, args := w.limit("id DESC", f.Limit)
	return queryAll(ctx, q, query, args, scanRequest)
}

// Claims returns, per claimed film or episode of one title, the status of
// the standard (not 4K) request that holds it: what a title page shows.
func Claims(ctx context.Context, q Querier, t domain.MediaType, tmdbID int64) (map[[2]int]domain.RequestStatus, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.season, c.episode, r.status FROM media_claim c JOIN media_request r ON r.id = c.request_id
		WHERE c.media_type = $1 AND c.tmdb_id = $2 AND c.is_4k = FALSE`, string(t), tmdbID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]int]domain.RequestStatus{}
	for rows.Next() {
		var s, e int
		var st string
		if err := rows.Scan(&s, &e, &st); err != nil {
			return nil, err
		}
		out[[2]int{s, e}] = domain.RequestStatus(st)
	}
	return out, rows.Err()
}

// ClaimStatuses returns, for each of many titles of one type, the distinct
// statuses of the standard requests holding its film or episodes: what
// poster cards show, in one query for a whole page.
func ClaimStatuses(ctx context.Context, q Querier, t domain.MediaType, ids []int64) (map[int64][]domain.RequestStatus, error) {
	out := map[int64][]domain.RequestStatus{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{string(t)}
	in := ""
	for i, id := range ids {
		args = append(args, id)
		if i > 0 {
			in += ", "
		}
		in += "$" + strconv.Itoa(i+2)
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT c.tmdb_id, r.status FROM media_claim c JOIN media_request r ON r.id = c.request_id
		WHERE c.media_type = $1 AND c.is_4k = FALSE AND c.tmdb_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, err
		}
		out[id] = append(out[id], domain.RequestStatus(st))
	}
	return out, rows.Err()
}

// CountRequests counts everyone's requests in one status, through the
// (status, id) index: the staff navigation's pending count.
func CountRequests(ctx context.Context, q Querier, status domain.RequestStatus) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM media_request WHERE status = $1`, string(status)).Scan(&n)
	return n, err
}
