//! What happens to a token, recorded in its history.

use super::Timestamp;

/// What happened to a token (the `type` of an event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Created,
    Updated,
    Rotated,
    /// The secret before the last roll stopped working: ended by hand, by a second roll, or
    /// its window ran out.
    PreviousSecretExpired,
    Deleted,
}

impl EventType {
    /// How the `type` column and the wire spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Created => "created",
            EventType::Updated => "updated",
            EventType::Rotated => "rotated",
            EventType::PreviousSecretExpired => "previousSecretExpired",
            EventType::Deleted => "deleted",
        }
    }
}

/// One event of a token's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenEvent {
    /// [`EventType::as_str`], or `refusedAttempts`.
    pub kind: String,
    pub at: Timestamp,
    pub actor_user_id: Option<String>,
    pub actor_name: Option<String>,
    pub ip: Option<String>,
    /// `refusedAttempts` only: how many, and when the last was (`at` is the first).
    pub attempts: Option<i64>,
    pub last_at: Option<Timestamp>,
}
