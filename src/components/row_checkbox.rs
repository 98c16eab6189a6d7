//! [`RowCheckbox`]: picks a row for a bulk revoke (issue 35), in the row's first cell. Space
//! toggles it; shift with a click (or with space) picks the range from the last row picked.

use leptos::prelude::*;

use super::store::TabStore;
use crate::model::selection::Key;
use crate::state::Changed;

#[component]
pub fn RowCheckbox(
    key: Key,
    /// "Select CI deploy".
    label: String,
    store: TabStore,
    /// `true`: with shift, a range.
    pick: Callback<(Key, bool)>,
) -> impl IntoView {
    let checked = {
        let key = key.clone();
        move || store.read(Changed::SELECTION, |s| s.selection().has(&key))
    };
    view! {
        <input
            type="checkbox"
            class="att-select"
            aria-label=label
            prop:checked=checked
            on:click=move |ev: leptos::ev::MouseEvent| pick.run((key.clone(), ev.shift_key()))
        />
    }
}
