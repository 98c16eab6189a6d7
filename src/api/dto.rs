//! Request and response bodies, named and shaped exactly as Frontegg's identity API
//! (`frontegg-identity-api-tokens.openapi.json`; schema names kept).
//!
//! Every response type tolerates `null`, absent optional fields and unknown extra fields:
//! only the identifier of a token is required, since a row without one cannot be managed.

use api_tokens_rules::wire::lifecycle;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::Secret;

/// `GET configurations/v1/public` (the fields the tab uses).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PublicConfiguration {
    /// `"ClientCredentials"` or `"AccessToken"`: which type new tokens are.
    pub machine_to_machine_auth_strategy: Option<String>,
    /// When on, roles are shown and required on tenant tokens.
    pub force_permissions: Option<bool>,
    /// **Our extension**: what the backend offers beyond Frontegg's API. Absent from a classic
    /// backend.
    pub token_lifecycle: Option<TokenLifecycle>,
}

/// **Our extension**, `tokenLifecycle` of `configurations/v1/public`, read and written by the
/// wire contract's names ([`lifecycle`]); a setting of another type is not there.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Map<String, Value>", into = "Map<String, Value>")]
pub struct TokenLifecycle {
    pub last_used: Option<bool>,
    pub rotation: Option<bool>,
    pub history: Option<bool>,
    /// A whole number of minutes, or null for no limit.
    pub max_expires_in_minutes: Option<f64>,
    /// The backend refuses an edit, or a delete, of a token above the caller (the level rule).
    pub level_rule_on_edit: Option<bool>,
    pub level_rule_on_delete: Option<bool>,
    pub renew: Option<bool>,
    /// Whole days, or null for no idle policy.
    pub disable_after_unused_days: Option<f64>,
    /// Each token's use can be read (`{source}/{id}/usage`).
    pub usage: Option<bool>,
    /// Tokens take `allowedCidrs`; every source takes `PATCH {list}/{id}`.
    pub ip_allowlist: Option<bool>,
    pub require_ip_allowlist: Option<bool>,
    pub bulk_delete: Option<bool>,
    /// Personal lists take `?members=all` (for users holding `api-tokens.members.manage`).
    pub member_tokens: Option<bool>,
}

impl From<Map<String, Value>> for TokenLifecycle {
    fn from(m: Map<String, Value>) -> Self {
        let flag = |name: &str| m.get(name).and_then(Value::as_bool);
        TokenLifecycle {
            last_used: flag(lifecycle::LAST_USED),
            rotation: flag(lifecycle::ROTATION),
            history: flag(lifecycle::HISTORY),
            max_expires_in_minutes: m
                .get(lifecycle::MAX_EXPIRES_IN_MINUTES)
                .and_then(Value::as_f64),
            level_rule_on_edit: flag(lifecycle::LEVEL_RULE_ON_EDIT),
            level_rule_on_delete: flag(lifecycle::LEVEL_RULE_ON_DELETE),
            renew: flag(lifecycle::RENEW),
            disable_after_unused_days: m
                .get(lifecycle::DISABLE_AFTER_UNUSED_DAYS)
                .and_then(Value::as_f64),
            usage: flag(lifecycle::USAGE),
            ip_allowlist: flag(lifecycle::IP_ALLOWLIST),
            require_ip_allowlist: flag(lifecycle::REQUIRE_IP_ALLOWLIST),
            bulk_delete: flag(lifecycle::BULK_DELETE),
            member_tokens: flag(lifecycle::MEMBER_TOKENS),
        }
    }
}

