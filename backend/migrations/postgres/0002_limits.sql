-- SQLite's migration 0006 (backend/migrations/0006_limits.sql; read it for what each column
-- means): limits counted in the database, refused attempts in a token's history, and the
-- indexes that counting tokens and pruning events read.

CREATE TABLE limit_windows (
    key           BYTEA PRIMARY KEY,
    ends_at       BIGINT NOT NULL,
    hits          BIGINT NOT NULL,
    next_check_at BIGINT NOT NULL
);
CREATE INDEX limit_windows_by_end ON limit_windows (ends_at);

ALTER TABLE token_events DROP CONSTRAINT token_events_type_check;
ALTER TABLE token_events ADD CONSTRAINT token_events_type_check CHECK (type IN
    ('created', 'updated', 'rotated', 'previousSecretExpired', 'deleted', 'refusedAttempts'));
ALTER TABLE token_events
    ADD COLUMN attempts BIGINT,
    ADD COLUMN last_at  TEXT COLLATE "C",
    ADD COLUMN bucket   TEXT COLLATE "C";
ALTER TABLE token_events ADD CONSTRAINT token_events_attempts_check
    CHECK ((type = 'refusedAttempts') = (attempts IS NOT NULL AND bucket IS NOT NULL));
CREATE UNIQUE INDEX token_events_by_bucket ON token_events (token_id, bucket)
    WHERE bucket IS NOT NULL;
CREATE INDEX token_events_by_time ON token_events (at);

CREATE INDEX tokens_by_creator ON tokens (tenant_id, created_by_user_id);
