-- SQLite's migration 0009 (backend/migrations/0009_webhooks.sql; read it for what each column
-- means): the webhooks' outbox.
CREATE TABLE webhook_outbox (
    id              TEXT COLLATE "C" PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    token_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    days            BIGINT,
    dedupe_key      TEXT UNIQUE,
    body            TEXT NOT NULL,
    created_at      TEXT COLLATE "C" NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT COLLATE "C" NOT NULL,
    claimed_until   TEXT COLLATE "C",
    last_attempt_at TEXT COLLATE "C",
    last_status     BIGINT,
    last_error      TEXT,
    done_at         TEXT COLLATE "C"
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
CREATE INDEX webhook_outbox_by_tenant ON webhook_outbox (tenant_id, created_at);
CREATE INDEX webhook_outbox_by_token ON webhook_outbox (token_id, created_at);
