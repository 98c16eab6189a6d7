//! [`TokenRowView`]: one row of the token table, said once in the locale of the moment (the body
//! is rebuilt on a locale change; a keystroke re-creates up to 50 rows, each effect costs).

use leptos::prelude::*;
use zeroize::Zeroizing;

use super::columns::Columns;
use super::copy_button::CopyButton;
use super::dialogs::Chunk;
use super::menu_button::{MenuButton, MenuItem};
use super::now_ms;
use super::row_checkbox::RowCheckbox;
use super::store::TabStore;
use crate::i18n::{fill, I18n, Messages};
use crate::model::selection::{key_of, Key};
use crate::model::time::{expiry_status, ExpiryStatus};
use crate::model::token::{short_id, truncate_chars};
use crate::model::{Abilities, Owner, TokenRow, TokenType};
use crate::state::{Changed, TabState, TokenAction};

/// What a row's menu offers, each item shared by every row.
#[derive(Clone, Copy)]
pub struct RowActions {
    pub abilities: Abilities,
    pub edit: Callback<TokenRow>,
    pub delete: Callback<TokenRow>,
    /// Our extension's actions, offered as the backend's `tokenLifecycle` says.
    pub roll: Callback<TokenRow>,
    pub expire_previous: Callback<TokenRow>,
    pub renew: Callback<TokenRow>,
    pub enable: Callback<TokenRow>,
    pub details: Callback<TokenRow>,
    /// The session: what the backend offers, and which rows are above the user.
    pub store: TabStore,
    /// Picks a row for a bulk revoke (`true`: with shift, a range); `None`: no checkboxes.
    pub pick: Option<Callback<(Key, bool)>>,
}

/// The actions a row's menu offers (see [`RowActions::offered`]).
#[derive(Default)]
struct Offered {
    details: bool,
    roll: bool,
    end_window: bool,
    renew: bool,
    enable: bool,
    edit: bool,
    delete: bool,
}

impl RowActions {
    /// Each action opens its dialog through the tab's state; abilities are set per session.
    pub fn new(store: TabStore) -> RowActions {
        let open = |to: fn(&mut TabState, TokenRow) -> Changed| {
            Callback::new(move |row| store.apply(|s| to(s, row)))
        };
        RowActions {
            abilities: Abilities::default(),
            edit: open(TabState::edit),
            delete: open(TabState::ask_delete),
            roll: open(TabState::ask_roll),
            expire_previous: open(TabState::ask_expire_previous),
            renew: open(TabState::ask_renew),
            enable: open(TabState::ask_enable),
            details: open(TabState::show_details),
            store,
            pick: None,
        }
    }

    /// Which actions `row`'s menu offers at `now`, enabled or not: one home for what
    /// [`RowActions::any`] and [`RowActions::items`] both ask.
    fn offered(&self, row: &TokenRow, now: i64) -> Offered {
        let owner = row.source.owner();
        let can_write = self.abilities.can_write(owner);
        let (rotation, history, renew, allowlist) = self.store.read_untracked(|s| {
            s.session().map_or((false, false, false, false), |s| {
                (s.rotation(), s.history(), s.renew(), s.ip_allowlist())
            })
        });
        if row.member.is_some() {
            // Another member's token (an admin's view): read and revoked, never changed.
            return Offered {
                details: history,
                delete: self.abilities.can_delete(owner),
                ..Offered::default()
            };
        }
        let roll = rotation && can_write;
        Offered {
            details: history,
            roll,
            end_window: roll && row.previous_secret_expires_at.is_some_and(|at| at > now),
            // Only a token that expires has an expiry to renew.
            renew: renew && can_write && row.expires_at.is_some(),
            // Only a backend of ours disables tokens.
            enable: can_write && row.disabled.is_some(),
            // Frontegg edits account client credentials only (`PATCH tenants/api-tokens/v1`);
            // a backend with IP allowlists edits every source.
            edit: (allowlist
                || (owner == Owner::Account && row.source.kind() == TokenType::ClientCredentials))
                && can_write,
            delete: self.abilities.can_delete(owner),
        }
    }

    /// Whether `row` has a menu. What its items are, and why one is disabled, is worked out
    /// when it opens ([`RowActions::items`]): a load builds 50 closed menus.
    fn any(&self, row: &TokenRow) -> bool {
        let o = self.offered(row, i64::MIN);
        o.details || o.roll || o.renew || o.enable || o.edit || o.delete
    }

