package httpx

import (
	"net/url"
	"strings"
)

const redacted = "[REDACTED]"

// RedactURL renders u for a log line: scheme, host and path only. The user
// info, query string and fragment are dropped, and path segments that look
// like credentials (20 or more characters mixing at least two of lower case,
// upper case and digits, as in Discord, Slack and Telegram webhook URLs or
// Jellyfin item ids) become [REDACTED]. A nil URL gives "".
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme)
		b.WriteByte(':')
	}
	if u.Opaque != "" {
		b.WriteString(redacted)
		return b.String()
	}
	host := u.Host
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if u.Scheme != "" || host != "" {
		b.WriteString("//")
		b.WriteString(host)
	}
	path := u.EscapedPath()
	if path != "" && path[0] != '/' && b.Len() > 0 {
		b.WriteByte('/')
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if tokenLike(s) {
			segs[i] = redacted
		}
	}
	b.WriteString(strings.Join(segs, "/"))
	return b.String()
}

func tokenLike(s string) bool {
	if len(s) < 20 {
		return false
	}
	var lower, upper, digit int
	for _, c := range s {
		switch {
		case 'a' <= c && c <= 'z':
			lower = 1
		case 'A' <= c && c <= 'Z':
			upper = 1
		case '0' <= c && c <= '9':
			digit = 1
		}
	}
	return lower+upper+digit >= 2
}
