//! [`TokenList`]: one table of account and personal tokens of both types, with a search box
//! (description, identifier, role name), a live result count, sorting, a toggle for expired
//! tokens, an empty state, and a menu per row (edit, delete) as the user's permissions allow.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use super::copy_button::CopyButton;
use super::{now_ms, tz_offset_min, unique_id};
use crate::model::list::{self, Query, SortBy};
use crate::model::time::{expiry_label, expiry_status, format_date_time, relative, ExpiryStatus};
use crate::model::token::{short_id, truncate_chars};
use crate::model::{Abilities, Owner, TokenRow, TokenType};

/// The names of a row's roles as the Roles column and the delete dialog say them.
pub fn roles_text(row: &TokenRow, names: &HashMap<String, String>) -> String {
    if row.source.owner() == Owner::Personal {
        return "Your roles".into();
    }
    if row.role_ids.is_empty() {
        return "No roles".into();
    }
    row.role_ids
        .iter()
        .map(|id| names.get(id).cloned().unwrap_or_else(|| short_id(id)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the user set on the list: kept by the tab, so a reload that re-creates the list keeps
/// the search they typed.
#[derive(Clone, Copy)]
pub struct ListFilters {
    pub query: RwSignal<String>,
    pub sort: RwSignal<SortBy>,
    pub show_expired: RwSignal<bool>,
}

impl Default for ListFilters {
    fn default() -> Self {
        Self {
            query: RwSignal::new(String::new()),
            sort: RwSignal::new(SortBy::Newest),
            show_expired: RwSignal::new(true),
        }
    }
}

/// Rows put in the DOM at a time: a tenant with 10,000 tokens renders one page, and search
/// runs over all of them.
pub const PAGE: usize = 50;

#[component]
pub fn TokenList(
    #[prop(into)] rows: Signal<Vec<TokenRow>>,
    #[prop(into)] role_names: Signal<HashMap<String, String>>,
    abilities: Abilities,
    /// The signed-in user's id, to say "You" in Created by.
    my_user_id: Option<String>,
    on_delete: Callback<TokenRow>,
    on_edit: Callback<TokenRow>,
    /// Opens the generate form (the empty state invites it); `None` without write permission.
    on_generate: Option<Callback<()>>,
    on_copied: Callback<()>,
    #[prop(optional)] filters: ListFilters,
) -> impl IntoView {
    let ListFilters {
        query,
        sort,
        show_expired,
    } = filters;
    let search_id = unique_id("search");
    let sort_id = unique_id("sort");
    let expired_id = unique_id("expired");

    let sorted = Memo::new(move |_| {
        let mut r = rows.get();
        list::sort(&mut r, sort.get());
        r
    });
    // Lower-cased once per list change, so a keystroke only compares.
    let keys = Memo::new(move |_| {
        role_names.with(|names| {
            sorted.with(|rows| {
                rows.iter()
                    .map(|r| list::search_key(r, names))
                    .collect::<Vec<_>>()
            })
        })
    });
    let matching = Memo::new(move |_| {
        let q = Query::new(&query.get());
        let now = now_ms();
        sorted
            .with(|rows| keys.with(|k| list::visible_indices(rows, k, &q, show_expired.get(), now)))
    });
    // Only the first `limit` matches are in the DOM; "Show more" adds a page. A new search or
    // filter starts again from one page.
    let limit = RwSignal::new(PAGE);
    Effect::new(move |_| {
        query.track();
        show_expired.track();
        sort.track();
        limit.set(PAGE);
    });
    let shown = Memo::new(move |_| {
        let n = limit.get();
        sorted.with(|rows| {
            matching.with(|m| {
                m.iter()
                    .take(n)
                    .map(|&i| rows[i].clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let hidden = move || matching.with(Vec::len).saturating_sub(limit.get());
    let table: NodeRef<leptos::html::Table> = NodeRef::new();
    // Focus goes to the first new row's first control, where reading continues (and the
    // button itself may be gone after the last page).
    let show_more = move || {
        let first_new = limit.get_untracked();
        limit.update(|l| *l += PAGE);
        request_animation_frame(move || {
            let control = table.get_untracked().and_then(|t| {
                t.query_selector(&format!("tbody tr:nth-child({}) button", first_new + 1))
                    .ok()
                    .flatten()
            });
            if let Some(c) = control.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = c.focus();
            }
        });
    };
    let total = move || rows.with(Vec::len);
    let count_text = move || {
        let (n, t) = (matching.with(Vec::len), total());
        if n == t {
            format!("{t} {}", if t == 1 { "token" } else { "tokens" })
        } else {
            format!("Showing {n} of {t} tokens")
        }
    };
    let me = StoredValue::new(my_user_id);

    view! {
        <div class="att-toolbar">
            <div class="att-search">
                <label for=search_id.clone() class="att-visually-hidden">"Search tokens"</label>
                <input
                    id=search_id
                    type="search"
                    placeholder="Search by description, ID or role"
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </div>
            <div class="att-sort">
                <label for=sort_id.clone()>"Sort"</label>
                <select id=sort_id on:change=move |ev| sort.set(SortBy::from_value(&event_target_value(&ev)))>
                    {SortBy::ALL.iter().map(|s| view! {
                        <option value=s.value() selected=*s == SortBy::Newest>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="att-toggle">
                <input
                    type="checkbox"
                    id=expired_id.clone()
                    prop:checked=move || show_expired.get()
                    on:change=move |ev| show_expired.set(event_target_checked(&ev))
                />
                <label for=expired_id>"Show expired"</label>
            </div>
            <p class="att-count" role="status" aria-live="polite">{count_text}</p>
        </div>

        <Show
            when=move || total() != 0
            fallback=move || view! {
                <div class="att-empty">
                    <p class="att-empty-title">"No API tokens yet"</p>
                    <p>"Tokens let your services and scripts call the API without a password."</p>
                    {on_generate.map(|g| view! {
                        <button type="button" class="att-button" on:click=move |_| g.run(())>"Generate your first token"</button>
                    })}
                </div>
            }
        >
            <Show
                when=move || shown.with(|s| !s.is_empty())
                fallback=move || view! {
                    <div class="att-empty">
                        <p class="att-empty-title">
                            {move || {
                                let q = query.get();
                                if q.trim().is_empty() { "No tokens to show".to_string() } else { format!("No tokens match “{}”", q.trim()) }
                            }}
                        </p>
                        <button type="button" class="att-button att-button-secondary" on:click=move |_| { query.set(String::new()); show_expired.set(true); }>
                            "Clear search and filters"
                        </button>
                    </div>
                }
            >
                <div class="att-table-wrap">
                    <table class="att-table" node_ref=table>
                        <caption class="att-visually-hidden">"API tokens"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Description"</th>
                                <th scope="col">"Identifier"</th>
                                <th scope="col">"Owner"</th>
                                <th scope="col">"Type"</th>
                                <th scope="col">"Roles"</th>
                                <th scope="col">"Created"</th>
                                <th scope="col">"Created by"</th>
                                <th scope="col">"Expires"</th>
                                <th scope="col"><span class="att-visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || shown.get()
                                key=|r| format!("{}|{:?}|{:?}|{:?}", r.key(), r.description, r.role_ids, r.expires_at)
                                children=move |row| {
                                    let roles = role_names.with_untracked(|n| roles_text(&row, n));
                                    view! {
                                        <Row row=row roles=roles abilities=abilities me=me.get_value() on_delete=on_delete on_edit=on_edit on_copied=on_copied />
                                    }
                                }
                            />
                        </tbody>
                    </table>
                </div>
                <Show when=move || hidden() != 0>
                    <p class="att-more">
                        <button type="button" class="att-button att-button-secondary" on:click=move |_| show_more()>
                            {move || format!("Show {} more", hidden().min(PAGE))}
                        </button>
                        <span class="att-hint">{move || format!("{} not shown yet", hidden())}</span>
                    </p>
                </Show>
            </Show>
        </Show>
    }
}

#[component]
fn Row(
    row: TokenRow,
    roles: String,
    abilities: Abilities,
    me: Option<String>,
    on_delete: Callback<TokenRow>,
    on_edit: Callback<TokenRow>,
    on_copied: Callback<()>,
) -> impl IntoView {
    let now = now_ms();
    let tz = tz_offset_min();
    let owner = row.source.owner();
    let kind = row.source.kind();
    let name = row.description_text().map(str::to_string);
    let display_name = row.label();
    let status = expiry_status(row.expires_at, now);
    let created_by = match (owner, &row.created_by_user_id, &me) {
        (Owner::Personal, _, _) => "You".to_string(),
        (_, Some(by), Some(me)) if by == me => "You".to_string(),
        (_, Some(by), _) => short_id(by),
        (_, None, _) => "—".to_string(),
    };
    let can_edit = owner == Owner::Account
        && kind == TokenType::ClientCredentials
        && abilities.can_write(owner);
    let can_delete = abilities.can_delete(owner);
    let id_copy = row.id.clone();
    let copy_id = Callback::new(move |_| Zeroizing::new(id_copy.clone()));
    let id_label = match kind {
        TokenType::ClientCredentials => "client ID",
        TokenType::AccessToken => "token ID",
    };

    view! {
        <tr class:att-row-expired=status == ExpiryStatus::Expired>
            <td class="att-col-description">
                {match name {
                    Some(n) => {
                        let title = truncate_chars(&n, 1000);
                        let shown = truncate_chars(&n, 200);
                        view! { <span class="att-description" title=title>{shown}</span> }.into_any()
                    }
                    None => view! { <span class="att-placeholder">"Untitled token"</span> }.into_any(),
                }}
            </td>
            <td class="att-col-id">
                <code class="att-mono" title=row.id.clone()>{short_id(&row.id)}</code>
                <CopyButton label=format!("Copy {id_label} of {display_name}") value=copy_id on_copied=on_copied />
            </td>
            <td>{owner.label()}</td>
            <td>{kind.label()}</td>
            <td class="att-col-roles">{roles}</td>
            <td>
                {match row.created_at {
                    Some(c) => {
                        let full = format_date_time(c, tz);
                        view! {
                            <span class="att-time" tabindex="0" title=full.clone() aria-label=format!("{}, {full}", relative(c, now))>
                                {relative(c, now)}
                                <span class="att-tooltip" aria-hidden="true">{full.clone()}</span>
                            </span>
                        }.into_any()
                    }
                    None => view! { <span class="att-placeholder">"Unknown"</span> }.into_any(),
                }}
            </td>
            <td title=row.created_by_user_id.clone().unwrap_or_default()>{created_by}</td>
            <td>
                <span
                    class="att-expiry"
                    class:att-expiry-soon=status == ExpiryStatus::Soon
                    class:att-expiry-expired=status == ExpiryStatus::Expired
                    title=row.expires_at.map(|e| format_date_time(e, tz)).unwrap_or_default()
                >
                    {(status == ExpiryStatus::Soon).then_some(view! { <span aria-hidden="true">"⚠ "</span><span class="att-visually-hidden">"Expires soon: "</span> })}
                    {expiry_label(row.expires_at, now, tz)}
                </span>
            </td>
            <td class="att-col-actions">
                {(can_edit || can_delete).then(|| view! {
                    <RowMenu row=row.clone() name=display_name.clone() can_edit=can_edit can_delete=can_delete on_delete=on_delete on_edit=on_edit />
                })}
            </td>
        </tr>
    }
}

/// The row's "⋯" menu: a menu button with Edit and Delete items.
#[component]
fn RowMenu(
    row: TokenRow,
    name: String,
    can_edit: bool,
    can_delete: bool,
    on_delete: Callback<TokenRow>,
    on_edit: Callback<TokenRow>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let menu_id = unique_id("menu");
    let menu_name = StoredValue::new(name.clone());
    let row = StoredValue::new(row);
    let button: NodeRef<leptos::html::Button> = NodeRef::new();
    // Hand focus back to the menu button before a dialog opens, so the dialog returns it
    // there (the menu item itself is about to disappear).
    let choose = move |cb: Callback<TokenRow>| {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
        cb.run(row.get_value());
    };
    let list: NodeRef<leptos::html::Div> = NodeRef::new();
    // Opening moves focus to the first item (the WAI-ARIA menu button pattern).
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(first) = list
                    .get_untracked()
                    .and_then(|l| menu_items(&l).into_iter().next())
                {
                    let _ = first.focus();
                }
            });
        }
    });
    view! {
        <div
            class="att-menu"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if !open.get_untracked() {
                    return;
                }
                let key = ev.key();
                if key == "Escape" {
                    ev.stop_propagation();
                    ev.prevent_default();
                    open.set(false);
                    if let Some(b) = button.get_untracked() {
                        let _ = b.focus();
                    }
                    return;
                }
                let Some(l) = list.get_untracked() else { return };
                let items = menu_items(&l);
                if items.is_empty() {
                    return;
                }
                let active = super::active_element();
                let current = items.iter().position(|i| active.as_ref().is_some_and(|a| a == i.unchecked_ref::<web_sys::Element>()));
                let last = items.len() - 1;
                let next = match key.as_str() {
                    "ArrowDown" => Some(current.map_or(0, |c| if c == last { 0 } else { c + 1 })),
                    "ArrowUp" => Some(current.map_or(last, |c| if c == 0 { last } else { c - 1 })),
                    "Home" => Some(0),
                    "End" => Some(last),
                    _ => None,
                };
                if let Some(n) = next {
                    ev.prevent_default();
                    let _ = items[n].focus();
                }
            }
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                // Close when focus leaves the menu entirely.
                let inside = ev
                    .related_target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
                    .zip(ev.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok()))
                    .is_some_and(|(t, me)| me.contains(Some(&t)));
                if !inside {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                node_ref=button
                class="att-icon-button"
                aria-haspopup="menu"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=menu_id.clone()
                aria-label=format!("Actions for {name}")
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "⋯"
            </button>
            <Show when=move || open.get()>
                <div class="att-menu-list" role="menu" id=menu_id.clone() node_ref=list aria-label=move || format!("Actions for {}", menu_name.get_value())>
                    {can_edit.then(|| view! {
                        <button type="button" role="menuitem" tabindex="-1" class="att-menu-item" on:click=move |_| choose(on_edit)>
                            "Edit"
                        </button>
                    })}
                    {can_delete.then(|| view! {
                        <button type="button" role="menuitem" tabindex="-1" class="att-menu-item att-menu-danger" on:click=move |_| choose(on_delete)>
                            "Delete"
                        </button>
                    })}
                </div>
            </Show>
        </div>
    }
}

/// The items of an open menu, in order.
fn menu_items(list: &web_sys::HtmlDivElement) -> Vec<web_sys::HtmlElement> {
    let Ok(nodes) = list.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}
