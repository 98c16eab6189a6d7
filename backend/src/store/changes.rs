//! Changing tokens: create, edit, delete, roll a secret, close grace windows, record a use;
//! and the counts the limits on creating read. Each change records its event in the same
//! transaction (`events.rs`).

use super::events::record_event;
use super::tokens::{cidrs_column, get_token, list_kind};
use crate::db::{Conn, Error, Result};
use crate::domain::{Actor, EventKind, ListId, NewToken, Timestamp, Token, TokenUpdate};
use crate::params;
use api_tokens_rules::{Owner, Source};

/// Inserts a token with its roles and permissions, and its `created` event by `actor`. Call
/// inside a transaction (with whatever the caller checked before, see `service::tokens`).
pub fn insert_token(c: &Conn, t: NewToken, actor: &Actor) -> Result<Token> {
    c.execute(
        "INSERT INTO tokens (id, tenant_id, owner_user_id, kind, description, secret_hash, \
         created_by_user_id, created_at, expires_at, metadata, allowed_cidrs) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            t.id,
            t.list.tenant_id(),
            t.list.user_id(),
            list_kind(&t.list),
            t.description,
            t.secret_hash,
            t.created_by_user_id,
            t.created_at,
            t.expires_at,
            t.metadata.to_string(),
            cidrs_column(&t.allowed_cidrs)
        ],
    )?;
    for r in &t.role_ids {
        c.execute(
            "INSERT INTO token_roles (token_id, role_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![t.id, r],
        )?;
    }
    for p in &t.permission_ids {
        c.execute(
            "INSERT INTO token_permissions (token_id, permission_id) VALUES (?1, ?2) \
                 ON CONFLICT DO NOTHING",
            params![t.id, p],
        )?;
    }
    record_event(
        c,
        &t.list,
        &t.id,
        EventKind::Created,
        t.created_at,
        Some(actor),
    )?;
    Ok(t.into_token())
}

/// A token's last use is written at most this often: a token used many times a second costs
/// one write a minute, not one per request.
pub const LAST_USED_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// Records that token `id` authenticated at `now` from `ip`, unless a use less than
/// [`LAST_USED_EVERY`] ago is recorded already (then that one stays, time and address). True
/// when it wrote. The write is an UPDATE of `tokens`, so it bumps the tenant's token version
/// like every other change (migration 0002) and no kept list goes on showing the old value.
pub fn record_use(c: &Conn, id: &str, ip: &str, now: Timestamp) -> Result<bool> {
    let n = c.execute(
        "UPDATE tokens SET last_used_at = ?2, last_used_ip = ?3 \
             WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at > ?2 OR last_used_at < ?4)",
        params![id, now, ip, now.plus(-LAST_USED_EVERY)],
    )?;
    Ok(n > 0)
}

/// Deletes one token of a list and records its `deleted` event by `actor`; false when there
/// was none (or it is foreign). Its events are kept. Call inside a transaction: its rows in
/// `token_roles` and `token_permissions` go with it by cascade, so no half of it remains.
pub fn delete_token(
    c: &Conn,
    list: &ListId,
    id: &str,
    at: Timestamp,
    actor: &Actor,
) -> Result<bool> {
    delete_token_as(c, list, id, at, actor, EventKind::Deleted)
}

/// [`delete_token`], recording `kind` as why (`ownerRemoved`: its owner left the tenant).
pub fn delete_token_as(
    c: &Conn,
    list: &ListId,
    id: &str,
    at: Timestamp,
    actor: &Actor,
    kind: EventKind,
) -> Result<bool> {
    let n = c.execute(
        "DELETE FROM tokens WHERE id = ?1 AND tenant_id = ?2 AND owner_user_id IS NOT DISTINCT FROM ?3 AND kind = ?4",
        params![id, list.tenant_id(), list.user_id(), list_kind(list)],
    )?;
    if n == 0 {
        return Ok(false);
    }
    record_event(c, list, id, kind, at, Some(actor))?;
    Ok(true)
}

