package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/lemedia/lemedia/internal/store"
)

// errSkipped ends a run that had nothing to do (e.g. no service configured).
var errSkipped = errors.New("skipped")

// Progress lets a running job show how far it has got on the jobs page.
// Updates are written at most once a second.
type Progress struct {
	r     *Runner
	runID int64
	mu    sync.Mutex
	last  time.Time
}

// Set shows text as the run's progress.
func (p *Progress) Set(ctx context.Context, text string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	now := time.Now()
	due := now.Sub(p.last) >= time.Second
	if due {
		p.last = now
	}
	p.mu.Unlock()
	if due {
		if err := store.SetJobRunProgress(ctx, p.r.st.DB, p.runID, text); err != nil && ctx.Err() == nil {
			p.r.cfg.Log.Warn("job progress not saved", "error", err)
		}
	}
}

// record runs do as one recorded run of job: a row when it starts, its
// outcome, counts and error when it ends.
func record[T river.JobArgs](ctx context.Context, r *Runner, job *river.Job[T],
	do func(ctx context.Context, p *Progress) (counts any, err error)) error {
	runID, err := store.StartJobRun(ctx, r.st.DB, job.Kind, job.ID, job.Attempt, r.cfg.Now())
	if err != nil {
		return err
	}
	counts, err := do(ctx, &Progress{r: r, runID: runID})
	outcome, errText := "ok", ""
	switch {
	case errors.Is(err, errSkipped):
		outcome, errText, err = "skipped", err.Error(), nil
	case err != nil:
		outcome, errText = "failed", err.Error()
	}
	countsJSON := ""
	if counts != nil {
		b, _ := json.Marshal(counts)
		countsJSON = string(b)
	}
	// The run may have been cancelled; its row is still closed.
	finishCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if ferr := store.FinishJobRun(finishCtx, r.st.DB, runID, outcome, countsJSON, errText, r.cfg.Now()); ferr != nil {
		r.cfg.Log.Error("job run not recorded", "kind", job.Kind, "error", ferr)
	}
	if err != nil {
		r.cfg.Log.Warn("job failed", "kind", job.Kind, "attempt", job.Attempt, "error", err)
	}
	return err
}
