package store

import (
	"context"
	"database/sql"
	"time"
)

// JobSchedule is when a periodic job runs next.
type JobSchedule struct {
	Kind      string
	Interval  time.Duration
	Paused    bool
	NextRunAt time.Time
	UpdatedAt time.Time
}

// EnsureJobSchedule adds a periodic job's schedule if it has none yet; an
// existing schedule (an admin's choice) is kept.
func EnsureJobSchedule(ctx context.Context, q Querier, kind string, interval time.Duration, firstRun, now time.Time) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO job_schedule (kind, interval_seconds, paused, next_run_at, updated_at)
		 VALUES ($1, $2, FALSE, $3, $4) ON CONFLICT (kind) DO NOTHING`,
		kind, int64(interval/time.Second), firstRun.UTC(), now.UTC())
	return err
}

// JobSchedules lists every schedule by kind.
func JobSchedules(ctx context.Context, q Querier) ([]JobSchedule, error) {
	return queryAll(ctx, q, `SELECT kind, interval_seconds, paused, next_run_at, updated_at FROM job_schedule ORDER BY kind`,
		nil, scanJobSchedule)
}

// JobScheduleByKind returns one schedule or ErrNotFound.
func JobScheduleByKind(ctx context.Context, q Querier, kind string) (JobSchedule, error) {
	list, err := queryAll(ctx, q, `SELECT kind, interval_seconds, paused, next_run_at, updated_at FROM job_schedule WHERE kind = $1`,
		[]any{kind}, scanJobSchedule)
	if err != nil {
		return JobSchedule{}, err
	}
	if len(list) == 0 {
		return JobSchedule{}, ErrNotFound
	}
	return list[0], nil
}

func scanJobSchedule(rows rowScanner) (JobSchedule, error) {
	var js JobSchedule
	var secs int64
	err := rows.Scan(&js.Kind, &secs, &js.Paused, &js.NextRunAt, &js.UpdatedAt)
	js.Interval = time.Duration(secs) * time.Second
	js.NextRunAt, js.UpdatedAt = js.NextRunAt.UTC(), js.UpdatedAt.UTC()
	return js, err
}

// ClaimDueJob moves a due, unpaused schedule (as read, with its interval)
// to its next run and reports whether this caller claimed it. The
// conditional update is the claim: of several instances ticking at once,
// exactly one sees the row change.
func ClaimDueJob(ctx context.Context, q Querier, js JobSchedule, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx,
		`UPDATE job_schedule SET next_run_at = $3, updated_at = $2
		 WHERE kind = $1 AND NOT paused AND next_run_at <= $2 AND interval_seconds = $4`,
		js.Kind, now.UTC(), now.Add(js.Interval).UTC(), int64(js.Interval/time.Second))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UpdateJobSchedule sets a schedule's interval and pause switch; the next
// run moves to now + interval when the interval changes.
func UpdateJobSchedule(ctx context.Context, q Querier, kind string, interval time.Duration, paused bool, now time.Time) error {
	res, err := q.ExecContext(ctx,
		`UPDATE job_schedule SET paused = $2, updated_at = $4,
		   next_run_at = CASE WHEN interval_seconds = $3 THEN next_run_at ELSE $5 END,
		   interval_seconds = $3
		 WHERE kind = $1`,
		kind, paused, int64(interval/time.Second), now.UTC(), now.Add(interval).UTC())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// JobRun is one recorded run of a job.
type JobRun struct {
	ID         int64
	Kind       string
	RiverJobID int64
	Attempt    int
	StartedAt  time.Time
	FinishedAt time.Time // zero while running
	Outcome    string    // running, ok, failed, skipped
	Progress   string
	Counts     string // JSON object of what the run did
	Error      string
}

// StartJobRun records a run as running and returns its id. Earlier runs of
// the same job still marked running were cut short (their process died and
// the job was rescued): they are closed as failed.
func StartJobRun(ctx context.Context, q Querier, kind string, riverJobID int64, attempt int, now time.Time) (int64, error) {
	if _, err := q.ExecContext(ctx, `UPDATE job_run SET outcome = 'failed', error = 'stopped before it finished (the process ended)',
		finished_at = $2 WHERE river_job_id = $1 AND outcome = 'running'`, riverJobID, now.UTC()); err != nil {
		return 0, err
	}
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO job_run (kind, river_job_id, attempt, started_at, outcome) VALUES ($1, $2, $3, $4, 'running') RETURNING id`,
		kind, riverJobID, attempt, now.UTC()).Scan(&id)
	return id, err
}

// SetJobRunProgress shows how far a running job has got.
func SetJobRunProgress(ctx context.Context, q Querier, id int64, progress string) error {
	_, err := q.ExecContext(ctx, `UPDATE job_run SET progress = $2 WHERE id = $1 AND outcome = 'running'`, id, progress)
	return err
}

// FinishJobRun records how a run ended.
func FinishJobRun(ctx context.Context, q Querier, id int64, outcome, counts, errText string, now time.Time) error {
	_, err := q.ExecContext(ctx,
		`UPDATE job_run SET outcome = $2, counts = $3, error = $4, finished_at = $5 WHERE id = $1`,
		id, outcome, counts, errText, now.UTC())
	return err
}

// JobRunsFilter narrows the history.
type JobRunsFilter struct {
	Kind     string // empty: all kinds
	BeforeID int64  // keyset: runs older than this id; 0 from the newest
	Limit    int
}

// JobRuns lists runs newest first.
func JobRuns(ctx context.Context, q Querier, f JobRunsFilter) ([]JobRun, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	w := filter{sql: `SELECT ` + jobRunColumns + ` FROM job_run WHERE 1=1`}
	if f.Kind != "" {
		w.and("kind =", f.Kind)
	}
	if f.BeforeID > 0 {
		w.and("id <", f.BeforeID)
	}
	query, args := w.limit("id DESC", f.Limit)
	return queryAll(ctx, q, query, args, scanJobRun)
}

// LatestJobRuns returns the newest run of each kind.
func LatestJobRuns(ctx context.Context, q Querier) (map[string]JobRun, error) {
	runs, err := queryAll(ctx, q, `SELECT `+jobRunColumns+` FROM job_run
		 WHERE id IN (SELECT MAX(id) FROM job_run GROUP BY kind)`, nil, scanJobRun)
	out := make(map[string]JobRun, len(runs))
	for _, r := range runs {
		out[r.Kind] = r
	}
	return out, err
}

// DeleteJobRunsBefore prunes history older than cutoff.
func DeleteJobRunsBefore(ctx context.Context, q Querier, cutoff time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM job_run WHERE started_at < $1 AND outcome <> 'running'`, cutoff.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

const jobRunColumns = `id, kind, river_job_id, attempt, started_at, finished_at, outcome, progress, counts, error`

func scanJobRun(rows rowScanner) (JobRun, error) {
	var r JobRun
	var finished sql.NullTime
	err := rows.Scan(&r.ID, &r.Kind, &r.RiverJobID, &r.Attempt, &r.StartedAt, &finished, &r.Outcome, &r.Progress, &r.Counts, &r.Error)
	r.StartedAt = r.StartedAt.UTC()
	if finished.Valid {
		r.FinishedAt = finished.Time.UTC()
	}
	return r, err
}
