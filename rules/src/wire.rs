//! The wire contract the tab and the backend share, each name written once: the paths of the
//! identity API (under `{prefix}/identity/resources/`), the kinds of a token's events, and the
//! names of our `tokenLifecycle` settings. The backend routes and answers with them; the tab
//! asks and reads with them.

use crate::Source;

/// Where the identity API lives under a backend's origin and prefix (`/frontegg` by default):
/// `{origin}{prefix}/identity/resources/{path}`.
pub const RESOURCES: &str = "identity/resources";

/// `GET`: the tenant's roles.
pub const ROLES: &str = "roles/v1";
/// `GET`: the signed-in user's roles and permissions.
pub const ME_AUTHORIZATION: &str = "users/v1/me/authorization";
/// `GET`: the signed-in user.
pub const ME: &str = "users/v2/me";
/// `GET`: the vendor's token settings (with our [`lifecycle`] settings).
pub const PUBLIC_CONFIGURATION: &str = "configurations/v1/public";
/// `POST`: the reference backend's demo sign-in.
pub const SIGN_IN: &str = "auth/v1/user";
/// `POST`: client credentials exchanged for a JWT.
pub const EXCHANGE: &str = "auth/v2/api-token";

/// After a token's path (`{list}/{id}/…`, our extension): `POST` rolls its secret.
pub const ROTATE: &str = "rotate";
/// `DELETE`: ends the grace window of the secret before the last roll.
pub const PREVIOUS_SECRET: &str = "previous-secret";
/// `GET`: the token's history.
pub const EVENTS: &str = "events";
/// `POST {expiresInMinutes}`: a new expiry for a token that has one; same id, secret and
/// history.
pub const RENEW: &str = "renew";
/// `POST`: a token the idle policy disabled works again (our extension).
pub const ENABLE: &str = "enable";
/// `GET ?days=30`: the token's uses and refused attempts per day, and its recent addresses
/// (our extension).
pub const USAGE: &str = "usage";
/// `DELETE users/v1/{userId}` (Frontegg's): removes a member from the tenant; the reference
/// backend revokes their personal tokens in the same transaction.
pub const USERS: &str = "users/v1";
/// After a source's path (`{list}/bulk-delete`, our extension): `POST {ids, dryRun}` deletes
/// (or says what would happen to) each token, one transaction each.
pub const BULK_DELETE: &str = "bulk-delete";
/// The query of a personal source's list that asks for every member's tokens (our extension,
/// for users holding [`crate::MANAGE_MEMBER_TOKENS`]): `users/api-tokens/v1?members=all`.
pub const ALL_MEMBERS: &str = "members=all";
/// Most ids one bulk delete takes.
pub const BULK_DELETE_MAX: usize = 500;
/// `GET`: the tenant's last 100 webhook deliveries (our extension), for users who may manage
/// account tokens.
pub const WEBHOOK_DELIVERIES: &str = "webhooks/v1/deliveries";

impl Source {
    /// The source's resource: `tenants/api-tokens`, `tenants/access-tokens`,
    /// `users/api-tokens`, `users/access-tokens`.
    pub const fn base(self) -> &'static str {
        match self {
            Source::AccountClients => "tenants/api-tokens",
            Source::AccountAccess => "tenants/access-tokens",
            Source::PersonalClients => "users/api-tokens",
            Source::PersonalAccess => "users/access-tokens",
        }
    }

    /// `GET` lists the source; `{list}/{id}` is one of its tokens (`DELETE`, and `PATCH` for
    /// account client credentials).
    pub const fn list_path(self) -> &'static str {
        match self {
            Source::AccountClients => "tenants/api-tokens/v1",
            Source::AccountAccess => "tenants/access-tokens/v1",
            Source::PersonalClients => "users/api-tokens/v1",
            Source::PersonalAccess => "users/access-tokens/v1",
        }
    }

    /// Where the tab creates a token of the source: `v2` for account client credentials, as
    /// Frontegg's portal does.
    pub const fn create_path(self) -> &'static str {
        match self {
            Source::AccountClients => "tenants/api-tokens/v2",
            other => other.list_path(),
        }
    }

    /// Every path a backend accepts a create of the source at.
    pub const fn create_paths(self) -> &'static [&'static str] {
        match self {
            Source::AccountClients => &["tenants/api-tokens/v1", "tenants/api-tokens/v2"],
            Source::AccountAccess => &["tenants/access-tokens/v1"],
            Source::PersonalClients => &["users/api-tokens/v1"],
            Source::PersonalAccess => &["users/access-tokens/v1"],
        }
    }
}

