// Package obs sets up structured logging with redaction.
package obs

import (
	"io"
	"log/slog"
	"net/url"
	"strings"
)

// sensitive marks attribute keys whose values are never logged.
var sensitive = []string{"password", "passwd", "token", "secret", "cookie", "authorization", "api_key", "apikey", "x-api-key", "session", "credential"}

// NewLogger returns a JSON (or text) logger that masks sensitive attributes
// and strips query strings from URLs.
func NewLogger(w io.Writer, level slog.Leveler, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: redact}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func redact(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindGroup {
		return a
	}
	if IsSensitiveKey(a.Key) {
		return slog.String(a.Key, "[REDACTED]")
	}
	switch v := a.Value.Any().(type) {
	case *url.URL:
		return slog.String(a.Key, StripQuery(v.String()))
	case string:
		if strings.Contains(v, "://") {
			return slog.String(a.Key, StripQuery(v))
		}
	}
	return a
}

// IsSensitiveKey reports whether a key names a secret.
func IsSensitiveKey(key string) bool {
	k := strings.ToLower(key)
	for _, s := range sensitive {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// StripQuery drops the query, fragment and any user:password from a URL text.
func StripQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			return raw[:i]
		}
		return raw
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}
