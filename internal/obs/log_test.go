package obs

import (
	"bytes"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

func TestLoggerRedacts(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, slog.LevelDebug, "json")
	u, _ := url.Parse("https://user:pw-canary@tmdb.example/3/movie?api_key=key-canary")
	log.Info("x",
		"password", "pass-canary",
		"session_token", "tok-canary",
		"Authorization", "Bearer auth-canary",
		"X-Api-Key", "xkey-canary",
		slog.Group("req", "cookie", "cookie-canary", "url", "http://a.example/p?token=q-canary"),
		"upstream", u,
		"path", "/requests",
	)
	out := buf.String()
	if strings.Contains(out, "canary") {
		t.Fatalf("a secret reached the log: %s", out)
	}
	for _, want := range []string{`"path":"/requests"`, `"upstream":"https://tmdb.example/3/movie"`, `"url":"http://a.example/p"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s: %s", want, out)
		}
	}
}

func TestTextFormat(t *testing.T) {
	var buf bytes.Buffer
	NewLogger(&buf, slog.LevelInfo, "text").Info("hello", "secret", "s-canary")
	if !strings.HasPrefix(buf.String(), "time=") || strings.Contains(buf.String(), "canary") {
		t.Fatalf("text log: %s", buf.String())
	}
}
