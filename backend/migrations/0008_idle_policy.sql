-- The idle policy (issue 33): a tenant's `disable_after_unused_days` (NULL: none). The server
-- disables a token unused that long (`last_used_at`, or `created_at` for one never used, and
-- not since a user enabled it again): `disabled_at`, and `disabled_after_days`, the policy's
-- days then. `enabled_at`: when a user last enabled it again; its idle time counts from then.
-- Nothing is deleted by the policy.
ALTER TABLE tenants ADD COLUMN disable_after_unused_days INTEGER;
ALTER TABLE tokens ADD COLUMN disabled_at TEXT;
ALTER TABLE tokens ADD COLUMN disabled_after_days INTEGER;
ALTER TABLE tokens ADD COLUMN enabled_at TEXT;
