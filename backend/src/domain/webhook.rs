//! Webhooks to the vendor (issue 33, our extension): what they tell of, the milestones the
//! scheduler notices, a delivery's life (retried with backoff for 24 hours) and what one
//! answer means for it. The Standard Webhooks convention; the signing is `service::webhooks`'.

use super::Timestamp;

pub use api_tokens_rules::wire::WebhookEvent;

/// Days before an expiry a `token.expiring` goes out, latest first.
pub const EXPIRY_MILESTONES: [i64; 3] = [30, 7, 1];

/// Days before the idle policy disables a token that `token.idle` warns.
pub const IDLE_WARNING_DAYS: i64 = 7;

/// How long an event is retried from when it was written; then it has failed.
pub const RETRY_FOR_MINUTES: i64 = 24 * 60;

/// Seconds between a failed attempt and the next, by attempts made (the last repeats), as
/// Standard Webhooks' reference senders space them (5 s, 5 min, 30 min, 2 h, 5 h, 10 h), with
/// a 30 s step added: an endpoint being restarted (a deploy) is back within a minute, and need
/// not wait five.
const BACKOFF_SECONDS: [i64; 7] = [5, 30, 300, 1800, 7200, 18000, 36000];

/// The milestone a token expiring at `expires_at` has reached at `now`, if any: `Some(None)`
/// for its expiry (`token.expired`, for a day after it), `Some(Some(days))` for the latest of
/// [`EXPIRY_MILESTONES`] passed, when the token already existed with that expiry before then
/// (`since`: its creation or last renewal, so a token made or renewed with 5 days left, or
/// with exactly one day, is not told of 30, 7 or 1 on the spot). `None`: no reminder is due.
pub fn expiry_milestone(
    expires_at: Timestamp,
    since: Timestamp,
    now: Timestamp,
) -> Option<Option<i64>> {
    if expires_at <= now {
        return (now < expires_at.plus_minutes(1440)).then_some(None);
    }
    let days = EXPIRY_MILESTONES
        .into_iter()
        .rev()
        .find(|d| expires_at.plus_minutes(-d * 1440) <= now)?;
    (since < expires_at.plus_minutes(-days * 1440)).then_some(Some(days))
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Not delivered yet; tried again at `next_attempt_at`.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// The endpoint refused it (a 4xx other than 408 and 429), or 24 hours of retries passed.
    Failed,
}

impl DeliveryStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        [
            DeliveryStatus::Pending,
            DeliveryStatus::Delivered,
            DeliveryStatus::Failed,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// What one attempt came to: the endpoint's status, or why there was none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    Answered(u16),
    /// Unreachable, timed out, or not HTTP: retried.
    NoAnswer(String),
}

/// What becomes of a delivery after `attempt`, its `attempts`-th, made at `now` for an event
/// written at `created_at`: delivered on 2xx; failed on a 4xx other than 408 and 429 (the
/// endpoint will not take it), or when the next try would fall past 24 hours (the last try is
/// at the 24th hour); else tried again after the backoff.
pub fn after(
    attempt: &Attempt,
    attempts: i64,
    created_at: Timestamp,
    now: Timestamp,
) -> (DeliveryStatus, Option<Timestamp>) {
    if let Attempt::Answered(code) = attempt {
        match code {
            200..=299 => return (DeliveryStatus::Delivered, None),
            408 | 429 => {}
            400..=499 => return (DeliveryStatus::Failed, None),
            _ => {}
        }
    }
    let deadline = created_at.plus_minutes(RETRY_FOR_MINUTES);
    if now >= deadline {
        return (DeliveryStatus::Failed, None);
    }
    let wait = BACKOFF_SECONDS[(attempts.max(1) as usize - 1).min(BACKOFF_SECONDS.len() - 1)];
    let next = now.plus(chrono::TimeDelta::seconds(wait)).min(deadline);
    (DeliveryStatus::Pending, Some(next))
}

