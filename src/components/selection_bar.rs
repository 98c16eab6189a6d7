//! [`SelectionBar`]: above the token table, for a user who may delete tokens (issue 35): pick
//! the unused ones (where the backend tells last use) or the expired ones, how many are picked,
//! and "Revoke N tokens…", which opens the bulk revoke, or clear the selection.

use leptos::prelude::*;

use super::now_ms;
use super::store::TabStore;
use crate::i18n::I18n;
use crate::model::list;
use crate::model::selection::{key_of, Key};
use crate::model::time::{expiry_status, ExpiryStatus};
use crate::model::TokenRow;
use crate::state::{Changed, Rows, TabState};

#[component]
pub fn SelectionBar(
    store: TabStore,
    #[prop(into)] rows: Signal<Rows>,
    /// The backend tells last use: "Select the unused ones" is offered.
    last_used: bool,
) -> impl IntoView {
    let i18n = I18n::expect();
    let picked = move || store.read(Changed::SELECTION, |s| s.selection().len());
    // Exactly the rows `pred` keeps, of all (not only those shown).
    let select_where = move |pred: fn(&TokenRow, i64) -> bool| {
        let now = now_ms();
        let keys: Vec<Key> =
            rows.with(|r| r.iter().filter(|row| pred(row, now)).map(key_of).collect());
        store.apply(|s| s.select_only(keys));
    };
    view! {
        <div class="att-selection-bar" role="group" aria-label=move || i18n.get().m.bulk_title>
            {last_used.then(|| view! {
                <button type="button" class="att-button att-button-secondary"
                    on:click=move |_| select_where(list::is_unused)>
                    {i18n.text(|m| m.select_unused)}
                </button>
            })}
            <button type="button" class="att-button att-button-secondary"
                on:click=move |_| select_where(|r, now| expiry_status(r.expires_at, now) == ExpiryStatus::Expired)>
                {i18n.text(|m| m.select_expired)}
            </button>
            <span class="att-selected-count" role="status">
                {move || (picked() > 0).then(|| { let t = i18n.get(); t.count(&t.m.selected_count, picked()) })}
            </span>
            <Show when=move || picked() != 0>
                <button type="button" class="att-button att-button-danger"
                    on:click=move |_| store.apply(TabState::ask_bulk_revoke)>
                    {move || { let t = i18n.get(); t.count(&t.m.revoke_selected, picked()) }}
                </button>
                <button type="button" class="att-button att-button-secondary"
                    on:click=move |_| store.apply(TabState::clear_selection)>
                    {i18n.text(|m| m.clear_selection)}
                </button>
            </Show>
        </div>
    }
}
