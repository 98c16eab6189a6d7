//! An admin's view of the tenant's members' tokens (issue 35, our extension): every member's
//! personal tokens for users holding [`MANAGE_MEMBER_TOKENS`], revoking them under the level
//! rule (not a member above you), deleting many tokens at once with a dry run first, and
//! removing a member (`DELETE users/v1/{userId}`, Frontegg's route), which revokes their
//! personal tokens in the same transaction.

use std::net::IpAddr;

use api_tokens_rules::{Action, Owner, Source, DELETE_USERS, MANAGE_MEMBER_TOKENS};
use tracing::info;

use super::access::{list_for, token_not_found, token_to_change};
use super::webhooks::announce;
use super::Service;
use crate::db::Conn;
use crate::domain::{Error, EventKind, ListId, Result, Timestamp, Token, User, WebhookEvent};
use crate::store;
use crate::store::members::Member;
use crate::store::outbox::Detail;

/// What happened (or, in a dry run, would happen) to one id of a bulk delete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Deleted,
    NotFound,
    /// Refused, and why (the level rule's message).
    NotAllowed(String),
}

impl Service {
    /// Every member's personal tokens of source `src` (a personal one) with their owners, for
    /// a user holding [`MANAGE_MEMBER_TOKENS`] (403 otherwise). Never a secret; read by nobody's
    /// history.
    pub async fn member_tokens(&self, user: &User, src: Source) -> Result<Vec<(Token, Member)>> {
        if src.owner() != Owner::Personal {
            return Err(Error::invalid(
                "members=all lists personal tokens: ask a users/… source",
            ));
        }
        user.require(MANAGE_MEMBER_TOKENS)?;
        let tenant_id = user.tenant_id.clone();
        self.read(move |c| Ok(store::members::member_tokens(c, &tenant_id, src.kind())?))
            .await
    }

    /// Deletes token `id` of `src` for `user` (the one delete both a single delete and a bulk
    /// one make), or in a `dry_run` says what would happen and changes nothing; in a
    /// transaction of its own.
    pub(super) async fn delete_one(
        &self,
        user: User,
        ip: IpAddr,
        src: Source,
        id: String,
        dry_run: bool,
    ) -> Result<Token> {
        let list = list_for(&user, src, Action::Delete)?;
        let hooks = self.webhooks_on();
        self.write(move |c| {
            let tx = c.transaction()?;
            let now = Timestamp::now();
            let (token, list) = deletable(&tx, &user, &list, &id, now)?;
            if dry_run {
                return Ok(token); // dropped: rolled back
            }
            let actor = user.actor(ip);
            if !store::delete_token(&tx, &list, &id, now, &actor)? {
                return Err(token_not_found());
            }
            let detail = Detail {
                actor: Some(&actor),
                ..Detail::default()
            };
            announce(&tx, hooks, WebhookEvent::Deleted, &token, detail, now)?;
            tx.commit()?;
            Ok(token)
        })
        .await
    }

