//! Storage on SQLite (a file path, the default) or PostgreSQL (a `postgres://` URL): opening,
//! migrations, and one small SQL interface ([`Conn`]) that the store's statements are written
//! against once, for both engines.
//!
//! Statements use `?N` placeholders and SQL both engines read alike (`IS NOT DISTINCT FROM`,
//! `string_agg`, `ON CONFLICT DO NOTHING`); on PostgreSQL `?N` becomes `$N`. Both engines are
//! called synchronously on tokio's blocking threads (`AppState::db`): rusqlite through one
//! shared connection, PostgreSQL through a small pool of connections.
//!
//! Migrations: `backend/migrations/*.sql` for SQLite (tracked in `PRAGMA user_version`) and
//! `backend/migrations/postgres/*.sql` for PostgreSQL (tracked in `schema_version`). Whatever a
//! start does to the database (migrate, create the demo data, the server's keys) it does
//! holding a lock that another instance starting at the same moment waits for: SQLite's write
//! lock (`BEGIN IMMEDIATE`), PostgreSQL's advisory lock [`MIGRATION_LOCK`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};

/// SQLite migrations in order; file N brings the schema to `PRAGMA user_version = N`.
const SQLITE_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_token_versions.sql"),
    include_str!("../migrations/0003_last_used.sql"),
    include_str!("../migrations/0004_expiry_policy.sql"),
    include_str!("../migrations/0005_rotation_and_history.sql"),
    include_str!("../migrations/0006_limits.sql"),
];

/// PostgreSQL migrations in order; file N brings the schema to `schema_version` N.
const POSTGRES_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_schema.sql"),
    include_str!("../migrations/postgres/0002_limits.sql"),
];

/// The key of the PostgreSQL advisory lock held while an instance migrates and prepares the
/// database on start (any fixed number; this one spells "api-tokens").
pub const MIGRATION_LOCK: i64 = 0x6170_692d_746f_6b65;

/// Connections to PostgreSQL an instance keeps at most.
pub const POOL_SIZE: usize = 8;

/// A database error: the engine's message (never a secret: no statement logs its values).
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error(e.to_string())
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        // The server's message with its detail, not just "db error".
        match e.as_db_error() {
            Some(db) => Error(format!("{}: {}", db.code().code(), db.message())),
            None => Error(e.to_string()),
        }
    }
}

/// No row where one was expected.
pub const NO_ROWS: &str = "query returned no rows";

pub type Result<T> = std::result::Result<T, Error>;

/// A statement's argument.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What can be a statement's argument.
pub trait ToArg {
    fn to_arg(&self) -> Arg<'_>;
}

impl ToArg for str {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}
impl ToArg for String {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}
impl ToArg for [u8] {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(self)
    }
}
impl ToArg for Vec<u8> {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(self)
    }
}
impl ToArg for i64 {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Int(*self)
    }
}
impl ToArg for bool {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Int(*self as i64)
    }
}
impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg<'_> {
        (**self).to_arg()
    }
}
impl<T: ToArg> ToArg for Option<T> {
    fn to_arg(&self) -> Arg<'_> {
        match self {
            Some(v) => v.to_arg(),
            None => Arg::Null,
        }
    }
}

/// `params![a, b]`: a statement's arguments, as rusqlite spells them.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::ToArg] };
    ($($x:expr),+ $(,)?) => { &[$(&$x as &dyn $crate::db::ToArg),+] as &[&dyn $crate::db::ToArg] };
}

pub type Params<'a> = &'a [&'a dyn ToArg];

/// A value read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// What a column can be read as.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Result<Self>;
}

fn wrong(v: &Value, want: &str) -> Error {
    Error(format!("a column read as {want} holds {v:?}"))
}

