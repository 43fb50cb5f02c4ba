package browsertest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/browsertest"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/sim/library"
)

const (
	simRadarrKey = "sim-radarr-key-0f1e2d3c4b5a"
	simSonarrKey = "sim-sonarr-key-a5b4c3d2e1f0"
)

// simArr starts a fake Radarr or Sonarr on loopback with one tag.
func simArr(t *testing.T, h http.Handler, key string) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v3/tag", strings.NewReader(`{"label":"lemedia"}`))
	req.Header.Set("X-Api-Key", key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("tag: %v %v", resp, err)
	}
	resp.Body.Close()
	return srv.URL
}

// noSideScroll fails the test when the page scrolls sideways.
func noSideScroll(t *testing.T, b *browsertest.Browser, what string) {
	t.Helper()
	if w := browsertest.Eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("%s: the page is %dpx wide in a %dpx viewport", what, w[0], w[1])
	}
}

// addArr fills the service form of kind through "Test connection" and the
// dropdowns it fills, then saves.
func addArr(t *testing.T, b *browsertest.Browser, kind, label, name, base, key string) {
	t.Helper()
	b.Navigate("/admin/services")
	b.ClickNavigate(`a[href="/admin/services/new?kind=` + kind + `"]`)
	wantPath(t, b, "/admin/services/new")
	if got := b.Text("#test-result"); !strings.Contains(got, "Test the connection") {
		t.Errorf("before a test: %q", got)
	}
	b.SetValue("#name", name)
	b.SetValue("#base_url", base)
	b.SetValue("#api_key", key)
	b.ClickNavigate("#test-button")
	wantPath(t, b, "/admin/services/test")
	if got := b.Text("#test-result"); !strings.HasPrefix(got, "Connected to "+label) {
		t.Fatalf("test: %q", got)
	}
	if id := browsertest.Eval[string](b, `document.activeElement.id`); id != "test-result" {
		t.Errorf("focus after the test is on %q, not the outcome", id)
	}
	if browsertest.Eval[bool](b, `document.documentElement.outerHTML.includes(`+"`"+key+"`"+`)`) {
		t.Fatal("the key is in the page")
	}
	if v := browsertest.Eval[string](b, `document.querySelector("#api_key").value`); v != "" {
		t.Fatalf("the key field holds %q", v)
	}
	if got := browsertest.Eval[[]string](b, `[...document.querySelectorAll("#quality_profile option")].map(o => o.textContent)`); len(got) < 6 ||
		!strings.Contains(strings.Join(got, ","), "HD-1080p") {
		t.Fatalf("quality profiles: %v", got)
	}
	if v := browsertest.Eval[string](b, `document.querySelector("#root_folder").value`); !strings.HasPrefix(v, "/") {
		t.Errorf("the only root folder is not chosen: %q", v)
	}
	shot(t, b, "lemedia-service-test-"+kind+".png")
	b.SetValue("#quality_profile", "4")
	b.Click(`input[name="tags"][value="1"]`)
	b.ClickNavigate(".form-actions .button")
	if u := wantPath(t, b, "/admin/services"); u.Query().Get("done") != "created" {
		t.Fatalf("after saving: %s: %q", u, b.Text("main"))
	}
}

// TestAdminAddsRadarrAndSonarr: the owner adds both from the simulated
// services with test connection and the dropdowns it fills, sees them
// listed, and the pages fit a phone.
func TestAdminAddsRadarrAndSonarr(t *testing.T) {
	lib := library.New()
	radarr, err := arr.NewRadarr(arr.Options{APIKey: simRadarrKey, Library: lib})
	if err != nil {
		t.Fatal(err)
	}
	sonarr, err := arr.NewSonarr(arr.Options{APIKey: simSonarrKey, Library: lib})
	if err != nil {
		t.Fatal(err)
	}
	radarrURL, sonarrURL := simArr(t, radarr, simRadarrKey), simArr(t, sonarr, simSonarrKey)

	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL, browsertest.Timeout(3*time.Minute))
	b.SetViewport(1280, 900)
	ensureSetUp(t, b)
	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/")

	addArr(t, b, "radarr", "Radarr", "Films", radarrURL, simRadarrKey)
	addArr(t, b, "sonarr", "Sonarr", "Series", sonarrURL, simSonarrKey)
	shot(t, b, "lemedia-services.png")

	rows := browsertest.Eval[[]string](b, `[...document.querySelectorAll(".service-row")].map(r => r.innerText)`)
	if len(rows) != 2 || !strings.Contains(rows[0], "Films") || !strings.Contains(rows[1], "Series") {
		t.Fatalf("listed: %q", rows)
	}
	for _, r := range rows {
		if !strings.Contains(r, "default") {
			t.Errorf("the first of its kind is not the default: %q", r)
		}
	}
	stored, ok, err := srv.App.Service.DefaultMediaService(t.Context(), "sonarr", false)
	if err != nil || !ok || stored.APIKey.Reveal() != simSonarrKey || stored.Arr.QualityProfileID != 4 || len(stored.Arr.Tags) != 1 ||
		stored.Arr.RootFolder != "/tv" || stored.Arr.LanguageProfileID != 1 {
		t.Fatalf("stored Sonarr: %+v %v", stored, err)
	}
	for name, v := range map[string]int{"Radarr": len(radarr.Violations()), "Sonarr": len(sonarr.Violations())} {
		if v > 0 {
			t.Errorf("%d requests to %s broke its spec", v, name)
		}
	}

	b.SetViewport(390, 844, chromedp.EmulateMobile)
	b.Navigate("/admin/services")
	noSideScroll(t, b, "services list on a phone")
	b.ClickNavigate(`.service-row a.service-name`)
	noSideScroll(t, b, "service form on a phone")
	if !b.Visible("#test-button") || !b.Visible(".form-actions .button") {
		t.Error("the form's buttons are not visible on a phone")
	}
	shot(t, b, "lemedia-service-form-phone.png")
}
