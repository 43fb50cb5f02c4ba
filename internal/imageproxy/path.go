package imageproxy

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Limits on the parts of an image URL.
const (
	// MaxPathLen is the longest image path, in bytes.
	MaxPathLen = 512
	// sigLen is the length of a signature: 128 bits in unpadded base64url.
	sigLen = 22
	// maxSourceLen is the longest source name.
	maxSourceLen = 32
	// maxRequestPath bounds the whole request path before anything is parsed.
	maxRequestPath = len(Prefix) + sigLen + 1 + maxSourceLen + 1 + 16 + 1 + MaxPathLen
)

// Prefix is where the caller mounts the handler; every URL begins with it.
const Prefix = "/img/"

// sizes are the allowed size names: TMDB's image sizes.
var sizes = map[string]bool{
	"w45": true, "w92": true, "w154": true, "w185": true, "w300": true, "w342": true,
	"w500": true, "w780": true, "w1280": true, "original": true,
}

// ValidSize reports whether size is one of the allowed size names (w45, w92,
// w154, w185, w300, w342, w500, w780, w1280, original).
func ValidSize(size string) bool { return sizes[size] }

// validSourceName accepts 1 to 32 of [a-z0-9-], starting with a letter.
func validSourceName(s string) bool {
	if s == "" || len(s) > maxSourceLen || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// validPath accepts a relative image path: 1 to MaxPathLen bytes of
// [A-Za-z0-9._~-] in non-empty segments separated by single slashes, with no
// "..", no leading or trailing slash. Everything else is refused, including
// '%' (so no percent-encoded form of anything), '\\', ':' (so no scheme and no
// "://"), '?', '#', spaces, NUL, control and non-ASCII bytes. Such a path is
// the same string escaped or not, so it round-trips through a URL unchanged.
func validPath(p string) bool { return plainPath(p, MaxPathLen) }

// maxUpstreamRel bounds the upstream path built from a signed one: room for
// the size segment or a source's own layout around a MaxPathLen path.
const maxUpstreamRel = 2 * MaxPathLen

// plainPath is validPath with a length limit in bytes.
func plainPath(p string, limit int) bool {
	if p == "" || len(p) > limit || p[0] == '/' || p[len(p)-1] == '/' ||
		strings.Contains(p, "//") || strings.Contains(p, "..") {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '_' || c == '~' || c == '-' || c == '/') {
			return false
		}
	}
	// A "." segment is harmless after the checks above but means nothing.
	return p != "." && !strings.HasPrefix(p, "./") && !strings.HasSuffix(p, "/.") && !strings.Contains(p, "/./")
}

// message is what the signature and the cache name cover.
func message(source, size, path string) string { return source + "|" + size + "|" + path }

// sign returns the URL signature of source, size and path.
func sign(key []byte, source, size, path string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(message(source, size, path)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// verify checks sig in constant time.
func verify(key []byte, sig, source, size, path string) bool {
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || len(got) != 16 {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(message(source, size, path)))
	return hmac.Equal(got, m.Sum(nil)[:16])
}

// cacheName is the file of an image inside the cache root:
// "ab/ab12…" (two hex digits, a slash, 64 hex digits). It depends only on
// the hash, so no input can put a separator, a dot or anything else in it.
func cacheName(source, size, path string) string {
	sum := sha256.Sum256([]byte(message(source, size, path)))
	h := hex.EncodeToString(sum[:])
	return h[:2] + "/" + h
}

// isCacheName reports whether name has the shape cacheName produces.
func isCacheName(name string) bool {
	if len(name) != 2+1+64 || name[2] != '/' || name[:2] != name[3:5] {
		return false
	}
	for i, c := range []byte(name) {
		if i == 2 {
			continue
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
