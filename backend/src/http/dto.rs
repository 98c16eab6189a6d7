//! Response bodies in Frontegg's exact shapes (camelCase, nullable fields as `null`), and the
//! request bodies the server accepts (unknown fields ignored).

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use api_tokens_rules::{Source, TokenType};

use crate::domain::usage::Usage;
#[cfg(test)]
use crate::domain::EventKind;
use crate::domain::{Delivery, Permission, Role, Timestamp, Token, TokenEvent, WebhookEvent};
use crate::service::members::Outcome;
use crate::service::tokens::{Create, Edit};
use crate::store::members::Member;

/// One token in the shape of its source, serialised straight from the stored row (a list of
/// 10,000 builds no intermediate JSON tree). `secret` appears only on create and rotate.
pub struct TokenBody<'a> {
    token: &'a Token,
    secret: Option<&'a str>,
    /// In an admin's list of every member's tokens (`?members=all`): the owner.
    member: Option<&'a Member>,
}

/// `t` in the shape of its source; `secret` only on create and rotate.
pub fn token_body<'a>(t: &'a Token, secret: Option<&'a str>) -> TokenBody<'a> {
    TokenBody {
        token: t,
        secret,
        member: None,
    }
}

/// The body of an admin's list of every member's personal tokens of `source` (our extension,
/// `?members=all`): the source's shape, each item with `ownerUserId`, `ownerName`,
/// `ownerEmail` and `ownerRoleIds`.
pub fn member_token_list(
    source: Source,
    tokens: &[(Token, Member)],
) -> serde_json::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Wrapped<'a> {
        #[serde(rename = "accessTokens")]
        access_tokens: &'a [TokenBody<'a>],
    }
    let items: Vec<TokenBody> = tokens
        .iter()
        .map(|(t, m)| TokenBody {
            token: t,
            secret: None,
            member: Some(m),
        })
        .collect();
    match source.kind() {
        TokenType::ClientCredentials => serde_json::to_vec(&items),
        TokenType::AccessToken => serde_json::to_vec(&Wrapped {
            access_tokens: &items,
        }),
    }
}

/// Our extension: the body of `POST {source}/bulk-delete`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkDelete {
    pub ids: Vec<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Its answer: each id's outcome (`deleted`, `notFound`, `notAllowed` with `reason`), in the
/// order asked (an id named twice answered once).
pub fn bulk_deleted(dry_run: bool, outcomes: &[(String, Outcome)]) -> Value {
    let items: Vec<Value> = outcomes
        .iter()
        .map(|(id, o)| match o {
            Outcome::Deleted => json!({"id": id, "outcome": "deleted"}),
            Outcome::NotFound => json!({"id": id, "outcome": "notFound"}),
            Outcome::NotAllowed(why) => json!({"id": id, "outcome": "notAllowed", "reason": why}),
        })
        .collect();
    json!({"dryRun": dry_run, "items": items})
}

/// A field of a token on the wire, as Frontegg's spec has it.
#[derive(Clone, Copy)]
enum Field {
    Id,
    ClientId,
    Description,
    TenantId,
    CreatedByUserId,
    Metadata,
    CreatedAt,
    PermissionIds,
    RoleIds,
    Expires,
}

/// The spec's fields of each source's shape, in its order. Every source follows them with our
/// extensions (see [`TokenBody`]'s `serialize`), then `secret` on create and rotate.
fn shape(source: Source) -> &'static [Field] {
    use Field::*;
    match source {
        // `GetTenantApiTokensResponse`; with `secret`, `CreateTenantApiTokenResponseDto`.
        Source::AccountClients => &[
            ClientId,
            Description,
            TenantId,
            CreatedByUserId,
            Metadata,
            CreatedAt,
            PermissionIds,
            RoleIds,
            Expires,
        ],
        // `TenantAccessTokenResponse`.
        Source::AccountAccess => &[
            Id,
            Description,
            CreatedAt,
            Expires,
            RoleIds,
            CreatedByUserId,
        ],
        // `GetUserApiTokensResponseDto`; with `secret`, `CreateUserApiTokenResponseDto`.
        Source::PersonalClients => &[ClientId, Description, Metadata, CreatedAt, Expires],
        // `UserAccessTokenResponse`.
        Source::PersonalAccess => &[Id, Description, CreatedAt, Expires],
    }
}

