//! The four token sources: list, create, delete; and PATCH of tenant client credentials. Our
//! extension on all four: roll a token's secret with a grace window for the old one
//! (`POST …/{id}/rotate`), end that window now (`DELETE …/{id}/previous-secret`), and a token's
//! history (`GET …/{id}/events`).
//!
//! One set of handlers serves all four, parameterised by a [`Source`], so every rule
//! (permissions, validation, isolation, role levels) is applied once. Every change records an
//! event with who made it (the signed-in user) and from where (the client address).

use crate::db::Conn;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use axum::{Extension, Json, Router};
use serde_json::{json, Value};
use tracing::info;

use crate::app::AppState;
use crate::auth::AuthUser;
use crate::client_ip::ClientIp;
use crate::dto::{self, CreateToken, RotateToken, UpdateToken};
use crate::error::{AppError, AppResult, JsonBody};
use crate::rules;
use crate::secrets;
use crate::store::{self, ListId, NewToken, Token, TokenUpdate};
use api_tokens_rules::{permission_key, Above, Action, Owner, Source, TokenType};

/// Routes under `/identity/resources`. Each source's routes carry it as an [`Extension`], so
/// the handlers serve all four.
pub fn routes() -> Router<AppState> {
    let mut r = Router::new();
    for (base, src, create_paths) in [
        (
            "/tenants/api-tokens",
            Source::AccountClients,
            &["/v1", "/v2"][..],
        ),
        (
            "/tenants/access-tokens",
            Source::AccountAccess,
            &["/v1"][..],
        ),
        ("/users/api-tokens", Source::PersonalClients, &["/v1"][..]),
        ("/users/access-tokens", Source::PersonalAccess, &["/v1"][..]),
    ] {
        let mut one = Router::new().route(&format!("{base}/v1"), get(list));
        for p in create_paths {
            one = one.route(&format!("{base}{p}"), post(create));
        }
        let one = one
            .route(&format!("{base}/v1/{{id}}"), delete(remove))
            .route(&format!("{base}/v1/{{id}}/rotate"), post(rotate))
            .route(
                &format!("{base}/v1/{{id}}/previous-secret"),
                delete(end_previous_secret),
            )
            .route(&format!("{base}/v1/{{id}}/events"), get(events));
        r = r.merge(one.layer(Extension(src)));
    }
    r.route("/tenants/api-tokens/v1/{id}", patch(update))
}

async fn list(
    State(state): State<AppState>,
    Extension(src): Extension<Source>,
    user: AuthUser,
) -> AppResult<Response> {
    let list = list_for(&user, src, Action::Read)?;
    let json = |body: Bytes| ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    enum Found {
        Kept(Bytes),
        Read(i64, Vec<store::Token>),
    }
    let (lists, key) = (state.lists.clone(), list.clone());
    let found = state
        .db(move |c| {
            // A grace window that ran out is closed (a change, bumping the version) before the
            // list is read, so none is listed as open.
            end_lapsed_windows(c, key.tenant_id())?;
            let version = store::tokens_version(c, key.tenant_id())?;
            if let Some(body) = lists.get(&key, version) {
                return Ok(Found::Kept(body));
            }
            // Not kept at the current version: the version again and the rows from one
            // snapshot of the database, so the rows are the ones at that version, whichever
            // instance or process wrote last.
            let snapshot = c.snapshot()?;
            let version = store::tokens_version(&snapshot, key.tenant_id())?;
            let tokens = store::list_tokens(&snapshot, &key)?;
            snapshot.commit()?;
            Ok::<_, crate::db::Error>(Found::Read(version, tokens))
        })
        .await?;
    let (version, tokens) = match found {
        Found::Kept(body) => return Ok(json(body)),
        Found::Read(version, tokens) => (version, tokens),
    };
    let body = Bytes::from(dto::token_list(src, &tokens).map_err(AppError::internal)?);
    state.lists.put(list, version, body.clone());
    Ok(json(body))
}

