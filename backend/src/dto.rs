//! Response bodies in Frontegg's exact shapes (camelCase, nullable fields as `null`), and the
//! request bodies the server accepts (unknown fields ignored).

use serde::Deserialize;
use serde_json::{json, Value};

use crate::store::{Permission, Role, Token};

/// `GetTenantApiTokensResponse`; with `secret`, `CreateTenantApiTokenResponseDto`.
pub fn tenant_api_token(t: &Token, secret: Option<&str>) -> Value {
    let mut v = json!({
        "clientId": t.id,
        "description": t.description,
        "tenantId": t.tenant_id,
        "createdByUserId": t.created_by_user_id,
        "metadata": t.metadata,
        "createdAt": t.created_at,
        "permissionIds": t.permission_ids,
        "roleIds": t.role_ids,
        "expires": t.expires_at,
    });
    if let Some(s) = secret {
        v["secret"] = json!(s);
    }
    v
}

/// `TenantAccessTokenResponse` (the `secret` only on create).
pub fn tenant_access_token(t: &Token, secret: Option<&str>) -> Value {
    let mut v = json!({
        "id": t.id,
        "description": t.description,
        "createdAt": t.created_at,
        "expires": t.expires_at,
        "roleIds": t.role_ids,
        "createdByUserId": t.created_by_user_id,
    });
    if let Some(s) = secret {
        v["secret"] = json!(s);
    }
    v
}

/// `GetUserApiTokensResponseDto`; with `secret`, `CreateUserApiTokenResponseDto`.
pub fn user_api_token(t: &Token, secret: Option<&str>) -> Value {
    let mut v = json!({
        "clientId": t.id,
        "description": t.description,
        "metadata": t.metadata,
        "createdAt": t.created_at,
        "expires": t.expires_at,
    });
    if let Some(s) = secret {
        v["secret"] = json!(s);
    }
    v
}

/// `UserAccessTokenResponse` (the `secret` only on create).
pub fn user_access_token(t: &Token, secret: Option<&str>) -> Value {
    let mut v = json!({
        "id": t.id,
        "description": t.description,
        "createdAt": t.created_at,
        "expires": t.expires_at,
    });
    if let Some(s) = secret {
        v["secret"] = json!(s);
    }
    v
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
