//! The webhooks' outbox (issue 33): events written beside the change they tell of, in its
//! transaction, or by the scheduler that noticed a milestone (once, even with several
//! instances: `dedupe_key` is UNIQUE); claimed by one instance at a time for delivery, with a
//! lease a killed instance's claim runs out of; and read back for the deliveries route and
//! the reminders in a token's history. A body names the tenant, the token and who to tell,
//! never a secret.

use std::collections::BTreeMap;

use api_tokens_rules::{has_permission, permission_key, Action, Owner, TokenType};
use serde_json::{json, Value};

use crate::db::{Conn, OptionalExtension, Result, Row};
use crate::domain::webhook::{expiry_milestone, IDLE_WARNING_DAYS};
use crate::domain::{
    Actor, Delivery, DeliveryStatus, EventKind, Timestamp, Token, TokenEvent, WebhookEvent,
};
use crate::params;

/// What an event says beyond the token: a milestone's days, a change's actor, an idle
/// warning's dates.
#[derive(Default)]
pub struct Detail<'a> {
    /// `token.expiring`: the milestone (30, 7, 1); `token.idle`, `token.disabled`: the
    /// policy's days.
    pub days: Option<i64>,
    /// Who made the change (nobody for the scheduler's events).
    pub actor: Option<&'a Actor>,
    /// `token.idle`: when the policy disables the token unless it is used.
    pub disables_at: Option<Timestamp>,
    /// Names a milestone, so that it is written once whoever notices it.
    pub dedupe_key: Option<String>,
}

/// Writes event `event` about `token` at `now` to the outbox, to be delivered from
/// `now` on. False when its milestone (`dedupe_key`) was written already. Call inside the
/// transaction of the change it tells of.
pub fn enqueue(
    c: &Conn,
    event: WebhookEvent,
    token: &Token,
    detail: Detail<'_>,
    now: Timestamp,
) -> Result<bool> {
    if let Some(key) = &detail.dedupe_key {
        if written_already(c, key)? {
            return Ok(false);
        }
    }
    let body = body(c, event, token, &detail, now)?;
    let id = format!("msg_{}", uuid::Uuid::new_v4().simple());
    let written = c.execute(
        "INSERT INTO webhook_outbox \
         (id, tenant_id, token_id, type, days, dedupe_key, body, created_at, next_attempt_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) ON CONFLICT (dedupe_key) DO NOTHING",
        params![
            id,
            token.tenant_id,
            token.id,
            event.as_str(),
            detail.days,
            detail.dedupe_key,
            body,
            now,
        ],
    )?;
    Ok(written == 1)
}

/// Whether milestone `key` was written (by any instance).
fn written_already(c: &Conn, key: &str) -> Result<bool> {
    let seen = c
        .query_row(
            "SELECT 1 FROM webhook_outbox WHERE dedupe_key = ?1",
            params![key],
            |r| r.get::<i64>(0),
        )
        .optional()?;
    Ok(seen.is_some())
}

