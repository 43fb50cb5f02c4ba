package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache is a Querier over the pool that prepares each statement text
// once and keeps it. SQLite parses and plans a statement on every call
// otherwise (14 % of a request list page's CPU before this); a kept
// *sql.Stmt is prepared once per connection and reused. The texts are the
// store's own constants and the few variants of its filter builders, so the
// cache stays small.
type stmtCache struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}}
}

// maxCachedStmts bounds the cache in case a caller builds texts from data
// (none does): past it, statements run unprepared.
const maxCachedStmts = 256

func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.RLock()
	st, ok := c.stmts[query]
	c.mu.RUnlock()
	if ok {
		return st, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	if len(c.stmts) >= maxCachedStmts {
		return nil, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = context.WithoutCancel(ctx) // see Read
	st, err := c.stmt(ctx, query)
	if err != nil || st == nil {
		return c.db.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = context.WithoutCancel(ctx) // see Read
	st, err := c.stmt(ctx, query)
	if err != nil || st == nil {
		return c.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = context.WithoutCancel(ctx) // see Read
	st, err := c.stmt(ctx, query)
	if err != nil || st == nil {
		return c.db.QueryRowContext(ctx, query, args...) // reports the same error through Scan
	}
	return st.QueryRowContext(ctx, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	clear(c.stmts)
}

// Read is the Querier for short reads outside a transaction on hot paths
// (a session, a list page, the counts). On SQLite it keeps statements
// prepared; on PostgreSQL it is the pool itself, since pgx already prepares
// and caches each statement per connection. On both it runs statements
// without the request's cancellation: a cancellable context makes
// database/sql and the driver each start a goroutine per statement to watch
// it, which cost more than these statements (8-18 µs of a list page's
// 65-83 µs in BenchmarkData), and a read of a few rows is not worth
// interrupting.
func (s *Store) Read() Querier {
	if s.cache != nil {
		return s.cache
	}
	return uncancelled{s.DB}
}

// uncancelled runs a Querier's statements without the caller's cancellation.
type uncancelled struct{ q Querier }

func (u uncancelled) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return u.q.ExecContext(context.WithoutCancel(ctx), query, args...)
}

func (u uncancelled) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return u.q.QueryContext(context.WithoutCancel(ctx), query, args...)
}

func (u uncancelled) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return u.q.QueryRowContext(context.WithoutCancel(ctx), query, args...)
}
