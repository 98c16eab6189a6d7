-- When a token was last used and from where: an extension of ours (Frontegg's API has no such
-- field), listed as `lastUsedAt` / `lastUsedIp`.

-- Written whenever a token authenticates (the client-credentials exchange, X-API-KEY), at most
-- once a minute per token (store::record_use). NULL: never used. Being an UPDATE of `tokens`,
-- each write bumps the tenant's token version (0002), so no kept list shows an old value.
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
-- The client address it authenticated from: the socket's peer, or with --trust-proxy the
-- address the proxy appended to X-Forwarded-For (client_ip.rs).
ALTER TABLE tokens ADD COLUMN last_used_ip TEXT;