    /// Deletes each of `ids` of `src` (at most [`BULK_DELETE_MAX`]), one transaction each, so a
    /// refusal of one never undoes another; with `dry_run`, changes nothing and says what would
    /// happen. Needs the source's delete permission (403 for the whole request otherwise).
    ///
    /// [`BULK_DELETE_MAX`]: api_tokens_rules::wire::BULK_DELETE_MAX
    pub async fn bulk_delete(
        &self,
        user: User,
        ip: IpAddr,
        src: Source,
        ids: Vec<String>,
        dry_run: bool,
    ) -> Result<Vec<(String, Outcome)>> {
        use api_tokens_rules::wire::BULK_DELETE_MAX;
        list_for(&user, src, Action::Delete)?;
        if ids.len() > BULK_DELETE_MAX {
            return Err(Error::invalid(format!(
                "ids: at most {BULK_DELETE_MAX} tokens at once (got {})",
                ids.len()
            )));
        }
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if !seen.insert(id.clone()) {
                continue; // named twice: answered once
            }
            let outcome = match self
                .delete_one(user.clone(), ip, src, id.clone(), dry_run)
                .await
            {
                Ok(_) => Outcome::Deleted,
                Err(Error::NotFound(_)) => Outcome::NotFound,
                Err(Error::Forbidden(why)) => Outcome::NotAllowed(why),
                Err(e) => return Err(e),
            };
            out.push((id, outcome));
        }
        if !dry_run {
            self.wake_deliveries();
        }
        let deleted = out.iter().filter(|(_, o)| *o == Outcome::Deleted).count();
        info!(tenant_id = %user.tenant_id, asked = out.len(), deleted, dry_run, "bulk delete");
        Ok(out)
    }

    /// Removes member `member_id` from `user`'s tenant and revokes their personal tokens in the
    /// same transaction (each recorded `ownerRemoved` by `user`); the account tokens they made
    /// stay. Needs Frontegg's [`DELETE_USERS`]; refused for a member above `user` and for the
    /// last member at the tenant's most privileged level. Answers how many tokens were revoked.
    pub async fn remove_member(&self, user: User, ip: IpAddr, member_id: String) -> Result<usize> {
        user.require(DELETE_USERS)?;
        let hooks = self.webhooks_on();
        let (tenant_id, removed) = (user.tenant_id.clone(), member_id.clone());
        let revoked = self
            .write(move |c| {
                let tx = c.transaction()?;
                let now = Timestamp::now();
                let member = store::load_user(&tx, &member_id, &user.tenant_id)?
                    .ok_or_else(|| Error::not_found("user not found"))?;
                if !api_tokens_rules::may_assign(user.level(), member.level()) {
                    return Err(Error::forbidden(format!(
                        "cannot remove {}: their role {} is above your highest role{}",
                        member.name,
                        member.highest_role().unwrap_or("?"),
                        user.highest_role()
                            .map(|h| format!(", {h}"))
                            .unwrap_or_default()
                    )));
                }
                let levels = store::members::member_levels(&tx, &user.tenant_id)?;
                let top = levels.iter().filter_map(|(_, l)| *l).min();
                let at_top = levels.iter().filter(|(_, l)| l.is_some() && *l == top).count();
                if top.is_some() && member.level() == top && at_top == 1 {
                    return Err(Error::Conflict(format!(
                        "cannot remove {}: they are the last member with role {}; give another member that role first",
                        member.name,
                        member.highest_role().unwrap_or("?")
                    )));
                }
                // Kept lists of the tenant's tokens say who made them: read again after.
                store::lock_tenant_tokens(&tx, &user.tenant_id)?;
                let actor = user.actor(ip);
                let mut revoked = 0;
                for src in [Source::PersonalClients, Source::PersonalAccess] {
                    let list = ListId::seen_by(src, &user.tenant_id, &member_id);
                    for token in store::list_tokens(&tx, &list)? {
                        store::delete_token_as(&tx, &list, &token.id, now, &actor, EventKind::OwnerRemoved)?;
                        let detail = Detail { actor: Some(&actor), ..Detail::default() };
                        announce(&tx, hooks, WebhookEvent::Deleted, &token, detail, now)?;
                        revoked += 1;
                    }
                }
                store::members::remove_user(&tx, &user.tenant_id, &member_id)?;
                tx.commit()?;
                Ok(revoked)
            })
            .await?;
        self.wake_deliveries();
        info!(tenant_id = %tenant_id, user_id = %removed, revoked, "member removed");
        Ok(revoked)
    }
}

/// In `c`: the list of personal token `id` of another member of `user`'s tenant, of the same
/// type as `list`, for a user holding [`MANAGE_MEMBER_TOKENS`] (reading its history and use,
/// as they would their own: nobody's history records the read); `None` otherwise.
pub(super) fn member_list(
    c: &Conn,
    user: &User,
    list: &ListId,
    id: &str,
) -> Result<Option<ListId>> {
    let src = list.source();
    if src.owner() != Owner::Personal || user.require(MANAGE_MEMBER_TOKENS).is_err() {
        return Ok(None);
    }
    let token = store::members::member_token(c, list.tenant_id(), src.kind(), id)?;
    Ok(token.map(|t| ListId::of(&t)))
}

/// In `tx`: token `id` as `user` may delete it, and the list it is in: one of `list` (their
/// own, or the account's), or with [`MANAGE_MEMBER_TOKENS`] any member's personal token of the
/// same type, under the level rule by its owner's roles. 404 when neither; 403 when above.
fn deletable(
    tx: &Conn,
    user: &User,
    list: &ListId,
    id: &str,
    now: Timestamp,
) -> Result<(Token, ListId)> {
    match token_to_change(tx, list, id, user, now, "delete") {
        Err(Error::NotFound(m)) => {
            let src = list.source();
            if src.owner() != Owner::Personal || user.require(MANAGE_MEMBER_TOKENS).is_err() {
                return Err(Error::NotFound(m));
            }
            let token = store::members::member_token(tx, list.tenant_id(), src.kind(), id)?
                .ok_or_else(token_not_found)?;
            may_act_for_member(tx, user, &token)?;
            let list = ListId::of(&token);
            Ok((token, list))
        }
        // The level rule was asked by `token_to_change`.
        Ok(token) => Ok((token, list.clone())),
        Err(e) => Err(e),
    }
}

/// 403 when the owner of member token `token` is above `user`: a personal token acts with its
/// owner's roles, so revoking it is acting on a member at their level.
fn may_act_for_member(c: &Conn, user: &User, token: &Token) -> Result<()> {
    let owner = token.owner_user_id.as_deref().unwrap_or_default();
    let roles = store::user_roles(c, owner)?;
    let held = roles.iter().map(|r| (r.name.as_str(), r.level));
    api_tokens_rules::may_act_on(user.level(), &user.permissions, held, std::iter::empty())
        .map_err(|above| {
            let role = match above {
                api_tokens_rules::Above::Role(r) => r.to_string(),
                api_tokens_rules::Above::Permission(p) => p.to_string(),
            };
            Error::forbidden(format!(
                "cannot delete this token: its owner has role {role}, which is above your highest role{}",
                user.highest_role().map(|h| format!(", {h}")).unwrap_or_default()
            ))
        })
}
