package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
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
	// Versions of the session row and its user's row as read (by
	// SessionWithUser only): every change to either bumps them.
	Version, UserVersion int64
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

// TouchSession records activity; the caller limits how often.
func TouchSession(ctx context.Context, q Querier, id int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE user_session SET last_seen_at = $1 WHERE id = $2`, now.UTC(), id)
	return err
}

// ElevateSession records a fresh re-authentication.
func ElevateSession(ctx context.Context, q Querier, id int64, now time.Time) error {
	defer wrote(q, &accountsVersion)
	return exec1(ctx, q, `UPDATE user_session SET elevated_at = $1, last_seen_at = $1 WHERE id = $2`, now.UTC(), id)
}

// DeleteSession ends one session of one user; ErrNotFound if it is not theirs.
func DeleteSession(ctx context.Context, q Querier, userID, id int64) error {
	defer wrote(q, &accountsVersion)
	return exec1(ctx, q, `DELETE FROM user_session WHERE id = $1 AND user_id = $2`, id, userID)
}

// DeleteUserSessions ends every session of a user but keep (0 keeps none)
// and returns how many ended.
func DeleteUserSessions(ctx context.Context, q Querier, userID, keep int64) (int64, error) {
	defer wrote(q, &accountsVersion)
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
	defer wrote(q, &accountsVersion)
	res, err := q.ExecContext(ctx, `DELETE FROM user_session WHERE expires_at <= $1 OR last_seen_at <= $2`, now.UTC(), now.Add(-idle).UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// SessionWithUser finds a session by its token hash together with its user,
// in one query: every signed-in request asks this.
func SessionWithUser(ctx context.Context, q Querier, tokenHash string) (Session, domain.User, error) {
	var s Session
	var elevated sql.NullTime
	row := q.QueryRowContext(ctx, sessionWithUserSQL, tokenHash)
	u, err := scanUser(scanPrefix{row, []any{&s.ID, &s.UserID, &s.Stage, &s.CSRFToken, &s.IP, &s.UserAgent, &s.Fingerprint,
		&s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &elevated, &s.Version, &s.UserVersion}})
	if err != nil {
		return s, u, err
	}
	if elevated.Valid {
		t := elevated.Time.UTC()
		s.ElevatedAt = &t
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return s, u, nil
}

var sessionWithUserSQL = `SELECT s.id, s.user_id, s.stage, s.csrf_token, s.ip, s.user_agent, s.fingerprint,
	s.created_at, s.last_seen_at, s.expires_at, s.elevated_at, s.version, u.version, ` + prefixed("u.", userColumns) + `
	FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = $1`

// SessionVersions returns the versions of a session (by its token hash)
// and of its user: two numbers that change whenever anything in either row
// does, so that a caller holding both rows from SessionWithUser knows
// whether they are still exactly current. ErrNotFound: no such session.
func SessionVersions(ctx context.Context, q Querier, tokenHash string) (session, user int64, err error) {
	err = q.QueryRowContext(ctx, `SELECT s.version, u.version FROM user_session s JOIN app_user u ON u.id = s.user_id
		WHERE s.token_hash = $1`, tokenHash).Scan(&session, &user)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return session, user, err
}

// scanPrefix lets scanUser read the user columns that follow others in a row.
type scanPrefix struct {
	row    rowScanner
	before []any
}

func (p scanPrefix) Scan(dest ...any) error { return p.row.Scan(append(p.before, dest...)...) }

func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
