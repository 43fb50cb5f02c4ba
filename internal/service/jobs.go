package service

import (
	"context"
	"errors"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// HandoffArgs is the job that sends one approved request to Radarr or
// Sonarr. The service enqueues it in the approving transaction.
type HandoffArgs struct {
	RequestID int64 `json:"request_id"`
}

// Kind names the job in the queue.
func (HandoffArgs) Kind() string { return "request_handoff" }

// JobControl is what the admin jobs page needs of the job system.
type JobControl interface {
	// RunNow queues a periodic job at once; false when one is already
	// queued or running.
	RunNow(ctx context.Context, kind string) (bool, error)
	// Kinds lists the periodic jobs and their default intervals.
	Kinds() []JobKind
}

// JobKind describes one periodic job.
type JobKind struct {
	Kind        string
	Title       string
	Description string
	Default     time.Duration
}

// JobRun and JobRunsFilter are the job history as the pages see it.
type (
	JobRun        = store.JobRun
	JobRunsFilter = store.JobRunsFilter
)

// JobsOverview is the admin jobs page: each periodic job's schedule and
// newest run.
type JobsOverview struct {
	Kind     JobKind
	Schedule store.JobSchedule
	Last     store.JobRun // zero ID: never ran
}

// ErrUnknownJob is a job kind that does not exist.
var ErrUnknownJob = errors.New("no such job")

// MinJobInterval is the shortest schedule an admin may set.
const MinJobInterval = time.Minute

// Jobs lists the periodic jobs for an admin.
func (s *Service) Jobs(ctx context.Context, p Principal) ([]JobsOverview, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	if s.JobControl == nil {
		return nil, nil
	}
	schedules, err := store.JobSchedules(ctx, s.Store.DB)
	if err != nil {
		return nil, err
	}
	last, err := store.LatestJobRuns(ctx, s.Store.DB)
	if err != nil {
		return nil, err
	}
	byKind := map[string]store.JobSchedule{}
	for _, sc := range schedules {
		byKind[sc.Kind] = sc
	}
	var out []JobsOverview
	for _, k := range s.JobControl.Kinds() {
		out = append(out, JobsOverview{Kind: k, Schedule: byKind[k.Kind], Last: last[k.Kind]})
	}
	return out, nil
}

// JobHistory lists recorded runs, newest first, for an admin.
func (s *Service) JobHistory(ctx context.Context, p Principal, f store.JobRunsFilter) ([]store.JobRun, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	return store.JobRuns(ctx, s.Store.DB, f)
}

// RunJobNow queues a periodic job at once, for an admin.
func (s *Service) RunJobNow(ctx context.Context, m Meta, p Principal, kind string) (bool, error) {
	if err := requireAdmin(p); err != nil {
		return false, err
	}
	if s.JobControl == nil || !s.knownJob(kind) {
		return false, ErrUnknownJob
	}
	queued, err := s.JobControl.RunNow(ctx, kind)
	if err != nil {
		return false, err
	}
	s.recordAlone(ctx, m, &p.User, "job.run_now", "job:"+kind, "ok", map[string]any{"queued": queued})
	return queued, nil
}

// ScheduleJob sets a periodic job's interval and pause switch, for an admin.
// A paused job still runs when an admin asks for it.
func (s *Service) ScheduleJob(ctx context.Context, m Meta, p Principal, kind string, every time.Duration, paused bool) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	if s.JobControl == nil || !s.knownJob(kind) {
		return ErrUnknownJob
	}
	if every < MinJobInterval || every > 30*24*time.Hour {
		return fieldErr("interval", "must be between 1 minute and 30 days")
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.UpdateJobSchedule(ctx, tx, kind, every.Truncate(time.Second), paused, s.Now()); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "job.schedule", "job:"+kind, "ok",
			map[string]any{"interval_seconds": int64(every / time.Second), "paused": paused})
	})
}

func (s *Service) knownJob(kind string) bool {
	for _, k := range s.JobControl.Kinds() {
		if k.Kind == kind {
			return true
		}
	}
	return false
}

// requireAdmin refuses anyone without the admin permission.
func requireAdmin(p Principal) error {
	if !p.User.Permissions.Has(domain.PermAdmin) {
		return ErrForbidden
	}
	return nil
}
