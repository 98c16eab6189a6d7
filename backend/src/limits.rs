//! Rate limits for the two doors a guesser would knock on: sign-in and the client-credentials
//! exchange. Fixed windows in memory (a restart forgets them, which is fine for a limit).
//!
//! - Per client IP: at most `per_ip` attempts a minute on either route.
//! - Per account (email or client id): after [`FAILURES`] failed attempts in
//!   [`FAILURE_WINDOW`], every attempt is refused until the window ends — even a correct one,
//!   so a guesser cannot tell when it found the password.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub const FAILURES: u32 = 10;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(300);
const IP_WINDOW: Duration = Duration::from_secs(60);
/// Above this many keys, expired windows are swept on the next hit.
const SWEEP_AT: usize = 10_000;

#[derive(Default)]
pub struct Limiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

/// A refusal: answers 429 with `Retry-After` and Frontegg's error shape.
#[derive(Debug, PartialEq, Eq)]
pub struct TooMany {
    pub retry_after_secs: u64,
    pub message: &'static str,
}

impl IntoResponse for TooMany {
    fn into_response(self) -> Response {
        let body = json!({
            "errors": [format!("{} Try again in {} seconds.", self.message, self.retry_after_secs)],
            "statusCode": 429,
        });
        let mut resp = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
        resp.headers_mut().insert(
            "retry-after",
            HeaderValue::from(self.retry_after_secs.max(1)),
        );
        resp
    }
}

impl Limiter {
    /// Counts one event for `key`; `Some(seconds)` when that makes more than `max` in the
    /// current `window`.
    pub fn hit(&self, key: &str, max: u32, window: Duration) -> Option<u64> {
        self.update(key, window, true)
            .filter(|(count, _)| *count > max)
            .map(|(_, left)| left)
    }

    /// Whether `key` already has `max` events in the current window (without counting one).
    pub fn blocked(&self, key: &str, max: u32, window: Duration) -> Option<u64> {
        self.update(key, window, false)
            .filter(|(count, _)| *count >= max)
            .map(|(_, left)| left)
    }

    /// (count in the current window, seconds until it ends).
    fn update(&self, key: &str, window: Duration, count: bool) -> Option<(u32, u64)> {
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > SWEEP_AT {
            map.retain(|_, (start, _)| now.duration_since(*start) < FAILURE_WINDOW.max(IP_WINDOW));
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        if count {
            entry.1 += 1;
        }
        let left = window.saturating_sub(now.duration_since(entry.0));
        Some((entry.1, left.as_secs() + u64::from(left.subsec_nanos() > 0)))
    }

    /// The checks before an attempt on `route` for `account` from `ip`.
    pub fn before_attempt(
        &self,
        route: &str,
        ip: &str,
        account: &str,
        per_ip: u32,
    ) -> Result<(), TooMany> {
        if let Some(s) = self.hit(&format!("ip|{ip}"), per_ip, IP_WINDOW) {
            return Err(TooMany {
                retry_after_secs: s,
                message: "Too many requests from this address.",
            });
        }
        if let Some(s) = self.blocked(&format!("fail|{route}|{account}"), FAILURES, FAILURE_WINDOW)
        {
            return Err(TooMany {
                retry_after_secs: s,
                message: "Too many failed attempts.",
            });
        }
        Ok(())
    }

    /// Records a failed attempt on `route` for `account`.
    pub fn failed(&self, route: &str, account: &str) {
        self.hit(&format!("fail|{route}|{account}"), u32::MAX, FAILURE_WINDOW);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_block_after_the_limit_until_the_window_ends() {
        let l = Limiter::default();
        for _ in 0..FAILURES {
            assert_eq!(l.before_attempt("sign-in", "1.2.3.4", "a@x", 1000), Ok(()));
            l.failed("sign-in", "a@x");
        }
        let refused = l
            .before_attempt("sign-in", "1.2.3.4", "a@x", 1000)
            .unwrap_err();
        assert!(refused.retry_after_secs > 290 && refused.retry_after_secs <= 300);
        // Another account, or the same one on the other route, is not affected.
        assert_eq!(l.before_attempt("sign-in", "1.2.3.4", "b@x", 1000), Ok(()));
        assert_eq!(l.before_attempt("exchange", "1.2.3.4", "a@x", 1000), Ok(()));
    }

    #[test]
    fn an_address_gets_its_per_minute_allowance() {
        let l = Limiter::default();
        for i in 0..5 {
            assert_eq!(
                l.before_attempt("sign-in", "9.9.9.9", &format!("u{i}"), 5),
                Ok(())
            );
        }
        let refused = l.before_attempt("sign-in", "9.9.9.9", "u9", 5).unwrap_err();
        assert!(refused.retry_after_secs >= 59 && refused.retry_after_secs <= 60);
        assert_eq!(l.before_attempt("sign-in", "8.8.8.8", "u9", 5), Ok(()));
    }

    #[test]
    fn a_window_resets() {
        let l = Limiter::default();
        assert_eq!(l.hit("k", 1, Duration::from_millis(30)), None);
        assert!(l.hit("k", 1, Duration::from_millis(30)).is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(l.hit("k", 1, Duration::from_millis(30)), None);
    }
}
