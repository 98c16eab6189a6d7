//! Who is signed in and what the vendor set: what the first wave's non-list calls answer, as
//! [`crate::api::TokenApi`] returns them.

use super::permissions::PermissionInfo;
use super::roles::RoleInfo;
use super::{Abilities, TokenType};

/// `me/authorization`: what the signed-in user may do, their roles and their permissions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Authorization {
    pub abilities: Abilities,
    pub roles: Vec<RoleInfo>,
    pub permissions: Vec<PermissionInfo>,
}

/// `users/v2/me`: who is signed in (Created by says "You" for their tokens).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub user_id: Option<String>,
}

/// The vendor's token settings (`configurations/v1/public`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VendorSettings {
    /// Which type new tokens are (`machineToMachineAuthStrategy`).
    pub token_type: TokenType,
    /// Account tokens need at least one role (`forcePermissions`).
    pub force_roles: bool,
    /// What the backend offers beyond Frontegg's API (our extension, `tokenLifecycle`);
    /// `None` from a classic backend, and then the tab is exactly what it is without it.
    pub lifecycle: Option<Lifecycle>,
}

/// Our extension's discovery: what a backend offers beyond Frontegg's API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lifecycle {
    /// Lists carry `lastUsedAt` and `lastUsedIp`.
    pub last_used: bool,
    /// Secrets can be rolled with a grace window.
    pub rotation: bool,
    /// Each token's events can be read.
    pub history: bool,
    /// The organization's longest token lifetime: every token must expire within it.
    pub max_expires_in_minutes: Option<i64>,
    /// The backend refuses an edit of a token above the user (the level rule, see
    /// [`crate::state::Session::above`]), so the tab disables Edit on one.
    pub level_rule_on_edit: bool,
    /// Likewise a delete (Frontegg decides a delete by the permission alone).
    pub level_rule_on_delete: bool,
    /// A token that expires can be renewed in place (a new expiry, the same id and secret);
    /// the backend applies the level rule to it.
    pub renew: bool,
    /// The organization's idle policy: tokens unused this many days are disabled (`None`:
    /// none).
    pub disable_after_unused_days: Option<i64>,
    /// Each token's use per day and recent addresses can be read.
    pub usage: bool,
    /// Tokens take an IP allowlist on create and on edit, and every source can be edited
    /// (its description and allowlist).
    pub ip_allowlist: bool,
    /// The organization requires an IP allowlist on account tokens.
    pub require_ip_allowlist: bool,
    /// `POST {source}/bulk-delete` with a dry run.
    pub bulk_delete: bool,
    /// Personal lists take `?members=all`: every member's tokens, for a user holding
    /// `api-tokens.members.manage`, who may revoke them under the level rule.
    pub member_tokens: bool,
}

impl Default for VendorSettings {
    /// Frontegg's defaults, also what the tab assumes when the settings cannot be read.
    fn default() -> Self {
        VendorSettings {
            token_type: TokenType::ClientCredentials,
            force_roles: false,
            lifecycle: None,
        }
    }
}
