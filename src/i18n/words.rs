//! The words for the model's values: owners, types, roles, expiry, sorts, refusals, a
//! token's name and when it was used.

use std::collections::HashMap;

use super::{fill, Messages, Tr};

use crate::model::allowlist::{CidrError, Problem, ALLOWLIST_MAX};
use crate::model::list::SortBy;
use crate::model::roles::{Above, Blocked};
use crate::model::time::{expiry_status, ExpiryError, ExpiryStatus};
use crate::model::token::short_id;
use crate::model::validate::{DescriptionError, DESCRIPTION_MAX};
use crate::model::{Owner, Source, TokenRow, TokenType};

/// The words for the model's values.
impl Messages {
    pub fn owner(&self, o: Owner) -> &'static str {
        match o {
            Owner::Account => self.owner_account,
            Owner::Personal => self.owner_personal,
        }
    }

    pub fn kind(&self, t: TokenType) -> &'static str {
        match t {
            TokenType::ClientCredentials => self.type_client_credentials,
            TokenType::AccessToken => self.type_access_token,
        }
    }

    pub fn sort(&self, s: SortBy) -> &'static str {
        match s {
            SortBy::Newest => self.sort_newest,
            SortBy::Oldest => self.sort_oldest,
            SortBy::ExpiresSoonest => self.sort_expires_soonest,
            SortBy::ExpiresLatest => self.sort_expires_latest,
            SortBy::LastUsed => self.sort_last_used,
            SortBy::LeastRecentlyUsed => self.sort_least_recently_used,
        }
    }

    /// What the partial-failure notice calls a source.
    pub fn part(&self, s: Source) -> &'static str {
        match s {
            Source::AccountClients => self.part_account_clients,
            Source::AccountAccess => self.part_account_access,
            Source::PersonalClients => self.part_personal_clients,
            Source::PersonalAccess => self.part_personal_access,
        }
    }

    /// The token's name in labels and messages ("Untitled token" without a description).
    pub fn name(&self, row: &TokenRow) -> String {
        row.label(self.untitled)
    }

    /// The names of a row's roles as the Roles column and the delete dialog say them.
    pub fn roles_text(&self, row: &TokenRow, names: &HashMap<String, String>) -> String {
        // A member's personal token acts with their roles; the user's own, with theirs.
        let ids = match (&row.member, row.source.owner()) {
            (Some(m), _) => &m.role_ids,
            (None, Owner::Personal) => return self.your_roles.into(),
            (None, Owner::Account) => &row.role_ids,
        };
        if ids.is_empty() {
            return self.no_roles.into();
        }
        ids.iter()
            .map(|id| names.get(id).cloned().unwrap_or_else(|| short_id(id)))
            .collect::<Vec<_>>()
            .join(self.roles_separator)
    }

    /// Created by: "You" for the signed-in user's tokens (a personal token is always theirs),
    /// else the creator's short id, else a dash.
    pub fn created_by(&self, row: &TokenRow, me: Option<&str>) -> String {
        // A member's personal token was made by the member.
        if row.member.is_some() {
            return self.owner_of(row).to_string();
        }
        let by = row.created_by_user_id.as_deref();
        let by_me = row.source.owner() == Owner::Personal || (by.is_some() && by == me);
        match (by_me, by) {
            (true, _) => self.you.to_string(),
            (false, Some(_)) if row.created_by_former_member => self.former_member.to_string(),
            (false, Some(id)) => short_id(id),
            (false, None) => "—".to_string(),
        }
    }

    /// Why an action on a token is disabled: what puts the token above the user.
    pub fn above(&self, above: Above) -> String {
        match above {
            Above::Role(role) => fill(self.roll_blocked, &[("role", role)]),
            Above::Permission(key) => fill(self.blocked_permission, &[("permission", key)]),
        }
    }

    /// Why an action on `row` is disabled: [`Messages::above`], or for a member's personal
    /// token (which acts with its owner's roles), the owner's role.
    pub fn above_of(&self, row: &TokenRow, above: Above) -> String {
        match (row.member.is_some(), above) {
            (true, Above::Role(role)) => fill(self.member_above, &[("role", role)]),
            (_, above) => self.above(above),
        }
    }

    /// The Owner column: the account, the user's own, or a member's name.
    pub fn owner_of<'a>(&'a self, row: &'a TokenRow) -> &'a str {
        match row.member.as_deref().map(|m| m.label()) {
            Some(name) if !name.is_empty() => name,
            _ => self.owner(row.source.owner()),
        }
    }

    pub fn blocked(&self, b: &Blocked) -> String {
        match b {
            Blocked::AboveHighest(role) => fill(self.above_your_level, &[("role", role)]),
            Blocked::UserHasNoLevel => self.only_unlevelled.to_string(),
        }
    }
}

