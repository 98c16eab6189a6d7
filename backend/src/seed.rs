//! Demo data: created on first start (an empty database) or with `--demo`.
//!
//! Tenant "Acme" with roles Owner (0), Admin (1), Developer (2), Viewer (3) and Auditor (no
//! level), one user per leveled role, and a dozen tokens of all four kinds (one expired, one
//! expiring within a week; some used within hours, some not for months, some never; one rolled
//! three hours ago whose old secret still works for another 21 hours); tenant "Globex" with its
//! own owner and tokens, to show isolation, and an expiry policy: new tokens must expire within
//! 90 days. Every token has a history: created, and for some edits, rolls and the ends of grace
//! windows. All times are relative to the start, so the data holds at any date.

use crate::db::{Conn, Result};
use crate::params;

use std::collections::HashMap;

use crate::auth::hash_password;
use crate::secrets;
use api_tokens_rules::{permission_key, Action, Owner, Source, TokenType};

use crate::store::{self, kind_column, Actor, EventType, ListId};

/// Globex's expiry policy: new tokens must expire within 90 days. Acme has none.
pub const GLOBEX_MAX_EXPIRES_IN_MINUTES: i64 = 90 * 1440;

/// The demo token in a grace window: its secret was rolled this many hours ago, and the old
/// one keeps working for [`IN_GRACE_HOURS_LEFT`] hours more.
pub const IN_GRACE: &str = "CI deploy pipeline";
pub const IN_GRACE_ROLLED_HOURS_AGO: i64 = 3;
pub const IN_GRACE_HOURS_LEFT: i64 = 21;

/// Every demo user's password (printed on start).
pub const DEMO_PASSWORD: &str = "acme-demo-password";

/// The demo sign-ins: (email, role).
pub const DEMO_USERS: &[(&str, &str)] = &[
    ("owner@acme.test", "Owner"),
    ("admin@acme.test", "Admin"),
    ("dev@acme.test", "Developer"),
    ("viewer@acme.test", "Viewer"),
    ("owner@globex.test", "Owner (Globex)"),
];

const READ_ACCOUNT: &str = permission_key(Action::Read, Owner::Account);
const WRITE_ACCOUNT: &str = permission_key(Action::Write, Owner::Account);
const DELETE_ACCOUNT: &str = permission_key(Action::Delete, Owner::Account);
const READ_PERSONAL: &str = permission_key(Action::Read, Owner::Personal);
const WRITE_PERSONAL: &str = permission_key(Action::Write, Owner::Personal);
const DELETE_PERSONAL: &str = permission_key(Action::Delete, Owner::Personal);

const PERMISSIONS: &[(&str, &str)] = &[
    ("fe.secure.*", "All identity permissions"),
    ("fe.secure.read.*", "Read all identity resources"),
    (READ_ACCOUNT, "Read account API tokens"),
    (WRITE_ACCOUNT, "Create and edit account API tokens"),
    (DELETE_ACCOUNT, "Delete account API tokens"),
    (READ_PERSONAL, "Read personal API tokens"),
    (WRITE_PERSONAL, "Create personal API tokens"),
    (DELETE_PERSONAL, "Delete personal API tokens"),
];

