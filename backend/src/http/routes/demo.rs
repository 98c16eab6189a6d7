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

use super::super::client_ip::ClientIp;
use super::super::error::AppResult;
use super::super::extract::bearer;
use super::super::AppState;
use crate::domain::Error;
use crate::service::Service;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/demo/whoami", get(whoami))
}

async fn whoami(
    State(service): State<Service>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> AppResult<Json<Value>> {
    let token = if let Some(key) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        service.access_token(key.trim(), ip).await?
    } else if let Some(jwt) = bearer(&headers) {
        service.exchanged_token(jwt).await?
    } else {
        return Err(
            Error::unauthorized("send an access token in X-API-KEY or a Bearer token").into(),
        );
    };
    let who = service.whoami(token).await?;
    let token = &who.token;
    let owner = match &who.owner {
        Some((uid, name, email)) => {
            json!({ "type": "user", "userId": uid, "name": name, "email": email })
        }
        None => json!({ "type": "tenant" }),
    };
    Ok(Json(json!({
        "tenantId": token.tenant_id,
        "tenantName": who.tenant_name,
        "tokenId": token.id,
        "tokenType": token.source.kind().strategy(),
        "owner": owner,
        "roles": who.roles.iter().map(|r| json!({ "id": r.id, "key": r.key, "name": r.name, "level": r.level })).collect::<Vec<_>>(),
        "permissionIds": token.permission_ids,
        "expires": token.expires_at,
    })))
}
