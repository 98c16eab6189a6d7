//! What happens to a token, recorded in its history.

use super::{Timestamp, WebhookEvent};

/// What happened to a token (the `type` of an event), as the wire contract names it.
pub use api_tokens_rules::wire::EventKind;

/// One event of a token's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenEvent {
    pub kind: EventKind,
    pub at: Timestamp,
    pub actor_user_id: Option<String>,
    pub actor_name: Option<String>,
    pub ip: Option<String>,
    /// `refusedAttempts` only: how many, and when the last was (`at` is the first).
    pub attempts: Option<i64>,
    pub last_at: Option<Timestamp>,
    /// `reminderSent` only: which reminder went to the vendor's webhook, and the days left of
    /// a `token.expiring`.
    pub reminder: Option<(WebhookEvent, Option<i64>)>,
}
