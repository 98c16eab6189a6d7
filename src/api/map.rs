//! From the spec's DTOs to the model's values: the one place each wire shape is read.

use super::dto;
use crate::model::account::{Authorization, Profile, VendorSettings};
use crate::model::roles::RoleInfo;
use crate::model::time::parse_rfc3339;
use crate::model::{Abilities, Source, TokenRow, TokenType};

fn ts(s: &Option<String>) -> Option<i64> {
    s.as_deref().and_then(parse_rfc3339)
}

pub fn account_client(t: dto::GetTenantApiTokensResponse) -> TokenRow {
    TokenRow {
        source: Source::AccountClients,
        created_at: ts(&t.created_at),
        expires_at: ts(&t.expires),
        id: t.client_id,
        description: t.description,
        role_ids: t.role_ids.unwrap_or_default(),
        created_by_user_id: t.created_by_user_id,
    }
}

pub fn account_access(t: &dto::TenantAccessTokenResponse) -> TokenRow {
    TokenRow {
        source: Source::AccountAccess,
        id: t.id.clone(),
        description: t.description.clone(),
        created_at: ts(&t.created_at),
        expires_at: ts(&t.expires),
        role_ids: t.role_ids.clone().unwrap_or_default(),
        created_by_user_id: t.created_by_user_id.clone(),
    }
}

pub fn personal_client(t: dto::GetUserApiTokensResponseDto) -> TokenRow {
    TokenRow {
        source: Source::PersonalClients,
        created_at: ts(&t.created_at),
        expires_at: ts(&t.expires),
        id: t.client_id,
        description: t.description,
        role_ids: vec![],
        created_by_user_id: None,
    }
}

pub fn personal_access(t: &dto::UserAccessTokenResponse) -> TokenRow {
    TokenRow {
        source: Source::PersonalAccess,
        id: t.id.clone(),
        description: t.description.clone(),
        created_at: ts(&t.created_at),
        expires_at: ts(&t.expires),
        role_ids: vec![],
        created_by_user_id: None,
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

/// What the user may do (from the permission keys) and their roles.
pub fn authorization(me: dto::MeAuthorizationResponseDto) -> Authorization {
    let keys: Vec<String> = me
        .permissions
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.key)
        .collect();
    Authorization {
        abilities: Abilities::from_keys(keys.iter().map(String::as_str)),
        roles: me.roles.unwrap_or_default().into_iter().map(role).collect(),
    }
}

pub fn profile(u: dto::UserDto) -> Profile {
    Profile { user_id: u.id }
}

pub fn settings(c: dto::PublicConfiguration) -> VendorSettings {
    VendorSettings {
        token_type: TokenType::from_strategy(c.machine_to_machine_auth_strategy.as_deref()),
        force_roles: c.force_permissions.unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_take_timestamps_and_roles_and_survive_garbage() {
        let r = account_client(
            serde_json::from_str(
                r#"{"clientId":"c","createdAt":"2026-11-28T00:00:00Z","expires":"not a date","roleIds":["a"]}"#,
            )
            .unwrap(),
        );
        assert_eq!(r.created_at, Some(1_795_824_000_000));
        assert_eq!(
            r.expires_at, None,
            "an unreadable expiry is shown as never, not as an error"
        );
        assert_eq!(r.role_ids, ["a"]);
        assert_eq!(r.source, Source::AccountClients);
        let p = personal_client(serde_json::from_str(r#"{"clientId":"p"}"#).unwrap());
        assert_eq!(
            (p.source, p.created_at, p.role_ids.len()),
            (Source::PersonalClients, None, 0)
        );
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
                r#"{"roles":[{"id":"r","name":"Admin","level":1}],"permissions":[{"key":"fe.secure.read.*"}]}"#,
            )
            .unwrap(),
        );
        assert!(me.abilities.read_account && !me.abilities.write_account);
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
    }
}
