//! The four token sources: list, create, delete; edit of tenant client credentials; and our
//! extensions on all four: roll a token's secret with a grace window for the old one, end that
//! window now, and a token's history (renewing and enabling again: [`super::lifecycle`]).
//!
//! One set of operations serves all four, parameterised by a [`Source`], so every rule
//! (permissions, validation, isolation, role levels) is applied once. Every change records an
//! event with who made it (the signed-in user) and from where (the client address).

use std::net::IpAddr;

use api_tokens_rules::{Action, Cidr, Owner, Source, TokenType};
use serde_json::Value;
use tracing::info;

use super::access::{check_assignments, list_for, token_not_found, token_to_change};
use super::members::member_list;
use super::webhooks::announce;
use super::Service;
use crate::crypto::secrets;
use crate::db::Conn;
use crate::domain::rules;
use crate::domain::{
    Error, ListId, NewToken, Result, TenantSettings, Timestamp, Token, TokenEvent, TokenUpdate,
    User, WebhookEvent,
};
use crate::store;
use crate::store::outbox::Detail;

/// What creating a token asks for, as sent (the rules read it).
#[derive(Debug, Default)]
pub struct Create {
    pub description: Option<String>,
    /// Checked by `rules::validate_expires` (must be a whole number).
    pub expires_in_minutes: Option<Value>,
    pub role_ids: Option<Vec<String>>,
    pub permission_ids: Option<Vec<String>>,
    pub metadata: Option<Value>,
    /// Its IP allowlist (our extension), checked by `rules::validate_allowlist`.
    pub allowed_cidrs: Option<Vec<String>>,
}

/// What an edit asks for; `None` leaves a field as it is. Roles, permissions and metadata
/// are edited on account client credentials only (Frontegg's `PATCH`); the description and
/// the IP allowlist on every source (our extension).
#[derive(Debug, Default)]
pub struct Edit {
    pub description: Option<String>,
    pub role_ids: Option<Vec<String>>,
    pub permission_ids: Option<Vec<String>>,
    pub metadata: Option<Value>,
    /// The new IP allowlist; `[]` removes it.
    pub allowed_cidrs: Option<Vec<String>>,
}

/// A token with the secret it was just given, shown this once.
pub struct WithSecret {
    pub token: Token,
    pub secret: String,
}

impl Service {
    /// `user`'s list of source `src` and the version of its tenant's tokens now. A grace
    /// window that ran out is closed first (a change, bumping the version), so none is listed
    /// as open.
    pub async fn list_version(&self, user: &User, src: Source) -> Result<(ListId, i64)> {
        let list = list_for(user, src, Action::Read)?;
        let (key, now) = (list.clone(), Timestamp::now());
        // Most reads find no window to close: one read answers them.
        let version = self
            .read(move |c| {
                if store::any_lapsed_window(c, key.tenant_id(), now)? {
                    return Ok(None);
                }
                Ok(Some(store::tokens_version(c, key.tenant_id())?))
            })
            .await?;
        if let Some(version) = version {
            return Ok((list, version));
        }
        let key = list.clone();
        let version = self
            .write(move |c| {
                close_lapsed_windows(c, key.tenant_id(), now)?;
                Ok(store::tokens_version(c, key.tenant_id())?)
            })
            .await?;
        Ok((list, version))
    }

    /// The tokens of `list`, newest first, with the version they were read at: both from one
    /// snapshot of the database, so the rows are the ones at that version, whichever instance
    /// or process wrote last.
    pub async fn list_tokens(&self, list: ListId) -> Result<(i64, Vec<Token>)> {
        self.read(move |c| {
            let snapshot = c.snapshot()?;
            let version = store::tokens_version(&snapshot, list.tenant_id())?;
            let tokens = store::list_tokens(&snapshot, &list)?;
            snapshot.commit()?;
            Ok((version, tokens))
        })
        .await
    }

