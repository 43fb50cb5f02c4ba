package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// proxies decides what a request's forwarding headers are worth: they are
// believed only when the socket peer is a trusted proxy.
type proxies []netip.Prefix

func (p proxies) trusted(a netip.Addr) bool {
	for _, pre := range p {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

func peerAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// clientIP walks X-Forwarded-For from the nearest hop outwards and returns
// the first address that is not a trusted proxy.
func (p proxies) clientIP(r *http.Request, peer netip.Addr) netip.Addr {
	if !peer.IsValid() || !p.trusted(peer) {
		return peer
	}
	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			break // garbage: keep the last hop we could vouch for
		}
		client = a.Unmap()
		if !p.trusted(client) {
			break
		}
	}
	return client
}

func forwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	return hops
}

// https reports whether the client reached us over TLS.
func (p proxies) https(r *http.Request, peer netip.Addr) bool {
	if r.TLS != nil {
		return true
	}
	if !p.trusted(peer) {
		return false
	}
	v := r.Header.Values("X-Forwarded-Proto")
	return len(v) > 0 && strings.EqualFold(strings.TrimSpace(lastItem(v[len(v)-1])), "https")
}

func lastItem(v string) string {
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		return v[i+1:]
	}
	return v
}

// validRequestID accepts a forwarded id only if it is short and plain.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
