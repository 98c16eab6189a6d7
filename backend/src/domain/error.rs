//! Why an operation did not happen. Each kind is one HTTP status (`http::error` says which);
//! messages are for the caller and never hold a secret.

/// The end of an operation that did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// Not acceptable as sent (400).
    Invalid(String),
    /// No valid sign-in, or credentials that do not hold (401).
    Unauthorized(String),
    /// Signed in, but not allowed (403).
    Forbidden(String),
    /// Not there, or not the caller's to see (404).
    NotFound(String),
    /// Past a limit on how many tokens there may be (409).
    Conflict(String),
    /// Too many attempts or changes; try again after a while (429).
    TooMany(TooMany),
    /// The database cannot be reached just now, or gave no connection in time (503); the
    /// request may be sent again shortly.
    Unavailable(String),
    /// The database is out of space: a change cannot be saved (507). Reads go on working.
    Full,
    /// Anything else: the detail is logged ([`Error::internal`]), the caller told nothing.
    Internal,
}

/// A refusal by a limit: how long to wait, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct TooMany {
    pub retry_after_secs: u64,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid(message.into())
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Error::Unauthorized(message.into())
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Error::Forbidden(message.into())
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Error::NotFound(message.into())
    }
    /// Logs `detail` (which must never hold a secret) and answers [`Error::Internal`].
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Error::Internal
    }
}