/// Applies `u` to a token of a list and records its `updated` event by `actor` (and an
/// `allowlistChanged` one when its IP allowlist changed); `None` when missing. Call inside a transaction.
pub fn update_token(
    c: &Conn,
    list: &ListId,
    id: &str,
    u: TokenUpdate,
    at: Timestamp,
    actor: &Actor,
) -> Result<Option<Token>> {
    let Some(before) = get_token(c, list, id)? else {
        return Ok(None);
    };
    if let Some(d) = &u.description {
        c.execute(
            "UPDATE tokens SET description = ?2 WHERE id = ?1",
            params![id, d],
        )?;
    }
    if let Some(m) = &u.metadata {
        c.execute(
            "UPDATE tokens SET metadata = ?2 WHERE id = ?1",
            params![id, m.to_string()],
        )?;
    }
    if let Some(roles) = &u.role_ids {
        c.execute("DELETE FROM token_roles WHERE token_id = ?1", params![id])?;
        for r in roles {
            c.execute(
                "INSERT INTO token_roles (token_id, role_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![id, r],
            )?;
        }
    }
    if let Some(perms) = &u.permission_ids {
        c.execute(
            "DELETE FROM token_permissions WHERE token_id = ?1",
            params![id],
        )?;
        for p in perms {
            c.execute(
                "INSERT INTO token_permissions (token_id, permission_id) VALUES (?1, ?2) \
                 ON CONFLICT DO NOTHING",
                params![id, p],
            )?;
        }
    }
    let mut kinds = Vec::with_capacity(2);
    // An edit of anything but the allowlist (or of nothing) is `updated`, as before.
    if u.description.is_some()
        || u.metadata.is_some()
        || u.role_ids.is_some()
        || u.permission_ids.is_some()
        || u.allowed_cidrs.is_none()
    {
        kinds.push(EventKind::Updated);
    }
    if let Some(cidrs) = &u.allowed_cidrs {
        if &before.allowed_cidrs != cidrs {
            c.execute(
                "UPDATE tokens SET allowed_cidrs = ?2 WHERE id = ?1",
                params![id, cidrs_column(cidrs)],
            )?;
            kinds.push(EventKind::AllowlistChanged);
        }
    }
    for kind in kinds {
        record_event(c, list, id, kind, at, Some(actor))?;
    }
    let updated = get_token(c, list, id)?;
    Ok(updated)
}

/// How many tokens `tenant_id` has (account and personal, of both types), and how many of
/// them `user_id` created. Call inside the transaction that creates, after
/// [`lock_tenant_tokens`].
pub fn token_counts(c: &Conn, tenant_id: &str, user_id: &str) -> Result<(i64, i64)> {
    c.query_row(
        "SELECT count(*) AS tenant, \
             count(CASE WHEN created_by_user_id = ?2 THEN 1 END) AS by_user \
         FROM tokens WHERE tenant_id = ?1",
        params![tenant_id, user_id],
        |r| Ok((r.get("tenant")?, r.get("by_user")?)),
    )
}

/// Makes the other writers of `tenant_id`'s tokens wait until the caller's transaction ends,
/// so that what it counts stays true until it writes: it bumps the tenant's version now, which
/// takes that row's lock on PostgreSQL (on SQLite the write transaction holds the database).
pub fn lock_tenant_tokens(c: &Conn, tenant_id: &str) -> Result<()> {
    c.execute(
        "INSERT INTO token_versions (tenant_id, version) VALUES (?1, 1) \
         ON CONFLICT (tenant_id) DO UPDATE SET version = token_versions.version + 1",
        params![tenant_id],
    )?;
    Ok(())
}

/// Closes every grace window of `tenant_id`'s tokens that has run out by `now`: forgets the
/// previous secret and records a `previousSecretExpired` event at the moment it ran out, by
/// nobody. Called (inside the caller's transaction, as its two statements must go together)
/// before the tenant's tokens are listed, rolled, or their history read, so a window that ran
/// out is never listed as open and its end is in the history. The secret itself stopped
/// working at that moment regardless: every check compares the time.
pub fn end_lapsed_windows(c: &Conn, tenant_id: &str, now: Timestamp) -> Result<usize> {
    if !any_lapsed_window(c, tenant_id, now)? {
        return Ok(0);
    }
    c.execute(
        &format!(
            "INSERT INTO token_events (token_id, tenant_id, owner_user_id, kind, type, at) \
         SELECT id, tenant_id, owner_user_id, kind, CAST(?3 AS TEXT), \
             previous_secret_expires_at FROM tokens WHERE {LAPSED}"
        ),
        params![tenant_id, now, EventKind::PreviousSecretExpired.as_str()],
    )?;
    c.execute(
        &format!(
            "UPDATE tokens SET previous_secret_hash = NULL, previous_secret_expires_at = NULL \
         WHERE {LAPSED}"
        ),
        params![tenant_id, now],
    )
}

/// The grace windows of a tenant's tokens that have run out by `now` and not been closed.
const LAPSED: &str = "tenant_id = ?1 AND previous_secret_expires_at <= ?2";

/// Whether any of `tenant_id`'s tokens has a grace window that ran out by `now` and is still
/// to be closed ([`end_lapsed_windows`]).
pub fn any_lapsed_window(c: &Conn, tenant_id: &str, now: Timestamp) -> Result<bool> {
    c.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM tokens WHERE {LAPSED})"),
        params![tenant_id, now],
        |r| r.get(0),
    )
}

