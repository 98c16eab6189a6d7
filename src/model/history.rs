//! A token's history (our extension, `GET {source}/{id}/events`): what happened to it, when,
//! by whom and from where, newest first.

use api_tokens_rules::MAX_GRACE_MINUTES;

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    Created,
    Updated,
    /// A new secret was issued (the old one may live on for a grace window).
    Rotated,
    /// The previous secret stopped working.
    PreviousSecretExpired,
    Deleted,
    /// It was given a new expiry (same id and secret).
    Renewed,
    /// The backend's idle policy disabled it.
    Disabled,
    /// A user enabled it again.
    Enabled,
    /// Attempts to use its secret that were refused (a wrong secret, or one a lockout refused),
    /// counted by the backend per token and hour: how many.
    RefusedAttempts(u64),
    /// A reminder about it went to the vendor's webhook (the vendor tells the people).
    ReminderSent(Reminder),
    /// Uses with its secret from an address outside its IP allowlist, refused: how many in
    /// the hour (the address is the event's `ip`).
    RefusedAddress(u64),
    /// Its IP allowlist was set, changed or removed.
    AllowlistChanged,
    /// Revoked because its owner was removed from the account.
    OwnerRemoved,
    /// A kind this tab does not know, as the backend named it.
    Other(String),
}

impl EventKind {
    /// Reads the wire's `type` (the wire contract's names).
    pub fn parse(s: &str) -> EventKind {
        use api_tokens_rules::wire::EventKind as Wire;
        match Wire::parse(s) {
            Some(Wire::Created) => EventKind::Created,
            Some(Wire::Updated) => EventKind::Updated,
            Some(Wire::Rotated) => EventKind::Rotated,
            Some(Wire::Renewed) => EventKind::Renewed,
            Some(Wire::Disabled) => EventKind::Disabled,
            Some(Wire::Enabled) => EventKind::Enabled,
            Some(Wire::PreviousSecretExpired) => EventKind::PreviousSecretExpired,
            Some(Wire::Deleted) => EventKind::Deleted,
            // The count is read beside the type (`attempts`); one at least.
            Some(Wire::RefusedAttempts) => EventKind::RefusedAttempts(1),
            // Which reminder is read beside the type (`reminder`, `milestone`).
            Some(Wire::ReminderSent) => EventKind::ReminderSent(Reminder::Other(String::new())),
            Some(Wire::RefusedAddress) => EventKind::RefusedAddress(1),
            Some(Wire::AllowlistChanged) => EventKind::AllowlistChanged,
            Some(Wire::OwnerRemoved) => EventKind::OwnerRemoved,
            None => EventKind::Other(s.to_string()),
        }
    }
}

/// Which reminder was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reminder {
    /// Days before its expiry (30, 7, 1).
    Expiring(u32),
    Expired,
    /// The idle policy disables it soon unless it is used.
    Idle,
    /// One this tab does not know (or garbled), as the backend named it.
    Other(String),
}

impl Reminder {
    /// Reads the wire's `reminder` (a webhook event's type) and `milestone` (days before the expiry).
    pub fn parse(reminder: Option<&str>, milestone: Option<i64>) -> Reminder {
        use api_tokens_rules::wire::WebhookEvent as Wire;
        let days = milestone.and_then(|d| u32::try_from(d).ok());
        match (reminder.and_then(Wire::parse), days) {
            (Some(Wire::Expiring), Some(days)) => Reminder::Expiring(days),
            (Some(Wire::Expired), _) => Reminder::Expired,
            (Some(Wire::Idle), _) => Reminder::Idle,
            _ => Reminder::Other(reminder.unwrap_or_default().to_string()),
        }
    }
}

/// One event of a token's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenEvent {
    pub kind: EventKind,
    /// Milliseconds; `None` when the backend sent none or garbage.
    pub at: Option<i64>,
    pub actor_user_id: Option<String>,
    pub actor_name: Option<String>,
    pub ip: Option<String>,
}

/// The grace windows a roll offers, in minutes: immediately, an hour, a day (the default), a
/// week.
pub const GRACE_CHOICES: [u32; 4] = [0, 60, 1440, MAX_GRACE_MINUTES as u32];

/// The choice a roll starts at: 24 hours.
pub const DEFAULT_GRACE: u32 = 1440;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_read_which_and_the_milestone_and_keep_unknown_ones() {
        let r = |w: Option<&str>, d: Option<i64>| Reminder::parse(w, d);
        assert_eq!(r(Some("token.expiring"), Some(7)), Reminder::Expiring(7));
        assert_eq!(r(Some("token.expired"), None), Reminder::Expired);
        assert_eq!(r(Some("token.idle"), Some(90)), Reminder::Idle);
        // Expiring without (or with nonsense) days is not said as a number of days.
        assert_eq!(
            r(Some("token.expiring"), Some(-3)),
            Reminder::Other("token.expiring".into())
        );
        assert_eq!(
            r(Some("token.renewed"), None),
            Reminder::Other("token.renewed".into())
        );
        assert_eq!(r(None, None), Reminder::Other(String::new()));
    }

    #[test]
    fn event_kinds_read_the_wire_and_keep_unknown_ones() {
        assert_eq!(EventKind::parse("rotated"), EventKind::Rotated);
        assert_eq!(EventKind::parse("renewed"), EventKind::Renewed);
        assert_eq!(EventKind::parse("disabled"), EventKind::Disabled);
        assert_eq!(EventKind::parse("enabled"), EventKind::Enabled);
        assert_eq!(
            EventKind::parse("previousSecretExpired"),
            EventKind::PreviousSecretExpired
        );
        assert_eq!(
            EventKind::parse("refusedAttempts"),
            EventKind::RefusedAttempts(1)
        );
        assert_eq!(
            EventKind::parse("suspended"),
            EventKind::Other("suspended".into())
        );
        assert_eq!(
            EventKind::parse("refusedAddress"),
            EventKind::RefusedAddress(1)
        );
        assert_eq!(
            EventKind::parse("allowlistChanged"),
            EventKind::AllowlistChanged
        );
        assert_eq!(EventKind::parse("ownerRemoved"), EventKind::OwnerRemoved);
        assert!(matches!(
            EventKind::parse("reminderSent"),
            EventKind::ReminderSent(_)
        ));
        assert!(GRACE_CHOICES.contains(&DEFAULT_GRACE));
        assert!(GRACE_CHOICES
            .iter()
            .all(|&g| i64::from(g) <= MAX_GRACE_MINUTES));
    }
}