async fn create(
    State(state): State<AppState>,
    Extension(src): Extension<Source>,
    user: AuthUser,
    ClientIp(ip): ClientIp,
    JsonBody(body): JsonBody<CreateToken>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let list = list_for(&user, src, Action::Write)?;
    let description =
        rules::validate_description(body.description.as_deref()).map_err(AppError::bad_request)?;
    let expires =
        rules::validate_expires(body.expires_in_minutes.as_ref()).map_err(AppError::bad_request)?;
    let metadata = validate_metadata(body.metadata)?.unwrap_or_else(|| json!({}));

    let secret = secrets::generate();
    let secret_hash = secrets::hash(&state.keys.secret, &secret);
    let now = chrono::Utc::now();
    let created_at = store::timestamp(now);
    let expires_at = expires.map(|m| store::timestamp(now + chrono::Duration::minutes(m)));
    let role_ids = body.role_ids;
    let caps = (state.max_tokens_per_tenant, state.max_tokens_per_user);
    let permission_ids = if src.kind() == TokenType::ClientCredentials {
        body.permission_ids
    } else {
        None
    };

    let token = state
        .db(move |c| {
            // What the rules read (the tenant's settings, its roles) and the write, in one
            // transaction.
            let tx = c.transaction()?;
            let c = &*tx;
            let settings = store::tenant_settings(c, &user.tenant_id)?
                .ok_or_else(|| AppError::unauthorized("tenant no longer exists"))?;
            // The tenant's expiry policy holds for its account tokens and its users' own alike.
            rules::check_policy(expires, settings.max_expires_in_minutes)
                .map_err(AppError::bad_request)?;
            crate::limits::check_token_counts(c, &user.tenant_id, &user.user_id, caps.0, caps.1)?;
            let (role_ids, permission_ids) = if src.owner() == Owner::Account {
                let (r, p) = check_assignments(c, &user, role_ids, permission_ids)?;
                if settings.force_permissions && r.is_empty() && p.is_empty() {
                    return Err(AppError::bad_request(
                        "roleIds: at least one role is required for account tokens",
                    ));
                }
                (r, p)
            } else {
                // Personal tokens act with the user's own roles; they carry none themselves.
                (vec![], vec![])
            };
            let actor = user.actor(ip);
            let token = store::insert_token(
                c,
                NewToken {
                    id: uuid::Uuid::new_v4().to_string(),
                    list,
                    description: Some(description),
                    secret_hash,
                    created_by_user_id: Some(user.user_id.clone()),
                    created_at,
                    expires_at,
                    metadata,
                    role_ids,
                    permission_ids,
                },
                &actor,
            )?;
            tx.commit()?;
            Ok(token)
        })
        .await?;
    info!(token_id = %token.id, tenant_id = %token.tenant_id, kind = store::kind_column(src.kind()),
        personal = src.owner() == Owner::Personal, "token created");
    Ok((
        StatusCode::CREATED,
        Json(
            serde_json::to_value(dto::token_body(&token, Some(&secret)))
                .map_err(AppError::internal)?,
        ),
    ))
}

async fn remove(
    State(state): State<AppState>,
    Extension(src): Extension<Source>,
    user: AuthUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let list = list_for(&user, src, Action::Delete)?;
    let (id2, actor) = (id.clone(), user.actor(ip));
    let tenant_id = user.tenant_id.clone();
    state
        .db(move |c| {
            let tx = c.transaction()?;
            // A window that ran out before the token went is in its history as such; and
            // nobody deletes a token above them (our extension: Frontegg decides by the
            // permission alone; `levelRuleOnDelete` says so to the tab).
            token_to_change(&tx, &list, &id2, &user, &store::now(), "delete")?;
            if !store::delete_token(&tx, &list, &id2, &actor)? {
                return Err(token_not_found());
            }
            tx.commit()?;
            Ok::<_, AppError>(())
        })
        .await?;
    info!(token_id = %id, tenant_id = %tenant_id, "token deleted");
    Ok(StatusCode::OK)
}

