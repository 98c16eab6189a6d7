//! Who-am-I and settings routes, the demo sign-in and the client-credentials exchange.

use std::net::IpAddr;

use api_tokens_rules::TokenType;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tracing::info;

use crate::app::AppState;
use crate::auth::{self, AuthUser, Claims};
use crate::client_ip::ClientIp;
use crate::dto::{self, AuthApiToken, SignIn};
use crate::error::{AppError, AppResult, JsonBody};
use crate::{limits, secrets, store};

/// Routes under `/identity/resources`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/roles/v1", get(roles))
        .route("/users/v1/me/authorization", get(me_authorization))
        .route("/users/v2/me", get(me))
        .route("/configurations/v1/public", get(public_configuration))
        .route("/auth/v1/user", post(sign_in))
        .route("/auth/v2/api-token", post(exchange))
}

/// `GET roles/v1`: the tenant's roles, most privileged first.
async fn roles(State(state): State<AppState>, user: AuthUser) -> AppResult<Json<Value>> {
    let roles = state
        .db(move |c| store::tenant_roles(c, &user.tenant_id))
        .await?;
    Ok(Json(Value::Array(roles.iter().map(dto::role).collect())))
}

/// `GET users/v1/me/authorization`: the caller's roles and permissions.
async fn me_authorization(State(state): State<AppState>, user: AuthUser) -> AppResult<Json<Value>> {
    let perms = state.db(|c| store::all_permissions(c)).await?;
    Ok(Json(json!({
        "roles": user.roles.iter().map(dto::role).collect::<Vec<_>>(),
        "permissions": held(&user, &perms),
    })))
}

/// Every permission `user` holds, the ones a wildcard of theirs covers included (`fe.secure.*`
/// holds `fe.secure.read.tenantApiTokens`): a token's permission id that is not among them is
/// one they do not hold, which is how the tab applies the level rule to a token's permissions.
fn held(user: &AuthUser, all: &[store::Permission]) -> Vec<Value> {
    let keys = || user.permissions.iter().map(String::as_str);
    all.iter()
        .filter(|p| api_tokens_rules::has_permission(keys(), &p.key))
        .map(dto::permission)
        .collect()
}

/// `GET users/v2/me`: the caller's profile (the fields of `UserDto` this server knows).
async fn me(State(state): State<AppState>, user: AuthUser) -> AppResult<Json<Value>> {
    let id = user.user_id.clone();
    let (name, _) = state
        .db(move |c| store::user_brief(c, &id))
        .await?
        .ok_or_else(|| AppError::unauthorized("user no longer exists"))?;
    let perms = state.db(|c| store::all_permissions(c)).await?;
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

/// The caller when a valid user JWT is present; public routes work without one.
pub struct MaybeUser(pub Option<AuthUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if auth::bearer(parts).is_none() {
            return Ok(MaybeUser(None));
        }
        Ok(MaybeUser(
            AuthUser::from_request_parts(parts, state).await.ok(),
        ))
    }
}

/// `GET configurations/v1/public`: which type new tokens are and whether roles are required,
/// for the caller's tenant (defaults when not signed in); and, our extension, `tokenLifecycle`:
/// what this server offers beyond Frontegg (last use recorded, secrets rolled with a grace
/// window, each token's history, the level rule on edit and on delete: nobody edits or deletes
/// a token above them, see `routes::tokens`) and
/// the tenant's expiry policy (`maxExpiresInMinutes`, null without one or when not signed in).
async fn public_configuration(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
) -> AppResult<Json<Value>> {
    let settings = match user {
        Some(u) => {
            state
                .db(move |c| store::tenant_settings(c, &u.tenant_id))
                .await?
        }
        None => None,
    };
    let (strategy, force, max_expires) = match settings {
        Some(s) => (s.strategy, s.force_permissions, s.max_expires_in_minutes),
        None => (
            TokenType::ClientCredentials.strategy().to_string(),
            false,
            None,
        ),
    };
    Ok(Json(json!({
        "machineToMachineAuthStrategy": strategy,
        "forcePermissions": force,
        "tokenLifecycle": {
            "lastUsed": true,
            "rotation": true,
            "history": true,
            "maxExpiresInMinutes": max_expires,
            "levelRuleOnEdit": true,
            "levelRuleOnDelete": true,
        },
    })))
}

/// `POST auth/v1/user`: the demo sign-in. Answers a signed user JWT valid for an hour.
/// `POST auth/v1/user`, rate-limited (see [`crate::limits`]).
async fn sign_in(
    ClientIp(ip): ClientIp,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<SignIn>,
) -> Response {
    let account = body.email.trim().to_ascii_lowercase();
    limited(
        &state,
        "sign-in",
        ip,
        &account,
        check_sign_in(state.clone(), body),
    )
    .await
}

