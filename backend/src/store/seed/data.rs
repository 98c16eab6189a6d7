//! Demo data: created on first start (an empty database) or with `--demo`.
//!
//! Tenant "Acme" with roles Owner (0), Admin (1), Developer (2), Viewer (3) and Auditor (no
//! level), one user per leveled role, and a dozen tokens of all four kinds (one expired, one
//! expiring within a week; some used within hours, some not for months, some never; one rolled
//! three hours ago whose old secret still works for another 21 hours); tenant "Globex" with its
//! own owner and tokens, to show isolation, an expiry policy (new tokens must expire within
//! 90 days) and an idle policy (tokens unused for 90 days are disabled). Every token has a history: created, and for some edits, rolls and the ends of grace
//! windows. All times are relative to the start, so the data holds at any date.

use api_tokens_rules::{
    permission_key, Action, Owner, TokenType, DELETE_USERS, MANAGE_MEMBER_TOKENS,
};

use crate::domain::EventKind;

/// Globex's expiry policy: new tokens must expire within 90 days. Acme has none.
pub const GLOBEX_MAX_EXPIRES_IN_MINUTES: i64 = 90 * 1440;

/// Globex's idle policy: tokens unused for 90 days are disabled ("Globex legacy export",
/// last used 120 days ago, is, at the first run of the scheduler). Acme has none.
pub const GLOBEX_DISABLE_AFTER_UNUSED_DAYS: i64 = 90;

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

pub(super) const PERMISSIONS: &[(&str, &str)] = &[
    ("fe.secure.*", "All identity permissions"),
    ("fe.secure.read.*", "Read all identity resources"),
    (READ_ACCOUNT, "Read account API tokens"),
    (WRITE_ACCOUNT, "Create and edit account API tokens"),
    (DELETE_ACCOUNT, "Delete account API tokens"),
    (READ_PERSONAL, "Read personal API tokens"),
    (WRITE_PERSONAL, "Create personal API tokens"),
    (DELETE_PERSONAL, "Delete personal API tokens"),
    (
        MANAGE_MEMBER_TOKENS,
        "List and revoke members' personal API tokens",
    ),
    (DELETE_USERS, "Remove users from the account"),
];

/// (key, name, level, permission keys)
pub(super) const ROLES: &[(&str, &str, Option<i64>, &[&str])] = &[
    (
        "owner",
        "Owner",
        Some(0),
        &["fe.secure.*", MANAGE_MEMBER_TOKENS],
    ),
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
            MANAGE_MEMBER_TOKENS,
            DELETE_USERS,
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

/// (id, tenant, email, name, role id).
pub(super) const USERS: &[(&str, &str, &str, &str, &str)] = &[
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

// (tenant, owner user or None for the account, kind, description, created days ago,
//  expires in days (None: never), roles, created by, last used (hours ago, from where;
//  None: never)). Last uses spread over the past year, so that a view of tokens unused for
//  90 days has something to show in Acme: Legacy importer, Quarterly report export and the
//  never used Staging deploy (old).
pub(super) type Demo = (
    &'static str,
    Option<&'static str>,
    TokenType,
    &'static str,
    i64,
    Option<i64>,
    &'static [&'static str],
    &'static str,
    Option<(i64, &'static str)>,
);
/// Hours in a day.
pub(super) const DAY: i64 = 24;
pub(super) const TOKENS: &[Demo] = &[
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
        None,
        TokenType::AccessToken,
        "Globex legacy export",
        200,
        None,
        &["globex-viewer"],
        "globex-owner",
        Some((120 * DAY, "198.51.100.77")),
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

// What happened to some of them since: (token, what, hours ago, by whom; None: nobody, a
// grace window that ran out).
pub(super) const HISTORY: &[(&str, EventKind, i64, Option<&str>)] = &[
    (IN_GRACE, EventKind::Updated, 60 * DAY, Some("acme-admin")),
    (IN_GRACE, EventKind::Rotated, 45 * DAY, Some("acme-admin")),
    (IN_GRACE, EventKind::PreviousSecretExpired, 44 * DAY, None),
    (
        IN_GRACE,
        EventKind::Rotated,
        IN_GRACE_ROLLED_HOURS_AGO,
        Some("acme-admin"),
    ),
    (
        "Billing sync service",
        EventKind::Rotated,
        10 * DAY,
        Some("acme-owner"),
    ),
    (
        "Support dashboard",
        EventKind::Updated,
        DAY,
        Some("acme-dev"),
    ),
    (
        "Adam's laptop scripts",
        EventKind::Rotated,
        5 * DAY,
        Some("acme-admin"),
    ),
    (
        "Adam's laptop scripts",
        EventKind::PreviousSecretExpired,
        5 * DAY - 1,
        Some("acme-admin"),
    ),
    (
        "Globex payroll",
        EventKind::Rotated,
        2 * DAY,
        Some("globex-owner"),
    ),
];
