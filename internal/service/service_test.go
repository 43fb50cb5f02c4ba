package service_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/audit"
	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/testenv"
)

// clock is an injected time that tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type env struct {
	tokens map[int64]string // session id to token, to read a session again
	svc    *service.Service
	st     *store.Store
	clock  *clock
	mails  *mailbox
}

type mailbox struct {
	mu   sync.Mutex
	sent []string
}

func (m *mailbox) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, to+"\n"+subject+"\n"+body)
	return nil
}

// engines runs fn on a fresh SQLite and a fresh PostgreSQL database.
func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			url := ""
			if pg {
				url = postgresURL(t)
			}
			fn(t, newEnv(t, url))
		})
	}
}

func newEnv(t *testing.T, url string) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	hasher, err := auth.NewHasher(auth.HasherConfig{Params: auth.MinParams, MaxConcurrent: 4, MaxWait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := secret.NewSealer(secret.New("test-services-key-0123456789abcdefghijkl"))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	mb := &mailbox{}
	svc := service.New(service.Options{Store: st, Hasher: hasher, Sealer: sealer, Now: c.Now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), SessionIdle: time.Hour, SessionMaxAge: 24 * time.Hour,
		ReauthWindow: 10 * time.Minute, SessionBinding: "off",
		Mail: func(service.SMTPSettings, string) service.Mailer { return mb }})
	return &env{svc: svc, st: st, clock: c, mails: mb, tokens: map[int64]string{}}
}

var m = service.Meta{IP: "192.0.2.10", RequestID: "test", UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0"}

const ownerPassword = "correct horse battery staple"

func (e *env) owner(t *testing.T) service.Principal {
	t.Helper()
	if _, err := e.svc.Setup(context.Background(), m, service.AccountInput{Username: "owner", Email: "owner@example.org", Password: ownerPassword}); err != nil {
		t.Fatal(err)
	}
	return e.login(t, "owner", ownerPassword)
}

func (e *env) login(t *testing.T, login, password string) service.Principal {
	t.Helper()
	res, err := e.svc.Login(context.Background(), m, login, password)
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	p, err := e.svc.Authenticate(context.Background(), m, res.Token)
	if err != nil {
		t.Fatalf("authenticate %s: %v", login, err)
	}
	e.tokens[p.Session.ID] = res.Token
	return p
}

// sessionToken is the token of a session made by login.
func (e *env) sessionToken(t *testing.T, p service.Principal) string {
	t.Helper()
	tok, ok := e.tokens[p.Session.ID]
	if !ok {
		t.Fatal("no token for that session")
	}
	return tok
}

func (e *env) token(t *testing.T, login, password string) string {
	t.Helper()
	res, err := e.svc.Login(context.Background(), m, login, password)
	if err != nil {
		t.Fatal(err)
	}
	return res.Token
}

func (e *env) valid(token string) bool {
	_, err := e.svc.Authenticate(context.Background(), m, token)
	return err == nil
}

func (e *env) user(t *testing.T, admin service.Principal, name string, perms domain.Permission) domain.User {
	t.Helper()
	u, err := e.svc.CreateUser(context.Background(), m, admin, service.AccountInput{Username: name, Email: name + "@example.org", Password: "password for " + name}, perms)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestConcurrentSetupMakesOneOwner(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.svc.Setup(context.Background(), m, service.AccountInput{
					Username: "owner" + string(rune('a'+i)), Email: "o" + string(rune('a'+i)) + "@example.org", Password: ownerPassword})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, service.ErrSetupDone):
				t.Errorf("unexpected error %v", err)
			}
		}
		page, _ := store.ListUsers(context.Background(), e.st.DB, "", 0, 10)
		if ok != 1 || page.Total != 1 || !page.Users[0].IsOwner {
			t.Fatalf("%d setups succeeded, %d users", ok, page.Total)
		}
		if need, _ := e.svc.SetupNeeded(context.Background()); need {
			t.Fatal("setup still needed")
		}
	})
}

