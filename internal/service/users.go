package service

import (
	"context"
	"errors"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// CanManage decides whether actor may act on target as a user manager:
// never on the owner (unless actor is the owner acting on someone else),
// only the owner on other admins, never on oneself through admin tools.
func CanManage(actor, target domain.User) error {
	switch {
	case !actor.Permissions.Has(domain.PermManageUsers):
		return ErrNotFound // no hint that the user exists
	case actor.ID == target.ID:
		return fieldErr("user", "use your own profile to change your account")
	case target.IsOwner:
		return fieldErr("user", "the owner cannot be changed by anyone else")
	case target.Permissions.Has(domain.PermAdmin) && !actor.IsOwner:
		return fieldErr("user", "only the owner can change an administrator")
	}
	return nil
}

// grantable refuses permissions the actor could not hold themself: nobody
// hands out more than they have, and only the owner makes admins.
func grantable(actor domain.User, p domain.Permission) error {
	switch {
	case !p.Valid():
		return fieldErr("permissions", "contains unknown permissions")
	case p&domain.PermAdmin != 0 && !actor.IsOwner:
		return fieldErr("permissions", "only the owner can grant ADMIN")
	case !actor.Permissions.Has(p):
		return fieldErr("permissions", "you cannot grant permissions you do not have")
	}
	return nil
}

// ListUsers pages through accounts for user managers.
func (s *Service) ListUsers(ctx context.Context, p Principal, search string, after int64) (store.UserPage, error) {
	if !p.User.Permissions.Has(domain.PermManageUsers) {
		return store.UserPage{}, ErrNotFound
	}
	return store.ListUsers(ctx, s.Store.DB, search, after, 25)
}

// GetUser returns an account for a user manager.
func (s *Service) GetUser(ctx context.Context, p Principal, id int64) (domain.User, error) {
	if !p.User.Permissions.Has(domain.PermManageUsers) {
		return domain.User{}, ErrNotFound
	}
	u, err := store.UserByID(ctx, s.Store.DB, id)
	if errors.Is(err, store.ErrNotFound) {
		return u, ErrNotFound
	}
	return u, err
}

// CreateUser makes an account with the given permissions.
func (s *Service) CreateUser(ctx context.Context, m Meta, p Principal, in AccountInput, perms domain.Permission) (domain.User, error) {
	if !p.User.Permissions.Has(domain.PermManageUsers) {
		return domain.User{}, ErrNotFound
	}
	if err := in.validate(); err != nil {
		return domain.User{}, err
	}
	if err := grantable(p.User, perms); err != nil {
		return domain.User{}, err
	}
	hash, err := s.Hasher.Hash(ctx, in.Password)
	if err != nil {
		return domain.User{}, err
	}
	var u domain.User
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		id, err := store.CreateUser(ctx, tx, store.NewUser{Username: in.Username, Email: in.Email, PasswordHash: hash, Permissions: perms, Now: s.Now()})
		if err != nil {
			return createConflict(err)
		}
		if u, err = store.UserByID(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "user.create", userTarget(id), "success",
			map[string]any{"username": u.Username, "permissions": perms.Names()})
	})
	return u, err
}

// adminChange runs one change to another account under canManage, with its
// audit row, in one transaction.
func (s *Service) adminChange(ctx context.Context, m Meta, p Principal, id int64, action string,
	fn func(tx *store.Tx, target domain.User) (map[string]any, error)) error {
	target, err := s.GetUser(ctx, p, id)
	if err != nil {
		return err
	}
	if err := CanManage(p.User, target); err != nil {
		s.recordAlone(ctx, m, &p.User, action, userTarget(id), "denied", map[string]any{"reason": err.Error()})
		return err
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		meta, err := fn(tx, target)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, action, userTarget(id), "success", meta)
	})
}

// endSessions ends every session of a user and leaves them a notice.
func (s *Service) endSessions(ctx context.Context, tx *store.Tx, userID int64, kind string) error {
	if _, err := store.DeleteUserSessions(ctx, tx, userID, 0); err != nil {
		return err
	}
	if kind == "" {
		return nil
	}
	return s.notify(ctx, tx, userID, kind, "")
}

