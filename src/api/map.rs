//! From the spec's DTOs to the model's values: the one place each wire shape is read.

use super::dto::{self, TokenDto};
use super::{ApiError, CreatedToken};
use crate::model::account::{Authorization, Lifecycle, Profile, VendorSettings};
use crate::model::history::{EventKind, Reminder, TokenEvent};
use crate::model::owner::Member;
use crate::model::permissions::PermissionInfo;
use crate::model::roles::RoleInfo;
use crate::model::selection::Revoked;
use crate::model::time::parse_rfc3339;
use crate::model::token::Disabled;
use crate::model::usage::{DayUse, RecentAddress, TokenUsage};
use crate::model::{Abilities, Source, TokenRow, TokenType};

fn ts(s: &Option<String>) -> Option<i64> {
    s.as_deref().and_then(parse_rfc3339)
}

/// A token of `source` as the list shows it: its id is the client id (client credentials) or
/// the id (access tokens), roles and creator are read on account tokens only; a timestamp that
/// is not RFC 3339 counts as absent. No id: the answer is broken.
pub fn token(source: Source, t: TokenDto) -> Result<TokenRow, ApiError> {
    let (id, account) = match source {
        Source::AccountClients => (t.client_id, true),
        Source::AccountAccess => (t.id, true),
        Source::PersonalClients => (t.client_id, false),
        Source::PersonalAccess => (t.id, false),
    };
    let id = id.ok_or_else(|| ApiError::Decode("a token has no identifier".into()))?;
    Ok(TokenRow {
        source,
        id,
        description: t.description,
        created_at: ts(&t.created_at),
        expires_at: ts(&t.expires),
        role_ids: if account {
            t.role_ids.unwrap_or_default()
        } else {
            Vec::new()
        },
        permission_ids: if source == Source::AccountClients {
            t.permission_ids.unwrap_or_default()
        } else {
            Vec::new()
        },
        created_by_user_id: if account { t.created_by_user_id } else { None },
        last_used_at: ts(&t.last_used_at),
        last_used_ip: t.last_used_ip,
        previous_secret_expires_at: ts(&t.previous_secret_expires_at),
        // Any value but null says disabled; what it holds is read as far as it makes sense.
        disabled: t.disabled.filter(|d| !d.is_null()).map(|d| Disabled {
            at: d.get("at").and_then(|a| a.as_str()).and_then(parse_rfc3339),
            after_unused_days: d
                .get("afterUnusedDays")
                .and_then(serde_json::Value::as_f64)
                .filter(|n| n.is_finite() && *n >= 1.0 && *n <= 100_000.0)
                .map(|n| n as u32),
        }),
        allowed_cidrs: t
            .allowed_cidrs
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect(),
        created_by_former_member: account
            && t.created_by_former_member.and_then(|v| v.as_bool()) == Some(true),
        // Only an admin's list of every member's says whose (`member_token`).
        member: None,
    })
}

/// A token of personal `source` in an admin's list of every member's (`?members=all`, our
/// extension): a [`token`] with its owner.
pub fn member_token(source: Source, mut t: TokenDto) -> Result<TokenRow, ApiError> {
    let member = Member {
        user_id: t.owner_user_id.take().unwrap_or_default(),
        name: t.owner_name.take(),
        email: t.owner_email.take(),
        role_ids: t.owner_role_ids.take().unwrap_or_default(),
    };
    Ok(TokenRow {
        member: Some(std::sync::Arc::new(member)),
        ..token(source, t)?
    })
}

/// A create's answer: the token and its one-time secret, which the answer must hold.
pub fn created(source: Source, mut t: TokenDto) -> Result<CreatedToken, ApiError> {
    let secret = t
        .secret
        .take()
        .filter(|s| !s.expose().is_empty())
        .ok_or_else(|| ApiError::Decode("the create response has no secret".into()))?;
    Ok(CreatedToken {
        row: token(source, t)?,
        secret,
    })
}