    /// A new token of source `src` by `user` from `ip`, with its secret.
    pub async fn create(
        &self,
        user: User,
        ip: IpAddr,
        src: Source,
        input: Create,
    ) -> Result<WithSecret> {
        let list = list_for(&user, src, Action::Write)?;
        let description =
            rules::validate_description(input.description.as_deref()).map_err(Error::Invalid)?;
        let expires =
            rules::validate_expires(input.expires_in_minutes.as_ref()).map_err(Error::Invalid)?;
        let metadata = validate_metadata(input.metadata)?.unwrap_or_else(|| serde_json::json!({}));
        let allowed_cidrs = rules::validate_allowlist(input.allowed_cidrs.as_deref())
            .map_err(Error::Invalid)?
            .unwrap_or_default();

        let secret = secrets::generate();
        let secret_hash = secrets::hash(&self.keys.secret, &secret);
        let now = Timestamp::now();
        let role_ids = input.role_ids;
        let caps = (
            self.config.max_tokens_per_tenant,
            self.config.max_tokens_per_user,
        );
        let permission_ids = if src.kind() == TokenType::ClientCredentials {
            input.permission_ids
        } else {
            None
        };
        let token = self
            .write(move |c| {
                // What the rules read (the tenant's settings, its roles) and the write, in one
                // transaction.
                let tx = c.transaction()?;
                let c = &*tx;
                let settings = store::tenant_settings(c, &user.tenant_id)?
                    .ok_or_else(|| Error::unauthorized("tenant no longer exists"))?;
                // The tenant's expiry policy holds for its account tokens and its users' own.
                rules::check_policy(expires, settings.max_expires_in_minutes)
                    .map_err(Error::Invalid)?;
                require_allowlist(&settings, src, &allowed_cidrs)?;
                super::limits::check_token_counts(
                    c,
                    &user.tenant_id,
                    &user.user_id,
                    caps.0,
                    caps.1,
                )?;
                let (role_ids, permission_ids) = if src.owner() == Owner::Account {
                    let (r, p) = check_assignments(c, &user, role_ids, permission_ids)?;
                    if settings.force_permissions && r.is_empty() && p.is_empty() {
                        return Err(Error::invalid(
                            "roleIds: at least one role is required for account tokens",
                        ));
                    }
                    (r, p)
                } else {
                    // Personal tokens act with the user's own roles; they carry none themselves.
                    (vec![], vec![])
                };
                let actor = user.actor(ip);
                let token = store::insert_token(
                    c,
                    NewToken {
                        id: uuid::Uuid::new_v4().to_string(),
                        list,
                        description: Some(description),
                        secret_hash,
                        created_by_user_id: Some(user.user_id.clone()),
                        created_at: now,
                        expires_at: expires.map(|m| now.plus_minutes(m)),
                        metadata,
                        role_ids,
                        permission_ids,
                        allowed_cidrs,
                    },
                    &actor,
                )?;
                tx.commit()?;
                Ok(token)
            })
            .await?;
        info!(token_id = %token.id, tenant_id = %token.tenant_id,
            kind = store::kind_column(src.kind()), personal = src.owner() == Owner::Personal,
            "token created");
        Ok(WithSecret { token, secret })
    }

    /// Deletes token `id` of `user`'s list of `src`. Nobody deletes a token above them (our
    /// extension: Frontegg decides by the permission alone; `levelRuleOnDelete` says so).
    pub async fn delete(&self, user: User, ip: IpAddr, src: Source, id: String) -> Result<()> {
        let (token_id, tenant_id) = (id.clone(), user.tenant_id.clone());
        // A window that ran out before the token went is in its history as such; a member's
        // personal token is found for a user who manages them (`super::members`).
        self.delete_one(user, ip, src, id, false).await?;
        self.wake_deliveries();
        info!(token_id = %token_id, tenant_id = %tenant_id, "token deleted");
        Ok(())
    }

