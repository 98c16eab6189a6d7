-- SQLite's migration 0010 (backend/migrations/0010_usage.sql; read it for what each column
-- means): a token's uses and refusals per day, and its recent addresses.
CREATE TABLE token_usage_days (
    token_id TEXT COLLATE "C" NOT NULL,
    day      TEXT COLLATE "C" NOT NULL,
    uses     BIGINT NOT NULL DEFAULT 0,
    refused  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (token_id, day)
);
CREATE TABLE token_addresses (
    token_id   TEXT COLLATE "C" NOT NULL,
    ip         TEXT NOT NULL,
    first_seen TEXT COLLATE "C" NOT NULL,
    last_seen  TEXT COLLATE "C" NOT NULL,
    uses       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (token_id, ip)
);
CREATE INDEX token_addresses_by_last_seen ON token_addresses (last_seen);
