package service_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
)

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrol turns MFA on for p and returns the secret and recovery codes.
func (e *env) enrol(t *testing.T, p service.Principal) (string, []string) {
	t.Helper()
	en, err := e.svc.BeginEnrol(p)
	if err != nil {
		t.Fatal(err)
	}
	sec := en.Key.Secret.Reveal()
	codes, res, err := e.svc.ConfirmEnrol(context.Background(), m, p, en.Sealed, code(t, sec, e.clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 10 || res.Token == "" {
		t.Fatalf("codes %v", codes)
	}
	return sec, codes
}

func fieldOf(err error) string {
	var fe *service.FieldError
	var many service.FieldErrors
	switch {
	case errors.As(err, &many):
		return many[0].Field
	case errors.As(err, &fe):
		return fe.Field
	}
	return ""
}

func TestMFAChallengeReplayAndRecoveryCodes(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		sec, codes := e.enrol(t, e.owner(t))
		e.clock.Add(2 * time.Minute) // past the enrolment code's step

		res, err := e.svc.Login(ctx, m, "owner", ownerPassword)
		if err != nil || res.Stage != service.StageMFA {
			t.Fatalf("login with MFA: %+v %v", res, err)
		}
		pending, err := e.svc.Authenticate(ctx, m, res.Token)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CompleteMFA(ctx, m, pending, "000000"); fieldOf(err) != "code" {
			t.Fatalf("wrong code: %v", err)
		}
		c := code(t, sec, e.clock.Now())
		full, err := e.svc.CompleteMFA(ctx, m, pending, c)
		if err != nil || full.Stage != service.StageFull || full.Token == res.Token {
			t.Fatalf("right code: %+v %v", full, err)
		}
		if e.valid(res.Token) {
			t.Fatal("the password-only session survived the step-up")
		}
		// The same code again, in a new sign-in within its 30 seconds: refused.
		res2, _ := e.svc.Login(ctx, m, "owner", ownerPassword)
		pending2, _ := e.svc.Authenticate(ctx, m, res2.Token)
		if _, err := e.svc.CompleteMFA(ctx, m, pending2, c); fieldOf(err) != "code" {
			t.Fatalf("replayed code accepted: %v", err)
		}
		// A recovery code works once, with or without its dash and case.
		rc := strings.ToUpper(strings.ReplaceAll(codes[3], "-", ""))
		if _, err := e.svc.CompleteMFA(ctx, m, pending2, rc); err != nil {
			t.Fatalf("recovery code: %v", err)
		}
		res3, _ := e.svc.Login(ctx, m, "owner", ownerPassword)
		pending3, _ := e.svc.Authenticate(ctx, m, res3.Token)
		if _, err := e.svc.CompleteMFA(ctx, m, pending3, codes[3]); fieldOf(err) != "code" {
			t.Fatalf("recovery code used twice: %v", err)
		}
		// A password-only session is no full session.
		if pending3.Session.Stage != service.StageMFA {
			t.Fatalf("stage %s", pending3.Session.Stage)
		}
	})
}

func TestEnrolmentRefusesWrongAndExpiredCodes(t *testing.T) {
	e := newEnv(t, "")
	p := e.owner(t)
	en, _ := e.svc.BeginEnrol(p)
	if _, _, err := e.svc.ConfirmEnrol(context.Background(), m, p, en.Sealed, "123456"); fieldOf(err) != "code" {
		t.Fatalf("wrong code: %v", err)
	}
	other, _ := e.svc.BeginEnrol(p)
	if _, _, err := e.svc.ConfirmEnrol(context.Background(), m, p, other.Sealed[:len(other.Sealed)-4]+"AAAA", code(t, other.Key.Secret.Reveal(), e.clock.Now())); fieldOf(err) != "code" {
		t.Fatalf("tampered pending secret: %v", err)
	}
	e.clock.Add(16 * time.Minute)
	if _, _, err := e.svc.ConfirmEnrol(context.Background(), m, p, en.Sealed, code(t, en.Key.Secret.Reveal(), e.clock.Now())); fieldOf(err) != "code" {
		t.Fatalf("expired enrolment: %v", err)
	}
	var stored string
	e.st.DB.QueryRow(`SELECT COALESCE(mfa_secret, '') FROM app_user WHERE id = $1`, p.User.ID).Scan(&stored)
	if stored != "" {
		t.Fatal("a secret was stored without confirmation")
	}
}

