-- +goose Up
-- A version that every change to a request bumps, whatever code makes it:
-- the request lists keep rows in memory and check them against it.
ALTER TABLE media_request ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- +goose StatementBegin
CREATE TRIGGER media_request_version AFTER UPDATE ON media_request
WHEN NEW.version = OLD.version
BEGIN
    UPDATE media_request SET version = OLD.version + 1 WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- Sessions and accounts get a version too: every signed-in request checks
-- it, and reads the whole session and user only when it changed.
ALTER TABLE user_session ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- +goose StatementBegin
CREATE TRIGGER user_session_version AFTER UPDATE ON user_session
WHEN NEW.version = OLD.version
BEGIN
    UPDATE user_session SET version = OLD.version + 1 WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER app_user_version AFTER UPDATE ON app_user
WHEN NEW.version = OLD.version
BEGIN
    UPDATE app_user SET version = OLD.version + 1 WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- The request lists page by keyset: each filter they offer has an index
-- that yields its rows in order with their version, without reading the
-- table (see store.ListRequestRefs).
DROP INDEX media_request_user;
DROP INDEX media_request_status;
CREATE INDEX media_request_user ON media_request (user_id, id, version);
CREATE INDEX media_request_status ON media_request (status, id, version);
CREATE INDEX media_request_user_status ON media_request (user_id, status, id, version);
CREATE INDEX media_request_type ON media_request (media_type, id, version);
CREATE INDEX media_request_modified ON media_request (updated_at, id, version);
CREATE INDEX media_request_user_modified ON media_request (user_id, updated_at, id, version);

-- +goose Down
DROP TRIGGER app_user_version;
DROP TRIGGER user_session_version;
ALTER TABLE app_user DROP COLUMN version;
ALTER TABLE user_session DROP COLUMN version;
DROP INDEX media_request_user_modified;
DROP INDEX media_request_modified;
DROP INDEX media_request_type;
DROP INDEX media_request_user_status;
DROP INDEX media_request_status;
DROP INDEX media_request_user;
CREATE INDEX media_request_user ON media_request (user_id, id);
CREATE INDEX media_request_status ON media_request (status, id);
DROP TRIGGER media_request_version;
ALTER TABLE media_request DROP COLUMN version;
