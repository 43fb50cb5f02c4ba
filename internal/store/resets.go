package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// CreateReset stores a password-reset token's hash; createdBy is the admin
// who made a reset link, or 0 for a self-service email.
func CreateReset(ctx context.Context, q Querier, tokenHash string, userID, createdBy int64, now, expires time.Time) error {
	var by any
	if createdBy != 0 {
		by = createdBy
	}
	_, err := q.ExecContext(ctx, `INSERT INTO password_reset (token_hash, user_id, created_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, tokenHash, userID, by, now.UTC(), expires.UTC())
	return err
}

// ResetUser returns the user of a usable (unused, unexpired) token.
func ResetUser(ctx context.Context, q Querier, tokenHash string, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT user_id FROM password_reset WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
		tokenHash, now.UTC()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

// ConsumeReset marks a usable token used and returns its user; a second use,
// even a simultaneous one, gets ErrNotFound. Other tokens of the user die too.
func ConsumeReset(ctx context.Context, q Querier, tokenHash string, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `UPDATE password_reset SET used_at = $1
		WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id`, now.UTC(), tokenHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	_, err = q.ExecContext(ctx, `UPDATE password_reset SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, now.UTC(), id)
	return id, err
}

// DeleteExpiredResets removes tokens past their lifetime or used.
func DeleteExpiredResets(ctx context.Context, q Querier, now time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM password_reset WHERE expires_at <= $1 OR used_at IS NOT NULL`, now.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
