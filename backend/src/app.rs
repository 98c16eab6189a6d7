//! The HTTP surface: state, routes, CORS, body limit, static files with SPA fallback.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

use crate::limits::Limiter;
use tower_http::services::{ServeDir, ServeFile};

use crate::db::{Conn, Db};
use crate::error::{AppError, AppResult};
use crate::routes;
use crate::Cli;

/// Largest request body accepted (bytes).
pub const BODY_LIMIT: usize = 16 * 1024;

/// The server's keys, loaded from (or created in) the database on start.
pub struct Keys {
    /// Signs user JWTs and exchanged API-token JWTs.
    pub jwt: Vec<u8>,
    /// Keys the HMAC that stored secrets are hashed with.
    pub secret: Vec<u8>,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Arc<Keys>,
    /// Sign-in and exchange attempts per address (see [`crate::limits`]).
    pub limits: Arc<Limiter>,
    /// Attempts a minute one address may make on sign-in and exchange together.
    pub attempts_per_minute: u32,
    /// Writes a minute one user may make (0: no limit).
    pub writes_per_minute: u32,
    /// Tokens a tenant may have, and tokens one user may have created that still exist (0: no
    /// limit).
    pub max_tokens_per_tenant: u32,
    pub max_tokens_per_user: u32,
    /// Token lists kept rendered while their tenant's tokens stay unchanged.
    pub lists: Arc<crate::list_cache::ListCache>,
    /// Whether `X-Forwarded-For` names the client (`--trust-proxy`, see [`crate::client_ip`]).
    pub trust_proxy: bool,
}

impl AppState {
    pub fn new(db: Db, keys: Keys) -> Self {
        Self {
            db,
            keys: Arc::new(keys),
            limits: Arc::new(Limiter::default()),
            attempts_per_minute: crate::limits::ATTEMPTS_PER_MINUTE,
            writes_per_minute: crate::limits::WRITES_PER_MINUTE,
            max_tokens_per_tenant: crate::limits::TOKENS_PER_TENANT,
            max_tokens_per_user: crate::limits::TOKENS_PER_USER,
            lists: Arc::default(),
            trust_proxy: false,
        }
    }

    /// Runs `f` with the connection on a blocking thread. Once started, it runs to its end even
    /// when the request that asked for it is dropped (the client timed out or stopped).
    pub async fn db<T, E, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        E: Into<AppError> + Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
    {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.with(|c| f(c).map_err(Into::into))?)
            .await
            .map_err(AppError::internal)?
    }

    /// Records that token `id` just authenticated from `ip` (throttled: see
    /// [`crate::store::record_use`]), before the answer goes out, so a list read after the use
    /// shows it. A failure to record is logged and does not refuse the token: it did
    /// authenticate.
    pub async fn record_use(&self, id: &str, ip: std::net::IpAddr) {
        let (id, ip) = (id.to_string(), ip.to_string());
        let recorded = self
            .db(move |c| crate::store::record_use(c, &id, &ip, chrono::Utc::now()))
            .await;
        if recorded.is_err() {
            // AppError::internal has logged the cause.
            tracing::warn!("a token's last use was not recorded");
        }
    }
}

/// Sent with every response. The CSP allows only this origin's own scripts (plus compiling
/// its wasm) and styles: no inline script or style anywhere in the app.
pub const SECURITY_HEADERS: [(&str, &str); 6] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    ),
];

/// The whole app (unknown paths get the SPA's index.html, so client-side routes load) for `cli`'s settings.
pub fn router(state: AppState, cli: &Cli) -> Result<Router, String> {
    let writes_counted = routes::tokens::routes().route_layer(
        axum::middleware::from_fn_with_state(state.clone(), crate::limits::limit_writes),
    );
    let identity = writes_counted
        .merge(routes::identity::routes())
        .fallback(api_not_found);
    // Nothing an API route answers (secrets, who the caller is, errors) may be stored by a
    // cache: every route but the static files', success or error alike.
    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .nest("/frontegg/identity/resources", identity)
        .merge(routes::demo::routes())
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state);

    if let Some(dir) = &cli.static_dir {
        app = app.fallback_service(static_files(dir));
    }
    app = app.layer(axum::middleware::from_fn(same_origin_redirects));
    for (name, value) in SECURITY_HEADERS {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    if let Some(cors) = cors_layer(&cli.allow_origins)? {
        app = app.layer(cors);
    }
    Ok(app)
}

