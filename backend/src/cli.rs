//! The command line and what it starts: the server's settings from flags (or the environment),
//! the service on the database they name, the HTTP layer over it, and the hourly pruning.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use tracing::info;

use crate::db::{self, Location};
use crate::http::{self, serve, AppState};
use crate::service::webhooks::Webhooks;
use crate::service::{self, Service};
use crate::store::seed;

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
    #[arg(long, env = "ATT_ATTEMPTS_PER_MINUTE", default_value_t = service::limits::ATTEMPTS_PER_MINUTE)]
    pub attempts_per_minute: u32,
    /// Changes to tokens (creates, edits, rolls, window ends, deletes) one signed-in user may
    /// make per minute; more answer 429 with Retry-After. 0: no limit.
    #[arg(long, env = "ATT_WRITES_PER_MINUTE", default_value_t = service::limits::WRITES_PER_MINUTE)]
    pub writes_per_minute: u32,
    /// Tokens one tenant may have (account and personal, both types); a create past it
    /// answers 409. 0: no limit.
    #[arg(long, env = "ATT_MAX_TOKENS_PER_TENANT", default_value_t = service::limits::TOKENS_PER_TENANT)]
    pub max_tokens_per_tenant: u32,
    /// Tokens one user may have created that still exist; a create past it answers 409. 0: no
    /// limit.
    #[arg(long, env = "ATT_MAX_TOKENS_PER_USER", default_value_t = service::limits::TOKENS_PER_USER)]
    pub max_tokens_per_user: u32,
    /// Days a token's history is kept; older events are deleted by the server (at start and
    /// hourly). 0: kept for ever.
    #[arg(long, env = "ATT_EVENT_RETENTION_DAYS", default_value_t = 730)]
    pub event_retention_days: u32,
    /// How often this instance's scheduler runs the tenants' idle policies (disabling tokens
    /// unused too long), in milliseconds; every instance runs it, safely side by side.
    #[arg(long, env = "ATT_SCHEDULER_INTERVAL_MS", default_value_t = 60_000)]
    pub scheduler_interval_ms: u64,
    /// The vendor's webhook endpoint (http or https): token events (expiring, expired, idle,
    /// disabled, renewed, rotated, deleted) are POSTed to it, signed as Standard Webhooks
    /// says. None: no events are written. Needs --webhook-secret.
    #[arg(long, env = "ATT_WEBHOOK_URL", requires = "webhook_secret")]
    pub webhook_url: Option<String>,
    /// The key webhooks are signed with: `whsec_` and the base64 of 24 to 64 random bytes
    /// (`echo whsec_$(openssl rand -base64 32)`); the vendor verifies with the same.
    #[arg(
        long,
        env = "ATT_WEBHOOK_SECRET",
        hide_env_values = true,
        requires = "webhook_url"
    )]
    pub webhook_secret: Option<String>,
    /// The CA certificates (PEM) an https webhook endpoint's certificate is checked against;
    /// default: the system's (/etc/ssl/certs/ca-certificates.crt).
    #[arg(long, env = "ATT_WEBHOOK_CA_FILE")]
    pub webhook_ca_file: Option<PathBuf>,
    /// How often this instance looks for webhook events to deliver that other instances
    /// wrote or that are due for a retry, in milliseconds (its own are sent at once).
    #[arg(long, env = "ATT_WEBHOOK_POLL_MS", default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(10..))]
    pub webhook_poll_ms: u64,
    /// How often this instance adds the tokens' uses and refused attempts it counted to the
    /// database, in milliseconds: a crash loses at most this long's counts (not the last-used
    /// time, which is written at once).
    #[arg(long, env = "ATT_USAGE_FLUSH_MS", default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(10..))]
    pub usage_flush_ms: u64,
    /// Count no token's uses, refusals or addresses (`tokenLifecycle.usage` says false and
    /// `{source}/{id}/usage` answers 404). Last use is still recorded.
    #[arg(long, env = "ATT_NO_USAGE")]
    pub no_usage: bool,
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
    /// Connections to PostgreSQL one instance keeps at most (SQLite: readers side by side;
    /// its writers go one at a time).
    #[arg(long, env = "ATT_DB_POOL_SIZE", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_pool_size: u32,
    /// Milliseconds a request waits for a database connection; past it, it is answered 503
    /// with Retry-After rather than left waiting.
    #[arg(long, env = "ATT_DB_ACQUIRE_TIMEOUT_MS", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    pub db_acquire_timeout_ms: u64,
    /// The CA certificates (PEM) a PostgreSQL server's certificate is checked against with
    /// `sslmode=verify-ca` or `verify-full` in the URL (`sslrootcert=…` in the URL wins).
    #[arg(long, env = "ATT_DB_CA_FILE")]
    pub db_ca_file: Option<PathBuf>,
    /// Address to serve `GET /metrics` on (the Prometheus text format), apart from the public
    /// port; no metrics without it. Keep it on a private interface (e.g. 127.0.0.1:9100).
    #[arg(long, env = "ATT_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// How logs are written on stderr: `text` (for a person) or `json` (one JSON object a
    /// line, for a collector). Neither ever holds a secret, a password or a JWT.
    #[arg(long, env = "ATT_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
}

/// Starts the logs on stderr, as `--log-format` says; the level from `RUST_LOG` (default:
/// info).
pub fn init_logs(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        logs.json()
            .flatten_event(true)
            .with_current_span(false)
            .init();
    } else {
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
}

