package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/secret"
)

// setting is one row of the table: its variable, default, whether it is a
// secret (then NAME_FILE is read too and the value is never printed), a short
// description, how it is parsed into the Config and how it is shown back.
type setting struct {
	name   string
	def    string
	secret bool
	help   string
	parse  func(c *Config, v string) error
	show   func(c *Config) string
}

var table = []setting{
	{name: "LISTEN_ADDR", def: "127.0.0.1:3010", help: "host:port the HTTP server listens on",
		parse: parseListen, show: func(c *Config) string { return c.ListenAddr }},
	{name: "APP_BASE_URL", help: "public URL (https://media.example.org); links and HSTS derive from it",
		parse: parseBaseURL, show: func(c *Config) string {
			if c.BaseURL == nil {
				return ""
			}
			return c.BaseURL.String()
		}},
	{name: "DATA_DIR", def: "./data", help: "directory for the SQLite database, generated secrets and caches",
		parse: func(c *Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New("must not be empty")
			}
			c.DataDir = v
			return nil
		}, show: func(c *Config) string { return c.DataDir }},
	{name: "DATABASE_URL", secret: true, help: "empty for SQLite in DATA_DIR, or postgres://user@host:5432/db",
		parse: parseDatabaseURL, show: func(c *Config) string { return c.DatabaseURL.Reveal() }},
	{name: "REDIS_URL", secret: true, help: "redis://host:6379/0; shares rate limits between instances",
		parse: parseRedisURL, show: func(c *Config) string { return c.RedisURL.Reveal() }},
	{name: "REDIS_PREFIX", def: "lemedia:", help: "prefix of every Redis key, to share one Redis between deployments",
		parse: func(c *Config, v string) error {
			if len(v) > 64 || strings.ContainsAny(v, " *?[]") {
				return errors.New("must be at most 64 characters without spaces or glob characters")
			}
			c.RedisPrefix = v
			return nil
		}, show: func(c *Config) string { return c.RedisPrefix }},
	{name: "SESSION_SECRET", secret: true, help: "32+ random characters; generated into DATA_DIR when unset",
		parse: func(c *Config, v string) error { return parseStrongSecret(&c.SessionSecret, v) },
		show:  func(c *Config) string { return c.SessionSecret.Reveal() }},
	{name: "SERVICES_SECRET_KEY", secret: true, help: "32+ random characters; seals stored upstream keys; generated when unset",
		parse: func(c *Config, v string) error { return parseStrongSecret(&c.ServicesSecretKey, v) },
		show:  func(c *Config) string { return c.ServicesSecretKey.Reveal() }},
	{name: "SERVICES_SECRET_KEY_PREVIOUS", secret: true, help: "the key before a rotation: still opens stored secrets until `lemedia secrets rotate` re-seals them",
		parse: func(c *Config, v string) error { return parseStrongSecret(&c.ServicesSecretKeyPrevious, v) },
		show:  func(c *Config) string { return c.ServicesSecretKeyPrevious.Reveal() }},
	{name: "TRUSTED_PROXIES", help: "comma-separated IPs or CIDRs whose X-Forwarded-* headers are believed",
		parse: parseProxies, show: func(c *Config) string {
			parts := make([]string, len(c.TrustedProxies))
			for i, p := range c.TrustedProxies {
				parts[i] = p.String()
			}
			return strings.Join(parts, ",")
		}},
	{name: "LOG_LEVEL", def: "info", help: "debug, info, warn or error",
		parse: func(c *Config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) },
		show:  func(c *Config) string { return strings.ToLower(c.LogLevel.String()) }},
	{name: "LOG_FORMAT", def: "json", help: "json, or text for a terminal",
		parse: func(c *Config, v string) error {
			if v != "json" && v != "text" {
				return errors.New("must be json or text")
			}
			c.LogFormat = v
			return nil
		}, show: func(c *Config) string { return c.LogFormat }},
	{name: "BODY_LIMIT", def: "1MiB", help: "largest request body accepted (bytes, or with KiB/MiB)",
		parse: parseBodyLimit, show: func(c *Config) string { return strconv.FormatInt(c.BodyLimit, 10) }},
	{name: "HSTS_MAX_AGE", def: "63072000", help: "Strict-Transport-Security seconds when APP_BASE_URL is https; 0 = off",
		parse: func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return errors.New("must be a whole number of seconds, 0 or more")
			}
			c.HSTSMaxAge = time.Duration(n) * time.Second
			return nil
		}, show: func(c *Config) string { return strconv.FormatInt(int64(c.HSTSMaxAge/time.Second), 10) }},
	{name: "TMDB_TOKEN", secret: true, help: "TMDB API read access token; unset: the built-in offline catalogue",
		parse: func(c *Config, v string) error { c.TMDBToken = secret.New(v); return nil },
		show:  func(c *Config) string { return c.TMDBToken.Reveal() }},
	{name: "TMDB_LANGUAGE", def: "en-US", help: "language of titles and overviews (ISO 639-1 with region, e.g. en-GB)",
		parse: func(c *Config, v string) error {
			if !languageTag.MatchString(v) {
				return errors.New("must look like en or en-GB")
			}
			c.TMDBLanguage = v
			return nil
		}, show: func(c *Config) string { return c.TMDBLanguage }},
	{name: "TMDB_REGION", def: "US", help: "country for release dates and now playing (ISO 3166-1, e.g. GB)",
		parse: func(c *Config, v string) error {
			if !regionCode.MatchString(v) {
				return errors.New("must be two capital letters such as GB")
			}
			c.TMDBRegion = v
			return nil
		}, show: func(c *Config) string { return c.TMDBRegion }},
	{name: "SESSION_IDLE_TIMEOUT", def: "12h", help: "sign out after this long without activity (Go duration, 5m-720h)",
		parse: durationIn(func(c *Config) *time.Duration { return &c.SessionIdle }, 5*time.Minute, 720*time.Hour), show: func(c *Config) string { return c.SessionIdle.String() }},
	{name: "SESSION_MAX_AGE", def: "336h", help: "sign out this long after sign-in, active or not (1h-8760h)",
		parse: durationIn(func(c *Config) *time.Duration { return &c.SessionMaxAge }, time.Hour, 8760*time.Hour), show: func(c *Config) string { return c.SessionMaxAge.String() }},
	{name: "JOB_POLL_INTERVAL", def: "1s", help: "how often idle job workers look for work (10ms-1m)",
		parse: durationIn(func(c *Config) *time.Duration { return &c.JobPollInterval }, 10*time.Millisecond, time.Minute), show: func(c *Config) string { return c.JobPollInterval.String() }},
	{name: "JOB_RETRY_BASE", def: "15s", help: "first retry delay of a failed job, doubling per attempt up to an hour (10ms-1h)",
		parse: durationIn(func(c *Config) *time.Duration { return &c.JobRetryBase }, 10*time.Millisecond, time.Hour), show: func(c *Config) string { return c.JobRetryBase.String() }},
	{name: "JOB_RESCUE_AFTER", def: "1h", help: "a job running this long is presumed lost with its process and retried; also the longest a job may run (1s-24h)",
		parse: durationIn(func(c *Config) *time.Duration { return &c.JobRescueAfter }, time.Second, 24*time.Hour), show: func(c *Config) string { return c.JobRescueAfter.String() }},
	{name: "REAUTH_WINDOW", def: "10m", help: "how long a password re-entry unlocks sensitive actions (1m-1h)",
		parse: durationIn(func(c *Config) *time.Duration { return &c.ReauthWindow }, time.Minute, time.Hour), show: func(c *Config) string { return c.ReauthWindow.String() }},
	{name: "SESSION_BINDING", def: "off", help: "tie sessions to browser family and network: off, warn or enforce",
		parse: func(c *Config, v string) error {
			if v != "off" && v != "warn" && v != "enforce" {
				return errors.New("must be off, warn or enforce")
			}
			c.SessionBinding = v
			return nil
		}, show: func(c *Config) string { return c.SessionBinding }},
	{name: "ARGON2_MEMORY_KIB", def: "32768", help: "argon2id memory per password hash in KiB (at least 19456)",
		parse: uintIn(func(c *Config, n uint64) { c.Argon2.Memory = uint32(n) }, 19456, 1<<20), show: func(c *Config) string { return strconv.FormatUint(uint64(c.Argon2.Memory), 10) }},
	{name: "ARGON2_TIME", def: "2", help: "argon2id passes (at least 2)",
		parse: uintIn(func(c *Config, n uint64) { c.Argon2.Time = uint32(n) }, 2, 64), show: func(c *Config) string { return strconv.FormatUint(uint64(c.Argon2.Time), 10) }},
	{name: "ARGON2_THREADS", def: "1", help: "argon2id lanes (1-16)",
		parse: uintIn(func(c *Config, n uint64) { c.Argon2.Threads = uint8(n) }, 1, 16), show: func(c *Config) string { return strconv.FormatUint(uint64(c.Argon2.Threads), 10) }},
	{name: "SECURITY_CONTACT", help: "mailto: or https: contact for /.well-known/security.txt",
		parse: parseContact, show: func(c *Config) string { return c.SecurityContact }},
	{name: "USER_RATE_LIMIT", def: "1200", help: "requests a minute per signed-in user, pages and API together (60-1000000)",
		parse: uintIn(func(c *Config, n uint64) { c.UserRateLimit = int(n) }, 60, 1_000_000), show: func(c *Config) string { return strconv.Itoa(c.UserRateLimit) }},
	{name: "USER_RATE_BURST", def: "300", help: "requests a signed-in user may make at once before USER_RATE_LIMIT applies (10-1000000)",
		parse: uintIn(func(c *Config, n uint64) { c.UserRateBurst = int(n) }, 10, 1_000_000), show: func(c *Config) string { return strconv.Itoa(c.UserRateBurst) }},
	{name: "TZ", def: "UTC", help: "IANA time zone for schedules and dates",
		parse: func(c *Config, v string) error {
			loc, err := time.LoadLocation(v)
			if err != nil {
				return errors.New("unknown time zone")
			}
			c.Location = loc
			return nil
		}, show: func(c *Config) string { return c.Location.String() }},
}