    /// Edits token `id` of source `src`. Nobody changes a token above them, whatever the
    /// field: not its description, metadata or allowlist either. Roles, permissions and
    /// metadata are taken for account client credentials only (ignored elsewhere, as a create
    /// ignores the fields a source does not take).
    pub async fn edit(
        &self,
        user: User,
        ip: IpAddr,
        src: Source,
        id: String,
        input: Edit,
    ) -> Result<Token> {
        let list = list_for(&user, src, Action::Write)?;
        let description = match input.description.as_deref() {
            Some(d) => Some(rules::validate_description(Some(d)).map_err(Error::Invalid)?),
            None => None,
        };
        let allowed_cidrs =
            rules::validate_allowlist(input.allowed_cidrs.as_deref()).map_err(Error::Invalid)?;
        let input = if src == Source::AccountClients {
            input
        } else {
            Edit::default()
        };
        let metadata = validate_metadata(input.metadata)?;
        let token = self
            .write(move |c| {
                // The token as it is, the roles and permissions the level rule reads and the
                // write, in one transaction.
                let tx = c.transaction()?;
                let c = &*tx;
                let now = Timestamp::now();
                token_to_change(c, &list, &id, &user, now, "edit")?;
                if let Some(cidrs) = &allowed_cidrs {
                    let settings = store::tenant_settings(c, &user.tenant_id)?
                        .ok_or_else(|| Error::unauthorized("tenant no longer exists"))?;
                    require_allowlist(&settings, src, cidrs)?;
                }
                let (role_ids, permission_ids) =
                    if input.role_ids.is_some() || input.permission_ids.is_some() {
                        let (r, p) = check_assignments(
                            c,
                            &user,
                            input.role_ids.clone(),
                            input.permission_ids.clone(),
                        )?;
                        (input.role_ids.map(|_| r), input.permission_ids.map(|_| p))
                    } else {
                        (None, None)
                    };
                let update = TokenUpdate {
                    description,
                    role_ids,
                    permission_ids,
                    metadata,
                    allowed_cidrs,
                };
                let updated = store::update_token(c, &list, &id, update, now, &user.actor(ip))?
                    .ok_or_else(token_not_found)?;
                tx.commit()?;
                Ok(updated)
            })
            .await?;
        info!(token_id = %token.id, tenant_id = %token.tenant_id, "token updated");
        Ok(token)
    }

    /// A new secret for token `id`, returned this once; the old one keeps working for
    /// `graceMinutes` (0: not at all). The token keeps its id. Needs the source's write
    /// permission, and the caller must hold everything the token does: a new secret of a token
    /// with a role above theirs would hand them that role.
    pub async fn roll(
        &self,
        user: User,
        ip: IpAddr,
        src: Source,
        id: String,
        grace_minutes: Option<Value>,
    ) -> Result<WithSecret> {
        let list = list_for(&user, src, Action::Write)?;
        let grace = rules::validate_grace(grace_minutes.as_ref()).map_err(Error::Invalid)?;
        let secret = secrets::generate();
        let new_hash = secrets::hash(&self.keys.secret, &secret);
        let hooks = self.webhooks_on();
        let token = self
            .write(move |c| {
                let tx = c.transaction()?;
                let now = Timestamp::now();
                let token = token_to_change(&tx, &list, &id, &user, now, "roll the secret of")?;
                if token.is_expired(now) {
                    return Err(Error::invalid(
                        "this token has expired: a new secret would not make it work again (create a new token instead)",
                    ));
                }
                let until = (grace > 0).then(|| now.plus_minutes(grace));
                let actor = user.actor(ip);
                let rolled = store::rotate_secret(&tx, &token, &new_hash, until, now, &actor)?;
                let detail = Detail { actor: Some(&actor), ..Detail::default() };
                announce(&tx, hooks, WebhookEvent::Rotated, &rolled, detail, now)?;
                tx.commit()?;
                Ok(rolled)
            })
            .await?;
        self.wake_deliveries();
        info!(token_id = %token.id, tenant_id = %token.tenant_id, grace_minutes = grace,
            "token secret rolled");
        Ok(WithSecret { token, secret })
    }

