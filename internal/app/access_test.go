package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

// concrete turns a route pattern into a request path, with ids that exist.
func concrete(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	path = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "1")
	return method, path
}

func TestEveryUnsafeRouteNeedsTheCSRFToken(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	fresh := s.NewBrowser(t)
	fresh.Get("/setup") // the pre-session cookie, without its form token
	if p := fresh.Post("/setup", url.Values{"username": {"x"}}); p.Status != http.StatusForbidden {
		t.Fatalf("setup without a token: %d", p.Status)
	}
	owner := setupOwner(t, s)
	tested := 0
	for _, r := range s.App.Pages.Routes() {
		method, path := concrete(r.Pattern)
		if method == http.MethodGet || r.Access.Setup { // setup is gone now; checked above
			continue
		}
		tested++
		t.Run(r.Pattern, func(t *testing.T) {
			if p := owner.Post(path, url.Values{}); p.Status != http.StatusForbidden {
				t.Errorf("no token: %d", p.Status)
			}
			if p := owner.Post(path, url.Values{"csrf_token": {"forged"}}); p.Status != http.StatusForbidden {
				t.Errorf("wrong token: %d", p.Status)
			}
			tok := apptest.CSRFToken(owner.Get("/profile/security").Body)
			owner.Header.Set("Sec-Fetch-Site", "cross-site")
			defer owner.Header.Del("Sec-Fetch-Site")
			if p := owner.Post(path, url.Values{"csrf_token": {tok}}); p.Status != http.StatusForbidden {
				t.Errorf("cross-site with a valid token: %d", p.Status)
			}
		})
	}
	if tested < 25 {
		t.Fatalf("only %d unsafe routes found", tested)
	}
}

func TestEveryPrivateRouteRefusesAnonymous(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	setupOwner(t, s)
	anon := s.NewBrowser(t)
	tok := apptest.CSRFToken(anon.Get("/login").Body) // a valid pre-session token: the refusal must come from access rules
	public := 0
	for _, r := range s.App.Pages.Routes() {
		if r.Access.Public {
			public++
			continue
		}
		method, path := concrete(r.Pattern)
		t.Run(r.Pattern, func(t *testing.T) {
			var p apptest.Page
			if method == http.MethodGet {
				p = anon.Get(path)
				if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login?next=") {
					t.Fatalf("anonymous GET: %d %s", p.Status, p.Location)
				}
				return
			}
			p = anon.Post(path, url.Values{"csrf_token": {tok}})
			if p.Status != http.StatusUnauthorized {
				t.Fatalf("anonymous %s: %d", method, p.Status)
			}
		})
	}
	// The public list is explicit and short.
	if public > 12 {
		t.Fatalf("%d public routes", public)
	}
}

func TestUsersCannotReachOthersOrAdminPages(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	tok := apptest.CSRFToken(owner.Get("/admin/users/new").Body)
	p := owner.Post("/admin/users/new", url.Values{"csrf_token": {tok}, "username": {"alice"}, "email": {"alice@example.org"},
		"password": {"alice's long password"}, "role": {"user"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create user: %d %s", p.Status, p.Body)
	}
	alice := s.NewBrowser(t)
	signIn(t, alice, "alice", "alice's long password")
	ownerSessions := regexp.MustCompile(`/profile/sessions/(\d+)/revoke`).FindAllStringSubmatch(owner.Get("/profile/security").Body, -1)
	_ = ownerSessions
	for _, path := range []string{"/admin/users", "/admin/users/1", "/admin/audit", "/admin/settings", "/admin/users/new"} {
		if p := alice.Get(path); p.Status != http.StatusNotFound {
			t.Errorf("alice GET %s: %d", path, p.Status)
		}
	}
	// Alice tries to end the owner's session by its id.
	ownerID := sessionIDOf(t, s, "owner")
	p = alice.Submit("/profile/security", "/profile/sessions/"+ownerID+"/revoke", nil)
	if p.Status != http.StatusNotFound {
		t.Fatalf("revoke another user's session: %d", p.Status)
	}
	if p := owner.Get("/profile/security"); p.Status != 200 {
		t.Fatalf("owner signed out by alice: %d", p.Status)
	}
}

// sessionIDOf returns the id of one session of a user.
func sessionIDOf(t *testing.T, s *apptest.Server, username string) string {
	t.Helper()
	var id string
	err := s.App.Store.DB.QueryRow(`SELECT CAST(s.id AS TEXT) FROM user_session s JOIN app_user u ON u.id = s.user_id
		WHERE u.username = $1 ORDER BY s.id LIMIT 1`, username).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