// SetPermissions changes a user's permissions and ends their sessions, so a
// demotion takes effect at once.
func (s *Service) SetPermissions(ctx context.Context, m Meta, p Principal, id int64, perms domain.Permission) error {
	if err := grantable(p.User, perms); err != nil {
		return err
	}
	return s.adminChange(ctx, m, p, id, "user.permissions", func(tx *store.Tx, t domain.User) (map[string]any, error) {
		if t.Permissions == perms {
			return map[string]any{"unchanged": true}, nil
		}
		if err := store.SetPermissions(ctx, tx, id, perms, s.Now()); err != nil {
			return nil, err
		}
		return map[string]any{"before": t.Permissions.Names(), "after": perms.Names()}, s.endSessions(ctx, tx, id, "")
	})
}

// SetQuota changes a user's request limits (nil fields inherit the site's).
func (s *Service) SetQuota(ctx context.Context, m Meta, p Principal, id int64, q domain.Quota) error {
	for field, v := range map[string]*int{"quota_movie_limit": q.MovieLimit, "quota_movie_days": q.MovieDays, "quota_tv_limit": q.TVLimit, "quota_tv_days": q.TVDays} {
		if v != nil && (*v < 0 || *v > 1000) {
			return fieldErr(field, "must be between 0 and 1000")
		}
	}
	return s.adminChange(ctx, m, p, id, "user.quota", func(tx *store.Tx, _ domain.User) (map[string]any, error) {
		return nil, store.SetQuota(ctx, tx, id, q, s.Now())
	})
}

// Suspend stops a user from signing in and ends their sessions.
func (s *Service) Suspend(ctx context.Context, m Meta, p Principal, id int64) error {
	return s.adminChange(ctx, m, p, id, "user.suspend", func(tx *store.Tx, _ domain.User) (map[string]any, error) {
		now := s.Now()
		if err := store.SetSuspended(ctx, tx, id, &now, now); err != nil {
			return nil, err
		}
		return nil, s.endSessions(ctx, tx, id, "")
	})
}

// Restore lifts a suspension.
func (s *Service) Restore(ctx context.Context, m Meta, p Principal, id int64) error {
	return s.adminChange(ctx, m, p, id, "user.restore", func(tx *store.Tx, _ domain.User) (map[string]any, error) {
		return nil, store.SetSuspended(ctx, tx, id, nil, s.Now())
	})
}

// DeleteUser removes an account with its sessions and tokens.
func (s *Service) DeleteUser(ctx context.Context, m Meta, p Principal, id int64) error {
	return s.adminChange(ctx, m, p, id, "user.delete", func(tx *store.Tx, t domain.User) (map[string]any, error) {
		return map[string]any{"username": t.Username}, store.DeleteUser(ctx, tx, id)
	})
}

// EndUserSessions signs a user out everywhere; needs elevation.
func (s *Service) EndUserSessions(ctx context.Context, m Meta, p Principal, id int64) error {
	if !s.Elevated(p) {
		return ErrReauthRequired
	}
	return s.adminChange(ctx, m, p, id, "user.sessions_end", func(tx *store.Tx, _ domain.User) (map[string]any, error) {
		return nil, s.endSessions(ctx, tx, id, NoticeSessionsEnded)
	})
}

// ResetUserMFA turns a user's MFA off (lost device) and ends their sessions.
func (s *Service) ResetUserMFA(ctx context.Context, m Meta, p Principal, id int64) error {
	if !s.Elevated(p) {
		return ErrReauthRequired
	}
	return s.adminChange(ctx, m, p, id, "mfa.reset", func(tx *store.Tx, _ domain.User) (map[string]any, error) {
		if err := store.DisableMFA(ctx, tx, id, s.Now()); err != nil {
			return nil, err
		}
		return nil, s.endSessions(ctx, tx, id, NoticeMFAReset)
	})
}

// CreateResetLink makes a one-time reset link for a user (no email needed).
func (s *Service) CreateResetLink(ctx context.Context, m Meta, p Principal, id int64) (string, error) {
	if !s.Elevated(p) {
		return "", ErrReauthRequired
	}
	target, err := s.GetUser(ctx, p, id)
	if err != nil {
		return "", err
	}
	if err := CanManage(p.User, target); err != nil {
		return "", err
	}
	return s.newResetLink(ctx, m, target, &p.User)
}
