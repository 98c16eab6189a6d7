//! A token's history: what happened to it, when, by whom and from where; and the refused
//! attempts at its secret, counted by the hour.

use api_tokens_rules::TokenType;

use super::tokens::{kind_column, list_kind};
use crate::db::{Conn, Error, Result};
use crate::domain::{Actor, EventKind, ListId, Timestamp, TokenEvent};
use crate::params;

/// Records that `what` happened at `at` to token `id` of `list`, by `actor` (`None`: nobody
/// acted).
pub fn record_event(
    c: &Conn,
    list: &ListId,
    id: &str,
    what: EventKind,
    at: Timestamp,
    actor: Option<&Actor>,
) -> Result<()> {
    c.execute(
        "INSERT INTO token_events \
         (token_id, tenant_id, owner_user_id, kind, type, at, actor_user_id, actor_name, ip) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            list.tenant_id(),
            list.user_id(),
            list_kind(list),
            what.as_str(),
            at,
            actor.map(|a| &a.user_id),
            actor.map(|a| &a.name),
            actor.map(|a| &a.ip),
        ],
    )?;
    Ok(())
}

/// The history of token `id` of `list`, newest first: a deleted token's too, reached through
/// the list it was in (the same tenant, owner and kind). Empty for an id never in that list.
pub fn token_events(c: &Conn, list: &ListId, id: &str) -> Result<Vec<TokenEvent>> {
    let rows = c.query(
        "SELECT type, at, actor_user_id, actor_name, ip, attempts, last_at FROM token_events \
         WHERE token_id = ?1 AND tenant_id = ?2 AND owner_user_id IS NOT DISTINCT FROM ?3 \
             AND kind = ?4 \
         ORDER BY at DESC, seq DESC",
        params![id, list.tenant_id(), list.user_id(), list_kind(list)],
    )?;
    rows.map(|r| {
        let kind: String = r.get("type")?;
        Ok(TokenEvent {
            kind: EventKind::parse(&kind)
                .ok_or_else(|| Error::Type(format!("type: an event of no known kind, {kind:?}")))?,
            at: r.get("at")?,
            actor_user_id: r.get("actor_user_id")?,
            actor_name: r.get("actor_name")?,
            ip: r.get("ip")?,
            attempts: r.get("attempts")?,
            last_at: r.get("last_at")?,
            reminder: None,
        })
    })
}

/// Records a refused exchange of client id `client_id` (a wrong secret, or one refused by a
/// limit) from `ip` at `now`, when such a token exists: counted in one `refusedAttempts` event
/// per token and hour (the first at `at`, the last at `last_at` and from `ip`), not one event
/// per attempt, so a flood of guesses cannot flood the history.
pub fn record_refused_attempt(c: &Conn, client_id: &str, ip: &str, now: Timestamp) -> Result<()> {
    let at = now;
    let hour = now.datetime().format("%Y-%m-%dT%H").to_string();
    c.execute(
        "INSERT INTO token_events (token_id, tenant_id, owner_user_id, kind, type, at, ip, \
             attempts, last_at, bucket) \
         SELECT id, tenant_id, owner_user_id, kind, CAST(?6 AS TEXT), ?2, ?3, 1, ?2, ?4 \
             FROM tokens WHERE id = ?1 AND kind = ?5 \
         ON CONFLICT (token_id, bucket) WHERE bucket IS NOT NULL DO UPDATE SET \
             attempts = token_events.attempts + 1, last_at = excluded.last_at, ip = excluded.ip",
        params![
            client_id,
            at,
            ip,
            hour,
            kind_column(TokenType::ClientCredentials),
            EventKind::RefusedAttempts.as_str(),
        ],
    )?;
    Ok(())
}

/// Records that token `id`, presented with a working secret from `ip` at `now`, was refused
/// because `ip` is not on its allowlist: counted in one `refusedAddress` event per token,
/// address and hour, so a client retrying in a loop adds to a count rather than to the
/// history.
pub fn record_refused_address(c: &Conn, id: &str, ip: &str, now: Timestamp) -> Result<()> {
    let bucket = format!("ip {ip} {}", now.datetime().format("%Y-%m-%dT%H"));
    c.execute(
        "INSERT INTO token_events (token_id, tenant_id, owner_user_id, kind, type, at, ip, \
             attempts, last_at, bucket) \
         SELECT id, tenant_id, owner_user_id, kind, CAST(?4 AS TEXT), ?2, ?3, 1, ?2, ?5 \
             FROM tokens WHERE id = ?1 \
         ON CONFLICT (token_id, bucket) WHERE bucket IS NOT NULL DO UPDATE SET \
             attempts = token_events.attempts + 1, last_at = excluded.last_at",
        params![id, now, ip, EventKind::RefusedAddress.as_str(), bucket],
    )?;
    Ok(())
}

/// Deletes the events from before `before` (the retention, `--event-retention-days`).
pub fn prune_events(c: &Conn, before: Timestamp) -> Result<usize> {
    c.execute("DELETE FROM token_events WHERE at < ?1", params![before])
}
