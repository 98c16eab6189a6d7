//! One connection to either engine ([`Conn`]) and the transactions on it ([`Tx`]).
//!
//! Statements use `?N` placeholders and SQL both engines read alike (`IS NOT DISTINCT FROM`,
//! `string_agg`, `ON CONFLICT DO NOTHING`); on PostgreSQL `?N` becomes `$N`. Both engines are
//! called synchronously, on tokio's blocking threads.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::value::{Arg, Params, Row, Rows, Value};
use super::{Error, Result};

/// One connection to either engine.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    /// (Boxed: a client is much larger than a SQLite connection.)
    Postgres(Box<RefCell<PgConn>>),
}

pub struct PgConn {
    pub(super) client: postgres::Client,
    /// Statements prepared on this connection, by their SQL.
    prepared: HashMap<String, postgres::Statement>,
    /// How many times any connection of its pool found the server gone, shared by them all;
    /// and that count when this one was last known to work. A connection that failed tells
    /// the others, which are checked before they are next handed out (`pool.rs`).
    pub(super) losses: Arc<AtomicU64>,
    pub(super) checked_at: u64,
}

/// `?N` → `$N` outside quoted text.
pub(super) fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for ch in sql.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(ch),
            (None, '?') => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(ch);
    }
    out
}

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Arg::Null => ValueRef::Null,
            Arg::Int(n) => ValueRef::Integer(n),
            Arg::Text(s) => ValueRef::Text(s.as_bytes()),
            Arg::Blob(b) => ValueRef::Blob(b),
            Arg::Time(t) => {
                return Ok(ToSqlOutput::Owned(rusqlite::types::Value::Text(
                    t.to_string(),
                )))
            }
        }))
    }
}

