package domain

import (
	"strings"
	"time"
)

// User is an account as the rest of the program sees it: no password hash,
// no MFA secret.
type User struct {
	ID                int64
	Username          string
	Email             string
	Permissions       Permission
	IsOwner           bool
	SuspendedAt       *time.Time
	MFAEnabled        bool
	Quota             Quota
	PasswordChangedAt time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Quota overrides the site's request limits for one user; nil fields inherit.
type Quota struct {
	MovieLimit, MovieDays, TVLimit, TVDays *int
}

// Suspended reports whether the account may not sign in or act.
func (u *User) Suspended() bool { return u.SuspendedAt != nil }

// Role names the preset the user's permissions match.
func (u *User) Role() Role { return RoleOf(u.Permissions) }

// Key normalises a username or email for uniqueness and lookup.
func Key(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
