package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/lemedia/lemedia/internal/service"
)

type handoffWorker struct {
	river.WorkerDefaults[service.HandoffArgs]
	r *Runner
}

func (w *handoffWorker) Work(ctx context.Context, job *river.Job[service.HandoffArgs]) error {
	return record(ctx, w.r, job, func(ctx context.Context, _ *Progress) (any, error) {
		err := w.r.svc.HandOff(ctx, job.Args.RequestID, job.Attempt >= job.MaxAttempts)
		if errors.Is(err, service.ErrNoDownloadService) {
			// Not a failure of this request: it waits, approved, for an
			// admin to set the service up (the status sync sends it then).
			return nil, errors.Join(errSkipped, err)
		}
		return map[string]int64{"request_id": job.Args.RequestID}, err
	})
}

// Timeout: a slow Radarr answering a lookup and an add; never past the
// point where the job would be presumed lost and run again.
func (w *handoffWorker) Timeout(*river.Job[service.HandoffArgs]) time.Duration {
	return min(2*time.Minute, w.r.cfg.RescueAfter)
}