/// Runs the server `cli` describes until SIGINT or SIGTERM.
pub async fn run(cli: Cli) -> Result<(), String> {
    let location = Location::parse(&cli.db)?;
    if let Some(dir) = &cli.static_dir {
        if !dir.join("index.html").is_file() {
            return Err(format!(
                "--static {}: no index.html there (build the SPA first: scripts/run builds it into dist/)",
                dir.display()
            ));
        }
    }
    let options = db::Options {
        pool_size: cli.db_pool_size,
        acquire_timeout: Duration::from_millis(cli.db_acquire_timeout_ms),
        ca_file: cli.db_ca_file.clone(),
    };
    let webhooks = match (&cli.webhook_url, &cli.webhook_secret) {
        (Some(url), Some(secret)) => Some(std::sync::Arc::new(Webhooks::new(
            url,
            secret,
            cli.webhook_ca_file.as_deref(),
        )?)),
        _ => None,
    };
    let config = service::Config {
        attempts_per_minute: cli.attempts_per_minute,
        writes_per_minute: cli.writes_per_minute,
        max_tokens_per_tenant: cli.max_tokens_per_tenant,
        max_tokens_per_user: cli.max_tokens_per_user,
        webhooks,
        record_usage: !cli.no_usage,
    };
    // Holding the start lock (db::open): of several instances starting on one new database,
    // one creates the demo data and the others find it.
    // On a blocking thread: PostgreSQL's client blocks, and may not from async code.
    let (demo, at) = (cli.demo, location.clone());
    let started = tokio::task::spawn_blocking(move || Service::start(&at, options, demo, config))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("cannot open database {}: {e}", location.display()))?;
    let service = started.service;
    tokio::spawn(prune_hourly(service.clone(), cli.event_retention_days));
    let scheduled = service.clone();
    tokio::spawn(every(
        Duration::from_millis(cli.scheduler_interval_ms.max(10)),
        "the scheduler could not run; trying again at the next turn",
        move || {
            let service = scheduled.clone();
            async move { service.run_scheduler().await }
        },
    ));
    let counted = service.clone();
    tokio::spawn(every(
        Duration::from_millis(cli.usage_flush_ms),
        "tokens' use counts could not be written; kept for the next turn",
        move || {
            let service = counted.clone();
            async move { service.flush_usage().await.map(drop) }
        },
    ));
    if service.webhooks_on() {
        tokio::spawn(deliver(
            service.clone(),
            Duration::from_millis(cli.webhook_poll_ms),
        ));
    }
    let state = AppState::new(
        service.clone(),
        http::Config {
            static_dir: cli.static_dir.clone(),
            allow_origins: cli.allow_origins.clone(),
            trust_proxy: cli.trust_proxy,
        },
    );
    let metrics = state.metrics.clone();
    let service_for_stop = service.clone();
    let app = http::router(state)?;
    let listener = tokio::net::TcpListener::bind(cli.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", cli.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let metrics_listener = match cli.metrics_listen {
        Some(at) => Some(
            tokio::net::TcpListener::bind(at)
                .await
                .map_err(|e| format!("cannot listen on {at} (--metrics-listen): {e}"))?,
        ),
        None => None,
    };
    // One signal stops both servers.
    let signal = shutdown_signal()?;
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        signal.await;
        let _ = stop.send(true);
    });
    let shutdown = move || {
        let mut stopping = stopping.clone();
        async move {
            let _ = stopping.wait_for(|s| *s).await;
        }
    };
    info!(%addr, "listening");
    if started.seeded {
        println!("demo data created in {}", location.display());
    }
    println!("demo sign-ins (password: {}):", seed::DEMO_PASSWORD);
    for (email, role) in seed::DEMO_USERS {
        println!("  {email:<20} {role}");
    }
    let limits = serve::ConnLimits {
        header: Duration::from_secs(cli.header_timeout),
        body: Duration::from_secs(cli.body_timeout),
        idle: Duration::from_secs(cli.idle_timeout),
        max_connections: cli.max_connections as usize,
    };
    let metrics_served = metrics_listener.map(|l| {
        let at = l.local_addr().map(|a| a.to_string()).unwrap_or_default();
        println!("metrics on http://{at}/metrics");
        let app = http::metrics::router(metrics, service);
        tokio::spawn(serve::serve(l, app, limits, shutdown()))
    });
    // Last, so that a reader can take this line as "ready".
    println!("api-tokens-backend listening on http://{addr}");
    serve::serve(listener, app, limits, shutdown()).await;
    if let Some(served) = metrics_served {
        let _ = served.await;
    }
    // The counts since the last flush, on a graceful stop.
    if service_for_stop.flush_usage().await.is_err() {
        tracing::warn!("the last tokens' use counts could not be written");
    }
    info!("stopped");
    Ok(())
}

/// Deletes, at start and then every hour, the limits' windows that have ended and the events
/// older than `retention_days` (0: none). A failure is logged and tried again the next hour.
async fn prune_hourly(service: Service, retention_days: u32) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        match service.prune(retention_days).await {
            Ok((windows, events)) => info!(windows, events, "pruned"),
            Err(_) => tracing::warn!("pruning failed; trying again in an hour"),
        }
    }
}

/// Runs `turn` at start and then every `every` (a late turn delays the next rather than
/// bunching them). A failure (the database unreachable) logs `failed` and is tried again at the
/// next turn. The scheduler (idle policies, webhook reminders) and the usage flush.
async fn every<F, Fut>(every: Duration, failed: &'static str, mut turn: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = crate::domain::Result<()>>,
{
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if turn().await.is_err() {
            tracing::warn!("{failed}");
        }
    }
}

/// Delivers the webhook events due: those this instance writes, at once; the others' and the
/// retries, every `poll`. A failure (the database unreachable) is logged and tried again.
async fn deliver(service: Service, poll: Duration) {
    loop {
        match service.deliver_due().await {
            // Some were due: more may be (a batch is 16).
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(_) => tracing::warn!("webhook deliveries could not be read; trying again"),
        }
        service.deliveries_due(poll).await;
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