/// The body of `event`: `{type, timestamp, data}` as Standard Webhooks has it; `data` names
/// the tenant, the token, who to tell (its creator, and the tenant's admins: the users who
/// may manage account tokens) and the event's detail.
fn body(
    c: &Conn,
    event: WebhookEvent,
    token: &Token,
    detail: &Detail<'_>,
    now: Timestamp,
) -> Result<String> {
    let tenant_name: Option<String> = c
        .query_row(
            "SELECT name FROM tenants WHERE id = ?1",
            params![token.tenant_id],
            |r| r.get(0),
        )
        .optional()?;
    let person =
        |id: &str, name: String, email: String| json!({"id": id, "name": name, "email": email});
    let creator = match &token.created_by_user_id {
        Some(id) => c
            .query_row(
                "SELECT name, email FROM users WHERE id = ?1",
                params![id],
                |r| Ok(person(id, r.get(0)?, r.get(1)?)),
            )
            .optional()?,
        None => None,
    };
    let mut data = json!({
        "tenant": {"id": token.tenant_id, "name": tenant_name},
        "token": {
            "id": token.id,
            "description": token.description,
            "owner": match token.source.owner() {
                Owner::Account => "account",
                Owner::Personal => "personal",
            },
            "type": match token.source.kind() {
                TokenType::ClientCredentials => "clientCredentials",
                TokenType::AccessToken => "accessToken",
            },
            "ownerUserId": token.owner_user_id,
            "createdByUserId": token.created_by_user_id,
            "createdAt": token.created_at,
            "expiresAt": token.expires_at,
            "lastUsedAt": token.last_used_at,
        },
        "notify": {"creator": creator, "admins": admins(c, &token.tenant_id)?},
    });
    let extra = data.as_object_mut().ok_or(crate::db::Error::NoRow)?;
    match event {
        WebhookEvent::Expiring => {
            extra.insert("milestone".into(), json!(detail.days));
            // Whole days left now: the milestone's, or fewer when it was noticed late.
            let left = token
                .expires_at
                .map(|e| (e.datetime() - now.datetime()).num_days());
            extra.insert("daysLeft".into(), json!(left));
        }
        WebhookEvent::Idle => {
            extra.insert("disableAfterUnusedDays".into(), json!(detail.days));
            extra.insert("disablesAt".into(), json!(detail.disables_at));
        }
        WebhookEvent::Disabled => {
            extra.insert("disableAfterUnusedDays".into(), json!(detail.days));
        }
        _ => {}
    }
    if let Some(a) = detail.actor {
        extra.insert(
            "actor".into(),
            json!({"userId": a.user_id, "name": a.name, "ip": a.ip}),
        );
    }
    let body = json!({"type": event.as_str(), "timestamp": now, "data": data});
    Ok(body.to_string())
}

/// The users of `tenant_id` who may manage its account tokens, by email.
fn admins(c: &Conn, tenant_id: &str) -> Result<Vec<Value>> {
    let rows = c.query(
        "SELECT u.id, u.name, u.email, p.key FROM users u \
         JOIN user_roles ur ON ur.user_id = u.id \
         JOIN role_permissions rp ON rp.role_id = ur.role_id \
         JOIN permissions p ON p.id = rp.permission_id \
         WHERE u.tenant_id = ?1",
        params![tenant_id],
    )?;
    let mut by_user: BTreeMap<String, (String, String, Vec<String>)> = BTreeMap::new();
    for r in rows.iter() {
        let entry =
            by_user
                .entry(r.get("email")?)
                .or_insert((r.get("id")?, r.get("name")?, Vec::new()));
        entry.2.push(r.get("key")?);
    }
    let manage = permission_key(Action::Write, Owner::Account);
    Ok(by_user
        .into_iter()
        .filter(|(_, (_, _, keys))| has_permission(keys.iter().map(String::as_str), manage))
        .map(|(email, (id, name, _))| json!({"id": id, "name": name, "email": email}))
        .collect())
}

