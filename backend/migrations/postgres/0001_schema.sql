-- The schema on PostgreSQL: the same tables, columns and rules as SQLite's migrations 0001 to
-- 0005 (backend/migrations/*.sql; read those for what each column means). Applied by
-- db::migrate_postgres, holding an advisory lock, and tracked in schema_version (file N brings
-- the schema to version N). Never edit a released file: add the next one, here and for SQLite.
--
-- Times are RFC 3339 UTC text with milliseconds, as in SQLite, so they sort as text; every
-- text column that is sorted on collates as "C" (bytewise, like SQLite), whatever the
-- database's locale.

CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);

CREATE TABLE tenants (
    id                     TEXT PRIMARY KEY,
    name                   TEXT NOT NULL,
    m2m_strategy           TEXT NOT NULL DEFAULT 'ClientCredentials'
                           CHECK (m2m_strategy IN ('ClientCredentials', 'AccessToken')),
    force_permissions      BIGINT NOT NULL DEFAULT 0 CHECK (force_permissions IN (0, 1)),
    max_expires_in_minutes BIGINT
                           CHECK (max_expires_in_minutes IS NULL
                                  OR max_expires_in_minutes BETWEEN 1 AND 5256000)
);

CREATE TABLE permissions (
    id          TEXT PRIMARY KEY,
    key         TEXT COLLATE "C" NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category_id TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE roles (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    level       BIGINT,
    is_default  BIGINT NOT NULL DEFAULT 0,
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

CREATE TABLE tokens (
    id                         TEXT COLLATE "C" PRIMARY KEY,
    tenant_id                  TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    owner_user_id              TEXT REFERENCES users(id) ON DELETE CASCADE,
    kind                       TEXT NOT NULL
                               CHECK (kind IN ('client_credentials', 'access_token')),
    description                TEXT,
    secret_hash                BYTEA NOT NULL UNIQUE,
    created_by_user_id         TEXT,
    created_at                 TEXT COLLATE "C" NOT NULL,
    expires_at                 TEXT COLLATE "C",
    metadata                   TEXT NOT NULL DEFAULT '{}',
    last_used_at               TEXT COLLATE "C",
    last_used_ip               TEXT,
    previous_secret_hash       BYTEA,
    previous_secret_expires_at TEXT COLLATE "C",
    CHECK ((previous_secret_hash IS NULL) = (previous_secret_expires_at IS NULL))
);
CREATE INDEX tokens_by_owner ON tokens (tenant_id, owner_user_id, kind, created_at);
CREATE UNIQUE INDEX tokens_by_previous_secret ON tokens (previous_secret_hash)
    WHERE previous_secret_hash IS NOT NULL;
CREATE INDEX tokens_by_previous_secret_expiry ON tokens (tenant_id, previous_secret_expires_at)
    WHERE previous_secret_expires_at IS NOT NULL;

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

CREATE TABLE token_events (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_id      TEXT NOT NULL,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    owner_user_id TEXT,
    kind          TEXT NOT NULL CHECK (kind IN ('client_credentials', 'access_token')),
    type          TEXT NOT NULL CHECK (type IN
                      ('created', 'updated', 'rotated', 'previousSecretExpired', 'deleted')),
    at            TEXT COLLATE "C" NOT NULL,
    actor_user_id TEXT,
    actor_name    TEXT,
    ip            TEXT
);
CREATE INDEX token_events_by_token ON token_events (token_id, at);

-- The per-tenant version of its tokens (SQLite's 0002): bumped by trigger in the same
-- transaction as every change to a tenant's tokens, their roles or their permissions, and read
-- by every list request, so a list kept by any instance is served only while nothing has
-- changed. It also lines up concurrent writes to one tenant's tokens: each waits for the row
-- lock the one before holds until it commits.
CREATE TABLE token_versions (
    tenant_id TEXT PRIMARY KEY,
    version   BIGINT NOT NULL
);

CREATE FUNCTION bump_tokens_version(tenant TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO token_versions (tenant_id, version) VALUES (tenant, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = token_versions.version + 1
$$;

CREATE FUNCTION tokens_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM bump_tokens_version(NEW.tenant_id);
    END IF;
    IF TG_OP = 'DELETE'
       OR (TG_OP = 'UPDATE' AND OLD.tenant_id IS DISTINCT FROM NEW.tenant_id) THEN
        PERFORM bump_tokens_version(OLD.tenant_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tokens_bump_version AFTER INSERT OR UPDATE OR DELETE ON tokens
    FOR EACH ROW EXECUTE FUNCTION tokens_bump_version();

-- A token's role and permission ids are part of its listed row. (When the token itself is
-- being deleted it may be gone already: its own trigger bumps the version then.)
CREATE FUNCTION token_links_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM bump_tokens_version(t.tenant_id) FROM tokens t WHERE t.id = NEW.token_id;
    END IF;
    IF TG_OP = 'DELETE'
       OR (TG_OP = 'UPDATE' AND OLD.token_id IS DISTINCT FROM NEW.token_id) THEN
        PERFORM bump_tokens_version(t.tenant_id) FROM tokens t WHERE t.id = OLD.token_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER token_roles_bump_version AFTER INSERT OR UPDATE OR DELETE ON token_roles
    FOR EACH ROW EXECUTE FUNCTION token_links_bump_version();
CREATE TRIGGER token_permissions_bump_version AFTER INSERT OR UPDATE OR DELETE
    ON token_permissions FOR EACH ROW EXECUTE FUNCTION token_links_bump_version();
