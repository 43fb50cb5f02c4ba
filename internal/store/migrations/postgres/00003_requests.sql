-- +goose Up
CREATE TABLE media_request (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    requested_by   BIGINT NOT NULL,
    media_type     TEXT NOT NULL CHECK (media_type IN ('movie', 'tv')),
    tmdb_id        BIGINT NOT NULL,
    title          TEXT NOT NULL,
    poster_path    TEXT NOT NULL,
    status         TEXT NOT NULL,
    decline_reason TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_request_user ON media_request (user_id, id);
CREATE INDEX media_request_status ON media_request (status, id);
CREATE INDEX media_request_media ON media_request (media_type, tmdb_id);
CREATE INDEX media_request_quota ON media_request (user_id, media_type, created_at);

-- The episodes a series request asks for; none for a film.
CREATE TABLE request_item (
    request_id BIGINT NOT NULL REFERENCES media_request (id) ON DELETE CASCADE,
    season     INTEGER NOT NULL,
    episode    INTEGER NOT NULL,
    status     TEXT NOT NULL,
    PRIMARY KEY (request_id, season, episode)
);

-- One row per film or episode an active request holds. The primary key is
-- what makes a second request for the same thing impossible, even when two
-- arrive at the same moment. Film: season 0, episode 0.
CREATE TABLE media_claim (
    media_type TEXT NOT NULL,
    tmdb_id    BIGINT NOT NULL,
    season     INTEGER NOT NULL,
    episode    INTEGER NOT NULL,
    request_id BIGINT NOT NULL REFERENCES media_request (id) ON DELETE CASCADE,
    PRIMARY KEY (media_type, tmdb_id, season, episode)
);
CREATE INDEX media_claim_request ON media_claim (request_id);

CREATE TABLE request_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id  BIGINT NOT NULL REFERENCES media_request (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX request_event_request ON request_event (request_id, id);

-- +goose Down
DROP TABLE request_event;
DROP TABLE media_claim;
DROP TABLE request_item;
DROP TABLE media_request;
