package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
)

// periodic is one job that runs on a schedule an admin can change.
type periodic struct {
	kind     service.JobKind
	firstRun time.Duration // after the schedule is first created
	args     func() river.JobArgs
	register func(*river.Workers, *Runner)
}

var periodics = []periodic{
	define(service.JobKind{Kind: "request_status_sync", Title: "Request status sync",
		Description: "Follows every unfinished request in Radarr and Sonarr: download progress, files, removals; sends approved requests that are still waiting.",
		Default:     5 * time.Minute}, 30*time.Second, statusSyncArgs{},
		func(ctx context.Context, r *Runner, p *Progress) (any, error) {
			return r.svc.SyncRequestStatuses(ctx, func(s string) { p.Set(ctx, s) })
		}),
	define(service.JobKind{Kind: "library_recent_sync", Title: "Library sync (recently added)",
		Description: "Reads what Jellyfin and Plex added since the last scan and marks requests available.",
		Default:     15 * time.Minute}, time.Minute, recentSyncArgs{},
		func(ctx context.Context, r *Runner, p *Progress) (any, error) {
			return r.svc.SyncLibrary(ctx, false, func(s string) { p.Set(ctx, s) })
		}),
	define(service.JobKind{Kind: "library_full_sync", Title: "Library sync (full)",
		Description: "Reads all of Jellyfin and Plex, removes what is gone, and marks requests available, partially available or deleted.",
		Default:     6 * time.Hour}, 2*time.Minute, fullSyncArgs{},
		func(ctx context.Context, r *Runner, p *Progress) (any, error) {
			return r.svc.SyncLibrary(ctx, true, func(s string) { p.Set(ctx, s) })
		}),
	define(service.JobKind{Kind: "request_expiry", Title: "Pending request expiry",
		Description: "Declines pending requests older than the expiry set in Settings (off when 0).",
		Default:     time.Hour}, 5*time.Minute, expiryArgs{},
		func(ctx context.Context, r *Runner, p *Progress) (any, error) {
			n, err := r.svc.ExpireStalePending(ctx)
			return map[string]int{"expired": n}, err
		}),
	define(service.JobKind{Kind: "housekeeping", Title: "Clean-up",
		Description: "Removes expired sessions and password-reset tokens, old job history and audit rows past retention.",
		Default:     time.Hour}, time.Minute, housekeepingArgs{},
		func(ctx context.Context, r *Runner, p *Progress) (any, error) { return r.housekeeping(ctx) }),
}

type (
	statusSyncArgs struct{}
	recentSyncArgs struct{}
	fullSyncArgs   struct{}
	expiryArgs     struct{}
)

func (statusSyncArgs) Kind() string { return "request_status_sync" }
func (recentSyncArgs) Kind() string { return "library_recent_sync" }
func (fullSyncArgs) Kind() string   { return "library_full_sync" }
func (expiryArgs) Kind() string     { return "request_expiry" }

// define builds a periodic job from its description and what it does.
func define[T river.JobArgs](k service.JobKind, firstRun time.Duration, args T,
	do func(ctx context.Context, r *Runner, p *Progress) (any, error)) periodic {
	return periodic{kind: k, firstRun: firstRun,
		args: func() river.JobArgs { return args },
		register: func(w *river.Workers, r *Runner) {
			river.AddWorker(w, &periodicWorker[T]{r: r, do: do})
		}}
}

type periodicWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	r  *Runner
	do func(ctx context.Context, r *Runner, p *Progress) (any, error)
}

func (w *periodicWorker[T]) Work(ctx context.Context, job *river.Job[T]) error {
	return record(ctx, w.r, job, func(ctx context.Context, p *Progress) (any, error) { return w.do(ctx, w.r, p) })
}

// Timeout: syncs of a large library may take a while, but never past the
// point where the job would be presumed lost and run again.
func (w *periodicWorker[T]) Timeout(*river.Job[T]) time.Duration {
	return min(30*time.Minute, w.r.cfg.RescueAfter)
}

func periodicByKind(kind string) (periodic, bool) {
	for _, p := range periodics {
		if p.kind.Kind == kind {
			return p, true
		}
	}
	return periodic{}, false
}

// tickArgs is River's own periodic job: the leader inserts it every
// TickInterval, and it queues whichever schedules are due.
type tickArgs struct{}

func (tickArgs) Kind() string { return "schedule_tick" }

type tickWorker struct {
	river.WorkerDefaults[tickArgs]
	r *Runner
}

func (w *tickWorker) Work(ctx context.Context, _ *river.Job[tickArgs]) error {
	schedules, err := store.JobSchedules(ctx, w.r.st.DB)
	if err != nil {
		return err
	}
	now := w.r.cfg.Now()
	for _, sc := range schedules {
		p, ok := periodicByKind(sc.Kind)
		if !ok || sc.Paused || sc.NextRunAt.After(now) {
			continue
		}
		// Claim and queue in one transaction: exactly one instance moves
		// the schedule, and the job exists if and only if it did.
		err := w.r.st.WithTx(ctx, func(tx *store.Tx) error {
			claimed, err := store.ClaimDueJob(ctx, tx, sc, now)
			if err != nil || !claimed {
				return err
			}
			_, err = w.r.client.InsertTx(ctx, tx.Tx, p.args(), uniqueOpts())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type housekeepingArgs struct{}

func (housekeepingArgs) Kind() string { return "housekeeping" }

// housekeeping is the service's clean-up plus the job history's own.
func (r *Runner) housekeeping(ctx context.Context) (any, error) {
	counts, err := r.svc.Housekeeping(ctx)
	if err != nil {
		return counts, err
	}
	pruned, err := store.DeleteJobRunsBefore(ctx, r.st.DB, r.cfg.Now().Add(-jobHistoryKept))
	counts.JobRuns = pruned
	return counts, err
}

// jobHistoryKept is how long job runs stay on the history page.
const jobHistoryKept = 30 * 24 * time.Hour
