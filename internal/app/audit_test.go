package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/lemedia/lemedia/internal/apptest"
)

func auditCount(t *testing.T, s *apptest.Server) int {
	t.Helper()
	var n int
	if err := s.App.Store.DB.QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// createUser makes an account through the admin page and returns its id.
func createUser(t *testing.T, s *apptest.Server, admin *apptest.Browser, name string) string {
	t.Helper()
	p := admin.Submit("/admin/users/new", "/admin/users/new", url.Values{"username": {name}, "email": {name + "@example.org"},
		"password": {"password of " + name}, "role": {"user"}})
	m := regexp.MustCompile(`^/admin/users/(\d+)`).FindStringSubmatch(p.Location)
	if p.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("create %s: %d %s", name, p.Status, p.Location)
	}
	return m[1]
}

func TestEveryAdminRouteWritesAnAuditRow(t *testing.T) { bothEngines(t, adminRoutesAudited) }

func adminRoutesAudited(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	covered := map[string]bool{}
	for _, r := range s.App.Pages.Routes() {
		if strings.HasPrefix(r.Pattern, "POST /admin/") {
			covered[r.Pattern] = false
		}
	}
	act := func(pattern, path string, form url.Values, want int) {
		t.Helper()
		before := auditCount(t, s)
		p := owner.Submit("/admin/settings", path, form)
		if p.Status != want {
			t.Fatalf("%s: %d %s", path, p.Status, p.Body)
		}
		if auditCount(t, s) <= before {
			t.Errorf("%s wrote no audit row", pattern)
		}
		covered[pattern] = true
	}
	id := createUser(t, s, owner, "target")
	covered["POST /admin/users/new"] = true
	u := "/admin/users/" + id
	act("POST /admin/users/{id}/permissions", u+"/permissions", url.Values{"role": {"moderator"}}, 303)
	act("POST /admin/users/{id}/quota", u+"/quota", url.Values{"quota_movie_limit": {"5"}, "quota_movie_days": {"7"}}, 303)
	act("POST /admin/users/{id}/suspend", u+"/suspend", nil, 303)
	act("POST /admin/users/{id}/restore", u+"/restore", nil, 303)
	target := s.NewBrowser(t)
	signIn(t, target, "target", "password of target")
	act("POST /admin/users/{id}/sessions/{sid}/revoke", u+"/sessions/"+sessionIDOf(t, s, "target")+"/revoke", nil, 303)
	act("POST /admin/users/{id}/sessions/end", u+"/sessions/end", nil, 303)
	act("POST /admin/users/{id}/mfa/reset", u+"/mfa/reset", nil, 303)
	act("POST /admin/users/{id}/reset-link", u+"/reset-link", nil, 200)
	act("POST /admin/users/{id}/delete", u+"/delete", url.Values{"confirm": {"yes"}}, 303)
	act("POST /admin/settings/security", "/admin/settings/security", url.Values{"mfa_required": {"admins"}, "audit_retention_days": {"90"}}, 303)
	act("POST /admin/settings/smtp", "/admin/settings/smtp", url.Values{"smtp_host": {"127.0.0.1"}, "smtp_port": {"25"}, "smtp_tls": {"none"},
		"smtp_from": {"x@example.org"}}, 303)
	act("POST /admin/jobs/{kind}/run", "/admin/jobs/housekeeping/run", nil, 303)
	act("POST /admin/jobs/{kind}/schedule", "/admin/jobs/housekeeping/schedule", url.Values{"minutes": {"90"}}, 303)
	radarr := url.Values{"kind": {"radarr"}, "name": {"R"}, "base_url": {"http://169.254.169.254"}, "api_key": {"k"},
		"enabled": {"yes"}, "quality_profile": {"1"}, "root_folder": {"/movies"}}
	act("POST /admin/services/test", "/admin/services/test", radarr, 200) // refused by the outbound policy, audited
	act("POST /admin/services/new", "/admin/services/new", radarr, 303)
	act("POST /admin/services/{id}", "/admin/services/1", radarr, 303)
	act("POST /admin/services/{id}/default", "/admin/services/1/default", nil, 303)
	act("POST /admin/services/{id}/delete", "/admin/services/1/delete", url.Values{"confirm": {"yes"}}, 303)
	for pattern, done := range covered {
		if !done {
			t.Errorf("%s is not covered by this test", pattern)
		}
	}
	// Export is audited too.
	before := auditCount(t, s)
	if p := owner.Get("/admin/audit/export?format=csv"); p.Status != 200 || !strings.HasPrefix(p.Body, "id,time,") {
		t.Fatalf("export: %d", p.Status)
	}
	if auditCount(t, s) != before+1 {
		t.Error("export not audited")
	}
}

