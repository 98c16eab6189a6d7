//! Tenants' settings, the server's keys, and whether the database is new.

use crate::db::{Conn, OptionalExtension, Result};
use crate::domain::TenantSettings;
use crate::params;

/// The settings of `tenant_id`; `None` when there is no such tenant.
pub fn tenant_settings(c: &Conn, tenant_id: &str) -> Result<Option<TenantSettings>> {
    c.query_row(
        "SELECT name, m2m_strategy, force_permissions, max_expires_in_minutes, \
         disable_after_unused_days, require_ip_allowlist FROM tenants WHERE id = ?1",
        params![tenant_id],
        |r| {
            Ok(TenantSettings {
                name: r.get("name")?,
                strategy: r.get("m2m_strategy")?,
                force_permissions: r.get("force_permissions")?,
                max_expires_in_minutes: r.get("max_expires_in_minutes")?,
                disable_after_unused_days: r.get("disable_after_unused_days")?,
                require_ip_allowlist: r.get("require_ip_allowlist")?,
            })
        },
    )
    .optional()
}

/// The server's key `name`, created from the CSPRNG on first use.
pub fn server_key(c: &Conn, name: &str) -> Result<Vec<u8>> {
    let existing: Option<Vec<u8>> = c
        .query_row(
            "SELECT value FROM server_keys WHERE name = ?1",
            params![name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(k) = existing {
        return Ok(k);
    }
    let key = crate::crypto::secrets::random_bytes::<32>().to_vec();
    c.execute(
        "INSERT INTO server_keys (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![name, key],
    )?;
    c.query_row(
        "SELECT value FROM server_keys WHERE name = ?1",
        params![name],
        |r| r.get(0),
    )
}

/// Whether any tenant exists (a fresh database gets the demo data).
pub fn is_empty(c: &Conn) -> Result<bool> {
    let n: i64 = c.query_row("SELECT count(*) FROM tenants", params![], |r| r.get(0))?;
    Ok(n == 0)
}
