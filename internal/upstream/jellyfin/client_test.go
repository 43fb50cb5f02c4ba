package jellyfin

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/httpx"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
)

func TestSystemInfoAndLibraries(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{ServerName: "Den", MoviesName: "Films", ShowsName: "Telly"})
	info, err := e.c.SystemInfo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if info.ServerName != "Den" || info.ID == "" || info.Version == "" || info.ProductName == "" {
		t.Errorf("SystemInfo = %+v", info)
	}
	libs, err := e.c.Libraries(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(libs[0].Name, libs[0].CollectionType, libs[0].Locations, libs[1].Name, libs[1].CollectionType)
	if len(libs) != 2 || got != "Filmsmovies[/media/movies]Tellytvshows" || e.movies == "" || e.shows == "" || e.movies == e.shows {
		t.Errorf("Libraries = %+v", libs)
	}
}

// TestScanWalksEachItemOnce pages through both libraries in small pages and
// checks each film and episode comes exactly once, with its ids and numbers.
func TestScanWalksEachItemOnce(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{})
	films, pages := e.scan(t, ScanQuery{LibraryID: e.movies, Types: []ItemType{Movie}, PageSize: 7})
	want := e.lib.Movies()
	if len(films) != len(want) || pages != (len(want)+6)/7 {
		t.Fatalf("%d films in %d pages, want %d", len(films), pages, len(want))
	}
	seen := map[int64]bool{}
	for _, f := range films {
		m, ok := e.lib.Movie(f.ProviderIDs.TMDB)
		if !ok || seen[m.TMDBID] || f.Type != Movie || f.Name != m.Title || f.ProviderIDs.IMDb != m.IMDbID ||
			!f.DateCreated.Equal(m.AddedAt) || !f.HasFile || !strings.HasSuffix(f.Path, ".mkv") {
			t.Fatalf("film %+v (library %+v, seen %v)", f, m, seen[m.TMDBID])
		}
		seen[m.TMDBID] = true
	}

	eps, _ := e.scan(t, ScanQuery{LibraryID: e.shows, Types: []ItemType{Episode}, PageSize: 50})
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
		k := key{ep.SeriesProviderIDs.TVDB, ep.Season, ep.Episode}
		s, ok := onDisk[k]
		if !ok || ep.Type != Episode || !ep.Numbered || !ep.HasFile || ep.SeriesID == "" || ep.SeasonID == "" ||
			ep.SeriesProviderIDs != (ProviderIDs{TMDB: s.TMDBID, TVDB: s.TVDBID, IMDb: s.IMDbID}) ||
			ep.ProviderIDs.TVDB == s.TVDBID || ep.SeriesName != s.Title {
			t.Fatalf("episode %+v (series %+v, listed twice or unknown: %v)", ep, s.Title, !ok)
		}
		delete(onDisk, k)
	}
}

func TestRecentlyAddedIsNewestFirst(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{})
	got, err := e.c.RecentlyAdded(t.Context(), e.shows, []ItemType{Episode}, 5)
	if err != nil {
		t.Fatal(err)
	}
	last := e.lib.Series()[len(e.lib.Series())-1] // seeded last, so newest
	if len(got) != 5 || got[0].SeriesName != last.Title {
		t.Fatalf("recent = %+v", got)
	}
	if !slices.IsSortedFunc(got, func(a, b Item) int { return b.DateCreated.Compare(a.DateCreated) }) {
		t.Error("not newest first")
	}

	// A new arrival leads the next incremental sync.
	s := library.Series{TVDBID: 42, TMDBID: 43, Title: "Late Arrival"}
	e.lib.AddEpisodes(s, library.Episode{Season: 1, Number: 1, Title: "Pilot", AddedAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	got, err = e.c.RecentlyAdded(t.Context(), e.shows, []ItemType{Series, Episode}, 2)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{got[0].Name, got[1].Name}
	slices.Sort(names)
	if len(got) != 2 || !slices.Equal(names, []string{"Late Arrival", "Pilot"}) {
		t.Errorf("after an arrival: %+v", got)
	}
	movies, err := e.c.RecentlyAdded(t.Context(), e.movies, nil, 3)
	if err != nil || len(movies) != 3 || movies[0].ProviderIDs.TMDB != e.lib.Movies()[len(e.lib.Movies())-1].TMDBID {
		t.Errorf("recent films = %+v, %v", movies, err)
	}
}

func TestSeasonsAndEpisodes(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{})
	series, err := e.c.Items(t.Context(), ItemsQuery{LibraryID: e.shows, Types: []ItemType{Series}, Limit: 1})
	if err != nil || len(series.Items) != 1 || series.Total != len(e.lib.Series()) {
		t.Fatalf("series page = %+v, %v", series, err)
	}
	sr := series.Items[0]
	want := e.lib.Series()[0]
	if sr.ProviderIDs.TVDB != want.TVDBID || sr.HasFile {
		t.Fatalf("first series %+v", sr)
	}
	seasons, err := e.c.Seasons(t.Context(), sr.ID)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, s := range seasons {
		if s.Type != Season || !s.Numbered || s.SeriesID != sr.ID {
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
	all, err := e.c.Episodes(t.Context(), sr.ID)
	if err != nil || len(all) != len(want.Episodes) {
		t.Fatalf("%d episodes, want %d (%v)", len(all), len(want.Episodes), err)
	}
	two, err := e.c.SeasonEpisodes(t.Context(), sr.ID, 2)
	if err != nil || len(two) == 0 {
		t.Fatalf("season 2: %v, %v", two, err)
	}
	for i, ep := range two {
		if ep.Season != 2 || ep.Episode != i+1 || ep.SeasonID != seasons[1].ID {
			t.Errorf("season 2 episode %+v", ep)
		}
	}
}

func TestRemovalDisappears(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{})
	gone := e.lib.Movies()[3]
	s := e.lib.Series()[0]
	e.lib.RemoveMovie(gone.TMDBID)
	e.lib.RemoveEpisode(s.TVDBID, 1, 1)
	films, _ := e.scan(t, ScanQuery{LibraryID: e.movies})
	if len(films) != len(e.lib.Movies()) || slices.ContainsFunc(films, func(i Item) bool { return i.ProviderIDs.TMDB == gone.TMDBID }) {
		t.Errorf("removed film still listed (%d films)", len(films))
	}
	eps, _ := e.scan(t, ScanQuery{LibraryID: e.shows, Types: []ItemType{Episode}})
	if slices.ContainsFunc(eps, func(i Item) bool {
		return i.SeriesProviderIDs.TVDB == s.TVDBID && i.Season == 1 && i.Episode == 1
	}) {
		t.Error("removed episode still listed")
	}
	series, _ := e.scan(t, ScanQuery{LibraryID: e.shows, Types: []ItemType{Series}})
	id := series[0].ID
	e.lib.RemoveSeries(s.TVDBID)
	_, err := e.c.Seasons(t.Context(), id)
	var je *Error
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &je) || je.Kind != httpx.KindHTTPStatus || je.Status != 404 {
		t.Errorf("seasons of a removed series: %v", err)
	}
	if strings.Contains(err.Error(), "rfc9110") {
		t.Errorf("error carries the upstream body: %v", err)
	}
}

