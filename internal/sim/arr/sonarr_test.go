package arr

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	lanternTVDB = 900_000_001 // seasons 1-3 aired, 4 next year
	tidesTVDB   = 900_000_003 // season 3 airing on the test's today
)

type seriesBody struct {
	ID        int    `json:"id"`
	TVDBID    int64  `json:"tvdbId"`
	Title     string `json:"title"`
	Path      string `json:"path"`
	Monitored bool   `json:"monitored"`
	Seasons   []struct {
		SeasonNumber int  `json:"seasonNumber"`
		Monitored    bool `json:"monitored"`
		Statistics   *struct {
			EpisodeFileCount  int `json:"episodeFileCount"`
			EpisodeCount      int `json:"episodeCount"`
			TotalEpisodeCount int `json:"totalEpisodeCount"`
		} `json:"statistics"`
	} `json:"seasons"`
	Statistics struct {
		EpisodeFileCount  int     `json:"episodeFileCount"`
		EpisodeCount      int     `json:"episodeCount"`
		TotalEpisodeCount int     `json:"totalEpisodeCount"`
		Percent           float64 `json:"percentOfEpisodes"`
	} `json:"statistics"`
}

type episodeBody struct {
	ID            int    `json:"id"`
	SeasonNumber  int    `json:"seasonNumber"`
	EpisodeNumber int    `json:"episodeNumber"`
	AirDate       string `json:"airDate"`
	Monitored     bool   `json:"monitored"`
	HasFile       bool   `json:"hasFile"`
}

func addSeries(e *env, body map[string]any) seriesBody {
	e.t.Helper()
	body["qualityProfileId"], body["rootFolderPath"] = 1, "/tv"
	a := e.do(http.MethodPost, "/api/v3/series", body)
	if a.status != http.StatusCreated {
		e.t.Fatalf("add %v: %d %s", body, a.status, a.body)
	}
	var s seriesBody
	a.json(e.t, &s)
	return s
}

func episodes(e *env, seriesID int) []episodeBody {
	e.t.Helper()
	var out []episodeBody
	e.do(http.MethodGet, "/api/v3/episode?seriesId="+strconv.Itoa(seriesID), nil).json(e.t, &out)
	return out
}

// monitored lists "season:episode" of the monitored episodes, season by season.
func monitored(eps []episodeBody) map[int][]int {
	out := map[int][]int{}
	for _, ep := range eps {
		if ep.Monitored {
			out[ep.SeasonNumber] = append(out[ep.SeasonNumber], ep.EpisodeNumber)
		}
	}
	return out
}

