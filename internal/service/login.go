package service

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// Session stages beyond store's: a session that must enrol in MFA first.
const StageEnrol = "enrol"

const pendingLifetime = 10 * time.Minute // to type a code, or to enrol

// LoginResult is a new session's token and what it may do.
type LoginResult struct {
	Token string
	Stage string // store.StageFull, store.StageMFA or StageEnrol
	User  domain.User
}

// Login checks a username-or-email and password. An unknown user costs the
// same as a known one and every failure gives the same error. With MFA on,
// the session it returns can only finish MFA.
func (s *Service) Login(ctx context.Context, m Meta, login, password string) (LoginResult, error) {
	u, err := store.UserByLogin(ctx, s.Store.DB, login)
	if errors.Is(err, store.ErrNotFound) {
		if err := s.Hasher.VerifyDummy(ctx, password); errors.Is(err, auth.ErrBusy) {
			return LoginResult{}, ErrBusy
		}
		s.recordAlone(ctx, m, nil, "auth.login", "login:"+clip(login, 64), "failure", map[string]any{"reason": "unknown user"})
		return LoginResult{}, ErrInvalidCredentials
	}
	if err != nil {
		return LoginResult{}, err
	}
	sec, err := store.SecretsOf(ctx, s.Store.DB, u.ID)
	if err != nil {
		return LoginResult{}, err
	}
	ok, rehash, err := s.Hasher.Verify(ctx, password, sec.PasswordHash)
	if errors.Is(err, auth.ErrBusy) {
		return LoginResult{}, ErrBusy
	}
	if err != nil {
		return LoginResult{}, err
	}
	if !ok || u.Suspended() {
		reason := "wrong password"
		if ok {
			reason = "suspended"
		}
		s.recordAlone(ctx, m, &u, "auth.login", userTarget(u.ID), "failure", map[string]any{"reason": reason})
		return LoginResult{}, ErrInvalidCredentials
	}
	if rehash {
		if h, err := s.Hasher.Hash(ctx, password); err == nil {
			_ = store.SetPassword(ctx, s.Store.DB, u.ID, h, u.PasswordChangedAt)
		}
	}
	stage := store.StageFull
	switch {
	case u.MFAEnabled:
		stage = store.StageMFA
	case s.mfaRequired(ctx, u):
		stage = StageEnrol
	}
	var res LoginResult
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		res, err = s.startSession(ctx, tx, m, u, stage)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, m, &u, "auth.login", userTarget(u.ID), "success", map[string]any{"stage": stage})
	})
	return res, err
}

// startSession makes a new session (never reusing a token the browser had)
// and, for a full one, notes the device.
func (s *Service) startSession(ctx context.Context, tx *store.Tx, m Meta, u domain.User, stage string) (LoginResult, error) {
	token, hash := auth.NewSessionToken()
	csrf, _ := auth.NewSessionToken()
	now := s.Now()
	sess := store.Session{UserID: u.ID, Stage: stage, CSRFToken: csrf, IP: m.IP, UserAgent: clip(m.UserAgent, 300),
		Fingerprint: fingerprint(m), CreatedAt: now, ExpiresAt: now.Add(s.SessionMaxAge)}
	if stage != store.StageFull {
		sess.ExpiresAt = now.Add(pendingLifetime)
	} else {
		sess.ElevatedAt = &now // a password (and code) was just given
		if err := s.noteDevice(ctx, tx, u, m); err != nil {
			return LoginResult{}, err
		}
	}
	if _, err := store.CreateSession(ctx, tx, hex.EncodeToString(hash), sess); err != nil {
		return LoginResult{}, err
	}
	return LoginResult{Token: token, Stage: stage, User: u}, nil
}

