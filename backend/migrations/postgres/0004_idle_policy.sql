-- SQLite's migration 0008 (backend/migrations/0008_idle_policy.sql; read it for what each
-- column means): the idle policy.
ALTER TABLE tenants ADD COLUMN disable_after_unused_days BIGINT;
ALTER TABLE tokens
    ADD COLUMN disabled_at         TEXT COLLATE "C",
    ADD COLUMN disabled_after_days BIGINT,
    ADD COLUMN enabled_at          TEXT COLLATE "C";
