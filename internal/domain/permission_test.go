package domain

import "testing"

func TestSeerrValues(t *testing.T) {
	// A few anchors from Seerr's enum; the API maps these one to one.
	for bit, want := range map[Permission]uint64{PermAdmin: 2, PermRequest: 32, PermRequestView: 16384, PermManageIssues: 1048576, PermViewBlocklist: 1073741824} {
		if uint64(bit) != want {
			t.Errorf("%v != %d", bit, want)
		}
	}
	seen := map[Permission]bool{}
	for _, p := range Permissions {
		if seen[p.Bit] || p.Bit&(p.Bit-1) != 0 {
			t.Errorf("%s is not a distinct single bit", p.Name)
		}
		seen[p.Bit] = true
	}
}

func TestHas(t *testing.T) {
	user := RolePermissions[RoleUser]
	cases := []struct {
		p, need Permission
		want    bool
	}{
		{user, PermRequest, true},
		{user, PermRequest | PermRequestMovie, true},
		{user, PermManageUsers, false},
		{user, PermRequest | PermManageUsers, false},
		{PermAdmin, PermManageUsers | PermManageRequests, true},
		{0, 0, true},
		{0, PermRequest, false},
	}
	for _, c := range cases {
		if got := c.p.Has(c.need); got != c.want {
			t.Errorf("%v.Has(%v) = %v", c.p, c.need, got)
		}
	}
	if !user.HasAny(PermManageUsers|PermRequest) || user.HasAny(PermManageUsers|PermAdmin) {
		t.Error("HasAny")
	}
}

func TestNamesRoundTripAndRoles(t *testing.T) {
	p := RolePermissions[RoleModerator]
	back, ok := ParsePermissionNames(p.Names())
	if !ok || back != p {
		t.Fatalf("round trip %v -> %v", p, back)
	}
	if _, ok := ParsePermissionNames([]string{"REQUEST", "FLY"}); ok {
		t.Error("unknown name accepted")
	}
	if RoleOf(p) != RoleModerator || RoleOf(PermAdmin|PermRequest) != RoleAdmin || RoleOf(PermRequest) != RoleCustom {
		t.Error("roles")
	}
	if (Permission(1 << 40)).Valid() || !AllPermissions.Valid() {
		t.Error("Valid")
	}
}
