// Package testenv finds the local services that integration tests use
// (PostgreSQL, Redis, Chromium). Without one, a test skips with a loud
// message; with LEMEDIA_REQUIRE_SERVICES=1 (set by CI) it fails instead, so a
// suite can never pass by silently not running.
package testenv

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/secret"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver for the admin connection
)

// Missing skips the test, or fails it where services are required.
func Missing(t testing.TB, what string, err error) {
	t.Helper()
	msg := fmt.Sprintf("!!! %s is not available (%v): this suite did NOT run", what, err)
	if os.Getenv("LEMEDIA_REQUIRE_SERVICES") == "1" {
		t.Fatal(msg + " and LEMEDIA_REQUIRE_SERVICES=1")
	}
	t.Skip(msg)
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// PostgresAdminURL is the server the tests create their databases and schemas on.
func PostgresAdminURL() string {
	return env("LEMEDIA_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
}

// Postgres returns the URL of a fresh schema, dropped when the test ends.
func Postgres(t testing.TB) string {
	t.Helper()
	admin := openAdmin(t)
	schema := "t_" + strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(secret.Token(9)))
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	return withParam(PostgresAdminURL(), "search_path", schema)
}

// PostgresDatabase returns the URL of a fresh database (for tests that must
// cut connections to it) and the admin handle, both cleaned up when the test ends.
func PostgresDatabase(t testing.TB) (string, string, *sql.DB) {
	t.Helper()
	admin := openAdmin(t)
	name := "lemedia_t_" + strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(secret.Token(9)))
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	u, _ := url.Parse(PostgresAdminURL())
	u.Path = "/" + name
	return u.String(), name, admin
}

func openAdmin(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", PostgresAdminURL())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		Missing(t, "PostgreSQL at "+hostOf(PostgresAdminURL()), err)
	}
	return db
}

// Redis returns the Redis URL after checking that it answers.
func Redis(t testing.TB) string {
	t.Helper()
	raw := env("LEMEDIA_TEST_REDIS", "redis://127.0.0.1:6379/0")
	conn, err := net.DialTimeout("tcp", hostOf(raw), 2*time.Second)
	if err != nil {
		Missing(t, "Redis at "+hostOf(raw), err)
	}
	conn.Close()
	return raw
}

// Chromium returns the browser binary for chromedp tests.
func Chromium(t testing.TB) string {
	t.Helper()
	path := env("LEMEDIA_CHROMIUM", "/usr/bin/chromium")
	if _, err := os.Stat(path); err != nil {
		Missing(t, "Chromium", err)
	}
	return path
}

func withParam(raw, key, value string) string {
	u, _ := url.Parse(raw)
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "?"
	}
	return u.Host
}
