package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestInvalidConfigurationNamesEveryVariable(t *testing.T) {
	t.Setenv("LISTEN_ADDR", "nope")
	t.Setenv("SESSION_SECRET", "change-me")
	var out, errOut bytes.Buffer
	if code := run([]string{"serve"}, &out, &errOut); code != 2 {
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
	if code := run([]string{"healthcheck"}, &out, &errOut); code != 0 {
		t.Fatalf("healthy server: exit %d: %s", code, errOut.String())
	}
	s.Stop()
	errOut.Reset()
	if code := run([]string{"healthcheck"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "not healthy") {
		t.Fatalf("stopped server: exit %d: %s", code, errOut.String())
	}
}

func TestMigrateAndConfigShow(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "")
	var out, errOut bytes.Buffer
	if code := run([]string{"migrate"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "migration(s) applied on sqlite") {
		t.Fatalf("migrate: %d %s %s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run([]string{"config", "show"}, &out, &errOut); code != 0 {
		t.Fatalf("config show: %d %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "SESSION_SECRET       [REDACTED] (generated in DATA_DIR)") || !strings.Contains(out.String(), "DATA_DIR             "+dir) {
		t.Fatalf("config show:\n%s", out.String())
	}
	if code := run([]string{"frobnicate"}, &out, &errOut); code != 2 {
		t.Fatalf("unknown command: exit %d", code)
	}
}
