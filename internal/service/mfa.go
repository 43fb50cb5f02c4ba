package service

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/store"
)

func mfaAAD(userID int64) secret.AAD {
	return secret.AAD{Table: "app_user", Column: "mfa_secret", RowID: itoa(userID)}
}

func enrolAAD(userID int64) secret.AAD {
	return secret.AAD{Table: "enrolment", Column: "pending_secret", RowID: itoa(userID)}
}

// checkCode accepts a current TOTP code once, or an unused recovery code.
func (s *Service) checkCode(ctx context.Context, m Meta, u domain.User, sec store.UserSecrets, code string) error {
	code = strings.TrimSpace(code)
	if sec.MFASecret == "" || code == "" {
		return ErrInvalidCode
	}
	seed, err := s.Sealer.Open(sec.MFASecret, mfaAAD(u.ID))
	if err != nil {
		return err
	}
	if step, ok := auth.ValidateTOTP(string(seed), code, s.Now(), sec.MFALastStep); ok {
		// Conditional on the stored step, so of two racing uses one wins.
		if err := store.AdvanceMFAStep(ctx, s.Store.DB, u.ID, step); err != nil {
			return ErrInvalidCode
		}
		return nil
	}
	codes, err := store.UnusedRecoveryCodes(ctx, s.Store.DB, u.ID)
	if err != nil {
		return err
	}
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = c.Hash
	}
	i, ok := auth.MatchRecoveryCode(code, hashes)
	if !ok {
		return ErrInvalidCode
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.UseRecoveryCode(ctx, tx, codes[i].ID, s.Now()); err != nil {
			return ErrInvalidCode
		}
		left := len(codes) - 1
		if err := s.notify(ctx, tx, u.ID, NoticeRecoveryCodeUsed, itoa(int64(left))+" recovery codes left"); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &u, "mfa.recovery_code_use", userTarget(u.ID), "success", map[string]any{"left": left})
	})
}

// CompleteMFA finishes a sign-in with a code. The password-only session is
// replaced by a new full one.
func (s *Service) CompleteMFA(ctx context.Context, m Meta, p Principal, code string) (LoginResult, error) {
	if p.Session.Stage != store.StageMFA {
		return LoginResult{}, ErrForbidden
	}
	sec, err := store.SecretsOf(ctx, s.Store.DB, p.User.ID)
	if err != nil {
		return LoginResult{}, err
	}
	if err := s.checkCode(ctx, m, p.User, sec, code); err != nil {
		s.recordAlone(ctx, m, &p.User, "auth.mfa", userTarget(p.User.ID), "failure", nil)
		if errors.Is(err, ErrInvalidCode) {
			return LoginResult{}, fieldErr("code", ErrInvalidCode.Error())
		}
		return LoginResult{}, err
	}
	return s.replaceSession(ctx, m, p, "auth.mfa")
}

// replaceSession swaps the current session for a new full one (new id), as
// after MFA step-up and enrolment.
func (s *Service) replaceSession(ctx context.Context, m Meta, p Principal, action string) (LoginResult, error) {
	var res LoginResult
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.DeleteSession(ctx, tx, p.User.ID, p.Session.ID); err != nil {
			return err
		}
		var err error
		if res, err = s.startSession(ctx, tx, m, p.User, store.StageFull); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, action, userTarget(p.User.ID), "success", nil)
	})
	return res, err
}

// Enrolment is what the enrolment page shows: the QR code and the secret,
// and a sealed copy of the secret that the form sends back.
type Enrolment struct {
	Key    auth.TOTPKey
	Sealed string
}

type pendingSecret struct {
	Secret  string    `json:"s"`
	Expires time.Time `json:"e"`
}

// BeginEnrol makes a new TOTP secret. Nothing is stored until a code
// confirms it: the secret travels sealed (bound to this user, 15 minutes).
func (s *Service) BeginEnrol(p Principal) (Enrolment, error) {
	key, err := auth.NewTOTPSecret(s.Issuer, p.User.Username)
	if err != nil {
		return Enrolment{}, err
	}
	blob, _ := json.Marshal(pendingSecret{Secret: key.Secret.Reveal(), Expires: s.Now().Add(15 * time.Minute)})
	sealed, err := s.Sealer.Seal(blob, enrolAAD(p.User.ID))
	return Enrolment{Key: key, Sealed: sealed}, err
}

// ConfirmEnrol turns MFA on when the code matches the pending secret, and
// returns the recovery codes (shown once) and the new session.
func (s *Service) ConfirmEnrol(ctx context.Context, m Meta, p Principal, sealed, code string) ([]string, LoginResult, error) {
	if p.User.MFAEnabled {
		return nil, LoginResult{}, fieldErr("code", "two-step verification is already on")
	}
	raw, err := s.Sealer.Open(sealed, enrolAAD(p.User.ID))
	var ps pendingSecret
	if err != nil || json.Unmarshal(raw, &ps) != nil || !s.Now().Before(ps.Expires) {
		return nil, LoginResult{}, fieldErr("code", "this enrolment expired; start again")
	}
	step, ok := auth.ValidateTOTP(ps.Secret, code, s.Now(), 0)
	if !ok {
		return nil, LoginResult{}, fieldErr("code", ErrInvalidCode.Error())
	}
	seed, err := s.Sealer.Seal([]byte(ps.Secret), mfaAAD(p.User.ID))
	if err != nil {
		return nil, LoginResult{}, err
	}
	codes, hashes := auth.NewRecoveryCodes()
	var res LoginResult
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.EnableMFA(ctx, tx, p.User.ID, seed, step, hashes, s.Now()); err != nil {
			return err
		}
		if err := store.DeleteSession(ctx, tx, p.User.ID, p.Session.ID); err != nil {
			return err
		}
		p.User.MFAEnabled = true
		if res, err = s.startSession(ctx, tx, m, p.User, store.StageFull); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "mfa.enrol", userTarget(p.User.ID), "success", nil)
	})
	return codes, res, err
}

// DisableMFA turns MFA off for oneself; needs a recent re-authentication and
// is refused where the site requires MFA.
func (s *Service) DisableMFA(ctx context.Context, m Meta, p Principal) error {
	if !s.Elevated(p) {
		return ErrReauthRequired
	}
	if s.mfaRequired(ctx, p.User) {
		return fieldErr("mfa", "this site requires two-step verification for your account")
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.DisableMFA(ctx, tx, p.User.ID, s.Now()); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, p.User.ID, NoticeMFADisabled, ""); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "mfa.disable", userTarget(p.User.ID), "success", nil)
	})
}

// RegenerateRecoveryCodes replaces the recovery codes; needs elevation.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, m Meta, p Principal) ([]string, error) {
	if !s.Elevated(p) {
		return nil, ErrReauthRequired
	}
	if !p.User.MFAEnabled {
		return nil, fieldErr("mfa", "two-step verification is off")
	}
	codes, hashes := auth.NewRecoveryCodes()
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.ReplaceRecoveryCodes(ctx, tx, p.User.ID, hashes); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "mfa.recovery_codes_regenerate", userTarget(p.User.ID), "success", nil)
	})
	return codes, err
}

// mfaRequired applies the site's MFA policy to a user.
func (s *Service) mfaRequired(ctx context.Context, u domain.User) bool {
	switch s.Settings(ctx).MFARequired {
	case "all":
		return true
	case "admins":
		return u.Permissions.HasAny(domain.PermAdmin | domain.PermManageUsers | domain.PermManageSettings)
	}
	return false
}
