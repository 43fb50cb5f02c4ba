package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
)

const (
	radarrKey = "radarr0key0canary0aaaabbbbccccdddd"
	sonarrKey = "sonarr0key0canary0eeeeffff00001111"
	jfKey     = "jellyfin0key0canary0222233334444"
)

// testClock is a time the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeRadarr serves a stateful Radarr that checks requests against its spec.
func fakeRadarr(t *testing.T) (*arr.Radarr, string) {
	t.Helper()
	r, err := arr.NewRadarr(arr.Options{APIKey: radarrKey, Library: library.New()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv.URL
}

var keyTokenRe = regexp.MustCompile(`name="key_token" value="([^"]+)"`)

func keyTokenOf(t *testing.T, body string) string {
	t.Helper()
	m := keyTokenRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no key_token in the page")
	}
	return m[1]
}

// radarrForm is the service form as a browser sends it.
func radarrForm(base, key string) url.Values {
	return url.Values{"kind": {"radarr"}, "id": {"0"}, "name": {"Main Radarr"}, "base_url": {base}, "api_key": {key},
		"enabled": {"yes"}, "quality_profile": {"4"}, "root_folder": {"/movies"}, "minimum_availability": {"released"}}
}

func TestServicePages(t *testing.T) { bothEngines(t, servicePages) }

func servicePages(t *testing.T, o apptest.Options) {
	clock := &testClock{t: time.Now().UTC()}
	o.Now = clock.Now
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	radarr, radarrURL := fakeRadarr(t)

	if p := owner.Get("/admin/services"); p.Status != 200 || !strings.Contains(p.Body, "Add Radarr") || !strings.Contains(p.Body, `href="/admin/services"`) {
		t.Fatalf("services page: %d", p.Status)
	}
	if p := owner.Get("/admin/services/new?kind=radarr"); p.Status != 200 || !strings.Contains(p.Body, "Test connection") {
		t.Fatalf("new form: %d", p.Status)
	}
	if p := owner.Get("/admin/services/new?kind=lidarr"); p.Status != 404 {
		t.Fatalf("unknown kind: %d", p.Status)
	}

	// Test connection: wrong key, then the right one, which fills the choices.
	p := owner.Submit("/profile/security", "/admin/services/test", radarrForm(radarrURL, "not-the-key"))
	checkPage(t, "wrong key", p, 200, []string{"The service refused the API key."}, []string{"not-the-key"})
	p = owner.Submit("/profile/security", "/admin/services/test", radarrForm(radarrURL, radarrKey))
	checkPage(t, "test", p, 200, []string{"Connected to Radarr 5.26.2", `<option value="4" selected>HD-1080p</option>`,
		`<option value="/movies" selected>/movies`, `name="choices"`}, []string{radarrKey})
	token := keyTokenOf(t, p.Body)

	// Save without typing the key again: the sealed token carries it.
	form := radarrForm(radarrURL, "")
	form.Set("key_token", token)
	if p := owner.Submit("/profile/security", "/admin/services/new", form); p.Status != http.StatusSeeOther || p.Location != "/admin/services?done=created" {
		t.Fatalf("create: %d %s %s", p.Status, p.Location, p.Body)
	}
	list := owner.Get("/admin/services")
	checkPage(t, "list", list, 200, []string{"Main Radarr", `<span class="badge">default</span>`, radarrURL}, []string{radarrKey})
	edit := owner.Get("/admin/services/1")
	checkPage(t, "edit", edit, 200, []string{"A key is stored and never shown", `value="Main Radarr"`}, []string{radarrKey})

	// The stored key tests the stored address; a bad form comes back with errors.
	stored := radarrForm(radarrURL, "")
	stored.Set("id", "1")
	checkPage(t, "stored key", owner.Submit("/profile/security", "/admin/services/test", stored), 200, []string{"Connected to Radarr"}, nil)
	bad := radarrForm("ftp://radarr", radarrKey)
	bad.Set("name", "")
	p = owner.Submit("/profile/security", "/admin/services/1", bad)
	checkPage(t, "invalid", p, 422, []string{`id="name-error"`, `id="base_url-error"`, "kept, sealed"}, []string{radarrKey})
	renamed := radarrForm(radarrURL, "")
	renamed.Set("name", "Films")
	if p := owner.Submit("/profile/security", "/admin/services/1", renamed); p.Status != http.StatusSeeOther {
		t.Fatalf("update: %d %s", p.Status, p.Body)
	}

	// Others never see the pages; CSRF is required.
	createUser(t, s, owner, "mod")
	mod := s.NewBrowser(t)
	signIn(t, mod, "mod", "password of mod")
	for _, path := range []string{"/admin/services", "/admin/services/new?kind=radarr", "/admin/services/1"} {
		if p := mod.Get(path); p.Status != http.StatusNotFound {
			t.Errorf("non-admin GET %s: %d", path, p.Status)
		}
	}
	if p := mod.Submit("/profile/security", "/admin/services/test", radarrForm(radarrURL, radarrKey)); p.Status != http.StatusNotFound {
		t.Errorf("non-admin test: %d", p.Status)
	}
	if p := owner.Post("/admin/services/1/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusForbidden {
		t.Errorf("delete without a CSRF token: %d", p.Status)
	}

	// Eleven minutes on, changing keys needs the password again.
	clock.Add(11 * time.Minute)
	if p := owner.Get("/admin/services/1"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/reauth?next=") {
		t.Fatalf("edit form without re-authentication: %d %s", p.Status, p.Location)
	}
	if p := owner.Submit("/profile/security", "/admin/services/1/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusSeeOther ||
		!strings.HasPrefix(p.Location, "/reauth") {
		t.Fatalf("delete without re-authentication: %d %s", p.Status, p.Location)
	}
	if p := owner.Submit("/reauth", "/reauth", url.Values{"password": {ownerPw}, "next": {"/admin/services"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reauth: %d", p.Status)
	}
	if p := owner.Submit("/profile/security", "/admin/services/1/delete", url.Values{"confirm": {"yes"}}); p.Location != "/admin/services?done=deleted" {
		t.Fatalf("delete: %d %s", p.Status, p.Location)
	}

	if v := radarr.Violations(); len(v) > 0 {
		t.Errorf("requests against the Radarr spec: %v", v)
	}
	var audit string
	rows, _ := s.App.Store.DB.Query(`SELECT action || ' ' || metadata FROM audit_log WHERE action LIKE 'service.%' ORDER BY id`)
	for rows.Next() {
		var line string
		_ = rows.Scan(&line)
		audit += line + "\n"
	}
	rows.Close()
	for _, want := range []string{"service.test", `"result":"unauthorized"`, "service.create", "service.update", "service.delete"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit lacks %q:\n%s", want, audit)
		}
	}
	if strings.Contains(audit, radarrKey) || strings.Contains(s.Logs.String(), radarrKey) {
		t.Error("the key reached the audit log or the logs")
	}
}

// Jellyfin: the libraries come from the test and one must be chosen.
func TestJellyfinServiceForm(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	jf, err := mediaserver.NewJellyfin(library.New(), mediaserver.JellyfinOptions{Token: jfKey})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(jf)
	defer srv.Close()
	form := url.Values{"kind": {"jellyfin"}, "id": {"0"}, "name": {"Home"}, "base_url": {srv.URL}, "api_key": {jfKey}, "enabled": {"yes"}}
	p := owner.Submit("/profile/security", "/admin/services/test", form)
	checkPage(t, "jellyfin test", p, 200, []string{"Connected to Jellyfin 10.11.0", "Movies (movies)", "Shows (tvshows)"}, []string{jfKey})
	lib := regexp.MustCompile(`name="libraries" value="([^"]+)"`).FindStringSubmatch(p.Body)
	form.Del("api_key")
	form.Set("key_token", keyTokenOf(t, p.Body))
	p = owner.Submit("/profile/security", "/admin/services/new", form)
	checkPage(t, "without a library", p, 422, []string{"Choose at least one library"}, []string{jfKey})
	form.Set("libraries", lib[1])
	if p := owner.Submit("/profile/security", "/admin/services/new", form); p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Status, p.Body)
	}
	ms, err := s.App.Service.MediaServices(t.Context(), "jellyfin")
	if err != nil || len(ms) != 1 || ms[0].APIKey.Reveal() != jfKey || len(ms[0].Library.Libraries) != 1 {
		t.Fatalf("stored: %+v %v", ms, err)
	}
	if v := jf.Violations(); len(v) > 0 {
		t.Errorf("requests against the Jellyfin spec: %v", v)
	}
}
