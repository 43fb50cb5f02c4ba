package store_test

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/testenv"
)

// engines runs a contract test on SQLite and on PostgreSQL, each on a fresh, migrated database.
func engines(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, open(t, ""))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, open(t, testenv.Postgres(t)))
	})
}

func open(t *testing.T, url string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMigrationsArePairedAcrossEngines(t *testing.T) {
	names := func(e store.Engine) []string {
		m, err := fs.Glob(store.MigrationsFS(e), "*.sql")
		if err != nil || len(m) == 0 {
			t.Fatalf("%s migrations: %v %v", e, m, err)
		}
		return m
	}
	sq, pg := names(store.SQLite), names(store.Postgres)
	if !slices.Equal(sq, pg) {
		t.Fatalf("migrations differ between engines:\nsqlite:   %v\npostgres: %v", sq, pg)
	}
}

func TestMigrateIsIdempotentAndCurrent(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		n, err := s.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate ran %d: %v", n, err)
		}
		ok, err := s.MigrationsCurrent(ctx)
		if err != nil || !ok {
			t.Fatalf("current=%v err=%v", ok, err)
		}
	})
}

func TestNotCurrentBeforeMigrate(t *testing.T) {
	s, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ok, err := s.MigrationsCurrent(context.Background()); err != nil || ok {
		t.Fatalf("fresh database reported current=%v err=%v", ok, err)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := store.GetSetting(ctx, s.DB, "missing"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing setting: %v", err)
		}
		t1 := time.Date(2026, 11, 27, 12, 0, 0, 123456000, time.UTC)
		put := func(k, v string, at time.Time) {
			if err := s.WithTx(ctx, func(tx *store.Tx) error { return store.PutSetting(ctx, tx, k, v, at) }); err != nil {
				t.Fatal(err)
			}
		}
		put("maintenance", `{"enabled":false}`, t1)
		put("maintenance", `{"enabled":true}`, t1.Add(time.Hour))
		put("a.first", "1", t1)
		got, err := store.GetSetting(ctx, s.DB, "maintenance")
		if err != nil || got.Value != `{"enabled":true}` || !got.UpdatedAt.Equal(t1.Add(time.Hour)) {
			t.Fatalf("got %+v, %v", got, err)
		}
		all, err := store.ListSettings(ctx, s.DB)
		if err != nil || len(all) != 2 || all[0].Key != "a.first" {
			t.Fatalf("list %+v, %v", all, err)
		}
	})
}

func TestWithTxRollsBackOnError(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			if err := store.PutSetting(ctx, tx, "half", "written", time.Now()); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if _, err := store.GetSetting(ctx, s.DB, "half"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("row survived a rollback: %v", err)
		}
	})
}

func TestWithTxRollsBackOnPanic(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		func() {
			defer func() { _ = recover() }()
			_ = s.WithTx(ctx, func(tx *store.Tx) error {
				_ = store.PutSetting(ctx, tx, "panicked", "x", time.Now())
				panic("boom")
			})
		}()
		if _, err := store.GetSetting(ctx, s.DB, "panicked"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("row survived a panic: %v", err)
		}
	})
}
