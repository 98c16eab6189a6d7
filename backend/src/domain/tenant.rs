//! A tenant's name and token settings.

/// A tenant's name and token settings.
#[derive(Clone, Debug)]
pub struct TenantSettings {
    pub name: String,
    /// `machineToMachineAuthStrategy`: which type new tokens are.
    pub strategy: String,
    /// `forcePermissions`: account tokens must carry roles or permissions.
    pub force_permissions: bool,
    /// `maxExpiresInMinutes` (our extension): new tokens must expire within this many
    /// minutes; `None`: no policy.
    pub max_expires_in_minutes: Option<i64>,
    /// `disableAfterUnusedDays` (our extension): tokens unused this many days are disabled;
    /// `None`: no idle policy.
    pub disable_after_unused_days: Option<i64>,
    /// `requireIpAllowlist` (our extension): its account tokens cannot be made or left
    /// without an IP allowlist.
    pub require_ip_allowlist: bool,
}
