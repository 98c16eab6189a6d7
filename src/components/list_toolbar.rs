//! [`ListToolbar`]: what narrows and orders the token list — search (description, identifier,
//! role name), sort, the expired toggle, where the backend tells last use the "unused for 90+
//! days" filter with its count, where it renews tokens the "expiring in 30 days" one — and the
//! live count of what is shown.

use leptos::prelude::*;

use super::unique_id;
use crate::i18n::{fill, I18n, Messages};
use crate::model::list::SortBy;
use crate::model::owner::{self, MemberChoice, OwnerFilter};
use crate::state::Rows;

/// What the user set on the list: kept by the tab, so a reload that re-creates the list keeps
/// the search they typed.
#[derive(Clone, Copy)]
pub struct ListFilters {
    pub query: RwSignal<String>,
    pub sort: RwSignal<SortBy>,
    pub show_expired: RwSignal<bool>,
    /// Only tokens unused for 90 days (offered where the backend tells last use).
    pub unused_only: RwSignal<bool>,
    /// Only tokens expiring within 30 days (offered where the backend renews tokens).
    pub expiring_only: RwSignal<bool>,
    /// Whose tokens (offered to an admin who sees every member's, our extension), and the
    /// members it has offered while the tab is open (one whose tokens were all revoked stays,
    /// and so does the one chosen when the list is built again).
    pub owner: RwSignal<OwnerFilter>,
    pub members_seen: StoredValue<Vec<MemberChoice>>,
}

impl Default for ListFilters {
    fn default() -> Self {
        Self {
            query: RwSignal::new(String::new()),
            sort: RwSignal::new(SortBy::Newest),
            show_expired: RwSignal::new(true),
            unused_only: RwSignal::new(false),
            expiring_only: RwSignal::new(false),
            owner: RwSignal::new(OwnerFilter::Mine),
            members_seen: StoredValue::new(Vec::new()),
        }
    }
}

/// The rows of the owners `owner` chooses (`rows` as they are without the Owner filter,
/// `on` false), and the members the filter offers.
pub fn owner_scope(
    rows: Signal<Rows>,
    filters: ListFilters,
    on: bool,
) -> (Signal<Rows>, Option<Signal<Vec<MemberChoice>>>) {
    if !on {
        return (rows, None);
    }
    let (owner, seen) = (filters.owner, filters.members_seen);
    let choices = Memo::new(move |_| {
        let now = rows.with(|r| seen.with_value(|before| owner::member_choices(r, before)));
        seen.set_value(now.clone());
        now
    });
    let scoped = Memo::new(move |_| {
        let f = owner.get();
        rows.with(|r| owner::scoped(r, &f).map_or_else(|| r.clone(), Rows::new))
    });
    (scoped.into(), Some(choices.into()))
}

