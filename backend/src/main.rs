//! `api-tokens-backend`: the reference Frontegg-compatible token backend.
//!
//! Serves the identity API routes the tab uses under `/frontegg/identity/resources/`, the
//! built SPA (with an index.html fallback) and `/healthz`.

mod app;
mod auth;
mod client_ip;
mod db;
mod dto;
mod error;
mod limits;
mod list_cache;
mod routes;
mod rules;
mod secrets;
mod seed;
mod serve;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tracing::{error, info};

/// Command line; every flag can also come from the environment.
#[derive(Parser, Debug, Clone)]
#[command(name = "api-tokens-backend", version, about)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, env = "ATT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The database: a SQLite file path (created, with demo data, on first start) or a
    /// PostgreSQL URL, `postgres://user:password@host:port/database` (its schema and demo data
    /// are created on first start; several instances may share it). Other URLs are refused.
    #[arg(long, env = "ATT_DB", default_value = ".data/api-tokens.sqlite")]
    pub db: String,
    /// Folder of the built SPA to serve (the dist/ scripts/run builds); nothing is served when absent.
    #[arg(long = "static", env = "ATT_STATIC")]
    pub static_dir: Option<PathBuf>,
    /// (Re)create the demo data even when the database already exists.
    #[arg(long, env = "ATT_DEMO")]
    pub demo: bool,
    /// An origin allowed to call the API from another site (repeatable; `*` allows any).
    /// Default: same-origin only.
    #[arg(
        long = "allow-origin",
        env = "ATT_ALLOW_ORIGINS",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,
    /// Sign-in and token-exchange attempts one client address may make per minute (together);
    /// more answer 429 with Retry-After. Failed attempts per account are limited separately.
    #[arg(long, env = "ATT_ATTEMPTS_PER_MINUTE", default_value_t = limits::ATTEMPTS_PER_MINUTE)]
    pub attempts_per_minute: u32,
    /// Changes to tokens (creates, edits, rolls, window ends, deletes) one signed-in user may
    /// make per minute; more answer 429 with Retry-After. 0: no limit.
    #[arg(long, env = "ATT_WRITES_PER_MINUTE", default_value_t = limits::WRITES_PER_MINUTE)]
    pub writes_per_minute: u32,
    /// Tokens one tenant may have (account and personal, both types); a create past it
    /// answers 409. 0: no limit.
    #[arg(long, env = "ATT_MAX_TOKENS_PER_TENANT", default_value_t = limits::TOKENS_PER_TENANT)]
    pub max_tokens_per_tenant: u32,
    /// Tokens one user may have created that still exist; a create past it answers 409. 0: no
    /// limit.
    #[arg(long, env = "ATT_MAX_TOKENS_PER_USER", default_value_t = limits::TOKENS_PER_USER)]
    pub max_tokens_per_user: u32,
    /// Days a token's history is kept; older events are deleted by the server (at start and
    /// hourly). 0: kept for ever.
    #[arg(long, env = "ATT_EVENT_RETENTION_DAYS", default_value_t = 730)]
    pub event_retention_days: u32,
    /// Seconds a request's line and headers may take to arrive, from its first byte.
    #[arg(long, env = "ATT_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Seconds a request's body may take to arrive, from the end of its headers (408 after).
    #[arg(long, env = "ATT_BODY_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,
    /// Seconds a connection may stay open with nothing sent either way while no request is
    /// being answered (a new one, or kept alive between requests).
    #[arg(long, env = "ATT_IDLE_TIMEOUT", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,
    /// Connections open at once; past it, new ones wait until one closes.
    #[arg(long, env = "ATT_MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// The server runs behind a reverse proxy that appends the client's address to
    /// X-Forwarded-For: take the client address from that header's right-most entry (for the
    /// per-address limit and a token's last use). Without it the header is ignored, since any
    /// caller could forge it.
    #[arg(long, env = "ATT_TRUST_PROXY")]
    pub trust_proxy: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error!("{e}");
            eprintln!("api-tokens-backend: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let location = db::Location::parse(&cli.db)?;
    if let Some(dir) = &cli.static_dir {
        if !dir.join("index.html").is_file() {
            return Err(format!(
                "--static {}: no index.html there (build the SPA first: scripts/run builds it into dist/)",
                dir.display()
            ));
        }
    }
    // Holding the start lock (db::open): of several instances starting on one new database,
    // one creates the demo data and the others find it.
    // On a blocking thread: PostgreSQL's client blocks, and may not from async code.
    let (demo, at) = (cli.demo, location.clone());
    let opened = tokio::task::spawn_blocking(move || {
        db::open(&at, |conn| {
            let fresh = store::is_empty(conn)?;
            if fresh || demo {
                seed::seed(conn).map_err(|e| db::Error(format!("creating the demo data: {e}")))?;
            }
            let keys = app::Keys {
                jwt: store::server_key(conn, "jwt")?,
                secret: store::server_key(conn, "secret-hmac")?,
            };
            Ok((keys, fresh || demo))
        })
    })
    .await
    .map_err(|e| e.to_string())?;
    let (db, (keys, seeded)) =
        opened.map_err(|e| format!("cannot open database {}: {e}", location.display()))?;
    let mut state = app::AppState::new(db, keys);
    state.attempts_per_minute = cli.attempts_per_minute;
    state.writes_per_minute = cli.writes_per_minute;
    state.max_tokens_per_tenant = cli.max_tokens_per_tenant;
    state.max_tokens_per_user = cli.max_tokens_per_user;
    state.trust_proxy = cli.trust_proxy;
    tokio::spawn(prune_hourly(state.clone(), cli.event_retention_days));
    let app = app::router(state, &cli)?;
    let listener = tokio::net::TcpListener::bind(cli.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", cli.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let shutdown = shutdown_signal()?;
    info!(%addr, "listening");
    if seeded {
        println!("demo data created in {}", location.display());
    }
    println!("demo sign-ins (password: {}):", seed::DEMO_PASSWORD);
    for (email, role) in seed::DEMO_USERS {
        println!("  {email:<20} {role}");
    }
    // Last, so that a reader can take this line as "ready".
    println!("api-tokens-backend listening on http://{addr}");
    let limits = serve::ConnLimits {
        header: Duration::from_secs(cli.header_timeout),
        body: Duration::from_secs(cli.body_timeout),
        idle: Duration::from_secs(cli.idle_timeout),
        max_connections: cli.max_connections as usize,
    };
    serve::serve(listener, app, limits, shutdown).await;
    info!("stopped");
    Ok(())
}

/// Deletes, at start and then every hour, the limits' windows that have ended and the events
/// older than `retention_days` (0: none). A failure is logged and tried again the next hour.
async fn prune_hourly(state: app::AppState, retention_days: u32) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        let pruned = state
            .db(move |c| {
                let windows = limits::prune(c, limits::now_ms())?;
                let events = match retention_days {
                    0 => 0,
                    days => {
                        let before = chrono::Utc::now() - chrono::Duration::days(days.into());
                        store::prune_events(c, &store::timestamp(before))?
                    }
                };
                Ok::<_, db::Error>((windows, events))
            })
            .await;
        match pruned {
            Ok((windows, events)) => info!(windows, events, "pruned"),
            Err(_) => tracing::warn!("pruning failed; trying again in an hour"),
        }
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers are installed when this is called, not
/// when it is first polled, so a signal right after the "listening" line is not missed.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut int =
            signal(SignalKind::interrupt()).map_err(|e| format!("signal handler: {e}"))?;
        let mut term =
            signal(SignalKind::terminate()).map_err(|e| format!("signal handler: {e}"))?;
        Ok(async move {
            tokio::select! {
                _ = int.recv() => {},
                _ = term.recv() => {},
            }
            info!("shutting down");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            info!("shutting down");
        })
    }
}