/// What happened to a token (an event's `type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// The token was made.
    Created,
    /// Its description, roles, permissions or metadata changed.
    Updated,
    /// A new secret was issued (the old one may live on for a grace window).
    Rotated,
    /// The secret before the last roll stopped working: ended by hand, by a second roll, or its
    /// window ran out.
    PreviousSecretExpired,
    /// The token was deleted (its history stays).
    Deleted,
    /// Attempts at its secret that were refused, counted per token and hour (`attempts`).
    RefusedAttempts,
    /// It was given a new expiry (same id and secret).
    Renewed,
    /// The idle policy disabled it (nobody acted).
    Disabled,
    /// A user enabled it again.
    Enabled,
    /// A reminder about it was delivered to the vendor's webhook (`reminder` names which
    /// [`WebhookEvent`], `milestone` the days before the expiry of a `token.expiring`).
    ReminderSent,
    /// Uses with a working secret from an address outside its IP allowlist, refused: counted
    /// per token, address (`ip`) and hour (`attempts`).
    RefusedAddress,
    /// Its IP allowlist was set, changed or removed.
    AllowlistChanged,
    /// Revoked because its owner was removed from the tenant (`DELETE users/v1/{userId}`).
    OwnerRemoved,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [EventKind; 13] = [
        EventKind::Created,
        EventKind::Updated,
        EventKind::Rotated,
        EventKind::PreviousSecretExpired,
        EventKind::Deleted,
        EventKind::RefusedAttempts,
        EventKind::Renewed,
        EventKind::Disabled,
        EventKind::Enabled,
        EventKind::ReminderSent,
        EventKind::RefusedAddress,
        EventKind::AllowlistChanged,
        EventKind::OwnerRemoved,
    ];

    /// How the wire (and the backend's `type` column) spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Updated => "updated",
            EventKind::Rotated => "rotated",
            EventKind::PreviousSecretExpired => "previousSecretExpired",
            EventKind::Deleted => "deleted",
            EventKind::RefusedAttempts => "refusedAttempts",
            EventKind::Renewed => "renewed",
            EventKind::Disabled => "disabled",
            EventKind::Enabled => "enabled",
            EventKind::ReminderSent => "reminderSent",
            EventKind::RefusedAddress => "refusedAddress",
            EventKind::AllowlistChanged => "allowlistChanged",
            EventKind::OwnerRemoved => "ownerRemoved",
        }
    }

    /// The kind `s` spells; `None` for one this contract does not know.
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a webhook to the vendor tells of (its body's `type`, Standard Webhooks' convention).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WebhookEvent {
    /// The token expires in 30, 7 or 1 days (`milestone`; `daysLeft`: whole days left now).
    Expiring,
    /// The token expired.
    Expired,
    /// The token has been unused long enough that the idle policy disables it in 7 days.
    Idle,
    /// The idle policy disabled the token.
    Disabled,
    /// The token was given a new expiry.
    Renewed,
    /// The token's secret was rolled.
    Rotated,
    /// The token was deleted.
    Deleted,
}

impl WebhookEvent {
    /// Every event.
    pub const ALL: [WebhookEvent; 7] = [
        WebhookEvent::Expiring,
        WebhookEvent::Expired,
        WebhookEvent::Idle,
        WebhookEvent::Disabled,
        WebhookEvent::Renewed,
        WebhookEvent::Rotated,
        WebhookEvent::Deleted,
    ];