// noteDevice tells the user about a sign-in from a browser and network they
// have not used before (not on their very first sign-in).
func (s *Service) noteDevice(ctx context.Context, tx *store.Tx, u domain.User, m Meta) error {
	isNew, err := store.SeenDevice(ctx, tx, u.ID, fingerprint(m), s.Now())
	if err != nil || !isNew {
		return err
	}
	known, err := store.DeviceCount(ctx, tx, u.ID)
	if err != nil || known < 2 {
		return err
	}
	return s.notify(ctx, tx, u.ID, NoticeNewDevice, browserFamily(m.UserAgent)+" from "+m.IP)
}

// Authenticate resolves a session token to its user, read fresh, enforcing
// idle and absolute expiry, suspension and the fingerprint binding.
func (s *Service) Authenticate(ctx context.Context, m Meta, token string) (Principal, error) {
	if token == "" {
		return Principal{}, ErrNotFound
	}
	hash := hex.EncodeToString(auth.HashToken(token))
	sess, u, err := s.lookupSession(ctx, hash) // every signed-in request: see session_cache.go
	if err != nil {
		return Principal{}, ErrNotFound
	}
	now := s.Now()
	if !now.Before(sess.ExpiresAt) || (sess.Stage == store.StageFull && now.Sub(sess.LastSeenAt) >= s.SessionIdle) {
		_ = store.DeleteSession(ctx, s.Store.DB, sess.UserID, sess.ID)
		return Principal{}, ErrNotFound
	}
	if fp := fingerprint(m); fp != sess.Fingerprint && s.SessionBinding != "off" && s.SessionBinding != "" {
		if s.SessionBinding == "enforce" {
			_ = store.DeleteSession(ctx, s.Store.DB, sess.UserID, sess.ID)
			s.Log.Warn("session ended: fingerprint changed", "user_id", sess.UserID, "request_id", m.RequestID)
			return Principal{}, ErrNotFound
		}
		s.Log.Warn("session fingerprint changed", "user_id", sess.UserID, "request_id", m.RequestID)
	}
	if u.Suspended() {
		return Principal{}, ErrNotFound
	}
	if now.Sub(sess.LastSeenAt) > time.Minute { // one write a minute, not one a request
		if err := store.TouchSession(ctx, s.Store.DB, sess.ID, now); err == nil {
			sess.LastSeenAt = now
			s.forgetSession(hash) // the kept copy's last activity is behind now
		}
	}
	return Principal{User: u, Session: sess}, nil
}

// Logout ends the session.
func (s *Service) Logout(ctx context.Context, m Meta, p Principal) error {
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.DeleteSession(ctx, tx, p.User.ID, p.Session.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "auth.logout", userTarget(p.User.ID), "success", nil)
	})
}

// Elevated reports whether the session re-authenticated recently enough
// for a sensitive action.
func (s *Service) Elevated(p Principal) bool {
	return p.Session.ElevatedAt != nil && s.Now().Sub(*p.Session.ElevatedAt) < s.ReauthWindow
}

// Reauthenticate confirms the password (and a code, with MFA on) and marks
// the session elevated.
func (s *Service) Reauthenticate(ctx context.Context, m Meta, p Principal, password, code string) error {
	sec, err := store.SecretsOf(ctx, s.Store.DB, p.User.ID)
	if err != nil {
		return err
	}
	ok, _, err := s.Hasher.Verify(ctx, password, sec.PasswordHash)
	if errors.Is(err, auth.ErrBusy) {
		return ErrBusy
	}
	if err == nil && ok && p.User.MFAEnabled {
		ok = s.checkCode(ctx, m, p.User, sec, code) == nil
	}
	if err != nil || !ok {
		s.recordAlone(ctx, m, &p.User, "auth.reauth", userTarget(p.User.ID), "failure", nil)
		if err != nil {
			return err
		}
		return fieldErr("password", "is not correct")
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.ElevateSession(ctx, tx, p.Session.ID, s.Now()); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "auth.reauth", userTarget(p.User.ID), "success", nil)
	})
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// Touch records activity now, for "stay signed in".
func (s *Service) Touch(ctx context.Context, p Principal) error {
	return store.TouchSession(ctx, s.Store.DB, p.Session.ID, s.Now())
}