/// A bulk delete's outcomes; an item without an id is dropped, an outcome this tab does not
/// know is a refusal that says it.
pub fn bulk_deleted(r: dto::BulkDeleteResponse) -> Vec<(String, Revoked)> {
    r.items
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| {
            let outcome = match i.outcome.as_deref() {
                Some("deleted") => Revoked::Yes,
                Some("notFound") => Revoked::NotFound,
                Some("notAllowed") => Revoked::NotAllowed(i.reason.unwrap_or_default()),
                other => Revoked::NotAllowed(other.unwrap_or_default().to_string()),
            };
            Some((i.id?, outcome))
        })
        .collect()
}

/// An event of a token's history; one without a type is not an event.
pub fn event(e: dto::TokenEventDto) -> Option<TokenEvent> {
    Some(TokenEvent {
        kind: match EventKind::parse(e.kind.as_deref()?) {
            EventKind::RefusedAttempts(_) => EventKind::RefusedAttempts(e.attempts.unwrap_or(1)),
            EventKind::RefusedAddress(_) => EventKind::RefusedAddress(e.attempts.unwrap_or(1)),
            EventKind::ReminderSent(_) => {
                EventKind::ReminderSent(Reminder::parse(e.reminder.as_deref(), e.milestone))
            }
            kind => kind,
        },
        at: ts(&e.at),
        actor_user_id: e.actor_user_id,
        actor_name: e.actor_name,
        ip: e.ip,
    })
}

/// A token's use: days without a date and addresses without an address are dropped; a count
/// that is not a whole number reads as 0.
pub fn usage(u: dto::UsageDto) -> TokenUsage {
    TokenUsage {
        days: u
            .days
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| {
                let date = d.date?;
                Some(DayUse {
                    // Noon UTC: the same date in every zone within 12 hours of UTC, where the
                    // locale's date is said.
                    at: parse_rfc3339(&format!("{date}T12:00:00Z")),
                    date,
                    uses: d.uses.unwrap_or(0),
                    refused: d.refused.unwrap_or(0),
                })
            })
            .collect(),
        addresses: u
            .addresses
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| {
                Some(RecentAddress {
                    first_seen: ts(&a.first_seen),
                    last_seen: ts(&a.last_seen),
                    ip: a.ip.filter(|ip| !ip.is_empty())?,
                    uses: a.uses.unwrap_or(0),
                })
            })
            .collect(),
    }
}

/// A role for the picker; a level that is not a finite number counts as none.
pub fn role(r: dto::RoleResponse) -> RoleInfo {
    let name = r
        .name
        .filter(|n| !n.trim().is_empty())
        .or_else(|| r.key.clone())
        .unwrap_or_else(|| r.id.clone());
    RoleInfo {
        key: r.key.unwrap_or_default(),
        level: r.level.filter(|l| l.is_finite()).map(|l| l.floor() as i64),
        description: r.description,
        name,
        id: r.id,
    }
}

/// What the user may do (from the permission keys), their roles and their permissions.
pub fn authorization(me: dto::MeAuthorizationResponseDto) -> Authorization {
    let permissions: Vec<PermissionInfo> = me
        .permissions
        .unwrap_or_default()
        .into_iter()
        .map(|p| PermissionInfo {
            id: p.id,
            key: p.key,
        })
        .collect();
    Authorization {
        abilities: Abilities::from_keys(permissions.iter().map(|p| p.key.as_str())),
        roles: me.roles.unwrap_or_default().into_iter().map(role).collect(),
        permissions,
    }
}

pub fn profile(u: dto::UserDto) -> Profile {
    Profile { user_id: u.id }
}

