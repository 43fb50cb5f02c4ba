package store

import (
	"context"
	"strconv"
)

// filter builds "WHERE 1=1 AND col = $1 …" with numbered placeholders.
type filter struct {
	sql  string
	args []any
}

// and adds "cond $n" for v; cond ends with its operator, e.g. "user_id =".
func (f *filter) and(cond string, v any) {
	f.args = append(f.args, v)
	f.sql += " AND " + cond + " $" + strconv.Itoa(len(f.args))
}

// limit appends ORDER BY and LIMIT (n > 0) and returns the SQL and its arguments.
func (f *filter) limit(orderBy string, n int) (string, []any) {
	s := f.sql + " ORDER BY " + orderBy
	if n > 0 {
		f.args = append(f.args, n)
		s += " LIMIT $" + strconv.Itoa(len(f.args))
	}
	return s, f.args
}

// queryAll runs a query and scans every row with scan.
func queryAll[T any](ctx context.Context, q Querier, query string, args []any, scan func(rowScanner) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