impl FromValue for String {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            _ => Err(wrong(v, "text")),
        }
    }
}
impl FromValue for i64 {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Int(n) => Ok(*n),
            _ => Err(wrong(v, "an integer")),
        }
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Int(n) => Ok(*n != 0),
            _ => Err(wrong(v, "a boolean")),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Blob(b) => Ok(b.clone()),
            _ => Err(wrong(v, "bytes")),
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Result<Self> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// A column of a row: by position or by name.
pub trait ColumnIndex {
    fn index(&self, names: &[String]) -> Result<usize>;
}
impl ColumnIndex for usize {
    fn index(&self, names: &[String]) -> Result<usize> {
        (*self < names.len())
            .then_some(*self)
            .ok_or_else(|| Error(format!("no column {self}")))
    }
}
impl ColumnIndex for &str {
    fn index(&self, names: &[String]) -> Result<usize> {
        names
            .iter()
            .position(|n| n == self)
            .ok_or_else(|| Error(format!("no column {self}")))
    }
}

/// One row of an answer.
pub struct Row<'a> {
    names: &'a [String],
    values: &'a [Value],
}

impl Row<'_> {
    pub fn get<T: FromValue>(&self, at: impl ColumnIndex) -> Result<T> {
        let i = at.index(self.names)?;
        T::from_value(&self.values[i]).map_err(|e| Error(format!("{}: {e}", self.names[i])))
    }
}

/// The rows of an answer, read in full.
pub struct Rows {
    pub names: Vec<String>,
    values: Vec<Vec<Value>>,
}

impl Rows {
    pub fn column_index(&self, name: &str) -> Result<usize> {
        name.index(&self.names)
    }
    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        self.values.iter().map(|values| Row {
            names: &self.names,
            values,
        })
    }
    /// Each row through `f`.
    pub fn map<T>(&self, f: impl FnMut(&Row<'_>) -> Result<T>) -> Result<Vec<T>> {
        let mut f = f;
        self.iter().map(|r| f(&r)).collect()
    }
}

/// `Result<T>` of a one-row read → `Result<Option<T>>`, `None` when there was no row.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}
impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.0 == NO_ROWS => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// One connection to either engine.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    /// (Boxed: a client is much larger than a SQLite connection.)
    Postgres(Box<RefCell<PgConn>>),
}

pub struct PgConn {
    client: postgres::Client,
    /// Statements prepared on this connection, by their SQL.
    prepared: HashMap<String, postgres::Statement>,
}

/// `?N` → `$N` outside quoted text.
fn dollar_placeholders(sql: &str) -> String {
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
                Ok(pg.client.execute(&stmt, &refs)? as usize)
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
                let rows = pg.client.query(&stmt, &refs)?;
                let values = rows
                    .iter()
                    .map(|r| (0..r.len()).map(|i| pg_value(r, i)).collect())
                    .collect::<Result<Vec<Vec<Value>>>>()?;
                Ok(Rows { names, values })
            }
        }
    }

    /// The first row of `sql` through `f`; an error [`NO_ROWS`] when there is none (see
    /// [`OptionalExtension::optional`]).
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let rows = self.query(sql, params)?;
        let first = rows.iter().next().ok_or_else(|| Error(NO_ROWS.into()))?;
        f(&first)
    }

    /// Runs several statements without arguments.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(pg) => Ok(pg.borrow_mut().client.batch_execute(sql)?),
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

    /// Whether the connection still works (a PostgreSQL server may have closed it).
    fn is_broken(&self) -> bool {
        match self {
            Conn::Sqlite(_) => false,
            Conn::Postgres(pg) => pg.borrow().client.is_closed(),
        }
    }
}