impl From<TokenLifecycle> for Map<String, Value> {
    fn from(l: TokenLifecycle) -> Self {
        let mut m = Map::new();
        let mut put = |name: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(name.to_string(), v);
            }
        };
        put(lifecycle::LAST_USED, l.last_used.map(Value::from));
        put(lifecycle::ROTATION, l.rotation.map(Value::from));
        put(lifecycle::HISTORY, l.history.map(Value::from));
        put(
            lifecycle::MAX_EXPIRES_IN_MINUTES,
            l.max_expires_in_minutes.map(Value::from),
        );
        put(
            lifecycle::LEVEL_RULE_ON_EDIT,
            l.level_rule_on_edit.map(Value::from),
        );
        put(
            lifecycle::LEVEL_RULE_ON_DELETE,
            l.level_rule_on_delete.map(Value::from),
        );
        put(lifecycle::RENEW, l.renew.map(Value::from));
        put(
            lifecycle::DISABLE_AFTER_UNUSED_DAYS,
            l.disable_after_unused_days.map(Value::from),
        );
        put(lifecycle::USAGE, l.usage.map(Value::from));
        put(lifecycle::IP_ALLOWLIST, l.ip_allowlist.map(Value::from));
        put(
            lifecycle::REQUIRE_IP_ALLOWLIST,
            l.require_ip_allowlist.map(Value::from),
        );
        put(lifecycle::BULK_DELETE, l.bulk_delete.map(Value::from));
        put(lifecycle::MEMBER_TOKENS, l.member_tokens.map(Value::from));
        m
    }
}

/// Error body: `{"errors": ["message", ...], "errorCode"?: "...", "statusCode"?: n}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorBody {
    pub errors: Option<Vec<String>>,
    pub error_code: Option<String>,
    pub status_code: Option<u16>,
    /// Some servers (and proxies) answer `{"message": "..."}` instead.
    pub message: Option<String>,
}

/// `RoleResponse`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleResponse {
    pub id: String,
    pub key: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// A number in the spec; a fractional one is floored, anything else counts as no level.
    pub level: Option<f64>,
    pub tenant_id: Option<String>,
    pub permissions: Option<Vec<String>>,
}

/// `PermissionResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PermissionResponse {
    pub id: Option<String>,
    pub key: String,
    pub name: Option<String>,
}

/// `MeAuthorizationResponseDto`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MeAuthorizationResponseDto {
    pub roles: Option<Vec<RoleResponse>>,
    pub permissions: Option<Vec<PermissionResponse>>,
}

/// `UserDto` (`GET users/v2/me`): the fields the tab uses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserDto {
    pub id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

/// A token as any source sends it: the spec's `GetTenantApiTokensResponse`,
/// `TenantAccessTokenResponse`, `GetUserApiTokensResponseDto`, `UserAccessTokenResponse`, and
/// the create and update answers built on them (`CreateTenantApiTokenResponseDto`,
/// `CreateUserApiTokenResponseDto`, `UpdateTenantApiTokenResponseDto`). They name their common
/// fields alike, so one struct reads them all; each shape sends the fields it has, and
/// [`super::map::token`] takes what its source's shape defines (a client id or an id, roles
/// only on account tokens). Every field may be absent or null.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TokenDto {
    /// Client credentials' identifier.
    pub client_id: Option<String>,
    /// Access tokens' identifier.
    pub id: Option<String>,
    pub description: Option<String>,
    pub created_at: Option<String>,
    pub expires: Option<String>,
    /// Account tokens only.
    pub role_ids: Option<Vec<String>>,
    /// Account client credentials only.
    pub permission_ids: Option<Vec<String>>,
    /// Account tokens only.
    pub created_by_user_id: Option<String>,
    /// **Our extension**: when it last authenticated; null: never.
    pub last_used_at: Option<String>,
    /// **Our extension**: from where.
    pub last_used_ip: Option<String>,
    /// **Our extension**: until when the secret before the last roll still works; null: no
    /// grace window.
    pub previous_secret_expires_at: Option<String>,
    /// **Our extension**: present while the idle policy has it disabled, `{"at": ISO 8601,
    /// "afterUnusedDays": n}`; read leniently (a garbled one is a token without a date).
    pub disabled: Option<Value>,
    /// **Our extension**: the networks it may be used from; absent: anywhere. Read
    /// leniently: entries that are not strings are left out.
    pub allowed_cidrs: Option<Vec<Value>>,
    /// **Our extension**: `true` when the user who made it was removed from the account.
    pub created_by_former_member: Option<Value>,
    /// **Our extension**, in an admin's list of every member's personal tokens
    /// (`?members=all`): whose it is, and the roles it acts with.
    pub owner_user_id: Option<String>,
    pub owner_name: Option<String>,
    pub owner_email: Option<String>,
    pub owner_role_ids: Option<Vec<String>>,
    /// The one-time secret, only in a create's answer (the access token itself for access
    /// tokens).
    pub secret: Option<Secret>,
}

