// Package jobs runs LeMedia's background work on River, in the same
// database as everything else (SQLite or PostgreSQL): the hand-off of
// approved requests, the syncs with Radarr, Sonarr, Jellyfin and Plex, and
// clean-ups. Jobs survive restarts, retry with backoff, and a periodic job
// runs once per due time however many instances share the database.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
)

// Config tunes the runner; zero values take the defaults.
type Config struct {
	PollInterval time.Duration // how often idle workers look for jobs (1 s)
	TickInterval time.Duration // how often the leader looks for due periodic jobs (15 s)
	RetryBase    time.Duration // first retry delay, doubling per attempt up to an hour (15 s;
	// with 10 attempts the last comes about two hours after approval)
	RescueAfter time.Duration // a job running this long is presumed lost with its process (15 min)
	MaxWorkers  int           // jobs worked at once by this process (4)
	Attempts    int           // tries of one hand-off before its request fails (10)
	Log         *slog.Logger
	Now         func() time.Time
}

func (c *Config) defaults() {
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.TickInterval <= 0 {
		c.TickInterval = 15 * time.Second
	}
	if c.RetryBase <= 0 {
		c.RetryBase = 15 * time.Second
	}
	if c.RescueAfter <= 0 {
		c.RescueAfter = time.Hour
	}
	if c.MaxWorkers <= 0 {
		c.MaxWorkers = 4
	}
	if c.Attempts <= 0 {
		c.Attempts = 10
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Runner owns the River client and implements service.Handoff and
// service.JobControl.
type Runner struct {
	cfg    Config
	st     *store.Store
	svc    *service.Service
	client *river.Client[*sql.Tx]
}

// activeStates are the states in which a job counts as queued or running:
// a second insert of the same unique job while one is in them is skipped.
var activeStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

func driver(st *store.Store) riverdriver.Driver[*sql.Tx] {
	if st.Engine == store.Postgres {
		return riverdatabasesql.New(st.DB)
	}
	return riversqlite.New(st.DB)
}

// Migrate creates or updates River's own tables.
func Migrate(ctx context.Context, st *store.Store) error {
	m, err := rivermigrate.New(driver(st), nil)
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	return nil
}

// New builds the runner; Start begins working jobs.
func New(st *store.Store, svc *service.Service, cfg Config) (*Runner, error) {
	cfg.defaults()
	r := &Runner{cfg: cfg, st: st, svc: svc}
	workers := river.NewWorkers()
	river.AddWorker(workers, &handoffWorker{r: r})
	river.AddWorker(workers, &tickWorker{r: r})
	for _, p := range periodics {
		p.register(workers, r)
	}
	client, err := river.NewClient(driver(st), &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.MaxWorkers}},
		Workers:              workers,
		FetchPollInterval:    cfg.PollInterval,
		FetchCooldown:        min(cfg.PollInterval, 100*time.Millisecond),
		RescueStuckJobsAfter: cfg.RescueAfter,
		JobTimeout:           min(time.Minute, cfg.RescueAfter),
		RetryPolicy:          backoff{base: cfg.RetryBase},
		Logger:               quiet(cfg.Log),
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cfg.TickInterval),
			func() (river.JobArgs, *river.InsertOpts) { return tickArgs{}, uniqueOpts() },
			&river.PeriodicJobOpts{RunOnStart: true})},
	})
	if err != nil {
		return nil, err
	}
	r.client = client
	return r, nil
}

// Start seeds missing schedules and starts working.
func (r *Runner) Start(ctx context.Context) error {
	now := r.cfg.Now()
	for _, p := range periodics {
		if err := store.EnsureJobSchedule(ctx, r.st.DB, p.kind.Kind, p.kind.Default, now.Add(p.firstRun), now); err != nil {
			return err
		}
	}
	return r.client.Start(ctx)
}

// Stop lets running jobs finish (until ctx ends) and stops.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return r.client.StopAndCancel(context.Background())
	}
	return err
}

// Enqueue queues the hand-off of an approved request inside the approving
// transaction.
func (r *Runner) Enqueue(ctx context.Context, tx *store.Tx, requestID int64) error {
	_, err := r.client.InsertTx(ctx, tx.Tx, service.HandoffArgs{RequestID: requestID}, &river.InsertOpts{MaxAttempts: r.cfg.Attempts})
	return err
}

// EnqueueOnce is Enqueue unless a hand-off of the request is queued or
// running already.
func (r *Runner) EnqueueOnce(ctx context.Context, tx *store.Tx, requestID int64) error {
	_, err := r.client.InsertTx(ctx, tx.Tx, service.HandoffArgs{RequestID: requestID}, &river.InsertOpts{
		MaxAttempts: r.cfg.Attempts,
		UniqueOpts:  river.UniqueOpts{ByArgs: true, ByState: activeStates},
	})
	return err
}

// RunNow queues a periodic job at once.
func (r *Runner) RunNow(ctx context.Context, kind string) (bool, error) {
	p, ok := periodicByKind(kind)
	if !ok {
		return false, service.ErrUnknownJob
	}
	res, err := r.client.Insert(ctx, p.args(), uniqueOpts())
	if err != nil {
		return false, err
	}
	return !res.UniqueSkippedAsDuplicate, nil
}

// Kinds lists the periodic jobs.
func (r *Runner) Kinds() []service.JobKind {
	out := make([]service.JobKind, len(periodics))
	for i, p := range periodics {
		out[i] = p.kind
	}
	return out
}

// uniqueOpts makes a job kind run at most once at a time across instances.
func uniqueOpts() *river.InsertOpts {
	return &river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByState: activeStates}}
}

// backoff doubles the delay per attempt from base, up to an hour.
type backoff struct{ base time.Duration }

func (b backoff) NextRetry(job *rivertype.JobRow) time.Time {
	d := b.base
	for i := 1; i < job.Attempt && d < time.Hour; i++ {
		d *= 2
	}
	return time.Now().Add(min(d, time.Hour))
}

// quiet keeps River's own logging to warnings and above.
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(levelFloor{l.Handler(), slog.LevelWarn})
}

type levelFloor struct {
	slog.Handler
	floor slog.Level
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.floor && h.Handler.Enabled(ctx, l)
}

func (h levelFloor) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFloor{h.Handler.WithAttrs(a), h.floor}
}

func (h levelFloor) WithGroup(name string) slog.Handler {
	return levelFloor{h.Handler.WithGroup(name), h.floor}
}
