//! The HTTP surface, above the service: routes, wire bodies, error statuses, the kept token
//! lists, static files, security headers and CORS, and the server that serves connections with
//! limits for slow clients ([`serve`]). Handlers take what they need from [`AppState`] through
//! `FromRef` and the callers' identity through extractors ([`extract`], [`client_ip`]).

pub mod client_ip;
pub mod dto;
pub mod error;
pub mod extract;
pub mod list_cache;
pub mod metrics;
pub mod routes;
pub mod security;
pub mod serve;
pub mod state;
pub mod static_files;

use std::path::PathBuf;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use state::AppState;

use crate::service::Service;
use error::AppError;

/// Largest request body accepted (bytes).
pub const BODY_LIMIT: usize = 16 * 1024;
/// Largest body of a bulk delete (500 ids).
pub const BULK_BODY_LIMIT: usize = 64 * 1024;

/// This layer's settings.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Folder of the built SPA to serve; nothing is served when absent.
    pub static_dir: Option<PathBuf>,
    /// Origins allowed to call the API from another site (`*`: any); none: same-origin only.
    pub allow_origins: Vec<String>,
    /// Whether `X-Forwarded-For` names the client (`--trust-proxy`, see [`client_ip`]).
    pub trust_proxy: bool,
}

/// The whole app (unknown paths get the SPA's index.html, so client-side routes load).
pub fn router(state: AppState) -> Result<Router, String> {
    let (config, metrics) = (state.config.clone(), state.metrics.clone());
    let writes_counted = routes::tokens::routes().route_layer(
        axum::middleware::from_fn_with_state(state.service.clone(), limit_writes),
    );
    let identity = writes_counted
        .merge(routes::identity::routes())
        .fallback(api_not_found);
    // Nothing an API route answers (secrets, who the caller is, errors) may be stored by a
    // cache: every route but the static files', success or error alike.
    let mut app = Router::new()
        .merge(routes::health::routes())
        .nest(
            &format!("/frontegg/{}", api_tokens_rules::wire::RESOURCES),
            identity,
        )
        .merge(routes::demo::routes())
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state);

    if let Some(dir) = &config.static_dir {
        app = app.fallback_service(static_files::static_files(dir));
    }
    app = app.layer(axum::middleware::from_fn(security::same_origin_redirects));
    for (name, value) in security::SECURITY_HEADERS {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    if let Some(cors) = security::cors_layer(&config.allow_origins)? {
        app = app.layer(cors);
    }
    Ok(app.layer(axum::middleware::from_fn_with_state(
        metrics,
        metrics::count,
    )))
}

/// Middleware of the token routes: a write (any method but GET, HEAD and OPTIONS) by a
/// signed-in user is counted against `--writes-per-minute` before it is handled, and refused
/// with 429 past it. A request without a valid user JWT goes on to be refused by its handler.
async fn limit_writes(State(service): State<Service>, req: Request, next: Next) -> Response {
    let reads = [Method::GET, Method::HEAD, Method::OPTIONS];
    if service.config().writes_per_minute == 0 || reads.contains(req.method()) {
        return next.run(req).await;
    }
    let Some(user_id) = extract::bearer(req.headers()).and_then(|b| service.user_id_of(b)) else {
        return next.run(req).await;
    };
    match service.count_write(user_id).await {
        Ok(()) => next.run(req).await,
        Err(e) => {
            if matches!(e, crate::domain::Error::TooMany(_)) {
                tracing::info!("write refused by the rate limit");
            }
            AppError::from(e).into_response()
        }
    }
}

/// Unknown API paths answer a JSON 404 (never the SPA's index.html).
async fn api_not_found() -> AppError {
    AppError::not_found("no such API route")
}