impl PgConn {
    fn prepare(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(&dollar_placeholders(sql))?;
        self.prepared.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

/// A transaction on a [`Conn`] (which it derefs to); rolled back when dropped uncommitted.
pub struct Tx<'a> {
    conn: &'a Conn,
    done: bool,
}

impl Tx<'_> {
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

/// What `--db` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    File(std::path::PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Location {
    /// A `postgres://` or `postgresql://` URL is a PostgreSQL database; anything else that
    /// looks like a URL (`scheme://`, `sqlite:` …) is refused rather than taken as a file
    /// name; the rest is a SQLite file path.
    pub fn parse(db: &str) -> std::result::Result<Location, String> {
        let lower = db.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(Location::Postgres(db.to_string()));
        }
        if let Some((scheme, _)) = db.split_once(':') {
            let url_like = !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                // A Windows drive letter (C:\...) is a path.
                && scheme.len() > 1;
            if url_like {
                return Err(format!(
                    "--db {scheme}:… looks like a URL, and the only URLs understood are \
                     postgres:// and postgresql:// (give a SQLite database as a file path)"
                ));
            }
        }
        Ok(Location::File(db.into()))
    }

    /// How to name it in messages: a URL without its password.
    pub fn display(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// `url` with any password replaced by `***`, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let mut out = format!("{scheme}://");
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            match userinfo.split_once(':') {
                Some((user, _)) => out.push_str(&format!("{user}:***")),
                None => out.push_str(userinfo),
            }
            out.push('@');
            out.push_str(host);
        }
        None => out.push_str(authority),
    }
    // A password may also come as a query parameter.
    match tail.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        None => out.push_str(tail),
    }
    out
}

/// The database every handler uses: one shared SQLite connection (SQLite serialises writers
/// anyway; WAL keeps readers going) or a pool of PostgreSQL connections.
#[derive(Clone)]
pub enum Db {
    Sqlite(Arc<Mutex<Conn>>),
    Postgres(Arc<Pool>),
}

/// Up to [`POOL_SIZE`] PostgreSQL connections, made when first needed and remade when broken.
pub struct Pool {
    config: postgres::Config,
    idle: Mutex<(Vec<Conn>, usize)>,
    freed: Condvar,
}

impl Pool {
    fn connect(&self) -> Result<Conn> {
        pg_connect(&self.config)
    }
}

impl Drop for Pool {
    /// Each PostgreSQL connection owns a small runtime, which may not be dropped from async
    /// code (the server's state goes when it stops): they go on a plain thread.
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.idle.get_mut().unwrap_or_else(|e| e.into_inner()).0);
        let _ = std::thread::spawn(move || drop(idle)).join();
    }
}

fn pg_connect(config: &postgres::Config) -> Result<Conn> {
    let client = config.connect(postgres::NoTls)?;
    Ok(Conn::Postgres(Box::new(RefCell::new(PgConn {
        client,
        prepared: HashMap::new(),
    }))))
}

impl Db {
    /// Runs `f` with a connection (blocking: call from a blocking thread).
    pub fn with<T>(&self, f: impl FnOnce(&mut Conn) -> T) -> Result<T> {
        match self {
            Db::Sqlite(c) => {
                let mut c = c
                    .lock()
                    .map_err(|_| Error("database lock poisoned".into()))?;
                Ok(f(&mut c))
            }
            Db::Postgres(pool) => {
                let mut conn = {
                    let mut idle = pool.idle.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if let Some(c) = idle.0.pop() {
                            break Some(c);
                        }
                        if idle.1 < POOL_SIZE {
                            idle.1 += 1;
                            break None;
                        }
                        idle = pool.freed.wait(idle).unwrap_or_else(|e| e.into_inner());
                    }
                };
                let give_back = |c: Option<Conn>| {
                    let mut idle = pool.idle.lock().unwrap_or_else(|e| e.into_inner());
                    match c {
                        Some(c) if !c.is_broken() => idle.0.push(c),
                        _ => idle.1 -= 1,
                    }
                    pool.freed.notify_one();
                };
                if conn.as_ref().is_none_or(Conn::is_broken) {
                    conn = match pool.connect() {
                        Ok(c) => Some(c),
                        Err(e) => {
                            give_back(None);
                            return Err(e);
                        }
                    };
                }
                let mut c = conn.expect("a connection");
                let out = f(&mut c);
                give_back(Some(c));
                Ok(out)
            }
        }
    }
}

