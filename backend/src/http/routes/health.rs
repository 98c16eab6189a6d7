//! `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: its database
//! answers too), so a load balancer stops sending requests to an instance whose database is
//! unreachable (a restart) without an orchestrator restarting the instance itself.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::super::AppState;
use crate::service::Service;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// Liveness: 200 whenever the process answers, whatever its database does.
async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Readiness: 200 only when the database answers (a connection and `SELECT 1` within the
/// acquire timeout), else 503.
async fn readyz(State(service): State<Service>) -> (StatusCode, Json<Value>) {
    if service.ping().await.is_ok() {
        (StatusCode::OK, Json(json!({ "status": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "errors": ["database unavailable"] })),
        )
    }
}
