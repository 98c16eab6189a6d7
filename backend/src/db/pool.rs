//! The connections a server holds, in r2d2 pools with a deadline: a request that cannot get a
//! connection within `--db-acquire-timeout` is refused ([`super::Error::Unavailable`], which
//! the server answers 503 with Retry-After), never left waiting.
//!
//! - **PostgreSQL**: one pool of up to `--db-pool-size` connections, made when first needed.
//!   A connection that finds the server gone (a restart) is dropped when it comes back, and
//!   tells the others: each idle one is checked with an empty query before it is next handed
//!   out, so none that died with the server is handed out again. While the server is down,
//!   new connections are tried again in the background; the first that works serves.
//! - **SQLite**: writers one at a time (one connection: SQLite takes one writer anyway, and
//!   `BEGIN IMMEDIATE` lines them up with other processes), readers side by side in WAL
//!   (up to `--db-pool-size` connections opened `query_only`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use r2d2::ManageConnection;

use super::conn::{Conn, PgConn};
use super::migrate::{is_busy, START_WAIT};
use super::{Error, Result};

/// How a server uses its database.
#[derive(Clone, Debug)]
pub struct Options {
    /// PostgreSQL connections, or SQLite readers, one instance keeps at most.
    pub pool_size: u32,
    /// How long a request waits for a connection before it is refused.
    pub acquire_timeout: Duration,
    /// The CA certificates (PEM) a PostgreSQL server's certificate is checked against, unless
    /// the URL names its own (`sslrootcert`).
    pub ca_file: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pool_size: 8,
            acquire_timeout: Duration::from_secs(5),
            ca_file: None,
        }
    }
}

/// What the pools hold just now (for `/metrics`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Connections handed out.
    pub in_use: u32,
    /// Connections open and free.
    pub idle: u32,
    /// Requests waiting for a connection.
    pub waiting: usize,
}

/// The database every request uses; cheap to clone.
#[derive(Clone)]
pub struct Db(Arc<Pools>);

struct Pools {
    /// Every write, and on PostgreSQL every read.
    write: Option<r2d2::Pool<Manager>>,
    /// SQLite's readers.
    read: Option<r2d2::Pool<Manager>>,
    acquire_timeout: Duration,
    waiting: AtomicUsize,
}

impl Db {
    /// Pools over SQLite file `path` (migrated already).
    pub(super) fn sqlite(path: &Path, options: &Options) -> Db {
        let threads = threads();
        let pool = |read_only: bool, size: u32| {
            builder(options, size, threads.clone()).build_unchecked(Manager::Sqlite {
                path: path.to_path_buf(),
                read_only,
            })
        };
        Db(Arc::new(Pools {
            write: Some(pool(false, 1)),
            read: Some(pool(true, options.pool_size)),
            acquire_timeout: options.acquire_timeout,
            waiting: AtomicUsize::new(0),
        }))
    }

    /// A pool over PostgreSQL with `config` (migrated already), connecting with `tls`.
    pub(super) fn postgres(
        config: postgres::Config,
        tls: super::tls::Tls,
        options: &Options,
    ) -> Db {
        let manager = Manager::Postgres {
            config: Box::new(config),
            tls,
            losses: Arc::new(AtomicU64::new(0)),
        };
        let write = builder(options, options.pool_size, threads()).build_unchecked(manager);
        Db(Arc::new(Pools {
            write: Some(write),
            read: None,
            acquire_timeout: options.acquire_timeout,
            waiting: AtomicUsize::new(0),
        }))
    }

    /// Runs `f` with a connection that may only read (blocking: call from a blocking thread).
    pub fn read<T>(&self, f: impl FnOnce(&Conn) -> T) -> Result<T> {
        self.with(self.0.read.as_ref().or(self.0.write.as_ref()), f)
    }

    /// Runs `f` with a connection that may write (blocking: call from a blocking thread).
    pub fn write<T>(&self, f: impl FnOnce(&Conn) -> T) -> Result<T> {
        self.with(self.0.write.as_ref(), f)
    }

    fn with<T>(&self, pool: Option<&r2d2::Pool<Manager>>, f: impl FnOnce(&Conn) -> T) -> Result<T> {
        let pool = pool.ok_or_else(|| Error::Unavailable("the database is closed".into()))?;
        self.0.waiting.fetch_add(1, Ordering::Relaxed);
        let conn = pool.get_timeout(self.0.acquire_timeout);
        self.0.waiting.fetch_sub(1, Ordering::Relaxed);
        let conn = conn.map_err(|e| {
            Error::Unavailable(format!(
                "no connection within {} ms: {e}",
                self.0.acquire_timeout.as_millis()
            ))
        })?;
        Ok(f(&conn))
    }

