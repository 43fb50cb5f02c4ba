package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/upstream/jellyfin"
	"github.com/lemedia/lemedia/internal/upstream/sonarr"
)

// simClock is the simulated stack's time: downloads finish when a test
// moves it on.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *simClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// stack is a simulated Radarr, Sonarr and Jellyfin sharing one library.
type stack struct {
	clock          *simClock
	lib            *library.Library
	radarr         *arr.Radarr
	sonarr         *arr.Sonarr
	jellyfin       *mediaserver.Jellyfin
	radarrURL      string
	sonarrURL      string
	jellyfinURL    string
	radarrRequests func() int
}

func startStack(t *testing.T) *stack {
	t.Helper()
	st := &stack{clock: &simClock{t: time.Now()}, lib: library.New()}
	var err error
	st.radarr, err = arr.NewRadarr(arr.Options{APIKey: "radarr-key", Library: st.lib, Now: st.clock.Now, DownloadTime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	st.sonarr, err = arr.NewSonarr(arr.Options{APIKey: "sonarr-key", Library: st.lib, Now: st.clock.Now, DownloadTime: time.Hour,
		RootFolders: []string{"/tv", "/anime"}})
	if err != nil {
		t.Fatal(err)
	}
	st.jellyfin, err = mediaserver.NewJellyfin(st.lib, mediaserver.JellyfinOptions{Token: "jellyfin-key"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		h   http.Handler
		url *string
	}{{st.radarr, &st.radarrURL}, {st.sonarr, &st.sonarrURL}, {st.jellyfin, &st.jellyfinURL}} {
		srv := httptest.NewServer(s.h)
		t.Cleanup(srv.Close)
		*s.url = srv.URL
	}
	t.Cleanup(func() {
		for _, v := range append(append(st.radarr.Violations(), st.sonarr.Violations()...), st.jellyfin.Violations()...) {
			t.Errorf("spec violation: %s", v)
		}
	})
	return st
}

// configure adds the stack's services as the owner would on the admin page.
func (st *stack) configure(t *testing.T, s *apptest.Server) {
	t.Helper()
	ctx := context.Background()
	svc := s.App.Service
	res, err := svc.Login(ctx, service.Meta{}, "owner", ownerPw)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Authenticate(ctx, service.Meta{}, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	jc, err := jellyfin.New(jellyfin.Options{BaseURL: st.jellyfinURL, Token: secret.New("jellyfin-key"), HTTPClient: http.DefaultClient})
	if err != nil {
		t.Fatal(err)
	}
	libs, err := jc.Libraries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var libIDs []string
	for _, l := range libs {
		libIDs = append(libIDs, l.ID)
	}
	for _, ms := range []service.MediaService{
		{Kind: service.ServiceRadarr, Name: "Radarr", BaseURL: st.radarrURL, APIKey: secret.New("radarr-key"), Default: true, Enabled: true,
			Arr: service.ArrSettings{QualityProfileID: 1, RootFolder: "/movies", MinimumAvailability: "released"}},
		{Kind: service.ServiceSonarr, Name: "Sonarr", BaseURL: st.sonarrURL, APIKey: secret.New("sonarr-key"), Default: true, Enabled: true,
			Arr: service.ArrSettings{QualityProfileID: 1, RootFolder: "/tv", SeriesType: "standard", SeasonFolders: true, LanguageProfileID: 1,
				AnimeQualityProfileID: 2, AnimeRootFolder: "/anime"}},
		{Kind: service.ServiceJellyfin, Name: "Jellyfin", BaseURL: st.jellyfinURL, APIKey: secret.New("jellyfin-key"), Enabled: true,
			Library: service.LibrarySettings{Libraries: libIDs}},
	} {
		if _, err := svc.CreateMediaService(ctx, service.Meta{}, p, service.MediaServiceInput{MediaService: ms}); err != nil {
			t.Fatalf("add %s: %v", ms.Kind, err)
		}
	}
}

// dumpJobs logs the job queue and history, to tell why a wait timed out.
func dumpJobs(t *testing.T, s *apptest.Server) {
	t.Helper()
	runs, _ := store.JobRuns(context.Background(), s.App.Store.DB, store.JobRunsFilter{Limit: 20})
	for _, r := range runs {
		t.Logf("run %d %s attempt %d %s %s", r.ID, r.Kind, r.Attempt, r.Outcome, r.Error)
	}
	rows, err := s.App.Store.DB.Query(`SELECT id, kind, state, attempt FROM river_job ORDER BY id`)
	if err != nil {
		t.Log(err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id, attempt int64
		var kind, state string
		_ = rows.Scan(&id, &kind, &state, &attempt)
		t.Logf("river job %d %s %s attempt %d", id, kind, state, attempt)
	}
}

// pathOf drops the query of a redirect.
func pathOf(location string) string { return strings.SplitN(location, "?", 2)[0] }

func requestRow(t *testing.T, s *apptest.Server, id string) domain.Request {
	t.Helper()
	var n int64
	for _, c := range id {
		n = n*10 + int64(c-'0')
	}
	r, err := store.RequestByID(context.Background(), s.App.Store.DB, n)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func waitStatus(t *testing.T, s *apptest.Server, id string, want domain.RequestStatus) domain.Request {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := requestRow(t, s, id)
		if r.Status == want {
			return r
		}
		if time.Now().After(deadline) {
			dumpJobs(t, s)
			t.Fatalf("request %s is %s, want %s", id, r.Status, want)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func runJob(t *testing.T, s *apptest.Server, kind string) {
	t.Helper()
	ctx := context.Background()
	before, _ := store.JobRuns(ctx, s.App.Store.DB, store.JobRunsFilter{Kind: kind, Limit: 1})
	deadline := time.Now().Add(20 * time.Second)
	// A run that just ended counts as running until River records its end.
	for queued := false; !queued; time.Sleep(20 * time.Millisecond) {
		var err error
		if queued, err = s.App.Jobs.RunNow(ctx, kind); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not queued", kind)
		}
	}
	for {
		runs, _ := store.JobRuns(ctx, s.App.Store.DB, store.JobRunsFilter{Kind: kind, Limit: 1})
		if len(runs) == 1 && (len(before) == 0 || runs[0].ID != before[0].ID) && runs[0].Outcome != "running" {
			if runs[0].Outcome != "ok" {
				t.Fatalf("%s: %s %s", kind, runs[0].Outcome, runs[0].Error)
			}
			return
		}
		if time.Now().After(deadline) {
			dumpJobs(t, s)
			t.Fatalf("%s did not run", kind)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func TestRequestTravelsToAvailable(t *testing.T) { bothEngines(t, requestTravelsToAvailable) }

func requestTravelsToAvailable(t *testing.T, o apptest.Options) {
	st := startStack(t)
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	st.configure(t, s)
	createUser(t, s, owner, "rita")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")

	film := rita.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}})
	series := rita.Submit("/requests", "/requests", url.Values{"type": {"tv"}, "tmdb_id": {"9100001"}, "season": {"1", "2"}})
	filmPath, seriesPath := pathOf(film.Location), pathOf(series.Location)
	filmID := strings.TrimPrefix(filmPath, "/requests/")
	seriesID := strings.TrimPrefix(seriesPath, "/requests/")
	for _, path := range []string{filmPath, seriesPath} {
		if p := owner.Submit(path, path+"/approve", nil); p.Status != http.StatusSeeOther {
			t.Fatalf("approve %s: %d", path, p.Status)
		}
	}
	// The hand-off added the film to Radarr and the series to Sonarr.
	f := waitStatus(t, s, filmID, domain.StatusProcessing)
	sr := waitStatus(t, s, seriesID, domain.StatusProcessing)
	if f.ExternalID == 0 || sr.ExternalID == 0 {
		t.Fatalf("no Radarr/Sonarr ids recorded: %+v %+v", f, sr)
	}

	// Half-way: the status sync reads the queues' progress.
	st.clock.Add(30 * time.Minute)
	runJob(t, s, "request_status_sync")
	if f := requestRow(t, s, filmID); f.Status != domain.StatusProcessing || f.Progress < 40 || f.Progress > 60 {
		t.Fatalf("film half-way: %s %d%%", f.Status, f.Progress)
	}

	// Downloaded: in Jellyfin, and the library sync makes both available.
	st.clock.Add(time.Hour)
	st.radarr.Settle()
	st.sonarr.Settle()
	runJob(t, s, "library_full_sync")
	waitStatus(t, s, filmID, domain.StatusAvailable)
	got := waitStatus(t, s, seriesID, domain.StatusAvailable)
	for _, it := range got.Items {
		if it.Status != domain.StatusAvailable || it.Season > 2 {
			t.Fatalf("episode %+v", it)
		}
	}
	if p := rita.Get(filmPath); !strings.Contains(p.Body, "Available") {
		t.Errorf("the requester does not see the film available")
	}

	// Gone from the library: deleted, and it can be requested again.
	st.lib.RemoveMovie(9000001)
	runJob(t, s, "library_full_sync")
	waitStatus(t, s, filmID, domain.StatusDeleted)
	if p := rita.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("request again after deletion: %d", p.Status)
	}
}

func TestHandoffSurvivesAnOutage(t *testing.T) {
	st := startStack(t)
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	st.configure(t, s)

	// Radarr down during approval, then back: retried, nothing duplicated.
	st.radarr.SetDown(arr.Unavailable)
	film := owner.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000002"}})
	id := strings.TrimPrefix(pathOf(film.Location), "/requests/")
	deadline := time.Now().Add(10 * time.Second)
	for {
		runs, _ := store.JobRuns(context.Background(), s.App.Store.DB, store.JobRunsFilter{Kind: "request_handoff", Limit: 5})
		if len(runs) > 0 && runs[0].Outcome == "failed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no failed attempt while Radarr was down")
		}
		time.Sleep(20 * time.Millisecond)
	}
	st.radarr.SetDown(arr.Up)
	waitStatus(t, s, id, domain.StatusProcessing)

	// Radarr down for good: failed with a reason; retry works once it is back.
	st.radarr.SetDown(arr.Unavailable)
	film2 := owner.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000003"}})
	film2Path := pathOf(film2.Location)
	id2 := strings.TrimPrefix(film2Path, "/requests/")
	waitStatus(t, s, id2, domain.StatusFailed)
	if p := owner.Get(film2Path); !strings.Contains(p.Body, "sending failed") {
		t.Errorf("no readable reason on the request page")
	}
	st.radarr.SetDown(arr.Up)
	if p := owner.Submit(film2Path, film2Path+"/approve", nil); p.Status != http.StatusSeeOther { // the Retry button
		t.Fatalf("retry: %d %s", p.Status, p.Body)
	}
	waitStatus(t, s, id2, domain.StatusProcessing)

	// Radarr holds each film once.
	movies := 0
	for _, r := range st.radarr.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL, "/api/v3/movie") {
			movies++
		}
	}
	if movies != 2 {
		t.Fatalf("%d films added to Radarr, want 2", movies)
	}
}

func TestAnimeGoesToSonarrAsAnime(t *testing.T) {
	st := startStack(t)
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	st.configure(t, s)
	for _, id := range []string{"9100015", "9100001"} { // Japanese animation, and not
		p := owner.Submit("/requests", "/requests", url.Values{"type": {"tv"}, "tmdb_id": {id}, "season": {"1"}})
		waitStatus(t, s, strings.TrimPrefix(pathOf(p.Location), "/requests/"), domain.StatusProcessing)
	}
	c, err := sonarr.New(sonarr.Options{BaseURL: st.sonarrURL, APIKey: secret.New("sonarr-key"), HTTPClient: http.DefaultClient})
	if err != nil {
		t.Fatal(err)
	}
	for tmdbID, want := range map[int64][3]string{9100015: {"anime", "/anime", "2"}, 9100001: {"standard", "/tv", "1"}} {
		cs, _ := catalog.Default().Series(tmdbID)
		got, ok, err := c.FindByTVDB(context.Background(), cs.TVDBID)
		if err != nil || !ok {
			t.Fatalf("series %d not in Sonarr: %v", tmdbID, err)
		}
		if got.SeriesType != want[0] || !strings.HasPrefix(got.Path, want[1]+"/") || strconv.Itoa(got.QualityProfileID) != want[2] {
			t.Errorf("series %d: type %s, path %s, profile %d; want %v", tmdbID, got.SeriesType, got.Path, got.QualityProfileID, want)
		}
	}
}

// A Jellyfin added but not yet read does not decide availability: until its
// first scan, Radarr's files do, and nothing available is taken for deleted.
func TestUnscannedMediaServerDecidesNothing(t *testing.T) {
	st := startStack(t)
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	st.configure(t, s)
	p := owner.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}})
	id := strings.TrimPrefix(pathOf(p.Location), "/requests/")
	waitStatus(t, s, id, domain.StatusProcessing)
	st.clock.Add(2 * time.Hour)
	st.radarr.Settle()
	runJob(t, s, "request_status_sync")
	waitStatus(t, s, id, domain.StatusAvailable)
	runJob(t, s, "request_status_sync")
	if r := requestRow(t, s, id); r.Status != domain.StatusAvailable {
		t.Fatalf("after a second sync the film is %s", r.Status)
	}
}

