package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// Setting is one site-wide setting, stored as text (JSON for structured values).
type Setting struct {
	Key       string
	Value     string
	UpdatedAt time.Time
}

// GetSetting returns the setting or ErrNotFound.
func GetSetting(ctx context.Context, q Querier, key string) (Setting, error) {
	var st Setting
	err := q.QueryRowContext(ctx,
		`SELECT key, value, updated_at FROM app_setting WHERE key = $1`, key).
		Scan(&st.Key, &st.Value, &st.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return st, ErrNotFound
	}
	st.UpdatedAt = st.UpdatedAt.UTC()
	return st, err
}

// PutSetting inserts or replaces a setting inside tx.
func PutSetting(ctx context.Context, tx Querier, key, value string, now time.Time) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO app_setting (key, value, updated_at) VALUES ($1, $2, $3)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, now.UTC())
	return err
}

// ListSettings returns every setting ordered by key.
func ListSettings(ctx context.Context, q Querier) ([]Setting, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, value, updated_at FROM app_setting ORDER BY key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Setting
	for rows.Next() {
		var st Setting
		if err := rows.Scan(&st.Key, &st.Value, &st.UpdatedAt); err != nil {
			return nil, err
		}
		st.UpdatedAt = st.UpdatedAt.UTC()
		out = append(out, st)
	}
	return out, rows.Err()
}
