-- +goose Up
CREATE TABLE request_comment (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES media_request (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    staff_only BOOLEAN NOT NULL DEFAULT FALSE,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX request_comment_request ON request_comment (request_id, id);

CREATE TABLE media_issue (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    media_type  TEXT NOT NULL CHECK (media_type IN ('movie', 'tv')),
    tmdb_id     BIGINT NOT NULL,
    title       TEXT NOT NULL,
    season      INTEGER NOT NULL DEFAULT 0,
    episode     INTEGER NOT NULL DEFAULT 0,
    kind        TEXT NOT NULL CHECK (kind IN ('video', 'audio', 'subtitles', 'other')),
    description TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_issue_status ON media_issue (status, id);
CREATE INDEX media_issue_user ON media_issue (user_id, id);

CREATE TABLE issue_comment (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    issue_id   BIGINT NOT NULL REFERENCES media_issue (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX issue_comment_issue ON issue_comment (issue_id, id);

-- +goose Down
DROP TABLE issue_comment;
DROP TABLE media_issue;
DROP TABLE request_comment;
