//! `GET /healthz`: whether this instance answers and its database does too.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::super::AppState;
use crate::service::Service;

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// Liveness and readiness: answers 200 only when the database answers too.
async fn healthz(State(service): State<Service>) -> (StatusCode, Json<Value>) {
    if service.ping().await.is_ok() {
        (StatusCode::OK, Json(json!({ "status": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "errors": ["database unavailable"] })),
        )
    }
}
