//! What can go wrong with the database, told apart by what the caller does about it: a read
//! that found no row, a column that does not hold what it was read as, a database that cannot
//! be reached (or gave no connection in time: try again shortly), one that is out of space
//! (writes fail, reads go on), or anything else the engine said.

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// A read that needs one row found none (see [`super::OptionalExtension::optional`]).
    NoRow,
    /// A column held something else than it was read as, or was not there.
    Type(String),
    /// The database cannot be reached, or no connection was free in time.
    Unavailable(String),
    /// The database is out of space (SQLite's `SQLITE_FULL`, PostgreSQL's `disk_full`).
    Full(String),
    /// Anything else the engine said (never a value: no statement logs its arguments).
    Engine(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoRow => f.write_str("query returned no rows"),
            Error::Type(m) => write!(f, "a column: {m}"),
            Error::Unavailable(m) => write!(f, "database unavailable: {m}"),
            Error::Full(m) => write!(f, "database full: {m}"),
            Error::Engine(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DiskFull) => Error::Full(e.to_string()),
            Some(C::DatabaseBusy | C::DatabaseLocked | C::CannotOpen) => {
                Error::Unavailable(e.to_string())
            }
            _ => match e {
                rusqlite::Error::QueryReturnedNoRows => Error::NoRow,
                rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::InvalidColumnIndex(_)
                | rusqlite::Error::InvalidColumnName(_) => Error::Type(e.to_string()),
                e => Error::Engine(e.to_string()),
            },
        }
    }
}

/// `e` with its causes: postgres::Error says only its kind ("error performing TLS
/// handshake"), the why is in its sources.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        if is_connection_lost(&e) {
            return Error::Unavailable(with_causes(&e));
        }
        // The server's message with its detail, not just "db error".
        match e.as_db_error() {
            Some(db) if db.code() == &postgres::error::SqlState::DISK_FULL => {
                Error::Full(db.message().to_string())
            }
            Some(db) => Error::Engine(format!("{}: {}", db.code().code(), db.message())),
            None => Error::Engine(with_causes(&e)),
        }
    }
}

/// Whether `e` says the connection is gone or the server cannot serve: SQLSTATE class 08
/// (connection exception) or 57P01-57P03 (the server shutting down, crashed, or starting), or
/// no answer from the server at all (closed, I/O, TLS, a connect that failed or timed out).
pub fn is_connection_lost(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        let c = code.code();
        return c.starts_with("08") || matches!(c, "57P01" | "57P02" | "57P03");
    }
    // postgres::Error says its kind only in words.
    let kind = e.to_string();
    [
        "error communicating with the server",
        "error connecting to server",
        "error performing TLS handshake",
        "timeout waiting for server",
        "unexpected message from server",
    ]
    .iter()
    .any(|k| kind.starts_with(k))
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::Unavailable(e.to_string())
    }
}