    /// The items `row`'s menu offers the user at `now`. One the backend would refuse for the
    /// level rule is there but disabled, saying why (see [`TabState`]'s `Session::blocked`).
    fn items(&self, row: &TokenRow, now: i64) -> Vec<MenuItem<TokenRow>> {
        let offered = self.offered(row, now);
        let m = I18n::expect().get_untracked().m;
        // Why each action is disabled, in `TokenAction` order.
        let acts = [
            TokenAction::Edit,
            TokenAction::Roll,
            TokenAction::EndWindow,
            TokenAction::Renew,
            TokenAction::Enable,
            TokenAction::Delete,
        ];
        let [edit, roll, end_window, renew, enable, delete] =
            self.store.read_untracked(|s| match s.session() {
                Some(s) => acts.map(|a| s.blocked(row, a).map(|above| m.above_of(row, above))),
                None => Default::default(),
            });
        let item =
            |label: fn(&'static Messages) -> &'static str, danger, on_select, disabled, prepare| {
                MenuItem {
                    label,
                    danger,
                    on_select,
                    disabled,
                    prepare,
                }
            };
        [
            offered.details.then(|| {
                item(
                    |m| m.details,
                    false,
                    self.details,
                    None,
                    || Chunk::Details.preload(),
                )
            }),
            offered.roll.then(|| {
                item(
                    |m| m.roll_secret,
                    false,
                    self.roll,
                    roll,
                    || Chunk::Roll.preload(),
                )
            }),
            offered.enable.then(|| {
                item(
                    |m| m.enable_again,
                    false,
                    self.enable,
                    enable,
                    || Chunk::Enable.preload(),
                )
            }),
            offered.renew.then(|| {
                item(
                    |m| m.renew,
                    false,
                    self.renew,
                    renew,
                    || Chunk::Renew.preload(),
                )
            }),
            offered.end_window.then(|| {
                item(
                    |m| m.expire_previous,
                    true,
                    self.expire_previous,
                    end_window,
                    || Chunk::EndWindow.preload(),
                )
            }),
            offered
                .edit
                .then(|| item(|m| m.edit, false, self.edit, edit, || Chunk::Edit.preload())),
            offered.delete.then(|| {
                item(
                    |m| m.delete,
                    true,
                    self.delete,
                    delete,
                    || Chunk::Delete.preload(),
                )
            }),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

#[component]
pub fn TokenRowView(
    row: TokenRow,
    /// The Roles column, already said.
    roles: String,
    /// The signed-in user's id, to say "You" in Created by.
    me: Option<String>,
    actions: RowActions,
    /// The columns shown (the optional ones' cells only where they are).
    #[prop(optional)]
    columns: Columns,
) -> impl IntoView {
    let t = I18n::expect().get_untracked();
    let m = t.m;
    let now = now_ms();
    let kind = row.source.kind();
    let name = row.description_text().map(str::to_string);
    let display_name = m.name(&row);
    let status = expiry_status(row.expires_at, now);
    let created_by = m.created_by(&row, me.as_deref());
    let id_copy = row.id.clone();
    let copy_id = Callback::new(move |_| Zeroizing::new(id_copy.clone()));
    let copy_label = fill(
        match kind {
            TokenType::ClientCredentials => m.copy_client_id_of,
            TokenType::AccessToken => m.copy_token_id_of,
        },
        &[("name", &display_name)],
    );
    let has_menu = actions.any(&row);
    // Only from a backend that rolls secrets (a classic one shows nothing of the extension).
    let rotation = (actions.store).read_untracked(|s| s.session().is_some_and(|s| s.rotation()));
    let grace = row
        .previous_secret_expires_at
        .filter(|&at| rotation && at > now)
        .map(|at| fill(m.previous_valid_until, &[("date", &t.date_time(at))]));

    // Disabled by the idle policy (only a backend of ours says so): why, and since when.
    let disabled = row.disabled.map(|d| {
        let days = d
            .after_unused_days
            .map_or_else(String::new, |n| n.to_string());
        let why = match (d.after_unused_days, d.at) {
            (Some(_), Some(at)) => fill(
                m.disabled_unused_on,
                &[("days", &days), ("date", &t.date(at))],
            ),
            (Some(_), None) => fill(m.disabled_unused, &[("days", &days)]),
            (None, Some(at)) => fill(m.disabled_on, &[("date", &t.date(at))]),
            (None, None) => String::new(),
        };
        (why, d.at.map(|at| t.date_time(at)))
    });

    view! {
        // Whole class strings, not class: toggles: a toggle holds the element's classList,
        // three per row, and a keystroke builds and drops dozens of rows.
        <tr class=if status == ExpiryStatus::Expired {
            Some("att-row-expired")
        } else if row.disabled.is_some() {
            Some("att-row-disabled")
        } else {
            None
        }>
            <td class="att-col-description">
                {actions.pick.map(|pick| {
                    let label = fill(m.select_row, &[("name", &display_name)]);
                    view! { <RowCheckbox key=key_of(&row) label=label store=actions.store pick=pick /> }
                })}
                {match name {
                    Some(n) => {
                        let title = truncate_chars(&n, 1000);
                        let shown = truncate_chars(&n, 200);
                        view! { <span class="att-description" title=title>{shown}</span> }.into_any()
                    }
                    None => view! { <span class="att-placeholder">{m.untitled}</span> }.into_any(),
                }}
                {(!row.allowed_cidrs.is_empty()).then(|| {
                    let n = row.allowed_cidrs.len();
                    // A space before it: read as two words, not "CIIP allowlist".
                    view! {
                        " "
                        <span class="att-allowlist-marker" title=row.allowed_cidrs.join(", ")>
                            {t.count(&m.allowlist_marker, n)}
                        </span>
                    }
                })}
            </td>
            <td class="att-col-id" data-label=m.col_identifier>
                <code class="att-mono" title=row.id.clone()>{short_id(&row.id)}</code>
                <CopyButton label=copy_label value=copy_id />
            </td>
            <td data-label=m.col_owner title=row.member.as_ref().and_then(|m| m.email.clone())>{m.owner_of(&row).to_string()}</td>
            <td data-label=m.col_type>{m.kind(kind)}</td>
            <td class="att-col-roles" data-label=m.col_roles>{roles}</td>
            <td data-label=m.col_created>
                {match row.created_at {
                    Some(c) => {
                        let full = t.date_time(c);
                        let relative = t.relative(c, now);
                        let label = fill(m.relative_and_date, &[("relative", &relative), ("date", &full)]);
                        view! {
                            <span class="att-time" tabindex="0" aria-label=label>
                                {relative}
                                <span class="att-tooltip" aria-hidden="true">{full.clone()}</span>
                            </span>
                        }.into_any()
                    }
                    None => view! { <span class="att-placeholder">{m.unknown}</span> }.into_any(),
                }}
            </td>
            <td data-label=m.col_created_by title=row.created_by_user_id.clone()>{created_by}</td>
            {columns.extension_cells(t, &row, now)}
            <td class="att-col-expires" data-label=m.col_expires>
                <span
                    class=match status {
                        ExpiryStatus::Soon => "att-expiry att-expiry-soon",
                        ExpiryStatus::Expired => "att-expiry att-expiry-expired",
                        _ => "att-expiry",
                    }
                    title=row.expires_at.map(|e| t.date_time(e))
                >
                    {(status == ExpiryStatus::Soon).then_some(view! { <span aria-hidden="true">"⚠ "</span><span class="att-visually-hidden">{m.expires_soon} " "</span> })}
                    {t.expiry_text(row.expires_at, now)}
                </span>
                {grace.map(|g| view! { <span class="att-grace">{g}</span> })}
                {disabled.map(|(why, full)| view! {
                    <span class="att-disabled">{m.disabled_label}</span>
                    <span class="att-disabled-why" title=full>{why}</span>
                })}
            </td>
            <td class="att-col-actions">
                {has_menu.then(|| {
                    let label = fill(m.actions_for, &[("name", &display_name)]);
                    let key = format!("{}:{}", row.source as u8, row.id);
                    let of = row.clone();
                    let items = Callback::new(move |()| actions.items(&of, now_ms()));
                    view! { <MenuButton label=label items=items value=row.clone() key=key /> }
                })}
            </td>
        </tr>
    }
}
