package main

import (
	"bytes"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestInvalidConfigurationNamesEveryVariable(t *testing.T) {
	t.Setenv("LISTEN_ADDR", "nope")
	t.Setenv("SESSION_SECRET", "change-me")
	var out, errOut bytes.Buffer
	if code := run([]string{"serve"}, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"invalid configuration", "LISTEN_ADDR: must be host:port", "SESSION_SECRET: looks like a placeholder"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
}

func TestHealthcheckCommand(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	t.Setenv("LISTEN_ADDR", strings.TrimPrefix(s.URL, "http://"))
	var out, errOut bytes.Buffer
	if code := run([]string{"healthcheck"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("healthy server: exit %d: %s", code, errOut.String())
	}
	s.Stop()
	errOut.Reset()
	if code := run([]string{"healthcheck"}, strings.NewReader(""), &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "not healthy") {
		t.Fatalf("stopped server: exit %d: %s", code, errOut.String())
	}
}

func TestMigrateAndConfigShow(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "")
	var out, errOut bytes.Buffer
	if code := run([]string{"migrate"}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), "migration(s) applied on sqlite") {
		t.Fatalf("migrate: %d %s %s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run([]string{"config", "show"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("config show: %d %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "SESSION_SECRET       [REDACTED] (generated in DATA_DIR)") || !strings.Contains(out.String(), "DATA_DIR             "+dir) {
		t.Fatalf("config show:\n%s", out.String())
	}
	if code := run([]string{"frobnicate"}, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Fatalf("unknown command: exit %d", code)
	}
}

func TestCreateAdminAndAuditVerify(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "")
	var out, errOut bytes.Buffer
	code := run([]string{"user", "create-admin", "-username", "root", "-email", "root@example.org"}, strings.NewReader("short\n"), &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "password: ") {
		t.Fatalf("weak password: %d %s", code, errOut.String())
	}
	out.Reset()
	code = run([]string{"user", "create-admin", "-username", "root", "-email", "root@example.org"}, strings.NewReader("a long enough password\n"), &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), "owner root created") {
		t.Fatalf("create-admin: %d %s %s", code, out.String(), errOut.String())
	}
	errOut.Reset()
	code = run([]string{"user", "create-admin", "-username", "other", "-email", "o@example.org"}, strings.NewReader("a long enough password\n"), &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "already complete") {
		t.Fatalf("second owner: %d %s", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"audit", "verify"}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), "intact: 1 rows") {
		t.Fatalf("verify: %d %s %s", code, out.String(), errOut.String())
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "lemedia.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE audit_log SET outcome = 'failure'`); err != nil {
		t.Fatal(err)
	}
	errOut.Reset()
	if code := run([]string{"audit", "verify"}, strings.NewReader(""), &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "content was changed") {
		t.Fatalf("verify after an edit: %d %s", code, errOut.String())
	}
}

func TestSeed(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "")
	var out, errOut bytes.Buffer
	if code := run([]string{"seed", "-users", "5", "-requests", "120"}, strings.NewReader(""), &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "seeded 5 users") {
		t.Fatalf("seed: %d %s %s", code, out.String(), errOut.String())
	}
	if code := run([]string{"seed"}, strings.NewReader(""), &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "already") {
		t.Fatalf("second seed: %d %s", code, errOut.String())
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "lemedia.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var users, requests, items int
	db.QueryRow(`SELECT COUNT(*) FROM app_user`).Scan(&users)
	db.QueryRow(`SELECT COUNT(*) FROM media_request`).Scan(&requests)
	db.QueryRow(`SELECT COUNT(*) FROM request_item`).Scan(&items)
	if users != 5 || requests != 120 || items != 30*8 {
		t.Fatalf("%d users, %d requests, %d episodes", users, requests, items)
	}
}
