//! SQLite storage: opening, migrations (files in `backend/migrations/`).

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// Migrations in order; file N brings the schema to `PRAGMA user_version = N`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_token_versions.sql"),
    include_str!("../migrations/0003_last_used.sql"),
    include_str!("../migrations/0004_expiry_policy.sql"),
    include_str!("../migrations/0005_rotation_and_history.sql"),
];

/// One shared connection. SQLite serialises writers anyway; WAL keeps readers going.
pub type Db = Arc<Mutex<Connection>>;

/// Opens (creating if needed) the database at `path` and applies pending migrations.
pub fn open(path: &Path) -> Result<Db, String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let mut conn = Connection::open(path).map_err(|e| e.to_string())?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| e.to_string())?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(|e| e.to_string())?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(|e| e.to_string())?;
    migrate(&mut conn)?;
    Ok(Arc::new(Mutex::new(conn)))
}

fn migrate(conn: &mut Connection) -> Result<(), String> {
    let current: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map_err(|e| e.to_string())? as usize;
    if current > MIGRATIONS.len() {
        return Err(format!(
            "database schema version {current} is newer than this server ({})",
            MIGRATIONS.len()
        ));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        tx.execute_batch(sql)
            .map_err(|e| format!("migration {}: {e}", i + 1))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{record_use, tokens_version};

    fn token(c: &Connection, id: &str, tenant: &str, owner: Option<&str>) {
        c.execute(
            "INSERT INTO tokens (id, tenant_id, owner_user_id, kind, secret_hash, created_at) \
             VALUES (?1, ?2, ?3, 'access_token', randomblob(32), '2026-01-01T00:00:00.000Z')",
            rusqlite::params![id, tenant, owner],
        )
        .unwrap();
    }

    #[test]
    fn every_change_to_a_tenants_tokens_bumps_its_version_in_the_same_transaction() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "foreign_keys", "ON").unwrap();
        migrate(&mut c).unwrap();
        c.execute_batch(
            "INSERT INTO tenants (id, name) VALUES ('acme', 'Acme'), ('globex', 'Globex');
             INSERT INTO users (id, tenant_id, email, name, password_hash)
                 VALUES ('ann', 'acme', 'ann@acme.test', 'Ann', 'x');
             INSERT INTO roles (id, tenant_id, key, name, created_at, updated_at)
                 VALUES ('viewer', 'acme', 'viewer', 'Viewer', 'now', 'now');
             INSERT INTO permissions (id, key, name, created_at) VALUES ('p', 'p', 'P', 'now');",
        )
        .unwrap();
        let version = |c: &Connection| tokens_version(c, "acme").unwrap();
        assert_eq!(version(&c), 0);
        // The version after `what`, which must have moved it on from `last`.
        let bumped = |c: &Connection, last: i64, what: &str| {
            let now = version(c);
            assert!(now > last, "{what}: version {now}, was {last}");
            now
        };

        token(&c, "t1", "acme", None);
        let mut last = bumped(&c, 0, "a token inserted");
        c.execute("INSERT INTO token_roles VALUES ('t1', 'viewer')", [])
            .unwrap();
        last = bumped(&c, last, "a role given");
        c.execute("INSERT INTO token_permissions VALUES ('t1', 'p')", [])
            .unwrap();
        last = bumped(&c, last, "a permission given");
        c.execute("UPDATE tokens SET description = 'CI' WHERE id = 't1'", [])
            .unwrap();
        last = bumped(&c, last, "a token updated");
        // A use is written at most once a minute per token, and each write bumps the version.
        let used = chrono::Utc::now();
        let seconds = |s: i64| used + chrono::TimeDelta::seconds(s);
        assert!(record_use(&c, "t1", "192.0.2.1", used).unwrap());
        last = bumped(&c, last, "a first use recorded");
        assert!(!record_use(&c, "t1", "192.0.2.2", seconds(59)).unwrap());
        assert_eq!(version(&c), last, "a use within the minute writes nothing");
        assert!(record_use(&c, "t1", "192.0.2.3", seconds(61)).unwrap());
        last = bumped(&c, last, "a use a minute later recorded");
        let (at, ip): (String, String) = c
            .query_row(
                "SELECT last_used_at, last_used_ip FROM tokens WHERE id = 't1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            (at, ip),
            (crate::store::timestamp(seconds(61)), "192.0.2.3".into())
        );
        c.execute("UPDATE token_roles SET role_id = role_id", [])
            .unwrap();
        last = bumped(&c, last, "a role link rewritten");
        c.execute("UPDATE token_permissions SET token_id = token_id", [])
            .unwrap();
        last = bumped(&c, last, "a permission link rewritten");
        c.execute("DELETE FROM token_roles WHERE token_id = 't1'", [])
            .unwrap();
        last = bumped(&c, last, "a role taken");
        c.execute("DELETE FROM roles WHERE id = 'viewer'", [])
            .unwrap();
        assert_eq!(version(&c), last, "a role no token had");
        c.execute("DELETE FROM tokens WHERE id = 't1'", []).unwrap();
        last = bumped(&c, last, "a token deleted, its permission with it");
        token(&c, "t2", "acme", Some("ann"));
        last = bumped(&c, last, "a personal token inserted");
        c.execute("DELETE FROM users WHERE id = 'ann'", []).unwrap();
        last = bumped(&c, last, "a personal token gone with its user (a cascade)");

        // A change rolled back leaves the version as it was: it moves with the change only.
        let tx = c.transaction().unwrap();
        token(&tx, "t3", "acme", None);
        assert!(version(&tx) > last);
        tx.rollback().unwrap();
        assert_eq!(version(&c), last);

        // Another tenant's changes are its own.
        token(&c, "g1", "globex", None);
        assert_eq!(version(&c), last);
        assert_eq!(tokens_version(&c, "globex").unwrap(), 1);
    }
}
