// Package config reads LeMedia's settings from the environment through one
// declarative table, validates all of them at once and prints them redacted.
package config

import (
	"log/slog"
	"net/netip"
	"net/url"
	"time"

	"github.com/lemedia/lemedia/internal/secret"
)

// Config is the effective configuration of one process.
type Config struct {
	ListenAddr        string
	BaseURL           *url.URL // nil when APP_BASE_URL is unset
	DataDir           string
	DatabaseURL       secret.Secret // empty: SQLite in DataDir
	RedisURL          secret.Secret
	RedisPrefix       string
	SessionSecret     secret.Secret
	ServicesSecretKey secret.Secret
	TrustedProxies    []netip.Prefix
	LogLevel          slog.Level
	LogFormat         string // json or text
	BodyLimit         int64
	HSTSMaxAge        time.Duration
	SecurityContact   string
	Location          *time.Location
	SessionIdle       time.Duration
	SessionMaxAge     time.Duration
	ReauthWindow      time.Duration
	SessionBinding    string // off, warn or enforce
	Argon2            Argon2
	TMDBToken         secret.Secret
	TMDBLanguage      string
	TMDBRegion        string
	UserRateLimit     int           // requests a minute per signed-in user, pages and API together
	UserRateBurst     int           // what a user may spend at once before that rate applies
	JobPollInterval   time.Duration // how often idle job workers look for work
	JobRetryBase      time.Duration // first retry delay of a failed job, doubling per attempt
	JobRescueAfter    time.Duration // a job running this long is presumed lost with its process

	// GeneratedSecrets names the secrets that were generated and kept in the data dir.
	GeneratedSecrets []string

	// ServicesSecretKeyPrevious opens values sealed before a key rotation;
	// nothing is sealed with it.
	ServicesSecretKeyPrevious secret.Secret
}

// Engine names the database engine the configuration selects.
func (c *Config) Engine() string {
	if c.DatabaseURL.IsZero() {
		return "sqlite"
	}
	return "postgres"
}

// HTTPS reports whether the public base URL is https.
func (c *Config) HTTPS() bool { return c.BaseURL != nil && c.BaseURL.Scheme == "https" }

// Argon2 are the password hashing costs.
type Argon2 struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}
