//! The four token sources' routes: list, create, delete; PATCH of tenant client credentials;
//! and our extensions on all four: roll a token's secret with a grace window for the old one
//! (`POST …/{id}/rotate`), end that window now (`DELETE …/{id}/previous-secret`), and a token's
//! history (`GET …/{id}/events`). Each handler reads the request, asks the service
//! (`service::tokens`, where the rules are applied) and answers in the source's shape.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Router};

use super::super::client_ip::ClientIp;
use super::super::dto::{self, BulkDelete, CreateToken, RenewToken, RotateToken, UpdateToken};
use super::super::error::{AppError, AppResult, JsonBody};
use super::super::list_cache::ListCache;
use super::super::metrics::Metrics;
use super::super::AppState;
use crate::domain::User;
use crate::service::Service;
use api_tokens_rules::wire::{
    ALL_MEMBERS, BULK_DELETE, ENABLE, EVENTS, PREVIOUS_SECRET, RENEW, ROTATE, USAGE, USERS,
};
use api_tokens_rules::Source;

/// Routes under `/identity/resources` (paths from the wire contract). Each source's routes
/// carry it as an [`Extension`], so the handlers serve all four.
pub fn routes() -> Router<AppState> {
    let mut r = Router::new();
    for src in Source::ALL {
        let list_path = src.list_path();
        let mut one = Router::new().route(&format!("/{list_path}"), get(list));
        for p in src.create_paths() {
            one = one.route(&format!("/{p}"), post(create));
        }
        let token = format!("/{list_path}/{{id}}");
        // PATCH: Frontegg's on account client credentials; ours on the other three
        // (description and allowlist).
        let one = one
            .route(&token, delete(remove).patch(update))
            .route(&format!("{token}/{ROTATE}"), post(rotate))
            .route(&format!("{token}/{RENEW}"), post(renew))
            .route(&format!("{token}/{ENABLE}"), post(enable))
            .route(
                &format!("{token}/{PREVIOUS_SECRET}"),
                delete(end_previous_secret),
            )
            .route(&format!("{token}/{EVENTS}"), get(events))
            .route(&format!("{token}/{USAGE}"), get(usage));
        let one = one.route(
            &format!("/{list_path}/{BULK_DELETE}"),
            post(bulk_delete).layer(DefaultBodyLimit::max(super::super::BULK_BODY_LIMIT)),
        );
        r = r.merge(one.layer(Extension(src)));
    }
    r.route(&format!("/{USERS}/{{id}}"), delete(remove_member))
}

async fn list(
    State(service): State<Service>,
    State(lists): State<Arc<ListCache>>,
    State(metrics): State<Arc<Metrics>>,
    Extension(src): Extension<Source>,
    user: User,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let json = |body: Bytes| ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    // Our extension: every member's personal tokens, for an admin who manages them (never
    // kept: such a list is rare, and read fresh).
    // Read among the query's parts: a browser's fetch wrapper may add an empty one
    // (`?members=all&`), a client another parameter.
    if query
        .as_deref()
        .is_some_and(|q| q.split('&').any(|part| part == ALL_MEMBERS))
    {
        let tokens = service.member_tokens(&user, src).await?;
        let body = dto::member_token_list(src, &tokens).map_err(AppError::internal)?;
        return Ok(json(Bytes::from(body)));
    }
    let (list, version) = service.list_version(&user, src).await?;
    let kept = lists.get(&list, version);
    metrics.list_read(kept.is_some());
    if let Some(body) = kept {
        return Ok(json(body));
    }
    // Not kept at the current version: read at the version the rows are read at.
    let (version, tokens) = service.list_tokens(list.clone()).await?;
    let body = Bytes::from(dto::token_list(src, &tokens).map_err(AppError::internal)?);
    lists.put(list, version, body.clone());
    Ok(json(body))
}

async fn create(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    ClientIp(ip): ClientIp,
    JsonBody(body): JsonBody<CreateToken>,
) -> AppResult<Response> {
    let made = service.create(user, ip, src, body.into()).await?;
    let mut resp = in_order(&dto::token_body(&made.token, Some(&made.secret)))?;
    *resp.status_mut() = StatusCode::CREATED;
    Ok(resp)
}

async fn remove(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    service.delete(user, ip, src, id).await?;
    Ok(StatusCode::OK)
}

async fn update(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<UpdateToken>,
) -> AppResult<Response> {
    let token = service.edit(user, ip, src, id, body.into()).await?;
    in_order(&dto::token_body(&token, None))
}

/// `POST {source}/{id}/rotate` (our extension): a new secret, returned this once.
async fn rotate(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RotateToken>,
) -> AppResult<Response> {
    let rolled = service.roll(user, ip, src, id, body.grace_minutes).await?;
    in_order(&dto::token_body(&rolled.token, Some(&rolled.secret)))
}

/// `POST {source}/{id}/renew` (our extension): a new expiry, `expiresInMinutes` from now; the
/// token keeps its id, secret and history.
async fn renew(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RenewToken>,
) -> AppResult<Response> {
    let token = service
        .renew(user, ip, src, id, body.expires_in_minutes)
        .await?;
    in_order(&dto::token_body(&token, None))
}

/// `POST {source}/{id}/enable` (our extension): a token the idle policy disabled works again.
async fn enable(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let token = service.enable(user, ip, src, id).await?;
    in_order(&dto::token_body(&token, None))
}

/// `DELETE {source}/{id}/previous-secret` (our extension): the secret before the last roll
/// stops working now.
async fn end_previous_secret(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let token = service.end_previous_secret(user, ip, src, id).await?;
    in_order(&dto::token_body(&token, None))
}

/// `GET {source}/{id}/events` (our extension): token `id`'s history, newest first.
async fn events(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let events = service.events(&user, src, id).await?;
    let body: Vec<_> = events.iter().map(dto::event).collect();
    in_order(&body)
}

/// `GET {source}/{id}/usage?days=30` (our extension): token `id`'s uses and refused attempts
/// per day, oldest first, and its recent addresses, the latest first.
async fn usage(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    Path(id): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> AppResult<Response> {
    let days = query.get("days").map(String::as_str);
    let usage = service.usage(&user, src, id, days).await?;
    in_order(&dto::usage(&usage))
}

/// `POST {source}/bulk-delete` (our extension): each id deleted in a transaction of its own,
/// or with `dryRun` what would happen.
async fn bulk_delete(
    State(service): State<Service>,
    Extension(src): Extension<Source>,
    user: User,
    ClientIp(ip): ClientIp,
    JsonBody(body): JsonBody<BulkDelete>,
) -> AppResult<Response> {
    let outcomes = service
        .bulk_delete(user, ip, src, body.ids, body.dry_run)
        .await?;
    in_order(&dto::bulk_deleted(body.dry_run, &outcomes))
}

/// `DELETE users/v1/{userId}` (Frontegg's route): the member leaves the tenant, and the
/// reference backend revokes their personal tokens with them.
async fn remove_member(
    State(service): State<Service>,
    user: User,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let revoked = service.remove_member(user, ip, id.clone()).await?;
    in_order(&serde_json::json!({"userId": id, "revokedTokens": revoked}))
}

/// A JSON answer with the fields in the order `body` writes them (a `serde_json::Value` would
/// sort them).
fn in_order(body: &impl serde::Serialize) -> AppResult<Response> {
    let bytes = serde_json::to_vec(body).map_err(AppError::internal)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], bytes).into_response())
}