async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<UpdateToken>,
) -> AppResult<Json<Value>> {
    let list = list_for(&user, Source::AccountClients, Action::Write)?;
    let description = match body.description.as_deref() {
        Some(d) => Some(rules::validate_description(Some(d)).map_err(AppError::bad_request)?),
        None => None,
    };
    let metadata = validate_metadata(body.metadata)?;
    let actor = user.actor(ip);
    let token = state
        .db(move |c| {
            // The token as it is, the roles and permissions the level rule reads and the
            // write, in one transaction. Nobody changes a token above them, whatever the
            // field: not its description or metadata either.
            let tx = c.transaction()?;
            let c = &*tx;
            token_to_change(c, &list, &id, &user, &store::now(), "edit")?;
            let (role_ids, permission_ids) =
                if body.role_ids.is_some() || body.permission_ids.is_some() {
                    let (r, p) = check_assignments(
                        c,
                        &user,
                        body.role_ids.clone(),
                        body.permission_ids.clone(),
                    )?;
                    (body.role_ids.map(|_| r), body.permission_ids.map(|_| p))
                } else {
                    (None, None)
                };
            let updated = store::update_token(
                c,
                &list,
                &id,
                TokenUpdate {
                    description,
                    role_ids,
                    permission_ids,
                    metadata,
                },
                &actor,
            )?
            .ok_or_else(token_not_found)?;
            tx.commit()?;
            Ok::<_, AppError>(updated)
        })
        .await?;
    info!(token_id = %token.id, tenant_id = %token.tenant_id, "token updated");
    Ok(Json(
        serde_json::to_value(dto::token_body(&token, None)).map_err(AppError::internal)?,
    ))
}

/// `POST {source}/{id}/rotate` (our extension): a new secret for token `id`, returned this
/// once; the old one keeps working for `graceMinutes` (0: not at all). The token keeps its id.
/// Needs the source's write permission, and the caller must hold everything the token does:
/// a new secret of a token with a role above theirs would hand them that role.
async fn rotate(
    State(state): State<AppState>,
    Extension(src): Extension<Source>,
    user: AuthUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RotateToken>,
) -> AppResult<Response> {
    let list = list_for(&user, src, Action::Write)?;
    let grace =
        rules::validate_grace(body.grace_minutes.as_ref()).map_err(AppError::bad_request)?;
    let secret = secrets::generate();
    let new_hash = secrets::hash(&state.keys.secret, &secret);
    let actor = user.actor(ip);
    let token = state
        .db(move |c| {
            let tx = c.transaction()?;
            let now = chrono::Utc::now();
            let at = store::timestamp(now);
            let token = token_to_change(&tx, &list, &id, &user, &at, "roll the secret of")?;
            if token.is_expired(&at) {
                return Err(AppError::bad_request(
                    "this token has expired: a new secret would not make it work again (create a new token instead)",
                ));
            }
            let until = (grace > 0).then(|| store::timestamp(now + chrono::Duration::minutes(grace)));
            let rolled = store::rotate_secret(&tx, &token, &new_hash, until.as_deref(), &at, &actor)?;
            tx.commit()?;
            Ok::<_, AppError>(rolled)
        })
        .await?;
    info!(token_id = %token.id, tenant_id = %token.tenant_id, grace_minutes = grace, "token secret rolled");
    in_order(&dto::token_body(&token, Some(&secret)))
}