/// Runs `attempt` at `door` for `account` from `ip` unless a limit refuses it (see
/// [`crate::limits`]): the attempt is counted in the database before its password or secret is
/// checked, and gives its place back unless it was refused (401).
async fn limited(
    state: &AppState,
    door: &'static str,
    ip: IpAddr,
    account: &str,
    attempt: impl std::future::Future<Output = AppResult<Json<Value>>>,
) -> Response {
    let ip = ip.to_string();
    if let Err(too_many) = state.limits.per_address(&ip, state.attempts_per_minute) {
        info!(route = door, "attempt refused by the rate limit");
        return too_many.into_response();
    }
    let (keys, account) = (state.keys.clone(), account.to_string());
    let reserved = state
        .db(move |c| limits::reserve_check(c, &keys.secret, door, &account, &ip, limits::now_ms()))
        .await;
    let reservation = match reserved {
        Ok(Ok(r)) => r,
        Ok(Err(too_many)) => {
            info!(route = door, "attempt refused by the rate limit");
            return too_many.into_response();
        }
        Err(e) => return e.into_response(),
    };
    let result = attempt.await;
    if !matches!(&result, Err(e) if e.status == StatusCode::UNAUTHORIZED) {
        // Not a failed check: its place goes back. Failing to give it back costs the account
        // one attempt in this window, no more: logged, and the answer stands.
        if let Err(e) = state.db(move |c| limits::release(c, &reservation)).await {
            tracing::warn!(status = %e.status, "an attempt's place was not given back");
        }
    }
    result.into_response()
}

async fn check_sign_in(state: AppState, body: SignIn) -> AppResult<Json<Value>> {
    let email = body.email.trim().to_string();
    let found = state.db(move |c| store::user_by_email(c, &email)).await?;
    let password = body.password;
    let phc = found.as_ref().map(|(_, _, h)| h.clone());
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, phc.as_deref()))
        .await
        .map_err(AppError::internal)?;
    let (user_id, tenant_id, _) = match (ok, found) {
        (true, Some(f)) => f,
        _ => return Err(AppError::unauthorized("incorrect email or password")),
    };
    let now = auth::now_secs();
    let jwt = auth::sign(
        &state.keys.jwt,
        &Claims {
            sub: user_id.clone(),
            tenant_id,
            typ: auth::TYP_USER.into(),
            iat: now,
            exp: now + auth::JWT_TTL_SECS,
            email: Some(body.email.trim().to_string()),
            sfp: None,
        },
    );
    info!(user_id = %user_id, "signed in");
    Ok(Json(json!({
        "accessToken": jwt,
        "refreshToken": secrets::generate(),
        "expiresIn": auth::JWT_TTL_SECS,
        "mfaRequired": false,
    })))
}

/// `POST auth/v2/api-token`: exchanges client credentials for a JWT. Any failure (unknown
/// client, wrong secret, expired token) is the same 401.
async fn exchange(
    ClientIp(ip): ClientIp,
    State(state): State<AppState>,
    JsonBody(body): JsonBody<AuthApiToken>,
) -> Response {
    let account = body.client_id.trim().to_string();
    let resp = limited(
        &state,
        "exchange",
        ip,
        &account,
        check_exchange(state.clone(), body, ip),
    )
    .await;
    if matches!(
        resp.status(),
        StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
    ) && !account.is_empty()
    {
        // In the token's history (when there is such a token), counted. After the answer, not
        // before: a write only for client ids that exist would make a refusal of one slower,
        // telling which exist.
        let (id, ip, at) = (account, ip.to_string(), chrono::Utc::now());
        tokio::spawn(async move {
            let recorded = state
                .db(move |c| store::record_refused_attempt(c, &id, &ip, at))
                .await;
            if recorded.is_err() {
                tracing::warn!("a refused exchange was not recorded in its token's history");
            }
        });
    }
    resp
}

async fn check_exchange(state: AppState, body: AuthApiToken, ip: IpAddr) -> AppResult<Json<Value>> {
    let refused = || AppError::unauthorized("invalid client credentials");
    let client_id = body.client_id.trim().to_string();
    if client_id.is_empty() || body.secret.is_empty() {
        return Err(refused());
    }
    let found = state
        .db(move |c| store::client_with_hash(c, &client_id))
        .await?;
    let (token, hashes) = found.ok_or_else(refused)?;
    let at = store::now();
    // The current secret, or the one before the last roll while its grace window is open.
    let matched = secrets::check(
        &state.keys.secret,
        &body.secret,
        &hashes.current,
        hashes.open_previous(&token, &at),
    );
    let (used_hash, until) = match matched {
        Some(secrets::Matched::Current) => (&hashes.current, None),
        Some(secrets::Matched::Previous) => (
            hashes.previous.as_ref().ok_or_else(refused)?,
            token.previous_secret_expires_at.as_deref(),
        ),
        None => return Err(refused()),
    };
    if token.is_expired(&at) {
        return Err(refused());
    }
    state.record_use(&token.id, ip).await;
    let now = auth::now_secs();
    // Never outlive the token itself, nor the grace window of the secret it was exchanged for.
    let exp = [token.expires_at.as_deref(), until]
        .into_iter()
        .flatten()
        .filter_map(|e| chrono::DateTime::parse_from_rfc3339(e).ok())
        .map(|e| e.timestamp())
        .fold(now + auth::JWT_TTL_SECS, i64::min);
    let jwt = auth::sign(
        &state.keys.jwt,
        &Claims {
            sub: token.id.clone(),
            tenant_id: token.tenant_id.clone(),
            typ: auth::TYP_API_TOKEN.into(),
            iat: now,
            exp,
            email: None,
            sfp: Some(secrets::fingerprint(used_hash)),
        },
    );
    let expires = chrono::DateTime::from_timestamp(exp, 0)
        .map(|d| d.to_rfc2822())
        .unwrap_or_default();
    info!(token_id = %token.id, "client credentials exchanged");
    Ok(Json(json!({
        "access_token": jwt,
        "refresh_token": secrets::generate(),
        "expires_in": exp - now,
        "expires": expires,
    })))
}
