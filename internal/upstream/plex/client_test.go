package plex

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/httpx"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
)

func TestIdentityAndSections(t *testing.T) {
	e := newEnv(t, mediaserver.PlexOptions{MachineIdentifier: "abc123", MoviesName: "Films", ShowsName: "Telly"})
	id, err := e.c.Identity(t.Context())
	if err != nil || id.MachineIdentifier != "abc123" || id.Version == "" || !id.Claimed {
		t.Fatalf("Identity = %+v, %v", id, err)
	}
	secs, err := e.c.Sections(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(secs) != 2 || secs[0].Title != "Films" || secs[1].Title != "Telly" || secs[0].UUID == "" ||
		!slices.Equal(secs[0].Locations, []string{"/media/movies"}) || e.movies == "" || e.shows == "" {
		t.Errorf("Sections = %+v", secs)
	}
	for _, r := range e.fake.Requests() {
		if r.URL == "/library/sections/all" {
			return
		}
	}
	t.Error("the documented /library/sections/all was not called")
}

// TestScanWalksEachItemOnce pages through both sections in small pages and
// checks each film and episode comes exactly once, with its ids and numbers.
func TestScanWalksEachItemOnce(t *testing.T) {
	e := newEnv(t, mediaserver.PlexOptions{})
	films, pages := e.scan(t, ScanQuery{Section: e.movies, Type: Movie, PageSize: 9})
	want := e.lib.Movies()
	if len(films) != len(want) || pages != (len(want)+8)/9 {
		t.Fatalf("%d films in %d pages, want %d", len(films), pages, len(want))
	}
	seen := map[int64]bool{}
	for _, f := range films {
		m, ok := e.lib.Movie(f.GUIDs.TMDB)
		if !ok || seen[m.TMDBID] || f.Type != "movie" || f.Title != m.Title || f.GUIDs.IMDb != m.IMDbID ||
			f.Year != m.Year || !f.AddedAt.Equal(m.AddedAt) || !f.HasFile || f.RatingKey == "" {
			t.Fatalf("film %+v (library %+v, seen %v)", f, m, seen[m.TMDBID])
		}
		seen[m.TMDBID] = true
	}

	eps, _ := e.scan(t, ScanQuery{Section: e.shows, Type: Episode, PageSize: 40})
	type key struct {
		tvdb            int64
		season, episode int
	}
	onDisk := map[key]library.Series{}
	for _, s := range e.lib.Series() {
		for _, ep := range s.Episodes {
			onDisk[key{s.TVDBID, ep.Season, ep.Number}] = s
		}
	}
	if len(eps) != len(onDisk) {
		t.Fatalf("%d episodes scanned, %d on disk", len(eps), len(onDisk))
	}
	for _, ep := range eps {
		k := key{ep.ShowGUIDs.TVDB, ep.Season, ep.Episode}
		s, ok := onDisk[k]
		if !ok || ep.Type != "episode" || !ep.Numbered || !ep.HasFile || ep.ShowRatingKey == "" || ep.SeasonRatingKey == "" ||
			ep.ShowGUIDs != (GUIDs{TMDB: s.TMDBID, TVDB: s.TVDBID, IMDb: s.IMDbID}) ||
			ep.GUIDs.TVDB == s.TVDBID || ep.ShowTitle != s.Title {
			t.Fatalf("episode %+v (series %q, listed twice or unknown: %v)", ep, s.Title, !ok)
		}
		delete(onDisk, k)
	}
}

func TestRecentlyAddedIsNewestFirst(t *testing.T) {
	e := newEnv(t, mediaserver.PlexOptions{})
	got, err := e.c.RecentlyAdded(t.Context(), e.shows, Episode, 5)
	if err != nil {
		t.Fatal(err)
	}
	all := e.lib.Series()
	if len(got) != 5 || got[0].ShowTitle != all[len(all)-1].Title {
		t.Fatalf("recent = %+v", got)
	}
	if !slices.IsSortedFunc(got, func(a, b Item) int { return b.AddedAt.Compare(a.AddedAt) }) {
		t.Error("not newest first")
	}
	e.lib.AddMovie(library.Movie{TMDBID: 77, IMDbID: "tt77", Title: "Late Arrival", AddedAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	films, err := e.c.RecentlyAdded(t.Context(), e.movies, Movie, 2)
	if err != nil || len(films) != 2 || films[0].Title != "Late Arrival" || films[0].GUIDs.TMDB != 77 {
		t.Errorf("recent films after an arrival = %+v, %v", films, err)
	}
}

func TestSeasonsAndEpisodes(t *testing.T) {
	e := newEnv(t, mediaserver.PlexOptions{})
	shows, err := e.c.Items(t.Context(), ItemsQuery{Section: e.shows, Size: 1})
	if err != nil || len(shows.Items) != 1 || shows.Total != len(e.lib.Series()) || shows.Items[0].Type != "show" {
		t.Fatalf("shows page = %+v, %v", shows, err)
	}
	show, want := shows.Items[0], e.lib.Series()[0]
	if show.GUIDs.TVDB != want.TVDBID || show.HasFile {
		t.Fatalf("first show %+v", show)
	}
	seasons, err := e.c.Seasons(t.Context(), show.RatingKey)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, s := range seasons {
		if s.Type != "season" || !s.Numbered || s.ShowRatingKey != show.RatingKey || s.RatingKey == "" || s.AddedAt.IsZero() {
			t.Errorf("season %+v", s)
		}
		nums = append(nums, s.Season)
	}
	var wantNums []int
	for _, ep := range want.Episodes {
		if !slices.Contains(wantNums, ep.Season) {
			wantNums = append(wantNums, ep.Season)
		}
	}
	if !slices.Equal(nums, wantNums) {
		t.Errorf("seasons %v, want %v", nums, wantNums)
	}
	all, err := e.c.Episodes(t.Context(), show.RatingKey)
	if err != nil || len(all) != len(want.Episodes) {
		t.Fatalf("%d episodes, want %d (%v)", len(all), len(want.Episodes), err)
	}
	two, err := e.c.Episodes(t.Context(), seasons[1].RatingKey)
	if err != nil || len(two) == 0 {
		t.Fatalf("season 2: %v, %v", two, err)
	}
	for i, ep := range two {
		if ep.Season != 2 || ep.Episode != i+1 || ep.SeasonRatingKey != seasons[1].RatingKey {
			t.Errorf("season 2 episode %+v", ep)
		}
	}
	// Seasons as a section lists them agree with the ones read from allLeaves.
	all3, err := e.c.Items(t.Context(), ItemsQuery{Section: e.shows, Type: Season, Size: len(seasons)})
	if err != nil || all3.Items[0].RatingKey != seasons[0].RatingKey || all3.Items[0].Season != seasons[0].Season {
		t.Errorf("section seasons %+v, %v", all3.Items, err)
	}
}

func TestRemovalDisappears(t *testing.T) {
	e := newEnv(t, mediaserver.PlexOptions{})
	gone := e.lib.Movies()[5]
	s := e.lib.Series()[1]
	e.lib.RemoveMovie(gone.TMDBID)
	e.lib.RemoveEpisode(s.TVDBID, 2, 3)
	films, _ := e.scan(t, ScanQuery{Section: e.movies})
	if len(films) != len(e.lib.Movies()) || slices.ContainsFunc(films, func(i Item) bool { return i.GUIDs.TMDB == gone.TMDBID }) {
		t.Errorf("removed film still listed (%d films)", len(films))
	}
	eps, _ := e.scan(t, ScanQuery{Section: e.shows, Type: Episode})
	if slices.ContainsFunc(eps, func(i Item) bool { return i.ShowGUIDs.TVDB == s.TVDBID && i.Season == 2 && i.Episode == 3 }) {
		t.Error("removed episode still listed")
	}
	var key string
	for _, ep := range eps {
		if ep.ShowGUIDs.TVDB == s.TVDBID {
			key = ep.ShowRatingKey
		}
	}
	e.lib.RemoveSeries(s.TVDBID)
	_, err := e.c.Episodes(t.Context(), key)
	var pe *Error
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &pe) || pe.Kind != httpx.KindHTTPStatus || pe.Status != 404 {
		t.Errorf("episodes of a removed show: %v", err)
	}
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	e := newEnv(t, mediaserver.PlexOptions{})
	bad, err := New(Options{BaseURL: e.url, Token: secret.New("not-the-token"), HTTPClient: http.DefaultClient})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Sections(t.Context())
	var pe *Error
	if !errors.As(err, &pe) || pe.Failure() != (httpx.Failure{Kind: httpx.KindHTTPStatus, Status: 401}) || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("wrong token: %v", err)
	}
	if strings.Contains(err.Error(), "not-the-token") || strings.Contains(err.Error(), "<html>") {
		t.Errorf("error carries the token or the body: %v", err)
	}
	// Like Plex, the fake answers /identity to anyone.
	if _, err := bad.Identity(t.Context()); err != nil {
		t.Errorf("identity: %v", err)
	}
}

func TestOutages(t *testing.T) {
	e := newEnv(t, mediaserver.PlexOptions{})
	e.fake.SetOutage(mediaserver.Unavailable)
	_, err := e.c.Sections(t.Context())
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != httpx.KindHTTPStatus || pe.Status != 503 {
		t.Errorf("503: %v", err)
	}
	e.fake.SetOutage(mediaserver.Dropped)
	_, err = e.c.Identity(t.Context())
	if !errors.As(err, &pe) || pe.Kind == httpx.KindOK || pe.Kind == httpx.KindHTTPStatus || pe.Status != 0 {
		t.Errorf("dropped: %v", err)
	}
	e.fake.SetOutage(mediaserver.Up)
	if _, err := e.c.Sections(t.Context()); err != nil {
		t.Errorf("back up: %v", err)
	}
}

func TestOptionsAndKeysAreChecked(t *testing.T) {
	e := newEnv(t, mediaserver.PlexOptions{})
	for _, o := range []Options{
		{BaseURL: "file:///x", Token: secret.New("t"), HTTPClient: http.DefaultClient},
		{BaseURL: "http://x/?a=b", Token: secret.New("t"), HTTPClient: http.DefaultClient},
		{BaseURL: "http://x", HTTPClient: http.DefaultClient},
		{BaseURL: "http://x", Token: secret.New("t")},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
	before := e.fake.RequestCount()
	if _, err := e.c.Episodes(t.Context(), "1/../../identity"); err == nil {
		t.Error("a path in a key was accepted")
	}
	if _, err := e.c.Items(t.Context(), ItemsQuery{}); err == nil {
		t.Error("no section was accepted")
	}
	if e.fake.RequestCount() != before {
		t.Error("a refused key still sent a request")
	}
}
