-- Each token's IP allowlist (issue 34): `allowed_cidrs`, the networks it may be used from, in
-- the rules crate's canonical form (`10.0.0.0/8`, `2001:db8::/32`), separated by one space;
-- NULL: any address. A tenant's `require_ip_allowlist`: its account tokens cannot be made or
-- left without one.
ALTER TABLE tokens ADD COLUMN allowed_cidrs TEXT;
ALTER TABLE tenants ADD COLUMN require_ip_allowlist INTEGER NOT NULL DEFAULT 0
    CHECK (require_ip_allowlist IN (0, 1));
-- A use from outside the allowlist is recorded as a `refusedAddress` event counted per token,
-- address and hour (`bucket` 'ip <address> <hour>', `attempts`, `last_at`), as wrong secrets
-- are in `refusedAttempts`: the check that ties those columns to `refusedAttempts` alone
-- takes both. SQLite cannot change a CHECK in place: the table is rebuilt with its rows, as
-- in 0007.
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
    CHECK ((type IN ('refusedAttempts', 'refusedAddress'))
        = (attempts IS NOT NULL AND bucket IS NOT NULL))
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
