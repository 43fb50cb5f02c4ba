package sonarr

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/httpx"
	simarr "github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/upstream/arr"
)

// Seasons 1-3 of the Lantern Street Irregulars aired before the test's
// today, season 4 airs next year; season 3 of Kingdom of Tides is airing.
const (
	lantern = 900_000_001
	tides   = 900_000_003
)

func show(t *testing.T, tvdbID int64) *catalog.Series {
	t.Helper()
	s, ok := catalog.Default().FindTVDB(tvdbID)
	if !ok {
		t.Fatalf("series %d not in the catalogue", tvdbID)
	}
	return s
}

// monitoredSeasons lists the seasons whose episodes are all monitored, and
// fails if a season is half monitored.
func monitoredSeasons(t *testing.T, eps []Episode) []int {
	t.Helper()
	state := map[int]int{} // 1 all monitored, 2 none, 3 mixed
	for _, e := range eps {
		bit := 2
		if e.Monitored {
			bit = 1
		}
		state[e.SeasonNumber] |= bit
	}
	var out []int
	for n, s := range state {
		if s == 3 {
			t.Errorf("season %d is half monitored", n)
		}
		if s == 1 {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// TestEveryMethod calls each method against the fake, which checks every
// request against Sonarr's document, and checks what comes back.
func TestEveryMethod(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := show(t, lantern)

	st, err := e.c.SystemStatus(ctx)
	if err != nil || st.AppName != "Sonarr" || st.Version == "" {
		t.Fatalf("SystemStatus: %v %+v", err, st)
	}
	if p, err := e.c.QualityProfiles(ctx); err != nil || !slices.Contains(p, QualityProfile{ID: 4, Name: "HD-1080p"}) {
		t.Errorf("QualityProfiles: %v %+v", err, p)
	}
	if p, err := e.c.LanguageProfiles(ctx); err != nil || !slices.Equal(p, []LanguageProfile{{ID: 1, Name: "English"}}) {
		t.Errorf("LanguageProfiles: %v %+v", err, p)
	}
	if f, err := e.c.RootFolders(ctx); err != nil || len(f) != 1 || f[0].Path != "/tv" {
		t.Errorf("RootFolders: %v %+v", err, f)
	}
	tag, err := e.c.CreateTag(ctx, "anime-night")
	if err != nil || tag.Label != "anime-night" {
		t.Fatalf("CreateTag: %v %+v", err, tag)
	}
	if tags, err := e.c.Tags(ctx); err != nil || !slices.Equal(tags, []Tag{tag}) {
		t.Errorf("Tags: %v %+v", err, tags)
	}

	looked, ok, err := e.c.Lookup(ctx, lantern)
	if err != nil || !ok || looked.ID != 0 || looked.Title != c.Name || looked.TMDBID != c.ID || len(looked.Seasons) != 4 {
		t.Fatalf("Lookup: %v %v %+v", err, ok, looked.Seasons)
	}
	if _, ok, err := e.c.FindByTVDB(ctx, lantern); err != nil || ok {
		t.Fatalf("FindByTVDB before adding: %v %v", ok, err)
	}
	added, err := e.c.AddSeries(ctx, looked, AddOptions{QualityProfileID: 4, LanguageProfileID: 1, RootFolderPath: "/tv",
		SeriesType: "anime", SeasonFolder: true, Tags: []int{tag.ID}, Seasons: []int{1}, Search: true})
	if err != nil || added.ID == 0 || !added.Monitored || added.SeriesType != "anime" || added.Path == "" ||
		!slices.Equal(added.Tags, []int{tag.ID}) || added.Statistics == nil || added.Statistics.TotalEpisodeCount != 32 {
		t.Fatalf("AddSeries: %v %+v", err, added)
	}
	for _, se := range added.Seasons {
		if se.Monitored != (se.SeasonNumber == 1) {
			t.Errorf("season %d monitored %v", se.SeasonNumber, se.Monitored)
		}
	}
	eps, err := e.c.Episodes(ctx, added.ID)
	if err != nil || len(eps) != 32 || eps[0].SeriesID != added.ID || eps[0].SeasonNumber != 1 || eps[0].EpisodeNumber != 1 ||
		eps[0].AirDate != c.Seasons[0].Episodes[0].AirDate || eps[0].AirDateUTC == nil || eps[0].Title == "" {
		t.Fatalf("Episodes: %v %d %+v", err, len(eps), eps[0])
	}
	if got := monitoredSeasons(t, eps); !slices.Equal(got, []int{1}) {
		t.Errorf("monitored seasons after add: %v", got)
	}
	if found, ok, err := e.c.FindByTVDB(ctx, lantern); err != nil || !ok || found.ID != added.ID {
		t.Errorf("FindByTVDB: %v %v %+v", err, ok, found)
	}
	if again, ok, _ := e.c.Lookup(ctx, lantern); !ok || again.ID != added.ID {
		t.Errorf("Lookup of a library series: %+v", again)
	}

	page, err := e.c.Queue(ctx, 1, 5)
	if err != nil || page.TotalRecords != 8 || len(page.Records) != 5 {
		t.Fatalf("Queue: %v total %d, %d records", err, page.TotalRecords, len(page.Records))
	}
	q := page.Records[0]
	if q.SeriesID != added.ID || q.EpisodeID != eps[0].ID || q.SeasonNumber != 1 || q.Series == nil || q.Series.TVDBID != lantern ||
		q.Episode == nil || q.Episode.EpisodeNumber != 1 || q.Status != "queued" || q.EpisodeHasFile {
		t.Errorf("queue item %+v", q)
	}

	// Extend monitoring to season 2: Sonarr monitors its episodes.
	got, err := e.c.Series(ctx, added.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.MonitorSeasons(2)
	updated, err := e.c.UpdateSeries(ctx, got)
	if err != nil || !updated.Monitored || updated.SeriesType != "anime" || updated.Path != added.Path || !slices.Equal(updated.Tags, []int{tag.ID}) {
		t.Fatalf("UpdateSeries: %v %+v", err, updated)
	}
	eps, _ = e.c.Episodes(ctx, added.ID)
	if got := monitoredSeasons(t, eps); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("monitored seasons after UpdateSeries: %v", got)
	}
	if _, err := e.c.UpdateSeries(ctx, Series{ID: added.ID}); !errors.Is(err, ErrNotFetched) {
		t.Errorf("UpdateSeries of a hand-made Series: %v", err)
	}

	// Season 3, episodes 1 and 2 only.
	s3 := []int{eps[16].ID, eps[17].ID}
	if err := e.c.MonitorEpisodes(ctx, s3, true); err != nil {
		t.Fatalf("MonitorEpisodes: %v", err)
	}
	if cmd, err := e.c.SearchEpisodes(ctx, s3...); err != nil || cmd.Name != "EpisodeSearch" {
		t.Fatalf("SearchEpisodes: %v %+v", err, cmd)
	}
	if cmd, err := e.c.SearchSeries(ctx, added.ID); err != nil || cmd.Name != "SeriesSearch" {
		t.Fatalf("SearchSeries: %v %+v", err, cmd)
	}
	all, err := e.c.QueueAll(ctx, 7)
	if err != nil || len(all) != 8+8+2 {
		t.Fatalf("QueueAll: %v %d", err, len(all))
	}
	eps, _ = e.c.Episodes(ctx, added.ID)
	if !eps[16].Monitored || !eps[17].Monitored || eps[18].Monitored {
		t.Errorf("season 3 flags: %v %v %v", eps[16].Monitored, eps[17].Monitored, eps[18].Monitored)
	}

	if err := e.c.DeleteSeries(ctx, added.ID, true, true); err != nil {
		t.Fatalf("DeleteSeries: %v", err)
	}
	if _, err := e.c.Series(ctx, added.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Series after delete: %v", err)
	}
	if _, err := e.c.Episodes(ctx, added.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Episodes after delete: %v", err)
	}
	if all, _ := e.c.QueueAll(ctx, 0); len(all) != 0 {
		t.Errorf("%d downloads of the deleted series are still queued", len(all))
	}
}

// TestDownloadLifecycle follows a season from the queue to the disk and the
// library on the fake clock; episodes not aired yet are not grabbed.
func TestDownloadLifecycle(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := show(t, tides)
	looked, _, err := e.c.Lookup(ctx, tides)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.c.AddSeries(ctx, looked, AddOptions{QualityProfileID: 1, RootFolderPath: "/tv", Seasons: []int{3}, Search: true})
	if err != nil {
		t.Fatal(err)
	}
	aired := 0
	for _, ep := range c.Seasons[2].Episodes {
		if ep.AirDate <= catalog.Day(today) {
			aired++
		}
	}
	if aired == 0 || aired == 8 {
		t.Fatalf("the catalogue changed: %d of season 3 aired", aired)
	}
	start := e.now()
	e.advance(5 * time.Minute)
	items, err := e.c.QueueAll(ctx, 0)
	if err != nil || len(items) != aired {
		t.Fatalf("QueueAll: %v %d items, want the %d aired", err, len(items), aired)
	}
	if q := items[0]; q.Status != "downloading" || q.Progress() <= 0.4 || q.Progress() >= 0.6 {
		t.Errorf("half way: %s %.2f", q.Status, q.Progress())
	}
	if _, _, n := e.fake.Library().Counts(); n != 0 {
		t.Errorf("%d episodes on disk before the downloads finished", n)
	}

	e.advance(5 * time.Minute)
	if items, _ := e.c.QueueAll(ctx, 0); len(items) != 0 {
		t.Errorf("queue after the downloads: %+v", items)
	}
	eps, _ := e.c.Episodes(ctx, s.ID)
	files := 0
	for _, ep := range eps {
		if ep.HasFile {
			files++
			if ep.SeasonNumber != 3 || ep.AirDate > catalog.Day(today) || ep.EpisodeFileID == 0 {
				t.Errorf("unexpected file for %+v", ep)
			}
		}
	}
	got, _ := e.c.Series(ctx, s.ID)
	if files != aired || got.Statistics.EpisodeFileCount != aired || got.Statistics.EpisodeCount != aired || got.Statistics.SizeOnDisk <= 0 {
		t.Errorf("%d files; statistics %+v", files, got.Statistics)
	}
	lib := e.fake.Library().Series()
	if len(lib) != 1 || lib[0].TVDBID != tides || lib[0].TMDBID != c.ID || len(lib[0].Episodes) != aired ||
		lib[0].Episodes[0].Season != 3 || lib[0].Episodes[0].Number != 1 || !lib[0].Episodes[0].AddedAt.Equal(start.Add(10*time.Minute)) {
		t.Errorf("library: %+v", lib)
	}

	// Once the rest of the season has aired, a search grabs it.
	e.advance(30 * 24 * time.Hour)
	if _, err := e.c.SearchSeries(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if items, _ := e.c.QueueAll(ctx, 0); len(items) != 8-aired {
		t.Errorf("%d grabbed after the season aired, want %d", len(items), 8-aired)
	}
}

// TestAddIsIdempotentThroughFindAndUpdate: a second add is refused as
// ErrAlreadyExists, and the caller then finds the series and extends it.
func TestAddIsIdempotentThroughFindAndUpdate(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	looked, _, err := e.c.Lookup(ctx, lantern)
	if err != nil {
		t.Fatal(err)
	}
	opts := AddOptions{QualityProfileID: 4, RootFolderPath: "/tv", Seasons: []int{1}}
	first, err := e.c.AddSeries(ctx, looked, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Seasons = []int{3}
	_, err = e.c.AddSeries(ctx, looked, opts)
	var ae *Error
	if !errors.Is(err, ErrAlreadyExists) || !errors.As(err, &ae) || !slices.Equal(ae.Fields, []string{"TvdbId"}) {
		t.Fatalf("second add: %v", err)
	}
	existing, ok, err := e.c.FindByTVDB(ctx, lantern)
	if err != nil || !ok || existing.ID != first.ID {
		t.Fatalf("FindByTVDB: %v %v", err, ok)
	}
	existing.MonitorSeasons(3)
	if _, err := e.c.UpdateSeries(ctx, existing); err != nil {
		t.Fatal(err)
	}
	eps, _ := e.c.Episodes(ctx, first.ID)
	if got := monitoredSeasons(t, eps); !slices.Equal(got, []int{1, 3}) {
		t.Errorf("monitored seasons: %v", got)
	}
}

// TestMonitorOptionWithoutSeasons: Sonarr's own monitor choices, when no
// season is picked.
func TestMonitorOptionWithoutSeasons(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	for _, c := range []struct {
		tvdb    int64
		monitor string
		want    []int
	}{
		{lantern, "firstSeason", []int{1}},
		{tides, "none", nil},
	} {
		looked, _, err := e.c.Lookup(ctx, c.tvdb)
		if err != nil {
			t.Fatal(err)
		}
		s, err := e.c.AddSeries(ctx, looked, AddOptions{QualityProfileID: 1, RootFolderPath: "/tv", Monitor: c.monitor})
		if err != nil {
			t.Fatal(err)
		}
		eps, _ := e.c.Episodes(ctx, s.ID)
		if got := monitoredSeasons(t, eps); !slices.Equal(got, c.want) || s.Monitored != (c.monitor != "none") {
			t.Errorf("%s: monitored seasons %v, series monitored %v", c.monitor, got, s.Monitored)
		}
	}
}

// TestUnknownTitleAndFailures: lookups and adds of ids TVDB lacks, a service
// that is down, and a key it refuses.
func TestUnknownTitleAndFailures(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	if s, ok, err := e.c.Lookup(ctx, 123); err != nil || ok {
		t.Errorf("Lookup of an unknown id: %v %v %+v", err, ok, s)
	}
	_, err := e.c.AddSeries(ctx, Series{TVDBID: 123, Title: "Nothing", Year: 2001}, AddOptions{QualityProfileID: 1, RootFolderPath: "/tv", Monitor: "all"})
	var ae *Error
	if !errors.As(err, &ae) || ae.Failure.Status != http.StatusBadRequest || errors.Is(err, ErrAlreadyExists) {
		t.Errorf("AddSeries of an unknown id: %v", err)
	}
	e.fake.SetDown(simarr.Unavailable)
	if _, err := e.c.Episodes(ctx, 1); arr.FailureOf(err) != (httpx.Failure{Kind: httpx.KindHTTPStatus, Status: 503}) || errors.Is(err, ErrNotFound) {
		t.Errorf("down: %v", err)
	}
	e.fake.SetDown(simarr.Up)
	if _, err := e.c.Series(ctx, 42); !errors.Is(err, ErrNotFound) {
		t.Errorf("Series of an unknown id: %v", err)
	}
}
