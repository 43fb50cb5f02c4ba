package browsertest_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/browsertest"
	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/store"
)

// simTime is the simulated services' clock: downloads finish when the test
// moves it on.
type simTime struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simTime) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *simTime) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// released is the first film out before today, and the first series whose
// first two seasons have aired.
func released(t *testing.T) (*catalog.Film, *catalog.Series) {
	t.Helper()
	today := time.Now().Format("2006-01-02")
	var f *catalog.Film
	for _, c := range catalog.Default().Films() {
		if c.ReleaseDate != "" && c.ReleaseDate < today {
			f = c
			break
		}
	}
	var s *catalog.Series
	for _, c := range catalog.Default().AllSeries() {
		if len(c.Seasons) >= 3 && c.Seasons[2].AirDate != "" && c.Seasons[2].AirDate < today {
			s = c
			break
		}
	}
	if f == nil || s == nil {
		t.Fatal("the catalogue has no released film or aired series")
	}
	return f, s
}

// TestRequestFlowsToAvailable: the owner adds Radarr and Sonarr from the
// simulated stack in the browser, requests a film and two seasons, the
// downloads finish, the status sync is run from the jobs page, and both
// requests show Available.
func TestRequestFlowsToAvailable(t *testing.T) {
	clock := &simTime{t: time.Now()}
	lib := library.New()
	radarr, err := arr.NewRadarr(arr.Options{APIKey: simRadarrKey, Library: lib, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	sonarr, err := arr.NewSonarr(arr.Options{APIKey: simSonarrKey, Library: lib, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	radarrURL, sonarrURL := simArr(t, radarr, simRadarrKey), simArr(t, sonarr, simSonarrKey)

	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL, browsertest.Timeout(4*time.Minute))
	b.SetViewport(1280, 900)
	ensureSetUp(t, b)
	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/")
	addArr(t, b, "radarr", "Radarr", "Films", radarrURL, simRadarrKey)
	addArr(t, b, "sonarr", "Sonarr", "Series", sonarrURL, simSonarrKey)

	f, s := released(t)
	b.Navigate(moviePath(f))
	b.ClickNavigate(`form.request-form button[type="submit"]`)
	filmID := onRequestPage(t, b)
	b.Navigate(seriesPath(s))
	for _, n := range []int{1, 2} {
		openSeason(t, b, n)
		b.Click(seasonBox(n))
	}
	b.ClickNavigate(`form.season-form .season-actions button[type="submit"]:not([form])`)
	seriesID := onRequestPage(t, b)

	status := func(id int64) domain.RequestStatus {
		r, err := store.RequestByID(context.Background(), srv.App.Store.DB, id)
		if err != nil {
			t.Fatal(err)
		}
		return r.Status
	}
	waitFor(t, "both requests sent", 30*time.Second, func() bool {
		return status(filmID) == domain.StatusProcessing && status(seriesID) == domain.StatusProcessing
	})

	clock.Add(3 * time.Minute) // past the simulated download time
	radarr.Settle()
	sonarr.Settle()
	b.Navigate("/admin/jobs")
	b.ClickNavigate(`#job-request_status_sync form[action$="/run"] button`)
	if got := b.Text(".flash-ok"); !strings.Contains(got, "queued") {
		t.Errorf("after Run now: %q", got)
	}
	waitFor(t, "both requests available", 30*time.Second, func() bool {
		return status(filmID) == domain.StatusAvailable && status(seriesID) == domain.StatusAvailable
	})
	for _, id := range []int64{filmID, seriesID} {
		b.Navigate("/requests/" + strconv.FormatInt(id, 10))
		if got := requestStatus(b); got != "Available" {
			t.Errorf("request %d shows %q", id, got)
		}
	}
	b.Navigate(moviePath(f))
	if got := b.Text(".title-status"); !strings.Contains(got, "Available") {
		t.Errorf("the film page says %q", got)
	}
	shot(t, b, "lemedia-flow-available.png")
	b.AssertClean()
	for name, v := range map[string]int{"Radarr": len(radarr.Violations()), "Sonarr": len(sonarr.Violations())} {
		if v > 0 {
			t.Errorf("%d requests to %s broke its spec", v, name)
		}
	}
}

// TestJobsPageFollowsARunningJob: while a job runs, the jobs page reloads
// itself to show its progress; with nothing running it stays put.
func TestJobsPageFollowsARunningJob(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL, browsertest.Timeout(2*time.Minute))
	b.SetViewport(1280, 900)
	ensureSetUp(t, b)
	signIn(t, b, ownerLogin, ownerPassword)
	if _, err := srv.App.Store.DB.Exec(`INSERT INTO job_run (kind, river_job_id, attempt, started_at, outcome, progress)
		VALUES ('library_full_sync', 0, 1, $1, 'running', 'server 1: 4000 items read')`, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	b.Navigate("/admin/jobs")
	browsertest.Eval[bool](b, `window.__sameDocument = true`)
	waitFor(t, "the page to reload itself", 10*time.Second, func() bool {
		return !browsertest.Eval[bool](b, `window.__sameDocument === true`)
	})
	if _, err := srv.App.Store.DB.Exec(`DELETE FROM job_run`); err != nil {
		t.Fatal(err)
	}
	b.Navigate("/admin/jobs")
	browsertest.Eval[bool](b, `window.__sameDocument = true`)
	time.Sleep(4 * time.Second)
	if !browsertest.Eval[bool](b, `window.__sameDocument === true`) {
		t.Error("the page reloaded with nothing running")
	}
	b.AssertClean()
}
