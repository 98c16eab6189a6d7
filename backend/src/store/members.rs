//! The tenant's members as an admin manages them (issue 35, our extension): every member's
//! personal tokens with their owner, one of them by id, the members' levels (for the last
//! Owner), and removing a member.

use api_tokens_rules::TokenType;

use super::tokens::{find_token, kind_column, TokenColumns, TOKEN_COLUMNS};
use crate::db::{Conn, Result};
use crate::domain::Token;
use crate::params;

/// A personal token's owner, as an admin's list names them.
#[derive(Clone, Debug)]
pub struct Member {
    pub name: String,
    pub email: String,
    /// Their roles' ids: a personal token acts with them, so the tab can tell which members
    /// are above the admin before a revoke is refused.
    pub role_ids: Vec<String>,
}

/// Every member's personal tokens of type `kind` in `tenant_id`, newest first, each with its
/// owner and the owner's roles. Personal tokens carry no roles or permissions of their own (they
/// act with their owner's), so none are read.
pub fn member_tokens(c: &Conn, tenant_id: &str, kind: TokenType) -> Result<Vec<(Token, Member)>> {
    let rows = c.query(
        &format!(
            "SELECT {TOKEN_COLUMNS}, u.name AS owner_name, u.email AS owner_email \
             FROM tokens t JOIN users u ON u.id = t.owner_user_id \
             WHERE t.tenant_id = ?1 AND t.kind = ?2 AND t.owner_user_id IS NOT NULL \
             ORDER BY t.created_at DESC, t.id"
        ),
        params![tenant_id, kind_column(kind)],
    )?;
    let columns = TokenColumns::of(&rows)?;
    let (name, email) = (
        rows.column_index("owner_name")?,
        rows.column_index("owner_email")?,
    );
    let mut roles: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (user, role) in c
        .query(
            "SELECT ur.user_id AS user_id, ur.role_id AS role_id FROM user_roles ur \
             JOIN users u ON u.id = ur.user_id WHERE u.tenant_id = ?1 ORDER BY ur.role_id",
            params![tenant_id],
        )?
        .map(|row| Ok((row.get::<String>("user_id")?, row.get::<String>("role_id")?)))?
    {
        roles.entry(user).or_default().push(role);
    }
    rows.map(|row| {
        let token = columns.token(row)?;
        let role_ids = token
            .owner_user_id
            .as_ref()
            .and_then(|u| roles.get(u))
            .cloned()
            .unwrap_or_default();
        Ok((
            token,
            Member {
                name: row.get(name)?,
                email: row.get(email)?,
                role_ids,
            },
        ))
    })
}

/// The personal token `id` of type `kind` of any member of `tenant_id`.
pub fn member_token(c: &Conn, tenant_id: &str, kind: TokenType, id: &str) -> Result<Option<Token>> {
    let found = find_token(
        c,
        "t.id = ?1 AND t.tenant_id = ?2 AND t.kind = ?3 AND t.owner_user_id IS NOT NULL",
        params![id, tenant_id, kind_column(kind)],
    )?;
    Ok(found.map(|(token, _)| token))
}

/// Each member of `tenant_id` with the level of their most privileged role (`None`: no role
/// with a level).
pub fn member_levels(c: &Conn, tenant_id: &str) -> Result<Vec<(String, Option<i64>)>> {
    c.query(
        "SELECT u.id AS id, MIN(r.level) AS level FROM users u \
         LEFT JOIN user_roles ur ON ur.user_id = u.id LEFT JOIN roles r ON r.id = ur.role_id \
         WHERE u.tenant_id = ?1 GROUP BY u.id",
        params![tenant_id],
    )?
    .map(|row| Ok((row.get("id")?, row.get("level")?)))
}

/// Removes user `user_id` of `tenant_id` (their roles go with them by cascade); false when
/// there was none. Call inside the transaction that revoked their tokens first.
pub fn remove_user(c: &Conn, tenant_id: &str, user_id: &str) -> Result<bool> {
    let n = c.execute(
        "DELETE FROM users WHERE id = ?1 AND tenant_id = ?2",
        params![user_id, tenant_id],
    )?;
    Ok(n > 0)
}
