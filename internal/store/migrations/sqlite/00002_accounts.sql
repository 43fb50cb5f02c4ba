-- +goose Up
CREATE TABLE app_user (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username            TEXT NOT NULL,
    username_key        TEXT NOT NULL UNIQUE,
    email               TEXT NOT NULL,
    email_key           TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,
    permissions         BIGINT NOT NULL,
    is_owner            BOOLEAN NOT NULL DEFAULT FALSE,
    suspended_at        TIMESTAMP,
    mfa_secret          TEXT,
    mfa_enabled_at      TIMESTAMP,
    mfa_last_step       BIGINT NOT NULL DEFAULT 0,
    quota_movie_limit   INTEGER,
    quota_movie_days    INTEGER,
    quota_tv_limit      INTEGER,
    quota_tv_days       INTEGER,
    password_changed_at TIMESTAMP NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
-- At most one owner: two simultaneous setups cannot both succeed.
CREATE UNIQUE INDEX app_user_one_owner ON app_user (is_owner) WHERE is_owner;

CREATE TABLE mfa_recovery_code (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMP,
    UNIQUE (user_id, code_hash)
);

CREATE TABLE user_session (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    stage        TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    elevated_at  TIMESTAMP
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_expires ON user_session (expires_at);

CREATE TABLE password_reset (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX password_reset_user ON password_reset (user_id);

CREATE TABLE user_device (
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    device_key TEXT NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    last_seen  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, device_key)
);

CREATE TABLE security_notice (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX security_notice_user ON security_notice (user_id, id);

-- Append-only; each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TIMESTAMP NOT NULL,
    actor_id   BIGINT,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    ip         TEXT NOT NULL,
    request_id TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    metadata   TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE security_notice;
DROP TABLE user_device;
DROP TABLE password_reset;
DROP TABLE user_session;
DROP TABLE mfa_recovery_code;
DROP TABLE app_user;
