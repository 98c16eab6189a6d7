//! `GET /api/demo/whoami`: a protected route of the vendor's own API, as a customer's service
//! would call it. It proves a generated token works: an access token in `X-API-KEY`, or the
//! Bearer JWT from exchanging client credentials. Deleted and expired tokens are refused at
//! once, because every call checks the live token; so are an exchanged JWT whose secret has
//! since been rolled (past its grace window) and the previous secret of an access token once
//! its window ends. An access token's use through `X-API-KEY`
//! is recorded as its last use (a client-credentials token's at the exchange).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::app::AppState;
use crate::auth;
use crate::client_ip::ClientIp;
use crate::error::{AppError, AppResult};
use crate::secrets;
use crate::store::{self, Token};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/demo/whoami", get(whoami))
}

async fn whoami(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> AppResult<Json<Value>> {
    let refused = |why: &str| AppError::unauthorized(why.to_string());
    // Whether the token authenticates here (an access token) rather than at the exchange.
    let mut via_api_key = false;
    let token = if let Some(key) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        let hash = secrets::hash(&state.keys.secret, key.trim());
        let (token, hashes) = state
            .db(move |c| store::access_token_by_hash(c, &hash))
            .await?
            .ok_or_else(|| refused("invalid API key"))?;
        // The current key, or the one before the last roll while its grace window is open.
        let open_previous = hashes.open_previous(&token, &store::now());
        if secrets::check(
            &state.keys.secret,
            key.trim(),
            &hashes.current,
            open_previous,
        )
        .is_none()
        {
            return Err(refused("invalid API key"));
        }
        via_api_key = true;
        token
    } else if let Some(jwt) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
    {
        let claims =
            auth::verify(&state.keys.jwt, jwt.trim(), auth::now_secs()).map_err(refused)?;
        if claims.typ != auth::TYP_API_TOKEN {
            return Err(refused("not an API token"));
        }
        let id = claims.sub.clone();
        let (token, hashes) = state
            .db(move |c| store::token_by_id(c, &id))
            .await?
            .filter(|(t, _)| t.tenant_id == claims.tenant_id)
            .ok_or_else(|| refused("token revoked"))?;
        // Issued for a secret that still works: the current one, or the previous one inside
        // its grace window. A roll without grace, or a window's end, stops it at once.
        let now = store::now();
        let still_works = [
            Some(hashes.current.as_slice()),
            hashes.open_previous(&token, &now),
        ]
        .into_iter()
        .flatten()
        .any(|h| claims.sfp.as_deref() == Some(secrets::fingerprint(h).as_str()));
        if !still_works {
            return Err(refused(
                "the secret this token was issued for no longer works: exchange the client credentials again",
            ));
        }
        token
    } else {
        return Err(refused(
            "send an access token in X-API-KEY or a Bearer token",
        ));
    };
    if token.is_expired(&store::now()) {
        return Err(refused("token expired"));
    }
    if via_api_key {
        state.record_use(&token.id, ip).await;
    }
    describe(&state, token).await.map(Json)
}

async fn describe(state: &AppState, token: Token) -> AppResult<Value> {
    state
        .db(move |c| {
            let tenant_name = store::tenant_settings(c, &token.tenant_id)?
                .ok_or_else(|| AppError::unauthorized("tenant no longer exists"))?
                .name;
            // Personal tokens act with their owner's current roles.
            let (owner, roles) = match &token.owner_user_id {
                Some(uid) => {
                    let (name, email) = store::user_brief(c, uid)?
                        .ok_or_else(|| AppError::unauthorized("token owner no longer exists"))?;
                    (
                        json!({ "type": "user", "userId": uid, "name": name, "email": email }),
                        store::user_roles(c, uid)?,
                    )
                }
                None => {
                    let all = store::tenant_roles(c, &token.tenant_id)?;
                    (
                        json!({ "type": "tenant" }),
                        all.into_iter().filter(|r| token.role_ids.contains(&r.id)).collect(),
                    )
                }
            };
            Ok::<_, AppError>(json!({
                "tenantId": token.tenant_id,
                "tenantName": tenant_name,
                "tokenId": token.id,
                "tokenType": token.source.kind().strategy(),
                "owner": owner,
                "roles": roles.iter().map(|r| json!({ "id": r.id, "key": r.key, "name": r.name, "level": r.level })).collect::<Vec<_>>(),
                "permissionIds": token.permission_ids,
                "expires": token.expires_at,
            }))
        })
        .await
}
