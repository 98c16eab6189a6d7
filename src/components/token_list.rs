//! [`TokenList`]: one table of account and personal tokens of both types, with a search box
//! (description, identifier, role name), a live result count, sorting, a toggle for expired
//! tokens, an empty state, and a menu per row (edit, delete) as the user's permissions allow.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use super::copy_button::CopyButton;
use super::{now_ms, unique_id};
use crate::i18n::{fill, I18n, Messages, Tr};
use crate::model::list::{self, Query, SortBy};
use crate::model::time::{expiry_status, ExpiryStatus};
use crate::model::token::{short_id, truncate_chars};
use crate::model::{Abilities, Owner, TokenRow, TokenType};

/// The names of a row's roles as the Roles column and the delete dialog say them.
pub fn roles_text(row: &TokenRow, names: &HashMap<String, String>, m: &Messages) -> String {
    if row.source.owner() == Owner::Personal {
        return m.your_roles.into();
    }
    if row.role_ids.is_empty() {
        return m.no_roles.into();
    }
    row.role_ids
        .iter()
        .map(|id| names.get(id).cloned().unwrap_or_else(|| short_id(id)))
        .collect::<Vec<_>>()
        .join(m.roles_separator)
}

/// What the Expires column says: never, expired, the day, and within a week also how soon.
pub fn expiry_text(t: Tr, expires_at: Option<i64>, now: i64) -> String {
    match (expiry_status(expires_at, now), expires_at) {
        (ExpiryStatus::Never, _) | (_, None) => t.m.never.to_string(),
        (ExpiryStatus::Expired, _) => t.m.expired.to_string(),
        (ExpiryStatus::Soon, Some(e)) => fill(
            t.m.date_and_relative,
            &[("date", &t.date(e)), ("relative", &t.relative(e, now))],
        ),
        (ExpiryStatus::Later, Some(e)) => t.date(e),
    }
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

/// Rows built in the frame that answers a keystroke (or a new sort or filter): a screenful (a
/// row is about 42 px high). The rest of the page follows in the next frame, so the visible
/// rows are painted without waiting for those below the fold (measured: the keystroke's frame
/// takes half as long). The table is `aria-busy` until the page is whole. A load and "Show
/// more" build their page whole.
///
/// The first rows and the rest are two `<tbody>`s. While the rest waits, its `<tbody>` keeps
/// the previous rows, hidden, so the answering frame does not also pay for removing them.
pub const FIRST_ROWS: usize = 16;

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
    #[prop(optional)] filters: ListFilters,
) -> impl IntoView {
    let ListFilters {
        query,
        sort,
        show_expired,
    } = filters;
    let i18n = I18n::expect();
    let search_id = unique_id("search");
    let sort_id = unique_id("sort");
    let expired_id = unique_id("expired");

    // The list's order as indices: changing the sort copies no row.
    let order = Memo::new(move |_| rows.with(|r| list::sort_order(r, sort.get())));
    // Lower-cased once per list change (not per sort or keystroke), so a keystroke only compares.
    let keys = Memo::new(move |_| {
        role_names.with(|names| {
            rows.with(|rows| {
                rows.iter()
                    .map(|r| list::search_key(r, names))
                    .collect::<Vec<_>>()
            })
        })
    });
    let matching = Memo::new(move |_| {
        let q = Query::new(&query.get());
        let now = now_ms();
        rows.with(|rows| {
            keys.with(|k| {
                order.with(|o| list::visible_indices(rows, k, o, &q, show_expired.get(), now))
            })
        })
    });
    // Only the first `limit` matches are in the DOM; "Show more" adds a page. A new search or
    // filter starts again from one page (reset by the controls themselves, in the same turn
    // as their change, so the rows are worked out once).
    let limit = RwSignal::new(PAGE);
    // How many of the page's rows are built so far (see FIRST_ROWS). A load builds the whole
    // page at once: nothing is typed yet, and one layout of 50 rows costs less than two.
    let built = RwSignal::new(PAGE);
    let restart = move || {
        limit.set(PAGE);
        built.set(FIRST_ROWS);
    };
    let page_len = move || limit.get().min(matching.with(Vec::len));
    // The built rows `range` of the matches (clamped to them).
    let built_rows = move |range: std::ops::Range<usize>| {
        let n = limit.get().min(built.get());
        rows.with(|rows| {
            matching.with(|m| {
                let end = range.end.min(n).min(m.len());
                m[range.start.min(end)..end]
                    .iter()
                    .map(|&i| rows[i].clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let hidden = move || matching.with(Vec::len).saturating_sub(limit.get());
    let busy = move || built.get() < page_len();
    let first = Memo::new(move |_| built_rows(0..FIRST_ROWS));
    // While busy the rest keeps what it showed (hidden, see FIRST_ROWS), handed back as it
    // is: no copy and no comparison in the keystroke's frame. Then it follows the matches.
    let rest = Memo::new_owning(move |before: Option<Vec<TokenRow>>| match before {
        Some(before) if busy() => (before, false),
        before => {
            let now = built_rows(FIRST_ROWS..usize::MAX);
            let changed = before.as_ref() != Some(&now);
            (now, changed)
        }
    });
    // The rest of the page: after the frame that paints the rows built so far (its animation
    // frame, then a task), build the others. A new search restarts it; a rerun or unmount
    // cancels what is pending.
    Effect::new(move |_| {
        if !busy() {
            return;
        }
        let timer = Arc::new(Mutex::new(None::<TimeoutHandle>));
        let slot = Arc::clone(&timer);
        let frame = request_animation_frame_with_handle(move || {
            let next = set_timeout_with_handle(
                move || {
                    // The rest at once: smaller chunks each lay out the whole table
                    // again, which cost more than they saved.
                    built.try_set(limit.get_untracked());
                },
                Duration::ZERO,
            );
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = next.ok();
        })
        .ok();
        on_cleanup(move || {
            if let Some(f) = frame {
                f.cancel();
            }
            if let Some(t) = timer.lock().unwrap_or_else(PoisonError::into_inner).take() {
                t.clear();
            }
        });
    });
    let table: NodeRef<leptos::html::Table> = NodeRef::new();
    // Focus goes to the first new row's first control, where reading continues (and the
    // button itself may be gone after the last page).
    let show_more = move || {
        let first_new = limit.get_untracked();
        // A click, not a keystroke: the new page is built whole, so focus lands on a table
        // that is not busy.
        built.set(first_new + PAGE);
        limit.update(|l| *l += PAGE);
        request_animation_frame(move || {
            let control = table.get_untracked().and_then(|t| {
                // The new page is in the rest's <tbody> (first_new >= PAGE > FIRST_ROWS).
                t.query_selector(&format!(
                    ".att-rest > tr:nth-child({}) button",
                    first_new - FIRST_ROWS + 1
                ))
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
        let (n, total) = (matching.with(Vec::len), total());
        let t = i18n.get();
        if n == total {
            t.count(&t.m.token_count, total)
        } else {
            let form = t.m.showing_of.pick(&t.plural_category(total));
            fill(
                form,
                &[
                    ("n", &t.number(n as i64)),
                    ("total", &t.number(total as i64)),
                ],
            )
        }
    };
    let me = StoredValue::new(my_user_id);
    let body = move |part: Memo<Vec<TokenRow>>| {
        let m = i18n.get().m;
        role_names.track();
        // Keyed by the whole row: a token whose description, roles or expiry changed gets its
        // row built again; the same token unchanged keeps its row (and its DOM).
        view! {
            <For
                each=move || part.get()
                key=TokenRow::clone
                children=move |row| {
                    let roles = role_names.with_untracked(|n| roles_text(&row, n, m));
                    view! {
                        <Row row=row roles=roles abilities=abilities me=me.get_value() on_delete=on_delete on_edit=on_edit />
                    }
                }
            />
        }
    };

    view! {
        <div class="att-toolbar">
            <div class="att-search">
                <label for=search_id.clone() class="att-visually-hidden">{i18n.text(|m| m.search_label)}</label>
                <input
                    id=search_id
                    type="search"
                    placeholder=i18n.text(|m| m.search_placeholder)
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        restart();
                        query.set(event_target_value(&ev));
                    }
                />
            </div>
            <div class="att-sort">
                <label for=sort_id.clone()>{i18n.text(|m| m.sort_label)}</label>
                <select
                    id=sort_id
                    prop:value=move || sort.get().value()
                    on:change=move |ev| {
                        restart();
                        sort.set(SortBy::from_value(&event_target_value(&ev)));
                    }
                >
                    {SortBy::ALL.iter().map(|&s| view! {
                        <option value=s.value() selected=move || sort.get() == s>{move || i18n.get().m.sort(s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="att-toggle">
                <input
                    type="checkbox"
                    id=expired_id.clone()
                    prop:checked=move || show_expired.get()
                    on:change=move |ev| {
                        restart();
                        show_expired.set(event_target_checked(&ev));
                    }
                />
                <label for=expired_id>{i18n.text(|m| m.show_expired)}</label>
            </div>
            <p class="att-count" role="status" aria-live="polite">{count_text}</p>
        </div>

        <Show
            when=move || total() != 0
            fallback=move || view! {
                <div class="att-empty">
                    <p class="att-empty-title">{i18n.text(|m| m.empty_title)}</p>
                    <p>{i18n.text(|m| m.empty_body)}</p>
                    {on_generate.map(|g| view! {
                        <button type="button" class="att-button" on:click=move |_| g.run(())>{i18n.text(|m| m.generate_first)}</button>
                    })}
                </div>
            }
        >
            <Show
                when=move || first.with(|s| !s.is_empty())
                fallback=move || view! {
                    <div class="att-empty">
                        <p class="att-empty-title">
                            {move || {
                                let q = query.get();
                                let m = i18n.get().m;
                                if q.trim().is_empty() { m.nothing_to_show.to_string() } else { fill(m.no_match, &[("query", q.trim())]) }
                            }}
                        </p>
                        <button type="button" class="att-button att-button-secondary" on:click=move |_| { restart(); query.set(String::new()); show_expired.set(true); }>
                            {i18n.text(|m| m.clear_filters)}
                        </button>
                    </div>
                }
            >
                <div class="att-table-wrap">
                    <table class="att-table" node_ref=table aria-busy=move || busy().then_some("true")>
                        <caption class="att-visually-hidden">{i18n.text(|m| m.table_caption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.text(|m| m.col_description)}</th>
                                <th scope="col">{i18n.text(|m| m.col_identifier)}</th>
                                <th scope="col">{i18n.text(|m| m.col_owner)}</th>
                                <th scope="col">{i18n.text(|m| m.col_type)}</th>
                                <th scope="col">{i18n.text(|m| m.col_roles)}</th>
                                <th scope="col">{i18n.text(|m| m.col_created)}</th>
                                <th scope="col">{i18n.text(|m| m.col_created_by)}</th>
                                <th scope="col">{i18n.text(|m| m.col_expires)}</th>
                                <th scope="col"><span class="att-visually-hidden">{i18n.text(|m| m.col_actions)}</span></th>
                            </tr>
                        </thead>
                        // Each rebuilt whole when the locale or the role names change; rows
                        // themselves hold no reactive text.
                        <tbody>{move || body(first)}</tbody>
                        <tbody class="att-rest" hidden=busy>{move || body(rest)}</tbody>
                    </table>
                </div>
                <Show when=move || hidden() != 0>
                    <p class="att-more">
                        <button type="button" class="att-button att-button-secondary" on:click=move |_| show_more()>
                            {move || { let t = i18n.get(); t.count(&t.m.show_more, hidden().min(PAGE)) }}
                        </button>
                        <span class="att-hint">{move || { let t = i18n.get(); t.count(&t.m.not_shown_yet, hidden()) }}</span>
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
) -> impl IntoView {
    // Said once: the table body is rebuilt when the locale changes, so a row needs no
    // reactive text of its own (a keystroke re-creates up to 50 rows; each effect costs).
    let t = I18n::expect().get_untracked();
    let m = t.m;
    let now = now_ms();
    let owner = row.source.owner();
    let kind = row.source.kind();
    let name = row.description_text().map(str::to_string);
    let display_name = m.name(&row);
    let status = expiry_status(row.expires_at, now);
    let by_me = match (owner, &row.created_by_user_id, &me) {
        (Owner::Personal, _, _) => true,
        (_, Some(by), Some(me)) => by == me,
        _ => false,
    };
    let created_by = match (by_me, &row.created_by_user_id) {
        (true, _) => m.you.to_string(),
        (false, Some(id)) => short_id(id),
        (false, None) => "—".to_string(),
    };
    let can_edit = owner == Owner::Account
        && kind == TokenType::ClientCredentials
        && abilities.can_write(owner);
    let can_delete = abilities.can_delete(owner);
    let id_copy = row.id.clone();
    let copy_id = Callback::new(move |_| Zeroizing::new(id_copy.clone()));
    let copy_label = fill(
        match kind {
            TokenType::ClientCredentials => m.copy_client_id_of,
            TokenType::AccessToken => m.copy_token_id_of,
        },
        &[("name", &display_name)],
    );

    view! {
        // Whole class strings, not class: toggles: a toggle holds the element's classList,
        // three per row, and a keystroke builds and drops dozens of rows.
        <tr class=(status == ExpiryStatus::Expired).then_some("att-row-expired")>
            <td class="att-col-description">
                {match name {
                    Some(n) => {
                        let title = truncate_chars(&n, 1000);
                        let shown = truncate_chars(&n, 200);
                        view! { <span class="att-description" title=title>{shown}</span> }.into_any()
                    }
                    None => view! { <span class="att-placeholder">{m.untitled}</span> }.into_any(),
                }}
            </td>
            <td class="att-col-id">
                <code class="att-mono" title=row.id.clone()>{short_id(&row.id)}</code>
                <CopyButton label=copy_label value=copy_id />
            </td>
            <td>{m.owner(owner)}</td>
            <td>{m.kind(kind)}</td>
            <td class="att-col-roles">{roles}</td>
            <td>
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
            <td title=row.created_by_user_id.clone()>{created_by}</td>
            <td>
                <span
                    class=match status {
                        ExpiryStatus::Soon => "att-expiry att-expiry-soon",
                        ExpiryStatus::Expired => "att-expiry att-expiry-expired",
                        _ => "att-expiry",
                    }
                    title=row.expires_at.map(|e| t.date_time(e))
                >
                    {(status == ExpiryStatus::Soon).then_some(view! { <span aria-hidden="true">"⚠ "</span><span class="att-visually-hidden">{m.expires_soon} " "</span> })}
                    {expiry_text(t, row.expires_at, now)}
                </span>
            </td>
            <td class="att-col-actions">
                {(can_edit || can_delete).then(|| view! {
                    <RowMenu row=row.clone() name=display_name can_edit=can_edit can_delete=can_delete on_delete=on_delete on_edit=on_edit />
                })}
            </td>
        </tr>
    }
}

/// The row's "⋯" menu: a menu button with Edit and Delete items. Closed, it is a button in a
/// box (a keystroke in search builds dozens); the menu itself is built when it opens.
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
    let actions_for = fill(
        I18n::expect().get_untracked().m.actions_for,
        &[("name", &name)],
    );
    let button: NodeRef<leptos::html::Button> = NodeRef::new();
    let list: NodeRef<leptos::html::Div> = NodeRef::new();
    let back_to_button = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    // Opening moves focus to the first item (the WAI-ARIA menu button pattern).
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            request_animation_frame(move || {
                if let Some(first) = list
                    .get_untracked()
                    .and_then(|l| menu_items(&l).into_iter().next())
                {
                    let _ = first.focus();
                }
            });
        }
    };
    let menu = {
        let (menu_id, label) = (menu_id.clone(), actions_for.clone());
        move || {
            open.get().then(|| {
                let row = row.clone();
                // Focus goes back to the menu button before a dialog opens, so the dialog
                // returns it there (the menu item itself is about to disappear).
                let choose = move |cb: Callback<TokenRow>| {
                    back_to_button();
                    cb.run(row.clone());
                };
                let choose_too = choose.clone();
                let i18n = I18n::expect();
                view! {
                    <div class="att-menu-list" role="menu" id=menu_id.clone() node_ref=list aria-label=label.clone()>
                        {can_edit.then(|| view! {
                            <button type="button" role="menuitem" tabindex="-1" class="att-menu-item" on:click=move |_| choose(on_edit)>
                                {i18n.text(|m| m.edit)}
                            </button>
                        })}
                        {can_delete.then(|| view! {
                            <button type="button" role="menuitem" tabindex="-1" class="att-menu-item att-menu-danger" on:click=move |_| choose_too(on_delete)>
                                {i18n.text(|m| m.delete)}
                            </button>
                        })}
                    </div>
                }
            })
        }
    };
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
                    back_to_button();
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
                if !open.get_untracked() {
                    return;
                }
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
                aria-controls=menu_id
                aria-label=actions_for
                on:click=toggle
            >
                "⋯"
            </button>
            {menu}
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
