-- SQLite's migration 0011 (backend/migrations/0011_ip_allowlist.sql; read it for what each
-- column means): a token's IP allowlist, the tenant's policy that requires one, and the
-- `refusedAddress` events counted per address and hour like `refusedAttempts`.
ALTER TABLE tokens ADD COLUMN allowed_cidrs TEXT COLLATE "C";
ALTER TABLE tenants ADD COLUMN require_ip_allowlist BIGINT NOT NULL DEFAULT 0
    CHECK (require_ip_allowlist IN (0, 1));
ALTER TABLE token_events DROP CONSTRAINT token_events_attempts_check;
ALTER TABLE token_events ADD CONSTRAINT token_events_attempts_check
    CHECK ((type IN ('refusedAttempts', 'refusedAddress'))
        = (attempts IS NOT NULL AND bucket IS NOT NULL));