func TestSealedSecretAtRest(t *testing.T) {
	e := newEnv(t, "")
	sec, _ := e.enrol(t, e.owner(t))
	var stored string
	e.st.DB.QueryRow(`SELECT mfa_secret FROM app_user WHERE is_owner`).Scan(&stored)
	if stored == "" || strings.Contains(stored, sec) || !strings.HasPrefix(stored, "v1.") {
		t.Fatalf("stored %q", stored)
	}
}

func TestMFAPolicyForcesEnrolment(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	if err := e.svc.UpdateSettings(ctx, m, owner, service.SiteSettings{MFARequired: "all", AuditRetentionDays: 90}); err != nil {
		t.Fatal(err)
	}
	res, _ := e.svc.Login(ctx, m, "owner", ownerPassword)
	if res.Stage != service.StageEnrol {
		t.Fatalf("stage %s", res.Stage)
	}
	p, _ := e.svc.Authenticate(ctx, m, res.Token)
	if err := e.svc.ChangeEmail(ctx, m, p, "x@example.org"); err == nil {
		t.Fatal("an enrol-only session changed the email")
	}
	sec, _ := e.enrol(t, p)
	if e.valid(res.Token) {
		t.Fatal("the enrol-only session survived enrolment")
	}
	e.clock.Add(time.Minute)
	res, _ = e.svc.Login(ctx, m, "owner", ownerPassword)
	p, _ = e.svc.Authenticate(ctx, m, res.Token)
	full, err := e.svc.CompleteMFA(ctx, m, p, code(t, sec, e.clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	p, _ = e.svc.Authenticate(ctx, m, full.Token)
	if err := e.svc.DisableMFA(ctx, m, p); fieldOf(err) != "mfa" {
		t.Fatalf("disable under a policy: %v", err)
	}
}

func TestPermissionRules(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		owner := e.owner(t)
		mgr := e.user(t, owner, "manager", domain.PermManageUsers|domain.PermRequest)
		admin := e.user(t, owner, "admin2", domain.PermAdmin)
		plain := e.user(t, owner, "plain", domain.RolePermissions[domain.RoleUser])
		mp := e.login(t, "manager", "password for manager")
		ap := e.login(t, "admin2", "password for admin2")
		pp := e.login(t, "plain", "password for plain")
		checks := []struct {
			name  string
			err   error
			field string
		}{
			{"manager grants ADMIN", e.svc.SetPermissions(ctx, m, mp, plain.ID, domain.PermAdmin), "permissions"},
			{"manager grants what it lacks", e.svc.SetPermissions(ctx, m, mp, plain.ID, domain.PermManageRequests), "permissions"},
			{"manager changes an admin", e.svc.Suspend(ctx, m, mp, admin.ID), "user"},
			{"admin suspends the owner", e.svc.Suspend(ctx, m, ap, owner.User.ID), "user"},
			{"admin deletes the owner", e.svc.DeleteUser(ctx, m, ap, owner.User.ID), "user"},
			{"admin demotes another admin", e.svc.SetPermissions(ctx, m, ap, admin.ID, 0), "user"},
			{"owner suspends itself", e.svc.Suspend(ctx, m, owner, owner.User.ID), "user"},
			{"unknown bits", e.svc.SetPermissions(ctx, m, owner, plain.ID, 1<<40), "permissions"},
		}
		for _, c := range checks {
			if fieldOf(c.err) != c.field {
				t.Errorf("%s: %v", c.name, c.err)
			}
		}
		if err := e.svc.Suspend(ctx, m, pp, mgr.ID); !errors.Is(err, service.ErrNotFound) {
			t.Errorf("a plain user suspends: %v", err)
		}
		if _, err := e.svc.GetUser(ctx, pp, owner.User.ID); !errors.Is(err, service.ErrNotFound) {
			t.Errorf("a plain user reads another profile: %v", err)
		}
		if err := e.svc.RevokeSession(ctx, m, pp, mgr.ID, mp.Session.ID); !errors.Is(err, service.ErrNotFound) {
			t.Errorf("a plain user ends another's session: %v", err)
		}
		if err := e.svc.RevokeSession(ctx, m, pp, pp.User.ID, mp.Session.ID); !errors.Is(err, service.ErrNotFound) {
			t.Errorf("a plain user ends another's session by id: %v", err)
		}
		if err := e.svc.SetPermissions(ctx, m, mp, plain.ID, domain.PermRequest); err != nil {
			t.Errorf("manager within its rights: %v", err)
		}
		denied, _ := store.ListAudit(ctx, e.st.DB, store.AuditFilter{Target: "user:" + strconv.FormatInt(admin.ID, 10)})
		if len(denied) == 0 || denied[0].Outcome != "denied" {
			t.Errorf("refused admin action not audited: %+v", denied)
		}
	})
}

