-- +goose Up
-- When each periodic job runs next; the interval is a setting an admin edits.
CREATE TABLE job_schedule (
    kind             TEXT PRIMARY KEY,
    interval_seconds INTEGER NOT NULL CHECK (interval_seconds >= 60),
    paused           BOOLEAN NOT NULL DEFAULT FALSE,
    next_run_at      TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

-- One row per run of a job, kept for the admin's history.
CREATE TABLE job_run (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL,
    river_job_id BIGINT NOT NULL,
    attempt      INTEGER NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    outcome      TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed', 'skipped')),
    progress     TEXT NOT NULL DEFAULT '',
    counts       TEXT NOT NULL DEFAULT '',
    error        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_run_kind ON job_run (kind, id);
CREATE INDEX job_run_started ON job_run (started_at);

-- +goose Down
DROP TABLE job_run;
DROP TABLE job_schedule;