// A full account life with known secrets; none of them may reach the log.
func TestCanarySecretsStayOutOfTheLogs(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	clock := &now
	s := apptest.Start(t, apptest.Options{Now: func() time.Time { return *clock }})
	owner := setupOwner(t, s)
	createUser(t, s, owner, "canary")
	const pw = "password of canary" // createUser's password
	b := s.NewBrowser(t)
	signIn(t, b, "canary", pw)
	session := b.Cookies["__Host-lemedia_session"]
	setup := b.Get("/mfa/setup")
	seed := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindStringSubmatch(setup.Body)
	if seed == nil {
		t.Fatalf("no secret on the enrolment page: %s", setup.Body)
	}
	code, _ := totp.GenerateCode(seed[1], now)
	pending := regexp.MustCompile(`name="pending" value="([^"]+)"`).FindStringSubmatch(setup.Body)[1]
	p := b.Post("/mfa/setup", url.Values{"csrf_token": {apptest.CSRFToken(setup.Body)}, "pending": {pending}, "code": {code}})
	if p.Status != 200 || !strings.Contains(p.Body, "recovery codes") {
		t.Fatalf("enrol: %d", p.Status)
	}
	recovery := regexp.MustCompile(`<li><code>([a-z0-9-]+)</code></li>`).FindStringSubmatch(p.Body)[1]
	b.Submit("/profile/security", "/logout", nil)
	signIn(t, b, "canary", pw)
	*clock = now.Add(time.Minute)
	code2, _ := totp.GenerateCode(seed[1], *clock)
	if p := b.Submit("/login/mfa", "/login/mfa", url.Values{"code": {code2}}); p.Status != http.StatusSeeOther {
		t.Fatalf("mfa: %d", p.Status)
	}
	b.Submit("/profile/security", "/logout", nil)
	signIn(t, b, "canary", pw)
	b.Submit("/login/mfa", "/login/mfa", url.Values{"code": {recovery}})
	link := owner.Submit("/admin/users", "/admin/users/"+userID(t, s, "canary")+"/reset-link", nil)
	token := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(link.Body)
	if token == nil {
		t.Fatalf("no reset link: %d", link.Status)
	}
	logs := s.Logs.String()
	for name, canary := range map[string]string{"password": pw, "owner password": ownerPw, "TOTP seed": seed[1], "session cookie": session,
		"recovery code": recovery, "reset token": token[1], "enrolment blob": pending, "totp code": code2} {
		if strings.Contains(logs, canary) {
			t.Errorf("the %s reached the log", name)
		}
	}
	var rows string
	if err := s.App.Store.DB.QueryRow(`SELECT COALESCE(STRING_AGG(metadata, ''), '') FROM audit_log`).Scan(&rows); err != nil || rows == "" {
		t.Fatalf("audit metadata: %v", err)
	}
	if strings.Contains(rows, pw) || strings.Contains(rows, seed[1]) {
		t.Error("a secret reached the audit log")
	}
}

func userID(t *testing.T, s *apptest.Server, username string) string {
	t.Helper()
	var id int64
	if err := s.App.Store.DB.QueryRow(`SELECT id FROM app_user WHERE username = $1`, username).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}
