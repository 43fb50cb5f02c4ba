-- +goose Up
-- Radarr, Sonarr, Jellyfin and Plex connections an admin sets up. api_key
-- holds the key sealed with AES-256-GCM ("v1.<key id>.<…>") bound to this
-- table, column and row id; it is written in the same transaction as the
-- row, right after the insert gives the id. settings is JSON: the
-- Radarr/Sonarr choices (profile, root folder, tags…) or the libraries a
-- media server scans.
CREATE TABLE media_service (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('radarr', 'sonarr', 'jellyfin', 'plex')),
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    base_url   TEXT NOT NULL,
    api_key    TEXT NOT NULL DEFAULT '',
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    is_4k      BOOLEAN NOT NULL DEFAULT FALSE,
    enabled    BOOLEAN NOT NULL DEFAULT TRUE,
    settings   TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
-- One default per kind and quality tier (one Radarr, one 4K Radarr, …).
CREATE UNIQUE INDEX media_service_one_default ON media_service (kind, is_4k) WHERE is_default;
CREATE UNIQUE INDEX media_service_name ON media_service (kind, name);

-- +goose Down
DROP TABLE media_service;
