-- +goose Up
-- A version that every change to a request bumps, whatever code makes it:
-- the request lists keep rows in memory and check them against it.
ALTER TABLE media_request ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- +goose StatementBegin
CREATE FUNCTION bump_version() RETURNS trigger AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER media_request_version BEFORE UPDATE ON media_request
    FOR EACH ROW EXECUTE FUNCTION bump_version();

-- Sessions and accounts get a version too: every signed-in request checks
-- it, and reads the whole session and user only when it changed.
ALTER TABLE user_session ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER user_session_version BEFORE UPDATE ON user_session
    FOR EACH ROW EXECUTE FUNCTION bump_version();
CREATE TRIGGER app_user_version BEFORE UPDATE ON app_user
    FOR EACH ROW EXECUTE FUNCTION bump_version();

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
DROP TRIGGER app_user_version ON app_user;
DROP TRIGGER user_session_version ON user_session;
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
DROP TRIGGER media_request_version ON media_request;
DROP FUNCTION bump_version();
ALTER TABLE media_request DROP COLUMN version;