/// Keeps every redirect on this origin. A folder's trailing-slash redirect is built from the
/// path asked for, so `GET //pack` would answer `Location: //pack/`, which a browser follows to
/// the host `pack`; `/\pack/` likewise (browsers read `\` as `/`). A `Location` is made a path
/// of this origin: the slashes and backslashes it starts with become one slash (`/pack/`), and
/// one holding a control character or white space (which a browser would drop, joining what it
/// separated) becomes `/`.
async fn same_origin_redirects(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if let Some(location) = res.headers().get(header::LOCATION) {
        let safe = match location.to_str() {
            Ok(l) if !l.chars().any(|c| c.is_control() || c.is_whitespace()) => {
                format!("/{}", l.trim_start_matches(['/', '\\']))
            }
            _ => "/".to_string(),
        };
        if location.as_bytes() != safe.as_bytes() {
            let safe = HeaderValue::from_str(&safe).unwrap_or(HeaderValue::from_static("/"));
            res.headers_mut().insert(header::LOCATION, safe);
        }
    }
    res
}

/// Cache-Control of content-hashed assets: their name changes whenever their bytes do.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The files under `dir`, and its index.html for any other path (client-side routes). Each is
/// sent brotli- or gzip-compressed when the client accepts it and `FILE.br` / `FILE.gz` lies
/// beside it (written at build time, see `precompress` in scripts/lib.sh), else as it is.
/// Content-hashed assets may be cached for a year; everything else (index.html, config.json,
/// the embed's un-hashed files, the SPA fallback) is revalidated on every use with its
/// Last-Modified, which answers 304 when unchanged.
fn static_files(dir: &std::path::Path) -> Router {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    // Set here, not by path: a missing hashed name gets index.html, which must not stick.
    let index = SetResponseHeader::overriding(
        index,
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(static_headers))
}

/// Vary and Cache-Control for [`static_files`]' answers.
async fn static_headers(req: Request, next: Next) -> Response {
    let hashed = is_content_hashed(req.uri().path());
    let mut res = next.run(req).await;
    let ok = matches!(
        res.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    );
    let headers = res.headers_mut();
    // Any file may have a compressed variant, so every answer depends on Accept-Encoding.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        let value = if hashed && ok { IMMUTABLE } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

/// Whether the last segment of `path` carries a content hash the way the release build
/// (build/dist, 16 hex digits) and Trunk (scripts/dev) write one: a `-`
/// and the hash in hex before the extension or `_bg.` (`app-8f9c5eea67745348.js`,
/// `app-8f9c5eea67745348_bg.wasm`, `tab-5118367035c74499.css`). Trunk prints a 64-bit hash
/// without leading zeros, so it has 16 hex digits or (one build in 16) fewer: 12 to 16 are
/// taken as a hash, which no word in this project's file names looks like.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.match_indices('-').any(|(i, _)| {
        let rest = &name[i + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        let after = &rest[digits..];
        (12..=16).contains(&digits) && (after.starts_with('.') || after.starts_with("_bg."))
    })
}

fn cors_layer(origins: &[String]) -> Result<Option<CorsLayer>, String> {
    if origins.is_empty() {
        return Ok(None);
    }
    let base = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        // Named: the Fetch standard does not let `*` cover Authorization. What the tab sends
        // (src/api/client.rs, src/embed/element.js), and X-API-KEY of the demo route.
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("frontegg-tenant-id"),
            HeaderName::from_static("x-api-key"),
        ])
        // A browser hides response headers from cross-origin scripts unless exposed: the tab
        // reads Retry-After to say when it will try again.
        .expose_headers([axum::http::header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600));
    if origins.iter().any(|o| o == "*") {
        return Ok(Some(base.allow_origin(Any)));
    }
    let list = origins
        .iter()
        .map(|o| {
            HeaderValue::from_str(o.trim_end_matches('/'))
                .map_err(|_| format!("--allow-origin {o:?} is not a valid origin"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(base.allow_origin(AllowOrigin::list(list))))
}

/// Liveness and readiness: answers 200 only when the database answers too.
async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let ok = state
        .db(|c| c.query_row("SELECT 1", crate::params![], |r| r.get::<i64>(0)))
        .await
        .is_ok();
    if ok {
        (StatusCode::OK, Json(json!({ "status": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "errors": ["database unavailable"] })),
        )
    }
}

/// Unknown API paths answer a JSON 404 (never the SPA's index.html).
async fn api_not_found() -> AppError {
    AppError::not_found("no such API route")
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn content_hashes_are_told_from_plain_names() {
        for hashed in [
            "/api-tokens-tab-8f9c5eea67745348.js",
            "/api-tokens-tab-8f9c5eea67745348_bg.wasm",
            "/tab-5118367035c74499.css",
            "/page-c130d9fbc2238f8.css",
            "/a/b/x-0123456789ab.js",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/config.json",
            "/embed/api-tokens-tab.js",
            "/embed/api-tokens-tab_bg.wasm",
            "/embed/element.js",
            "/public/boot.js",
            "/x-deadbeef.js",
            "/x-0123456789abcdef0.js",
            "/x-8f9c5eea67745348",
            "/8f9c5eea67745348.js",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }
}
