package store

import (
	"context"
	"time"
)

// Sealed values at rest, for `lemedia secrets rotate`. Each swap is
// conditional on the value read, so a row changed meanwhile (by an admin,
// or by a second rotation running at once) is left to whoever changed it.

// SealedRow is one stored sealed value and its row id.
type SealedRow struct {
	ID    int64
	Value string
}

func scanSealedRow(r rowScanner) (SealedRow, error) {
	var s SealedRow
	err := r.Scan(&s.ID, &s.Value)
	return s, err
}

// SealedMediaServiceKeys lists every stored service key.
func SealedMediaServiceKeys(ctx context.Context, q Querier) ([]SealedRow, error) {
	return queryAll(ctx, q, `SELECT id, api_key FROM media_service WHERE api_key <> '' ORDER BY id`, nil, scanSealedRow)
}

// ResealMediaServiceKey replaces old with sealed; false when the row no
// longer holds old.
func ResealMediaServiceKey(ctx context.Context, q Querier, id int64, old, sealed string) (bool, error) {
	return swapped(q.ExecContext(ctx, `UPDATE media_service SET api_key = $1 WHERE id = $2 AND api_key = $3`, sealed, id, old))
}

// SealedMFASecrets lists every user's sealed TOTP seed.
func SealedMFASecrets(ctx context.Context, q Querier) ([]SealedRow, error) {
	return queryAll(ctx, q, `SELECT id, mfa_secret FROM app_user WHERE mfa_secret IS NOT NULL AND mfa_secret <> '' ORDER BY id`,
		nil, scanSealedRow)
}

// ResealMFASecret replaces old with sealed; false when the row no longer
// holds old (two-step verification turned off or set up again meanwhile).
func ResealMFASecret(ctx context.Context, q Querier, userID int64, old, sealed string) (bool, error) {
	return swapped(q.ExecContext(ctx, `UPDATE app_user SET mfa_secret = $1 WHERE id = $2 AND mfa_secret = $3`, sealed, userID, old))
}

// ReplaceSetting sets key to value only if it still holds old.
func ReplaceSetting(ctx context.Context, q Querier, key, old, value string, now time.Time) (bool, error) {
	return swapped(q.ExecContext(ctx, `UPDATE app_setting SET value = $1, updated_at = $2 WHERE key = $3 AND value = $4`,
		value, now.UTC(), key, old))
}

func swapped(res interface{ RowsAffected() (int64, error) }, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
