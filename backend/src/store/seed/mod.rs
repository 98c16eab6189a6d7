//! Demo data: created on first start (an empty database) or with `--demo`. What it is:
//! [`data`].

mod data;

use std::collections::HashMap;

use api_tokens_rules::{Owner, Source, TokenType};

use super::events::record_event;
use super::tokens::kind_column;
use crate::crypto::password::hash_password;
use crate::crypto::secrets;
use crate::db::{Conn, Result};
use crate::domain::{Actor, EventKind, ListId, Timestamp};
use crate::params;

pub use data::{
    DEMO_PASSWORD, DEMO_USERS, GLOBEX_DISABLE_AFTER_UNUSED_DAYS, GLOBEX_MAX_EXPIRES_IN_MINUTES,
    IN_GRACE, IN_GRACE_HOURS_LEFT, IN_GRACE_ROLLED_HOURS_AGO,
};
use data::{HISTORY, PERMISSIONS, ROLES, TOKENS, USERS};

/// Replaces everything with the demo data. Call inside a transaction (`db::open` does, holding
/// the start lock).
pub fn seed(tx: &Conn) -> Result<()> {
    for table in [
        "token_events",
        "token_permissions",
        "token_roles",
        "tokens",
        "user_roles",
        "users",
        "role_permissions",
        "roles",
        "permissions",
        "tenants",
    ] {
        tx.execute(&format!("DELETE FROM {table}"), params![])?;
    }
    let now = Timestamp::now();
    let ts = |days: i64, hours: i64| now.plus_minutes((days * 24 + hours) * 60);
    let created = ts(-120, 0);

    for (key, name) in PERMISSIONS {
        tx.execute(
            "INSERT INTO permissions (id, key, name, description, category_id, created_at) \
             VALUES (?1, ?2, ?3, ?3, 'api-tokens', ?4)",
            params![format!("perm-{key}"), key, name, created],
        )?;
    }

    // Hash once: argon2 is deliberately slow and every demo user shares the password.
    let password_hash = hash_password(DEMO_PASSWORD);
    // (id, name, token type, forcePermissions, maxExpiresInMinutes, disableAfterUnusedDays)
    for (tenant_id, tenant_name, strategy, force, max_expires, idle_days) in [
        (
            "acme",
            "Acme",
            TokenType::ClientCredentials,
            true,
            None,
            None,
        ),
        (
            "globex",
            "Globex",
            TokenType::AccessToken,
            false,
            Some(GLOBEX_MAX_EXPIRES_IN_MINUTES),
            Some(GLOBEX_DISABLE_AFTER_UNUSED_DAYS),
        ),
    ] {
        tx.execute(
            "INSERT INTO tenants (id, name, m2m_strategy, force_permissions, max_expires_in_minutes, \
             disable_after_unused_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![tenant_id, tenant_name, strategy.strategy(), force, max_expires, idle_days],
        )?;
        for (key, name, level, perms) in ROLES {
            let role_id = format!("{tenant_id}-{key}");
            tx.execute(
                "INSERT INTO roles (id, tenant_id, key, name, description, level, is_default, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![role_id, tenant_id, key, name, format!("{name} of {tenant_name}"), level, *key == "viewer", created],
            )?;
            for p in *perms {
                tx.execute(
                    "INSERT INTO role_permissions (role_id, permission_id) VALUES (?1, ?2)",
                    params![role_id, format!("perm-{p}")],
                )?;
            }
        }
    }

    let users = USERS;
    // Where each demo user works from: their changes to tokens are recorded from there.
    let office = |user: &str| match user {
        "acme-owner" => "192.0.2.10",
        "acme-admin" => "192.0.2.11",
        "acme-dev" => "192.0.2.12",
        _ => "198.51.100.7",
    };
    let actor = |user: &str| Actor {
        user_id: user.to_string(),
        name: users
            .iter()
            .find(|u| u.0 == user)
            .map_or(user, |u| u.3)
            .to_string(),
        ip: office(user).to_string(),
    };
    for (id, tenant, email, name, role) in users {
        tx.execute(
            "INSERT INTO users (id, tenant_id, email, name, password_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, tenant, email, name, password_hash],
        )?;
        tx.execute(
            "INSERT INTO user_roles (user_id, role_id) VALUES (?1, ?2)",
            params![id, role],
        )?;
    }

    let tokens = TOKENS;
    // Each token's id and list, by description.
    let mut ids: HashMap<&str, (String, ListId)> = HashMap::new();
    for (i, (tenant, owner, kind, desc, ago, expires, roles, by, used)) in tokens.iter().enumerate()
    {
        let id = uuid::Uuid::new_v4().to_string();
        let created_at = ts(-ago, -(i as i64));
        // Demo secrets are thrown away: only a hash of a random value is kept.
        let hash = secrets::hash(&secrets::random_bytes::<32>(), &secrets::generate());
        tx.execute(
            "INSERT INTO tokens (id, tenant_id, owner_user_id, kind, description, secret_hash, created_by_user_id, created_at, expires_at, metadata, last_used_at, last_used_ip) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '{}', ?10, ?11)",
            params![
                id,
                tenant,
                owner,
                kind_column(*kind),
                desc,
                hash,
                by,
                created_at,
                expires.map(|d| ts(d, 0)),
                used.map(|(hours, _)| ts(0, -hours)),
                used.map(|(_, ip)| ip),
            ],
        )?;
        for r in *roles {
            tx.execute(
                "INSERT INTO token_roles (token_id, role_id) VALUES (?1, ?2)",
                params![id, r],
            )?;
        }
        let owner_kind = if owner.is_some() {
            Owner::Personal
        } else {
            Owner::Account
        };
        let list = ListId::seen_by(
            Source::new(owner_kind, *kind),
            tenant,
            owner.unwrap_or_default(),
        );
        record_event(
            tx,
            &list,
            &id,
            EventKind::Created,
            created_at,
            Some(&actor(by)),
        )?;
        ids.insert(desc, (id, list));
    }

    let history = HISTORY;
    for (desc, what, ago, by) in history {
        let (id, list) = &ids[desc];
        let by = by.map(actor);
        record_event(tx, list, id, *what, ts(0, -ago), by.as_ref())?;
    }
    // The one window still open: the secret before that last roll works for a while yet (a
    // hash of a value nobody keeps, like every demo secret).
    tx.execute(
        "UPDATE tokens SET previous_secret_hash = ?2, previous_secret_expires_at = ?3 WHERE id = ?1",
        params![
            ids[IN_GRACE].0,
            secrets::hash(&secrets::random_bytes::<32>(), &secrets::generate()),
            ts(0, IN_GRACE_HOURS_LEFT),
        ],
    )?;
    Ok(())
}
