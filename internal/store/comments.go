package store

import (
	"context"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// AddRequestComment stores a comment on a request.
func AddRequestComment(ctx context.Context, q Querier, requestID, userID int64, staffOnly bool, body string, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO request_comment (request_id, user_id, staff_only, body, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, requestID, userID, staffOnly, body, now.UTC()).Scan(&id)
	return id, err
}

// RequestComments lists a request's comments, oldest first; staff-only notes
// only when withStaff.
func RequestComments(ctx context.Context, q Querier, requestID int64, withStaff bool) ([]domain.Comment, error) {
	return comments(ctx, q, `SELECT c.id, c.user_id, u.username, c.staff_only, c.body, c.created_at
		FROM request_comment c JOIN app_user u ON u.id = c.user_id
		WHERE c.request_id = $1 AND (c.staff_only = FALSE OR $2) ORDER BY c.id`, requestID, withStaff)
}

func comments(ctx context.Context, q Querier, query string, args ...any) ([]domain.Comment, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Comment
	for rows.Next() {
		var c domain.Comment
		if err := rows.Scan(&c.ID, &c.UserID, &c.Username, &c.StaffOnly, &c.Body, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
