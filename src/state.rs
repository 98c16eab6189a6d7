//! [`TabState`]: the one owner of the tab's data — the rows, what the user may do, the roles,
//! the vendor's settings, the open dialog and what the tab tells the user — changed only
//! through its named transitions. Plain Rust over the model: no DOM, unit-tested natively.
//! Each transition says which parts it [`Changed`], so the components (through
//! `components::store::TabStore`) re-render just those.

use std::collections::HashMap;
use std::sync::Arc;

use crate::api::ApiError;
use crate::model::account::{Authorization, Lifecycle, Profile, VendorSettings};
use crate::model::list::{find_created, merge, replace_source};
use crate::model::permissions::PermissionInfo;
use crate::model::roles::{may_act_on, role_options, user_level, Above, RoleInfo, RoleOption};
use crate::model::selection::{Key, Selection};
use crate::model::{Abilities, Owner, Source, TokenRow, TokenType};

/// The list's rows. Shared: reading them out of the state (each render, each memo) copies a
/// pointer, not 10,000 rows; a transition copies them only while someone else holds them.
pub type Rows = Arc<Vec<TokenRow>>;

/// Everything the first wave of requests answered, each part on its own.
pub struct Wave {
    pub authorization: Result<Authorization, ApiError>,
    pub profile: Result<Profile, ApiError>,
    pub roles: Result<Vec<RoleInfo>, ApiError>,
    pub settings: Result<VendorSettings, ApiError>,
    /// In [`Source::ALL`]'s order.
    pub lists: Vec<Result<Vec<TokenRow>, ApiError>>,
}

/// What the first wave established.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub abilities: Abilities,
    pub my_roles: Vec<RoleInfo>,
    /// Every permission the user holds (`me/authorization`).
    pub my_permissions: Vec<PermissionInfo>,
    pub roles: Vec<RoleInfo>,
    pub token_type: TokenType,
    pub force_roles: bool,
    /// The signed-in user's id, when `users/v2/me` told it.
    pub user_id: Option<String>,
    /// Our extension, when the backend offers it; `None` keeps the tab as it is against
    /// Frontegg.
    pub lifecycle: Option<Lifecycle>,
    /// Parts that could not load.
    pub problems: Vec<Problem>,
}

impl Session {
    /// Role id to name, for the Roles column, search and the delete dialog.
    pub fn role_names(&self) -> HashMap<String, String> {
        self.roles
            .iter()
            .chain(self.my_roles.iter())
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect()
    }

    /// The role picker's lines under the level rule.
    pub fn role_options(&self) -> Vec<RoleOption> {
        role_options(&self.roles, &self.my_roles)
    }

    /// Whether the backend tells when each token was last used.
    pub fn last_used(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.last_used)
    }

    /// The organization's longest token lifetime, in minutes (`None`: no policy).
    pub fn max_expires(&self) -> Option<i64> {
        self.lifecycle.and_then(|l| l.max_expires_in_minutes)
    }

    /// Whether secrets can be rolled with a grace window (our extension).
    pub fn rotation(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.rotation)
    }

    /// Whether each token's history can be read (our extension).
    pub fn history(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.history)
    }

    /// Whether each token's use can be read (our extension).
    pub fn usage(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.usage)
    }

    /// Whether tokens take an IP allowlist, and every source can be edited (our extension).
    pub fn ip_allowlist(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.ip_allowlist)
    }

    /// Whether the organization requires an IP allowlist on account tokens (our extension).
    pub fn require_ip_allowlist(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.require_ip_allowlist)
    }

    /// Whether the backend deletes many tokens at once with a dry run (our extension).
    pub fn bulk_delete(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.bulk_delete)
    }

    /// Whether the user sees every member's personal tokens (our extension): the backend lists
    /// them, and the user holds its permission (`api-tokens.members.manage`).
    pub fn member_tokens(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.member_tokens)
            && api_tokens_rules::has_permission(
                self.my_permissions.iter().map(|p| p.key.as_str()),
                api_tokens_rules::MANAGE_MEMBER_TOKENS,
            )
    }

    /// Whether a token that expires can be renewed in place (our extension).
    pub fn renew(&self) -> bool {
        self.lifecycle.is_some_and(|l| l.renew)
    }

    /// The organization's idle policy, in days (our extension; `None`: none).
    pub fn idle_days(&self) -> Option<i64> {
        self.lifecycle.and_then(|l| l.disable_after_unused_days)
    }

    /// What puts `row` above the user, if anything: a role above their highest, or a
    /// permission they do not hold ([`may_act_on`], the one decision the reference backend
    /// applies to every write). A member's personal token acts with its owner's roles, so
    /// those are read. A role the tab does not know is left to the server to judge. A
    /// permission is held when the user's permissions list its id (a backend that applies the
    /// rule lists every permission a user holds, wildcards expanded), and named by its key,
    /// else by its id.
    pub fn above<'a>(&'a self, row: &'a TokenRow) -> Option<Above<'a>> {
        let level = user_level(self.my_roles.iter().map(|r| r.level));
        let keys: Vec<String> = self.my_permissions.iter().map(|p| p.key.clone()).collect();
        let role_ids = row.member.as_ref().map_or(&row.role_ids, |m| &m.role_ids);
        let roles = role_ids.iter().filter_map(|id| {
            let role = self.roles.iter().find(|r| &r.id == id)?;
            Some((role.name.as_str(), role.level))
        });
        let permissions = row.permission_ids.iter().map(|id| {
            let mine = self
                .my_permissions
                .iter()
                .find(|p| p.id.as_ref() == Some(id));
            mine.map_or(id.as_str(), |p| p.key.as_str())
        });
        may_act_on(level, &keys, roles, permissions).err()
    }

    /// Why `act` on `row` is disabled: the token is [`above`](Session::above) the user and
    /// the backend refuses `act` for that. Rolling, ending a window and renewing are refused
    /// wherever they are offered (those extensions' own rule); an edit and a delete only where
    /// the backend says so (`levelRuleOnEdit`, `levelRuleOnDelete`): against a classic backend
    /// the server alone decides them, as before.
    pub fn blocked<'a>(&'a self, row: &'a TokenRow, act: TokenAction) -> Option<Above<'a>> {
        let l = self.lifecycle.unwrap_or_default();
        let applies = match act {
            TokenAction::Roll | TokenAction::EndWindow => l.rotation,
            TokenAction::Renew => l.renew,
            // Only a backend of ours disables tokens, and it applies the rule to enabling.
            TokenAction::Enable => self.lifecycle.is_some(),
            TokenAction::Edit => l.level_rule_on_edit,
            TokenAction::Delete => l.level_rule_on_delete,
        };
        applies.then(|| self.above(row)).flatten()
    }

    /// The owners the generate form offers (none: no Generate button).
    pub fn writable_owners(&self) -> Vec<Owner> {
        self.abilities.writable_owners()
    }
}