impl Tr {
    pub fn expiry_error(self, e: ExpiryError) -> String {
        match e {
            ExpiryError::NoDate => self.m.pick_date.into(),
            ExpiryError::Past => self.m.pick_future_date.into(),
            ExpiryError::TooFar => self.m.pick_date_within_ten_years.into(),
            ExpiryError::MustExpire => self.m.must_expire.into(),
            ExpiryError::BeyondPolicy { max_minutes } => fill(
                self.m.pick_date_within_policy,
                &[("limit", &self.lifetime(max_minutes))],
            ),
        }
    }

    /// A policy's longest lifetime: whole days, or minutes under a day.
    pub fn lifetime(self, minutes: i64) -> String {
        if minutes >= 1440 {
            self.count(&self.m.days, (minutes / 1440) as usize)
        } else {
            self.count(&self.m.minutes, minutes.max(0) as usize)
        }
    }

    /// "Your organization allows tokens for up to 90 days."
    pub fn policy_text(self, max_minutes: i64) -> String {
        fill(
            self.m.policy_limit,
            &[("limit", &self.lifetime(max_minutes))],
        )
    }

    /// The Last used cell's full text: when, and from where when known.
    pub fn last_used_text(self, at: i64, ip: Option<&str>) -> String {
        let date = self.date_time(at);
        match ip {
            Some(ip) => fill(self.m.last_used_from, &[("date", &date), ("ip", ip)]),
            None => date,
        }
    }

    /// What the Expires column says: never, expired, the day, and within a week also how soon.
    pub fn expiry_text(self, expires_at: Option<i64>, now: i64) -> String {
        match (expiry_status(expires_at, now), expires_at) {
            (ExpiryStatus::Never, _) | (_, None) => self.m.never.to_string(),
            (ExpiryStatus::Expired, _) => self.m.expired.to_string(),
            (ExpiryStatus::Soon, Some(e)) => fill(
                self.m.date_and_relative,
                &[
                    ("date", &self.date(e)),
                    ("relative", &self.relative(e, now)),
                ],
            ),
            (ExpiryStatus::Later, Some(e)) => self.date(e),
        }
    }

    pub fn description_error(self, e: DescriptionError) -> String {
        match e {
            DescriptionError::Empty => self.m.enter_description.to_string(),
            DescriptionError::Control { code, at } | DescriptionError::Hidden { code, at } => {
                let said = match e {
                    DescriptionError::Control { .. } => self.m.description_control,
                    _ => self.m.description_hidden,
                };
                fill(
                    said,
                    &[
                        ("code", &format!("U+{code:04X}")),
                        ("at", &self.number(at as i64)),
                    ],
                )
            }
            DescriptionError::TooLong { n } => fill(
                self.m.description_too_long,
                &[
                    ("max", &self.number(DESCRIPTION_MAX as i64)),
                    ("n", &self.number(n as i64)),
                ],
            ),
        }
    }

    /// What is wrong with an IP allowlist as typed, naming the line and the entry.
    pub fn allowlist_problem(self, p: &Problem) -> String {
        let m = self.m;
        let (line, entry, said, extra) = match p {
            Problem::Required => return m.allowlist_required.to_string(),
            Problem::TooMany { n } => {
                return fill(
                    m.allowlist_too_many,
                    &[
                        ("max", &self.number(ALLOWLIST_MAX as i64)),
                        ("n", &self.number(*n as i64)),
                    ],
                )
            }
            Problem::Duplicate {
                line,
                entry,
                network,
            } => (
                line,
                entry,
                m.allowlist_duplicate,
                ("network", network.to_string()),
            ),
            Problem::Entry { line, entry, error } => match error {
                CidrError::Empty | CidrError::NotAnAddress => {
                    (line, entry, m.allowlist_not_address, ("", String::new()))
                }
                CidrError::NotAPrefix => (line, entry, m.allowlist_not_prefix, ("", String::new())),
                CidrError::PrefixTooLong { max } => (
                    line,
                    entry,
                    m.allowlist_prefix_too_long,
                    ("max", self.number(i64::from(*max))),
                ),
                CidrError::HostBits { network } => (
                    line,
                    entry,
                    m.allowlist_host_bits,
                    ("network", network.to_string()),
                ),
                CidrError::Everything => (line, entry, m.allowlist_everything, ("", String::new())),
            },
        };
        // An entry is shown as typed, cut to a readable length (a pasted paragraph is one).
        let entry = crate::model::token::truncate_chars(entry, 60);
        fill(
            said,
            &[
                ("line", &self.number(*line as i64)),
                ("entry", &entry),
                (extra.0, &extra.1),
            ],
        )
    }
}