impl Serialize for TokenBody<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.token;
        let fields = shape(t.source);
        // The spec's fields, our three, and the secret when there is one.
        let extra = usize::from(self.secret.is_some())
            + 3 * usize::from(self.member.is_some())
            + usize::from(t.disabled.is_some())
            + usize::from(!t.allowed_cidrs.is_empty())
            + usize::from(t.created_by_former_member);
        let mut map = s.serialize_map(Some(fields.len() + 3 + extra))?;
        for field in fields {
            match field {
                Field::Id => map.serialize_entry("id", &t.id)?,
                Field::ClientId => map.serialize_entry("clientId", &t.id)?,
                Field::Description => map.serialize_entry("description", &t.description)?,
                Field::TenantId => map.serialize_entry("tenantId", &t.tenant_id)?,
                Field::CreatedByUserId => {
                    map.serialize_entry("createdByUserId", &t.created_by_user_id)?
                }
                Field::Metadata => map.serialize_entry("metadata", &t.metadata)?,
                Field::CreatedAt => map.serialize_entry("createdAt", &t.created_at)?,
                Field::PermissionIds => map.serialize_entry("permissionIds", &t.permission_ids)?,
                Field::RoleIds => map.serialize_entry("roleIds", &t.role_ids)?,
                Field::Expires => map.serialize_entry("expires", &t.expires_at)?,
            }
        }
        // Our extensions (not in Frontegg's spec), on every source: when the token last
        // authenticated and from which client address, and until when the secret before the
        // last roll still works; each null when there is none.
        map.serialize_entry("lastUsedAt", &t.last_used_at)?;
        map.serialize_entry("lastUsedIp", &t.last_used_ip)?;
        map.serialize_entry("previousSecretExpiresAt", &t.previous_secret_expires_at)?;
        // Only while the token is disabled (the idle policy): since when, and after how many
        // days unused.
        if let Some(d) = &t.disabled {
            map.serialize_entry(
                "disabled",
                &serde_json::json!({"at": d.at, "afterUnusedDays": d.after_unused_days}),
            )?;
        }
        // In an admin's list of members' tokens: whose it is.
        if let Some(m) = self.member {
            map.serialize_entry("ownerUserId", &t.owner_user_id)?;
            map.serialize_entry("ownerName", &m.name)?;
            map.serialize_entry("ownerEmail", &m.email)?;
            map.serialize_entry("ownerRoleIds", &m.role_ids)?;
        }
        // Only when it is so: the user who made it was removed from the tenant.
        if t.created_by_former_member {
            map.serialize_entry("createdByFormerMember", &true)?;
        }
        // Only when it has one: the networks it may be used from.
        if !t.allowed_cidrs.is_empty() {
            let cidrs: Vec<String> = t.allowed_cidrs.iter().map(ToString::to_string).collect();
            map.serialize_entry("allowedCidrs", &cidrs)?;
        }
        if let Some(secret) = self.secret {
            map.serialize_entry("secret", secret)?;
        }
        map.end()
    }
}

/// The body of a list of one source: an array of its tokens, wrapped as
/// `{"accessTokens": [...]}` for access tokens. Serialised straight from the rows.
pub fn token_list(source: Source, tokens: &[Token]) -> serde_json::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Wrapped<'a> {
        #[serde(rename = "accessTokens")]
        access_tokens: &'a [TokenBody<'a>],
    }
    let items: Vec<TokenBody> = tokens.iter().map(|t| token_body(t, None)).collect();
    match source.kind() {
        TokenType::ClientCredentials => serde_json::to_vec(&items),
        TokenType::AccessToken => serde_json::to_vec(&Wrapped {
            access_tokens: &items,
        }),
    }
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
    /// Our extension: the IP allowlist.
    pub allowed_cidrs: Option<Vec<String>>,
}

