//! Who may do what to which token: the permission a source's action needs, the level rule
//! (the rules crate's one decision, [`api_tokens_rules::may_act_on`]) on every write, and what
//! a tenant token may be given. Each refusal says why.

use api_tokens_rules::{permission_key, Above, Action, Source};

use crate::db::Conn;
use crate::domain::{Error, ListId, Result, Timestamp, Token, User};
use crate::store;

/// The list of source `src` that `user` sees, once they hold the permission to `action` it
/// (403 naming the permission otherwise).
pub fn list_for(user: &User, src: Source, action: Action) -> Result<ListId> {
    user.require(permission_key(action, src.owner()))?;
    Ok(ListId::seen_by(src, &user.tenant_id, &user.user_id))
}

/// The 404 of a token that is not in the caller's list (or in no list at all).
pub fn token_not_found() -> Error {
    Error::not_found("token not found")
}

/// In `tx`, as of `at`: token `id` of `list`, to be changed by `user`. The grace windows that
/// ran out are closed first; 404 when the token is not there, 403 when it is above `user`
/// ([`may_act`]; `what` says what was refused).
pub fn token_to_change(
    tx: &Conn,
    list: &ListId,
    id: &str,
    user: &User,
    at: Timestamp,
    what: &str,
) -> Result<Token> {
    store::end_lapsed_windows(tx, list.tenant_id(), at)?;
    let token = store::get_token(tx, list, id)?.ok_or_else(token_not_found)?;
    may_act(tx, user, &token, what)?;
    Ok(token)
}

/// 403 when `token` is above `user` ([`api_tokens_rules::may_act_on`]: it holds a role above
/// their highest or a permission they do not hold), naming which; `what` says what was refused
/// ("roll the secret of"). Every write asks it: edit, roll, ending a window, delete.
pub fn may_act(c: &Conn, user: &User, token: &Token, what: &str) -> Result<()> {
    let roles = if token.role_ids.is_empty() {
        Vec::new()
    } else {
        store::tenant_roles(c, &user.tenant_id)?
    };
    let permissions = if token.permission_ids.is_empty() {
        Vec::new()
    } else {
        store::all_permissions(c)?
    };
    // Most privileged first (`tenant_roles`' order): the role named is the highest above.
    let held_roles = roles
        .iter()
        .filter(|r| token.role_ids.contains(&r.id))
        .map(|r| (r.name.as_str(), r.level));
    let held_permissions = permissions
        .iter()
        .filter(|p| token.permission_ids.contains(&p.id))
        .map(|p| p.key.as_str());
    api_tokens_rules::may_act_on(
        user.level(),
        &user.permissions,
        held_roles,
        held_permissions,
    )
    .map_err(|above| {
        Error::forbidden(match (above, user.highest_role()) {
            (Above::Role(r), Some(h)) => format!(
                "cannot {what} this token: it has role {r}, which is above your highest role, {h}"
            ),
            (Above::Role(r), None) => {
                format!("cannot {what} this token: it has role {r}, and your roles have no level")
            }
            (Above::Permission(p), _) => {
                format!("cannot {what} this token: it has permission {p}, which you do not hold")
            }
        })
    })
}

/// Checks the roles and permissions a tenant token is to carry: every id must exist in the
/// caller's tenant (400 otherwise), every role must be at the caller's level or below and
/// every permission one the caller holds (403 otherwise). Returns them deduplicated.
pub fn check_assignments(
    c: &Conn,
    user: &User,
    role_ids: Option<Vec<String>>,
    permission_ids: Option<Vec<String>>,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut role_ids = role_ids.unwrap_or_default();
    role_ids.sort();
    role_ids.dedup();
    let mut permission_ids = permission_ids.unwrap_or_default();
    permission_ids.sort();
    permission_ids.dedup();

    if !role_ids.is_empty() {
        let roles = store::tenant_roles(c, &user.tenant_id)?;
        let unknown: Vec<&str> = role_ids
            .iter()
            .filter(|id| !roles.iter().any(|r| &r.id == *id))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(Error::invalid(format!(
                "unknown role id(s): {}",
                unknown.join(", ")
            )));
        }
        let caller = user.level();
        let highest = user.highest_role();
        for r in roles.iter().filter(|r| role_ids.contains(&r.id)) {
            if !api_tokens_rules::may_assign(caller, r.level) {
                return Err(Error::forbidden(match highest {
                    Some(h) => format!(
                        "cannot assign role {}: it is above your highest role, {h}",
                        r.name
                    ),
                    None => format!(
                        "cannot assign role {}: your roles have no level, so you may assign only roles without one",
                        r.name
                    ),
                }));
            }
        }
        // When both are sent, roleIds win (Frontegg's rule).
        permission_ids.clear();
    } else if !permission_ids.is_empty() {
        let all = store::all_permissions(c)?;
        for id in &permission_ids {
            let p = all
                .iter()
                .find(|p| &p.id == id)
                .ok_or_else(|| Error::invalid(format!("unknown permission id: {id}")))?;
            user.require(&p.key).map_err(|_| {
                Error::forbidden(format!(
                    "cannot grant permission {}: you do not hold it",
                    p.key
                ))
            })?;
        }
    }
    Ok((role_ids, permission_ids))
}
