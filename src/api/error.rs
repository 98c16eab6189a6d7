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
        /// Seconds the server asked us to wait (`Retry-After`, on a 429 or 503).
        retry_after: Option<u32>,
    },
    /// No answer within the request timeout (the request was abandoned).
    Timeout { seconds: u32 },
    /// The browser is offline: nothing was sent.
    Offline,
    /// The user stopped the request. `sent`: it had gone out (the server may have acted on it).
    Cancelled { sent: bool },
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
        ApiError::Http {
            status,
            message,
            retry_after: None,
        }
    }

    /// The same error with the server's `Retry-After` (seconds, or an HTTP date as seconds from
    /// `now_ms`) attached.
    pub fn with_retry_after(self, header: Option<&str>, now_ms: f64) -> Self {
        match self {
            ApiError::Http {
                status, message, ..
            } => ApiError::Http {
                status,
                message,
                retry_after: header
                    .and_then(|h| crate::model::time::retry_after_seconds(h, now_ms)),
            },
            other => other,
        }
    }

    /// Seconds to wait before trying again, when the server said (a 429 with `Retry-After`).
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the server may have carried out the request although no usable answer came back:
    /// the answer was lost, garbled, late, or a gateway failed in between. A create that fails
    /// this way is checked against a fresh list instead of being sent again.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout { .. } | ApiError::Decode(_) => true,
            ApiError::Http { status, .. } => *status >= 500,
            ApiError::Cancelled { sent } => *sent,
            ApiError::Offline | ApiError::Token(_) => false,
        }
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
            ApiError::Http {
                status,
                message,
                retry_after,
            } => {
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
                    Some(m) => write!(f, "{what} ({status}): {m}")?,
                    None => write!(f, "{what} ({status}).")?,
                }
                match retry_after {
                    Some(s) if *status == 429 || *status == 503 => {
                        write!(f, " You can try again in {}.", wait_text(*s))
                    }
                    _ => Ok(()),
                }
            }
            ApiError::Timeout { seconds } => write!(
                f,
                "The token service did not answer within {seconds} seconds. Try again."
            ),
            ApiError::Offline => write!(
                f,
                "You are offline. Nothing was sent; reconnect and try again."
            ),
            ApiError::Cancelled { .. } => write!(f, "Stopped. Nothing more will be sent."),
            ApiError::Decode(_) => write!(
                f,
                "The token service sent a response this tab does not understand."
            ),
            ApiError::Token(why) => write!(f, "Your session could not be confirmed: {why}"),
        }
    }
}

impl std::error::Error for ApiError {}

/// "1 second", "45 seconds", "2 minutes", "1 minute 30 seconds".
pub fn wait_text(seconds: u32) -> String {
    let plural = |n: u32, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match (seconds / 60, seconds % 60) {
        (0, s) => plural(s, "second"),
        (m, 0) => plural(m, "minute"),
        (m, s) => format!("{} {}", plural(m, "minute"), plural(s, "second")),
    }
}

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
                message: Some("a; b".into()),
                retry_after: None,
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
    fn a_rate_limit_says_when_to_try_again() {
        let e = ApiError::from_response(429, "").with_retry_after(Some("90"), 0.0);
        assert_eq!(e.retry_after(), Some(90));
        assert_eq!(
            e.to_string(),
            "Too many requests. Wait a moment and try again (429). You can try again in 1 minute 30 seconds."
        );
        // A header on another status is kept but not announced.
        let e = ApiError::from_response(500, "").with_retry_after(Some("5"), 0.0);
        assert_eq!(e.retry_after(), Some(5));
        assert!(!e.to_string().contains("try again in"));
        assert_eq!(ApiError::from_response(429, "").retry_after(), None);
        assert_eq!(wait_text(1), "1 second");
        assert_eq!(wait_text(120), "2 minutes");
    }

    #[test]
    fn only_answers_that_may_hide_a_success_make_the_outcome_unknown() {
        for unknown in [
            ApiError::Network("reset".into()),
            ApiError::Timeout { seconds: 8 },
            ApiError::Decode("eof".into()),
            ApiError::from_response(502, ""),
            ApiError::from_response(500, ""),
            ApiError::Cancelled { sent: true },
        ] {
            assert!(unknown.outcome_unknown(), "{unknown:?}");
        }
        for known in [
            ApiError::Offline,
            ApiError::Cancelled { sent: false },
            ApiError::Token("no session".into()),
            ApiError::from_response(400, ""),
            ApiError::from_response(401, ""),
            ApiError::from_response(403, ""),
            ApiError::from_response(409, ""),
            ApiError::from_response(429, ""),
        ] {
            assert!(!known.outcome_unknown(), "{known:?}");
        }
    }

    #[test]
    fn timeouts_and_offline_say_what_happened() {
        assert_eq!(
            ApiError::Timeout { seconds: 8 }.to_string(),
            "The token service did not answer within 8 seconds. Try again."
        );
        assert!(ApiError::Offline.to_string().contains("offline"));
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