func TestSetupValidation(t *testing.T) {
	e := newEnv(t, "")
	cases := []struct {
		in    service.AccountInput
		field string
	}{
		{service.AccountInput{Username: "x", Email: "a@example.org", Password: ownerPassword}, "username"},
		{service.AccountInput{Username: "bad name", Email: "a@example.org", Password: ownerPassword}, "username"},
		{service.AccountInput{Username: "good", Email: "not-an-email", Password: ownerPassword}, "email"},
		{service.AccountInput{Username: "good", Email: "a@example.org", Password: "short"}, "password"},
		{service.AccountInput{Username: "good", Email: "a@example.org", Password: "password1"}, "password"},
	}
	for _, c := range cases {
		_, err := e.svc.Setup(context.Background(), m, c.in)
		if fieldOf(err) != c.field {
			t.Errorf("%+v: %v, want a %s error", c.in, err, c.field)
		}
	}
	if need, _ := e.svc.SetupNeeded(context.Background()); !need {
		t.Fatal("a refused setup stored something")
	}
}

func TestLoginAndGenericFailures(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		e.owner(t)
		ctx := context.Background()
		for _, c := range [][2]string{{"owner", "wrong password!"}, {"nobody", ownerPassword}} {
			if _, err := e.svc.Login(ctx, m, c[0], c[1]); !errors.Is(err, service.ErrInvalidCredentials) {
				t.Errorf("%v: %v", c, err)
			}
		}
		if p := e.login(t, "OWNER@example.org", ownerPassword); p.User.Username != "owner" || p.Session.Stage != service.StageFull {
			t.Fatalf("login by email: %+v", p)
		}
		rows, _ := store.ListAudit(ctx, e.st.DB, store.AuditFilter{Action: "auth.login"})
		outcomes := map[string]int{}
		for _, r := range rows {
			outcomes[r.Outcome]++
		}
		if outcomes["failure"] != 2 || outcomes["success"] != 2 {
			t.Fatalf("audit outcomes %v", outcomes)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	e := newEnv(t, "")
	e.owner(t)
	tok := e.token(t, "owner", ownerPassword)
	e.clock.Add(59 * time.Minute)
	if !e.valid(tok) {
		t.Fatal("ended before the idle timeout")
	}
	e.clock.Add(59 * time.Minute) // active a minute before: still fine
	if !e.valid(tok) {
		t.Fatal("activity did not extend the session")
	}
	e.clock.Add(61 * time.Minute)
	if e.valid(tok) {
		t.Fatal("idle session still valid")
	}
	tok = e.token(t, "owner", ownerPassword)
	for range 26 { // busy for 23h50m: still within the absolute limit
		e.clock.Add(55 * time.Minute)
		if !e.valid(tok) {
			t.Fatal("an active session ended early")
		}
	}
	e.clock.Add(11 * time.Minute)
	if e.valid(tok) {
		t.Fatal("session outlived its absolute lifetime")
	}
}

func TestEveryRevocationTriggerEndsSessions(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		owner := e.owner(t)
		triggers := map[string]func(u domain.User) error{
			"permission change": func(u domain.User) error {
				return e.svc.SetPermissions(ctx, m, owner, u.ID, domain.RolePermissions[domain.RoleModerator])
			},
			"suspension":     func(u domain.User) error { return e.svc.Suspend(ctx, m, owner, u.ID) },
			"deletion":       func(u domain.User) error { return e.svc.DeleteUser(ctx, m, owner, u.ID) },
			"admin sign-out": func(u domain.User) error { return e.svc.EndUserSessions(ctx, m, owner, u.ID) },
			"MFA reset":      func(u domain.User) error { return e.svc.ResetUserMFA(ctx, m, owner, u.ID) },
			"password reset": func(u domain.User) error {
				link, err := e.svc.CreateResetLink(ctx, m, owner, u.ID)
				if err != nil {
					return err
				}
				return e.svc.ResetPassword(ctx, m, link[len("/reset?token="):], "a brand new password")
			},
			"password change": func(u domain.User) error {
				p := e.login(t, u.Username, "password for "+u.Username)
				_, err := e.svc.ChangePassword(ctx, m, p, "password for "+u.Username, "another new password")
				return err
			},
		}
		for name, trigger := range triggers {
			u := e.user(t, owner, "u"+itoa(len(name)), domain.RolePermissions[domain.RoleUser])
			tok := e.token(t, u.Username, "password for "+u.Username)
			if err := trigger(u); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if e.valid(tok) {
				t.Errorf("%s: the old session still works", name)
			}
			_ = store.DeleteUser(ctx, e.st.DB, u.ID)
		}
	})
}

