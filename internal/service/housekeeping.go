package service

import (
	"context"
	"errors"

	"github.com/lemedia/lemedia/internal/store"
)

// HousekeepingCounts is what one clean-up removed.
type HousekeepingCounts struct {
	Sessions    int64 `json:"sessions"`
	ResetTokens int64 `json:"reset_tokens"`
	AuditRows   int64 `json:"audit_rows"`
	JobRuns     int64 `json:"job_runs"`
}

// Housekeeping removes expired sessions and reset tokens and prunes the
// audit log past its retention. Every step is idempotent.
func (s *Service) Housekeeping(ctx context.Context) (HousekeepingCounts, error) {
	var c HousekeepingCounts
	var err1, err2, err3 error
	c.Sessions, err1 = store.DeleteExpiredSessions(ctx, s.Store.DB, s.Now(), s.SessionIdle)
	c.ResetTokens, err2 = store.DeleteExpiredResets(ctx, s.Store.DB, s.Now())
	c.AuditRows, err3 = s.PruneAudit(ctx)
	return c, errors.Join(err1, err2, err3)
}
