//! Permission keys and their wildcards.

use crate::Owner;

/// What a permission key allows on an owner's tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// See them (`fe.secure.read.*`).
    Read,
    /// Create and change them (`fe.secure.write.*`).
    Write,
    /// Delete them (`fe.secure.delete.*`).
    Delete,
}

/// The key that allows `action` on `owner`'s tokens:
/// `fe.secure.{read,write,delete}.{tenantApiTokens,userApiTokens}`.
pub const fn permission_key(action: Action, owner: Owner) -> &'static str {
    match (action, owner) {
        (Action::Read, Owner::Account) => "fe.secure.read.tenantApiTokens",
        (Action::Write, Owner::Account) => "fe.secure.write.tenantApiTokens",
        (Action::Delete, Owner::Account) => "fe.secure.delete.tenantApiTokens",
        (Action::Read, Owner::Personal) => "fe.secure.read.userApiTokens",
        (Action::Write, Owner::Personal) => "fe.secure.write.userApiTokens",
        (Action::Delete, Owner::Personal) => "fe.secure.delete.userApiTokens",
    }
}

/// Our own permission (not Frontegg's): list every member's personal tokens of the tenant and
/// revoke them (the level rule still holds: not a member above you). The reference backend's
/// demo Owner and Admin hold it.
pub const MANAGE_MEMBER_TOKENS: &str = "api-tokens.members.manage";

/// Frontegg's permission to remove a user from the tenant (`DELETE users/v1/{userId}`), which
/// revokes their personal tokens with them.
pub const DELETE_USERS: &str = "fe.secure.delete.users";

/// True when `granted` (a permission key held, possibly a wildcard like `fe.secure.*` or
/// `fe.secure.read.*`, or `*`) covers `required`. A wildcard covers whole segments only.
pub fn covers(granted: &str, required: &str) -> bool {
    if granted == required || granted == "*" {
        return true;
    }
    match granted.strip_suffix('*') {
        Some(prefix) if prefix.ends_with('.') => required.starts_with(prefix),
        _ => false,
    }
}

/// True when any of `granted` [`covers`] `required`.
pub fn has_permission<'a>(granted: impl IntoIterator<Item = &'a str>, required: &str) -> bool {
    granted.into_iter().any(|g| covers(g, required))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_wildcard_permissions() {
        let req = "fe.secure.write.tenantApiTokens";
        assert!(covers(req, req));
        assert!(covers("fe.secure.*", req));
        assert!(covers("fe.secure.write.*", req));
        assert!(covers("*", req));
        assert!(covers("*", "anything"));
        assert!(covers("fe.secure.read.*", "fe.secure.read.userApiTokens"));
        assert!(!covers("fe.secure.read.*", req));
        assert!(!covers("fe.secure.write.userApiTokens", req));
        // A wildcard only matches whole segments.
        assert!(!covers("fe.sec*", req));
        assert!(!covers("fe.secure.write", req));
        assert!(has_permission(["x", "fe.secure.*"], req));
        assert!(!has_permission(["x"], req));
        assert!(!has_permission([], req));
    }

    #[test]
    fn six_distinct_keys_under_fe_secure() {
        let mut keys = Vec::new();
        for owner in [Owner::Account, Owner::Personal] {
            for action in [Action::Read, Action::Write, Action::Delete] {
                keys.push(permission_key(action, owner));
            }
        }
        assert_eq!(
            keys,
            [
                "fe.secure.read.tenantApiTokens",
                "fe.secure.write.tenantApiTokens",
                "fe.secure.delete.tenantApiTokens",
                "fe.secure.read.userApiTokens",
                "fe.secure.write.userApiTokens",
                "fe.secure.delete.userApiTokens",
            ]
        );
        assert!(keys.iter().all(|k| covers("fe.secure.*", k)));
    }
}
