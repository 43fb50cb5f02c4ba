package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestSeasonPages(t *testing.T) { bothEngines(t, seasonPages) }

// seasonPages: a season's page lists its episodes with stills and
// statuses and requests some of them; unknown seasons are 404s and
// specials cannot be requested.
func seasonPages(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	createUser(t, s, owner, "rita")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")
	const series, season2 = "/tv/9100001", "/tv/9100001/season/2"

	if p := s.NewBrowser(t).Get(season2); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login?next=") {
		t.Errorf("anonymous season page: %d %s", p.Status, p.Location)
	}
	checkPage(t, "series", rita.Get(series), 200, []string{`href="/tv/9100001/season/1"`, `href="/tv/9100001/season/2"`}, nil)

	page := rita.Get(season2)
	checkPage(t, "season 2", page, 200, []string{"<h1>Season 2</h1>", `<a href="/tv/9100001">The Lantern Street Irregulars</a>`,
		`class="episode-card"`, `src="/img/`, `width="300" height="169"`, `name="episode" value="2:1"`, `name="episode" value="2:2"`,
		`name="season" value="2"`, "Request the whole season", "Not requested", `href="/tv/9100001/season/1" rel="prev"`,
		`action="/requests"`, `name="tmdb_id" value="9100001"`}, []string{"disabled", "data-user-picker", `name="episode" value="1:`})
	if inlineStyle.MatchString(page.Body) {
		t.Error("the season page has an inline style or handler")
	}

	// Two episodes from the season page; the page then shows their status.
	if p := rita.Submit(season2, "/requests", url.Values{"type": {"tv"}, "tmdb_id": {"9100001"}, "episode": {"2:1", "2:3"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("request two episodes: %d %s", p.Status, p.Body)
	}
	after := rita.Get(season2)
	checkPage(t, "season 2 after", after, 200, []string{`name="episode" value="2:1" aria-describedby="episode-1-title" disabled>`,
		`name="episode" value="2:2" aria-describedby="episode-2-title">`, `status-pending">Pending`,
		`Status: <span class="status status-partially_requested">Partially requested`}, []string{"Request the whole season"})
	// The series page shows the same statuses.
	checkPage(t, "series after", rita.Get(series), 200, []string{`name="episode" value="2:1" disabled>`, `name="episode" value="2:3" disabled>`}, nil)

	// Unknown seasons and series are 404s, with the styled page.
	for _, path := range []string{"/tv/9100001/season/99", "/tv/9100001/season/0", "/tv/9100001/season/-1", "/tv/9100001/season/x",
		"/tv/1/season/1", "/tv/9000001/season/1"} {
		if p := rita.Get(path); p.Status != http.StatusNotFound || !strings.Contains(p.Body, "Nothing here") {
			t.Errorf("%s: %d", path, p.Status)
		}
	}
	// Specials (season 0) are never requestable, by season or by episode.
	for _, v := range []url.Values{{"season": {"0"}}, {"episode": {"0:1"}}} {
		v.Set("type", "tv")
		v.Set("tmdb_id", "9100001")
		if p := rita.Submit(season2, "/requests", v); p.Status != http.StatusUnprocessableEntity {
			t.Errorf("request specials %v: %d", v, p.Status)
		}
	}
}