/// One event to the vendor, as the deliveries route lists it.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub id: String,
    pub event: WebhookEvent,
    pub token_id: String,
    /// `token.expiring`'s milestone.
    pub days: Option<i64>,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub created_at: Timestamp,
    pub last_attempt_at: Option<Timestamp>,
    /// The endpoint's last status, and why the last attempt got none.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    /// Pending only.
    pub next_attempt_at: Option<Timestamp>,
    /// When it was delivered or given up.
    pub done_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn the_latest_milestone_passed_is_due_and_none_from_before_the_token_was_made() {
        let expires = at("2026-03-31T12:00:00.000Z");
        let made = at("2026-01-01T00:00:00.000Z");
        let days_before = |d: i64, extra_min: i64| expires.plus_minutes(-d * 1440 + extra_min);
        assert_eq!(expiry_milestone(expires, made, days_before(31, 0)), None);
        assert_eq!(
            expiry_milestone(expires, made, days_before(30, 0)),
            Some(Some(30))
        );
        assert_eq!(
            expiry_milestone(expires, made, days_before(8, 0)),
            Some(Some(30))
        );
        assert_eq!(
            expiry_milestone(expires, made, days_before(7, 1)),
            Some(Some(7))
        );
        assert_eq!(
            expiry_milestone(expires, made, days_before(0, -1)),
            Some(Some(1))
        );
        assert_eq!(expiry_milestone(expires, made, expires), Some(None));
        assert_eq!(
            expiry_milestone(expires, made, expires.plus_minutes(1439)),
            Some(None)
        );
        assert_eq!(
            expiry_milestone(expires, made, expires.plus_minutes(1440)),
            None
        );
        // Made (or renewed) with 5 days left: only the 1-day reminder.
        let late = days_before(5, 0);
        assert_eq!(expiry_milestone(expires, late, days_before(5, 1)), None);
        assert_eq!(
            expiry_milestone(expires, late, days_before(1, 0)),
            Some(Some(1))
        );
        // Made with exactly a day left: nothing until it expires.
        let day = days_before(1, 0);
        assert_eq!(expiry_milestone(expires, day, day), None);
    }

    #[test]
    fn answers_decide_delivered_failed_or_retried_and_retries_end_at_24_hours() {
        let made = at("2026-01-01T00:00:00.000Z");
        let now = made.plus_minutes(1);
        let ok = after(&Attempt::Answered(204), 1, made, now);
        assert_eq!(ok, (DeliveryStatus::Delivered, None));
        for refused in [400, 401, 404, 410, 422] {
            let got = after(&Attempt::Answered(refused), 1, made, now);
            assert_eq!(got, (DeliveryStatus::Failed, None), "{refused}");
        }
        for retried in [408, 429, 500, 502, 503, 301] {
            let got = after(&Attempt::Answered(retried), 1, made, now);
            let next = now.plus(chrono::TimeDelta::seconds(5));
            assert_eq!(got, (DeliveryStatus::Pending, Some(next)), "{retried}");
        }
        let unreachable = Attempt::NoAnswer("connection refused".into());
        let second = after(&unreachable, 2, made, now);
        assert_eq!(second.1, Some(now.plus(chrono::TimeDelta::seconds(30))));
        let third = after(&unreachable, 3, made, now);
        assert_eq!(third.1, Some(now.plus_minutes(5)));
        let late = after(&unreachable, 9, made, now);
        assert_eq!(late.1, Some(now.plus_minutes(600)));
        // The last try is at the 24th hour, then it has failed.
        let near = made.plus_minutes(RETRY_FOR_MINUTES - 60);
        let last = after(&unreachable, 7, made, near);
        assert_eq!(last.1, Some(made.plus_minutes(RETRY_FOR_MINUTES)));
        let end = made.plus_minutes(RETRY_FOR_MINUTES);
        assert_eq!(
            after(&unreachable, 8, made, end),
            (DeliveryStatus::Failed, None)
        );
    }

    #[test]
    fn statuses_read_back_what_they_write() {
        for s in [
            DeliveryStatus::Pending,
            DeliveryStatus::Delivered,
            DeliveryStatus::Failed,
        ] {
            assert_eq!(DeliveryStatus::parse(s.as_str()), Some(s));
        }
    }
}