    /// How the wire spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            WebhookEvent::Expiring => "token.expiring",
            WebhookEvent::Expired => "token.expired",
            WebhookEvent::Idle => "token.idle",
            WebhookEvent::Disabled => "token.disabled",
            WebhookEvent::Renewed => "token.renewed",
            WebhookEvent::Rotated => "token.rotated",
            WebhookEvent::Deleted => "token.deleted",
        }
    }

    /// The event `s` spells; `None` for one this contract does not know.
    pub fn parse(s: &str) -> Option<WebhookEvent> {
        WebhookEvent::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether it warns of what is coming (and is shown in the token's history once sent),
    /// rather than telling of a change that was made.
    pub const fn is_reminder(self) -> bool {
        matches!(
            self,
            WebhookEvent::Expiring | WebhookEvent::Expired | WebhookEvent::Idle
        )
    }
}

/// Our `tokenLifecycle` settings in `configurations/v1/public`: what a backend offers beyond
/// Frontegg's API (absent from a classic one).
pub mod lifecycle {
    /// The object's name in the public configuration.
    pub const TOKEN_LIFECYCLE: &str = "tokenLifecycle";
    /// Lists carry `lastUsedAt` and `lastUsedIp`.
    pub const LAST_USED: &str = "lastUsed";
    /// Secrets can be rolled with a grace window.
    pub const ROTATION: &str = "rotation";
    /// Each token has a history.
    pub const HISTORY: &str = "history";
    /// The tenant's expiry policy in minutes, or null.
    pub const MAX_EXPIRES_IN_MINUTES: &str = "maxExpiresInMinutes";
    /// The level rule holds on an edit.
    pub const LEVEL_RULE_ON_EDIT: &str = "levelRuleOnEdit";
    /// The level rule holds on a delete.
    pub const LEVEL_RULE_ON_DELETE: &str = "levelRuleOnDelete";
    /// A token that expires can be given a new expiry in place (`{list}/{id}/renew`).
    pub const RENEW: &str = "renew";
    /// The tenant's idle policy: a token unused this many days is disabled; null: none.
    pub const DISABLE_AFTER_UNUSED_DAYS: &str = "disableAfterUnusedDays";
    /// The backend sends webhooks to the vendor (reminders appear in tokens' histories).
    pub const WEBHOOKS: &str = "webhooks";
    /// Each token's use per day and recent addresses (`{list}/{id}/usage`).
    pub const USAGE: &str = "usage";
    /// Tokens take an IP allowlist (`allowedCidrs`) on create and on `PATCH {list}/{id}`,
    /// which every source takes (`description` and `allowedCidrs`; roles too for account
    /// client credentials, as in Frontegg's API).
    pub const IP_ALLOWLIST: &str = "ipAllowlist";
    /// The tenant's account tokens must have an IP allowlist.
    pub const REQUIRE_IP_ALLOWLIST: &str = "requireIpAllowlist";
    /// `POST {list}/bulk-delete` with `dryRun`, on every source.
    pub const BULK_DELETE: &str = "bulkDelete";
    /// A personal source lists every member's tokens (`?members=all`) for users holding
    /// [`crate::MANAGE_MEMBER_TOKENS`], and deletes them under the level rule; removing a
    /// member (`DELETE users/v1/{userId}`) revokes theirs.
    pub const MEMBER_TOKENS: &str = "memberTokens";

    /// Every setting's name.
    pub const ALL: [&str; 14] = [
        LAST_USED,
        ROTATION,
        HISTORY,
        MAX_EXPIRES_IN_MINUTES,
        LEVEL_RULE_ON_EDIT,
        LEVEL_RULE_ON_DELETE,
        RENEW,
        DISABLE_AFTER_UNUSED_DAYS,
        WEBHOOKS,
        USAGE,
        IP_ALLOWLIST,
        REQUIRE_IP_ALLOWLIST,
        BULK_DELETE,
        MEMBER_TOKENS,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_read_back_what_they_write_and_nothing_else() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EventKind::parse("Created"), None);
        assert_eq!(EventKind::parse("suspended"), None);
        for w in WebhookEvent::ALL {
            assert_eq!(WebhookEvent::parse(w.as_str()), Some(w));
        }
        assert_eq!(WebhookEvent::parse("expiring"), None);
        let reminders: Vec<_> = WebhookEvent::ALL
            .into_iter()
            .filter(|w| w.is_reminder())
            .collect();
        assert_eq!(
            reminders,
            [
                WebhookEvent::Expiring,
                WebhookEvent::Expired,
                WebhookEvent::Idle
            ]
        );
    }

    #[test]
    fn each_source_has_its_paths_and_creates_where_it_lists_but_one() {
        for s in Source::ALL {
            assert_eq!(s.list_path(), format!("{}/v1", s.base()));
            assert!(s.create_paths().contains(&s.create_path()), "{s:?}");
            assert!(s.create_paths().contains(&s.list_path()), "{s:?}");
        }
        assert_eq!(
            Source::AccountClients.create_path(),
            "tenants/api-tokens/v2"
        );
        let bases: std::collections::HashSet<_> = Source::ALL.iter().map(|s| s.base()).collect();
        assert_eq!(bases.len(), 4);
    }
}
