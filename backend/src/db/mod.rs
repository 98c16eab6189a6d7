//! Storage on SQLite (a file path, the default) or PostgreSQL (a `postgres://` URL), below the
//! store: one small SQL interface ([`Conn`]) the store's statements are written against once
//! for both engines, in parts:
//!
//! - [`value`]: arguments, values and rows;
//! - [`conn`]: a connection and its transactions;
//! - [`pool`]: the pools a server takes connections from ([`Db`]), with a deadline;
//! - [`migrate`]: the schema and the start lock;
//! - [`location`]: what `--db` names; [`tls`]: how PostgreSQL is reached;
//! - [`error`]: what went wrong, told apart by what the caller does about it.

pub mod conn;
pub mod error;
pub mod location;
pub mod migrate;
pub mod pool;
pub mod tls;
pub mod value;

pub use conn::{Conn, Tx};
pub use error::{Error, Result};
pub use location::{redact, Location};
pub use migrate::MIGRATION_LOCK;
pub use pool::{Db, Options, Stats};
pub use value::{Arg, ColumnIndex, FromValue, OptionalExtension, Params, Row, Rows, ToArg, Value};

use crate::params;

/// Opens the database `location` names (creating a SQLite file if needed), applies pending
/// migrations and then `prepare` (the demo data, the server's keys), all holding the start
/// lock, so two instances starting at the same moment do it one after the other. Blocking.
pub fn open<T>(
    location: &Location,
    options: Options,
    prepare: impl FnOnce(&Conn) -> Result<T>,
) -> std::result::Result<(Db, T), String> {
    match location {
        Location::File(path) => {
            let conn = pool::open_sqlite(path)?;
            let prepared = {
                let tx = migrate::begin_start(&conn)?;
                migrate::migrate_sqlite(&tx)?;
                let prepared = prepare(&tx).map_err(|e| e.to_string())?;
                tx.commit().map_err(|e| e.to_string())?;
                prepared
            };
            Ok((Db::sqlite(path, &options), prepared))
        }
        Location::Postgres(url) => {
            let (config, tls) = location::postgres_config(url, options.ca_file.as_deref())?;
            let conn =
                pool::pg_connect(&config, &tls, Default::default()).map_err(|e| e.to_string())?;
            conn.execute("SELECT pg_advisory_lock(?1)", params![MIGRATION_LOCK])
                .map_err(|e| e.to_string())?;
            let done = (|| {
                migrate::migrate_postgres(&conn)?;
                let tx = conn.transaction().map_err(|e| e.to_string())?;
                let prepared = prepare(&tx).map_err(|e| e.to_string())?;
                tx.commit().map_err(|e| e.to_string())?;
                Ok::<_, String>(prepared)
            })();
            // (Closing the connection would release it too.)
            let _ = conn.execute("SELECT pg_advisory_unlock(?1)", params![MIGRATION_LOCK]);
            let prepared = done?;
            Ok((Db::postgres(config, tls, &options), prepared))
        }
    }
}