/// Writes the reminders due at `now` that no instance wrote yet: each expiring token's latest
/// milestone passed (30, 7, 1 days before, and its expiry), and the idle warning of each token
/// the idle policy disables within [`IDLE_WARNING_DAYS`]. Answers how many were written. Call
/// inside a transaction.
pub fn enqueue_reminders(c: &Conn, now: Timestamp) -> Result<usize> {
    let mut written = 0;
    // Expiring within the longest milestone, or expired within the last day.
    let rows = c.query(
        "SELECT t.id, t.expires_at, COALESCE((SELECT MAX(e.at) FROM token_events e \
             WHERE e.token_id = t.id AND e.type = ?3), t.created_at) AS since \
         FROM tokens t WHERE t.expires_at > ?1 AND t.expires_at <= ?2 ORDER BY t.id",
        params![
            now.plus_minutes(-1440),
            now.plus_minutes(30 * 1440),
            EventKind::Renewed.as_str()
        ],
    )?;
    let due = rows.map(|r| {
        let expires_at: Timestamp = r.get("expires_at")?;
        Ok((
            r.get::<String>("id")?,
            expires_at,
            r.get::<Timestamp>("since")?,
        ))
    })?;
    for (id, expires_at, since) in due {
        let Some(milestone) = expiry_milestone(expires_at, since, now) else {
            continue;
        };
        let (event, key) = match milestone {
            Some(days) => (
                WebhookEvent::Expiring,
                format!("expiring:{days}:{id}:{expires_at}"),
            ),
            None => (WebhookEvent::Expired, format!("expired:{id}:{expires_at}")),
        };
        written += enqueue_about(c, &id, event, milestone, None, key, now)?;
    }
    // Idle warnings: one per token and idle stretch (its basis: last use, creation or
    // enabling).
    let policies = c.query(
        "SELECT id, disable_after_unused_days AS days FROM tenants \
         WHERE disable_after_unused_days > ?1",
        params![IDLE_WARNING_DAYS],
    )?;
    let policies = policies.map(|r| Ok((r.get::<String>("id")?, r.get::<i64>("days")?)))?;
    for (tenant_id, days) in policies {
        let cutoff = now.plus_minutes(-(days - IDLE_WARNING_DAYS) * 1440);
        let rows = c.query(
            "SELECT id, COALESCE(last_used_at, created_at) AS used, enabled_at FROM tokens \
             WHERE tenant_id = ?1 AND disabled_at IS NULL \
             AND COALESCE(last_used_at, created_at) <= ?2 \
             AND (enabled_at IS NULL OR enabled_at <= ?2) \
             AND (expires_at IS NULL OR expires_at > ?3) ORDER BY id",
            params![tenant_id, cutoff, now],
        )?;
        let idle = rows.map(|r| {
            let used: Timestamp = r.get("used")?;
            let enabled: Option<Timestamp> = r.get("enabled_at")?;
            Ok((r.get::<String>("id")?, used.max(enabled.unwrap_or(used))))
        })?;
        // A token already past the policy is disabled (and told as such), not warned.
        let disabled_from = now.plus_minutes(-days * 1440);
        for (id, basis) in idle.into_iter().filter(|(_, b)| *b > disabled_from) {
            let key = format!("idle:{id}:{basis}");
            let disables_at = basis.plus_minutes(days * 1440);
            written += enqueue_about(
                c,
                &id,
                WebhookEvent::Idle,
                Some(days),
                Some(disables_at),
                key,
                now,
            )?;
        }
    }
    Ok(written)
}

/// [`enqueue`] of a scheduler's event about token `id` (1 when written, 0 when it was already).
fn enqueue_about(
    c: &Conn,
    id: &str,
    event: WebhookEvent,
    days: Option<i64>,
    disables_at: Option<Timestamp>,
    dedupe_key: String,
    now: Timestamp,
) -> Result<usize> {
    // Most turns find every milestone written: asked before the token is read.
    if written_already(c, &dedupe_key)? {
        return Ok(0);
    }
    let Some((token, _)) = super::token_by_id(c, id)? else {
        return Ok(0);
    };
    let detail = Detail {
        days,
        disables_at,
        dedupe_key: Some(dedupe_key),
        actor: None,
    };
    Ok(usize::from(enqueue(c, event, &token, detail, now)?))
}

/// One event claimed for delivery.
pub struct Claimed {
    pub id: String,
    pub body: String,
    pub created_at: Timestamp,
    /// Attempts made, this one included.
    pub attempts: i64,
    /// Until when this instance holds it: its outcome is recorded only while it still does.
    pub lease_until: Timestamp,
}

