package service

import (
	"net/netip"
	"strings"
)

// fingerprint is the browser family and network a session started from:
// coarse on purpose, so an ordinary browser update or a new address from the
// same provider does not sign anyone out.
func fingerprint(m Meta) string {
	return browserFamily(m.UserAgent) + "|" + ipPrefix(m.IP)
}

func browserFamily(ua string) string {
	switch {
	case strings.Contains(ua, "Edg/"):
		return "Edge"
	case strings.Contains(ua, "Firefox/"):
		return "Firefox"
	case strings.Contains(ua, "Chrome/") || strings.Contains(ua, "Chromium/"):
		return "Chrome"
	case strings.Contains(ua, "Safari/"):
		return "Safari"
	case ua == "":
		return "Unknown"
	}
	return "Other"
}

func ipPrefix(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	bits := 24
	if a.Is6() && !a.Is4In6() {
		bits = 48
	}
	p, _ := a.Unmap().Prefix(bits)
	return p.String()
}

// DescribeDevice is how a session's device is shown to people.
func DescribeDevice(ua string) string {
	os := "Unknown system"
	for _, c := range []struct{ needle, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, c.needle) {
			os = c.name
			break
		}
	}
	return browserFamily(ua) + " on " + os
}
