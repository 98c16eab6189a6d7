//! A token as the backend knows it (never with its secret), the list it is in, and what
//! creating or changing one takes.

use api_tokens_rules::{Cidr, Owner, Source};

use super::Timestamp;

/// One list of tokens: a tenant's tokens of one [`Source`], and of a personal source one
/// user's. Built only by [`ListId::seen_by`] and [`ListId::of`], so a personal list always
/// names its user and an account list never does.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListId {
    tenant_id: String,
    source: Source,
    user_id: Option<String>,
}

impl ListId {
    /// `source`'s list in `tenant_id` as the user `user_id` sees it: the account's for an
    /// account source, the user's own for a personal one.
    pub fn seen_by(source: Source, tenant_id: &str, user_id: &str) -> ListId {
        ListId {
            tenant_id: tenant_id.to_string(),
            source,
            user_id: (source.owner() == Owner::Personal).then(|| user_id.to_string()),
        }
    }

    /// The list `token` is in (or was in, for a deleted token's events).
    pub fn of(token: &Token) -> ListId {
        ListId {
            tenant_id: token.tenant_id.clone(),
            source: token.source,
            user_id: token.owner_user_id.clone(),
        }
    }

    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    pub fn source(&self) -> Source {
        self.source
    }

    /// The owner of a personal list, `None` for the account's.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }
}

/// A stored token (never with its secret).
#[derive(Clone, Debug)]
pub struct Token {
    pub id: String,
    pub tenant_id: String,
    /// Which of the four it is.
    pub source: Source,
    /// The owner of a personal token; `None` for an account token.
    pub owner_user_id: Option<String>,
    pub description: Option<String>,
    pub created_by_user_id: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub metadata: serde_json::Value,
    pub role_ids: Vec<String>,
    pub permission_ids: Vec<String>,
    /// When it last authenticated (at most a minute late, see `store::record_use`); `None`:
    /// never.
    pub last_used_at: Option<Timestamp>,
    /// The client address it last authenticated from.
    pub last_used_ip: Option<String>,
    /// Until when the secret before its last roll still works; `None`: no grace window.
    pub previous_secret_expires_at: Option<Timestamp>,
    /// Set while the token is disabled (by the idle policy): it does not authenticate.
    pub disabled: Option<Disabled>,
    /// The networks it may be used from (its IP allowlist); empty: anywhere.
    pub allowed_cidrs: Vec<Cidr>,
    /// The user who made it has been removed from the tenant (`DELETE users/v1/{userId}`).
    pub created_by_former_member: bool,
}

/// Why and since when a token does not authenticate although it exists and has not expired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Disabled {
    pub at: Timestamp,
    /// The idle policy's days when it disabled the token.
    pub after_unused_days: Option<i64>,
}

impl Disabled {
    /// What a client presenting its secret is told.
    pub fn refusal(&self) -> String {
        match self.after_unused_days {
            Some(days) => format!(
                "this token was disabled after {days} days unused: a user who may edit it can enable it again"
            ),
            None => "this token is disabled".to_string(),
        }
    }
}

impl Token {
    /// Whether it may be used from `ip` (its IP allowlist; none: anywhere).
    pub fn allows(&self, ip: std::net::IpAddr) -> bool {
        api_tokens_rules::allows(&self.allowed_cidrs, ip)
    }

    /// What a client presenting its working secret from `ip`, outside the allowlist, is told.
    pub fn address_refusal(ip: std::net::IpAddr) -> String {
        format!("this token cannot be used from {ip}: the address is not on its IP allowlist")
    }

    pub fn is_expired(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|e| e <= now)
    }

    /// Whether the secret before the last roll still works at `now`.
    pub fn previous_secret_open(&self, now: Timestamp) -> bool {
        self.previous_secret_expires_at.is_some_and(|e| e > now)
    }
}

/// The stored hashes of a token's secrets (only the checks of a secret need them).
#[derive(Debug)]
pub struct SecretHashes {
    pub current: Vec<u8>,
    /// The secret before the last roll, whether or not its window is still open (see
    /// [`Token::previous_secret_open`]).
    pub previous: Option<Vec<u8>>,
}

impl SecretHashes {
    /// The previous secret's hash while its window is open at `now`, else `None`.
    pub fn open_previous<'a>(&'a self, token: &Token, now: Timestamp) -> Option<&'a [u8]> {
        self.previous
            .as_deref()
            .filter(|_| token.previous_secret_open(now))
    }
}

/// What creating a token stores.
pub struct NewToken {
    pub id: String,
    /// The list it joins.
    pub list: ListId,
    pub description: Option<String>,
    pub secret_hash: Vec<u8>,
    pub created_by_user_id: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub metadata: serde_json::Value,
    pub role_ids: Vec<String>,
    pub permission_ids: Vec<String>,
    pub allowed_cidrs: Vec<Cidr>,
}

impl NewToken {
    /// The token it makes, once stored (ids sorted and without repeats).
    pub fn into_token(self) -> Token {
        let sorted = |mut ids: Vec<String>| {
            ids.sort();
            ids.dedup();
            ids
        };
        Token {
            id: self.id,
            tenant_id: self.list.tenant_id,
            source: self.list.source,
            owner_user_id: self.list.user_id,
            description: self.description,
            created_by_user_id: self.created_by_user_id,
            created_at: self.created_at,
            expires_at: self.expires_at,
            metadata: self.metadata,
            disabled: None,
            role_ids: sorted(self.role_ids),
            permission_ids: sorted(self.permission_ids),
            last_used_at: None,
            last_used_ip: None,
            previous_secret_expires_at: None,
            allowed_cidrs: self.allowed_cidrs,
            created_by_former_member: false,
        }
    }
}

/// Changes of an edit; `None` leaves a field as it is.
pub struct TokenUpdate {
    pub description: Option<String>,
    pub role_ids: Option<Vec<String>>,
    pub permission_ids: Option<Vec<String>>,
    pub metadata: Option<serde_json::Value>,
    /// The new IP allowlist (empty: none).
    pub allowed_cidrs: Option<Vec<Cidr>>,
}

/// Who changed a token, and from where: recorded with each event.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: String,
    /// Their name at the time (kept as it was when they are renamed or gone).
    pub name: String,
    /// The client address (`http::client_ip`).
    pub ip: String,
}
