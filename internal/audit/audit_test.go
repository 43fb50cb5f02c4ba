package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/audit"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/testenv"
)

func engines(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			t.Parallel()
			url := ""
			if pg {
				url = testenv.Postgres(t)
			}
			s, err := store.Open(context.Background(), url, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			if _, err := s.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			fn(t, s)
		})
	}
}

var t0 = time.Date(2026, 11, 1, 10, 0, 0, 123456789, time.UTC)

func record(t *testing.T, s *store.Store, n int, at time.Time) {
	t.Helper()
	for i := range n {
		err := s.WithTx(context.Background(), func(tx *store.Tx) error {
			return audit.Record(context.Background(), tx, audit.Event{
				At: at.Add(time.Duration(i) * time.Minute), ActorID: 1, ActorName: "owner", Action: "user.update",
				Target: fmt.Sprintf("user:%d", i), IP: "127.0.0.1", RequestID: "r", Outcome: audit.Success,
				Metadata: map[string]any{"i": i},
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, s *store.Store) (int, *audit.Problem) {
	t.Helper()
	n, p, err := audit.Verify(context.Background(), s.DB)
	if err != nil {
		t.Fatal(err)
	}
	return n, p
}

func TestVerifyFindsEditsAndRemovals(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if n, p := verify(t, s); n != 0 || p != nil {
			t.Fatalf("empty log: %d %v", n, p)
		}
		record(t, s, 5, t0)
		if n, p := verify(t, s); n != 5 || p != nil {
			t.Fatalf("intact log: %d %v", n, p)
		}
		rows, _ := store.ListAudit(ctx, s.DB, store.AuditFilter{})
		ids := []int64{rows[4].ID, rows[3].ID, rows[2].ID, rows[1].ID, rows[0].ID} // oldest first

		s.DB.Exec(`UPDATE audit_log SET outcome = 'failure' WHERE id = $1`, ids[1])
		if _, p := verify(t, s); p == nil || p.RowID != ids[1] || !strings.Contains(p.Reason, "changed") {
			t.Fatalf("edit: %v", p)
		}
		s.DB.Exec(`UPDATE audit_log SET outcome = 'success' WHERE id = $1`, ids[1])
		if _, p := verify(t, s); p != nil {
			t.Fatalf("restored: %v", p)
		}

		s.DB.Exec(`DELETE FROM audit_log WHERE id = $1`, ids[2])
		if _, p := verify(t, s); p == nil || p.RowID != ids[3] || !strings.Contains(p.Reason, "removed") {
			t.Fatalf("middle removal: %v", p)
		}
	})
}

func TestVerifyFindsTailRemovalAndSurvivesPruning(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		record(t, s, 6, t0)
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			n, err := store.PruneAudit(ctx, tx, t0.Add(3*time.Minute-time.Second), t0.Add(time.Hour))
			if n != 3 {
				t.Errorf("pruned %d", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, p := verify(t, s); n != 3 || p != nil {
			t.Fatalf("after pruning: %d %v", n, p)
		}
		rows, _ := store.ListAudit(ctx, s.DB, store.AuditFilter{})
		s.DB.Exec(`DELETE FROM audit_log WHERE id = $1`, rows[0].ID)
		if _, p := verify(t, s); p == nil || p.RowID != rows[0].ID {
			t.Fatalf("tail removal: %v", p)
		}
	})
}

func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() { defer wg.Done(); record(t, s, 5, t0) }()
		}
		wg.Wait()
		if n, p := verify(t, s); n != 20 || p != nil {
			t.Fatalf("%d rows, problem %v", n, p)
		}
	})
}

func TestFilters(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		record(t, s, 5, t0)
		ctx := context.Background()
		got, _ := store.ListAudit(ctx, s.DB, store.AuditFilter{Target: "user:2"})
		if len(got) != 1 || got[0].Metadata != `{"i":2}` {
			t.Fatalf("by target: %+v", got)
		}
		got, _ = store.ListAudit(ctx, s.DB, store.AuditFilter{From: t0.Add(time.Minute), To: t0.Add(3 * time.Minute), Limit: 10})
		if len(got) != 2 {
			t.Fatalf("by date: %d", len(got))
		}
		page1, _ := store.ListAudit(ctx, s.DB, store.AuditFilter{Limit: 2})
		page2, _ := store.ListAudit(ctx, s.DB, store.AuditFilter{Limit: 2, Before: page1[1].ID})
		if len(page2) != 2 || page2[0].ID >= page1[1].ID {
			t.Fatalf("keyset pages %v %v", page1, page2)
		}
	})
}
