//! The one error type of the API layer, with a message fit to show a user.

use std::fmt;

use super::dto::ErrorBody;

/// Why an API call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer: offline, DNS, connection refused, CORS.
    Network(String),
    /// The server answered with a non-success status.
    Http {
        status: u16,
        /// The server's own message (its `errors` joined), if it sent one.
        message: Option<String>,
    },
    /// The server answered 2xx but the body was not what the spec promises.
    Decode(String),
    /// The host's `getAccessToken` failed or gave no usable token.
    Token(String),
}

impl ApiError {
    /// Builds an [`ApiError::Http`] from a status and the raw response body, reading Frontegg's
    /// `{"errors": [...]}` (or a `{"message": ...}`) when present.
    pub fn from_response(status: u16, body: &str) -> Self {
        let message = serde_json::from_str::<ErrorBody>(body).ok().and_then(|b| {
            let joined = b
                .errors
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            if joined.is_empty() {
                b.message.filter(|m| !m.trim().is_empty())
            } else {
                Some(joined)
            }
        });
        ApiError::Http { status, message }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(_) => write!(
                f,
                "Could not reach the token service. Check your connection and try again."
            ),
            ApiError::Http { status, message } => {
                let what = match status {
                    400 => "The request was rejected",
                    401 => "Your session has expired. Sign in again",
                    403 => "You do not have permission to do this",
                    404 => "Not found",
                    409 => "This conflicts with a change made elsewhere",
                    429 => "Too many requests. Wait a moment and try again",
                    500..=599 => "The token service had a problem. Try again",
                    _ => "The token service refused the request",
                };
                match message {
                    Some(m) => write!(f, "{what} ({status}): {m}"),
                    None => write!(f, "{what} ({status})."),
                }
            }
            ApiError::Decode(_) => write!(
                f,
                "The token service sent a response this tab does not understand."
            ),
            ApiError::Token(why) => write!(f, "Your session could not be confirmed: {why}"),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontegg_error_bodies_become_readable_messages() {
        let e = ApiError::from_response(
            403,
            r#"{"errors":["Missing permission fe.secure.write.tenantApiTokens"]}"#,
        );
        assert_eq!(e.status(), Some(403));
        assert_eq!(
            e.to_string(),
            "You do not have permission to do this (403): Missing permission fe.secure.write.tenantApiTokens"
        );
    }

    #[test]
    fn multiple_errors_are_joined_and_blank_ones_dropped() {
        let e = ApiError::from_response(400, r#"{"errors":["a", " ", "b"]}"#);
        assert_eq!(
            e,
            ApiError::Http {
                status: 400,
                message: Some("a; b".into())
            }
        );
    }

    #[test]
    fn bodies_that_are_not_frontegg_errors_still_give_a_message() {
        let e = ApiError::from_response(502, "<html>Bad gateway</html>");
        assert_eq!(
            e.to_string(),
            "The token service had a problem. Try again (502)."
        );
        let e = ApiError::from_response(500, r#"{"message":"boom"}"#);
        assert_eq!(
            e.to_string(),
            "The token service had a problem. Try again (500): boom"
        );
        let e = ApiError::from_response(418, "");
        assert_eq!(
            e.to_string(),
            "The token service refused the request (418)."
        );
    }

    #[test]
    fn network_and_decode_errors_do_not_leak_internals() {
        assert!(!ApiError::Network("TypeError: fetch failed".into())
            .to_string()
            .contains("TypeError"));
        assert!(!ApiError::Decode("missing field `id`".into())
            .to_string()
            .contains("missing field"));
    }
}
