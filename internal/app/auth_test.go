package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/testenv"
)

const ownerPw = "correct horse battery staple"

// setupOwner completes setup and returns a signed-in browser for the owner.
func setupOwner(t *testing.T, s *apptest.Server) *apptest.Browser {
	t.Helper()
	b := s.NewBrowser(t)
	p := b.Submit("/setup", "/setup", url.Values{"username": {"owner"}, "email": {"owner@example.org"},
		"password": {ownerPw}, "password_confirm": {ownerPw}})
	if p.Status != http.StatusSeeOther || p.Location != "/login?setup=done" {
		t.Fatalf("setup: %d %s %s", p.Status, p.Location, p.Body)
	}
	signIn(t, b, "owner", ownerPw)
	return b
}

func signIn(t *testing.T, b *apptest.Browser, login, pw string) apptest.Page {
	t.Helper()
	p := b.Submit("/login", "/login", url.Values{"login": {login}, "password": {pw}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("login %s: %d %s", login, p.Status, p.Body)
	}
	return p
}

// bothEngines runs an HTTP scenario on SQLite and on PostgreSQL.
func bothEngines(t *testing.T, fn func(t *testing.T, o apptest.Options)) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) { fn(t, apptest.Options{Postgres: pg}) })
	}
}

func TestSetupFlow(t *testing.T) { bothEngines(t, setupFlow) }

func setupFlow(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	b := s.NewBrowser(t)
	for _, path := range []string{"/", "/login", "/admin/users"} {
		if p := b.Get(path); p.Status != http.StatusSeeOther || p.Location != "/setup" {
			t.Fatalf("%s before setup: %d %q", path, p.Status, p.Location)
		}
	}
	if p := b.Get("/api/v1/health"); p.Status != 200 {
		t.Fatalf("health before setup: %d", p.Status)
	}
	bad := b.Submit("/setup", "/setup", url.Values{"username": {"owner"}, "email": {"nope"}, "password": {"short"}, "password_confirm": {"short"}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Must be an email address") ||
		!strings.Contains(bad.Body, "at least 8 characters") || strings.Contains(bad.Body, `value="short"`) {
		t.Fatalf("invalid setup: %d %s", bad.Status, bad.Body)
	}
	// Two browsers submit at once: exactly one owner.
	var wg sync.WaitGroup
	results := make([]apptest.Page, 2)
	browsers := []*apptest.Browser{s.NewBrowser(t), s.NewBrowser(t)}
	forms := make([]url.Values, 2)
	for i, br := range browsers {
		tok := apptest.CSRFToken(br.Get("/setup").Body)
		forms[i] = url.Values{"csrf_token": {tok}, "username": {"owner" + strconv.Itoa(i)}, "email": {"o" + strconv.Itoa(i) + "@example.org"},
			"password": {ownerPw}, "password_confirm": {ownerPw}}
	}
	for i, br := range browsers {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = br.Post("/setup", forms[i]) }()
	}
	wg.Wait()
	codes := []int{results[0].Status, results[1].Status}
	if !(codes[0] == 303 && (codes[1] == 409 || codes[1] == 404)) && !(codes[1] == 303 && (codes[0] == 409 || codes[0] == 404)) {
		t.Fatalf("concurrent setup answered %v", codes)
	}
	if p := b.Get("/setup"); p.Status != http.StatusNotFound {
		t.Fatalf("/setup after setup: %d", p.Status)
	}
}

func TestLoginIssuesAFreshSession(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	setupOwner(t, s)
	b := s.NewBrowser(t)
	b.Get("/login")
	pre := b.Cookies["__Host-lemedia_pre"]
	b.Cookies["__Host-lemedia_session"] = "attacker-chosen-value"
	signIn(t, b, "owner", ownerPw)
	sess := b.Cookies["__Host-lemedia_session"]
	if sess == "" || sess == "attacker-chosen-value" || sess == pre {
		t.Fatalf("session after login: %q", sess)
	}
	// The pre-login cookie alone is not a session.
	anon := s.NewBrowser(t)
	anon.Cookies["__Host-lemedia_session"] = pre
	if p := anon.Get("/profile/security"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Fatalf("pre-login cookie used as a session: %d", p.Status)
	}
	if p := b.Get("/profile/security"); p.Status != 200 || !strings.Contains(p.Body, "this device") {
		t.Fatalf("signed-in page: %d", p.Status)
	}
	// Sign out is a POST with a token; afterwards the old cookie is dead.
	if p := b.Get("/logout"); p.Status != http.StatusMethodNotAllowed {
		t.Fatalf("GET /logout: %d", p.Status)
	}
	if p := b.Submit("/profile/security", "/logout", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", p.Status)
	}
	replay := s.NewBrowser(t)
	replay.Cookies["__Host-lemedia_session"] = sess
	if p := replay.Get("/profile/security"); p.Status != http.StatusSeeOther {
		t.Fatalf("session survived logout: %d", p.Status)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	setupOwner(t, s)
	b := s.NewBrowser(t)
	p := b.Submit("/login", "/login", url.Values{"login": {"owner"}, "password": {ownerPw}})
	var found bool
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "__Host-lemedia_session=") {
			found = true
			for _, attr := range []string{"Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
				if !strings.Contains(c, attr) {
					t.Errorf("session cookie lacks %s: %s", attr, c)
				}
			}
			if strings.Contains(c, "Domain=") {
				t.Errorf("__Host- cookie with a Domain: %s", c)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
}

func TestBruteForceGets429(t *testing.T) {
	backends := map[string]map[string]string{"memory": nil}
	t.Run("redis", func(t *testing.T) {
		bruteForce(t, map[string]string{"REDIS_URL": testenv.Redis(t)})
	})
	for name, env := range backends {
		t.Run(name, func(t *testing.T) { bruteForce(t, env) })
	}
}

func bruteForce(t *testing.T, env map[string]string) {
	s := apptest.Start(t, apptest.Options{Env: env})
	setupOwner(t, s)
	b := s.NewBrowser(t)
	var last apptest.Page
	for i := range 6 {
		b.Header.Set("X-Forwarded-For", "203.0.113."+strconv.Itoa(i)) // an untrusted peer rotating its claimed address
		last = b.Submit("/login", "/login", url.Values{"login": {"owner"}, "password": {"wrong password " + strconv.Itoa(i)}})
		if i < 5 && last.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, last.Status)
		}
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" || last.Header.Get("RateLimit-Limit") == "" {
		t.Fatalf("6th wrong password: %d %v", last.Status, last.Header)
	}
	// Even the right password waits now.
	if p := b.Submit("/login", "/login", url.Values{"login": {"owner"}, "password": {ownerPw}}); p.Status != http.StatusTooManyRequests {
		t.Fatalf("right password during lockout: %d", p.Status)
	}
}
