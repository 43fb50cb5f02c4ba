package app_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestAvailabilityOnTitlePages(t *testing.T) { bothEngines(t, availabilityOnTitlePages) }

func availabilityOnTitlePages(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	createUser(t, s, owner, "rita")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")
	db := s.App.Store.DB
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	n := 0
	library := func(typ string, tmdbID int64, season, episode int) {
		t.Helper()
		n++
		exec(`INSERT INTO library_item (service_id, item_id, media_type, tmdb_id, tvdb_id, season, episode, added_at, seen_at)
			VALUES (1, $1, $2, $3, 0, $4, $5, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, "item-"+string(rune('a'+n)), typ, tmdbID, season, episode)
	}
	request := func(from string, v url.Values) {
		t.Helper()
		if p := rita.Submit(from, "/requests", v); p.Status != http.StatusSeeOther {
			t.Fatalf("request %v: %d %s", v, p.Status, p.Body)
		}
	}

	// A film in the library that nobody requested is available, and no
	// longer offered for request; its card says so too.
	library("movie", 9000001, 0, 0)
	checkPage(t, "film in library", rita.Get("/movie/9000001"), 200,
		[]string{`Status: <span class="status status-available">Available</span>`}, []string{`action="/requests"`, "<progress"})
	checkPage(t, "search film in library", rita.Get("/search?q=clockmaker"), 200, []string{`status-available poster-badge">Available`}, nil)

	// A processing film shows its download progress, on its page and card.
	request("/movie/9000002", url.Values{"type": {"movie"}, "tmdb_id": {"9000002"}})
	exec(`UPDATE media_request SET status = 'processing', progress = 45 WHERE tmdb_id = 9000002`)
	film := rita.Get("/movie/9000002")
	checkPage(t, "downloading film", film, 200, []string{`status-processing">Downloading 45%</span>`,
		`<progress class="download-progress" max="100" value="45"`}, nil)
	if inlineStyle.MatchString(film.Body) {
		t.Error("the film page has an inline style or handler")
	}
	title := html.UnescapeString(regexp.MustCompile(`<h1>([^<]+)</h1>`).FindStringSubmatch(film.Body)[1])
	checkPage(t, "search downloading film", rita.Get("/search?q="+url.QueryEscape(title)), 200,
		[]string{`status-processing poster-badge">Downloading 45%`}, nil)

	// A series: two episodes in the library, a third downloading.
	library("tv", 9100001, 1, 1)
	library("tv", 9100001, 1, 2)
	request("/tv/9100001", url.Values{"type": {"tv"}, "tmdb_id": {"9100001"}, "episode": {"1:3"}})
	exec(`UPDATE media_request SET status = 'processing' WHERE tmdb_id = 9100001`)
	exec(`UPDATE request_item SET status = 'processing', progress = 30 WHERE season = 1 AND episode = 3`)
	series := rita.Get("/tv/9100001")
	checkPage(t, "series partly in library", series, 200, []string{
		`Status: <span class="status status-partially_available">Partially available</span>`,
		`name="episode" value="1:1" disabled>`, `name="episode" value="1:2" disabled>`, `name="episode" value="1:3" disabled>`,
		`name="episode" value="1:4">`, `class="status status-available">Available`, `status-processing">Downloading 30%`,
		`<progress class="download-progress" max="100" value="30"`}, nil)
	if inlineStyle.MatchString(series.Body) {
		t.Error("the series page has an inline style or handler")
	}
	season := rita.Get("/tv/9100001/season/1")
	checkPage(t, "season partly in library", season, 200, []string{`status-partially_available">Partially available`,
		`class="status status-available">Available`, `status-processing">Downloading 30%`, `value="30"`}, nil)
	checkPage(t, "search series", rita.Get("/search?q=lantern"), 200, []string{`status-partially_available poster-badge">Partly available`}, nil)

	// Every episode of season 2 in the library: that season is available.
	for _, m := range regexp.MustCompile(`name="episode" value="2:(\d+)"`).FindAllStringSubmatch(series.Body, -1) {
		var e int
		for _, c := range m[1] {
			e = e*10 + int(c-'0')
		}
		library("tv", 9100001, 2, e)
	}
	s2 := rita.Get("/tv/9100001/season/2")
	checkPage(t, "season in library", s2, 200, []string{`Status: <span class="status status-available">Available</span>`},
		[]string{"Not requested", `status-partially`})
	if strings.Contains(s2.Body, `name="episode" value="2:1">`) {
		t.Error("season 2 still offers an episode held in the library")
	}

	// Discover: the film cards in the library carry the badge, from one query.
	home := rita.Get("/")
	checkPage(t, "discover", home, 200, nil, nil)
	if strings.Contains(home.Body, `href="/movie/9000001"`) && !regexp.MustCompile(`href="/movie/9000001">(?s:.)*?status-available poster-badge">Available`).MatchString(home.Body) {
		t.Error("the discover card of the film in the library is not available")
	}
	if !strings.Contains(home.Body, `poster-badge">Downloading 45%`) && strings.Contains(home.Body, `href="/movie/9000002"`) {
		t.Error("the discover card of the downloading film lacks its progress")
	}
}