/// What the user may ask of a token that the level rule can refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenAction {
    Edit,
    Roll,
    /// End its grace window now.
    EndWindow,
    /// Give it a new expiry.
    Renew,
    /// Make it work again after the idle policy disabled it.
    Enable,
    Delete,
}

/// A part of the first wave that failed while the rest loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The token list that failed; `None` for the roles.
    pub part: Option<Source>,
    pub error: ApiError,
}

/// Where loading stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    /// The user stopped the first load.
    Stopped,
    Failed(ApiError),
    Ready(Session),
}

/// The dialog on screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    None,
    Generate,
    /// The one-time secret of the token just created (the secret itself never enters the
    /// state: the tab hands it to the dialog once).
    Secret,
    Delete(TokenRow),
    Edit(TokenRow),
    /// Roll the token's secret (our extension).
    Roll(TokenRow),
    /// End the token's grace window now.
    ExpirePrevious(TokenRow),
    /// Give the token a new expiry (our extension).
    Renew(TokenRow),
    /// Enable a token the idle policy disabled (our extension).
    Enable(TokenRow),
    /// The token's details and history.
    Details(TokenRow),
    /// Revoke the picked tokens (as they were when it opened), with a count by outcome first.
    BulkRevoke(Vec<TokenRow>),
}

/// A change to tell the user about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Created(TokenType),
    Updated(TokenRow),
    /// A new secret was issued; the row says until when the old one works.
    Rotated(TokenRow),
    /// The previous secret stopped working.
    PreviousExpired(TokenRow),
    /// The token has a new expiry; the row says which.
    Renewed(TokenRow),
    /// The token works again.
    Enabled(TokenRow),
    /// `already_gone`: someone else deleted it first.
    Deleted {
        row: TokenRow,
        already_gone: bool,
    },
    /// A bulk revoke ended: how many were revoked (or found gone), how many could not be.
    BulkRevoked {
        revoked: usize,
        failed: usize,
    },
}

/// The parts of a [`TabState`] a transition changed, as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed(pub u8);

impl Changed {
    pub const NOTHING: Changed = Changed(0);
    /// Where loading stands, and the session.
    pub const PHASE: Changed = Changed(1);
    pub const ROWS: Changed = Changed(2);
    pub const DIALOG: Changed = Changed(4);
    pub const NOTICE: Changed = Changed(8);
    pub const ANNOUNCEMENT: Changed = Changed(16);
    /// The rows picked for a bulk revoke.
    pub const SELECTION: Changed = Changed(32);
    /// Every part, one bit each, in order.
    pub const PARTS: [Changed; 6] = [
        Changed::PHASE,
        Changed::ROWS,
        Changed::DIALOG,
        Changed::NOTICE,
        Changed::ANNOUNCEMENT,
        Changed::SELECTION,
    ];

    pub fn has(self, part: Changed) -> bool {
        self.0 & part.0 != 0
    }
}

impl std::ops::BitOr for Changed {
    type Output = Changed;
    fn bitor(self, other: Changed) -> Changed {
        Changed(self.0 | other.0)
    }
}

/// The tab's data. See the module's doc.
#[derive(Clone, Debug, PartialEq)]
pub struct TabState {
    phase: Phase,
    rows: Rows,
    dialog: Dialog,
    /// Shown until dismissed (or the generate form opens).
    notice: Option<Change>,
    /// Said once to screen readers.
    announcement: Option<Change>,
    /// The rows picked for a bulk revoke.
    selection: Selection,
    /// How many first waves have answered: what loads after one (members' tokens) belongs to it.
    wave: u32,
}

impl Default for TabState {
    fn default() -> Self {
        TabState {
            phase: Phase::Loading,
            rows: Rows::default(),
            dialog: Dialog::None,
            notice: None,
            announcement: None,
            selection: Selection::default(),
            wave: 0,
        }
    }
}

