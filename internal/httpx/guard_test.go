package httpx

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

func TestAddressRules(t *testing.T) {
	const (
		allowed = iota
		private
		never
	)
	cases := []struct {
		addr string
		want int
	}{
		{"8.8.8.8", allowed},
		{"2606:4700:4700::1111", allowed},
		{"64:ff9b::808:808", allowed}, // NAT64 of 8.8.8.8
		{"127.0.0.1", private},
		{"127.1.2.3", private},
		{"::1", private},
		{"::ffff:127.0.0.1", private},
		{"10.1.2.3", private},
		{"172.16.0.1", private},
		{"172.31.255.255", private},
		{"192.168.1.1", private},
		{"::ffff:192.168.1.1", private},
		{"100.64.0.1", private},
		{"100.127.255.254", private},
		{"fc00::1", private},
		{"fd12:3456::1", private},
		{"198.18.0.1", private},
		{"64:ff9b::a00:1", private}, // NAT64 of 10.0.0.1
		{"169.254.169.254", never},
		{"169.254.0.1", never},
		{"::ffff:169.254.169.254", never},
		{"64:ff9b::a9fe:a9fe", never}, // NAT64 of 169.254.169.254
		{"::a9fe:a9fe", never},        // IPv4-compatible 169.254.169.254
		{"fe80::1", never},
		{"fe80::1%eth0", never},
		{"febf::1", never},
		{"fd00:ec2::254", never},
		{"100.100.100.200", never},
		{"0.0.0.0", never},
		{"0.1.2.3", never},
		{"::", never},
		{"::ffff:0.0.0.0", never},
		{"255.255.255.255", never},
		{"::ffff:255.255.255.255", never},
		{"240.0.0.1", never},
		{"224.0.0.1", never},
		{"239.255.255.250", never},
		{"ff02::1", never},
		{"ff05::1:3", never},
	}
	for _, tc := range cases {
		ap := netip.AddrPortFrom(netip.MustParseAddr(tc.addr), 443)
		strict := newGuard(Policy{}, 0)
		lax := newGuard(Policy{AllowPrivate: true}, 0)
		errStrict, errLax := strict.check(ap), lax.check(ap)
		if tc.want == allowed && (errStrict != nil || errLax != nil) {
			t.Errorf("%s: refused (%v, %v), want allowed", tc.addr, errStrict, errLax)
		}
		if tc.want == private && (!errors.Is(errStrict, ErrRefused) || errLax != nil) {
			t.Errorf("%s: strict=%v lax=%v, want refused only without AllowPrivate", tc.addr, errStrict, errLax)
		}
		if tc.want == never && (!errors.Is(errStrict, ErrRefused) || !errors.Is(errLax, ErrRefused)) {
			t.Errorf("%s: strict=%v lax=%v, want always refused", tc.addr, errStrict, errLax)
		}
		// The Control hook, the last check before connect(2), agrees.
		if err := lax.control("tcp", ap.String(), nil); (err == nil) != (errLax == nil) {
			t.Errorf("%s: control=%v check=%v", tc.addr, err, errLax)
		}
	}
}

func TestLoopbackRefusedUnlessAllowPrivate(t *testing.T) {
	srv, conns := countingServer(t, http.HandlerFunc(okHandler))
	name := "http://svc.test:" + fmt.Sprint(addrOf(srv).Port()) + "/"
	res := hosts(map[string]string{"svc.test": "127.0.0.1", "svc6.test": "::ffff:127.0.0.1"})

	for _, url := range []string{srv.URL, name, strings.Replace(name, "svc.test", "svc6.test", 1)} {
		_, _, err := get(New(Policy{Resolver: res}), url, nil)
		if !errors.Is(err, ErrRefused) || Classify(err, nil).Kind != KindRefused {
			t.Errorf("%s without AllowPrivate: err=%v, want refused", url, err)
		}
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("server saw %d connections while refused", n)
	}

	resp, body, err := get(New(Policy{AllowPrivate: true, Resolver: res}), name, nil)
	if err != nil || string(body) != "ok" || !Classify(nil, resp).OK() {
		t.Fatalf("with AllowPrivate: body=%q err=%v", body, err)
	}
}

func TestLinkLocalAndMetadataRefusedEvenWithAllowPrivate(t *testing.T) {
	res := hosts(map[string]string{
		"metadata.test": "169.254.169.254",
		"mapped.test":   "::ffff:169.254.169.254",
		"ll6.test":      "fe80::1",
		"ec2v6.test":    "fd00:ec2::254",
	})
	c, rec := recording(Policy{AllowPrivate: true, Resolver: res})
	for _, url := range []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:169.254.169.254]/",
		"http://[fe80::1%25lo]/",
		"http://[fd00:ec2::254]/",
		"http://0.0.0.0/",
		"http://metadata.test/latest/meta-data/",
		"http://mapped.test/",
		"http://ll6.test/",
		"http://ec2v6.test/",
	} {
		_, _, err := get(c, url, nil)
		if !errors.Is(err, ErrRefused) {
			t.Errorf("%s: err=%v, want ErrRefused", url, err)
		}
	}
	if d := rec.dialed(); len(d) != 0 {
		t.Fatalf("dialer was called for %v", d)
	}
}