/// `GetTenantAccessTokensResponse` and `GetUserAccessTokensResponse`: `{accessTokens: [...]}`
/// (client credentials come as a bare array).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessTokenList {
    pub access_tokens: Option<Vec<TokenDto>>,
}

/// **Our extension**: `POST {source}/{id}/rotate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RotateRequest {
    /// How long the old secret keeps working, 0..=10080.
    pub grace_minutes: u32,
}

/// **Our extension**: the body of `POST {source}/{id}/renew`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewRequest {
    /// The new expiry, in minutes from now.
    pub expires_in_minutes: i64,
}

/// **Our extension**: an item of `GET {source}/{id}/events`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TokenEventDto {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub at: Option<String>,
    pub actor_user_id: Option<String>,
    pub actor_name: Option<String>,
    pub ip: Option<String>,
    /// `refusedAttempts` only: how many.
    pub attempts: Option<u64>,
    /// `reminderSent` only: which webhook event, and a `token.expiring`'s milestone (30, 7, 1 days).
    pub reminder: Option<String>,
    pub milestone: Option<i64>,
}

/// **Our extension**: `GET {source}/{id}/usage`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct UsageDto {
    pub days: Option<Vec<UsageDayDto>>,
    pub addresses: Option<Vec<AddressDto>>,
}

/// One day of [`UsageDto`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct UsageDayDto {
    pub date: Option<String>,
    pub uses: Option<u64>,
    pub refused: Option<u64>,
}

/// One recent address of [`UsageDto`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AddressDto {
    pub ip: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub uses: Option<u64>,
}

/// The body of every create: `CreateTenantApiTokenDto`, `CreateTenantAccessTokenRequest`,
/// `CreateUserApiTokenDto`, `CreateUserAccessTokenRequest` (personal ones take no roles).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTokenRequest {
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in_minutes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_ids: Option<Vec<String>>,
    /// **Our extension**, sent only with entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_cidrs: Option<Vec<String>>,
}

/// **Our extension**: `POST {source}/bulk-delete`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkDeleteRequest {
    pub ids: Vec<String>,
    pub dry_run: bool,
}

/// Its answer, read leniently.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BulkDeleteResponse {
    pub items: Option<Vec<BulkDeleteItem>>,
}

/// One id's outcome: `deleted`, `notFound`, `notAllowed` (with `reason`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BulkDeleteItem {
    pub id: Option<String>,
    pub outcome: Option<String>,
    pub reason: Option<String>,
}

/// `UpdateApiTokenDto` (and our `PATCH` of the other sources), with **our extension**
/// `allowedCidrs` (`[]` removes the list).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateApiTokenDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_cidrs: Option<Vec<String>>,
}

/// `POST auth/v1/user` (the reference backend's demo sign-in).
#[derive(Serialize)]
pub struct SignInRequest<'a> {
    pub email: &'a str,
    pub password: &'a str,
}

