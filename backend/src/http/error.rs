//! Errors as Frontegg shapes them: `{"errors": ["..."], "statusCode": n}` with the status, one
//! for each kind of domain error; and the JSON body extractor, whose failures answer alike.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::domain::{Error, TooMany};

/// An error answer. Messages are for the client; internal details go to the log only.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub messages: Vec<String>,
    /// Seconds to wait before trying again (429, 503), sent as `Retry-After`.
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            messages: vec![message.into()],
            retry_after: None,
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    /// Logs `detail` (which must never contain a secret) and answers a generic 500.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Error::internal(detail).into()
    }
}

/// Seconds a client is told to wait while the database is unavailable.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::Invalid(m) => Self::new(StatusCode::BAD_REQUEST, m),
            Error::Unauthorized(m) => Self::new(StatusCode::UNAUTHORIZED, m),
            Error::Forbidden(m) => Self::new(StatusCode::FORBIDDEN, m),
            Error::NotFound(m) => Self::new(StatusCode::NOT_FOUND, m),
            Error::Conflict(m) => Self::new(StatusCode::CONFLICT, m),
            Error::TooMany(TooMany {
                retry_after_secs,
                message,
            }) => {
                let unit = if retry_after_secs == 1 {
                    "second"
                } else {
                    "seconds"
                };
                AppError {
                    retry_after: Some(retry_after_secs.max(1)),
                    ..Self::new(
                        StatusCode::TOO_MANY_REQUESTS,
                        format!("{message} Try again in {retry_after_secs} {unit}."),
                    )
                }
            }
            Error::Unavailable(m) => AppError {
                retry_after: Some(UNAVAILABLE_RETRY_AFTER_SECS),
                ..Self::new(StatusCode::SERVICE_UNAVAILABLE, m)
            },
            Error::Full => Self::new(
                StatusCode::INSUFFICIENT_STORAGE,
                "the database is out of space: changes cannot be saved just now (reading works)",
            ),
            Error::Internal => {
                Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = json!({ "errors": self.messages, "statusCode": self.status.as_u16() });
        let mut resp = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        resp
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
                        "request body too large (limit {} bytes; {} for a bulk delete)",
                        super::BODY_LIMIT,
                        super::BULK_BODY_LIMIT
                    ),
                )
            } else if std::iter::successors(Some(&e as &dyn std::error::Error), |e| e.source())
                .any(|e| e.is::<super::serve::BodyTooSlow>())
            {
                // The client sent it too slowly (`--body-timeout`); the connection closes.
                AppError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    super::serve::BodyTooSlow.to_string(),
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
