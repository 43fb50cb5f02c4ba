package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestRequestPages(t *testing.T) { bothEngines(t, requestPages) }

func requestPages(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	createUser(t, s, owner, "rita")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")

	// A film and two seasons of a series from the built-in catalogue.
	film := rita.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}})
	if film.Status != http.StatusSeeOther || !strings.HasPrefix(film.Location, "/requests/") {
		t.Fatalf("film request: %d %s", film.Status, film.Body)
	}
	series := rita.Submit("/requests", "/requests", url.Values{"type": {"tv"}, "tmdb_id": {"9100001"}, "season": {"1", "2"}})
	if series.Status != http.StatusSeeOther {
		t.Fatalf("series request: %d %s", series.Status, series.Body)
	}
	if p := rita.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}}); p.Status != http.StatusConflict {
		t.Fatalf("duplicate: %d", p.Status)
	}
	if p := rita.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"12"}}); p.Status != http.StatusNotFound {
		t.Fatalf("unknown title: %d", p.Status)
	}
	if p := rita.Submit("/requests", "/requests", url.Values{"type": {"tv"}, "tmdb_id": {"9100001"}, "episode": {"x:y"}}); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad episode: %d", p.Status)
	}
	list := rita.Get("/requests")
	if list.Status != 200 || strings.Count(list.Body, `href="/requests/`) != 2 || !strings.Contains(list.Body, "Pending") {
		t.Fatalf("my requests: %d %s", list.Status, list.Body)
	}
	// Staff: the queue, then approve one and decline the other with a reason.
	queue := owner.Get("/admin/requests")
	if queue.Status != 200 || strings.Count(queue.Body, `href="/requests/`) != 2 {
		t.Fatalf("queue: %d", queue.Status)
	}
	if p := rita.Get("/admin/requests"); p.Status != http.StatusNotFound {
		t.Fatalf("requester sees the queue: %d", p.Status)
	}
	filmPath := strings.TrimSuffix(film.Location, "?done=created")
	if p := owner.Submit(filmPath, filmPath+"/approve", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", p.Status, p.Body)
	}
	seriesPath := strings.TrimSuffix(series.Location, "?done=created")
	if p := owner.Submit(seriesPath, seriesPath+"/decline", url.Values{"reason": {"Season 2 is not out in our region"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("decline: %d %s", p.Status, p.Body)
	}
	// Comments: escaped, and staff notes hidden from the requester.
	hostile := `<script>alert(1)</script> "><img src=x onerror=alert(2)>`
	if p := rita.Submit(seriesPath, seriesPath+"/comments", url.Values{"body": {hostile}}); p.Status != http.StatusSeeOther {
		t.Fatalf("comment: %d", p.Status)
	}
	owner.Submit(seriesPath, seriesPath+"/comments", url.Values{"body": {"internal: ask the family first"}, "staff_only": {"yes"}})
	page := rita.Get(seriesPath)
	if !strings.Contains(page.Body, "Season 2 is not out in our region") || !strings.Contains(page.Body, "Declined") {
		t.Fatalf("requester does not see the decline reason")
	}
	if strings.Contains(page.Body, "<script>alert(1)") || strings.Contains(page.Body, "<img src=x") || !strings.Contains(page.Body, "&lt;script&gt;") {
		t.Fatal("a comment was not escaped")
	}
	if strings.Contains(page.Body, "ask the family") {
		t.Fatal("the requester sees a staff note")
	}
	if !strings.Contains(owner.Get(seriesPath).Body, "ask the family") {
		t.Fatal("staff do not see their note")
	}
	// Another user cannot see or act on Rita's request.
	createUser(t, s, owner, "sam")
	sam := s.NewBrowser(t)
	signIn(t, sam, "sam", "password of sam")
	if p := sam.Get(filmPath); p.Status != http.StatusNotFound {
		t.Fatalf("another user reads the request: %d", p.Status)
	}
	if p := sam.Submit("/requests", filmPath+"/comments", url.Values{"body": {"hi"}}); p.Status != http.StatusNotFound {
		t.Fatalf("another user comments: %d", p.Status)
	}
	if m := regexp.MustCompile(`status-approved`).FindString(rita.Get(filmPath).Body); m == "" {
		t.Fatal("the approval is not shown to the requester")
	}
}
