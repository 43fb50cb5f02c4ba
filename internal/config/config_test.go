package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) Lookup {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	c, err := Load(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr != "127.0.0.1:3010" || c.DataDir != "./data" || c.Engine() != "sqlite" ||
		c.BodyLimit != 1<<20 || c.HSTSMaxAge != 2*365*24*time.Hour || c.LogFormat != "json" || c.Location.String() != "UTC" {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestEveryInvalidSettingIsNamedAtOnce(t *testing.T) {
	_, err := Load(envOf(map[string]string{
		"LISTEN_ADDR":         "nowhere",
		"APP_BASE_URL":        "ftp://x",
		"DATABASE_URL":        "mysql://db",
		"REDIS_URL":           "localhost:6379",
		"SESSION_SECRET":      "change-me",
		"SERVICES_SECRET_KEY": "short",
		"TRUSTED_PROXIES":     "10.0.0.0/8,not-an-ip",
		"LOG_LEVEL":           "loud",
		"LOG_FORMAT":          "xml",
		"BODY_LIMIT":          "-1",
		"HSTS_MAX_AGE":        "forever",
		"SECURITY_CONTACT":    "bob",
		"TZ":                  "Mars/Olympus",
	}))
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, name := range []string{"LISTEN_ADDR", "APP_BASE_URL", "DATABASE_URL", "REDIS_URL", "SESSION_SECRET: looks like a placeholder",
		"SERVICES_SECRET_KEY: too short", "TRUSTED_PROXIES: \"not-an-ip\"", "LOG_LEVEL", "LOG_FORMAT", "BODY_LIMIT", "HSTS_MAX_AGE", "SECURITY_CONTACT", "TZ"} {
		if !strings.Contains(msg, name) {
			t.Errorf("error does not name %s:\n%s", name, msg)
		}
	}
	if strings.Count(msg, "\n") != 12 {
		t.Errorf("want 13 lines, got:\n%s", msg)
	}
}

func TestWeakSecretsRefused(t *testing.T) {
	for _, v := range []string{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "please-change-me-before-production-123456", "abababababababababababababababab12"} {
		if _, err := Load(envOf(map[string]string{"SESSION_SECRET": v})); err == nil {
			t.Errorf("accepted %q", v)
		}
	}
	if _, err := Load(envOf(map[string]string{"SESSION_SECRET": "q8Vd2LmZ7rT0wXy4KpNb6HsJ1fGc9UeA3oRi"})); err != nil {
		t.Errorf("refused a random secret: %v", err)
	}
}

func TestSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s")
	os.WriteFile(path, []byte("q8Vd2LmZ7rT0wXy4KpNb6HsJ1fGc9UeA3oRi\n"), 0o600)
	c, err := Load(envOf(map[string]string{"SESSION_SECRET_FILE": path}))
	if err != nil || c.SessionSecret.Reveal() != "q8Vd2LmZ7rT0wXy4KpNb6HsJ1fGc9UeA3oRi" {
		t.Fatalf("%v %v", c, err)
	}
	_, err = Load(envOf(map[string]string{"SESSION_SECRET_FILE": path, "SESSION_SECRET": "x"}))
	if err == nil || !strings.Contains(err.Error(), "not both") {
		t.Fatalf("both set: %v", err)
	}
	_, err = Load(envOf(map[string]string{"SERVICES_SECRET_KEY_FILE": filepath.Join(dir, "missing")}))
	if err == nil || !strings.Contains(err.Error(), "SERVICES_SECRET_KEY: cannot read SERVICES_SECRET_KEY_FILE") {
		t.Fatalf("missing file: %v", err)
	}
}

func TestGeneratedSecretsAreKeptPrivateAndReused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	load := func() *Config {
		c, err := Load(envOf(map[string]string{"DATA_DIR": dir}))
		if err != nil {
			t.Fatal(err)
		}
		if err := EnsureSecrets(c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	a, b := load(), load()
	if len(a.SessionSecret.Reveal()) < 48 || a.SessionSecret != b.SessionSecret || a.ServicesSecretKey != b.ServicesSecretKey ||
		a.SessionSecret == a.ServicesSecretKey {
		t.Fatal("generated secrets are not stable, strong and distinct")
	}
	for _, f := range []string{"session_secret", "services_secret_key"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", f, st.Mode(), err)
		}
	}
}

func TestProxiesAndBaseURL(t *testing.T) {
	c, err := Load(envOf(map[string]string{"TRUSTED_PROXIES": " 10.0.0.0/8, 192.168.1.7 ,::1", "APP_BASE_URL": "https://media.example.org/"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 3 || c.TrustedProxies[1].String() != "192.168.1.7/32" || c.TrustedProxies[2].String() != "::1/128" {
		t.Fatalf("proxies %v", c.TrustedProxies)
	}
	if !c.HTTPS() || c.BaseURL.String() != "https://media.example.org" {
		t.Fatalf("base %v", c.BaseURL)
	}
}

func TestShowRedactsSecrets(t *testing.T) {
	c, err := Load(envOf(map[string]string{
		"DATABASE_URL":   "postgres://u:dbpass-canary@db:5432/x",
		"SESSION_SECRET": "canaryQ8Vd2LmZ7rT0wXy4KpNb6HsJ1fGc9Ue",
		"REDIS_URL":      "redis://:redis-canary@r:6379/0",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	Show(&out, c)
	s := out.String()
	if strings.Contains(s, "canary") {
		t.Fatalf("secret shown:\n%s", s)
	}
	for _, want := range []string{"DATABASE_URL         [REDACTED]", "LISTEN_ADDR          127.0.0.1:3010", "SERVICES_SECRET_KEY  (unset)"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in:\n%s", want, s)
		}
	}
}
