package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

// checkPage fails when a page lacks one of want or has one of unwanted.
func checkPage(t *testing.T, what string, p apptest.Page, status int, want, unwanted []string) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, p.Status, status, p.Body)
	}
	for _, s := range want {
		if !strings.Contains(p.Body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
	for _, s := range unwanted {
		if strings.Contains(p.Body, s) {
			t.Errorf("%s has %q", what, s)
		}
	}
}

var inlineStyle = regexp.MustCompile(`(?i)\sstyle=|<style|\son[a-z]+=`)

func TestBrowseDiscoverAndSearch(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	const note = "Built-in catalogue — fictional titles for trying LeMedia offline"

	home := owner.Get("/")
	checkPage(t, "discover", home, 200, []string{"<h1>Discover</h1>", "Trending", "Popular films", "Upcoming films", "Popular series",
		"Recently requested", "Recently available", `class="poster-card" href="/movie/`, `href="/tv/`, note, `src="/img/`},
		[]string{"Films and series, on request."})
	if n := strings.Count(home.Body, `class="poster-card"`); n < 8 {
		t.Errorf("discover shows only %d cards", n)
	}
	if inlineStyle.MatchString(home.Body) {
		t.Error("discover has an inline style or handler")
	}
	// Signed out: the landing page, unchanged.
	anon := s.NewBrowser(t)
	checkPage(t, "landing", anon.Get("/"), 200, []string{"Films and series, on request."}, []string{"poster-card"})

	// Search by one word of a title; the fragment is just the results.
	found := owner.Get("/search?q=clockmaker")
	checkPage(t, "search", found, 200, []string{"The Clockmaker&#39;s Garden", `href="/movie/9000001"`, note, `id="search-results"`,
		`value="clockmaker"`, "search.", `nonce="`}, nil)
	part := owner.Get("/search?q=clockmaker&partial=1")
	checkPage(t, "search fragment", part, 200, []string{`href="/movie/9000001"`}, []string{"<html", "<head", "<header", `id="search-results"`})
	if ct := part.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("fragment content type %q", ct)
	}
	checkPage(t, "no results", owner.Get("/search?q=zzqxv+nothing"), 200, []string{"Nothing found for “zzqxv nothing”"}, []string{"poster-card"})
	hostile := `<script>alert(1)</script>"`
	checkPage(t, "hostile query", owner.Get("/search?q="+url.QueryEscape(hostile)), 200, []string{"&lt;script&gt;alert(1)&lt;/script&gt;"},
		[]string{"<script>alert(1)"})
	checkPage(t, "empty search", owner.Get("/search"), 200, []string{"Type the name of a film or series."}, nil)

	// Signed out, the catalogue pages send you to sign in.
	for _, path := range []string{"/movie/1", "/tv/9100001", "/search?q=x"} {
		if p := anon.Get(path); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login?next=") {
			t.Errorf("anonymous %s: %d %s", path, p.Status, p.Location)
		}
	}
}

func TestBrowseTitlePages(t *testing.T) { bothEngines(t, browseTitlePages) }

func browseTitlePages(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	createUser(t, s, owner, "rita")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")

	// A film: the request form, then after requesting, its status instead.
	film := rita.Get("/movie/9000001")
	checkPage(t, "film", film, 200, []string{"<h1>The Clockmaker&#39;s Garden</h1>", "1991", "104 min", `action="/requests"`,
		`name="type" value="movie"`, `name="tmdb_id" value="9000001"`, `name="csrf_token"`, "Built-in catalogue"}, []string{"Status:"})
	if inlineStyle.MatchString(film.Body) {
		t.Error("the film page has an inline style or handler")
	}
	if p := rita.Submit("/movie/9000001", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("request film: %d %s", p.Status, p.Body)
	}
	checkPage(t, "requested film", rita.Get("/movie/9000001"), 200, []string{`Status: <span class="status status-pending">Pending</span>`},
		[]string{`name="tmdb_id"`})
	// Its card on discover carries the badge; Rita sees her own requests.
	checkPage(t, "discover after request", rita.Get("/"), 200, []string{"Your recent requests", `status-pending poster-badge">Pending`}, nil)

	// A series: seasons and episodes with checkboxes.
	series := rita.Get("/tv/9100001")
	checkPage(t, "series", series, 200, []string{"<h1>The Lantern Street Irregulars</h1>", `<details class="season"`,
		`name="season" value="1">`, `name="season" value="2">`, `name="episode" value="1:1">`, `name="episode" value="1:2">`,
		"The Case of the Borrowed Moon", "Request selected", "Request all seasons", `form="request-all"`}, []string{"disabled"})
	if inlineStyle.MatchString(series.Body) {
		t.Error("the series page has an inline style or handler")
	}
	if p := rita.Submit("/tv/9100001", "/requests", url.Values{"type": {"tv"}, "tmdb_id": {"9100001"}, "episode": {"1:1", "1:2"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("request episodes: %d %s", p.Status, p.Body)
	}
	after := rita.Get("/tv/9100001")
	checkPage(t, "series after request", after, 200, []string{`name="episode" value="1:1" disabled>`, `name="episode" value="1:2" disabled>`,
		`name="episode" value="1:3">`, `name="season" value="1" disabled>`, `name="season" value="2">`,
		`status-partially_requested">Partially requested`, `class="status status-pending">Pending`,
		`id="request-all"`, `type="hidden" name="season" value="2"`, `type="hidden" name="episode" value="1:3"`}, nil)
	// "Request all seasons" asks for the rest, which then leaves nothing to request.
	p := rita.Submit("/tv/9100001", "/requests", formValues(after.Body, "request-all"))
	if p.Status != http.StatusSeeOther {
		t.Fatalf("request the rest: %d %s", p.Status, p.Body)
	}
	checkPage(t, "series fully requested", rita.Get("/tv/9100001"), 200, []string{"Every episode is already requested or in the library.",
		`name="episode" value="1:3" disabled>`}, []string{"Request selected", `id="request-all"`})

	// Unknown ids are 404s.
	for _, path := range []string{"/movie/1", "/tv/1", "/movie/abc", "/tv/-3", "/movie/9100001"} {
		if p := rita.Get(path); p.Status != http.StatusNotFound {
			t.Errorf("%s: %d", path, p.Status)
		}
	}
}

// formValues collects the hidden inputs of the form with the given id,
// without its csrf_token (Submit adds a fresh one).
func formValues(body, id string) url.Values {
	start := strings.Index(body, `id="`+id+`"`)
	end := start + strings.Index(body[start:], "</form>")
	v := url.Values{}
	for _, m := range regexp.MustCompile(`type="hidden" name="([a-z_]+)" value="([^"]*)"`).FindAllStringSubmatch(body[start:end], -1) {
		if m[1] != "csrf_token" {
			v.Add(m[1], m[2])
		}
	}
	return v
}