/// (key, name, level, permission keys)
const ROLES: &[(&str, &str, Option<i64>, &[&str])] = &[
    ("owner", "Owner", Some(0), &["fe.secure.*"]),
    (
        "admin",
        "Admin",
        Some(1),
        &[
            READ_ACCOUNT,
            WRITE_ACCOUNT,
            DELETE_ACCOUNT,
            READ_PERSONAL,
            WRITE_PERSONAL,
            DELETE_PERSONAL,
        ],
    ),
    (
        "developer",
        "Developer",
        Some(2),
        &[
            "fe.secure.read.*",
            WRITE_ACCOUNT,
            WRITE_PERSONAL,
            DELETE_PERSONAL,
        ],
    ),
    ("viewer", "Viewer", Some(3), &[READ_ACCOUNT, READ_PERSONAL]),
    ("auditor", "Auditor", None, &[READ_ACCOUNT]),
];

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
    let now = chrono::Utc::now();
    let ts = |days: i64, hours: i64| {
        store::timestamp(now + chrono::Duration::days(days) + chrono::Duration::hours(hours))
    };
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
    // (id, name, token type, forcePermissions, maxExpiresInMinutes)
    for (tenant_id, tenant_name, strategy, force, max_expires) in [
        ("acme", "Acme", TokenType::ClientCredentials, true, None),
        (
            "globex",
            "Globex",
            TokenType::AccessToken,
            false,
            Some(GLOBEX_MAX_EXPIRES_IN_MINUTES),
        ),
    ] {
        tx.execute(
            "INSERT INTO tenants (id, name, m2m_strategy, force_permissions, max_expires_in_minutes) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![tenant_id, tenant_name, strategy.strategy(), force, max_expires],
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

    let users: &[(&str, &str, &str, &str, &str)] = &[
        (
            "acme-owner",
            "acme",
            "owner@acme.test",
            "Olivia Owner",
            "acme-owner",
        ),
        (
            "acme-admin",
            "acme",
            "admin@acme.test",
            "Adam Admin",
            "acme-admin",
        ),
        (
            "acme-dev",
            "acme",
            "dev@acme.test",
            "Dana Developer",
            "acme-developer",
        ),
        (
            "acme-viewer",
            "acme",
            "viewer@acme.test",
            "Victor Viewer",
            "acme-viewer",
        ),
        (
            "globex-owner",
            "globex",
            "owner@globex.test",
            "Greta Globex",
            "globex-owner",
        ),
    ];
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

    // (tenant, owner user or None for the account, kind, description, created days ago,
    //  expires in days (None: never), roles, created by, last used (hours ago, from where;
    //  None: never)). Last uses spread over the past year, so that a view of tokens unused for
    //  90 days has something to show in Acme: Legacy importer, Quarterly report export and the
    //  never used Staging deploy (old).
    type Demo<'a> = (
        &'a str,
        Option<&'a str>,
        TokenType,
        &'a str,
        i64,
        Option<i64>,
        &'a [&'a str],
        &'a str,
        Option<(i64, &'a str)>,
    );
    const DAY: i64 = 24;
    let tokens: &[Demo] = &[
        (
            "acme",
            None,
            TokenType::ClientCredentials,
            "CI deploy pipeline",
            90,
            None,
            &["acme-developer"],
            "acme-admin",
            Some((2, "203.0.113.10")),
        ),
        (
            "acme",
            None,
            TokenType::ClientCredentials,
            "Billing sync service",
            60,
            Some(300),
            &["acme-admin"],
            "acme-owner",
            Some((26, "10.20.0.5")),
        ),
        (
            "acme",
            None,
            TokenType::ClientCredentials,
            "Legacy importer",
            200,
            Some(-10),
            &["acme-viewer"],
            "acme-owner",
            Some((160 * DAY, "198.51.100.23")),
        ),
        (
            "acme",
            None,
            TokenType::AccessToken,
            "Metrics exporter",
            30,
            Some(5),
            &["acme-viewer"],
            "acme-admin",
            Some((1, "10.20.0.8")),
        ),
        (
            "acme",
            None,
            TokenType::AccessToken,
            "Audit log reader",
            14,
            None,
            &["acme-auditor"],
            "acme-owner",
            None,
        ),
        (
            "acme",
            None,
            TokenType::ClientCredentials,
            "Support dashboard",
            3,
            Some(87),
            &["acme-viewer", "acme-auditor"],
            "acme-dev",
            Some((50, "192.0.2.44")),
        ),
        (
            "acme",
            None,
            TokenType::ClientCredentials,
            "Staging deploy (old)",
            300,
            None,
            &["acme-developer"],
            "acme-admin",
            None,
        ),
        (
            "acme",
            None,
            TokenType::AccessToken,
            "Quarterly report export",
            365,
            None,
            &["acme-viewer"],
            "acme-owner",
            Some((95 * DAY, "2001:db8:4::17")),
        ),
        (
            "acme",
            Some("acme-admin"),
            TokenType::ClientCredentials,
            "Adam's laptop scripts",
            20,
            Some(10),
            &[],
            "acme-admin",
            Some((12 * DAY, "192.0.2.81")),
        ),
        (
            "acme",
            Some("acme-admin"),
            TokenType::AccessToken,
            "Adam's CLI",
            7,
            None,
            &[],
            "acme-admin",
            None,
        ),
        (
            "acme",
            Some("acme-dev"),
            TokenType::ClientCredentials,
            "Local development",
            5,
            Some(25),
            &[],
            "acme-dev",
            Some((20, "192.0.2.90")),
        ),
        (
            "acme",
            Some("acme-dev"),
            TokenType::AccessToken,
            "Terraform provider",
            2,
            None,
            &[],
            "acme-dev",
            Some((3, "203.0.113.50")),
        ),
        (
            "acme",
            Some("acme-owner"),
            TokenType::AccessToken,
            "Owner's backup job",
            40,
            Some(325),
            &[],
            "acme-owner",
            Some((33 * DAY, "10.20.0.12")),
        ),
        (
            "globex",
            None,
            TokenType::AccessToken,
            "Globex warehouse feed",
            12,
            None,
            &["globex-admin"],
            "globex-owner",
            Some((1, "198.51.100.200")),
        ),
        (
            "globex",
            None,
            TokenType::ClientCredentials,
            "Globex payroll",
            25,
            Some(30),
            &["globex-viewer"],
            "globex-owner",
            Some((24 * DAY, "2001:db8:9::2")),
        ),
        (
            "globex",
            Some("globex-owner"),
            TokenType::AccessToken,
            "Greta's notebook",
            1,
            None,
            &[],
            "globex-owner",
            None,
        ),
    ];
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
        store::record_event(
            tx,
            &list,
            &id,
            EventType::Created,
            &created_at,
            Some(&actor(by)),
        )?;
        ids.insert(desc, (id, list));
    }

    // What happened to some of them since: (token, what, hours ago, by whom; None: nobody, a
    // grace window that ran out).
    use EventType::{PreviousSecretExpired, Rotated, Updated};
    let history: &[(&str, EventType, i64, Option<&str>)] = &[
        (IN_GRACE, Updated, 60 * DAY, Some("acme-admin")),
        (IN_GRACE, Rotated, 45 * DAY, Some("acme-admin")),
        (IN_GRACE, PreviousSecretExpired, 44 * DAY, None),
        (
            IN_GRACE,
            Rotated,
            IN_GRACE_ROLLED_HOURS_AGO,
            Some("acme-admin"),
        ),
        (
            "Billing sync service",
            Rotated,
            10 * DAY,
            Some("acme-owner"),
        ),
        ("Support dashboard", Updated, DAY, Some("acme-dev")),
        (
            "Adam's laptop scripts",
            Rotated,
            5 * DAY,
            Some("acme-admin"),
        ),
        (
            "Adam's laptop scripts",
            PreviousSecretExpired,
            5 * DAY - 1,
            Some("acme-admin"),
        ),
        ("Globex payroll", Rotated, 2 * DAY, Some("globex-owner")),
    ];
    for (desc, what, ago, by) in history {
        let (id, list) = &ids[desc];
        let by = by.map(actor);
        store::record_event(tx, list, id, *what, &ts(0, -ago), by.as_ref())?;
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