/// `DELETE {source}/{id}/previous-secret` (our extension): the secret before the last roll
/// stops working now. 404 when no grace window is open. Whoever may roll the token may end
/// its window (rolling with no grace does as much).
async fn end_previous_secret(
    State(state): State<AppState>,
    Extension(src): Extension<Source>,
    user: AuthUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let list = list_for(&user, src, Action::Write)?;
    let actor = user.actor(ip);
    let token = state
        .db(move |c| {
            let tx = c.transaction()?;
            let at = store::now();
            let token = token_to_change(&tx, &list, &id, &user, &at, "end the grace window of")?;
            if !store::end_previous_secret(&tx, &token, &at, &actor)? {
                return Err(AppError::not_found(
                    "this token has no previous secret in a grace window",
                ));
            }
            let ended = store::get_token(&tx, &list, &id)?.ok_or_else(token_not_found)?;
            tx.commit()?;
            Ok::<_, AppError>(ended)
        })
        .await?;
    info!(token_id = %token.id, tenant_id = %token.tenant_id, "previous secret ended");
    in_order(&dto::token_body(&token, None))
}

/// `GET {source}/{id}/events` (our extension): token `id`'s history, newest first. A deleted
/// token's history stays readable through the source it was in, by whoever may read that
/// source (for a personal token: its owner); an id that was never in the caller's list is 404.
async fn events(
    State(state): State<AppState>,
    Extension(src): Extension<Source>,
    user: AuthUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let list = list_for(&user, src, Action::Read)?;
    let events = state
        .db(move |c| {
            end_lapsed_windows(c, list.tenant_id())?;
            let events = store::token_events(c, &list, &id)?;
            if events.is_empty() && store::get_token(c, &list, &id)?.is_none() {
                return Err(token_not_found());
            }
            Ok::<_, AppError>(events)
        })
        .await?;
    let body: Vec<_> = events.iter().map(dto::event).collect();
    in_order(&body)
}

/// The list of source `src` that `user` sees, once they hold the permission to `action` it
/// (403 naming the permission otherwise).
fn list_for(user: &AuthUser, src: Source, action: Action) -> AppResult<ListId> {
    user.require(permission_key(action, src.owner()))?;
    Ok(ListId::seen_by(src, &user.tenant_id, &user.user_id))
}

/// A JSON answer with the fields in the order `body` writes them (a `serde_json::Value` would
/// sort them).
fn in_order(body: &impl serde::Serialize) -> AppResult<Response> {
    let bytes = serde_json::to_vec(body).map_err(AppError::internal)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], bytes).into_response())
}

/// Closes the grace windows of `tenant_id` that have run out ([`store::end_lapsed_windows`]),
/// in a transaction of its own. Most reads find none: that is asked first, in one statement
/// (a transaction would be three round trips to PostgreSQL on every list).
fn end_lapsed_windows(c: &Conn, tenant_id: &str) -> crate::db::Result<()> {
    let now = store::now();
    if !store::any_lapsed_window(c, tenant_id, &now)? {
        return Ok(());
    }
    let tx = c.transaction()?;
    store::end_lapsed_windows(&tx, tenant_id, &now)?;
    tx.commit()
}

/// In `tx`, as of `at`: token `id` of `list`, to be changed by `user`. The grace windows that
/// ran out are closed first; 404 when the token is not there, 403 when it is above `user`
/// ([`may_act`]; `what` says what was refused).
fn token_to_change(
    tx: &Conn,
    list: &ListId,
    id: &str,
    user: &AuthUser,
    at: &str,
    what: &str,
) -> AppResult<Token> {
    store::end_lapsed_windows(tx, list.tenant_id(), at)?;
    let token = store::get_token(tx, list, id)?.ok_or_else(token_not_found)?;
    may_act(tx, user, &token, what)?;
    Ok(token)
}

/// The 404 of a token that is not in the caller's list (or in no list at all).
fn token_not_found() -> AppError {
    AppError::not_found("token not found")
}