impl postgres::types::ToSql for Arg<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::Type;
        match *self {
            Arg::Null => Ok(postgres::types::IsNull::Yes),
            Arg::Int(n) => match *ty {
                Type::INT2 => i16::try_from(n)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(n)?.to_sql(ty, out),
                Type::BOOL => (n != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => n.to_string().to_sql(ty, out),
                _ => n.to_sql(ty, out),
            },
            Arg::Text(s) => s.to_sql(ty, out),
            Arg::Blob(b) => b.to_sql(ty, out),
            Arg::Time(t) => t.to_string().to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn pg_value(row: &postgres::Row, i: usize) -> Result<Value> {
    use postgres::types::Type;
    let ty = row.columns()[i].type_();
    let v = match *ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|n| Value::Int(n.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(|n| Value::Int(n.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map(|b| Value::Int(b.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
        _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
    };
    Ok(v.unwrap_or(Value::Null))
}

impl Conn {
    /// Runs `sql` (one statement) with `params`; answers the number of rows it changed.
    pub fn execute(&self, sql: &str, params: Params<'_>) -> Result<usize> {
        let args: Vec<Arg<'_>> = params.iter().map(|p| p.to_arg()).collect();
        match self {
            Conn::Sqlite(c) => Ok(c
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(args.iter()))?),
            Conn::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let stmt = pg.prepare(sql)?;
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args
                    .iter()
                    .map(|a| a as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                let n = pg.client.execute(&stmt, &refs).map_err(|e| pg.failed(e))?;
                Ok(n as usize)
            }
        }
    }

    /// Runs `sql` (one statement) with `params`; answers every row.
    pub fn query(&self, sql: &str, params: Params<'_>) -> Result<Rows> {
        let args: Vec<Arg<'_>> = params.iter().map(|p| p.to_arg()).collect();
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let names: Vec<String> =
                    stmt.column_names().iter().map(|s| s.to_string()).collect();
                let n = names.len();
                let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
                let mut values = Vec::new();
                while let Some(row) = rows.next()? {
                    let mut one = Vec::with_capacity(n);
                    for i in 0..n {
                        use rusqlite::types::ValueRef;
                        one.push(match row.get_ref(i)? {
                            ValueRef::Null => Value::Null,
                            ValueRef::Integer(n) => Value::Int(n),
                            ValueRef::Real(f) => Value::Real(f),
                            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into()),
                            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                        });
                    }
                    values.push(one);
                }
                Ok(Rows { names, values })
            }
            Conn::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let stmt = pg.prepare(sql)?;
                let names = stmt
                    .columns()
                    .iter()
                    .map(|c| c.name().to_string())
                    .collect();
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args
                    .iter()
                    .map(|a| a as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                let rows = pg.client.query(&stmt, &refs).map_err(|e| pg.failed(e))?;
                let values = rows
                    .iter()
                    .map(|r| (0..r.len()).map(|i| pg_value(r, i)).collect())
                    .collect::<Result<Vec<Vec<Value>>>>()?;
                Ok(Rows { names, values })
            }
        }
    }

    /// The first row of `sql` through `f`; [`Error::NoRow`] when there is none (see
    /// [`OptionalExtension::optional`]).
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let rows = self.query(sql, params)?;
        let first = rows.iter().next().ok_or(Error::NoRow)?;
        f(&first)
    }

    /// Runs several statements without arguments.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                pg.client.batch_execute(sql).map_err(|e| pg.failed(e))
            }
        }
    }

    /// A transaction that will write: on SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so what it reads before it writes cannot change under it and it never has
    /// to give up halfway for another process's write; on PostgreSQL a READ COMMITTED one,
    /// whose writes to a tenant's tokens line up on that tenant's version row. Rolled back
    /// when dropped uncommitted.
    pub fn transaction(&self) -> Result<Tx<'_>> {
        self.execute_batch(match self {
            Conn::Sqlite(_) => "BEGIN IMMEDIATE",
            Conn::Postgres(_) => "BEGIN",
        })?;
        Ok(Tx {
            conn: self,
            done: false,
        })
    }

    /// A read-only transaction whose statements all see one snapshot of the database.
    pub fn snapshot(&self) -> Result<Tx<'_>> {
        self.execute_batch(match self {
            Conn::Sqlite(_) => "BEGIN DEFERRED",
            Conn::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        })?;
        Ok(Tx {
            conn: self,
            done: false,
        })
    }

    /// Whether the connection is known not to work (a PostgreSQL server closed it).
    pub(super) fn is_broken(&self) -> bool {
        match self {
            Conn::Sqlite(_) => false,
            Conn::Postgres(pg) => pg.borrow().client.is_closed(),
        }
    }
}

impl PgConn {
    pub(super) fn new(client: postgres::Client, losses: Arc<AtomicU64>) -> PgConn {
        let checked_at = losses.load(Ordering::Relaxed);
        PgConn {
            client,
            prepared: HashMap::new(),
            losses,
            checked_at,
        }
    }

    /// `e` as this crate's error; one that says the server is gone is told to the pool.
    fn failed(&self, e: postgres::Error) -> Error {
        let e = Error::from(e);
        if matches!(e, Error::Unavailable(_)) {
            self.losses.fetch_add(1, Ordering::Relaxed);
        }
        e
    }

    fn prepare(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self
            .client
            .prepare(&dollar_placeholders(sql))
            .map_err(|e| self.failed(e))?;
        self.prepared.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

/// A transaction on a [`Conn`] (which it derefs to); rolled back when dropped uncommitted.
pub struct Tx<'a> {
    conn: &'a Conn,
    done: bool,
}

impl<'a> Tx<'a> {
    /// A transaction `conn` has just begun.
    pub(super) fn started(conn: &'a Conn) -> Tx<'a> {
        Tx { conn, done: false }
    }

    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch("COMMIT")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_become_dollars_outside_quoted_text() {
        assert_eq!(
            super::dollar_placeholders("a = ?1 AND b = '?2' OR c IS ?12"),
            "a = $1 AND b = '?2' OR c IS $12"
        );
    }
}
