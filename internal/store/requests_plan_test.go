package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// Each filter of the request lists reads an index in order: SQLite's plan
// has no sort of its own (no temporary B-tree) and, where a filter applies,
// reads only a covering index (a media type together with another filter
// reads the rows of the other one for the type). PostgreSQL's plans depend on its statistics
// and are recorded in docs/performance.md instead.
func TestRequestListPlansUseIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	after := &RequestKey{ID: 500, At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	pending := []domain.RequestStatus{domain.StatusPending}
	for name, q := range map[string]RequestQuery{
		"own":                  {UserID: 5},
		"own, next page":       {UserID: 5, After: after},
		"own, pending":         {UserID: 5, Statuses: pending, After: after},
		"everyone":             {After: after},
		"everyone, pending":    {Statuses: pending, After: after},
		"everyone, series":     {Type: domain.TV, After: after},
		"own, modified":        {UserID: 5, Sort: SortModified, After: after},
		"everyone, modified":   {Sort: SortModified, After: after},
		"own, series, pending": {UserID: 5, Type: domain.TV, Statuses: pending},
	} {
		q.Limit = 21
		query, args := requestRefsSQL(q)
		plan := explain(t, s, query, args)
		// A type combined with other filters reads the table for the type.
		filtered := q.UserID != 0 || q.Statuses != nil || q.Type != "" || q.Sort == SortModified
		combined := q.Type != "" && (q.UserID != 0 || q.Statuses != nil)
		if strings.Contains(plan, "TEMP B-TREE") || filtered && !combined && !strings.Contains(plan, "COVERING INDEX") {
			t.Errorf("%s: %s\n%s", name, query, plan)
		}
	}
	plan := explain(t, s, rowsByIDSQL[SQLite], make([]any, rowsByIDBatch))
	if !strings.Contains(plan, "INTEGER PRIMARY KEY") || strings.Contains(plan, "SCAN") {
		t.Errorf("rows by id:\n%s", plan)
	}
}

func explain(t *testing.T, s *Store, query string, args []any) string {
	t.Helper()
	rows, err := s.DB.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}
