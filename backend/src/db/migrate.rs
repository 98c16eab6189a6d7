//! The schema: SQLite's migrations (`backend/migrations/*.sql`, tracked in `PRAGMA
//! user_version`) and PostgreSQL's (`backend/migrations/postgres/*.sql`, tracked in
//! `schema_version`). Whatever a start does to the database (migrate, create the demo data, the
//! server's keys) it does holding a lock that another instance starting at the same moment
//! waits for: SQLite's write lock (`BEGIN IMMEDIATE`, [`begin_start`]), PostgreSQL's advisory
//! lock [`MIGRATION_LOCK`].

use super::conn::{Conn, Tx};
use crate::params;

// `SQLITE_MIGRATIONS` and `POSTGRES_MIGRATIONS`: every file of `backend/migrations/` and of
// `backend/migrations/postgres/`, in order (listed by `backend/build.rs`); file N brings the
// schema to version N.
include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The key of the PostgreSQL advisory lock held while an instance migrates and prepares the
/// database on start (any fixed number; this one spells "api-tokens").
pub const MIGRATION_LOCK: i64 = 0x6170_692d_746f_6b65;

/// How long a start waits for another instance's start at most.
pub(super) const START_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

pub(super) fn is_busy(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
}

/// The start's transaction on SQLite, holding the write lock; waits for another process's
/// start (the busy timeout, then again while it is still busy, up to [`START_WAIT`]).
pub(super) fn begin_start(conn: &Conn) -> std::result::Result<Tx<'_>, String> {
    let Conn::Sqlite(c) = conn else {
        return Err("not a SQLite connection".into());
    };
    let started = std::time::Instant::now();
    loop {
        match c.execute_batch("BEGIN IMMEDIATE") {
            Err(e) if is_busy(&e) && started.elapsed() < START_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => return Err(e.to_string()),
            Ok(()) => return Ok(Tx::started(conn)),
        }
    }
}

/// Applies the pending SQLite migrations inside `tx` (which holds the write lock, so the
/// version read is the one the migrations apply to).
pub(super) fn migrate_sqlite(tx: &Conn) -> std::result::Result<(), String> {
    let Conn::Sqlite(c) = tx else {
        return Err("not a SQLite connection".into());
    };
    let current: usize = c
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map_err(|e| e.to_string())? as usize;
    if current > SQLITE_MIGRATIONS.len() {
        return Err(format!(
            "database schema version {current} is newer than this server ({})",
            SQLITE_MIGRATIONS.len()
        ));
    }
    for (i, sql) in SQLITE_MIGRATIONS.iter().enumerate().skip(current) {
        c.execute_batch(sql)
            .map_err(|e| format!("migration {}: {e}", i + 1))?;
        c.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Applies the pending PostgreSQL migrations, each in a transaction of its own (the caller
/// holds [`MIGRATION_LOCK`]).
pub(super) fn migrate_postgres(c: &Conn) -> std::result::Result<(), String> {
    c.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        .map_err(|e| e.to_string())?;
    let current = c
        .query_row(
            "SELECT max(version) AS v FROM schema_version",
            params![],
            |r| r.get::<Option<i64>>("v"),
        )
        .map_err(|e| e.to_string())?
        .unwrap_or(0) as usize;
    if current > POSTGRES_MIGRATIONS.len() {
        return Err(format!(
            "database schema version {current} is newer than this server ({})",
            POSTGRES_MIGRATIONS.len()
        ));
    }
    for (i, sql) in POSTGRES_MIGRATIONS.iter().enumerate().skip(current) {
        let tx = c.transaction().map_err(|e| e.to_string())?;
        tx.execute_batch(sql)
            .map_err(|e| format!("migration {}: {e}", i + 1))?;
        tx.execute_batch(&format!(
            "DELETE FROM schema_version; INSERT INTO schema_version VALUES ({})",
            i + 1
        ))
        .map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A SQLite connection (in memory, for a unit test) brought to the current schema.
#[cfg(test)]
pub fn migrate_for_tests(c: &Conn) {
    if let Conn::Sqlite(s) = c {
        s.pragma_update(None, "foreign_keys", "ON").unwrap();
    }
    let tx = c.transaction().unwrap();
    migrate_sqlite(&tx).unwrap();
    tx.commit().unwrap();
}
