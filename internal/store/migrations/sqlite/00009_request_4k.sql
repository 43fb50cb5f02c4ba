-- +goose Up
-- A 4K request is a second, separate track: the same film or episode can be
-- held once in standard and once in 4K.
ALTER TABLE media_request ADD COLUMN is_4k BOOLEAN NOT NULL DEFAULT FALSE;

-- SQLite cannot change a primary key: rebuild media_claim with the tier in it.
CREATE TABLE media_claim_new (
    media_type TEXT NOT NULL,
    tmdb_id    BIGINT NOT NULL,
    season     INTEGER NOT NULL,
    episode    INTEGER NOT NULL,
    is_4k      BOOLEAN NOT NULL DEFAULT FALSE,
    request_id BIGINT NOT NULL REFERENCES media_request (id) ON DELETE CASCADE,
    PRIMARY KEY (media_type, tmdb_id, season, episode, is_4k)
);
INSERT INTO media_claim_new (media_type, tmdb_id, season, episode, is_4k, request_id)
    SELECT media_type, tmdb_id, season, episode, FALSE, request_id FROM media_claim;
DROP TABLE media_claim;
ALTER TABLE media_claim_new RENAME TO media_claim;
CREATE INDEX media_claim_request ON media_claim (request_id);

-- +goose Down
CREATE TABLE media_claim_old (
    media_type TEXT NOT NULL,
    tmdb_id    BIGINT NOT NULL,
    season     INTEGER NOT NULL,
    episode    INTEGER NOT NULL,
    request_id BIGINT NOT NULL REFERENCES media_request (id) ON DELETE CASCADE,
    PRIMARY KEY (media_type, tmdb_id, season, episode)
);
INSERT INTO media_claim_old (media_type, tmdb_id, season, episode, request_id)
    SELECT media_type, tmdb_id, season, episode, request_id FROM media_claim WHERE NOT is_4k;
DROP TABLE media_claim;
ALTER TABLE media_claim_old RENAME TO media_claim;
CREATE INDEX media_claim_request ON media_claim (request_id);
ALTER TABLE media_request DROP COLUMN is_4k;