// The hand-off goes through the outbound guard: a Radarr address at the
// cloud metadata service is never dialled, and the request fails with the
// reason.
func TestHandoffRefusesAMetadataAddress(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	setupOwner(t, s)
	ctx := context.Background()
	svc := s.App.Service
	res, err := svc.Login(ctx, service.Meta{}, "owner", ownerPw)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Authenticate(ctx, service.Meta{}, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.CreateMediaService(ctx, service.Meta{}, p, service.MediaServiceInput{MediaService: service.MediaService{
		Kind: service.ServiceRadarr, Name: "Radarr", BaseURL: "http://169.254.169.254", APIKey: secret.New("k"),
		Default: true, Enabled: true, Arr: service.ArrSettings{QualityProfileID: 1, RootFolder: "/movies"}}})
	if err != nil {
		t.Fatalf("the URL was refused at save (fine too, but this test needs it stored): %v", err)
	}
	owner := s.NewBrowser(t)
	signIn(t, owner, "owner", ownerPw)
	film := owner.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}})
	id := strings.TrimPrefix(pathOf(film.Location), "/requests/")
	waitStatus(t, s, id, domain.StatusFailed)
	events, err := store.RequestEvents(ctx, s.App.Store.DB, requestRow(t, s, id).ID)
	if err != nil {
		t.Fatal(err)
	}
	if reason := events[len(events)-1].Reason; !strings.Contains(reason, "refused") {
		t.Fatalf("failure reason %q does not say the address was refused", reason)
	}
}
