package service

import (
	"context"
	"errors"

	"github.com/lemedia/lemedia/internal/store"
)

// Housekeeping removes expired sessions and reset tokens and prunes the
// audit log past its retention. Every step is idempotent, so several
// instances may run it at once. (Scheduled jobs move to the job queue later.)
func (s *Service) Housekeeping(ctx context.Context) error {
	sessions, err1 := store.DeleteExpiredSessions(ctx, s.Store.DB, s.Now(), s.SessionIdle)
	resets, err2 := store.DeleteExpiredResets(ctx, s.Store.DB, s.Now())
	pruned, err3 := s.PruneAudit(ctx)
	if sessions+resets+pruned > 0 {
		s.Log.Info("housekeeping", "sessions", sessions, "reset_tokens", resets, "audit_rows", pruned)
	}
	return errors.Join(err1, err2, err3)
}
