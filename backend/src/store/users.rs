//! Users, their roles and permissions.

use super::tokens::split_ids;
use crate::db::{Conn, OptionalExtension, Result, Row};
use crate::domain::{Permission, Role, User};
use crate::params;

fn role_from_row(row: &Row<'_>) -> Result<Role> {
    Ok(Role {
        id: row.get("id")?,
        tenant_id: row.get("tenant_id")?,
        key: row.get("key")?,
        name: row.get("name")?,
        description: row.get("description")?,
        level: row.get("level")?,
        is_default: row.get("is_default")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        permission_ids: split_ids(row.get("permission_ids")?),
    })
}

const ROLE_COLUMNS: &str =
    "r.id, r.tenant_id, r.key, r.name, r.description, r.level, r.is_default, \
    r.created_at, r.updated_at, \
    (SELECT string_agg(permission_id, ',') FROM role_permissions p WHERE p.role_id = r.id) \
        AS permission_ids";

/// All roles of a tenant, most privileged first (roles without a level last).
pub fn tenant_roles(c: &Conn, tenant_id: &str) -> Result<Vec<Role>> {
    c.query(
        &format!(
            "SELECT {ROLE_COLUMNS} FROM roles r WHERE r.tenant_id = ?1 \
             ORDER BY r.level IS NULL, r.level, r.name"
        ),
        params![tenant_id],
    )?
    .map(role_from_row)
}

/// The roles of a user.
pub fn user_roles(c: &Conn, user_id: &str) -> Result<Vec<Role>> {
    c.query(
        &format!(
            "SELECT {ROLE_COLUMNS} FROM roles r JOIN user_roles ur ON ur.role_id = r.id \
             WHERE ur.user_id = ?1 ORDER BY r.level IS NULL, r.level, r.name"
        ),
        params![user_id],
    )?
    .map(role_from_row)
}

/// Every permission.
pub fn all_permissions(c: &Conn) -> Result<Vec<Permission>> {
    let rows = c.query(
        "SELECT p.id, p.key, p.name, p.description, p.category_id, p.created_at, \
         (SELECT string_agg(role_id, ',') FROM role_permissions rp WHERE rp.permission_id = p.id) \
             AS role_ids \
         FROM permissions p ORDER BY p.key",
        params![],
    )?;
    rows.map(|row| {
        Ok(Permission {
            id: row.get("id")?,
            key: row.get("key")?,
            name: row.get("name")?,
            description: row.get("description")?,
            category_id: row.get("category_id")?,
            created_at: row.get("created_at")?,
            role_ids: split_ids(row.get("role_ids")?),
        })
    })
}

/// A signed-in user with roles and the permission keys those roles grant; `None` when the
/// user is gone or no longer in that tenant.
pub fn load_user(c: &Conn, user_id: &str, tenant_id: &str) -> Result<Option<User>> {
    let found: Option<(String, String)> = c
        .query_row(
            "SELECT email, name FROM users WHERE id = ?1 AND tenant_id = ?2",
            params![user_id, tenant_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((email, name)) = found else {
        return Ok(None);
    };
    let roles = user_roles(c, user_id)?;
    let permissions = c
        .query(
            "SELECT DISTINCT p.key FROM permissions p \
             JOIN role_permissions rp ON rp.permission_id = p.id \
             JOIN user_roles ur ON ur.role_id = rp.role_id WHERE ur.user_id = ?1 ORDER BY p.key",
            params![user_id],
        )?
        .map(|r| r.get::<String>(0))?;
    Ok(Some(User {
        user_id: user_id.to_string(),
        tenant_id: tenant_id.to_string(),
        email,
        name,
        roles,
        permissions,
    }))
}

/// (user id, tenant id, password hash) for a sign-in email (case-insensitive).
pub fn user_by_email(c: &Conn, email: &str) -> Result<Option<(String, String, String)>> {
    c.query_row(
        "SELECT id, tenant_id, password_hash FROM users WHERE lower(email) = lower(?1)",
        params![email.trim()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// Name and email of a user (for the demo route).
pub fn user_brief(c: &Conn, user_id: &str) -> Result<Option<(String, String)>> {
    c.query_row(
        "SELECT name, email FROM users WHERE id = ?1",
        params![user_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}
