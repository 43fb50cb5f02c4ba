package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// Querier is a *sql.DB or a *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// NewUser is what creating an account needs.
type NewUser struct {
	Username, Email, PasswordHash string
	Permissions                   domain.Permission
	IsOwner                       bool
	Now                           time.Time
}

const userColumns = `id, username, email, permissions, is_owner, suspended_at, mfa_enabled_at,
	quota_movie_limit, quota_movie_days, quota_tv_limit, quota_tv_days, password_changed_at, created_at, updated_at`

// CreateUser inserts an account. A taken username or email, or a second
// owner, is an *ErrConflict naming username_key, email_key or one_owner.
func CreateUser(ctx context.Context, q Querier, u NewUser) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO app_user
		(username, username_key, email, email_key, password_hash, permissions, is_owner, password_changed_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8) RETURNING id`,
		u.Username, domain.Key(u.Username), u.Email, domain.Key(u.Email), u.PasswordHash, int64(u.Permissions), u.IsOwner, u.Now.UTC(),
	).Scan(&id)
	return id, conflict(err)
}

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(r rowScanner) (domain.User, error) {
	var u domain.User
	var perms int64
	var suspended, mfa sql.NullTime
	var ml, md, tl, td sql.NullInt64
	err := r.Scan(&u.ID, &u.Username, &u.Email, &perms, &u.IsOwner, &suspended, &mfa, &ml, &md, &tl, &td,
		&u.PasswordChangedAt, &u.CreatedAt, &u.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	u.Permissions = domain.Permission(perms)
	if suspended.Valid {
		t := suspended.Time.UTC()
		u.SuspendedAt = &t
	}
	u.MFAEnabled = mfa.Valid
	u.Quota = domain.Quota{MovieLimit: intPtr(ml), MovieDays: intPtr(md), TVLimit: intPtr(tl), TVDays: intPtr(td)}
	u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = u.PasswordChangedAt.UTC(), u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// UserByID returns the account or ErrNotFound.
func UserByID(ctx context.Context, q Querier, id int64) (domain.User, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM app_user WHERE id = $1`, id))
}

// UserByLogin finds an account by username or email, case-insensitively.
func UserByLogin(ctx context.Context, q Querier, login string) (domain.User, error) {
	k := domain.Key(login)
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM app_user WHERE username_key = $1 OR email_key = $1`, k))
}

// UserSecrets are the parts of an account only authentication reads.
type UserSecrets struct {
	PasswordHash string
	MFASecret    string // sealed; empty when MFA is off or not yet confirmed
	MFALastStep  int64
}

// SecretsOf returns the password hash and sealed MFA secret.
func SecretsOf(ctx context.Context, q Querier, id int64) (UserSecrets, error) {
	var s UserSecrets
	var mfa sql.NullString
	err := q.QueryRowContext(ctx, `SELECT password_hash, mfa_secret, mfa_last_step FROM app_user WHERE id = $1`, id).
		Scan(&s.PasswordHash, &mfa, &s.MFALastStep)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	s.MFASecret = mfa.String
	return s, err
}

// HasOwner reports whether setup has created the owner.
func HasOwner(ctx context.Context, q Querier) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM app_user WHERE is_owner`).Scan(&n)
	return n > 0, err
}

func exec1(ctx context.Context, q Querier, query string, args ...any) error {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return conflict(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// SetPassword replaces the password hash.
func SetPassword(ctx context.Context, q Querier, id int64, hash string, now time.Time) error {
	defer wrote(q, &accountsVersion)
	return exec1(ctx, q, `UPDATE app_user SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3`, hash, now.UTC(), id)
}

// SetPermissions replaces the permission bits.
func SetPermissions(ctx context.Context, q Querier, id int64, p domain.Permission, now time.Time) error {
	defer wrote(q, &accountsVersion)
	return exec1(ctx, q, `UPDATE app_user SET permissions = $1, updated_at = $2 WHERE id = $3`, int64(p), now.UTC(), id)
}

// SetQuota replaces the per-user request limits.
func SetQuota(ctx context.Context, q Querier, id int64, qu domain.Quota, now time.Time) error {
	defer wrote(q, &accountsVersion)
	return exec1(ctx, q, `UPDATE app_user SET quota_movie_limit = $1, quota_movie_days = $2, quota_tv_limit = $3,
		quota_tv_days = $4, updated_at = $5 WHERE id = $6`,
		nullInt(qu.MovieLimit), nullInt(qu.MovieDays), nullInt(qu.TVLimit), nullInt(qu.TVDays), now.UTC(), id)
}

// SetSuspended suspends (at != nil) or restores an account.
func SetSuspended(ctx context.Context, q Querier, id int64, at *time.Time, now time.Time) error {
	defer wrote(q, &accountsVersion)
	var v any
	if at != nil {
		v = at.UTC()
	}
	return exec1(ctx, q, `UPDATE app_user SET suspended_at = $1, updated_at = $2 WHERE id = $3`, v, now.UTC(), id)
}

// SetEmail changes the address; a taken one is a conflict on email_key.
func SetEmail(ctx context.Context, q Querier, id int64, email string, now time.Time) error {
	defer wrote(q, &accountsVersion)
	return exec1(ctx, q, `UPDATE app_user SET email = $1, email_key = $2, updated_at = $3 WHERE id = $4`, email, domain.Key(email), now.UTC(), id)
}

// DeleteUser removes an account and, by cascade, its sessions and tokens.
func DeleteUser(ctx context.Context, q Querier, id int64) error {
	err := exec1(ctx, q, `DELETE FROM app_user WHERE id = $1`, id)
	if err == nil { // their sessions, requests and issues went with them
		wrote(q, &accountsVersion)
		wrote(q, &requestsVersion)
		wrote(q, &issuesVersion)
	}
	return err
}

// UserPage is one page of the admin user list.
type UserPage struct {
	Users []domain.User
	Next  int64 // id to continue after; 0 on the last page
	Total int
}

// ListUsers pages through accounts by id, optionally matching a search on
// username or email.
func ListUsers(ctx context.Context, q Querier, search string, after int64, limit int) (UserPage, error) {
	var page UserPage
	like := "%" + escapeLike(domain.Key(search)) + "%"
	where := `(username_key LIKE $1 ESCAPE '\' OR email_key LIKE $1 ESCAPE '\')`
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM app_user WHERE `+where, like).Scan(&page.Total); err != nil {
		return page, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+userColumns+` FROM app_user WHERE `+where+` AND id > $2 ORDER BY id LIMIT $3`,
		like, after, limit+1)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return page, err
		}
		page.Users = append(page.Users, u)
	}
	if len(page.Users) > limit {
		page.Users = page.Users[:limit]
		page.Next = page.Users[limit-1].ID
	}
	return page, rows.Err()
}

func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}
