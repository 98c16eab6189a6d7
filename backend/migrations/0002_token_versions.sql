-- A version per tenant of its tokens, bumped by trigger in the same transaction as every change
-- to them: a token inserted, updated or deleted (cascades included), a role or permission given
-- to or taken from one. No code path, present or future, and no hand-made change can skip it.
-- The server keeps rendered token lists with the version they were read at and serves one only
-- while its tenant's version is still that (backend/src/list_cache.rs).

CREATE TABLE token_versions (
    tenant_id TEXT PRIMARY KEY,
    -- Only ever grows; a tenant without a row is at 0. Deliberately not a foreign key: a tenant
    -- deleted and created again goes on counting, so an old rendering never matches again.
    version   INTEGER NOT NULL
) WITHOUT ROWID;

-- (The WHERE of each INSERT ... SELECT keeps SQLite's parser from reading ON CONFLICT as a
-- join's ON.)

CREATE TRIGGER tokens_insert_bumps_version AFTER INSERT ON tokens BEGIN
    INSERT INTO token_versions (tenant_id, version) SELECT NEW.tenant_id, 1 WHERE true
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tokens_update_bumps_version AFTER UPDATE ON tokens BEGIN
    INSERT INTO token_versions (tenant_id, version)
        SELECT tenant_id, 1 FROM (SELECT OLD.tenant_id AS tenant_id UNION SELECT NEW.tenant_id)
        WHERE true
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER tokens_delete_bumps_version AFTER DELETE ON tokens BEGIN
    INSERT INTO token_versions (tenant_id, version) SELECT OLD.tenant_id, 1 WHERE true
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

-- A token's role and permission ids are part of its listed row. (When the token itself is being
-- deleted, it may be gone already: its own trigger bumps the version then.)

CREATE TRIGGER token_roles_insert_bumps_version AFTER INSERT ON token_roles BEGIN
    INSERT INTO token_versions (tenant_id, version)
        SELECT tenant_id, 1 FROM tokens WHERE id = NEW.token_id
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER token_roles_update_bumps_version AFTER UPDATE ON token_roles BEGIN
    INSERT INTO token_versions (tenant_id, version)
        SELECT DISTINCT tenant_id, 1 FROM tokens WHERE id IN (OLD.token_id, NEW.token_id)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER token_roles_delete_bumps_version AFTER DELETE ON token_roles BEGIN
    INSERT INTO token_versions (tenant_id, version)
        SELECT tenant_id, 1 FROM tokens WHERE id = OLD.token_id
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER token_permissions_insert_bumps_version AFTER INSERT ON token_permissions BEGIN
    INSERT INTO token_versions (tenant_id, version)
        SELECT tenant_id, 1 FROM tokens WHERE id = NEW.token_id
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER token_permissions_update_bumps_version AFTER UPDATE ON token_permissions BEGIN
    INSERT INTO token_versions (tenant_id, version)
        SELECT DISTINCT tenant_id, 1 FROM tokens WHERE id IN (OLD.token_id, NEW.token_id)
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER token_permissions_delete_bumps_version AFTER DELETE ON token_permissions BEGIN
    INSERT INTO token_versions (tenant_id, version)
        SELECT tenant_id, 1 FROM tokens WHERE id = OLD.token_id
        ON CONFLICT (tenant_id) DO UPDATE SET version = version + 1;
END;
