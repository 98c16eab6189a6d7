//! Errors as Frontegg shapes them: `{"errors": ["..."], "statusCode": n}` with the status.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::json;

/// An error answer. Messages are for the client; internal details go to the log only.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub messages: Vec<String>,
}

impl AppError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            messages: vec![message.into()],
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    /// Logs `detail` (which must never contain a secret) and answers a generic 500.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
    }
}

impl From<crate::db::Error> for AppError {
    fn from(e: crate::db::Error) -> Self {
        AppError::internal(format!("database: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = json!({ "errors": self.messages, "statusCode": self.status.as_u16() });
        (self.status, Json(body)).into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A JSON request body. Unlike `axum::Json` it ignores the content type, and every failure
/// (malformed JSON, wrong shape, too large) answers in the `{"errors": [...]}` shape.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "request body too large (limit {} bytes)",
                        crate::app::BODY_LIMIT
                    ),
                )
            } else if std::iter::successors(Some(&e as &dyn std::error::Error), |e| e.source())
                .any(|e| e.is::<crate::serve::BodyTooSlow>())
            {
                // The client sent it too slowly (`--body-timeout`); the connection closes.
                AppError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    crate::serve::BodyTooSlow.to_string(),
                )
            } else {
                AppError::bad_request(format!("could not read the request body: {e}"))
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(AppError::bad_request(
                "request body is empty: expected a JSON object",
            ));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| match e.classify() {
                serde_json::error::Category::Data => {
                    AppError::bad_request(format!("invalid request body: {e}"))
                }
                _ => AppError::bad_request(format!("malformed JSON: {e}")),
            })
    }
}
