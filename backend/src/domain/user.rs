//! The signed-in user, with the roles and permissions the rules read.

use super::{Actor, Error, Timestamp};

/// A role of a tenant.
#[derive(Clone, Debug)]
pub struct Role {
    pub id: String,
    pub tenant_id: String,
    pub key: String,
    pub name: String,
    pub description: String,
    pub level: Option<i64>,
    pub is_default: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub permission_ids: Vec<String>,
}

/// A permission (global, like Frontegg's vendor-level permissions).
#[derive(Clone, Debug)]
pub struct Permission {
    pub id: String,
    pub key: String,
    pub name: String,
    pub description: String,
    pub category_id: String,
    pub created_at: Timestamp,
    pub role_ids: Vec<String>,
}

/// A signed-in user, with their roles and the permission keys those roles grant.
#[derive(Clone, Debug)]
pub struct User {
    pub user_id: String,
    pub tenant_id: String,
    pub email: String,
    /// Their display name (recorded with what they do to tokens).
    pub name: String,
    pub roles: Vec<Role>,
    pub permissions: Vec<String>,
}

impl User {
    /// 403 naming `permission` unless one of the user's permissions covers it.
    pub fn require(&self, permission: &str) -> Result<(), Error> {
        if api_tokens_rules::has_permission(self.permissions.iter().map(String::as_str), permission)
        {
            Ok(())
        } else {
            Err(Error::forbidden(format!("missing permission {permission}")))
        }
    }

    /// Them as the actor of a change made from `ip`.
    pub fn actor(&self, ip: std::net::IpAddr) -> Actor {
        Actor {
            user_id: self.user_id.clone(),
            name: self.name.clone(),
            ip: ip.to_string(),
        }
    }

    /// The user's highest privilege (smallest role level), `None` when no role has a level.
    pub fn level(&self) -> Option<i64> {
        api_tokens_rules::user_level(self.roles.iter().map(|r| r.level))
    }

    /// The name of their highest role (the one at their level), if any role has a level.
    pub fn highest_role(&self) -> Option<&str> {
        let level = self.level();
        self.roles
            .iter()
            .filter(|r| r.level.is_some() && r.level == level)
            .map(|r| r.name.as_str())
            .next()
    }
}