func TestMissingEpisodesHaveNoFile(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{MissingEpisodes: true})
	eps, _ := e.scan(t, ScanQuery{LibraryID: e.shows, Types: []ItemType{Episode}, PageSize: 100})
	_, series, onDisk := e.lib.Counts()
	var virtual int
	for _, ep := range eps {
		if !ep.HasFile {
			virtual++
			if ep.Path != "" {
				t.Errorf("virtual episode with a path: %+v", ep)
			}
		}
	}
	if len(eps) != onDisk+series || virtual != series {
		t.Errorf("%d episodes, %d virtual; want %d and %d", len(eps), virtual, onDisk+series, series)
	}
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{})
	srvURL := e.c.base.String()
	bad, err := New(Options{BaseURL: srvURL, Token: secret.New("not-the-token"), HTTPClient: e.c.http})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.SystemInfo(t.Context())
	var je *Error
	if !errors.As(err, &je) || je.Failure() != (httpx.Failure{Kind: httpx.KindHTTPStatus, Status: 401}) || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("wrong token: %v", err)
	}
	if strings.Contains(err.Error(), "not-the-token") {
		t.Errorf("error carries the token: %v", err)
	}
}

func TestOutages(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{})
	e.fake.SetOutage(mediaserver.Unavailable)
	_, err := e.c.SystemInfo(t.Context())
	var je *Error
	if !errors.As(err, &je) || je.Kind != httpx.KindHTTPStatus || je.Status != 503 {
		t.Errorf("503: %v", err)
	}
	e.fake.SetOutage(mediaserver.Dropped)
	_, err = e.c.Libraries(t.Context())
	if !errors.As(err, &je) || je.Kind == httpx.KindOK || je.Kind == httpx.KindHTTPStatus || je.Status != 0 {
		t.Errorf("dropped: %v", err)
	}
	e.fake.SetOutage(mediaserver.Up)
	if _, err := e.c.SystemInfo(t.Context()); err != nil {
		t.Errorf("back up: %v", err)
	}
}

func TestOptionsAndIDsAreChecked(t *testing.T) {
	e := newEnv(t, mediaserver.JellyfinOptions{})
	for _, o := range []Options{
		{BaseURL: "ftp://x", Token: secret.New("t"), HTTPClient: e.c.http},
		{BaseURL: "http://u:p@x", Token: secret.New("t"), HTTPClient: e.c.http},
		{BaseURL: "http://x", HTTPClient: e.c.http},
		{BaseURL: "http://x", Token: secret.New(`a"b`), HTTPClient: e.c.http},
		{BaseURL: "http://x", Token: secret.New("t")},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
	before := e.fake.RequestCount()
	if _, err := e.c.Seasons(t.Context(), "../System/Info"); err == nil {
		t.Error("a path in an id was accepted")
	}
	if _, err := e.c.Items(t.Context(), ItemsQuery{}); err == nil {
		t.Error("no library id was accepted")
	}
	if e.fake.RequestCount() != before {
		t.Error("a refused id still sent a request")
	}
}
