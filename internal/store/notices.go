package store

import (
	"context"
	"database/sql"
	"time"
)

// SeenDevice records a browser+network a user signed in from and reports
// whether it is new for them.
func SeenDevice(ctx context.Context, q Querier, userID int64, key string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO user_device (user_id, device_key, first_seen, last_seen) VALUES ($1, $2, $3, $3)
		ON CONFLICT (user_id, device_key) DO NOTHING`, userID, key, now.UTC())
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, nil
	}
	_, err = q.ExecContext(ctx, `UPDATE user_device SET last_seen = $1 WHERE user_id = $2 AND device_key = $3`, now.UTC(), userID, key)
	return false, err
}

// Notice is an in-app security notice to one user.
type Notice struct {
	ID        int64
	Kind      string
	Detail    string
	CreatedAt time.Time
	Read      bool
}

// AddNotice stores a notice for a user.
func AddNotice(ctx context.Context, q Querier, userID int64, kind, detail string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO security_notice (user_id, kind, detail, created_at) VALUES ($1, $2, $3, $4)`,
		userID, kind, detail, now.UTC())
	return err
}

// ListNotices returns a user's newest notices.
func ListNotices(ctx context.Context, q Querier, userID int64, limit int) ([]Notice, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, detail, created_at, read_at FROM security_notice
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Kind, &n.Detail, &n.CreatedAt, &read); err != nil {
			return nil, err
		}
		n.Read, n.CreatedAt = read.Valid, n.CreatedAt.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadNotices counts a user's unread notices.
func UnreadNotices(ctx context.Context, q Querier, userID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM security_notice WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkNoticesRead marks every notice of a user read.
func MarkNoticesRead(ctx context.Context, q Querier, userID int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE security_notice SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, now.UTC(), userID)
	return err
}

// DeviceCount counts the devices a user has signed in from.
func DeviceCount(ctx context.Context, q Querier, userID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_device WHERE user_id = $1`, userID).Scan(&n)
	return n, err
}
