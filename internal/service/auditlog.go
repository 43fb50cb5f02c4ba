package service

import (
	"context"
	"time"

	"github.com/lemedia/lemedia/internal/audit"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// AuditPage lists audit rows for admins.
func (s *Service) AuditPage(ctx context.Context, p Principal, f store.AuditFilter) ([]store.AuditRow, error) {
	if !p.User.Permissions.Has(domain.PermAdmin) {
		return nil, ErrNotFound
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	return store.ListAudit(ctx, s.Store.DB, f)
}

// AuditExport returns every matching row (newest first) and records the
// export itself in the log.
func (s *Service) AuditExport(ctx context.Context, m Meta, p Principal, f store.AuditFilter, format string) ([]store.AuditRow, error) {
	if !p.User.Permissions.Has(domain.PermAdmin) {
		return nil, ErrNotFound
	}
	f.Limit, f.Before = 0, 0
	rows, err := store.ListAudit(ctx, s.Store.DB, f)
	if err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		return s.record(ctx, tx, m, &p.User, "audit.export", "audit", "success", map[string]any{"format": format, "rows": len(rows)})
	})
	return rows, err
}

// PruneAudit deletes rows older than the retention setting; the chain stays
// verifiable from its new anchor.
func (s *Service) PruneAudit(ctx context.Context) (int64, error) {
	days := s.Settings(ctx).AuditRetentionDays
	var n int64
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.LockAudit(ctx, tx); err != nil {
			return err
		}
		var err error
		n, err = store.PruneAudit(ctx, tx, s.Now().Add(-time.Duration(days)*24*time.Hour), s.Now())
		if err != nil || n == 0 {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{At: s.Now(), ActorName: "system", Action: "audit.prune", Target: "audit",
			Outcome: "success", Metadata: map[string]any{"rows": n, "retention_days": days}})
	})
	return n, err
}