/// Claims up to `limit` events due at `now` for this instance until `lease_until`: no other
/// instance takes them meanwhile, and an instance killed while sending leaves them to be
/// taken again when the lease runs out. The attempt is counted here.
pub fn claim_due(
    c: &Conn,
    now: Timestamp,
    lease_until: Timestamp,
    limit: i64,
) -> Result<Vec<Claimed>> {
    // The claim's conditions are repeated outside the subquery: on PostgreSQL, of two
    // instances claiming at once, the second re-reads a row the first changed and skips it.
    let rows = c.query(
        "UPDATE webhook_outbox SET claimed_until = ?2, attempts = attempts + 1, \
             last_attempt_at = ?1 \
         WHERE id IN (SELECT id FROM webhook_outbox WHERE status = 'pending' \
                 AND next_attempt_at <= ?1 AND (claimed_until IS NULL OR claimed_until <= ?1) \
                 ORDER BY next_attempt_at LIMIT ?3) \
             AND status = 'pending' AND next_attempt_at <= ?1 \
             AND (claimed_until IS NULL OR claimed_until <= ?1) \
         RETURNING id, body, created_at, attempts",
        params![now, lease_until, limit],
    )?;
    rows.map(|r| {
        Ok(Claimed {
            id: r.get("id")?,
            body: r.get("body")?,
            created_at: r.get("created_at")?,
            attempts: r.get("attempts")?,
            lease_until,
        })
    })
}

/// Records what the attempt at event `id` came to: its `status` (pending ones tried again at
/// `next`), the endpoint's answer or why there was none; only while the claim that made it
/// (`lease_until`) still holds it: once the lease ran out another instance may have taken it
/// again, and its outcome is that one's to record.
#[allow(clippy::too_many_arguments)]
pub fn finish_attempt(
    c: &Conn,
    id: &str,
    lease_until: Timestamp,
    status: DeliveryStatus,
    next: Option<Timestamp>,
    answered: Option<i64>,
    error: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    let done = (status != DeliveryStatus::Pending).then_some(now);
    c.execute(
        "UPDATE webhook_outbox SET status = ?2, next_attempt_at = COALESCE(?3, next_attempt_at), \
             claimed_until = NULL, last_status = ?4, last_error = ?5, done_at = ?6 \
         WHERE id = ?1 AND claimed_until = ?7",
        params![
            id,
            status.as_str(),
            next,
            answered,
            error,
            done,
            lease_until
        ],
    )?;
    Ok(())
}

fn delivery(r: &Row<'_>) -> Result<Delivery> {
    let event: String = r.get("type")?;
    let status: String = r.get("status")?;
    let status = DeliveryStatus::parse(&status)
        .ok_or_else(|| crate::db::Error::Type(format!("status: {status:?}")))?;
    Ok(Delivery {
        id: r.get("id")?,
        event: WebhookEvent::parse(&event)
            .ok_or_else(|| crate::db::Error::Type(format!("type: {event:?}")))?,
        token_id: r.get("token_id")?,
        days: r.get("days")?,
        status,
        attempts: r.get("attempts")?,
        created_at: r.get("created_at")?,
        last_attempt_at: r.get("last_attempt_at")?,
        last_status: r.get("last_status")?,
        last_error: r.get("last_error")?,
        next_attempt_at: match status {
            DeliveryStatus::Pending => Some(r.get("next_attempt_at")?),
            _ => None,
        },
        done_at: r.get("done_at")?,
    })
}

/// The last 100 events of `tenant_id`, newest first.
pub fn recent_deliveries(c: &Conn, tenant_id: &str) -> Result<Vec<Delivery>> {
    c.query(
        "SELECT * FROM webhook_outbox WHERE tenant_id = ?1 \
         ORDER BY created_at DESC, id LIMIT 100",
        params![tenant_id],
    )?
    .map(delivery)
}

/// The reminders delivered about token `id` of `tenant_id`, as `reminderSent` events at their
/// delivery.
pub fn reminders_sent(c: &Conn, tenant_id: &str, id: &str) -> Result<Vec<TokenEvent>> {
    let delivered = c
        .query(
            "SELECT * FROM webhook_outbox WHERE token_id = ?1 AND tenant_id = ?2 \
             AND status = 'delivered'",
            params![id, tenant_id],
        )?
        .map(delivery)?;
    Ok(delivered
        .into_iter()
        .filter(|d| d.event.is_reminder())
        .map(|d| TokenEvent {
            kind: EventKind::ReminderSent,
            at: d.done_at.unwrap_or(d.created_at),
            actor_user_id: None,
            actor_name: None,
            ip: None,
            attempts: None,
            last_at: None,
            reminder: Some((d.event, d.days)),
        })
        .collect())
}