var (
	languageTag = regexp.MustCompile(`^[a-z]{2}(-[A-Z]{2})?$`)
	regionCode  = regexp.MustCompile(`^[A-Z]{2}$`)
)

func parseListen(c *Config, v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return errors.New("must be host:port, such as 127.0.0.1:3010 or :3010")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return errors.New("port must be 0-65535")
	}
	c.ListenAddr = v
	return nil
}

func parseBaseURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("must be an absolute http:// or https:// URL")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("must not contain credentials, a query or a fragment")
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	c.BaseURL = u
	return nil
}

func parseDatabaseURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return errors.New("must be empty (SQLite) or a postgres:// URL")
	}
	c.DatabaseURL = secret.New(v)
	return nil
}

func parseRedisURL(c *Config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		return errors.New("must be a redis:// or rediss:// URL")
	}
	c.RedisURL = secret.New(v)
	return nil
}

func parseProxies(c *Config, v string) error {
	c.TrustedProxies = nil
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			c.TrustedProxies = append(c.TrustedProxies, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return fmt.Errorf("%q is not an IP address or CIDR", part)
		}
		a = a.Unmap()
		c.TrustedProxies = append(c.TrustedProxies, netip.PrefixFrom(a, a.BitLen()))
	}
	return nil
}

func parseBodyLimit(c *Config, v string) error {
	mult := int64(1)
	num := v
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(v, suffix) {
			num, mult = strings.TrimSuffix(v, suffix), m
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n <= 0 {
		return errors.New("must be a positive size such as 1048576 or 1MiB")
	}
	if n*mult > 1<<30 {
		return errors.New("must be at most 1GiB")
	}
	c.BodyLimit = n * mult
	return nil
}

func parseContact(c *Config, v string) error {
	if v == "" {
		return nil
	}
	if !strings.HasPrefix(v, "mailto:") && !strings.HasPrefix(v, "https://") {
		return errors.New("must start with mailto: or https://")
	}
	c.SecurityContact = v
	return nil
}

func durationIn(field func(*Config) *time.Duration, lo, hi time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < lo || d > hi {
			return fmt.Errorf("must be a duration from %s to %s, such as 30m or 12h", lo, hi)
		}
		*field(c) = d
		return nil
	}
}

func uintIn(set func(*Config, uint64), lo, hi uint64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("must be a whole number from %d to %d", lo, hi)
		}
		set(c, n)
		return nil
	}
}
