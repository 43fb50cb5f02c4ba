package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lemedia/lemedia/internal/secret"
)

// Lookup reads one environment variable; os.LookupEnv in production.
type Lookup func(name string) (string, bool)

// Load reads every setting of the table. All invalid settings are reported
// together, each naming its variable and why.
func Load(env Lookup) (*Config, error) {
	c := &Config{}
	var errs []error
	for _, s := range table {
		v, err := value(env, s)
		if err == nil {
			if v == "" {
				v = s.def
			}
			err = s.parse(c, v)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.name, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// value reads NAME, or for a secret NAME_FILE (not both).
func value(env Lookup, s setting) (string, error) {
	v, _ := env(s.name)
	if !s.secret {
		return strings.TrimSpace(v), nil
	}
	path, ok := env(s.name + "_FILE")
	if !ok || path == "" {
		return v, nil
	}
	if v != "" {
		return "", fmt.Errorf("set either %s or %s_FILE, not both", s.name, s.name)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %s_FILE: %w", s.name, errors.Unwrap(err))
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// placeholders are values copied from examples that must never protect data.
var placeholders = []string{"change-me", "changeme", "change_me", "replace-me", "your-secret", "example", "secret", "password", "xxxxxxxx", "0123456789"}

func parseStrongSecret(dst *secret.Secret, v string) error {
	if v == "" {
		return nil // generated later by EnsureSecrets
	}
	lower := strings.ToLower(v)
	for _, p := range placeholders {
		if strings.Contains(lower, p) {
			return fmt.Errorf("looks like a placeholder (%q); use a random value, e.g. `openssl rand -base64 48`", p)
		}
	}
	if len(v) < 32 {
		return fmt.Errorf("too short (%d characters); use at least 32 random characters", len(v))
	}
	if distinct(v) < 12 {
		return errors.New("too little variety to be random; use at least 32 random characters")
	}
	*dst = secret.New(v)
	return nil
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// EnsureSecrets creates the data dir and fills every unset secret from a file
// in it, generating that file (mode 0600) the first time.
func EnsureSecrets(c *Config) error {
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("DATA_DIR: %w", err)
	}
	for _, g := range []struct {
		name string
		dst  *secret.Secret
	}{{"SESSION_SECRET", &c.SessionSecret}, {"SERVICES_SECRET_KEY", &c.ServicesSecretKey}} {
		if !g.dst.IsZero() {
			continue
		}
		v, err := generated(filepath.Join(c.DataDir, strings.ToLower(g.name)))
		if err != nil {
			return fmt.Errorf("%s: %w", g.name, err)
		}
		*g.dst = secret.New(v)
		c.GeneratedSecrets = append(c.GeneratedSecrets, g.name)
	}
	return nil
}

func generated(path string) (string, error) {
	if b, err := os.ReadFile(path); err == nil {
		v := strings.TrimSpace(string(b))
		if len(v) < 32 {
			return "", fmt.Errorf("generated secret in %s is damaged; remove it to make a new one", path)
		}
		return v, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	v := secret.Token(48)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // another process made it first
		return generated(path)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(v + "\n"); err != nil {
		f.Close()
		return "", err
	}
	return v, f.Close()
}
