-- Webhooks to the vendor (issue 33): the outbox. A row is one event to deliver, written in the
-- same transaction as the change it tells of (a roll, a renewal, a delete, a disable), or by
-- the scheduler that noticed a milestone (30, 7 and 1 days before an expiry, the expiry, an
-- idle warning). `dedupe_key` names a milestone (its kind, the token and the expiry or idle
-- basis it was computed from): UNIQUE, so of several instances noticing it, one row is written.
-- `body` is the JSON delivered, never holding a secret. Delivery: `status` pending until
-- delivered (2xx) or failed (a 4xx other than 408/429, or 24 hours of retries);
-- `next_attempt_at` the earliest next try; `claimed_until` an instance's lease while it sends,
-- so that no two send at once and a killed instance's claim runs out.
CREATE TABLE webhook_outbox (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    token_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    days            INTEGER,
    dedupe_key      TEXT UNIQUE,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until   TEXT,
    last_attempt_at TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    done_at         TEXT
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
CREATE INDEX webhook_outbox_by_tenant ON webhook_outbox (tenant_id, created_at);
CREATE INDEX webhook_outbox_by_token ON webhook_outbox (token_id, created_at);
