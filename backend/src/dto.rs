//! Response bodies in Frontegg's exact shapes (camelCase, nullable fields as `null`), and the
//! request bodies the server accepts (unknown fields ignored).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use api_tokens_rules::Source;

use crate::store::{Permission, Role, Token};

/// One token in the shape of its source, serialised straight from the stored row (a list of
/// 10,000 builds no intermediate JSON tree). `secret` appears only on create.
#[derive(Serialize)]
#[serde(untagged)]
pub enum TokenBody<'a> {
    TenantApi(TenantApiToken<'a>),
    TenantAccess(TenantAccessToken<'a>),
    UserApi(UserApiToken<'a>),
    UserAccess(UserAccessToken<'a>),
}

/// `GetTenantApiTokensResponse`; with `secret`, `CreateTenantApiTokenResponseDto`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantApiToken<'a> {
    client_id: &'a str,
    description: &'a Option<String>,
    tenant_id: &'a str,
    created_by_user_id: &'a Option<String>,
    metadata: &'a Value,
    created_at: &'a str,
    permission_ids: &'a [String],
    role_ids: &'a [String],
    expires: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
}

/// `TenantAccessTokenResponse`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantAccessToken<'a> {
    id: &'a str,
    description: &'a Option<String>,
    created_at: &'a str,
    expires: &'a Option<String>,
    role_ids: &'a [String],
    created_by_user_id: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
}

/// `GetUserApiTokensResponseDto`; with `secret`, `CreateUserApiTokenResponseDto`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserApiToken<'a> {
    client_id: &'a str,
    description: &'a Option<String>,
    metadata: &'a Value,
    created_at: &'a str,
    expires: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
}

/// `UserAccessTokenResponse`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserAccessToken<'a> {
    id: &'a str,
    description: &'a Option<String>,
    created_at: &'a str,
    expires: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'a str>,
}

/// `t` in the shape of its source; `secret` only on create.
pub fn token_body<'a>(t: &'a Token, secret: Option<&'a str>) -> TokenBody<'a> {
    match t.source {
        Source::AccountClients => tenant_api_token(t, secret),
        Source::AccountAccess => tenant_access_token(t, secret),
        Source::PersonalClients => user_api_token(t, secret),
        Source::PersonalAccess => user_access_token(t, secret),
    }
}

fn tenant_api_token<'a>(t: &'a Token, secret: Option<&'a str>) -> TokenBody<'a> {
    TokenBody::TenantApi(TenantApiToken {
        client_id: &t.id,
        description: &t.description,
        tenant_id: &t.tenant_id,
        created_by_user_id: &t.created_by_user_id,
        metadata: &t.metadata,
        created_at: &t.created_at,
        permission_ids: &t.permission_ids,
        role_ids: &t.role_ids,
        expires: &t.expires_at,
        secret,
    })
}

fn tenant_access_token<'a>(t: &'a Token, secret: Option<&'a str>) -> TokenBody<'a> {
    TokenBody::TenantAccess(TenantAccessToken {
        id: &t.id,
        description: &t.description,
        created_at: &t.created_at,
        expires: &t.expires_at,
        role_ids: &t.role_ids,
        created_by_user_id: &t.created_by_user_id,
        secret,
    })
}

fn user_api_token<'a>(t: &'a Token, secret: Option<&'a str>) -> TokenBody<'a> {
    TokenBody::UserApi(UserApiToken {
        client_id: &t.id,
        description: &t.description,
        metadata: &t.metadata,
        created_at: &t.created_at,
        expires: &t.expires_at,
        secret,
    })
}

fn user_access_token<'a>(t: &'a Token, secret: Option<&'a str>) -> TokenBody<'a> {
    TokenBody::UserAccess(UserAccessToken {
        id: &t.id,
        description: &t.description,
        created_at: &t.created_at,
        expires: &t.expires_at,
        secret,
    })
}

/// `RoleResponse`.
pub fn role(r: &Role) -> Value {
    json!({
        "id": r.id,
        "vendorId": "reference",
        "tenantId": r.tenant_id,
        "key": r.key,
        "name": r.name,
        "description": r.description,
        "isDefault": r.is_default,
        "firstUserRole": false,
        "level": r.level,
        "createdAt": r.created_at,
        "updatedAt": r.updated_at,
        "permissions": r.permission_ids,
    })
}

/// `PermissionResponse`.
pub fn permission(p: &Permission) -> Value {
    json!({
        "id": p.id,
        "key": p.key,
        "name": p.name,
        "description": p.description,
        "createdAt": p.created_at,
        "updatedAt": p.created_at,
        "roleIds": p.role_ids,
        "categoryId": p.category_id,
        "fePermission": p.key.starts_with("fe."),
    })
}

/// Body of every token create: `CreateTenantApiTokenDto`, `CreateTenantAccessTokenRequest`,
/// `CreateUserApiTokenDto`, `CreateUserAccessTokenRequest` (fields a kind does not take are
/// ignored, like unknown ones).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateToken {
    pub description: Option<String>,
    /// Checked by `rules::validate_expires` (must be a whole number).
    pub expires_in_minutes: Option<Value>,
    pub role_ids: Option<Vec<String>>,
    pub permission_ids: Option<Vec<String>>,
    pub metadata: Option<Value>,
}

/// `UpdateApiTokenDto`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateToken {
    pub description: Option<String>,
    pub role_ids: Option<Vec<String>>,
    pub permission_ids: Option<Vec<String>>,
    pub metadata: Option<Value>,
}

/// `POST auth/v1/user`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// `AuthApiTokenDto`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuthApiToken {
    pub client_id: String,
    pub secret: String,
}