impl From<CreateToken> for Create {
    fn from(b: CreateToken) -> Create {
        Create {
            description: b.description,
            expires_in_minutes: b.expires_in_minutes,
            role_ids: b.role_ids,
            permission_ids: b.permission_ids,
            metadata: b.metadata,
            allowed_cidrs: b.allowed_cidrs,
        }
    }
}

/// `UpdateApiTokenDto`, with our extension `allowedCidrs` (`[]` removes the allowlist).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateToken {
    pub description: Option<String>,
    pub role_ids: Option<Vec<String>>,
    pub permission_ids: Option<Vec<String>>,
    pub metadata: Option<Value>,
    pub allowed_cidrs: Option<Vec<String>>,
}

impl From<UpdateToken> for Edit {
    fn from(b: UpdateToken) -> Edit {
        Edit {
            description: b.description,
            role_ids: b.role_ids,
            permission_ids: b.permission_ids,
            metadata: b.metadata,
            allowed_cidrs: b.allowed_cidrs,
        }
    }
}

/// Our extension, `POST {source}/{id}/rotate`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RotateToken {
    /// Checked by `rules::validate_grace` (a whole number of minutes, required).
    pub grace_minutes: Option<Value>,
}

/// Our extension: the body of `POST {source}/{id}/renew`.
/// (`POST {source}/{id}/enable` takes none.)
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewToken {
    /// Checked by `rules::validate_expires` (a whole number of minutes, required here).
    pub expires_in_minutes: Option<Value>,
}

/// Our extension: an item of `GET {source}/{id}/events`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventBody<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    at: Timestamp,
    actor_user_id: Option<&'a str>,
    actor_name: Option<&'a str>,
    ip: Option<&'a str>,
    /// `refusedAttempts` only: how many were refused, and when the last was.
    #[serde(skip_serializing_if = "Option::is_none")]
    attempts: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_at: Option<Timestamp>,
    /// `reminderSent` only: which webhook event went out, and a `token.expiring`'s milestone (30, 7, 1 days before).
    #[serde(skip_serializing_if = "Option::is_none")]
    reminder: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    milestone: Option<i64>,
}

/// `e` on the wire.
pub fn event(e: &TokenEvent) -> EventBody<'_> {
    EventBody {
        kind: e.kind.as_str(),
        at: e.at,
        actor_user_id: e.actor_user_id.as_deref(),
        actor_name: e.actor_name.as_deref(),
        ip: e.ip.as_deref(),
        attempts: e.attempts,
        last_at: e.last_at,
        reminder: e.reminder.map(|(w, _)| w.as_str()),
        milestone: e
            .reminder
            .filter(|(w, _)| *w == WebhookEvent::Expiring)
            .and_then(|(_, days)| days),
    }
}

/// A token's use on the wire (`GET {source}/{id}/usage`, our extension).
pub fn usage(u: &Usage) -> Value {
    json!({
        "days": u.days.iter().map(|d| json!({"date": d.day, "uses": d.uses, "refused": d.refused})).collect::<Vec<_>>(),
        "addresses": u.addresses.iter().map(|(ip, s)| json!({
            "ip": ip, "firstSeen": s.first, "lastSeen": s.last, "uses": s.uses,
        })).collect::<Vec<_>>(),
    })
}

/// A delivery's `lastError` when the endpoint gave no answer (unreachable, timed out, not
/// HTTP); the detail is in the server's log.
pub const NO_ANSWER: &str = "the endpoint did not answer (the server's log says why)";

/// One webhook delivery on the wire (`GET webhooks/v1/deliveries`, our extension).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryBody<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    event: &'static str,
    token_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    milestone: Option<i64>,
    status: &'static str,
    attempts: i64,
    created_at: Timestamp,
    last_attempt_at: Option<Timestamp>,
    last_status: Option<i64>,
    last_error: Option<&'static str>,
    next_attempt_at: Option<Timestamp>,
    done_at: Option<Timestamp>,
}

