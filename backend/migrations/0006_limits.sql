-- Limits counted in the database, so that they hold across concurrent requests and across
-- instances sharing it (backend/src/limits.rs), refused attempts at a token's secret in its
-- history, and the indexes that counting a tenant's or a user's tokens and pruning old events
-- read.

-- One fixed window of one limit: failed (or in-flight) sign-in and exchange checks per
-- account and address, per account, and a user's writes. `key` is an HMAC-SHA256 of what is
-- counted (route, account, address, user) under the server's secret key: no email, client id
-- or address is stored here in clear, nor anything a guesser typed. Times are milliseconds
-- since the Unix epoch. `next_check_at`: past a limit's ceiling, when the next check may run
-- (a ceiling slows rather than locks). Rows whose window has ended are pruned by the server.
CREATE TABLE limit_windows (
    key           BLOB PRIMARY KEY,
    ends_at       INTEGER NOT NULL,
    hits          INTEGER NOT NULL,
    next_check_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX limit_windows_by_end ON limit_windows (ends_at);

-- `token_events` gains the type `refusedAttempts`: exchanges of a token's client id refused
-- (a wrong secret, or one refused by the lockout), counted in one event per token and hour
-- rather than one per attempt. `attempts`: how many; `at`: the first, `last_at`: the last;
-- `ip`: the address of the last; `bucket`: the hour they are counted in (NULL for every other
-- type), one event per token and bucket. SQLite cannot change a CHECK in place: the table is
-- rebuilt with its rows.
CREATE TABLE token_events_new (
    seq           INTEGER PRIMARY KEY,
    token_id      TEXT NOT NULL,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    owner_user_id TEXT,
    kind          TEXT NOT NULL CHECK (kind IN ('client_credentials', 'access_token')),
    type          TEXT NOT NULL CHECK (type IN
                      ('created', 'updated', 'rotated', 'previousSecretExpired', 'deleted',
                       'refusedAttempts')),
    at            TEXT NOT NULL,
    actor_user_id TEXT,
    actor_name    TEXT,
    ip            TEXT,
    attempts      INTEGER,
    last_at       TEXT,
    bucket        TEXT,
    CHECK ((type = 'refusedAttempts') = (attempts IS NOT NULL AND bucket IS NOT NULL))
);
INSERT INTO token_events_new
    (seq, token_id, tenant_id, owner_user_id, kind, type, at, actor_user_id, actor_name, ip)
    SELECT seq, token_id, tenant_id, owner_user_id, kind, type, at, actor_user_id, actor_name, ip
    FROM token_events;
DROP TABLE token_events;
ALTER TABLE token_events_new RENAME TO token_events;
CREATE INDEX token_events_by_token ON token_events (token_id, at);
CREATE UNIQUE INDEX token_events_by_bucket ON token_events (token_id, bucket)
    WHERE bucket IS NOT NULL;
-- Events older than the retention (`--event-retention-days`) are deleted by the server.
CREATE INDEX token_events_by_time ON token_events (at);

-- The per-user token limit counts the tokens a user created that still exist.
CREATE INDEX tokens_by_creator ON tokens (tenant_id, created_by_user_id);
