package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// jobsPage drives the admin jobs page (/admin/jobs) as the signed-in owner
// would: "Run now", the schedules, and the job history it shows, which is
// the job_run table (a run's start and end, outcome and counts).
type jobsPage struct {
	t *Target
	s Session
}

// jobPoll is how often the page is read while a job runs. Each read costs
// the server a few milliseconds (the staff navigation counts every request
// on every page): at 10 a second that was 14 % of its CPU during a status
// sync; at 2 a second it is about 3 %, and the owner's budget (20 a second)
// is never near.
const jobPoll = 500 * time.Millisecond

// jobWait bounds one run.
const jobWait = 10 * time.Minute

func (p *jobsPage) do(ctx context.Context, method, path string, form url.Values) (*http.Response, string, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, p.t.BaseURL()+path, body)
	if err != nil {
		return nil, "", err
	}
	for k, v := range p.s.header() {
		req.Header.Set(k, v)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := pollClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	return resp, string(b), err
}

// page reads /admin/jobs?kind=kind.
func (p *jobsPage) page(ctx context.Context, kind string) (string, error) {
	resp, body, err := p.do(ctx, http.MethodGet, "/admin/jobs?kind="+url.QueryEscape(kind), nil)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET /admin/jobs answered %d", resp.StatusCode)
	}
	return body, nil
}

// submit posts one of the page's forms with its CSRF token and expects the
// redirect back to the page with done=want.
func (p *jobsPage) submit(ctx context.Context, path string, form url.Values, want string) error {
	page, err := p.page(ctx, "")
	if err != nil {
		return err
	}
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("no csrf_token on /admin/jobs")
	}
	form.Set("csrf_token", html.UnescapeString(m[1]))
	resp, body, err := p.do(ctx, http.MethodPost, path, form)
	if err != nil {
		return err
	}
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/admin/jobs?done="+want {
		return fmt.Errorf("POST %s answered %d to %q, want 303 to done=%s: %.300s", path, resp.StatusCode, loc, want, body)
	}
	return nil
}

var jobCard = regexp.MustCompile(`id="job-([a-z_]+)"`)

// pauseAll pauses every periodic job, so that only the runs the harness
// asks for run (a paused job still runs when asked).
func (p *jobsPage) pauseAll(ctx context.Context) error {
	page, err := p.page(ctx, "")
	if err != nil {
		return err
	}
	kinds := jobCard.FindAllStringSubmatch(page, -1)
	if len(kinds) == 0 {
		return fmt.Errorf("no jobs on /admin/jobs")
	}
	for _, k := range kinds {
		form := url.Values{"minutes": {"60"}, "paused": {"yes"}}
		if err := p.submit(ctx, "/admin/jobs/"+k[1]+"/schedule", form, "schedule"); err != nil {
			return err
		}
	}
	return nil
}

// jobRun is what the page shows of a kind's newest run.
type jobRun struct {
	runs     int // rows of the kind in the history (up to 50)
	finished bool
	outcome  string
	took     time.Duration
	counts   string
	errText  string
}

var (
	outcomeSpan = regexp.MustCompile(`<span class="outcome outcome-([a-z]+)">`)
	tookText    = regexp.MustCompile(`, took ([^<]+)</dd>`)
	countsCode  = regexp.MustCompile(`<code class="meta">([^<]*)</code>`)
	errorText   = regexp.MustCompile(`<dd class="outcome-failure">([^<]*)</dd>`)
)

// lastRun reads the card of kind (its newest run: outcome, duration as
// finished_at - started_at, counts) and counts its rows in the history.
func (p *jobsPage) lastRun(ctx context.Context, kind string) (jobRun, error) {
	page, err := p.page(ctx, kind)
	if err != nil {
		return jobRun{}, err
	}
	var r jobRun
	r.runs = strings.Count(page, `href="/admin/jobs?kind=`+kind+`#history"`)
	start := strings.Index(page, `id="job-`+kind+`"`)
	if start < 0 {
		return r, fmt.Errorf("no card of %s on /admin/jobs", kind)
	}
	card := page[start:]
	if end := strings.Index(card, "</article>"); end >= 0 {
		card = card[:end]
	}
	if m := outcomeSpan.FindStringSubmatch(card); m != nil {
		r.outcome = m[1]
	}
	if m := tookText.FindStringSubmatch(card); m != nil {
		if r.took, err = time.ParseDuration(strings.TrimSpace(m[1])); err != nil {
			return r, fmt.Errorf("%s: duration %q: %v", kind, m[1], err)
		}
		r.finished = true
	}
	if m := countsCode.FindStringSubmatch(card); m != nil {
		r.counts = html.UnescapeString(m[1])
	}
	if m := errorText.FindStringSubmatch(card); m != nil {
		r.errText = html.UnescapeString(m[1])
	}
	return r, nil
}

// runNow presses "Run now". Just after a run of the same kind, River may
// not have marked that job completed yet, and the page answers that one is
// running; it is pressed again then.
func (p *jobsPage) runNow(ctx context.Context, kind string) error {
	for try := 0; ; try++ {
		err := p.submit(ctx, "/admin/jobs/"+kind+"/run", url.Values{}, "queued")
		if err == nil || try == 50 || !strings.Contains(err.Error(), "done=running") {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(jobPoll):
		}
	}
}

// runJob presses "Run now" for kind and waits until its new run has
// finished; the figures are that run's record. The CPU and memory figures
// cover the harness's window, from the press until it saw the end.
func (p *jobsPage) runJob(ctx context.Context, kind string, sim *simProcess) (*SyncResult, error) {
	before, err := p.lastRun(ctx, kind)
	if err != nil {
		return nil, err
	}
	pid := p.t.Pid()
	resetPeakRSS(pid)
	cpu0, _ := processCPU(pid)
	sim0, _ := processCPU(sim.pid())
	self0 := selfCPU()
	busy0, _ := machineCPU()
	began := time.Now()
	if err := p.runNow(ctx, kind); err != nil {
		return nil, err
	}
	var run jobRun
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(jobPoll):
		}
		if !p.t.Alive() {
			return nil, fmt.Errorf("%s exited during %s%s", p.t.Kind, kind, p.t.logTail())
		}
		if run, err = p.lastRun(ctx, kind); err != nil {
			return nil, err
		}
		if run.runs > before.runs && run.finished {
			break
		}
		if time.Since(began) > jobWait {
			return nil, fmt.Errorf("%s did not finish within %s", kind, jobWait)
		}
	}
	res := &SyncResult{Job: kind, Duration: run.took, Counts: run.counts, Window: time.Since(began)}
	cpu1, _ := processCPU(pid)
	sim1, _ := processCPU(sim.pid())
	busy1, _ := machineCPU()
	res.ServerCPU, res.SimCPU = cpu1-cpu0, sim1-sim0
	res.OtherCPU = max(0, time.Duration(busy1-busy0)*clockTick-res.ServerCPU-res.SimCPU-(selfCPU()-self0))
	if mem, err := readMemory(pid); err == nil {
		res.PeakRSS = mem.HWM
	}
	if run.outcome != "ok" {
		return res, fmt.Errorf("%s: outcome %q: %s%s", kind, run.outcome, run.errText, p.t.logTail())
	}
	return res, nil
}