/// Its answer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInResponse {
    pub access_token: Secret,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_configuration_tolerates_nulls_absent_and_unknown_fields() {
        let c: PublicConfiguration = serde_json::from_str(
            r#"{"machineToMachineAuthStrategy":"AccessToken","forcePermissions":true,"other":1}"#,
        )
        .unwrap();
        assert_eq!(
            c.machine_to_machine_auth_strategy.as_deref(),
            Some("AccessToken")
        );
        assert_eq!(c.force_permissions, Some(true));
        let c: PublicConfiguration =
            serde_json::from_str(r#"{"machineToMachineAuthStrategy":null}"#).unwrap();
        assert_eq!(c, PublicConfiguration::default());
        assert_eq!(
            serde_json::from_str::<PublicConfiguration>("{}").unwrap(),
            PublicConfiguration::default()
        );
    }

    #[test]
    fn error_body_parses_frontegg_errors() {
        let e: ErrorBody = serde_json::from_str(
            r#"{"errors":["Missing permission","Try again"],"errorCode":"ER-1","statusCode":403}"#,
        )
        .unwrap();
        assert_eq!(
            e.errors,
            Some(vec!["Missing permission".into(), "Try again".into()])
        );
        assert_eq!(e.status_code, Some(403));
    }

    #[test]
    fn tokens_parse_full_null_and_minimal_shapes() {
        let full: Vec<TokenDto> = serde_json::from_str(
            r#"[{"clientId":"c1","description":"CI","tenantId":"t","createdByUserId":"u","metadata":{},
                "createdAt":"2026-11-28T00:00:00.000Z","permissionIds":[],"roleIds":["r1"],"expires":"2027-01-01T00:00:00Z","extra":[1,2]}]"#,
        )
        .unwrap();
        assert_eq!(full[0].role_ids.as_deref(), Some(&["r1".to_string()][..]));
        assert_eq!(full[0].created_by_user_id.as_deref(), Some("u"));
        let nulls: Vec<TokenDto> = serde_json::from_str(
            r#"[{"clientId":"c2","description":null,"tenantId":null,"createdByUserId":null,"metadata":null,
                "createdAt":null,"permissionIds":null,"roleIds":null,"expires":null,"secret":null}]"#,
        )
        .unwrap();
        assert_eq!(nulls[0].description, None);
        let minimal: Vec<TokenDto> = serde_json::from_str(r#"[{"clientId":"c3"}]"#).unwrap();
        assert_eq!(minimal[0].client_id.as_deref(), Some("c3"));
        // A wrong type is still a broken answer.
        assert!(serde_json::from_str::<Vec<TokenDto>>(r#"[{"clientId":7}]"#).is_err());
    }

    #[test]
    fn access_token_lists_are_wrapped_and_tolerant() {
        let t: AccessTokenList = serde_json::from_str(
            r#"{"accessTokens":[{"id":"a1","description":null,"createdAt":"2026-11-28T00:00:00Z","roleIds":null,"createdByUserId":null}]}"#,
        )
        .unwrap();
        assert_eq!(t.access_tokens.unwrap()[0].id.as_deref(), Some("a1"));
        let empty: AccessTokenList = serde_json::from_str(r#"{"accessTokens":null}"#).unwrap();
        assert!(empty.access_tokens.is_none());
        let empty: AccessTokenList = serde_json::from_str("{}").unwrap();
        assert!(empty.access_tokens.is_none());
    }

    #[test]
    fn create_responses_carry_the_secret() {
        let c: TokenDto = serde_json::from_str(
            r#"{"clientId":"c1","description":"x","tenantId":"t","secret":"s3","createdByUserId":null,"metadata":{},"createdAt":"2026-11-28T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(c.secret.unwrap().expose(), "s3");
        assert_eq!(c.client_id.as_deref(), Some("c1"));
        let a: TokenDto = serde_json::from_str(r#"{"id":"a","secret":"tok"}"#).unwrap();
        assert_eq!(a.secret.unwrap().expose(), "tok");
    }

    #[test]
    fn roles_and_authorization_tolerate_odd_levels() {
        let me: MeAuthorizationResponseDto = serde_json::from_str(
            r#"{"roles":[{"id":"r","name":"Admin","level":1},{"id":"n","level":null}],"permissions":[{"key":"fe.secure.*","id":"p"}],"x":1}"#,
        )
        .unwrap();
        let roles = me.roles.unwrap();
        assert_eq!(roles[0].level, Some(1.0));
        assert_eq!(roles[1].level, None);
        assert_eq!(me.permissions.unwrap()[0].key, "fe.secure.*");
        let me: MeAuthorizationResponseDto = serde_json::from_str(r#"{"roles":null}"#).unwrap();
        assert!(me.roles.is_none() && me.permissions.is_none());
    }

    #[test]
    fn requests_serialize_in_camel_case_and_omit_absent_fields() {
        let r = CreateTokenRequest {
            description: "d".into(),
            expires_in_minutes: Some(1440),
            role_ids: Some(vec!["r".into()]),
            allowed_cidrs: Some(vec!["10.0.0.0/8".into()]),
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"description":"d","expiresInMinutes":1440,"roleIds":["r"],"allowedCidrs":["10.0.0.0/8"]}"#
        );
        let r = CreateTokenRequest {
            description: "d".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"description":"d"}"#);
        let u = UpdateApiTokenDto {
            description: None,
            role_ids: Some(vec![]),
            allowed_cidrs: None,
        };
        assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"roleIds":[]}"#);
        let u = UpdateApiTokenDto {
            allowed_cidrs: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&u).unwrap(),
            r#"{"allowedCidrs":[]}"#,
            "an empty list is sent: it removes the allowlist"
        );
    }
}
