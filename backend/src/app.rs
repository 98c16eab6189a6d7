//! The HTTP surface: routes, CORS, static files.

use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

use crate::db::Db;
use crate::Cli;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

/// The whole app for `cli`'s settings.
pub fn router(state: AppState, cli: &Cli) -> Result<Router, String> {
    let api = Router::new().route("/configurations/v1/public", get(public_configuration));

    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .nest("/frontegg/identity/resources", api)
        .with_state(state);

    if let Some(dir) = &cli.static_dir {
        let index = dir.join("index.html");
        app = app.fallback_service(ServeDir::new(dir).not_found_service(ServeFile::new(index)));
    }
    if let Some(cors) = cors_layer(&cli.allow_origins)? {
        app = app.layer(cors);
    }
    Ok(app)
}

fn cors_layer(origins: &[String]) -> Result<Option<CorsLayer>, String> {
    if origins.is_empty() {
        return Ok(None);
    }
    let base = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers(Any)
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
    let db = state.db.clone();
    let ok = tokio::task::spawn_blocking(move || {
        db.lock()
            .map(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    if ok {
        (StatusCode::OK, Json(json!({ "status": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "errors": ["database unavailable"] })),
        )
    }
}

async fn public_configuration() -> Json<Value> {
    Json(json!({
        "machineToMachineAuthStrategy": "ClientCredentials",
        "forcePermissions": false
    }))
}
