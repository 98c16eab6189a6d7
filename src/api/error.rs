//! The one error type of the API layer, with a message fit to show a user.

use std::fmt;

use super::dto::ErrorBody;
use crate::events::TabEvent;
use crate::i18n::{fill, Text, Tr};

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

impl From<ApiError> for Text {
    /// The error's message, said in the locale of the moment.
    fn from(e: ApiError) -> Text {
        Text::new(move |t| e.message(t))
    }
}

impl ApiError {
    /// Builds an [`ApiError::Http`] from a status and the raw response body, reading Frontegg's
    /// `{"errors": [...]}` (or a `{"message": ...}`) when present.
    pub fn from_response(status: u16, body: &str) -> Self {
        let message = serde_json::from_slice::<ErrorBody>(body.as_bytes())
            .ok()
            .and_then(|b| {
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

    /// The host's [`TabEvent`] for this failure of `operation` (`"load"`, `"create"`…), in
    /// English whatever the tab speaks.
    pub fn event(&self, operation: &'static str) -> TabEvent {
        TabEvent::Error {
            operation,
            message: self.to_string(),
            status: self.status(),
        }
    }
}

impl ApiError {
    /// The message for the user, in `t`'s language. The server's own words (its `errors`) are
    /// quoted as sent.
    pub fn message(&self, t: Tr) -> String {
        let m = t.m;
        match self {
            ApiError::Network(_) => m.err_network.to_string(),
            ApiError::Http {
                status,
                message,
                retry_after,
            } => {
                let what = match status {
                    400 => m.err_400,
                    401 => m.err_401,
                    403 => m.err_403,
                    404 => m.err_404,
                    409 => m.err_409,
                    429 => m.err_429,
                    500..=599 => m.err_5xx,
                    _ => m.err_other,
                };
                let status = status.to_string();
                let mut text = match message {
                    Some(msg) => fill(
                        m.err_http_message,
                        &[("what", what), ("status", &status), ("message", msg)],
                    ),
                    None => fill(m.err_http, &[("what", what), ("status", &status)]),
                };
                if let (Some(s), "429" | "503") = (retry_after, status.as_str()) {
                    text.push_str(m.sentence_gap);
                    text.push_str(&fill(m.err_try_again_in, &[("wait", &t.wait(*s))]));
                }
                text
            }
            ApiError::Timeout { seconds } => fill(m.err_timeout, &[("wait", &t.wait(*seconds))]),
            ApiError::Offline => m.err_offline.to_string(),
            ApiError::Cancelled { .. } => m.err_cancelled.to_string(),
            ApiError::Decode(_) => m.err_decode.to_string(),
            ApiError::Token(why) => fill(m.err_token, &[("why", why)]),
        }
    }

    /// The message's first sentence ("The token service had a problem (502)."), to lead a
    /// longer explanation.
    pub fn headline(&self, t: Tr) -> String {
        let text = self.message(t);
        match text.find(". ") {
            Some(i) => text[..=i].to_string(),
            None => text,
        }
    }
}

/// In English: what events and logs carry to the host developer.
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Tr::en()))
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
        let de = Tr::new(crate::i18n::Locale::De, "de");
        assert_eq!(
            e_de_429().message(de),
            "Zu viele Anfragen. Warten Sie kurz und versuchen Sie es erneut (429). Sie können es in 2 Minuten erneut versuchen."
        );
    }

    /// The reference backend's 409s are its token limits: the server's words say which and
    /// what to do, after a lead that fits a limit as well as a conflicting change.
    #[test]
    fn a_409_reads_as_the_servers_reason() {
        let e = ApiError::from_response(
            409,
            r#"{"errors":["This account has 1000 tokens, the most it may have (1000): delete one before creating another."],"statusCode":409}"#,
        );
        assert_eq!(
            e.to_string(),
            "The token service cannot do this as things stand (409): This account has 1000 \
             tokens, the most it may have (1000): delete one before creating another."
        );
        assert_eq!(
            ApiError::from_response(409, "").to_string(),
            "The token service cannot do this as things stand (409)."
        );
    }

    fn e_de_429() -> ApiError {
        ApiError::from_response(429, "").with_retry_after(Some("120"), 0.0)
    }

    #[test]
    fn headlines_are_the_first_sentence() {
        let t = Tr::en();
        assert_eq!(
            ApiError::Network("x".into()).headline(t),
            "Could not reach the token service."
        );
        assert_eq!(
            ApiError::from_response(502, "").headline(t),
            "The token service had a problem."
        );
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