/// `d` on the wire.
pub fn delivery(d: &Delivery) -> DeliveryBody<'_> {
    DeliveryBody {
        id: &d.id,
        event: d.event.as_str(),
        token_id: &d.token_id,
        milestone: d.days.filter(|_| d.event == WebhookEvent::Expiring),
        status: d.status.as_str(),
        attempts: d.attempts,
        created_at: d.created_at,
        last_attempt_at: d.last_attempt_at,
        last_status: d.last_status,
        // What went wrong names the vendor's own network ("cannot connect to 10.0.0.7:8443"):
        // the operator reads it in the logs; the tenant's admins are told no more than this.
        last_error: d.last_error.as_ref().map(|_| NO_ANSWER),
        next_attempt_at: d.next_attempt_at,
        done_at: d.done_at,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn an_event_has_its_five_fields_and_refused_attempts_their_count() {
        let e = TokenEvent {
            kind: EventKind::Rotated,
            at: stamp("2026-11-28T00:00:00.000Z"),
            actor_user_id: Some("u1".into()),
            actor_name: Some("Ann".into()),
            ip: Some("192.0.2.1".into()),
            attempts: None,
            last_at: None,
            reminder: None,
        };
        assert_eq!(
            serde_json::to_string(&event(&e)).unwrap(),
            r#"{"type":"rotated","at":"2026-11-28T00:00:00.000Z","actorUserId":"u1","actorName":"Ann","ip":"192.0.2.1"}"#
        );
        let lapsed = TokenEvent {
            kind: EventKind::PreviousSecretExpired,
            actor_user_id: None,
            actor_name: None,
            ip: None,
            ..e
        };
        assert_eq!(
            serde_json::to_string(&event(&lapsed)).unwrap(),
            r#"{"type":"previousSecretExpired","at":"2026-11-28T00:00:00.000Z","actorUserId":null,"actorName":null,"ip":null}"#
        );
        // Refused attempts, counted: how many and the last's time besides.
        let refused = TokenEvent {
            kind: EventKind::RefusedAttempts,
            attempts: Some(15),
            last_at: Some(stamp("2026-11-28T00:10:00.000Z")),
            ..lapsed
        };
        assert_eq!(
            serde_json::to_string(&event(&refused)).unwrap(),
            r#"{"type":"refusedAttempts","at":"2026-11-28T00:00:00.000Z","actorUserId":null,"actorName":null,"ip":null,"attempts":15,"lastAt":"2026-11-28T00:10:00.000Z"}"#
        );
        // A reminder sent: which, and the days left of an expiring one.
        let reminded = TokenEvent {
            kind: EventKind::ReminderSent,
            attempts: None,
            last_at: None,
            reminder: Some((crate::domain::WebhookEvent::Expiring, Some(7))),
            ..refused
        };
        assert_eq!(
            serde_json::to_string(&event(&reminded)).unwrap(),
            r#"{"type":"reminderSent","at":"2026-11-28T00:00:00.000Z","actorUserId":null,"actorName":null,"ip":null,"reminder":"token.expiring","milestone":7}"#
        );
    }

    fn token(source: Source) -> Token {
        Token {
            id: "t1".into(),
            tenant_id: "acme".into(),
            source,
            owner_user_id: None,
            description: Some("CI".into()),
            created_by_user_id: Some("u1".into()),
            created_at: stamp("2026-11-28T00:00:00.000Z"),
            expires_at: None,
            metadata: json!({"a": 1}),
            role_ids: vec!["r1".into()],
            permission_ids: vec![],
            last_used_at: None,
            disabled: None,
            last_used_ip: None,
            previous_secret_expires_at: None,
            allowed_cidrs: vec![],
            created_by_former_member: false,
        }
    }

    #[test]
    fn each_source_has_its_exact_shape_in_order() {
        let body = |source, secret| {
            let t = token(source);
            serde_json::to_string(&token_body(&t, secret)).unwrap()
        };
        assert_eq!(
            body(Source::AccountClients, None),
            r#"{"clientId":"t1","description":"CI","tenantId":"acme","createdByUserId":"u1","metadata":{"a":1},"createdAt":"2026-11-28T00:00:00.000Z","permissionIds":[],"roleIds":["r1"],"expires":null,"lastUsedAt":null,"lastUsedIp":null,"previousSecretExpiresAt":null}"#
        );
        assert_eq!(
            body(Source::AccountAccess, None),
            r#"{"id":"t1","description":"CI","createdAt":"2026-11-28T00:00:00.000Z","expires":null,"roleIds":["r1"],"createdByUserId":"u1","lastUsedAt":null,"lastUsedIp":null,"previousSecretExpiresAt":null}"#
        );
        assert_eq!(
            body(Source::PersonalClients, None),
            r#"{"clientId":"t1","description":"CI","metadata":{"a":1},"createdAt":"2026-11-28T00:00:00.000Z","expires":null,"lastUsedAt":null,"lastUsedIp":null,"previousSecretExpiresAt":null}"#
        );
        assert_eq!(
            body(Source::PersonalAccess, Some("s3cret")),
            r#"{"id":"t1","description":"CI","createdAt":"2026-11-28T00:00:00.000Z","expires":null,"lastUsedAt":null,"lastUsedIp":null,"previousSecretExpiresAt":null,"secret":"s3cret"}"#
        );
        let listed = |source| {
            let t = token(source);
            String::from_utf8(token_list(source, &[t]).unwrap()).unwrap()
        };
        assert_eq!(
            listed(Source::PersonalAccess),
            r#"{"accessTokens":[{"id":"t1","description":"CI","createdAt":"2026-11-28T00:00:00.000Z","expires":null,"lastUsedAt":null,"lastUsedIp":null,"previousSecretExpiresAt":null}]}"#
        );
        let mut used = token(Source::PersonalAccess);
        used.last_used_at = Some(stamp("2026-11-29T08:15:00.000Z"));
        used.last_used_ip = Some("2001:db8::17".into());
        assert_eq!(
            serde_json::to_string(&token_body(&used, None)).unwrap(),
            r#"{"id":"t1","description":"CI","createdAt":"2026-11-28T00:00:00.000Z","expires":null,"lastUsedAt":"2026-11-29T08:15:00.000Z","lastUsedIp":"2001:db8::17","previousSecretExpiresAt":null}"#
        );
        let mut pinned = token(Source::PersonalAccess);
        pinned.allowed_cidrs =
            api_tokens_rules::allowlist(["10.0.0.0/8", "2001:db8::/32"]).unwrap();
        assert_eq!(
            serde_json::to_string(&token_body(&pinned, None)).unwrap(),
            r#"{"id":"t1","description":"CI","createdAt":"2026-11-28T00:00:00.000Z","expires":null,"lastUsedAt":null,"lastUsedIp":null,"previousSecretExpiresAt":null,"allowedCidrs":["10.0.0.0/8","2001:db8::/32"]}"#
        );
        let mut rolled = token(Source::AccountClients);
        rolled.previous_secret_expires_at = Some(stamp("2026-11-30T08:15:00.000Z"));
        assert_eq!(
            serde_json::to_string(&token_body(&rolled, Some("n3w"))).unwrap(),
            r#"{"clientId":"t1","description":"CI","tenantId":"acme","createdByUserId":"u1","metadata":{"a":1},"createdAt":"2026-11-28T00:00:00.000Z","permissionIds":[],"roleIds":["r1"],"expires":null,"lastUsedAt":null,"lastUsedIp":null,"previousSecretExpiresAt":"2026-11-30T08:15:00.000Z","secret":"n3w"}"#
        );
        assert_eq!(
            listed(Source::PersonalClients),
            r#"[{"clientId":"t1","description":"CI","metadata":{"a":1},"createdAt":"2026-11-28T00:00:00.000Z","expires":null,"lastUsedAt":null,"lastUsedIp":null,"previousSecretExpiresAt":null}]"#
        );
    }
}