/// Gives `token` the secret hashed as `new_hash`. With `previous_until` the secret it had so
/// far keeps working until then; with `None` it stops at once. A grace window still open ends
/// now (one previous secret at most), recorded as `previousSecretExpired`; then `rotated`,
/// both by `actor`. Call inside a transaction, after [`end_lapsed_windows`]. Answers the
/// token as it is now.
pub fn rotate_secret(
    c: &Conn,
    token: &Token,
    new_hash: &[u8],
    previous_until: Option<Timestamp>,
    now: Timestamp,
    actor: &Actor,
) -> Result<Token> {
    let list = ListId::of(token);
    if token.previous_secret_open(now) {
        record_event(
            c,
            &list,
            &token.id,
            EventKind::PreviousSecretExpired,
            now,
            Some(actor),
        )?;
    }
    // Every expression of a SET reads the row as it was: the current secret becomes the
    // previous one.
    c.execute(
        "UPDATE tokens SET secret_hash = ?2, \
             previous_secret_hash = CASE WHEN CAST(?3 AS TEXT) IS NULL THEN NULL ELSE secret_hash END, \
             previous_secret_expires_at = ?3 \
         WHERE id = ?1",
        params![token.id, new_hash, previous_until])?;
    record_event(c, &list, &token.id, EventKind::Rotated, now, Some(actor))?;
    get_token(c, &list, &token.id)?.ok_or(Error::NoRow)
}

/// Gives `token` the expiry `until`, by `actor`, and records `renewed`. Call inside a
/// transaction.
pub fn renew_token(
    c: &Conn,
    token: &Token,
    until: Timestamp,
    now: Timestamp,
    actor: &Actor,
) -> Result<Token> {
    let list = ListId::of(token);
    c.execute(
        "UPDATE tokens SET expires_at = ?2 WHERE id = ?1",
        params![token.id, until],
    )?;
    record_event(c, &list, &token.id, EventKind::Renewed, now, Some(actor))?;
    get_token(c, &list, &token.id)?.ok_or(Error::NoRow)
}

/// Disables every token the idle policy of its tenant catches at `now`: unused for the
/// tenant's `disable_after_unused_days` (its last use, or its creation when never used, and its
/// last enabling all that long ago), and not disabled already. Records `disabled` (nobody
/// acted) for each; answers each token disabled (as it is now) with the policy's days.
/// One statement per tenant whose condition names
/// `disabled_at IS NULL`, so two instances running it at once disable (and record) each token
/// once: the second finds it disabled. Call inside a transaction.
pub fn disable_idle_tokens(c: &Conn, now: Timestamp) -> Result<Vec<(Token, i64)>> {
    let policies = c.query(
        "SELECT id, disable_after_unused_days AS days FROM tenants \
         WHERE disable_after_unused_days IS NOT NULL",
        params![],
    )?;
    let policies = policies.map(|r| Ok((r.get::<String>("id")?, r.get::<i64>("days")?)))?;
    let mut disabled = Vec::new();
    for (tenant_id, days) in policies {
        let cutoff = now.plus_minutes(-days * 1440);
        let caught = c.query(
            "UPDATE tokens SET disabled_at = ?1, disabled_after_days = ?2 \
             WHERE tenant_id = ?3 AND disabled_at IS NULL \
             AND COALESCE(last_used_at, created_at) <= ?4 \
             AND (enabled_at IS NULL OR enabled_at <= ?4) \
             RETURNING id, owner_user_id, kind",
            params![now, days, tenant_id, cutoff],
        )?;
        let caught = caught.map(|r| {
            let owner: Option<String> = r.get("owner_user_id")?;
            let kind = super::tokens::kind_from_column(&r.get::<String>("kind")?);
            let owner_kind = if owner.is_some() {
                Owner::Personal
            } else {
                Owner::Account
            };
            let list = ListId::seen_by(
                Source::new(owner_kind, kind),
                &tenant_id,
                owner.as_deref().unwrap_or_default(),
            );
            Ok((list, r.get::<String>("id")?))
        })?;
        for (list, id) in &caught {
            record_event(c, list, id, EventKind::Disabled, now, None)?;
            if let Some(token) = get_token(c, list, id)? {
                disabled.push((token, days));
            }
        }
    }
    Ok(disabled)
}

/// Enables `token` again, by `actor`: it authenticates again, and its idle time counts from
/// `now`. Records `enabled`. Call inside a transaction.
pub fn enable_token(c: &Conn, token: &Token, now: Timestamp, actor: &Actor) -> Result<Token> {
    let list = ListId::of(token);
    c.execute(
        "UPDATE tokens SET disabled_at = NULL, disabled_after_days = NULL, enabled_at = ?2 \
         WHERE id = ?1",
        params![token.id, now],
    )?;
    record_event(c, &list, &token.id, EventKind::Enabled, now, Some(actor))?;
    get_token(c, &list, &token.id)?.ok_or(Error::NoRow)
}

/// Ends `token`'s grace window now, by `actor`: the previous secret stops working and
/// `previousSecretExpired` is recorded. False when no window is open. Call inside a
/// transaction, after [`end_lapsed_windows`].
pub fn end_previous_secret(c: &Conn, token: &Token, now: Timestamp, actor: &Actor) -> Result<bool> {
    if !token.previous_secret_open(now) {
        return Ok(false);
    }
    c.execute(
        "UPDATE tokens SET previous_secret_hash = NULL, previous_secret_expires_at = NULL \
         WHERE id = ?1",
        params![token.id],
    )?;
    record_event(
        c,
        &ListId::of(token),
        &token.id,
        EventKind::PreviousSecretExpired,
        now,
        Some(actor),
    )?;
    Ok(true)
}
