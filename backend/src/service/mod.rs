//! What the server does, in the domain's terms, above the store: tokens listed, created,
//! edited, rolled and deleted with the rules crate's decisions ([`tokens`], [`access`]); who is
//! signed in, sign-ins and the client-credentials exchange ([`identity`]); the limits
//! ([`limits`]); pruning ([`maintenance`]). Every operation answers a domain error; `http`
//! says each as a status. Database work runs on tokio's blocking threads, with a connection
//! from the pools (`db::Db`): [`Service::read`] for reads, [`Service::write`] for changes.

pub mod access;
pub mod identity;
pub mod lifecycle;
pub mod limits;
pub mod maintenance;
pub mod members;
pub mod tokens;
pub mod usage;
pub mod webhooks;

use std::sync::Arc;

use crate::db::{self, Conn, Db, Location};
use crate::domain::{Error, Result};
use crate::store;

/// The server's keys, loaded from (or created in) the database on start.
pub struct Keys {
    /// Signs user JWTs and exchanged API-token JWTs.
    pub jwt: Vec<u8>,
    /// Keys the HMAC that stored secrets (and the limits' keys) are hashed with.
    pub secret: Vec<u8>,
}

/// The limits an operator sets (see `limits`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Attempts a minute one address may make on sign-in and exchange together.
    pub attempts_per_minute: u32,
    /// Writes a minute one user may make (0: no limit).
    pub writes_per_minute: u32,
    /// Tokens a tenant may have, and tokens one user may have created that still exist (0:
    /// no limit).
    pub max_tokens_per_tenant: u32,
    pub max_tokens_per_user: u32,
    /// The vendor's webhook endpoint; none: no events are written.
    pub webhooks: Option<Arc<webhooks::Webhooks>>,
    /// Each token's uses and addresses are counted (`--no-usage` turns it off).
    pub record_usage: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            attempts_per_minute: limits::ATTEMPTS_PER_MINUTE,
            writes_per_minute: limits::WRITES_PER_MINUTE,
            max_tokens_per_tenant: limits::TOKENS_PER_TENANT,
            max_tokens_per_user: limits::TOKENS_PER_USER,
            webhooks: None,
            record_usage: true,
        }
    }
}

/// Everything the server does; cheap to clone.
#[derive(Clone)]
pub struct Service {
    db: Db,
    keys: Arc<Keys>,
    config: Arc<Config>,
    /// Sign-in and exchange attempts per address, in this instance's memory.
    limiter: Arc<limits::Limiter>,
    /// Woken when this instance wrote webhook events ([`webhooks`]).
    wake: Arc<tokio::sync::Notify>,
    /// Tokens' uses and refusals since the last flush ([`usage`]).
    usage: Arc<std::sync::Mutex<crate::domain::usage::UsageCounts>>,
}

/// What [`Service::start`] did besides opening.
pub struct Started {
    pub service: Service,
    /// Whether the demo data was (re)created.
    pub seeded: bool,
}

impl Service {
    /// Opens the database (migrating it), creates the demo data when it is new or `demo` asks,
    /// and loads the server's keys. Blocking: call from a blocking thread.
    pub fn start(
        location: &Location,
        options: db::Options,
        demo: bool,
        config: Config,
    ) -> std::result::Result<Started, String> {
        let (db, (keys, seeded)) = db::open(location, options, |conn| {
            let fresh = store::is_empty(conn)?;
            if fresh || demo {
                store::seed::seed(conn)?;
            }
            let keys = Keys {
                jwt: store::server_key(conn, "jwt")?,
                secret: store::server_key(conn, "secret-hmac")?,
            };
            Ok((keys, fresh || demo))
        })?;
        Ok(Started {
            service: Service {
                db,
                keys: Arc::new(keys),
                config: Arc::new(config),
                limiter: Arc::default(),
                wake: Arc::default(),
                usage: Arc::default(),
            },
            seeded,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What the database's pools hold just now.
    pub fn db_stats(&self) -> db::Stats {
        self.db.stats()
    }

    /// Whether the database answers (a connection, and `SELECT 1` on it).
    pub async fn ping(&self) -> Result<()> {
        self.read(|c| {
            c.query_row("SELECT 1", crate::params![], |r| r.get::<i64>(0))?;
            Ok(())
        })
        .await
    }

    /// Runs `f` with a connection that may only read, on a blocking thread. Once started, it
    /// runs to its end even when the request that asked for it is dropped.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Conn) -> Result<T> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.read(f))
            .await
            .map_err(Error::internal)??
    }

    /// Runs `f` with a connection that may write, on a blocking thread (see [`Service::read`]).
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Conn) -> Result<T> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.write(f))
            .await
            .map_err(Error::internal)??
    }
}