    /// The secret before the last roll of token `id` stops working now. 404 when no grace
    /// window is open. Whoever may roll the token may end its window (rolling with no grace
    /// does as much).
    pub async fn end_previous_secret(
        &self,
        user: User,
        ip: IpAddr,
        src: Source,
        id: String,
    ) -> Result<Token> {
        let list = list_for(&user, src, Action::Write)?;
        let token = self
            .write(move |c| {
                let tx = c.transaction()?;
                let now = Timestamp::now();
                let token =
                    token_to_change(&tx, &list, &id, &user, now, "end the grace window of")?;
                if !store::end_previous_secret(&tx, &token, now, &user.actor(ip))? {
                    return Err(Error::not_found(
                        "this token has no previous secret in a grace window",
                    ));
                }
                let ended = store::get_token(&tx, &list, &id)?.ok_or_else(token_not_found)?;
                tx.commit()?;
                Ok(ended)
            })
            .await?;
        info!(token_id = %token.id, tenant_id = %token.tenant_id, "previous secret ended");
        Ok(token)
    }

    /// Token `id`'s history, newest first. A deleted token's history stays readable through
    /// the source it was in, by whoever may read that source (for a personal token: its
    /// owner); an id that was never in the caller's list is 404.
    pub async fn events(&self, user: &User, src: Source, id: String) -> Result<Vec<TokenEvent>> {
        let list = list_for(user, src, Action::Read)?;
        let (tenant_id, now) = (list.tenant_id().to_string(), Timestamp::now());
        let lapsed = self
            .read(move |c| Ok(store::any_lapsed_window(c, &tenant_id, now)?))
            .await?;
        if lapsed {
            let tenant_id = list.tenant_id().to_string();
            self.write(move |c| close_lapsed_windows(c, &tenant_id, now))
                .await?;
        }
        let user = user.clone();
        self.read(move |c| {
            let mut events = store::token_events(c, &list, &id)?;
            if events.is_empty() && store::get_token(c, &list, &id)?.is_none() {
                // Another member's, for an admin who manages their tokens.
                let theirs = member_list(c, &user, &list, &id)?.ok_or_else(token_not_found)?;
                events = store::token_events(c, &theirs, &id)?;
            }
            // The reminders delivered about it, where they fall in time.
            events.extend(store::outbox::reminders_sent(c, list.tenant_id(), &id)?);
            events.sort_by_key(|e| std::cmp::Reverse(e.at));
            Ok(events)
        })
        .await
    }
}

/// Closes the grace windows of `tenant_id` that have run out by `now`
/// ([`store::end_lapsed_windows`]), in a transaction of its own. Most reads find none: that
/// is asked first, in one statement (a transaction would be three round trips to PostgreSQL).
fn close_lapsed_windows(c: &Conn, tenant_id: &str, now: Timestamp) -> Result<()> {
    if !store::any_lapsed_window(c, tenant_id, now)? {
        return Ok(());
    }
    let tx = c.transaction()?;
    store::end_lapsed_windows(&tx, tenant_id, now)?;
    tx.commit()?;
    Ok(())
}

/// 400 when the tenant requires an IP allowlist on its account tokens and `cidrs`, to be the
/// allowlist of a token of `src`, is empty.
fn require_allowlist(settings: &TenantSettings, src: Source, cidrs: &[Cidr]) -> Result<()> {
    if settings.require_ip_allowlist && src.owner() == Owner::Account && cidrs.is_empty() {
        return Err(Error::invalid(
            "allowedCidrs: your organization requires an IP allowlist on account tokens: name at least one network they may be used from",
        ));
    }
    Ok(())
}

fn validate_metadata(m: Option<Value>) -> Result<Option<Value>> {
    match m {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v)),
        Some(_) => Err(Error::invalid("metadata must be a JSON object")),
    }
}
