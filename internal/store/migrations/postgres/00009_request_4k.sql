-- +goose Up
-- A 4K request is a second, separate track: the same film or episode can be
-- held once in standard and once in 4K.
ALTER TABLE media_request ADD COLUMN is_4k BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE media_claim ADD COLUMN is_4k BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE media_claim DROP CONSTRAINT media_claim_pkey;
ALTER TABLE media_claim ADD PRIMARY KEY (media_type, tmdb_id, season, episode, is_4k);

-- +goose Down
DELETE FROM media_claim WHERE is_4k;
ALTER TABLE media_claim DROP CONSTRAINT media_claim_pkey;
ALTER TABLE media_claim ADD PRIMARY KEY (media_type, tmdb_id, season, episode);
ALTER TABLE media_claim DROP COLUMN is_4k;
ALTER TABLE media_request DROP COLUMN is_4k;
