package ratelimit

import (
	"net/netip"
	"testing"
)

func TestIPKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.9":             "203.0.113.9",
		"::ffff:203.0.113.9":      "203.0.113.9",
		"2001:db8:1:2:aaaa::1":    "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:1:2:3": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":         "2001:db8:1:3::/64",
		"fe80::1%eth0":            "fe80::/64",
	} {
		if got := IPKey(netip.MustParseAddr(in)); got != want {
			t.Errorf("IPKey(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestAccountKey(t *testing.T) {
	if AccountKey("  Alice@Example.COM\t") != AccountKey("alice@example.com") {
		t.Error("case or spaces change the key")
	}
	if AccountKey("alice") == AccountKey("bob") {
		t.Error("different accounts share a key")
	}
	long := make([]byte, 1<<20)
	if k := AccountKey(string(long)); len(k) != 32 || len(AccountKey("a")) != 32 {
		t.Errorf("key length depends on the input: %d", len(k))
	}
}

func TestDefaultPoliciesAreValid(t *testing.T) {
	p := DefaultPolicies()
	names := map[string]bool{}
	for _, l := range []Limit{p.LoginIP, p.LoginAccount, p.MFAAccount, p.ResetIP, p.ResetAddress, p.Anonymous, p.Authenticated, p.APIKey} {
		if err := l.validate(); err != nil {
			t.Error(err)
		}
		if names[l.Name] {
			t.Errorf("two policies named %q would share budgets", l.Name)
		}
		names[l.Name] = true
	}
	if !p.LoginAccount.FailClosed || !p.MFAAccount.FailClosed || p.Anonymous.FailClosed {
		t.Error("only the per-account login and MFA limits fail closed")
	}
}
