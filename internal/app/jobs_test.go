package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestAdminJobsPage(t *testing.T) { bothEngines(t, adminJobsPage) }

func adminJobsPage(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	page := owner.Get("/admin/jobs")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "Clean-up") || !strings.Contains(page.Body, "No runs yet") {
		t.Fatalf("jobs page: %d %s", page.Status, page.Body)
	}

	if strings.Contains(page.Body, "data-refresh-seconds") {
		t.Error("the page refreshes itself with nothing running")
	}
	// A running job (its progress shown) makes the page refresh itself.
	if _, err := s.App.Store.DB.Exec(`INSERT INTO job_run (kind, river_job_id, attempt, started_at, outcome, progress)
		VALUES ('library_full_sync', 0, 1, $1, 'running', 'server 1: 4000 items read')`, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	page = owner.Get("/admin/jobs")
	if !strings.Contains(page.Body, `data-refresh-seconds="3"`) || !strings.Contains(page.Body, "server 1: 4000 items read") {
		t.Errorf("a running job's progress is not shown live")
	}
	if _, err := s.App.Store.DB.Exec(`DELETE FROM job_run`); err != nil {
		t.Fatal(err)
	}

	// Run now: queued once, then recorded in the history.
	if p := owner.Submit("/admin/jobs", "/admin/jobs/housekeeping/run", nil); p.Location != "/admin/jobs?done=queued" {
		t.Fatalf("run now: %d %s", p.Status, p.Location)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		page = owner.Get("/admin/jobs")
		if strings.Contains(page.Body, `<span class="outcome outcome-ok">ok</span>`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recorded run: %s", page.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(page.Body, `sessions&#34;:0`) {
		t.Errorf("the run's counts are not shown")
	}

	// Schedule: bad intervals are refused with the field named; a good one
	// is saved and pausing shows.
	for _, bad := range []string{"0", "abc", "50000"} {
		p := owner.Submit("/admin/jobs", "/admin/jobs/housekeeping/schedule", url.Values{"minutes": {bad}})
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `role="alert"`) {
			t.Errorf("minutes=%s: %d", bad, p.Status)
		}
	}
	p := owner.Submit("/admin/jobs", "/admin/jobs/housekeeping/schedule", url.Values{"minutes": {"120"}, "paused": {"yes"}})
	if p.Location != "/admin/jobs?done=schedule" {
		t.Fatalf("schedule: %d %s", p.Status, p.Body)
	}
	page = owner.Get("/admin/jobs")
	if !strings.Contains(page.Body, `value="120"`) || !strings.Contains(page.Body, "not while paused") {
		t.Errorf("schedule not shown")
	}
	if p := owner.Submit("/admin/jobs", "/admin/jobs/nope/run", nil); p.Status != http.StatusNotFound {
		t.Errorf("unknown job: %d", p.Status)
	}

	// Nobody else sees or drives the jobs.
	createUser(t, s, owner, "member")
	member := s.NewBrowser(t)
	signIn(t, member, "member", "password of member")
	if p := member.Get("/admin/jobs"); p.Status == http.StatusOK {
		t.Errorf("a member sees the jobs page")
	}
	if p := member.Submit("/", "/admin/jobs/housekeeping/run", nil); p.Status < 400 {
		t.Errorf("a member ran a job: %d", p.Status)
	}
	if p := owner.Post("/admin/jobs/housekeeping/run", nil); p.Status != http.StatusForbidden {
		t.Errorf("no CSRF token: %d", p.Status)
	}
}