/// 403 when `token` is above `user` ([`api_tokens_rules::may_act_on`]: it holds a role above
/// their highest or a permission they do not hold), naming which; `what` says what was refused
/// ("roll the secret of"). Every write route asks it: edit, roll, ending a window, delete.
fn may_act(c: &Conn, user: &AuthUser, token: &Token, what: &str) -> AppResult<()> {
    let roles = if token.role_ids.is_empty() {
        Vec::new()
    } else {
        store::tenant_roles(c, &user.tenant_id)?
    };
    let permissions = if token.permission_ids.is_empty() {
        Vec::new()
    } else {
        store::all_permissions(c)?
    };
    // Most privileged first (`tenant_roles`' order): the role named is the highest above.
    let held_roles = roles
        .iter()
        .filter(|r| token.role_ids.contains(&r.id))
        .map(|r| (r.name.as_str(), r.level));
    let held_permissions = permissions
        .iter()
        .filter(|p| token.permission_ids.contains(&p.id))
        .map(|p| p.key.as_str());
    api_tokens_rules::may_act_on(
        user.level(),
        &user.permissions,
        held_roles,
        held_permissions,
    )
    .map_err(|above| {
        AppError::forbidden(match (above, highest_role(user)) {
            (Above::Role(r), Some(h)) => format!(
                "cannot {what} this token: it has role {r}, which is above your highest role, {h}"
            ),
            (Above::Role(r), None) => {
                format!("cannot {what} this token: it has role {r}, and your roles have no level")
            }
            (Above::Permission(p), _) => {
                format!("cannot {what} this token: it has permission {p}, which you do not hold")
            }
        })
    })
}

/// The name of the caller's highest role (the one at their level), if any role has a level.
fn highest_role(user: &AuthUser) -> Option<&str> {
    let caller = user.level();
    user.roles
        .iter()
        .filter(|r| r.level.is_some() && r.level == caller)
        .map(|r| r.name.as_str())
        .next()
}

fn validate_metadata(m: Option<Value>) -> AppResult<Option<Value>> {
    match m {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v)),
        Some(_) => Err(AppError::bad_request("metadata must be a JSON object")),
    }
}

/// Checks the roles and permissions a tenant token is to carry: every id must exist in the
/// caller's tenant (400 otherwise), every role must be at the caller's level or below and
/// every permission one the caller holds (403 otherwise). Returns them deduplicated.
fn check_assignments(
    c: &Conn,
    user: &AuthUser,
    role_ids: Option<Vec<String>>,
    permission_ids: Option<Vec<String>>,
) -> AppResult<(Vec<String>, Vec<String>)> {
    let mut role_ids = role_ids.unwrap_or_default();
    role_ids.sort();
    role_ids.dedup();
    let mut permission_ids = permission_ids.unwrap_or_default();
    permission_ids.sort();
    permission_ids.dedup();

    if !role_ids.is_empty() {
        let roles = store::tenant_roles(c, &user.tenant_id)?;
        let unknown: Vec<&str> = role_ids
            .iter()
            .filter(|id| !roles.iter().any(|r| &r.id == *id))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            return Err(AppError::bad_request(format!(
                "unknown role id(s): {}",
                unknown.join(", ")
            )));
        }
        let caller = user.level();
        let highest = highest_role(user);
        for r in roles.iter().filter(|r| role_ids.contains(&r.id)) {
            if !api_tokens_rules::may_assign(caller, r.level) {
                return Err(AppError::forbidden(match highest {
                    Some(h) => format!(
                        "cannot assign role {}: it is above your highest role, {h}",
                        r.name
                    ),
                    None => format!(
                        "cannot assign role {}: your roles have no level, so you may assign only roles without one",
                        r.name
                    ),
                }));
            }
        }
        // When both are sent, roleIds win (Frontegg's rule).
        permission_ids.clear();
    } else if !permission_ids.is_empty() {
        let all = store::all_permissions(c)?;
        for id in &permission_ids {
            let p = all
                .iter()
                .find(|p| &p.id == id)
                .ok_or_else(|| AppError::bad_request(format!("unknown permission id: {id}")))?;
            user.require(&p.key).map_err(|_| {
                AppError::forbidden(format!(
                    "cannot grant permission {}: you do not hold it",
                    p.key
                ))
            })?;
        }
    }
    Ok((role_ids, permission_ids))
}