/// Deletes the events delivered or failed before `before` (the history's retention); a
/// milestone's row no sooner than 32 days after it was written, since its key is what keeps
/// it from being written again while it is the latest milestone passed.
pub fn prune_outbox(c: &Conn, before: Timestamp, now: Timestamp) -> Result<usize> {
    let milestones_before = before.min(now.plus_minutes(-32 * 1440));
    c.execute(
        "DELETE FROM webhook_outbox WHERE status <> 'pending' AND created_at < ?1 \
         AND (dedupe_key IS NULL OR created_at < ?2)",
        params![before, milestones_before],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::migrate::migrate_for_tests;

    fn outbox() -> Conn {
        let c = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        migrate_for_tests(&c);
        c
    }

    fn row(c: &Conn, id: &str, key: Option<&str>, status: &str, created: Timestamp) {
        c.execute(
            "INSERT INTO webhook_outbox (id, tenant_id, token_id, type, dedupe_key, body, \
             created_at, next_attempt_at, status) VALUES (?1, 'acme', 't', 'token.expiring', ?2, \
             '{}', ?3, ?3, ?4)",
            params![id, key, created, status],
        )
        .unwrap();
    }

    fn ids(c: &Conn) -> Vec<String> {
        c.query("SELECT id FROM webhook_outbox ORDER BY id", params![])
            .unwrap()
            .map(|r| r.get::<String>(0))
            .unwrap()
    }

    #[test]
    fn a_milestone_outlives_a_short_retention_so_it_is_not_written_again() {
        let c = outbox();
        let now = Timestamp::now();
        let days_ago = |d: i64| now.plus_minutes(-d * 1440);
        row(&c, "change-10d", None, "delivered", days_ago(10));
        row(
            &c,
            "milestone-10d",
            Some("expiring:30:t:x"),
            "delivered",
            days_ago(10),
        );
        row(
            &c,
            "milestone-40d",
            Some("expiring:30:t:y"),
            "failed",
            days_ago(40),
        );
        row(&c, "pending-40d", None, "pending", days_ago(40));
        // A week's retention: the change goes, the 10-day-old milestone stays (its key still
        // stands for the latest milestone passed), the 40-day-old one goes; pending stays.
        assert_eq!(prune_outbox(&c, days_ago(7), now).unwrap(), 2);
        assert_eq!(ids(&c), ["milestone-10d", "pending-40d"]);
    }

    #[test]
    fn an_outcome_is_recorded_only_while_the_claim_that_made_it_holds() {
        let c = outbox();
        let now = Timestamp::now();
        row(&c, "m", None, "pending", now.plus_minutes(-1));
        let first = claim_due(&c, now, now.plus_minutes(1), 16).unwrap();
        assert_eq!((first.len(), first[0].attempts), (1, 1));
        // Held: nobody else claims it.
        assert!(claim_due(&c, now, now.plus_minutes(1), 16)
            .unwrap()
            .is_empty());
        // Its lease ran out (a slow send): another instance takes it.
        let later = now.plus_minutes(2);
        let second = claim_due(&c, later, later.plus_minutes(1), 16).unwrap();
        assert_eq!(second[0].attempts, 2);
        // The first's late outcome changes nothing; the second's is recorded.
        let first_lease = first[0].lease_until;
        let failed = DeliveryStatus::Failed;
        finish_attempt(&c, "m", first_lease, failed, None, Some(401), None, later).unwrap();
        let status = |c: &Conn| {
            c.query_row("SELECT status FROM webhook_outbox", params![], |r| {
                r.get::<String>(0)
            })
            .unwrap()
        };
        assert_eq!(status(&c), "pending");
        let delivered = DeliveryStatus::Delivered;
        let lease = second[0].lease_until;
        finish_attempt(&c, "m", lease, delivered, None, Some(204), None, later).unwrap();
        assert_eq!(status(&c), "delivered");
        assert!(
            claim_due(&c, later.plus_minutes(5), later.plus_minutes(6), 16)
                .unwrap()
                .is_empty()
        );
    }
}
