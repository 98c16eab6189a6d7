-- Rolling a token's secret without an outage, and each token's history: an extension of ours
-- (Frontegg's API has neither). `POST {source}/{id}/rotate`, `DELETE {source}/{id}/previous-secret`
-- and `GET {source}/{id}/events`.

-- The secret a token had before its last roll, while it still works: HMAC-SHA256 under the
-- server's secret key like `secret_hash`, and until when it works (listed as
-- `previousSecretExpiresAt`). Both NULL: no grace window. Being columns of `tokens`, every
-- change to them is an UPDATE of `tokens` and bumps the tenant's token version (0002), so no
-- kept list shows a window that has changed. One previous secret at most: a second roll
-- replaces it.
ALTER TABLE tokens ADD COLUMN previous_secret_hash BLOB;
ALTER TABLE tokens ADD COLUMN previous_secret_expires_at TEXT
    CHECK ((previous_secret_hash IS NULL) = (previous_secret_expires_at IS NULL));
-- An access token is found by the hash of the key it is called with: its current or its
-- previous one.
CREATE UNIQUE INDEX tokens_by_previous_secret ON tokens (previous_secret_hash)
    WHERE previous_secret_hash IS NOT NULL;
-- Windows that have run out are closed (and recorded as an event) when the tenant's tokens are
-- next read or changed (store::end_lapsed_windows): this finds them without a scan.
CREATE INDEX tokens_by_previous_secret_expiry ON tokens (tenant_id, previous_secret_expires_at)
    WHERE previous_secret_expires_at IS NOT NULL;

-- What happened to each token, when, by whom and from where. Deliberately no foreign key to
-- `tokens`: the events of a deleted token are kept (an audit record), reached by its id through
-- the same source, tenant and owner it had (`tenant_id`, `owner_user_id`, `kind` as in
-- `tokens`). They go with their tenant. Not part of any token list, so writing one bumps no
-- version.
CREATE TABLE token_events (
    seq           INTEGER PRIMARY KEY,
    token_id      TEXT NOT NULL,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    -- The owner of a personal token; NULL for an account token.
    owner_user_id TEXT,
    kind          TEXT NOT NULL CHECK (kind IN ('client_credentials', 'access_token')),
    type          TEXT NOT NULL CHECK (type IN
                      ('created', 'updated', 'rotated', 'previousSecretExpired', 'deleted')),
    at            TEXT NOT NULL,
    -- Who acted and their name then; both NULL when nobody did (a grace window that ran out).
    actor_user_id TEXT,
    actor_name    TEXT,
    -- The client address the change came from (client_ip.rs); NULL when nobody acted.
    ip            TEXT
);
CREATE INDEX token_events_by_token ON token_events (token_id, at);
