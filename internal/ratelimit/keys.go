package ratelimit

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/netip"
	"strings"

	"github.com/lemedia/lemedia/internal/httpio"
)

// ByIP keys a request by its client IP as the server middleware established
// it (never by a header). Without one (outside that middleware) the request
// is not limited.
func ByIP(prefix string) func(*http.Request) (string, bool) {
	return func(r *http.Request) (string, bool) {
		ip := httpio.From(r.Context()).ClientIP
		if !ip.IsValid() {
			return "", false
		}
		return prefix + IPKey(ip), true
	}
}

// IPKey is the key for ip: the address for IPv4, the /64 for IPv6, since one
// host usually holds a whole /64 and could rotate through it.
func IPKey(ip netip.Addr) string {
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// AccountKey is the key for an account name or address as typed: trimmed and
// lower-cased so "Bob " and "bob" share a budget, then hashed so keys have a
// fixed size whatever is posted and the store holds no addresses.
func AccountKey(name string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(name))))
	return hex.EncodeToString(sum[:16])
}
