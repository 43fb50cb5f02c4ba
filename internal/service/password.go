package service

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

const resetLifetime = 15 * time.Minute

// ChangePassword needs the current password. Every other session ends, and
// this browser gets a new session id.
func (s *Service) ChangePassword(ctx context.Context, m Meta, p Principal, current, next string) (LoginResult, error) {
	sec, err := store.SecretsOf(ctx, s.Store.DB, p.User.ID)
	if err != nil {
		return LoginResult{}, err
	}
	ok, _, err := s.Hasher.Verify(ctx, current, sec.PasswordHash)
	if errors.Is(err, auth.ErrBusy) {
		return LoginResult{}, ErrBusy
	}
	if err != nil {
		return LoginResult{}, err
	}
	if !ok {
		s.recordAlone(ctx, m, &p.User, "auth.password_change", userTarget(p.User.ID), "failure", nil)
		return LoginResult{}, fieldErr("current_password", "is not correct")
	}
	if err := auth.CheckPassword(next); err != nil {
		return LoginResult{}, fieldErr("new_password", err.Error())
	}
	if current == next {
		return LoginResult{}, fieldErr("new_password", "must differ from the current password")
	}
	hash, err := s.Hasher.Hash(ctx, next)
	if err != nil {
		return LoginResult{}, err
	}
	var res LoginResult
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.SetPassword(ctx, tx, p.User.ID, hash, s.Now()); err != nil {
			return err
		}
		if _, err := store.DeleteUserSessions(ctx, tx, p.User.ID, 0); err != nil {
			return err
		}
		if res, err = s.startSession(ctx, tx, m, p.User, store.StageFull); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, p.User.ID, NoticePasswordChanged, ""); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "auth.password_change", userTarget(p.User.ID), "success", nil)
	})
	return res, err
}

// ChangeEmail needs a recent re-authentication.
func (s *Service) ChangeEmail(ctx context.Context, m Meta, p Principal, email string) error {
	if !s.Elevated(p) {
		return ErrReauthRequired
	}
	email = strings.TrimSpace(email)
	if err := validEmail(email); err != nil {
		return err
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.SetEmail(ctx, tx, p.User.ID, email, s.Now()); err != nil {
			return createConflict(err)
		}
		return s.record(ctx, tx, m, &p.User, "user.email_change", userTarget(p.User.ID), "success", nil)
	})
}

// RequestReset emails a reset link when the address belongs to an active
// account. It answers the same, and as fast, either way: the mail goes out in
// the background.
func (s *Service) RequestReset(ctx context.Context, m Meta, email string) {
	u, err := store.UserByLogin(ctx, s.Store.DB, strings.TrimSpace(email))
	if err != nil || u.Suspended() || domain.Key(u.Email) != domain.Key(email) {
		s.recordAlone(ctx, m, nil, "auth.password_reset_request", "email", "failure", map[string]any{"reason": "no such active account"})
		return
	}
	mailer, err := s.mailer(ctx)
	if mailer == nil || err != nil {
		s.Log.Warn("password reset requested but email is not configured; an admin can create a reset link", "user_id", u.ID)
		s.recordAlone(ctx, m, nil, "auth.password_reset_request", userTarget(u.ID), "failure", map[string]any{"reason": "email not configured"})
		return
	}
	link, err := s.newResetLink(ctx, m, u, nil)
	if err != nil {
		s.Log.Error("reset token", "error", err)
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		body := "Someone asked to reset the password of your LeMedia account " + u.Username + ".\n\n" +
			"Open this link within 15 minutes to choose a new password:\n\n" + link + "\n\n" +
			"If it was not you, ignore this email: your password stays as it is.\n"
		if err := mailer.Send(ctx, u.Email, "Reset your LeMedia password", body); err != nil {
			s.Log.Error("password reset email failed", "user_id", u.ID, "error", err)
		}
	}()
}

// newResetLink stores a single-use token and returns the link; by is the
// admin who asked for it, nil for the user themself.
func (s *Service) newResetLink(ctx context.Context, m Meta, u domain.User, by *domain.User) (string, error) {
	token, hash := auth.NewSessionToken()
	now := s.Now()
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var byID int64
		actor := &u
		if by != nil {
			byID, actor = by.ID, by
		}
		if err := store.CreateReset(ctx, tx, hex.EncodeToString(hash), u.ID, byID, now, now.Add(resetLifetime)); err != nil {
			return err
		}
		return s.record(ctx, tx, m, actor, "auth.password_reset_request", userTarget(u.ID), "success", map[string]any{"by_admin": by != nil})
	})
	path := "/reset?token=" + token
	if s.BaseURL != nil {
		return s.BaseURL.String() + path, err
	}
	return path, err
}

// CheckResetToken tells whether a reset link can still be used.
func (s *Service) CheckResetToken(ctx context.Context, token string) error {
	if _, err := store.ResetUser(ctx, s.Store.DB, hex.EncodeToString(auth.HashToken(token)), s.Now()); err != nil {
		return ErrInvalidToken
	}
	return nil
}

// ResetPassword sets a new password with a reset token, once, and ends
// every session of the account.
func (s *Service) ResetPassword(ctx context.Context, m Meta, token, password string) error {
	if err := auth.CheckPassword(password); err != nil {
		return fieldErr("password", err.Error())
	}
	if err := s.CheckResetToken(ctx, token); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		id, err := store.ConsumeReset(ctx, tx, hex.EncodeToString(auth.HashToken(token)), s.Now())
		if err != nil {
			return ErrInvalidToken
		}
		if err := store.SetPassword(ctx, tx, id, hash, s.Now()); err != nil {
			return err
		}
		if _, err := store.DeleteUserSessions(ctx, tx, id, 0); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, id, NoticePasswordChanged, "by a reset link"); err != nil {
			return err
		}
		u, err := store.UserByID(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, m, &u, "auth.password_reset", userTarget(id), "success", nil)
	})
}
