//! [`TokenList`]: one table of account and personal tokens of both types, with a search box
//! (description, identifier, role name), a live result count, sorting, a toggle for expired
//! tokens, an empty state, and a page of rows at a time ("Show more" adds one). Each row is a
//! [`TokenRowView`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::columns::{Column, ColumnHeaders, Columns, SelectAll};
use super::list_toolbar::{owner_scope, ListFilters, ListToolbar};
use super::now_ms;
use super::selection_bar::SelectionBar;
use super::token_row::{RowActions, TokenRowView};
use crate::i18n::{fill, I18n};
use crate::model::list::{self, Narrow, Query};
use crate::model::owner::OwnerFilter;
use crate::model::selection::{keys_at, Key};
use crate::model::{Owner, TokenRow};
use crate::state::{Changed, Rows};

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
    #[prop(into)] rows: Signal<Rows>,
    #[prop(into)] role_names: Signal<HashMap<String, String>>,
    /// The signed-in user's id, to say "You" in Created by.
    my_user_id: Option<String>,
    /// What each row's menu offers.
    actions: RowActions,
    /// Opens the generate form (the empty state invites it); `None` without write permission.
    on_generate: Option<Callback<()>>,
    #[prop(optional)] filters: ListFilters,
    /// The columns shown; with Last used (the backend tells last use, our extension), its
    /// sorts and the unused filter too.
    #[prop(optional)]
    columns: Columns,
    /// Offers the "expiring in 30 days" filter (a backend that renews tokens), and the Owner
    /// filter (the user sees every member's personal tokens); our extension.
    #[prop(optional)]
    expiring_filter: bool,
    #[prop(optional)] owner_filter: bool,
) -> impl IntoView {
    let last_used = columns.shows(Column::LastUsed);
    let ListFilters {
        query,
        show_expired,
        unused_only,
        expiring_only,
        ..
    } = filters;
    let sort = filters.sort;
    let i18n = I18n::expect();
    // The list, its counts and its selection work on the rows of the owners chosen.
    let (rows, owners) = owner_scope(rows, filters, owner_filter);

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
    let narrow = move || Narrow {
        show_expired: show_expired.get(),
        unused_only: last_used && unused_only.get(),
        expiring_only: expiring_filter && expiring_only.get(),
        now: now_ms(),
    };
    let matching = Memo::new(move |_| {
        let (q, narrow) = (Query::new(&query.get()), narrow());
        // No search, no keys: a load does not wait for them (they are warmed below).
        let indices = |k: &[String]| {
            rows.with(|rows| order.with(|o| list::visible_indices(rows, k, o, &q, narrow)))
        };
        if q.is_empty() {
            indices(&[])
        } else {
            keys.with(|k| indices(k))
        }
    });
    // Warmed once the first rows are painted, so even the first keystroke only compares.
    request_animation_frame(move || {
        set_timeout(move || _ = keys.try_with_untracked(|_| ()), Duration::ZERO)
    });
    // Beside the unused filter: how many it would show, whatever is searched.
    let unused = Memo::new(move |_| {
        let show = show_expired.get();
        last_used.then(|| rows.with(|r| list::unused_count(r, show, now_ms())))
    });
    let expiring = Memo::new(move |_| {
        expiring_filter.then(|| rows.with(|r| list::expiring_count(r, now_ms())))
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
    let total = move || rows.with(|r| r.len());
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
    // Picking rows for a bulk revoke (issue 35), for a user who may delete some token.
    let store = actions.store;
    let selectable = actions.abilities.can_delete(Owner::Account)
        || actions.abilities.can_delete(Owner::Personal);
    let shown_keys = move || rows.with(|r| matching.with(|m| keys_at(r, m)));
    let pick = Callback::new(move |(key, shift): (Key, bool)| {
        if shift {
            let shown = shown_keys();
            store.apply(|s| s.select_range(&shown, key));
        } else {
            store.apply(|s| s.toggle_selected(key));
        }
    });
    let actions = RowActions {
        pick: selectable.then_some(pick),
        ..actions
    };
    let picked_shown = Memo::new(move |_| {
        let shown = shown_keys();
        let n = store.read(Changed::SELECTION, |s| s.selection().count_of(&shown));
        (n, shown.len())
    });
    let select_all = selectable.then(|| SelectAll {
        label: Signal::derive(move || {
            let t = i18n.get();
            t.count(&t.m.select_all_shown, picked_shown.get().1)
        }),
        checked: Signal::derive(move || {
            let (n, of) = picked_shown.get();
            n > 0 && n == of
        }),
        some: Signal::derive(move || {
            let (n, of) = picked_shown.get();
            n > 0 && n < of
        }),
        toggle: Callback::new(move |_| {
            let shown = shown_keys();
            store.apply(|s| s.toggle_all_shown(&shown));
        }),
    });
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
                    let roles = role_names.with_untracked(|n| m.roles_text(&row, n));
                    view! { <TokenRowView row=row roles=roles me=me.get_value() actions=actions columns=columns /> }
                }
            />
        }
    };

    view! {
        <ListToolbar
            filters=filters
            last_used=last_used
            unused=unused
            expiring=expiring
            restart=Callback::new(move |_| restart())
            count_text=Signal::derive(count_text)
            owners=owners
        />

        {selectable.then(|| view! { <SelectionBar store=store rows=rows last_used=last_used /> })}

        <Show
            when=move || total() != 0 || filters.owner.with(|o| *o != OwnerFilter::Mine)
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
                        <button type="button" class="att-button att-button-secondary" on:click=move |_| { restart(); query.set(String::new()); show_expired.set(true); unused_only.set(false); expiring_only.set(false); filters.owner.set(OwnerFilter::Mine); }>
                            {i18n.text(|m| m.clear_filters)}
                        </button>
                    </div>
                }
            >
                <div class="att-table-wrap">
                    <table class=columns.table_class() node_ref=table aria-busy=move || busy().then_some("true")>
                        <caption class="att-visually-hidden">{i18n.text(|m| m.table_caption)}</caption>
                        <thead>
                            <ColumnHeaders columns=columns select_all=select_all />
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