#[component]
pub fn ListToolbar(
    filters: ListFilters,
    /// The backend tells last use: its sorts and the unused filter are offered.
    last_used: bool,
    /// How many tokens the unused filter would show (`None` without last use).
    #[prop(into)]
    unused: Signal<Option<usize>>,
    /// How many tokens expire within 30 days (`None`: the filter is not offered, a backend
    /// that does not renew tokens).
    #[prop(into)]
    expiring: Signal<Option<usize>>,
    /// Runs before any change of the filters (the list starts again from its first page).
    restart: Callback<()>,
    /// "12 tokens", "Showing 3 of 12 tokens".
    #[prop(into)]
    count_text: Signal<String>,
    /// The members the Owner filter offers; `None`: no Owner filter (the user does not see
    /// members' tokens).
    #[prop(default = None)]
    owners: Option<Signal<Vec<MemberChoice>>>,
) -> impl IntoView {
    let ListFilters {
        query,
        sort,
        show_expired,
        unused_only,
        expiring_only,
        owner,
        ..
    } = filters;
    let i18n = I18n::expect();
    let search_id = unique_id("search");
    let sort_id = unique_id("sort");
    // A sort by last use kept from a backend that no longer tells it falls back to the default.
    if !SortBy::offered(last_used).contains(&sort.get_untracked()) {
        sort.set(SortBy::Newest);
    }
    // A filter's checkbox and its label; a change starts the list again from its first page.
    let checkbox =
        move |name: &str, on: RwSignal<bool>, label: fn(&'static Messages) -> &'static str| {
            let id = unique_id(name);
            view! {
                <input
                    type="checkbox"
                    id=id.clone()
                    prop:checked=move || on.get()
                    on:change=move |ev| {
                        restart.run(());
                        on.set(event_target_checked(&ev));
                    }
                />
                <label for=id>{i18n.text(label)}</label>
            }
        };
    let unused_filter = last_used.then(|| {
        view! {
            <div class="att-toggle">
                {checkbox("unused", unused_only, |m| m.unused_filter)}
                // Heard when it changes (a token deleted, "Show expired" switched).
                <span class="att-hint att-unused-count" role="status" aria-live="polite">
                    {move || {
                        let t = i18n.get();
                        t.count(&t.m.unused_count, unused.get().unwrap_or(0))
                    }}
                </span>
            </div>
        }
    });
    let expiring_filter = expiring.get_untracked().is_some().then(|| {
        view! {
            <div class="att-toggle">
                {checkbox("expiring", expiring_only, |m| m.expiring_filter)}
                <span class="att-hint att-expiring-count" role="status" aria-live="polite">
                    {move || {
                        let t = i18n.get();
                        t.count(&t.m.expiring_count, expiring.get().unwrap_or(0))
                    }}
                </span>
            </div>
        }
    });

    // Whose tokens: the user's and the account's, everyone's, or one member's.
    let owner_filter = owners.map(|choices| {
        let id = unique_id("owner");
        let option = move |f: OwnerFilter, label: Signal<String>| {
            let value = f.value();
            view! { <option value=value selected=move || owner.with(|o| *o == f)>{label}</option> }
        };
        view! {
            <div class="att-sort att-owner">
                <label for=id.clone()>{i18n.text(|m| m.owner_filter)}</label>
                <select
                    id=id
                    on:change=move |ev| {
                        restart.run(());
                        owner.set(OwnerFilter::from_value(&event_target_value(&ev)));
                    }
                >
                    {option(OwnerFilter::Mine, Signal::derive(move || i18n.get().m.owner_mine.to_string()))}
                    {option(OwnerFilter::Everyone, Signal::derive(move || i18n.get().m.owner_everyone.to_string()))}
                    {move || choices.get().into_iter().map(|c| {
                        let f = OwnerFilter::Member(c.member.user_id.clone());
                        let label = Signal::derive(move || {
                            let t = i18n.get();
                            let form = t.m.owner_member.pick(&t.plural_category(c.tokens));
                            fill(form, &[("name", c.member.label()), ("n", &t.number(c.tokens as i64))])
                        });
                        option(f, label)
                    }).collect_view()}
                </select>
            </div>
        }
    });

    view! {
        <div class="att-toolbar">
            {owner_filter}
            <div class="att-search">
                <label for=search_id.clone() class="att-visually-hidden">{i18n.text(|m| m.search_label)}</label>
                <input
                    id=search_id
                    type="search"
                    placeholder=i18n.text(|m| m.search_placeholder)
                    autocomplete="off"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        restart.run(());
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
                        restart.run(());
                        sort.set(SortBy::from_value(&event_target_value(&ev)));
                    }
                >
                    {SortBy::offered(last_used).iter().map(|&s| view! {
                        <option value=s.value() selected=move || sort.get() == s>{move || i18n.get().m.sort(s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="att-toggle">{checkbox("expired", show_expired, |m| m.show_expired)}</div>
            {unused_filter}
            {expiring_filter}
            <p class="att-count" role="status" aria-live="polite">{move || count_text.get()}</p>
        </div>
    }
}
