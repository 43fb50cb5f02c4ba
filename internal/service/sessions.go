package service

import (
	"context"
	"errors"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// sessionOwner resolves whose sessions p may manage: their own always; an
// other user's only as a user manager with a recent re-authentication.
func (s *Service) sessionOwner(ctx context.Context, p Principal, userID int64) (domain.User, error) {
	if userID == p.User.ID {
		return p.User, nil
	}
	target, err := s.GetUser(ctx, p, userID)
	if err != nil {
		return target, err
	}
	if !s.Elevated(p) {
		return target, ErrReauthRequired
	}
	return target, nil
}

// Sessions lists a user's sessions.
func (s *Service) Sessions(ctx context.Context, p Principal, userID int64) ([]store.Session, error) {
	if userID != p.User.ID && !p.User.Permissions.Has(domain.PermManageUsers) {
		return nil, ErrNotFound
	}
	return store.ListSessions(ctx, s.Store.DB, userID)
}

// RevokeSession ends one session of a user; another user's id answers as
// not found.
func (s *Service) RevokeSession(ctx context.Context, m Meta, p Principal, userID, sessionID int64) error {
	target, err := s.sessionOwner(ctx, p, userID)
	if err != nil {
		return err
	}
	if target.ID != p.User.ID {
		if err := CanManage(p.User, target); err != nil {
			return err
		}
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.DeleteSession(ctx, tx, target.ID, sessionID); errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "session.revoke", userTarget(target.ID), "success", map[string]any{"session": sessionID})
	})
}

// RevokeOtherSessions ends every session of p's but the current one.
func (s *Service) RevokeOtherSessions(ctx context.Context, m Meta, p Principal) error {
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		n, err := store.DeleteUserSessions(ctx, tx, p.User.ID, p.Session.ID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "session.revoke_others", userTarget(p.User.ID), "success", map[string]any{"count": n})
	})
}