func seasonsOf(m map[int][]int) []int {
	var out []int
	for n := range m {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// TestSonarrMonitorOptions: what each addOptions.monitor monitors.
func TestSonarrMonitorOptions(t *testing.T) {
	all := []int{1, 2, 3, 4, 5, 6, 7, 8}
	for _, c := range []struct {
		monitor     string
		seasons     []map[string]any
		episodes    map[int][]int
		seasonFlags []int
	}{
		{"", []map[string]any{{"seasonNumber": 2, "monitored": true}}, map[int][]int{2: all}, []int{2}},
		{"all", nil, map[int][]int{1: all, 2: all, 3: all, 4: all}, []int{1, 2, 3, 4}},
		{"future", nil, map[int][]int{4: all}, []int{4}},
		{"pilot", nil, map[int][]int{1: {1}}, nil},
		{"firstSeason", nil, map[int][]int{1: all}, []int{1}},
		{"lastSeason", nil, map[int][]int{4: all}, []int{4}},
		{"none", nil, map[int][]int{}, nil},
	} {
		e, _ := newSonarrEnv(t, Options{})
		body := map[string]any{"tvdbId": lanternTVDB, "monitored": true, "seasons": c.seasons}
		if c.monitor != "" {
			body["addOptions"] = map[string]any{"monitor": c.monitor}
		}
		s := addSeries(e, body)
		got := monitored(episodes(e, s.ID))
		if len(got) != len(c.episodes) {
			t.Errorf("%q: monitored %v", c.monitor, got)
		}
		for n, want := range c.episodes {
			if !slices.Equal(got[n], want) {
				t.Errorf("%q: season %d episodes %v, want %v", c.monitor, n, got[n], want)
			}
		}
		var flags []int
		for _, se := range s.Seasons {
			if se.Monitored {
				flags = append(flags, se.SeasonNumber)
			}
		}
		if !slices.Equal(flags, c.seasonFlags) {
			t.Errorf("%q: monitored seasons %v, want %v", c.monitor, flags, c.seasonFlags)
		}
	}
}

// TestSonarrSeasonFlagsCascade: a PUT that changes a season's flag sets its
// episodes to match; one that keeps it leaves hand-set episodes alone.
func TestSonarrSeasonFlagsCascade(t *testing.T) {
	e, _ := newSonarrEnv(t, Options{})
	s := addSeries(e, map[string]any{"tvdbId": lanternTVDB, "monitored": true, "languageProfileId": 1,
		"seasons": []map[string]any{{"seasonNumber": 1, "monitored": true}}})
	eps := episodes(e, s.ID)
	// Unmonitor S1E2 by hand, then monitor season 3 through the series.
	a := e.do(http.MethodPut, "/api/v3/episode/monitor", map[string]any{"episodeIds": []int{eps[1].ID}, "monitored": false})
	var changed []episodeBody
	a.json(t, &changed)
	if a.status != http.StatusAccepted || len(changed) != 1 || changed[0].Monitored {
		t.Fatalf("episode/monitor: %d %s", a.status, a.body)
	}
	var full map[string]any
	e.do(http.MethodGet, "/api/v3/series/"+strconv.Itoa(s.ID), nil).json(t, &full)
	full["seasons"].([]any)[2].(map[string]any)["monitored"] = true
	if a := e.do(http.MethodPut, "/api/v3/series/"+strconv.Itoa(s.ID), full); a.status != http.StatusAccepted {
		t.Fatalf("PUT: %d %s", a.status, a.body)
	}
	got := monitored(episodes(e, s.ID))
	if !slices.Equal(seasonsOf(got), []int{1, 3}) || len(got[1]) != 7 || slices.Contains(got[1], 2) || len(got[3]) != 8 {
		t.Errorf("after PUT: %v", got)
	}
	// A PUT without a path is refused, like Sonarr's validator.
	delete(full, "path")
	if a := e.do(http.MethodPut, "/api/v3/series/"+strconv.Itoa(s.ID), full); a.status != http.StatusBadRequest {
		t.Errorf("PUT without a path: %d", a.status)
	}
}

// TestSonarrSearchesAndFiles: searches grab aired episodes only; files land
// in the statistics and the library; a delete keeps files unless asked.
func TestSonarrSearchesAndFiles(t *testing.T) {
	e, so := newSonarrEnv(t, Options{DownloadTime: time.Minute})
	s := addSeries(e, map[string]any{"tvdbId": tidesTVDB, "monitored": true,
		"seasons": []map[string]any{{"seasonNumber": 3, "monitored": true}}})
	eps := episodes(e, s.ID)
	var aired []int
	for _, ep := range eps {
		if ep.SeasonNumber == 3 && ep.AirDate <= "2026-06-15" {
			aired = append(aired, ep.ID)
		}
	}
	if len(aired) == 0 || len(aired) == 8 {
		t.Fatalf("the catalogue changed: %d of season 3 aired", len(aired))
	}
	if a := e.do(http.MethodPost, "/api/v3/command", map[string]any{"name": "SeasonSearch", "seriesId": s.ID, "seasonNumber": 3}); a.status != http.StatusCreated {
		t.Fatalf("SeasonSearch: %d %s", a.status, a.body)
	}
	// Named episodes are grabbed even unmonitored; unaired ones never.
	e.do(http.MethodPost, "/api/v3/command", map[string]any{"name": "EpisodeSearch", "episodeIds": []int{eps[0].ID, eps[23].ID}})
	var q queueBody
	e.do(http.MethodGet, "/api/v3/queue?page=1&pageSize=50&includeSeries=true&includeEpisode=true", nil).json(t, &q)
	var queued []int
	for _, rec := range q.Records {
		queued = append(queued, rec.EpisodeID)
	}
	if want := append(slices.Clone(aired), eps[0].ID); !slices.Equal(queued, want) {
		t.Errorf("queued %v, want %v", queued, want)
	}
	e.clock.advance(time.Minute)
	var got seriesBody
	e.do(http.MethodGet, "/api/v3/series/"+strconv.Itoa(s.ID), nil).json(t, &got)
	if got.Statistics.EpisodeFileCount != len(aired)+1 || got.Seasons[2].Statistics.EpisodeFileCount != len(aired) ||
		got.Seasons[2].Statistics.EpisodeCount != len(aired) || got.Seasons[2].Statistics.TotalEpisodeCount != 8 {
		t.Errorf("statistics %+v, season 3 %+v", got.Statistics, got.Seasons[2].Statistics)
	}
	lib := so.Library().Series()
	if len(lib) != 1 || len(lib[0].Episodes) != len(aired)+1 || lib[0].Episodes[0].Season != 1 {
		t.Errorf("library %+v", lib)
	}
	e.do(http.MethodDelete, "/api/v3/series/"+strconv.Itoa(s.ID)+"?deleteFiles=false", nil)
	if _, _, n := so.Library().Counts(); n != len(aired)+1 {
		t.Errorf("a delete without deleteFiles removed files: %d left", n)
	}
	if a := e.do(http.MethodGet, "/api/v3/episode?seriesId="+strconv.Itoa(s.ID), nil); a.status != http.StatusNotFound {
		t.Errorf("episodes of a deleted series: %d", a.status)
	}
	s2 := addSeries(e, map[string]any{"tvdbId": tidesTVDB, "monitored": true, "addOptions": map[string]any{"monitor": "all", "searchForMissingEpisodes": true}})
	e.clock.advance(time.Minute)
	e.do(http.MethodDelete, "/api/v3/series/"+strconv.Itoa(s2.ID)+"?deleteFiles=true", nil)
	if _, n, _ := so.Library().Counts(); n != 0 {
		t.Errorf("a delete with deleteFiles kept the series on disk")
	}
}

// TestSonarrLookupAndRules: lookup terms, duplicate and unknown adds,
// language profiles (v3 needs one, v4 sends none).
func TestSonarrLookupAndRules(t *testing.T) {
	e, _ := newSonarrEnv(t, Options{})
	var found []seriesBody
	for term, want := range map[string]int{"tvdb:900000001": 1, "tmdb:9100001": 1, "tvdb:5": 0, "lantern street": 1, "zzz": 0} {
		e.do(http.MethodGet, "/api/v3/series/lookup?term="+strings.ReplaceAll(term, " ", "+"), nil).json(t, &found)
		if len(found) != want || (want == 1 && (found[0].TVDBID != lanternTVDB || found[0].ID != 0)) {
			t.Errorf("lookup %q: %+v", term, found)
		}
	}
	s := addSeries(e, map[string]any{"tvdbId": lanternTVDB})
	e.do(http.MethodGet, "/api/v3/series/lookup?term=tvdb:900000001", nil).json(t, &found)
	if len(found) != 1 || found[0].ID != s.ID || found[0].Path == "" {
		t.Errorf("lookup of a library series: %+v", found)
	}
	var fs []failure
	for _, c := range []struct {
		body     map[string]any
		property string
	}{
		{map[string]any{"tvdbId": lanternTVDB, "qualityProfileId": 1, "rootFolderPath": "/tv"}, "TvdbId"},
		{map[string]any{"tvdbId": 5, "qualityProfileId": 1, "rootFolderPath": "/tv"}, "TvdbId"},
		{map[string]any{"tvdbId": tidesTVDB, "qualityProfileId": 1, "rootFolderPath": "/tv", "languageProfileId": 3}, "LanguageProfileId"},
	} {
		a := e.do(http.MethodPost, "/api/v3/series", c.body)
		a.json(t, &fs)
		if a.status != http.StatusBadRequest || len(fs) != 1 || fs[0].PropertyName != c.property {
			t.Errorf("%v: %d %s", c.body, a.status, a.body)
		}
	}
	if a := e.do(http.MethodPost, "/api/v3/command", map[string]any{"name": "Backup"}); a.status != http.StatusBadRequest {
		t.Errorf("unknown command: %d", a.status)
	}
	if a := e.do(http.MethodGet, "/api/v3/episode", nil); a.status != http.StatusBadRequest {
		t.Errorf("episodes of nothing: %d", a.status)
	}
	var some []episodeBody
	e.do(http.MethodGet, "/api/v3/episode?episodeIds=2&episodeIds=3", nil).json(t, &some)
	if len(some) != 2 || some[0].ID != 2 {
		t.Errorf("episodes by id: %+v", some)
	}
	e.do(http.MethodGet, "/api/v3/episode?seriesId="+strconv.Itoa(s.ID)+"&seasonNumber=2&includeSeries=true", nil).json(t, &some)
	if len(some) != 8 || some[0].SeasonNumber != 2 {
		t.Errorf("episodes of season 2: %+v", some)
	}
}

// TestNewReleasesAreGrabbed: as the clock passes a monitored film's release
// or an episode's air date, it is grabbed without a search, like an RSS sync.
func TestNewReleasesAreGrabbed(t *testing.T) {
	c := &clock{t: testToday}
	r, err := NewRadarr(Options{APIKey: testKey, Now: c.now, DownloadTime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	so, err := NewSonarr(Options{APIKey: testKey, Now: c.now, DownloadTime: time.Hour, Library: r.Library()})
	if err != nil {
		t.Fatal(err)
	}
	re := newEnv(t, r, r.server, RadarrSpecFile, c)
	se := newEnv(t, so, so.server, SonarrSpecFile, c)
	addMovie(re, 9_000_051, false) // out 2026-07-17
	re.do(http.MethodPost, "/api/v3/movie", map[string]any{"tmdbId": 9_000_052, "qualityProfileId": 1,
		"rootFolderPath": "/movies", "monitored": false}) // out 2026-08-21, unmonitored
	s := addSeries(se, map[string]any{"tvdbId": tidesTVDB, "monitored": true, "addOptions": map[string]any{"monitor": "future"}})

	queued := func(e *env) int {
		var q queueBody
		e.do(http.MethodGet, "/api/v3/queue?page=1&pageSize=50", nil).json(t, &q)
		return q.TotalRecords
	}
	if queued(re) != 0 || queued(se) != 0 {
		t.Fatal("grabbed before release")
	}
	c.advance(24 * time.Hour) // 2026-06-16: nothing new
	if n := queued(se); n != 0 {
		t.Errorf("%d episodes grabbed on the 16th", n)
	}
	c.advance(5 * 24 * time.Hour) // 2026-06-21: season 3 episode 8 airs
	if n := queued(se); n != 1 {
		t.Errorf("%d episodes grabbed on the 21st", n)
	}
	c.advance(60 * 24 * time.Hour) // 2026-08-20: the first film is out
	if n := queued(re); n != 1 {
		t.Errorf("%d films grabbed by the 20th of August", n)
	}
	eps := episodes(se, s.ID)
	if !eps[23].HasFile || eps[22].HasFile {
		t.Errorf("season 3 files: e7 %v, e8 %v", eps[22].HasFile, eps[23].HasFile)
	}
	c.advance(2 * 24 * time.Hour) // the second film is out, but not monitored
	if n := queued(re); n != 0 {
		t.Errorf("%d films in the queue", n)
	}
	if _, ok := r.Library().Movie(9_000_051); !ok {
		t.Error("the monitored film is not on disk")
	}
	if _, ok := r.Library().Movie(9_000_052); ok {
		t.Error("the unmonitored film was downloaded")
	}
}
