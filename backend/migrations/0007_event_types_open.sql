-- `token_events.type` takes any kind the wire contract's `EventKind` spells (`renewed` first,
-- issue 33): the server is its only writer and writes only those, and reads back only those.
-- A list in a CHECK would make SQLite rebuild the table for every new kind; it is rebuilt
-- this once without it, with its rows. The other checks stay.
CREATE TABLE token_events_new (
    seq           INTEGER PRIMARY KEY,
    token_id      TEXT NOT NULL,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    owner_user_id TEXT,
    kind          TEXT NOT NULL CHECK (kind IN ('client_credentials', 'access_token')),
    type          TEXT NOT NULL CHECK (type <> ''),
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
    (seq, token_id, tenant_id, owner_user_id, kind, type, at, actor_user_id, actor_name, ip,
     attempts, last_at, bucket)
    SELECT seq, token_id, tenant_id, owner_user_id, kind, type, at, actor_user_id, actor_name,
           ip, attempts, last_at, bucket
    FROM token_events;
DROP TABLE token_events;
ALTER TABLE token_events_new RENAME TO token_events;
CREATE INDEX token_events_by_token ON token_events (token_id, at);
CREATE UNIQUE INDEX token_events_by_bucket ON token_events (token_id, bucket)
    WHERE bucket IS NOT NULL;
CREATE INDEX token_events_by_time ON token_events (at);
