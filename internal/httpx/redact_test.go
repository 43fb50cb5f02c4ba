package httpx

import (
	"net/url"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.themoviedb.org/3/movie/550?api_key=abc123":                                "https://api.themoviedb.org/3/movie/550",
		"http://user:hunter2@radarr.lan:7878/api/v3/movie#frag":                                "http://radarr.lan:7878/api/v3/movie",
		"http://[::1]:32400/library/sections?X-Plex-Token=tok":                                 "http://[::1]:32400/library/sections",
		"https://discord.com/api/webhooks/123456789012345678/AbCdEf0123456789xyzQ":             "https://discord.com/api/webhooks/123456789012345678/[REDACTED]",
		"https://hooks.slack.com/services/T00000000/B00000000/xKa9QmPz0LbWq2R7tYu3VnEs":        "https://hooks.slack.com/services/T00000000/B00000000/[REDACTED]",
		"https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage": "https://api.telegram.org/[REDACTED]/sendMessage",
		"https://jf.example/Items/5d8e4b1f0c2a4e6b8d0f1a3c5e7b9d2f/Images/Primary":             "https://jf.example/Items/[REDACTED]/Images/Primary",
		"https://example.com/a%3Fb/c":                                                          "https://example.com/a%3Fb/c",
		"mailto:someone@example.com?subject=x":                                                 "mailto:[REDACTED]",
		"/relative/path?q=1":                                                                   "/relative/path",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := RedactURL(u); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
	if RedactURL(nil) != "" {
		t.Error("nil URL")
	}
	// A hand-built URL with a user part smuggled into Host loses it too.
	if got := RedactURL(&url.URL{Scheme: "http", Host: "u:p@h", Path: "x"}); got != "http://h/x" {
		t.Errorf("hand-built URL: %q", got)
	}
}

func FuzzRedactURL(f *testing.F) {
	for _, s := range []string{
		"https://u:p@h.example:8443/a/b?k=v#f",
		"http://[fe80::1%25eth0]/x?y",
		"//h/p?q",
		"http:opaque?x",
		"https://h/aaaaaaaaaaaaaaaaaaaaaaaaa1/b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := url.Parse(s)
		if err != nil {
			return
		}
		out := RedactURL(u)
		if strings.ContainsAny(out, "?#") {
			t.Fatalf("RedactURL(%q) = %q keeps a query or fragment", s, out)
		}
		if u.User != nil && strings.Contains(out, u.User.String()+"@") {
			t.Fatalf("RedactURL(%q) = %q keeps the user info", s, out)
		}
		if p, ok := u.User.Password(); ok && len(p) >= 4 && strings.Contains(out, p) && !strings.Contains(u.Host+u.EscapedPath(), p) {
			t.Fatalf("RedactURL(%q) = %q keeps the password", s, out)
		}
		if v := u.RawQuery; len(v) >= 4 && strings.Contains(out, v) && !strings.Contains(u.Scheme+u.Host+u.EscapedPath(), v) {
			t.Fatalf("RedactURL(%q) = %q keeps the query", s, out)
		}
	})
}