impl TabState {
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.phase {
            Phase::Ready(s) => Some(s),
            _ => None,
        }
    }

    pub fn rows(&self) -> &Rows {
        &self.rows
    }

    pub fn dialog(&self) -> &Dialog {
        &self.dialog
    }

    pub fn notice(&self) -> Option<&Change> {
        self.notice.as_ref()
    }

    pub fn announcement(&self) -> Option<&Change> {
        self.announcement.as_ref()
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// Picks `key`'s row, or unpicks it.
    pub fn toggle_selected(&mut self, key: Key) -> Changed {
        self.selection.toggle(key);
        Changed::SELECTION
    }

    /// Picks (or unpicks, as the last row picked one by one is) every row from that one to
    /// `to`, in the order `shown`.
    pub fn select_range(&mut self, shown: &[Key], to: Key) -> Changed {
        self.selection.extend_to(shown, to);
        Changed::SELECTION
    }

    /// Picks every row shown, or unpicks them when all are picked.
    pub fn toggle_all_shown(&mut self, shown: &[Key]) -> Changed {
        self.selection.toggle_all(shown);
        Changed::SELECTION
    }

    /// Picks exactly the rows whose keys are `keys` (the unused ones, the expired ones).
    pub fn select_only(&mut self, keys: Vec<Key>) -> Changed {
        self.selection.only(keys);
        Changed::SELECTION
    }

    pub fn clear_selection(&mut self) -> Changed {
        self.selection.clear();
        Changed::SELECTION
    }

    /// Opens the bulk revoke of the picked rows (nothing picked: nothing opens).
    pub fn ask_bulk_revoke(&mut self) -> Changed {
        let picked = self.selection.rows_in(&self.rows);
        if picked.is_empty() {
            return Changed::NOTHING;
        }
        self.notice = None;
        self.dialog = Dialog::BulkRevoke(picked);
        Changed::DIALOG | Changed::NOTICE
    }

    /// Some of a bulk revoke's tokens are gone (`gone`: revoked, or found gone already) and
    /// `failed` could not be: the gone ones leave the list and the selection, the failed ones
    /// stay picked for a retry. The dialog stays open when some failed.
    pub fn bulk_revoked(&mut self, gone: &[Key], failed: usize) -> Changed {
        let gone: std::collections::HashSet<&Key> = gone.iter().collect();
        Arc::make_mut(&mut self.rows).retain(|r| !gone.contains(&(r.source, r.id.clone())));
        self.selection.retain_in(&self.rows);
        let change = Change::BulkRevoked {
            revoked: gone.len(),
            failed,
        };
        self.announcement = Some(change.clone());
        let mut changed = Changed::ROWS | Changed::SELECTION | Changed::ANNOUNCEMENT;
        if failed == 0 {
            self.dialog = Dialog::None;
            self.notice = Some(change);
            changed = changed | Changed::DIALOG | Changed::NOTICE;
        }
        changed
    }

    /// A load starts. Tokens on screen stay there (and the search typed) until it is done.
    pub fn loading(&mut self) -> Changed {
        if self.session().is_some() || self.phase == Phase::Loading {
            return Changed::NOTHING;
        }
        self.phase = Phase::Loading;
        Changed::PHASE
    }

    /// The first wave answered. Fails as a whole only when `me/authorization` did; a list the
    /// user may not read is dropped silently, one that failed becomes a [`Problem`] while the
    /// others show. `token_type` is the host's override of the vendor's setting.
    pub fn loaded(&mut self, wave: Wave, token_type: Option<TokenType>) -> Changed {
        let me = match wave.authorization {
            Ok(me) => me,
            Err(e) => return self.load_failed(e),
        };
        let mut problems = Vec::new();
        let roles = wave.roles.unwrap_or_else(|error| {
            problems.push(Problem { part: None, error });
            Vec::new()
        });
        // Unreadable settings: Frontegg's defaults.
        let settings = wave.settings.unwrap_or_default();
        let mut loaded = Vec::new();
        for (source, result) in Source::ALL.into_iter().zip(wave.lists) {
            if !me.abilities.can_read(source.owner()) {
                continue;
            }
            match result {
                Ok(rows) => loaded.push(rows),
                Err(error) => problems.push(Problem {
                    part: Some(source),
                    error,
                }),
            }
        }
        self.rows = Arc::new(merge(loaded));
        self.selection.retain_in(&self.rows);
        self.wave += 1;
        self.phase = Phase::Ready(Session {
            abilities: me.abilities,
            my_roles: me.roles,
            my_permissions: me.permissions,
            roles,
            token_type: token_type.unwrap_or(settings.token_type),
            force_roles: settings.force_roles,
            // Without it, Created by shows user ids instead of "You".
            user_id: wave.profile.ok().and_then(|p| p.user_id),
            lifecycle: settings.lifecycle,
            problems,
        });
        Changed::PHASE | Changed::ROWS
    }

    /// The load failed as a whole. Stopped by the user with tokens on screen, they stay.
    pub fn load_failed(&mut self, error: ApiError) -> Changed {
        match (error, self.session().is_some()) {
            (ApiError::Cancelled { .. }, true) => return Changed::NOTHING,
            (ApiError::Cancelled { .. }, false) => self.phase = Phase::Stopped,
            (e, _) => self.phase = Phase::Failed(e),
        }
        Changed::PHASE
    }

    /// `source` was loaded again on its own: its rows are replaced, the others kept.
    pub fn source_reloaded(&mut self, source: Source, loaded: Vec<TokenRow>) -> Changed {
        self.rows = Arc::new(replace_source(&self.rows, source, loaded));
        self.selection.retain_in(&self.rows);
        Changed::ROWS | Changed::SELECTION
    }

    /// The first wave that last answered: what is loaded after it says which it followed.
    pub fn wave(&self) -> u32 {
        self.wave
    }

    /// Whether what loaded after first wave `wave` still belongs: no wave answered since, and
    /// the session has the admin's view.
    fn members_current(&self, wave: u32) -> bool {
        wave == self.wave && self.session().is_some_and(Session::member_tokens)
    }

    /// Every member's tokens of personal `source` were loaded after first wave `wave` (an
    /// admin's view, our extension): the members' rows of `source` are replaced by those of
    /// `loaded` that are not the user's own (their own list has those). An answer that a later
    /// wave overtook is dropped: it could bring back a token revoked since.
    pub fn members_loaded(&mut self, wave: u32, source: Source, loaded: Vec<TokenRow>) -> Changed {
        if !self.members_current(wave) {
            return Changed::NOTHING;
        }
        let me = self.session().and_then(|s| s.user_id.clone());
        let kept: Vec<TokenRow> = self
            .rows
            .iter()
            .filter(|r| !(r.source == source && r.member.is_some()))
            .cloned()
            .collect();
        let members = loaded
            .into_iter()
            .filter(|r| r.source == source)
            // Without an owner a row cannot be told from the user's own: left out.
            .filter(|r| {
                r.member
                    .as_ref()
                    .is_some_and(|m| !m.user_id.is_empty() && Some(&m.user_id) != me.as_ref())
            })
            .collect();
        // The user's own rows first: should one come back as a member's (`users/v2/me`
        // failed, so the tab cannot tell), the own row is kept.
        self.rows = Arc::new(merge([kept, members]));
        self.selection.retain_in(&self.rows);
        Changed::ROWS | Changed::SELECTION
    }

    /// The members' list of `source` could not load: the user's own tokens stay, and the part
    /// is said to have failed (a retry loads everything again).
    pub fn members_failed(&mut self, wave: u32, source: Source, error: ApiError) -> Changed {
        if !self.members_current(wave) {
            return Changed::NOTHING;
        }
        match &mut self.phase {
            Phase::Ready(s) => {
                s.problems.push(Problem {
                    part: Some(source),
                    error,
                });
                Changed::PHASE
            }
            _ => Changed::NOTHING,
        }
    }

    /// A create's answer was lost and `source` loaded again: the rows are replaced, and the
    /// token is looked for by what is new with the description typed (`None`: not created).
    pub fn lost_create_checked(
        &mut self,
        source: Source,
        loaded: Vec<TokenRow>,
        description: &str,
    ) -> (Changed, Option<TokenRow>) {
        let found = find_created(&self.rows, source, &loaded, description).cloned();
        (self.source_reloaded(source, loaded), found)
    }

    pub fn open_generate(&mut self) -> Changed {
        self.notice = None;
        self.dialog = Dialog::Generate;
        Changed::NOTICE | Changed::DIALOG
    }

    pub fn ask_delete(&mut self, row: TokenRow) -> Changed {
        self.dialog = Dialog::Delete(row);
        Changed::DIALOG
    }

    pub fn edit(&mut self, row: TokenRow) -> Changed {
        self.dialog = Dialog::Edit(row);
        Changed::DIALOG
    }

    pub fn ask_roll(&mut self, row: TokenRow) -> Changed {
        self.dialog = Dialog::Roll(row);
        Changed::DIALOG
    }

    pub fn ask_expire_previous(&mut self, row: TokenRow) -> Changed {
        self.dialog = Dialog::ExpirePrevious(row);
        Changed::DIALOG
    }

    pub fn ask_renew(&mut self, row: TokenRow) -> Changed {
        self.dialog = Dialog::Renew(row);
        Changed::DIALOG
    }

    pub fn ask_enable(&mut self, row: TokenRow) -> Changed {
        self.dialog = Dialog::Enable(row);
        Changed::DIALOG
    }

    pub fn show_details(&mut self, row: TokenRow) -> Changed {
        self.dialog = Dialog::Details(row);
        Changed::DIALOG
    }

    pub fn close_dialog(&mut self) -> Changed {
        self.dialog = Dialog::None;
        Changed::DIALOG
    }

    pub fn dismiss_notice(&mut self) -> Changed {
        self.notice = None;
        Changed::NOTICE
    }

    /// A token was created: first in the list, its secret shown next.
    pub fn created(&mut self, row: TokenRow) -> Changed {
        self.announcement = Some(Change::Created(row.source.kind()));
        Arc::make_mut(&mut self.rows).insert(0, row);
        self.dialog = Dialog::Secret;
        Changed::ROWS | Changed::DIALOG | Changed::ANNOUNCEMENT
    }

    /// A token was edited: its row is replaced where it is.
    pub fn edited(&mut self, row: TokenRow) -> Changed {
        self.replaced(row.clone(), Change::Updated(row))
    }

    /// A token's secret was rolled: its row (with its grace window) replaced where it is, the
    /// new secret shown next.
    pub fn rotated(&mut self, row: TokenRow) -> Changed {
        self.replace(row.clone());
        self.dialog = Dialog::Secret;
        self.announcement = Some(Change::Rotated(row));
        Changed::ROWS | Changed::DIALOG | Changed::ANNOUNCEMENT
    }

    /// A token's grace window ended now (or had already ended: the row says so either way).
    pub fn previous_expired(&mut self, row: TokenRow) -> Changed {
        self.replaced(row.clone(), Change::PreviousExpired(row))
    }

    /// A token was renewed: its row, with its new expiry, replaced where it is.
    pub fn renewed(&mut self, row: TokenRow) -> Changed {
        self.replaced(row.clone(), Change::Renewed(row))
    }

    /// A token works again: its row, no longer disabled, replaced where it is.
    pub fn enabled(&mut self, row: TokenRow) -> Changed {
        self.replaced(row.clone(), Change::Enabled(row))
    }

    /// `row` changed at the backend and the dialog that changed it is done: the row is put
    /// where it is, the dialog closed, and `change` said.
    fn replaced(&mut self, row: TokenRow, change: Change) -> Changed {
        self.replace(row);
        self.dialog = Dialog::None;
        self.announcement = Some(change);
        Changed::ROWS | Changed::DIALOG | Changed::ANNOUNCEMENT
    }

    /// Puts `row` where the row with its key is (nothing when it is gone).
    fn replace(&mut self, row: TokenRow) {
        if let Some(x) = Arc::make_mut(&mut self.rows)
            .iter_mut()
            .find(|x| x.key() == row.key())
        {
            *x = row;
        }
    }

    /// A token was deleted, or found already gone (`already_gone`, a 404 on delete or edit).
    pub fn deleted(&mut self, row: TokenRow, already_gone: bool) -> Changed {
        Arc::make_mut(&mut self.rows).retain(|x| x.key() != row.key());
        self.selection.retain_in(&self.rows);
        self.dialog = Dialog::None;
        let change = Change::Deleted { row, already_gone };
        self.notice = Some(change.clone());
        self.announcement = Some(change);
        Changed::ROWS
            | Changed::DIALOG
            | Changed::NOTICE
            | Changed::ANNOUNCEMENT
            | Changed::SELECTION
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::roles::RoleInfo;

    fn row(source: Source, id: &str, desc: &str, created: i64) -> TokenRow {
        TokenRow {
            description: Some(desc.into()),
            created_at: Some(created),
            ..TokenRow::new(source, id)
        }
    }

    fn role(id: &str, level: Option<i64>) -> RoleInfo {
        RoleInfo {
            id: id.into(),
            key: id.into(),
            name: id.to_uppercase(),
            description: None,
            level,
        }
    }

    fn keys(keys: &[&str]) -> Abilities {
        Abilities::from_keys(keys.iter().copied())
    }

    fn wave(abilities: Abilities) -> Wave {
        Wave {
            authorization: Ok(Authorization {
                abilities,
                roles: vec![role("admin", Some(1))],
                permissions: vec![],
            }),
            profile: Ok(Profile {
                user_id: Some("u1".into()),
            }),
            roles: Ok(vec![role("owner", Some(0)), role("admin", Some(1))]),
            settings: Ok(VendorSettings {
                token_type: TokenType::AccessToken,
                force_roles: true,
                lifecycle: None,
            }),
            lists: vec![
                Ok(vec![row(Source::AccountClients, "ac", "a", 1)]),
                Ok(vec![row(Source::AccountAccess, "aa", "b", 3)]),
                Ok(vec![row(Source::PersonalClients, "pc", "c", 2)]),
                Ok(vec![]),
            ],
        }
    }

    fn ids(s: &TabState) -> Vec<&str> {
        s.rows().iter().map(|r| r.id.as_str()).collect()
    }

    fn ready() -> TabState {
        let mut s = TabState::default();
        s.loaded(wave(keys(&["fe.secure.*"])), None);
        s
    }

    fn member(id: &str, roles: &[&str]) -> Option<Arc<crate::model::owner::Member>> {
        Some(Arc::new(crate::model::owner::Member {
            user_id: id.into(),
            name: Some(id.to_uppercase()),
            email: None,
            role_ids: roles.iter().map(|r| r.to_string()).collect(),
        }))
    }

    #[test]
    fn members_tokens_join_the_list_and_their_owners_roles_decide_the_level_rule() {
        // An admin's first wave, from a backend that lists members' tokens.
        let w2 = || {
            let mut w = wave(keys(&["fe.secure.*", "api-tokens.members.manage"]));
            w.settings = Ok(VendorSettings {
                lifecycle: Some(Lifecycle {
                    member_tokens: true,
                    level_rule_on_delete: true,
                    ..Lifecycle::default()
                }),
                ..VendorSettings::default()
            });
            if let Ok(a) = &mut w.authorization {
                a.permissions = vec![PermissionInfo {
                    id: None,
                    key: "api-tokens.members.manage".into(),
                }];
            }
            w
        };
        let mut s = TabState::default();
        s.loaded(w2(), None);
        assert!(s.session().unwrap().member_tokens());
        let loaded = vec![
            // The user's own, as the members' list names it: left to their own list.
            TokenRow {
                member: member("u1", &["admin"]),
                ..row(Source::PersonalClients, "pc", "c", 2)
            },
            TokenRow {
                member: member("u-dev", &["admin"]),
                ..row(Source::PersonalClients, "devs", "d", 5)
            },
            TokenRow {
                member: member("u-owner", &["owner"]),
                ..row(Source::PersonalClients, "owners", "o", 4)
            },
            // Nor one whose owner is not said.
            TokenRow {
                member: member("", &[]),
                ..row(Source::PersonalClients, "whose", "w", 8)
            },
            // Another source's row in the answer is not taken.
            TokenRow {
                member: member("u-dev", &[]),
                ..row(Source::PersonalAccess, "stray", "x", 9)
            },
        ];
        let wave = s.wave();
        assert_eq!(
            s.members_loaded(wave, Source::PersonalClients, loaded.clone()),
            Changed::ROWS | Changed::SELECTION
        );
        assert_eq!(ids(&s), ["devs", "owners", "aa", "pc", "ac"]);
        assert!(s
            .rows()
            .iter()
            .find(|r| r.id == "pc")
            .unwrap()
            .member
            .is_none());
        // The owner is above the admin: their token cannot be deleted; the developer's can.
        let session = s.session().unwrap();
        let of = |id: &str| s.rows().iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            session.blocked(of("owners"), TokenAction::Delete),
            Some(Above::Role("OWNER"))
        );
        assert_eq!(session.blocked(of("devs"), TokenAction::Delete), None);
        // Loaded again: replaced, not added; the user's own list leaves them alone.
        s.members_loaded(wave, Source::PersonalClients, loaded[1..2].to_vec());
        assert_eq!(ids(&s), ["devs", "aa", "pc", "ac"]);
        s.source_reloaded(Source::PersonalClients, vec![]);
        assert_eq!(ids(&s), ["devs", "aa", "ac"]);
        // A members' list that failed is a problem of its part; the rows stay.
        let e = ApiError::Http {
            status: 403,
            message: None,
            retry_after: None,
        };
        assert_eq!(
            s.members_failed(wave, Source::PersonalAccess, e.clone()),
            Changed::PHASE
        );
        assert_eq!(s.session().unwrap().problems.len(), 1);
        assert_eq!(ids(&s), ["devs", "aa", "ac"]);
        // An answer a later wave overtook (a retry while it was out) is dropped: it could
        // bring back a token revoked since.
        let mut again = w2();
        again.lists[2] = Ok(vec![]);
        s.loaded(again, None);
        assert_eq!(s.wave(), wave + 1);
        assert_eq!(
            s.members_loaded(wave, Source::PersonalClients, loaded.clone()),
            Changed::NOTHING
        );
        assert_eq!(
            s.members_failed(wave, Source::PersonalAccess, e),
            Changed::NOTHING
        );
        assert_eq!(ids(&s), ["aa", "ac"]);
        // Without the permission, or from a backend without the extension: nothing taken.
        let mut plain = ready();
        let wave = plain.wave();
        assert_eq!(
            plain.members_loaded(wave, Source::PersonalClients, loaded),
            Changed::NOTHING
        );
        assert_eq!(ids(&plain), ["aa", "pc", "ac"]);
    }

    #[test]
    fn picked_rows_are_revoked_in_bulk_and_the_failed_ones_stay_picked() {
        let mut s = ready();
        let shown: Vec<Key> = s.rows().iter().map(|r| (r.source, r.id.clone())).collect();
        assert_eq!(s.ask_bulk_revoke(), Changed::NOTHING, "nothing picked");
        assert_eq!(s.toggle_selected(shown[2].clone()), Changed::SELECTION);
        s.select_range(&shown, shown[0].clone());
        assert_eq!(s.selection().len(), 3);
        s.toggle_all_shown(&shown);
        assert!(s.selection().is_empty());
        s.select_only(vec![shown[0].clone(), shown[2].clone()]);
        s.ask_bulk_revoke();
        match s.dialog() {
            Dialog::BulkRevoke(rows) => assert_eq!(
                rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
                ["aa", "ac"],
                "in the list's order"
            ),
            other => panic!("{other:?}"),
        }
        // One went, one failed: the dialog stays, the failed one stays picked.
        let changed = s.bulk_revoked(&[shown[0].clone()], 1);
        assert!(!changed.has(Changed::DIALOG));
        assert_eq!(ids(&s), ["pc", "ac"]);
        assert_eq!(s.selection().len(), 1);
        assert!(s.selection().has(&shown[2]));
        assert_eq!(
            s.announcement(),
            Some(&Change::BulkRevoked {
                revoked: 1,
                failed: 1
            })
        );
        // The retry goes through: the dialog closes and the notice says so.
        s.bulk_revoked(&[shown[2].clone()], 0);
        assert_eq!(s.dialog(), &Dialog::None);
        assert!(s.selection().is_empty());
        assert_eq!(
            s.notice(),
            Some(&Change::BulkRevoked {
                revoked: 1,
                failed: 0
            })
        );
        // A single delete, or a reload, forgets picked rows that went.
        let pc = s.rows()[0].clone();
        s.toggle_selected((pc.source, pc.id.clone()));
        s.deleted(pc, false);
        assert!(s.selection().is_empty());
    }

    #[test]
    fn a_wave_becomes_a_session_and_one_newest_first_list() {
        let s = ready();
        assert_eq!(ids(&s), ["aa", "pc", "ac"]);
        let session = s.session().unwrap();
        assert_eq!(session.token_type, TokenType::AccessToken);
        assert!(session.force_roles);
        assert_eq!(session.user_id.as_deref(), Some("u1"));
        assert!(session.problems.is_empty());
        assert!(!session.last_used() && session.max_expires().is_none());
        assert_eq!(session.role_names()["owner"], "OWNER");
        let selectable: Vec<_> = session
            .role_options()
            .into_iter()
            .filter(|o| o.selectable)
            .map(|o| o.role.id)
            .collect();
        assert_eq!(selectable, ["admin"], "the level rule picks the roles");
        assert_eq!(session.writable_owners(), [Owner::Account, Owner::Personal]);
        // The host's token type wins over the vendor's.
        let mut s = TabState::default();
        s.loaded(
            wave(keys(&["fe.secure.*"])),
            Some(TokenType::ClientCredentials),
        );
        assert_eq!(
            s.session().unwrap().token_type,
            TokenType::ClientCredentials
        );
    }

    #[test]
    fn unreadable_lists_are_dropped_and_failed_parts_become_problems() {
        let mut w = wave(keys(&["fe.secure.read.userApiTokens"]));
        w.lists[0] = Err(ApiError::Network("down".into()));
        w.lists[3] = Err(ApiError::Network("down".into()));
        w.roles = Err(ApiError::Network("down".into()));
        w.settings = Err(ApiError::Network("down".into()));
        w.profile = Err(ApiError::Network("down".into()));
        let mut s = TabState::default();
        s.loaded(w, None);
        assert_eq!(ids(&s), ["pc"], "account lists are not for this user");
        let session = s.session().unwrap();
        let parts: Vec<_> = session.problems.iter().map(|p| p.part).collect();
        // The account list failing is not a problem: it was never theirs to read.
        assert_eq!(parts, [None, Some(Source::PersonalAccess)]);
        assert_eq!(session.token_type, TokenType::ClientCredentials);
        assert!(!session.force_roles);
        assert_eq!(session.user_id, None);
        assert!(session.writable_owners().is_empty());
    }

    #[test]
    fn a_failed_or_stopped_load_keeps_tokens_on_screen() {
        let mut s = TabState::default();
        let mut w = wave(Abilities::default());
        w.authorization = Err(ApiError::Network("down".into()));
        s.loaded(w, None);
        assert!(matches!(s.phase(), Phase::Failed(ApiError::Network(_))));
        assert_eq!(s.loading(), Changed::PHASE);
        assert_eq!(s.phase(), &Phase::Loading);
        assert_eq!(s.loading(), Changed::NOTHING, "already loading");
        assert_eq!(
            s.load_failed(ApiError::Cancelled { sent: true }),
            Changed::PHASE
        );
        assert_eq!(s.phase(), &Phase::Stopped);

        let mut s = ready();
        assert_eq!(s.loading(), Changed::NOTHING);
        assert!(s.session().is_some(), "a reload keeps what is shown");
        assert_eq!(
            s.load_failed(ApiError::Cancelled { sent: true }),
            Changed::NOTHING
        );
        assert!(s.session().is_some());
        assert_eq!(ids(&s).len(), 3);
        s.load_failed(ApiError::Network("down".into()));
        assert!(matches!(s.phase(), Phase::Failed(_)));
    }

    #[test]
    fn create_edit_and_delete_change_the_list_the_dialog_and_what_is_said() {
        let mut s = ready();
        s.deleted(row(Source::AccountAccess, "aa", "b", 3), false);
        assert_eq!(s.open_generate(), Changed::NOTICE | Changed::DIALOG);
        assert_eq!(s.dialog(), &Dialog::Generate);
        assert_eq!(s.notice(), None, "opening the form clears the last notice");
        let changed = s.created(row(Source::PersonalAccess, "new", "n", 0));
        assert_eq!(
            changed,
            Changed::ROWS | Changed::DIALOG | Changed::ANNOUNCEMENT
        );
        assert!(!changed.has(Changed::PHASE) && !changed.has(Changed::NOTICE));
        assert_eq!(ids(&s), ["new", "pc", "ac"], "a new token comes first");
        assert_eq!(s.dialog(), &Dialog::Secret);
        assert_eq!(
            s.announcement(),
            Some(&Change::Created(TokenType::AccessToken))
        );

        let mut edited = row(Source::AccountClients, "ac", "renamed", 1);
        edited.role_ids = vec!["admin".into()];
        s.edit(s.rows()[2].clone());
        s.edited(edited.clone());
        assert_eq!(s.rows()[2], edited, "edited in place");
        assert_eq!(s.dialog(), &Dialog::None);
        assert_eq!(s.announcement(), Some(&Change::Updated(edited)));

        let gone = row(Source::PersonalClients, "pc", "c", 2);
        s.ask_delete(gone.clone());
        assert_eq!(s.dialog(), &Dialog::Delete(gone.clone()));
        s.deleted(gone.clone(), true);
        assert_eq!(ids(&s), ["new", "ac"]);
        assert_eq!(s.dialog(), &Dialog::None);
        let said = Change::Deleted {
            row: gone,
            already_gone: true,
        };
        assert_eq!(s.notice(), Some(&said));
        assert_eq!(s.announcement(), Some(&said));
        s.dismiss_notice();
        assert_eq!(s.notice(), None);
        // The same id in another source is another token: untouched.
        s.deleted(row(Source::PersonalAccess, "ac", "x", 0), false);
        assert_eq!(ids(&s), ["new", "ac"]);
    }

    #[test]
    fn a_lost_create_is_found_in_its_source_reloaded() {
        let mut s = ready();
        let loaded = vec![
            row(Source::AccountClients, "ac", "a", 1),
            row(Source::AccountClients, "found", "deploy", 9),
        ];
        let (changed, found) = s.lost_create_checked(Source::AccountClients, loaded, " deploy ");
        assert_eq!(changed, Changed::ROWS | Changed::SELECTION);
        assert_eq!(found.map(|r| r.id), Some("found".into()));
        assert_eq!(ids(&s), ["found", "aa", "pc", "ac"]);
        // Not there: nothing was created, the list still follows the server.
        let (_, found) = s.lost_create_checked(Source::AccountClients, vec![], "deploy");
        assert_eq!(found, None);
        assert_eq!(ids(&s), ["aa", "pc"]);
    }

    #[test]
    fn rows_are_shared_until_a_transition_changes_them() {
        let mut s = ready();
        let held = Arc::clone(s.rows());
        s.dismiss_notice();
        assert!(Arc::ptr_eq(&held, s.rows()), "no copy without a change");
        s.deleted(row(Source::AccountAccess, "aa", "b", 3), false);
        assert_eq!(held.len(), 3, "what a render holds is not changed under it");
        assert_eq!(s.rows().len(), 2);
    }

    #[test]
    fn the_lifecycle_extension_is_what_the_backend_said() {
        let mut w = wave(keys(&["fe.secure.*"]));
        w.settings = Ok(VendorSettings {
            lifecycle: Some(Lifecycle {
                last_used: true,
                max_expires_in_minutes: Some(129_600),
                ..Lifecycle::default()
            }),
            ..VendorSettings::default()
        });
        let mut s = TabState::default();
        s.loaded(w, None);
        let session = s.session().unwrap();
        assert!(session.last_used());
        assert_eq!(session.max_expires(), Some(129_600));
    }

    #[test]
    fn a_roll_replaces_the_row_in_place_and_shows_the_new_secret() {
        let mut s = ready();
        // The last row: a row put back first, or appended, would be found out (the first row
        // keeps its place either way).
        assert_eq!(ids(&s), ["aa", "pc", "ac"]);
        let mut rolled = row(Source::AccountClients, "ac", "a", 1);
        rolled.previous_secret_expires_at = Some(99);
        assert_eq!(s.ask_roll(rolled.clone()), Changed::DIALOG);
        assert_eq!(s.dialog(), &Dialog::Roll(rolled.clone()));
        assert_eq!(
            s.rotated(rolled.clone()),
            Changed::ROWS | Changed::DIALOG | Changed::ANNOUNCEMENT
        );
        assert_eq!(ids(&s), ["aa", "pc", "ac"], "the same place, the same id");
        assert_eq!(s.rows()[2].previous_secret_expires_at, Some(99));
        assert_eq!(s.rows()[2], rolled);
        assert_eq!(s.dialog(), &Dialog::Secret);
        assert_eq!(s.announcement(), Some(&Change::Rotated(rolled.clone())));
        let mut ended = rolled;
        ended.previous_secret_expires_at = None;
        s.ask_expire_previous(ended.clone());
        s.previous_expired(ended.clone());
        assert_eq!(ids(&s), ["aa", "pc", "ac"]);
        assert_eq!(s.rows()[2].previous_secret_expires_at, None);
        assert_eq!(s.dialog(), &Dialog::None);
        assert_eq!(s.announcement(), Some(&Change::PreviousExpired(ended)));
    }

    #[test]
    fn a_renewal_replaces_the_row_in_place_and_says_so() {
        let mut s = ready();
        let mut renewed = row(Source::AccountClients, "ac", "a", 1);
        renewed.expires_at = Some(1_900_000_000_000);
        assert_ne!(s.rows()[2], renewed);
        assert_eq!(s.ask_renew(renewed.clone()), Changed::DIALOG);
        assert_eq!(s.dialog(), &Dialog::Renew(renewed.clone()));
        assert_eq!(
            s.renewed(renewed.clone()),
            Changed::ROWS | Changed::DIALOG | Changed::ANNOUNCEMENT
        );
        assert_eq!(ids(&s), ["aa", "pc", "ac"], "the same place, the same id");
        assert_eq!(s.rows()[2], renewed);
        assert_eq!(s.dialog(), &Dialog::None);
        assert_eq!(s.announcement(), Some(&Change::Renewed(renewed)));

        let enabled = s.rows()[0].clone();
        assert_eq!(s.ask_enable(enabled.clone()), Changed::DIALOG);
        assert_eq!(s.dialog(), &Dialog::Enable(enabled.clone()));
        assert_eq!(
            s.enabled(enabled.clone()),
            Changed::ROWS | Changed::DIALOG | Changed::ANNOUNCEMENT
        );
        assert_eq!(ids(&s), ["aa", "pc", "ac"]);
        assert_eq!(s.dialog(), &Dialog::None);
        assert_eq!(s.announcement(), Some(&Change::Enabled(enabled)));
    }

    #[test]
    fn a_token_above_the_user_has_its_writes_disabled_with_the_reason() {
        // The user is an admin (level 1) holding two permissions; the tenant also has an owner
        // role (level 0).
        let with = |lifecycle: Option<Lifecycle>| {
            let mut w = wave(keys(&["fe.secure.*"]));
            if let Ok(me) = w.authorization.as_mut() {
                me.permissions = ["fe.secure.read.*", "fe.secure.write.tenantApiTokens"]
                    .map(|k| PermissionInfo {
                        id: Some(format!("p-{k}")),
                        key: k.into(),
                    })
                    .into();
            }
            w.settings = Ok(VendorSettings {
                lifecycle,
                ..VendorSettings::default()
            });
            let mut s = TabState::default();
            s.loaded(w, None);
            s
        };
        let ours = Lifecycle {
            rotation: true,
            level_rule_on_edit: true,
            level_rule_on_delete: true,
            renew: true,
            ..Lifecycle::default()
        };
        let s = with(Some(ours));
        let session = s.session().unwrap();
        let mut held = row(Source::AccountClients, "x", "x", 1);
        assert_eq!(session.above(&held), None, "holds nothing");
        held.role_ids = vec!["admin".into()];
        assert_eq!(session.above(&held), None, "their own level");
        held.role_ids = vec!["admin".into(), "owner".into()];
        assert_eq!(session.above(&held), Some(Above::Role("OWNER")));
        held.role_ids = vec!["unknown".into()];
        assert_eq!(
            session.above(&held),
            None,
            "the server judges unknown roles"
        );
        held.role_ids = vec![];
        held.permission_ids = vec!["p-fe.secure.read.*".into()];
        assert_eq!(session.above(&held), None, "a permission they hold");
        // One they do not hold: not among theirs, named by its id (its key is not known).
        held.permission_ids.push("p-fe.secure.*".into());
        assert_eq!(
            session.above(&held),
            Some(Above::Permission("p-fe.secure.*"))
        );
        held.role_ids = vec!["owner".into()];
        assert_eq!(
            session.above(&held),
            Some(Above::Role("OWNER")),
            "a role first"
        );

        // Each action the backend refuses is disabled, with the reason.
        let acts = [
            TokenAction::Edit,
            TokenAction::Roll,
            TokenAction::EndWindow,
            TokenAction::Renew,
            TokenAction::Enable,
            TokenAction::Delete,
        ];
        let blocked = |s: &TabState, row: &TokenRow| -> Vec<bool> {
            let session = s.session().unwrap();
            acts.map(|a| session.blocked(row, a).is_some()).into()
        };
        assert_eq!(blocked(&s, &held), [true; 6]);
        assert_eq!(
            session.blocked(&held, TokenAction::Delete),
            Some(Above::Role("OWNER"))
        );
        let mine = row(Source::AccountClients, "y", "y", 1);
        assert_eq!(blocked(&s, &mine), [false; 6], "nothing above them");
        // A backend that rolls but does not refuse edits or deletes by level: those stay.
        let rolls_only = with(Some(Lifecycle {
            rotation: true,
            ..Lifecycle::default()
        }));
        assert_eq!(
            blocked(&rolls_only, &held),
            [false, true, true, false, true, false]
        );
        let renews_only = with(Some(Lifecycle {
            renew: true,
            ..Lifecycle::default()
        }));
        assert_eq!(
            blocked(&renews_only, &held),
            [false, false, false, true, true, false]
        );
        let delete_only = with(Some(Lifecycle {
            level_rule_on_delete: true,
            ..Lifecycle::default()
        }));
        assert_eq!(
            blocked(&delete_only, &held),
            [false, false, false, false, true, true]
        );
        // A classic backend: nothing changes.
        assert_eq!(blocked(&with(None), &held), [false; 6]);
    }
}