/// Opens the database `location` names (creating a SQLite file if needed), applies pending
/// migrations and then `prepare` (the demo data, the server's keys), all holding the start
/// lock, so two instances starting at the same moment do it one after the other.
pub fn open<T>(
    location: &Location,
    prepare: impl FnOnce(&Conn) -> Result<T>,
) -> std::result::Result<(Db, T), String> {
    match location {
        Location::File(path) => {
            let conn = open_sqlite(path)?;
            let tx = begin_start(&conn)?;
            migrate_sqlite(&tx)?;
            let prepared = prepare(&tx).map_err(|e| e.to_string())?;
            tx.commit().map_err(|e| e.to_string())?;
            Ok((Db::Sqlite(Arc::new(Mutex::new(conn))), prepared))
        }
        Location::Postgres(url) => {
            let config: postgres::Config = url
                .parse()
                .map_err(|e| format!("not a valid PostgreSQL URL: {e}"))?;
            let conn = pg_connect(&config).map_err(|e| e.to_string())?;
            conn.execute("SELECT pg_advisory_lock(?1)", params![MIGRATION_LOCK])
                .map_err(|e| e.to_string())?;
            let done = (|| {
                migrate_postgres(&conn)?;
                let tx = conn.transaction().map_err(|e| e.to_string())?;
                let prepared = prepare(&tx).map_err(|e| e.to_string())?;
                tx.commit().map_err(|e| e.to_string())?;
                Ok::<_, String>(prepared)
            })();
            // (Closing the connection would release it too.)
            let _ = conn.execute("SELECT pg_advisory_unlock(?1)", params![MIGRATION_LOCK]);
            let prepared = done?;
            let pool = Pool {
                config,
                idle: Mutex::new((vec![conn], 1)),
                freed: Condvar::new(),
            };
            Ok((Db::Postgres(Arc::new(pool)), prepared))
        }
    }
}

fn open_sqlite(path: &Path) -> std::result::Result<Conn, String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let conn = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| e.to_string())?;
    // Two processes turning a new file to WAL at the same moment can deadlock on its lock, and
    // SQLite then answers one of them "busy" at once rather than making it wait: try again.
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e) if is_busy(&e) && started.elapsed() < START_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            done => break done.map_err(|e| e.to_string())?,
        }
    }
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(|e| e.to_string())?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(|e| e.to_string())?;
    Ok(Conn::Sqlite(conn))
}

/// How long a start waits for another instance's start at most.
const START_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

fn is_busy(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
}

/// The start's transaction on SQLite, holding the write lock; waits for another process's
/// start (the busy timeout, then again while it is still busy, up to [`START_WAIT`]).
fn begin_start(conn: &Conn) -> std::result::Result<Tx<'_>, String> {
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
            Ok(()) => return Ok(Tx { conn, done: false }),
        }
    }
}