pub fn settings(c: dto::PublicConfiguration) -> VendorSettings {
    VendorSettings {
        token_type: TokenType::from_strategy(c.machine_to_machine_auth_strategy.as_deref()),
        force_roles: c.force_permissions.unwrap_or(false),
        lifecycle: c.token_lifecycle.map(|l| Lifecycle {
            last_used: l.last_used.unwrap_or(false),
            rotation: l.rotation.unwrap_or(false),
            history: l.history.unwrap_or(false),
            // A limit that is not a positive whole number of minutes is no limit the tab can
            // keep: the server still says no to what it refuses.
            max_expires_in_minutes: l
                .max_expires_in_minutes
                .filter(|m| m.is_finite() && *m >= 1.0)
                .map(|m| m.floor() as i64),
            level_rule_on_edit: l.level_rule_on_edit.unwrap_or(false),
            level_rule_on_delete: l.level_rule_on_delete.unwrap_or(false),
            renew: l.renew.unwrap_or(false),
            disable_after_unused_days: l
                .disable_after_unused_days
                .filter(|d| d.is_finite() && *d >= 1.0)
                .map(|d| d.floor() as i64),
            usage: l.usage.unwrap_or(false),
            ip_allowlist: l.ip_allowlist.unwrap_or(false),
            require_ip_allowlist: l.require_ip_allowlist.unwrap_or(false),
            bulk_delete: l.bulk_delete.unwrap_or(false),
            member_tokens: l.member_tokens.unwrap_or(false),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dto(json: &str) -> TokenDto {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn usage_reads_days_and_addresses_leniently() {
        let u = usage(
            serde_json::from_str(
                r#"{"days": [{"date": "2026-12-05", "uses": 3, "refused": 1}, {"uses": 9}],
                    "addresses": [{"ip": "192.0.2.1", "firstSeen": "2026-12-01T00:00:00.000Z",
                    "lastSeen": "garbage", "uses": 3}, {"ip": ""}, {"uses": 1}]}"#,
            )
            .unwrap(),
        );
        assert_eq!(u.days.len(), 1);
        assert_eq!((u.days[0].uses, u.days[0].refused), (3, 1));
        assert_eq!(u.days[0].at, parse_rfc3339("2026-12-05T12:00:00Z"));
        assert_eq!(u.addresses.len(), 1);
        assert_eq!(u.addresses[0].ip, "192.0.2.1");
        assert!(u.addresses[0].first_seen.is_some() && u.addresses[0].last_seen.is_none());
        assert_eq!(usage(dto::UsageDto::default()), TokenUsage::default());
    }

    #[test]
    fn events_read_refused_counts_and_which_reminder_was_sent() {
        let read = |json: &str| event(serde_json::from_str(json).unwrap()).map(|e| e.kind);
        assert_eq!(
            read(
                r#"{"type":"reminderSent","at":"2026-12-01T00:00:00.000Z","reminder":"token.expiring","milestone":30}"#
            ),
            Some(EventKind::ReminderSent(Reminder::Expiring(30)))
        );
        assert_eq!(
            read(r#"{"type":"reminderSent","reminder":"token.idle"}"#),
            Some(EventKind::ReminderSent(Reminder::Idle))
        );
        assert_eq!(
            read(r#"{"type":"refusedAttempts","attempts":4}"#),
            Some(EventKind::RefusedAttempts(4))
        );
        assert_eq!(read(r#"{"at":"2026-12-01T00:00:00.000Z"}"#), None);
    }

    #[test]
    fn rows_take_timestamps_and_roles_and_survive_garbage() {
        let r = token(
            Source::AccountClients,
            dto(r#"{"clientId":"c","createdAt":"2026-11-28T00:00:00Z","expires":"not a date","roleIds":["a"]}"#),
        )
        .unwrap();
        assert_eq!(r.created_at, Some(1_795_824_000_000));
        assert_eq!(
            r.expires_at, None,
            "an unreadable expiry is shown as never, not as an error"
        );
        assert_eq!(r.role_ids, ["a"]);
        assert_eq!(r.source, Source::AccountClients);
        let p = token(Source::PersonalClients, dto(r#"{"clientId":"p"}"#)).unwrap();
        assert_eq!(
            (p.source, p.created_at, p.role_ids.len()),
            (Source::PersonalClients, None, 0)
        );
    }

    #[test]
    fn each_source_reads_the_fields_its_shape_has() {
        let json = r#"{"clientId":"c","id":"a","roleIds":["r"],"permissionIds":["p"],"createdByUserId":"u"}"#;
        let ids: Vec<String> = Source::ALL.map(|s| token(s, dto(json)).unwrap().id).into();
        assert_eq!(ids, ["c", "a", "c", "a"]);
        // Permissions of its own: account client credentials only (the others' shapes have none).
        let held: Vec<usize> = Source::ALL
            .map(|s| token(s, dto(json)).unwrap().permission_ids.len())
            .into();
        assert_eq!(held, [1, 0, 0, 0]);
        // Personal tokens act with the user's roles: none of their own, and no creator.
        let p = token(Source::PersonalAccess, dto(json)).unwrap();
        assert!(p.role_ids.is_empty() && p.created_by_user_id.is_none());
        let a = token(Source::AccountAccess, dto(json)).unwrap();
        assert_eq!(
            (a.role_ids.len(), a.created_by_user_id.as_deref()),
            (1, Some("u"))
        );
        // No identifier of its kind: a broken answer.
        assert!(matches!(
            token(Source::AccountAccess, dto(r#"{"clientId":"c"}"#)),
            Err(ApiError::Decode(_))
        ));
    }

    #[test]
    fn a_create_answer_must_hold_a_secret() {
        let c = created(Source::PersonalAccess, dto(r#"{"id":"a","secret":"tok"}"#)).unwrap();
        assert_eq!((c.row.id.as_str(), c.secret.expose()), ("a", "tok"));
        for json in [
            r#"{"id":"a"}"#,
            r#"{"id":"a","secret":""}"#,
            r#"{"id":"a","secret":null}"#,
        ] {
            assert!(matches!(
                created(Source::AccountAccess, dto(json)),
                Err(ApiError::Decode(_))
            ));
        }
    }

    #[test]
    fn roles_fall_back_to_key_then_id_for_a_name() {
        let r = role(
            serde_json::from_str(r#"{"id":"r1","key":"admin","name":" ","level":1.7}"#).unwrap(),
        );
        assert_eq!((r.name.as_str(), r.level), ("admin", Some(1)));
        let r = role(serde_json::from_str(r#"{"id":"r2"}"#).unwrap());
        assert_eq!((r.name.as_str(), r.level), ("r2", None));
    }

    #[test]
    fn authorization_and_settings_read_what_is_there() {
        let me = authorization(
            serde_json::from_str(
                r#"{"roles":[{"id":"r","name":"Admin","level":1}],"permissions":[{"key":"fe.secure.read.*","id":"p1"},{"key":"x"}]}"#,
            )
            .unwrap(),
        );
        assert!(me.abilities.read_account && !me.abilities.write_account);
        assert_eq!(
            me.permissions,
            [
                PermissionInfo {
                    id: Some("p1".into()),
                    key: "fe.secure.read.*".into()
                },
                PermissionInfo {
                    id: None,
                    key: "x".into()
                }
            ]
        );
        assert_eq!(me.roles[0].level, Some(1));
        assert_eq!(authorization(Default::default()), Authorization::default());
        let s = settings(
            serde_json::from_str(
                r#"{"machineToMachineAuthStrategy":"AccessToken","forcePermissions":true}"#,
            )
            .unwrap(),
        );
        assert_eq!(
            (s.token_type, s.force_roles),
            (TokenType::AccessToken, true)
        );
        assert_eq!(settings(Default::default()), VendorSettings::default());
        assert_eq!(s.lifecycle, None, "a classic backend has no lifecycle");
        let s = settings(
            serde_json::from_str(
                r#"{"tokenLifecycle":{"lastUsed":true,"rotation":false,"history":null,"maxExpiresInMinutes":129600,"levelRuleOnDelete":true,"renew":true,"usage":true,"ipAllowlist":true,"requireIpAllowlist":"yes"}}"#,
            )
            .unwrap(),
        );
        assert_eq!(
            s.lifecycle,
            Some(Lifecycle {
                last_used: true,
                rotation: false,
                history: false,
                max_expires_in_minutes: Some(129_600),
                level_rule_on_edit: false,
                level_rule_on_delete: true,
                renew: true,
                disable_after_unused_days: None,
                usage: true,
                ip_allowlist: true,
                require_ip_allowlist: false,
                bulk_delete: false,
                member_tokens: false,
            })
        );
        for bad in ["null", "0", "-5", "\"90d\""] {
            let json = format!(r#"{{"tokenLifecycle":{{"maxExpiresInMinutes":{bad}}}}}"#);
            let s = serde_json::from_str::<dto::PublicConfiguration>(&json)
                .map(settings)
                .map(|s| s.lifecycle.and_then(|l| l.max_expires_in_minutes));
            assert!(matches!(s, Ok(None) | Err(_)), "{bad}: {s:?}");
        }
    }

    #[test]
    fn a_disabled_token_is_read_leniently_and_absent_means_enabled() {
        let read = |json: &str| token(Source::AccountAccess, serde_json::from_str(json).unwrap());
        let d = read(r#"{"id":"a","disabled":{"at":"2026-11-28T00:00:00Z","afterUnusedDays":90}}"#)
            .unwrap()
            .disabled;
        assert_eq!(
            d,
            Some(Disabled {
                at: Some(1_795_824_000_000),
                after_unused_days: Some(90)
            })
        );
        let garbled = read(r#"{"id":"a","disabled":"yes"}"#).unwrap().disabled;
        assert_eq!(
            garbled,
            Some(Disabled {
                at: None,
                after_unused_days: None
            })
        );
        for enabled in [r#"{"id":"a"}"#, r#"{"id":"a","disabled":null}"#] {
            assert_eq!(read(enabled).unwrap().disabled, None, "{enabled}");
        }
    }

    #[test]
    fn an_allowlist_and_a_former_creator_are_read_leniently() {
        let read = |source, json: &str| token(source, serde_json::from_str(json).unwrap());
        let r = read(
            Source::AccountClients,
            r#"{"clientId":"c","allowedCidrs":["10.0.0.0/8",7,null,"2001:db8::/32"],"createdByFormerMember":true}"#,
        )
        .unwrap();
        assert_eq!(r.allowed_cidrs, ["10.0.0.0/8", "2001:db8::/32"]);
        assert!(r.created_by_former_member);
        // Only `true` says so, and only of an account token (a personal one is the user's own).
        for json in [
            r#"{"clientId":"c","createdByFormerMember":"yes"}"#,
            r#"{"clientId":"c"}"#,
        ] {
            assert!(
                !read(Source::AccountClients, json)
                    .unwrap()
                    .created_by_former_member
            );
        }
        let personal = r#"{"clientId":"c","createdByFormerMember":true}"#;
        assert!(
            !read(Source::PersonalClients, personal)
                .unwrap()
                .created_by_former_member
        );
    }

    #[test]
    fn a_members_token_names_its_owner_and_their_roles() {
        let json = r#"{"id":"t","ownerUserId":"u-jane","ownerName":"Jane","ownerEmail":"jane@acme.test","ownerRoleIds":["r-dev"],"roleIds":["r-owner"]}"#;
        let r = member_token(Source::PersonalAccess, serde_json::from_str(json).unwrap()).unwrap();
        let m = r.member.as_deref().unwrap();
        assert_eq!(
            (m.user_id.as_str(), m.label(), m.email.as_deref()),
            ("u-jane", "Jane", Some("jane@acme.test"))
        );
        assert_eq!(m.role_ids, ["r-dev"]);
        // A personal token's own roles are never read: it acts with its owner's.
        assert!(r.role_ids.is_empty());
        // Nothing said of the owner: still a member's token, named by nothing.
        let bare = member_token(
            Source::PersonalClients,
            serde_json::from_str(r#"{"clientId":"c"}"#).unwrap(),
        )
        .unwrap();
        assert_eq!(bare.member.as_deref().map(|m| m.label()), Some(""));
        // A plain list's token has no member.
        assert!(
            token(Source::PersonalAccess, serde_json::from_str(json).unwrap())
                .unwrap()
                .member
                .is_none()
        );
    }

    #[test]
    fn last_use_is_read_on_every_source() {
        let json = r#"{"clientId":"c","id":"a","lastUsedAt":"2026-11-28T00:00:00Z","lastUsedIp":"203.0.113.9"}"#;
        for source in Source::ALL {
            let r = token(source, dto(json)).unwrap();
            assert_eq!(r.last_used_at, Some(1_795_824_000_000));
            assert_eq!(r.last_used_ip.as_deref(), Some("203.0.113.9"));
        }
        let never = token(
            Source::AccountAccess,
            dto(r#"{"id":"a","lastUsedAt":null}"#),
        )
        .unwrap();
        assert_eq!((never.last_used_at, never.last_used_ip), (None, None));
    }
}
