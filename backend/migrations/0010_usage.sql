-- Where and how much each token is used (issue 34): per token and day (UTC, `YYYY-MM-DD`), its
-- successful uses (a client-credentials exchange or an access token in X-API-KEY) and its
-- refused attempts (a wrong secret, expired, disabled); and the last 10 distinct client
-- addresses it was used from, with when each was first and last seen. Counted in each
-- instance's memory and added here every few seconds (`--usage-flush-ms`), so several
-- instances add up; kept 90 days.
CREATE TABLE token_usage_days (
    token_id TEXT NOT NULL,
    day      TEXT NOT NULL,
    uses     INTEGER NOT NULL DEFAULT 0,
    refused  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (token_id, day)
);
CREATE TABLE token_addresses (
    token_id   TEXT NOT NULL,
    ip         TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    uses       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (token_id, ip)
);
CREATE INDEX token_addresses_by_last_seen ON token_addresses (last_seen);