/// Applies the pending SQLite migrations inside `tx` (which holds the write lock, so the
/// version read is the one the migrations apply to).
fn migrate_sqlite(tx: &Conn) -> std::result::Result<(), String> {
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
fn migrate_postgres(c: &Conn) -> std::result::Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{record_use, tokens_version};

    #[test]
    fn db_urls_are_databases_or_refused_and_paths_are_files() {
        assert_eq!(
            Location::parse("postgres://u:p@127.0.0.1:5/db"),
            Ok(Location::Postgres("postgres://u:p@127.0.0.1:5/db".into()))
        );
        assert!(matches!(
            Location::parse("postgresql://localhost/db"),
            Ok(Location::Postgres(_))
        ));
        for refused in [
            "mysql://x/y",
            "sqlite:db.sqlite",
            "sqlite:///x",
            "http://x",
            "postgre://x",
        ] {
            let e = Location::parse(refused).unwrap_err();
            assert!(e.contains("postgres://"), "{refused}: {e}");
        }
        for path in [
            ".data/x.sqlite",
            "/tmp/a:b/x",
            "x",
            "C:\\x\\y.sqlite",
            "./postgres/db",
        ] {
            assert_eq!(
                Location::parse(path),
                Ok(Location::File(path.into())),
                "{path}"
            );
        }
    }

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact("postgres://att:s3cret@127.0.0.1:5432/att?sslmode=disable"),
            "postgres://att:***@127.0.0.1:5432/att?sslmode=disable"
        );
        assert_eq!(
            redact("postgres://127.0.0.1/att?user=a&password=s3cret"),
            "postgres://127.0.0.1/att?user=a&password=***"
        );
        assert_eq!(redact("postgres://att@h/db"), "postgres://att@h/db");
        assert_eq!(
            dollar_placeholders("a = ?1 AND b = '?2' OR c IS ?12"),
            "a = $1 AND b = '?2' OR c IS $12"
        );
    }

    fn token(c: &Conn, id: &str, tenant: &str, owner: Option<&str>) {
        c.execute(
            "INSERT INTO tokens (id, tenant_id, owner_user_id, kind, secret_hash, created_at) \
             VALUES (?1, ?2, ?3, 'access_token', randomblob(32), '2026-01-01T00:00:00.000Z')",
            params![id, tenant, owner],
        )
        .unwrap();
    }

    #[test]
    fn every_change_to_a_tenants_tokens_bumps_its_version_in_the_same_transaction() {
        let c = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        migrate_for_tests(&c);
        c.execute_batch(
            "INSERT INTO tenants (id, name) VALUES ('acme', 'Acme'), ('globex', 'Globex');
             INSERT INTO users (id, tenant_id, email, name, password_hash)
                 VALUES ('ann', 'acme', 'ann@acme.test', 'Ann', 'x');
             INSERT INTO roles (id, tenant_id, key, name, created_at, updated_at)
                 VALUES ('viewer', 'acme', 'viewer', 'Viewer', 'now', 'now');
             INSERT INTO permissions (id, key, name, created_at) VALUES ('p', 'p', 'P', 'now');",
        )
        .unwrap();
        let version = |c: &Conn| tokens_version(c, "acme").unwrap();
        assert_eq!(version(&c), 0);
        // The version after `what`, which must have moved it on from `last`.
        let bumped = |c: &Conn, last: i64, what: &str| {
            let now = version(c);
            assert!(now > last, "{what}: version {now}, was {last}");
            now
        };

        token(&c, "t1", "acme", None);
        let mut last = bumped(&c, 0, "a token inserted");
        c.execute("INSERT INTO token_roles VALUES ('t1', 'viewer')", params![])
            .unwrap();
        last = bumped(&c, last, "a role given");
        c.execute(
            "INSERT INTO token_permissions VALUES ('t1', 'p')",
            params![],
        )
        .unwrap();
        last = bumped(&c, last, "a permission given");
        c.execute(
            "UPDATE tokens SET description = 'CI' WHERE id = 't1'",
            params![],
        )
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
                params![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            (at, ip),
            (crate::store::timestamp(seconds(61)), "192.0.2.3".into())
        );
        c.execute("UPDATE token_roles SET role_id = role_id", params![])
            .unwrap();
        last = bumped(&c, last, "a role link rewritten");
        c.execute(
            "UPDATE token_permissions SET token_id = token_id",
            params![],
        )
        .unwrap();
        last = bumped(&c, last, "a permission link rewritten");
        c.execute("DELETE FROM token_roles WHERE token_id = 't1'", params![])
            .unwrap();
        last = bumped(&c, last, "a role taken");
        c.execute("DELETE FROM roles WHERE id = 'viewer'", params![])
            .unwrap();
        assert_eq!(version(&c), last, "a role no token had");
        c.execute("DELETE FROM tokens WHERE id = 't1'", params![])
            .unwrap();
        last = bumped(&c, last, "a token deleted, its permission with it");
        token(&c, "t2", "acme", Some("ann"));
        last = bumped(&c, last, "a personal token inserted");
        c.execute("DELETE FROM users WHERE id = 'ann'", params![])
            .unwrap();
        last = bumped(&c, last, "a personal token gone with its user (a cascade)");

        // A change rolled back leaves the version as it was: it moves with the change only.
        {
            let tx = c.transaction().unwrap();
            token(&tx, "t3", "acme", None);
            assert!(version(&tx) > last);
        }
        assert_eq!(version(&c), last);

        // Another tenant's changes are its own.
        token(&c, "g1", "globex", None);
        assert_eq!(version(&c), last);
        assert_eq!(tokens_version(&c, "globex").unwrap(), 1);
    }
}
