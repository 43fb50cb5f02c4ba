package store

import (
	"context"
	"time"
)

// EnableMFA stores the sealed TOTP secret, the step of the code that
// confirmed it, and the new recovery-code hashes, replacing old ones.
func EnableMFA(ctx context.Context, q Querier, userID int64, sealed string, step int64, codeHashes []string, now time.Time) error {
	defer wrote(q, &accountsVersion)
	if err := exec1(ctx, q, `UPDATE app_user SET mfa_secret = $1, mfa_enabled_at = $2, mfa_last_step = $3, updated_at = $2 WHERE id = $4`,
		sealed, now.UTC(), step, userID); err != nil {
		return err
	}
	return ReplaceRecoveryCodes(ctx, q, userID, codeHashes)
}

// DisableMFA removes the secret and every recovery code.
func DisableMFA(ctx context.Context, q Querier, userID int64, now time.Time) error {
	defer wrote(q, &accountsVersion)
	if err := exec1(ctx, q, `UPDATE app_user SET mfa_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = 0, updated_at = $1 WHERE id = $2`,
		now.UTC(), userID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM mfa_recovery_code WHERE user_id = $1`, userID)
	return err
}

// AdvanceMFAStep records the TOTP step just used. It succeeds only if the
// step is newer than the last one, so a code is accepted once even when two
// requests race; ErrNotFound means replay.
func AdvanceMFAStep(ctx context.Context, q Querier, userID, step int64) error {
	return exec1(ctx, q, `UPDATE app_user SET mfa_last_step = $1 WHERE id = $2 AND mfa_last_step < $1 AND mfa_secret IS NOT NULL`, step, userID)
}

// ReplaceRecoveryCodes swaps the user's recovery codes for new hashes.
func ReplaceRecoveryCodes(ctx context.Context, q Querier, userID int64, hashes []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM mfa_recovery_code WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := q.ExecContext(ctx, `INSERT INTO mfa_recovery_code (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return err
		}
	}
	return nil
}

// RecoveryCode is one unused code's hash.
type RecoveryCode struct {
	ID   int64
	Hash string
}

// UnusedRecoveryCodes lists the codes not yet used.
func UnusedRecoveryCodes(ctx context.Context, q Querier, userID int64) ([]RecoveryCode, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code_hash FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RecoveryCode
	for rows.Next() {
		var c RecoveryCode
		if err := rows.Scan(&c.ID, &c.Hash); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UseRecoveryCode marks a code used; ErrNotFound if it already was.
func UseRecoveryCode(ctx context.Context, q Querier, id int64, now time.Time) error {
	return exec1(ctx, q, `UPDATE mfa_recovery_code SET used_at = $1 WHERE id = $2 AND used_at IS NULL`, now.UTC(), id)
}