// The address is checked after resolution, at every dial: a name that was
// safe once and later resolves to the metadata address is refused.
func TestDNSRebindingCheckedAtDial(t *testing.T) {
	srv, _ := countingServer(t, http.HandlerFunc(okHandler))
	port := addrOf(srv).Port()
	var lookups atomic.Int32
	res := resolverFunc(func(context.Context, string, string) ([]netip.Addr, error) {
		if lookups.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
	})
	c, rec := recording(Policy{AllowPrivate: true, Resolver: res})
	url := fmt.Sprintf("http://rebind.test:%d/", port)

	if _, _, err := get(c, url, nil); err != nil {
		t.Fatalf("first lookup (127.0.0.1): %v", err)
	}
	c.CloseIdleConnections() // force a new dial, hence a new lookup
	_, _, err := get(c, url, nil)
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("second lookup (169.254.169.254): err=%v, want ErrRefused", err)
	}
	want := fmt.Sprintf("127.0.0.1:%d", port)
	if d := rec.dialed(); len(d) != 1 || d[0] != want {
		t.Fatalf("dialed %v, want only %s", d, want)
	}
}

// A mixed answer dials only the allowed addresses.
func TestMixedAnswerDialsOnlyAllowed(t *testing.T) {
	srv, _ := countingServer(t, http.HandlerFunc(okHandler))
	res := resolverFunc(func(context.Context, string, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("169.254.169.254"), netip.MustParseAddr("127.0.0.1")}, nil
	})
	c, rec := recording(Policy{AllowPrivate: true, Resolver: res})
	if _, _, err := get(c, fmt.Sprintf("http://mixed.test:%d/", addrOf(srv).Port()), nil); err != nil {
		t.Fatal(err)
	}
	for _, d := range rec.dialed() {
		if strings.HasPrefix(d, "169.254.") {
			t.Fatalf("dialed %s", d)
		}
	}
}

func TestDenyAddrsRefusesOwnListener(t *testing.T) {
	srv, conns := countingServer(t, http.HandlerFunc(okHandler))
	self := addrOf(srv)
	p := self.Port()
	for _, deny := range []string{
		self.String(),
		fmt.Sprintf("0.0.0.0:%d", p),
		fmt.Sprintf("[::]:%d", p),
		fmt.Sprintf("127.0.0.2:%d", p),
		fmt.Sprintf("[::1]:%d", p),
		fmt.Sprintf("[::ffff:127.0.0.1]:%d", p),
	} {
		c := New(Policy{AllowPrivate: true, DenyAddrs: []netip.AddrPort{netip.MustParseAddrPort(deny)}})
		_, _, err := get(c, srv.URL, nil)
		if !errors.Is(err, ErrRefused) {
			t.Errorf("DenyAddrs %s: err=%v, want ErrRefused", deny, err)
		}
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("own listener saw %d connections", n)
	}
	other := netip.AddrPortFrom(netip.IPv4Unspecified(), p+1)
	if p == 65535 {
		other = netip.AddrPortFrom(netip.IPv4Unspecified(), p-1)
	}
	if _, _, err := get(New(Policy{AllowPrivate: true, DenyAddrs: []netip.AddrPort{other}}), srv.URL, nil); err != nil {
		t.Fatalf("another port denied: %v", err)
	}
}

func TestDenyAddrsUnspecifiedCoversInterfaceAddrs(t *testing.T) {
	g := newGuard(Policy{AllowPrivate: true, DenyAddrs: []netip.AddrPort{netip.MustParseAddrPort("[::]:5055")}}, 0)
	g.interfaceAddrs = func() ([]net.Addr, error) {
		return []net.Addr{&net.IPNet{IP: net.ParseIP("192.168.1.10"), Mask: net.CIDRMask(24, 32)}}, nil
	}
	if err := g.check(netip.MustParseAddrPort("192.168.1.10:5055")); !errors.Is(err, ErrRefused) {
		t.Errorf("interface address on own port: %v", err)
	}
	if err := g.check(netip.MustParseAddrPort("192.168.1.11:5055")); err != nil {
		t.Errorf("another host on the same port: %v", err)
	}
	if err := g.check(netip.MustParseAddrPort("192.168.1.10:7878")); err != nil {
		t.Errorf("own host, another port: %v", err)
	}
	g.interfaceAddrs = func() ([]net.Addr, error) { return nil, errors.New("netlink down") }
	if err := g.check(netip.MustParseAddrPort("192.168.1.11:5055")); !errors.Is(err, ErrRefused) {
		t.Errorf("interface list unavailable: %v, want refused", err)
	}
}
