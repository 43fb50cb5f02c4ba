// Package domain holds LeMedia's entities and pure rules. It imports nothing of ours.
package domain

import (
	"slices"
	"strings"
)

// Permission is a set of bits with Seerr's names and values, so the
// Seerr-compatible API maps one to one.
type Permission uint64

const (
	PermNone               Permission = 0
	PermAdmin              Permission = 2
	PermManageSettings     Permission = 4
	PermManageUsers        Permission = 8
	PermManageRequests     Permission = 16
	PermRequest            Permission = 32
	PermVote               Permission = 64
	PermAutoApprove        Permission = 128
	PermAutoApproveMovie   Permission = 256
	PermAutoApproveTV      Permission = 512
	PermRequest4K          Permission = 1024
	PermRequest4KMovie     Permission = 2048
	PermRequest4KTV        Permission = 4096
	PermRequestAdvanced    Permission = 8192
	PermRequestView        Permission = 16384
	PermAutoApprove4K      Permission = 32768
	PermAutoApprove4KMovie Permission = 65536
	PermAutoApprove4KTV    Permission = 131072
	PermRequestMovie       Permission = 262144
	PermRequestTV          Permission = 524288
	PermManageIssues       Permission = 1048576
	PermViewIssues         Permission = 2097152
	PermCreateIssues       Permission = 4194304
	PermAutoRequest        Permission = 8388608
	PermAutoRequestMovie   Permission = 16777216
	PermAutoRequestTV      Permission = 33554432
	PermRecentView         Permission = 67108864
	PermWatchlistView      Permission = 134217728
	PermManageBlocklist    Permission = 268435456
	PermViewBlocklist      Permission = 1073741824
)

// PermissionInfo names a bit for forms and the API.
type PermissionInfo struct {
	Bit  Permission
	Name string // Seerr's enum name
	Help string
}

// Permissions lists every bit in display order.
var Permissions = []PermissionInfo{
	{PermAdmin, "ADMIN", "Everything, including settings"},
	{PermManageSettings, "MANAGE_SETTINGS", "Change site settings"},
	{PermManageUsers, "MANAGE_USERS", "Create, edit, suspend and delete users"},
	{PermManageRequests, "MANAGE_REQUESTS", "Approve, decline and delete any request"},
	{PermRequest, "REQUEST", "Request films and series"},
	{PermRequestMovie, "REQUEST_MOVIE", "Request films"},
	{PermRequestTV, "REQUEST_TV", "Request series"},
	{PermAutoApprove, "AUTO_APPROVE", "Requests are approved at once"},
	{PermAutoApproveMovie, "AUTO_APPROVE_MOVIE", "Film requests are approved at once"},
	{PermAutoApproveTV, "AUTO_APPROVE_TV", "Series requests are approved at once"},
	{PermRequest4K, "REQUEST_4K", "Request in 4K"},
	{PermRequest4KMovie, "REQUEST_4K_MOVIE", "Request films in 4K"},
	{PermRequest4KTV, "REQUEST_4K_TV", "Request series in 4K"},
	{PermAutoApprove4K, "AUTO_APPROVE_4K", "4K requests are approved at once"},
	{PermAutoApprove4KMovie, "AUTO_APPROVE_4K_MOVIE", "4K film requests are approved at once"},
	{PermAutoApprove4KTV, "AUTO_APPROVE_4K_TV", "4K series requests are approved at once"},
	{PermRequestAdvanced, "REQUEST_ADVANCED", "Choose server, profile and folder when requesting"},
	{PermRequestView, "REQUEST_VIEW", "See other users' requests"},
	{PermRecentView, "RECENT_VIEW", "See recently added titles"},
	{PermManageIssues, "MANAGE_ISSUES", "Resolve and delete issues"},
	{PermViewIssues, "VIEW_ISSUES", "See all issues"},
	{PermCreateIssues, "CREATE_ISSUES", "Report issues"},
	{PermAutoRequest, "AUTO_REQUEST", "Watchlist auto-requests"},
	{PermAutoRequestMovie, "AUTO_REQUEST_MOVIE", "Watchlist auto-requests for films"},
	{PermAutoRequestTV, "AUTO_REQUEST_TV", "Watchlist auto-requests for series"},
	{PermWatchlistView, "WATCHLIST_VIEW", "See other users' watchlists"},
	{PermManageBlocklist, "MANAGE_BLOCKLIST", "Manage the blocklist"},
	{PermViewBlocklist, "VIEW_BLOCKLIST", "See the blocklist"},
	{PermVote, "VOTE", "Vote on requests"},
}

// AllPermissions is every defined bit.
var AllPermissions = func() Permission {
	var all Permission
	for _, p := range Permissions {
		all |= p.Bit
	}
	return all
}()

// Has reports whether p grants every bit of need. ADMIN grants everything,
// and needing nothing is always granted (Seerr's semantics).
func (p Permission) Has(need Permission) bool {
	return need == 0 || p&PermAdmin != 0 || p&need == need
}

// HasAny reports whether p grants at least one bit of any.
func (p Permission) HasAny(any Permission) bool {
	return any == 0 || p&PermAdmin != 0 || p&any != 0
}

// Valid reports whether p sets only defined bits.
func (p Permission) Valid() bool { return p&^AllPermissions == 0 }

// Names lists the names of the bits set, in display order.
func (p Permission) Names() []string {
	var out []string
	for _, info := range Permissions {
		if p&info.Bit != 0 {
			out = append(out, info.Name)
		}
	}
	return out
}

// ParsePermissionNames turns names back into bits; unknown names are an error.
func ParsePermissionNames(names []string) (Permission, bool) {
	var p Permission
	for _, n := range names {
		i := slices.IndexFunc(Permissions, func(info PermissionInfo) bool { return info.Name == strings.ToUpper(n) })
		if i < 0 {
			return 0, false
		}
		p |= Permissions[i].Bit
	}
	return p, true
}

// Role is a named preset of permissions; "custom" when the bits match none.
type Role string

const (
	RoleAdmin     Role = "admin"
	RoleModerator Role = "moderator"
	RoleUser      Role = "user"
	RoleCustom    Role = "custom"
)

// RolePermissions are the presets.
var RolePermissions = map[Role]Permission{
	RoleAdmin: PermAdmin,
	RoleModerator: PermManageRequests | PermRequest | PermRequestMovie | PermRequestTV | PermAutoApprove |
		PermRequestView | PermRecentView | PermManageIssues | PermViewIssues | PermCreateIssues,
	RoleUser: PermRequest | PermRequestMovie | PermRequestTV | PermCreateIssues,
}

// RoleOf names the preset p equals, or custom.
func RoleOf(p Permission) Role {
	for _, r := range []Role{RoleAdmin, RoleModerator, RoleUser} {
		if RolePermissions[r] == p {
			return r
		}
	}
	if p&PermAdmin != 0 {
		return RoleAdmin
	}
	return RoleCustom
}
