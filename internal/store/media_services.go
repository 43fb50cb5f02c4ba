package store

import (
	"context"
	"time"
)

// MediaService is one Radarr, Sonarr, Jellyfin or Plex connection as stored.
// APIKey is the sealed value (or "" between the insert and the sealing
// update of the same transaction); Settings is JSON the service layer owns.
type MediaService struct {
	ID        int64
	Kind      string
	Name      string
	BaseURL   string
	APIKey    string
	Default   bool
	Is4K      bool
	Enabled   bool
	Settings  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const mediaServiceColumns = `id, kind, name, base_url, api_key, is_default, is_4k, enabled, settings, created_at, updated_at`

func scanMediaService(r rowScanner) (MediaService, error) {
	var m MediaService
	err := r.Scan(&m.ID, &m.Kind, &m.Name, &m.BaseURL, &m.APIKey, &m.Default, &m.Is4K, &m.Enabled, &m.Settings,
		&m.CreatedAt, &m.UpdatedAt)
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m, err
}

// InsertMediaService adds a row without its key and returns the id; the
// caller seals the key for that id and calls SetMediaServiceKey in the same
// transaction. A second default of the same kind and tier, or a second name
// of the same kind, is an *ErrConflict.
func InsertMediaService(ctx context.Context, q Querier, m MediaService, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO media_service (kind, name, base_url, api_key, is_default, is_4k, enabled, settings, created_at, updated_at)
		 VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $8) RETURNING id`,
		m.Kind, m.Name, m.BaseURL, m.Default, m.Is4K, m.Enabled, m.Settings, now.UTC()).Scan(&id)
	return id, conflict(err)
}

// SetMediaServiceKey stores a sealed key.
func SetMediaServiceKey(ctx context.Context, q Querier, id int64, sealed string) error {
	return exec1(ctx, q, `UPDATE media_service SET api_key = $1 WHERE id = $2`, sealed, id)
}

// UpdateMediaService replaces everything but the kind, the key and created_at.
func UpdateMediaService(ctx context.Context, q Querier, m MediaService, now time.Time) error {
	return exec1(ctx, q,
		`UPDATE media_service SET name = $1, base_url = $2, is_default = $3, is_4k = $4, enabled = $5, settings = $6, updated_at = $7
		 WHERE id = $8`,
		m.Name, m.BaseURL, m.Default, m.Is4K, m.Enabled, m.Settings, now.UTC(), m.ID)
}

// ClearMediaServiceDefault unsets the default of a kind and tier, so another
// row can take it without tripping the one-default index.
func ClearMediaServiceDefault(ctx context.Context, q Querier, kind string, is4K bool, now time.Time) error {
	_, err := q.ExecContext(ctx,
		`UPDATE media_service SET is_default = FALSE, updated_at = $1 WHERE kind = $2 AND is_4k = $3 AND is_default`,
		now.UTC(), kind, is4K)
	return err
}

// HasDefaultMediaService reports whether a kind and tier has a default.
func HasDefaultMediaService(ctx context.Context, q Querier, kind string, is4K bool) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM media_service WHERE kind = $1 AND is_4k = $2 AND is_default`, kind, is4K).Scan(&n)
	return n > 0, err
}

// DeleteMediaService removes a row; ErrNotFound when it is not there.
func DeleteMediaService(ctx context.Context, q Querier, id int64) error {
	return exec1(ctx, q, `DELETE FROM media_service WHERE id = $1`, id)
}

// MediaServiceByID returns one row or ErrNotFound.
func MediaServiceByID(ctx context.Context, q Querier, id int64) (MediaService, error) {
	list, err := queryAll(ctx, q, `SELECT `+mediaServiceColumns+` FROM media_service WHERE id = $1`, []any{id}, scanMediaService)
	if err != nil {
		return MediaService{}, err
	}
	if len(list) == 0 {
		return MediaService{}, ErrNotFound
	}
	return list[0], nil
}

// MediaServicesFilter selects rows; the zero value selects every row.
type MediaServicesFilter struct {
	Kind        string // "" for every kind
	EnabledOnly bool
}

// ListMediaServices returns rows by kind, standard before 4K, the default
// first, then by name.
func ListMediaServices(ctx context.Context, q Querier, f MediaServicesFilter) ([]MediaService, error) {
	w := filter{sql: `SELECT ` + mediaServiceColumns + ` FROM media_service WHERE 1=1`}
	if f.Kind != "" {
		w.and("kind =", f.Kind)
	}
	if f.EnabledOnly {
		w.sql += " AND enabled"
	}
	query, args := w.limit("kind, is_4k, is_default DESC, name, id", 0)
	return queryAll(ctx, q, query, args, scanMediaService)
}