func TestSensitiveActionsNeedRecentReauth(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	u := e.user(t, owner, "someone", domain.RolePermissions[domain.RoleUser])
	e.clock.Add(11 * time.Minute)
	owner, _ = e.svc.Authenticate(ctx, m, e.sessionToken(t, owner))
	for name, err := range map[string]error{
		"end sessions":     e.svc.EndUserSessions(ctx, m, owner, u.ID),
		"reset MFA":        e.svc.ResetUserMFA(ctx, m, owner, u.ID),
		"change email":     e.svc.ChangeEmail(ctx, m, owner, "new@example.org"),
		"disable MFA":      e.svc.DisableMFA(ctx, m, owner),
		"others' sessions": e.svc.RevokeSession(ctx, m, owner, u.ID, 1),
	} {
		if !errors.Is(err, service.ErrReauthRequired) {
			t.Errorf("%s without re-authentication: %v", name, err)
		}
	}
	if err := e.svc.Reauthenticate(ctx, m, owner, "wrong", ""); fieldOf(err) != "password" {
		t.Fatalf("wrong password: %v", err)
	}
	if err := e.svc.Reauthenticate(ctx, m, owner, ownerPassword, ""); err != nil {
		t.Fatal(err)
	}
	owner, _ = e.svc.Authenticate(ctx, m, e.sessionToken(t, owner))
	if err := e.svc.ChangeEmail(ctx, m, owner, "new@example.org"); err != nil {
		t.Fatalf("after re-authentication: %v", err)
	}
}

func TestPasswordResetByEmail(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		owner := e.owner(t)
		if err := e.svc.Reauthenticate(ctx, m, owner, ownerPassword, ""); err != nil {
			t.Fatal(err)
		}
		owner, _ = e.svc.Authenticate(ctx, m, e.sessionToken(t, owner))
		if err := e.svc.UpdateSMTP(ctx, m, owner, service.SMTPSettings{Host: "127.0.0.1", Port: 2525, From: "lemedia@example.org", TLS: "none"}, "smtp-pass"); err != nil {
			t.Fatal(err)
		}
		e.svc.RequestReset(ctx, m, "nobody@example.org")
		e.svc.RequestReset(ctx, m, "OWNER@example.org")
		mail := e.waitMail(t, 1)[0]
		if !strings.HasPrefix(mail, "owner@example.org\n") || !strings.Contains(mail, "/reset?token=") {
			t.Fatalf("mail %q", mail)
		}
		token := mail[strings.Index(mail, "token=")+6:]
		token = token[:strings.IndexAny(token, "\n")]
		old := e.token(t, "owner", ownerPassword)
		e.clock.Add(14 * time.Minute)
		if err := e.svc.ResetPassword(ctx, m, token, "the new password"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.ResetPassword(ctx, m, token, "yet another password"); !errors.Is(err, service.ErrInvalidToken) {
			t.Fatalf("token used twice: %v", err)
		}
		if e.valid(old) {
			t.Fatal("a session survived the reset")
		}
		e.login(t, "owner", "the new password")
		// An expired token.
		e.svc.RequestReset(ctx, m, "owner@example.org")
		mail = e.waitMail(t, 2)[1]
		token = mail[strings.Index(mail, "token=")+6:]
		token = token[:strings.IndexAny(token, "\n")]
		e.clock.Add(16 * time.Minute)
		if err := e.svc.ResetPassword(ctx, m, token, "too late password"); !errors.Is(err, service.ErrInvalidToken) {
			t.Fatalf("expired token: %v", err)
		}
	})
}

func (e *env) waitMail(t *testing.T, n int) []string {
	t.Helper()
	for range 200 {
		e.mails.mu.Lock()
		got := append([]string(nil), e.mails.sent...)
		e.mails.mu.Unlock()
		if len(got) >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("fewer than %d mails", n)
	return nil
}
