-- Schema of the reference token backend. Applied in order by db::migrate and tracked in
-- PRAGMA user_version (file N brings the schema to version N). Never edit a released file:
-- add the next one.

-- Keys generated on first start: JWT signing and the HMAC over stored secrets.
CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE tenants (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    -- 'ClientCredentials' or 'AccessToken': which type new tokens are.
    m2m_strategy      TEXT NOT NULL DEFAULT 'ClientCredentials'
                      CHECK (m2m_strategy IN ('ClientCredentials', 'AccessToken')),
    force_permissions INTEGER NOT NULL DEFAULT 0 CHECK (force_permissions IN (0, 1))
);

CREATE TABLE permissions (
    id          TEXT PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category_id TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE roles (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- Lower is more privilege; NULL counts as +infinity.
    level       INTEGER,
    is_default  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, key)
);

CREATE TABLE role_permissions (
    role_id       TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    permission_id TEXT NOT NULL REFERENCES permissions(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission_id)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

-- All four kinds of token. owner_user_id is NULL for tenant (account) tokens.
-- id is the clientId of client credentials and the id of access tokens.
CREATE TABLE tokens (
    id                 TEXT PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    owner_user_id      TEXT REFERENCES users(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('client_credentials', 'access_token')),
    description        TEXT,
    -- HMAC-SHA256 of the secret under the server's secret key; the secret itself is never stored.
    secret_hash        BLOB NOT NULL UNIQUE,
    created_by_user_id TEXT,
    created_at         TEXT NOT NULL,
    -- NULL: never expires.
    expires_at         TEXT,
    metadata           TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX tokens_by_owner ON tokens (tenant_id, owner_user_id, kind, created_at);

CREATE TABLE token_roles (
    token_id TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
    role_id  TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (token_id, role_id)
);

CREATE TABLE token_permissions (
    token_id      TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
    permission_id TEXT NOT NULL REFERENCES permissions(id) ON DELETE CASCADE,
    PRIMARY KEY (token_id, permission_id)
);