    /// What the pools hold just now.
    pub fn stats(&self) -> Stats {
        let mut stats = Stats {
            waiting: self.0.waiting.load(Ordering::Relaxed),
            ..Stats::default()
        };
        for pool in [&self.0.write, &self.0.read].into_iter().flatten() {
            let s = pool.state();
            stats.in_use += s.connections - s.idle_connections;
            stats.idle += s.idle_connections;
        }
        stats
    }
}

impl Drop for Pools {
    /// Each PostgreSQL connection owns a small runtime, which may not be dropped from async
    /// code (the server's state goes when it stops): the pools go on a plain thread.
    fn drop(&mut self) {
        let pools = (self.write.take(), self.read.take());
        let _ = std::thread::spawn(move || drop(pools)).join();
    }
}

/// The threads that make connections in the background and close idle ones, for both pools.
fn threads() -> Arc<scheduled_thread_pool::ScheduledThreadPool> {
    Arc::new(
        scheduled_thread_pool::ScheduledThreadPool::builder()
            .num_threads(2)
            .thread_name_pattern("db-pool-{}")
            .build(),
    )
}

fn builder(
    options: &Options,
    size: u32,
    threads: Arc<scheduled_thread_pool::ScheduledThreadPool>,
) -> r2d2::Builder<Manager> {
    r2d2::Pool::builder()
        .max_size(size.max(1))
        // Made when first needed, one kept ready.
        .min_idle(Some(1))
        .connection_timeout(options.acquire_timeout)
        // Cheap unless some connection found the server gone (see `Manager::is_valid`).
        .test_on_check_out(true)
        .error_handler(Box::new(r2d2::NopErrorHandler))
        .thread_pool(threads)
}

enum Manager {
    Sqlite {
        path: PathBuf,
        read_only: bool,
    },
    Postgres {
        /// (Boxed: far larger than the SQLite variant.)
        config: Box<postgres::Config>,
        tls: super::tls::Tls,
        /// How many times a connection found the server gone ([`PgConn`]).
        losses: Arc<AtomicU64>,
    },
}

impl ManageConnection for Manager {
    type Connection = Conn;
    type Error = Error;

    fn connect(&self) -> Result<Conn> {
        match self {
            Manager::Sqlite { path, read_only } => {
                let conn = open_sqlite(path).map_err(Error::Unavailable)?;
                if *read_only {
                    // A reader's page cache is emptied whenever the writer (another
                    // connection) commits; reading the file through a map instead of copies
                    // makes filling it again cheap (a 10,000-token list after a change).
                    conn.execute_batch("PRAGMA query_only = ON; PRAGMA mmap_size = 268435456")?;
                }
                Ok(conn)
            }
            Manager::Postgres {
                config,
                tls,
                losses,
            } => pg_connect(config, tls, losses.clone()),
        }
    }

    /// A PostgreSQL connection is asked (an empty query) only when some connection found the
    /// server gone since this one last worked; else it is handed out as it is.
    fn is_valid(&self, conn: &mut Conn) -> Result<()> {
        let (Manager::Postgres { losses, .. }, Conn::Postgres(pg)) = (self, conn) else {
            return Ok(());
        };
        let mut pg = pg.borrow_mut();
        let seen = losses.load(Ordering::Relaxed);
        if pg.checked_at == seen {
            return Ok(());
        }
        pg.client.simple_query("").map_err(Error::from)?;
        pg.checked_at = seen;
        Ok(())
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.is_broken()
    }
}

/// A new PostgreSQL connection.
pub(super) fn pg_connect(
    config: &postgres::Config,
    tls: &super::tls::Tls,
    losses: Arc<AtomicU64>,
) -> Result<Conn> {
    let client = tls.connect(config)?;
    Ok(Conn::Postgres(Box::new(std::cell::RefCell::new(
        PgConn::new(client, losses),
    ))))
}

/// A connection to SQLite file `path` (created when missing), in WAL with foreign keys on.
pub(super) fn open_sqlite(path: &Path) -> std::result::Result<Conn, String> {
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
