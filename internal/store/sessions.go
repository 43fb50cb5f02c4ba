package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Session stages: a password-only session may do nothing but finish MFA.
const (
	StageFull = "full"
	StageMFA  = "mfa"
)

// Session is one signed-in browser. Only the token's hash is stored.
type Session struct {
	ID          int64
	UserID      int64
	Stage       string
	CSRFToken   string
	IP          string
	UserAgent   string
	Fingerprint string
	CreatedAt   time.Time
	LastSeenAt  time.Time
	ExpiresAt   time.Time
	ElevatedAt  *time.Time
}

// CreateSession stores a session under the hash of its token.
func CreateSession(ctx context.Context, q Querier, tokenHash string, s Session) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO user_session
		(token_hash, user_id, stage, csrf_token, ip, user_agent, fingerprint, created_at, last_seen_at, expires_at, elevated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10) RETURNING id`,
		tokenHash, s.UserID, s.Stage, s.CSRFToken, s.IP, s.UserAgent, s.Fingerprint, s.CreatedAt.UTC(), s.ExpiresAt.UTC(), nullTime(s.ElevatedAt),
	).Scan(&id)
	return id, err
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

const sessionColumns = `id, user_id, stage, csrf_token, ip, user_agent, fingerprint, created_at, last_seen_at, expires_at, elevated_at`

func scanSession(r rowScanner) (Session, error) {
	var s Session
	var elevated sql.NullTime
	err := r.Scan(&s.ID, &s.UserID, &s.Stage, &s.CSRFToken, &s.IP, &s.UserAgent, &s.Fingerprint, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &elevated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if elevated.Valid {
		t := elevated.Time.UTC()
		s.ElevatedAt = &t
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return s, err
}

// SessionByToken finds a session by its token hash (expired ones included:
// the caller decides with its clock).
func SessionByToken(ctx context.Context, q Querier, tokenHash string) (Session, error) {
	return scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM user_session WHERE token_hash = $1`, tokenHash))
}

// TouchSession records activity; the caller limits how often.
func TouchSession(ctx context.Context, q Querier, id int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE user_session SET last_seen_at = $1 WHERE id = $2`, now.UTC(), id)
	return err
}

// ElevateSession records a fresh re-authentication.
func ElevateSession(ctx context.Context, q Querier, id int64, now time.Time) error {
	return exec1(ctx, q, `UPDATE user_session SET elevated_at = $1, last_seen_at = $1 WHERE id = $2`, now.UTC(), id)
}

// DeleteSession ends one session of one user; ErrNotFound if it is not theirs.
func DeleteSession(ctx context.Context, q Querier, userID, id int64) error {
	return exec1(ctx, q, `DELETE FROM user_session WHERE id = $1 AND user_id = $2`, id, userID)
}

// DeleteUserSessions ends every session of a user but keep (0 keeps none)
// and returns how many ended.
func DeleteUserSessions(ctx context.Context, q Querier, userID, keep int64) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM user_session WHERE user_id = $1 AND id <> $2`, userID, keep)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ListSessions returns a user's full sessions, newest activity first.
func ListSessions(ctx context.Context, q Querier, userID int64) ([]Session, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+sessionColumns+` FROM user_session WHERE user_id = $1 AND stage = $2
		ORDER BY last_seen_at DESC, id DESC`, userID, StageFull)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// DeleteExpiredSessions removes sessions past their absolute or idle limit.
func DeleteExpiredSessions(ctx context.Context, q Querier, now time.Time, idle time.Duration) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM user_session WHERE expires_at <= $1 OR last_seen_at <= $2`, now.UTC(), now.Add(-idle).UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
