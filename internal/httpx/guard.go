package httpx

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// ErrRefused is wrapped by every error of a connection the policy refused.
var ErrRefused = errors.New("httpx: address refused by policy")

var (
	// alwaysRefused holds addresses no outbound call may reach.
	alwaysRefused = prefixes(
		"0.0.0.0/8",          // unspecified, "this network"
		"169.254.0.0/16",     // link-local, cloud metadata 169.254.169.254
		"100.100.100.200/32", // Alibaba Cloud metadata (inside CGNAT)
		"224.0.0.0/4",        // multicast
		"240.0.0.0/4",        // reserved, broadcast 255.255.255.255
		"::/128",             // unspecified
		"fe80::/10",          // link-local
		"ff00::/8",           // multicast
		"fd00:ec2::254/128",  // AWS metadata over IPv6 (inside ULA)
	)
	// private holds non-global addresses, allowed only with AllowPrivate.
	private = prefixes(
		"127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
		"100.64.0.0/10",   // CGNAT
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"::1/128", "fc00::/7",
		"fec0::/10",      // deprecated site-local
		"2001:db8::/32",  // documentation
		"100::/64",       // discard
		"64:ff9b:1::/48", // local-use NAT64
	)
	ipv4Compatible = netip.MustParsePrefix("::/96")
	nat64          = netip.MustParsePrefix("64:ff9b::/96")
)

func prefixes(s ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(s))
	for i, p := range s {
		out[i] = netip.MustParsePrefix(p)
	}
	return out
}

// dialer is the part of net.Dialer the guard uses; tests wrap it.
type dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// guard resolves, checks and dials.
type guard struct {
	allowPrivate bool
	deny         []netip.AddrPort
	resolver     Resolver
	dialer       dialer
	// exempt lets tests allow one address the policy would refuse; nil in
	// production.
	exempt func(netip.AddrPort) bool
	// interfaceAddrs lists this host's addresses, for unspecified DenyAddrs.
	interfaceAddrs func() ([]net.Addr, error)
}

func newGuard(p Policy, dialTimeout time.Duration) *guard {
	g := &guard{allowPrivate: p.AllowPrivate, resolver: p.Resolver, interfaceAddrs: net.InterfaceAddrs}
	if g.resolver == nil {
		g.resolver = net.DefaultResolver
	}
	for _, d := range p.DenyAddrs {
		g.deny = append(g.deny, netip.AddrPortFrom(d.Addr().WithZone("").Unmap(), d.Port()))
	}
	g.dialer = &net.Dialer{Timeout: dialTimeout, Control: g.control}
	return g
}

// DialContext resolves host itself and dials only addresses that pass check.
func (g *guard) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("httpx: bad port in %q", address)
	}
	addrs, err := g.lookup(ctx, network, host)
	if err != nil {
		return nil, err
	}
	var refused, dialErr error
	for _, a := range addrs {
		ap := netip.AddrPortFrom(a.Unmap(), uint16(port))
		if err := g.check(ap); err != nil {
			refused = cmpOr(refused, err)
			continue
		}
		conn, err := g.dialer.DialContext(ctx, network, ap.String())
		if err == nil {
			return conn, nil
		}
		dialErr = err
		if ctx.Err() != nil {
			break
		}
	}
	if dialErr != nil {
		return nil, dialErr
	}
	return nil, refused
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func (g *guard) lookup(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	ipNet := "ip"
	switch network {
	case "tcp4":
		ipNet = "ip4"
	case "tcp6":
		ipNet = "ip6"
	}
	addrs, err := g.resolver.LookupNetIP(ctx, ipNet, host)
	if err != nil {
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			return nil, err
		}
		return nil, &net.DNSError{Err: err.Error(), Name: host, UnwrapErr: err,
			IsTimeout: errors.Is(err, context.DeadlineExceeded)}
	}
	if len(addrs) == 0 {
		return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	return addrs, nil
}

// control runs just before connect(2) with the numeric address: the last
// word, whatever resolved it.
func (g *guard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", ErrRefused, address)
	}
	return g.check(ap)
}

// check returns nil when the policy allows a connection to ap.
func (g *guard) check(ap netip.AddrPort) error {
	if g.exempt != nil && g.exempt(ap) {
		return nil
	}
	a := ap.Addr().WithZone("").Unmap()
	if reason := refusal(a, g.allowPrivate); reason != "" {
		return fmt.Errorf("%w: %s is %s", ErrRefused, ap, reason)
	}
	if g.isSelf(a, ap.Port()) {
		return fmt.Errorf("%w: %s is LeMedia's own listener", ErrRefused, ap)
	}
	return nil
}

// refusal names why a may not be reached, or returns "".
func refusal(a netip.Addr, allowPrivate bool) string {
	if !a.IsValid() {
		return "invalid"
	}
	for _, p := range alwaysRefused {
		if p.Contains(a) {
			return "link-local, metadata, multicast or reserved"
		}
	}
	if a.Is6() && nat64.Contains(a) {
		b := a.As16()
		return refusal(netip.AddrFrom4([4]byte(b[12:])), allowPrivate)
	}
	if a.Is6() && ipv4Compatible.Contains(a) && !a.IsLoopback() {
		return "a deprecated IPv4-compatible address"
	}
	if allowPrivate {
		return ""
	}
	for _, p := range private {
		if p.Contains(a) {
			return "private or loopback"
		}
	}
	return ""
}

// isSelf reports whether a:port reaches one of LeMedia's own listeners.
func (g *guard) isSelf(a netip.Addr, port uint16) bool {
	for _, d := range g.deny {
		if d.Port() != port {
			continue
		}
		da := d.Addr()
		switch {
		case da == a:
			return true
		case da.IsLoopback() && a.IsLoopback():
			return true
		case da.IsUnspecified() && (a.IsLoopback() || a.IsUnspecified() || g.isLocal(a)):
			return true
		}
	}
	return false
}

// isLocal reports whether a is assigned to an interface of this host. When
// the list is unavailable it answers true: refusing is the safe side.
func (g *guard) isLocal(a netip.Addr) bool {
	addrs, err := g.interfaceAddrs()
	if err != nil {
		return true
	}
	for _, ia := range addrs {
		if n, ok := ia.(*net.IPNet); ok {
			if ip, ok := netip.AddrFromSlice(n.IP); ok && ip.Unmap() == a {
				return true
			}
		}
	}
	return false
}
