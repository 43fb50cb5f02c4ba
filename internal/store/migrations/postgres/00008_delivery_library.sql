-- +goose Up
-- Where a request was sent (a media_service row) and what Radarr or Sonarr
-- calls it (movie or series id), and how far its download has got (0-100).
ALTER TABLE media_request ADD COLUMN service_id BIGINT;
ALTER TABLE media_request ADD COLUMN external_id BIGINT;
ALTER TABLE media_request ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request_item ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;
-- The status sync walks unfinished requests by id.
CREATE INDEX media_request_unfinished ON media_request (id) WHERE status IN ('approved', 'processing', 'partially_available', 'available');

-- What the media servers (Jellyfin, Plex) hold, one row per film or episode
-- they serve; filled by the library sync. A film has season and episode 0.
CREATE TABLE library_item (
    service_id BIGINT NOT NULL,
    item_id    TEXT NOT NULL,
    media_type TEXT NOT NULL CHECK (media_type IN ('movie', 'tv')),
    tmdb_id    BIGINT NOT NULL,
    tvdb_id    BIGINT NOT NULL,
    season     INTEGER NOT NULL,
    episode    INTEGER NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    seen_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (service_id, item_id)
);
CREATE INDEX library_item_media ON library_item (media_type, tmdb_id, season, episode);
CREATE INDEX library_item_seen ON library_item (service_id, seen_at);

-- +goose Down
DROP TABLE library_item;
DROP INDEX media_request_unfinished;
ALTER TABLE request_item DROP COLUMN progress;
ALTER TABLE media_request DROP COLUMN progress;
ALTER TABLE media_request DROP COLUMN external_id;
ALTER TABLE media_request DROP COLUMN service_id;
