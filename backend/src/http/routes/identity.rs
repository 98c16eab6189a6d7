//! Who-am-I and settings routes, the demo sign-in and the client-credentials exchange.

use api_tokens_rules::wire::{self, lifecycle};
use api_tokens_rules::TokenType;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::super::client_ip::ClientIp;
use super::super::dto::{self, AuthApiToken, SignIn};
use super::super::error::{AppResult, JsonBody};
use super::super::extract::MaybeUser;
use super::super::AppState;
use crate::domain::{Permission, User};
use crate::service::Service;

/// Routes under `/identity/resources`.
pub fn routes() -> Router<AppState> {
    let at = |path: &str| format!("/{path}");
    Router::new()
        .route(&at(wire::ROLES), get(roles))
        .route(&at(wire::ME_AUTHORIZATION), get(me_authorization))
        .route(&at(wire::ME), get(me))
        .route(&at(wire::PUBLIC_CONFIGURATION), get(public_configuration))
        .route(&at(wire::SIGN_IN), post(sign_in))
        .route(&at(wire::EXCHANGE), post(exchange))
        .route(&at(wire::WEBHOOK_DELIVERIES), get(deliveries))
}

/// `GET webhooks/v1/deliveries` (our extension): the tenant's last 100 webhook events, newest
/// first, with where each delivery stands; for users who may manage account tokens.
async fn deliveries(State(service): State<Service>, user: User) -> AppResult<Json<Value>> {
    let items = service.deliveries(&user).await?;
    let items: Vec<Value> = items
        .iter()
        .map(|d| serde_json::to_value(dto::delivery(d)).unwrap_or_default())
        .collect();
    Ok(Json(json!({
        "webhooks": service.webhooks_on(),
        "items": items,
    })))
}

/// `GET roles/v1`: the tenant's roles, most privileged first.
async fn roles(State(service): State<Service>, user: User) -> AppResult<Json<Value>> {
    let roles = service.roles(user.tenant_id).await?;
    Ok(Json(Value::Array(roles.iter().map(dto::role).collect())))
}

/// `GET users/v1/me/authorization`: the caller's roles and permissions.
async fn me_authorization(State(service): State<Service>, user: User) -> AppResult<Json<Value>> {
    let perms = service.permissions().await?;
    Ok(Json(json!({
        "roles": user.roles.iter().map(dto::role).collect::<Vec<_>>(),
        "permissions": held(&user, &perms),
    })))
}

/// Every permission `user` holds, the ones a wildcard of theirs covers included (`fe.secure.*`
/// holds `fe.secure.read.tenantApiTokens`): a token's permission id that is not among them is
/// one they do not hold, which is how the tab applies the level rule to a token's permissions.
fn held(user: &User, all: &[Permission]) -> Vec<Value> {
    let keys = || user.permissions.iter().map(String::as_str);
    all.iter()
        .filter(|p| api_tokens_rules::has_permission(keys(), &p.key))
        .map(dto::permission)
        .collect()
}

/// `GET users/v2/me`: the caller's profile (the fields of `UserDto` this server knows).
async fn me(State(service): State<Service>, user: User) -> AppResult<Json<Value>> {
    let (name, _) = service
        .user_brief(user.user_id.clone())
        .await?
        .ok_or_else(|| crate::domain::Error::unauthorized("user no longer exists"))?;
    let perms = service.permissions().await?;
    let roles: Vec<Value> = user.roles.iter().map(dto::role).collect();
    Ok(Json(json!({
        "id": user.user_id,
        "sub": user.user_id,
        "email": user.email,
        "name": name,
        "profilePictureUrl": "",
        "verified": true,
        "mfaEnrolled": false,
        "provider": "local",
        "tenantId": user.tenant_id,
        "tenantIds": [user.tenant_id],
        "tenants": [{ "tenantId": user.tenant_id, "roles": roles }],
        "roles": roles,
        "permissions": held(&user, &perms),
        "metadata": "{}",
        "vendorMetadata": "{}",
        "subAccountAccessAllowed": false,
    })))
}

/// `GET configurations/v1/public`: which type new tokens are and whether roles are required,
/// for the caller's tenant (defaults when not signed in); and, our extension, `tokenLifecycle`:
/// what this server offers beyond Frontegg (last use recorded, secrets rolled with a grace
/// window, each token's history, the level rule on edit and on delete: nobody edits or deletes
/// a token above them, see `service::access`) and
/// the tenant's expiry policy (`maxExpiresInMinutes`, null without one or when not signed in).
async fn public_configuration(
    State(service): State<Service>,
    MaybeUser(user): MaybeUser,
) -> AppResult<Json<Value>> {
    let settings = match user {
        Some(u) => service.tenant_settings(u.tenant_id).await?,
        None => None,
    };
    let (strategy, force, max_expires, idle_days, require_allowlist) = match settings {
        Some(s) => (
            s.strategy,
            s.force_permissions,
            s.max_expires_in_minutes,
            s.disable_after_unused_days,
            s.require_ip_allowlist,
        ),
        None => (
            TokenType::ClientCredentials.strategy().to_string(),
            false,
            None,
            None,
            false,
        ),
    };
    let lifecycle = json!({
        lifecycle::LAST_USED: true,
        lifecycle::ROTATION: true,
        lifecycle::HISTORY: true,
        lifecycle::MAX_EXPIRES_IN_MINUTES: max_expires,
        lifecycle::LEVEL_RULE_ON_EDIT: true,
        lifecycle::LEVEL_RULE_ON_DELETE: true,
        lifecycle::RENEW: true,
        lifecycle::DISABLE_AFTER_UNUSED_DAYS: idle_days,
        lifecycle::WEBHOOKS: service.webhooks_on(),
        lifecycle::USAGE: service.usage_on(),
        lifecycle::IP_ALLOWLIST: true,
        lifecycle::REQUIRE_IP_ALLOWLIST: require_allowlist,
        lifecycle::BULK_DELETE: true,
        lifecycle::MEMBER_TOKENS: true,
    });
    Ok(Json(json!({
        "machineToMachineAuthStrategy": strategy,
        "forcePermissions": force,
        lifecycle::TOKEN_LIFECYCLE: lifecycle,
    })))
}

/// `POST auth/v1/user`: the demo sign-in, rate-limited (see `service::limits`). Answers a
/// signed user JWT valid for an hour.
async fn sign_in(
    ClientIp(ip): ClientIp,
    State(service): State<Service>,
    JsonBody(body): JsonBody<SignIn>,
) -> AppResult<Json<Value>> {
    let signed = service.sign_in(ip, body.email, body.password).await?;
    Ok(Json(json!({
        "accessToken": signed.jwt,
        "refreshToken": signed.refresh_token,
        "expiresIn": crate::crypto::jwt::JWT_TTL_SECS,
        "mfaRequired": false,
    })))
}

/// `POST auth/v2/api-token`: exchanges client credentials for a JWT. Any failure (unknown
/// client, wrong secret, expired token) is the same 401.
async fn exchange(
    ClientIp(ip): ClientIp,
    State(service): State<Service>,
    JsonBody(body): JsonBody<AuthApiToken>,
) -> AppResult<Json<Value>> {
    let got = service.exchange(ip, body.client_id, body.secret).await?;
    let expires = chrono::DateTime::from_timestamp(got.expires_at, 0)
        .map(|d| d.to_rfc2822())
        .unwrap_or_default();
    Ok(Json(json!({
        "access_token": got.jwt,
        "refresh_token": got.refresh_token,
        "expires_in": got.expires_at - got.issued_at,
        "expires": expires,
    })))
}
