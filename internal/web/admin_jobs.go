package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/service"
)

type adminJobsView struct {
	*form
	Jobs    []jobRow
	History []service.JobRun
	Kind    string // the history's filter; empty: every kind
	Older   string // link to older history
	Running bool   // a job is running: the page refreshes itself to show its progress
}

type jobRow struct {
	service.JobsOverview
	Minutes  int
	Duration string
}

var jobNotices = map[string]string{
	"queued":   "The job is queued and starts within seconds.",
	"running":  "That job is already queued or running; it was not queued twice.",
	"schedule": "Schedule saved.",
}

func (p *Pages) adminJobsShow(w http.ResponseWriter, r *http.Request) {
	p.renderJobs(w, r, http.StatusOK, emptyForm(jobNotices[r.URL.Query().Get("done")]))
}

func (p *Pages) renderJobs(w http.ResponseWriter, r *http.Request, status int, f *form) {
	pr, _ := principal(r)
	jobs, err := p.svc.Jobs(r.Context(), pr)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := &adminJobsView{form: f, Kind: r.URL.Query().Get("kind")}
	for _, j := range jobs {
		row := jobRow{JobsOverview: j, Minutes: int(j.Schedule.Interval / time.Minute)}
		if !j.Last.FinishedAt.IsZero() {
			row.Duration = j.Last.FinishedAt.Sub(j.Last.StartedAt).Round(time.Millisecond).String()
		}
		v.Jobs = append(v.Jobs, row)
		v.Running = v.Running || j.Last.Outcome == "running"
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	v.History, err = p.svc.JobHistory(r.Context(), pr, service.JobRunsFilter{Kind: v.Kind, BeforeID: before, Limit: 50})
	if err != nil {
		p.fail(w, r, err)
		return
	}
	if n := len(v.History); n == 50 {
		q := r.URL.Query()
		q.Set("before", strconv.FormatInt(v.History[n-1].ID, 10))
		q.Del("done")
		v.Older = "/admin/jobs?" + q.Encode()
	}
	p.render(w, r, status, "admin_jobs", "Jobs", v)
}

func (p *Pages) adminJobRunSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	queued, err := p.svc.RunJobNow(r.Context(), meta(r), pr, r.PathValue("kind"))
	switch {
	case errors.Is(err, service.ErrUnknownJob):
		p.RenderError(w, r, http.StatusNotFound, "")
	case err != nil:
		p.fail(w, r, err)
	case queued:
		http.Redirect(w, r, "/admin/jobs?done=queued", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/admin/jobs?done=running", http.StatusSeeOther)
	}
}

func (p *Pages) adminJobScheduleSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	kind := r.PathValue("kind")
	minutes, err := strconv.Atoi(strings.TrimSpace(f.Get("minutes")))
	if err != nil {
		f.Errors["minutes_"+kind] = "must be a whole number of minutes"
		p.renderJobs(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	err = p.svc.ScheduleJob(r.Context(), meta(r), pr, kind, time.Duration(minutes)*time.Minute, f.Get("paused") == "yes")
	var fe *service.FieldError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/jobs?done=schedule", http.StatusSeeOther)
	case errors.Is(err, service.ErrUnknownJob):
		p.RenderError(w, r, http.StatusNotFound, "")
	case errors.As(err, &fe):
		f.Errors["minutes_"+kind] = "The interval " + fe.Message + "."
		p.renderJobs(w, r, http.StatusUnprocessableEntity, f)
	default:
		p.fail(w, r, err)
	}
}