func itoa(n int) string { return string(rune('a'+n%26)) + string(rune('a'+n/26)) }

func TestHousekeeping(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		owner := e.owner(t)
		stale := e.token(t, "owner", ownerPassword)
		e.clock.Add(30 * time.Minute)
		fresh := e.token(t, "owner", ownerPassword)
		if _, err := e.svc.CreateResetLink(ctx, m, owner, owner.User.ID); err == nil {
			t.Fatal("reset link for oneself")
		}
		e.clock.Add(31 * time.Minute) // the first two sessions are idle for over an hour now
		if _, err := e.svc.Housekeeping(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		e.st.DB.QueryRow(`SELECT COUNT(*) FROM user_session`).Scan(&n)
		if n != 1 || !e.valid(fresh) || e.valid(stale) {
			t.Fatalf("%d sessions left", n)
		}
		// Audit rows older than the retention go, and the chain still verifies.
		if err := e.svc.UpdateSettings(ctx, m, e.login(t, "owner", ownerPassword), service.SiteSettings{MFARequired: "none", AuditRetentionDays: 30}); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(31 * 24 * time.Hour)
		e.login(t, "owner", ownerPassword)
		if _, err := e.svc.Housekeeping(ctx); err != nil {
			t.Fatal(err)
		}
		rows, _ := store.ListAudit(ctx, e.st.DB, store.AuditFilter{})
		if len(rows) != 2 || rows[0].Action != "audit.prune" || rows[1].Action != "auth.login" {
			t.Fatalf("after pruning: %+v", rows)
		}
		if _, problem, err := audit.Verify(ctx, e.st.DB); problem != nil || err != nil {
			t.Fatalf("verify after pruning: %v %v", problem, err)
		}
	})
}

func TestSecurityNotices(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	u := e.user(t, owner, "nora", domain.RolePermissions[domain.RoleUser])
	p := e.login(t, "nora", "password for nora")
	other := m
	other.UserAgent, other.IP = "Mozilla/5.0 (Windows NT 10.0) Firefox/140.0", "198.51.100.20"
	if _, err := e.svc.Login(ctx, other, "nora", "password for nora"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Login(ctx, other, "nora", "password for nora"); err != nil { // the same device again: no second notice
		t.Fatal(err)
	}
	if err := e.svc.EndUserSessions(ctx, m, owner, u.ID); err != nil {
		t.Fatal(err)
	}
	p = e.login(t, "nora", "password for nora")
	if _, err := e.svc.ChangePassword(ctx, m, p, "password for nora", "nora's new password"); err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.Notices(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, n := range list {
		kinds = append(kinds, n.Kind)
	}
	want := []string{service.NoticePasswordChanged, service.NoticeSessionsEnded, service.NoticeNewDevice}
	if strings.Join(kinds, ",") != strings.Join(want, ",") || !strings.Contains(list[2].Detail, "Firefox from 198.51.100.20") {
		t.Fatalf("notices %v %+v", kinds, list)
	}
	if e.svc.UnreadNotices(ctx, p) != 0 {
		t.Fatal("reading did not mark them read")
	}
}

func TestSessionBinding(t *testing.T) {
	for _, mode := range []string{"off", "warn", "enforce"} {
		e := newEnv(t, "")
		e.svc.SessionBinding = mode
		e.owner(t)
		tok := e.token(t, "owner", ownerPassword)
		moved := m
		moved.IP = "203.0.113.9" // another network
		_, err := e.svc.Authenticate(context.Background(), moved, tok)
		if (err == nil) != (mode != "enforce") {
			t.Errorf("%s: moved session valid=%v", mode, err == nil)
		}
		sameNet := m
		sameNet.IP = "192.0.2.77" // same /24, same browser
		tok2 := e.token(t, "owner", ownerPassword)
		if _, err := e.svc.Authenticate(context.Background(), sameNet, tok2); err != nil {
			t.Errorf("%s: same network refused", mode)
		}
	}
}

func postgresURL(t *testing.T) string { return testenv.Postgres(t) }
