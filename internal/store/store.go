// Package store owns every SQL statement of LeMedia, for SQLite and PostgreSQL.
// Statements use $n placeholders, which both drivers bind by number, so one
// text serves both engines; where they differ, a two-case switch on Engine.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Engine is the database engine in use.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Store is the database handle shared by the whole process.
type Store struct {
	DB     *sql.DB
	Engine Engine
	pool   *pgxpool.Pool // PostgreSQL only
	cache  *stmtCache    // SQLite only: kept statements, see Read
}

// Open connects to PostgreSQL when databaseURL is set, else opens (and
// creates) the SQLite file lemedia.db in dataDir.
func Open(ctx context.Context, databaseURL, dataDir string) (*Store, error) {
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dataDir, "lemedia.db")
	// Create the file ourselves so it is private; SQLite gives its -wal and
	// -shm files the same mode.
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600); err != nil {
		return nil, err
	} else {
		f.Close()
	}
	return OpenSQLite(ctx, path)
}

// OpenSQLite opens a SQLite file in WAL mode with foreign keys and a busy
// timeout; writers take the lock at BEGIN so they queue instead of failing.
// Each connection keeps 512 KiB of pages (SQLite's default is 2 MiB): with
// 8 connections the default held 16 MiB for a hot set far smaller, since
// the request lists keep their rows in memory (service.rowCache); a page
// not kept is one read from the OS's cache.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-512)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &Store{DB: db, Engine: SQLite, cache: newStmtCache(db)}, nil
}

func openPostgres(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, errors.New("DATABASE_URL cannot be parsed") // the parse error may echo the password
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		pool.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	return &Store{DB: db, Engine: Postgres, pool: pool}, nil
}

// Close releases every connection.
func (s *Store) Close() error {
	if s.cache != nil {
		s.cache.close()
	}
	err := s.DB.Close()
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// Tx is a transaction that knows its engine, for the few statements that differ.
type Tx struct {
	*sql.Tx
	Engine Engine
	after  []func() // run once the transaction has committed
}

// WithTx runs fn in one transaction: committed when fn returns nil, rolled
// back otherwise (also on panic). fn must use only tx: a query on s.DB
// inside it waits for a second connection, which under load (or on SQLite,
// where the transaction holds the write lock) can wait forever.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{Tx: sqlTx, Engine: s.Engine}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return err
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}
