//! [`EnableDialog`]: a token the backend's idle policy disabled works again (our extension).
//! It names the token, says its secret works again from now and, under a policy, that it is
//! disabled again after as many days unused. The row keeps its place; the change is announced.
//!
//! Enabling a token that is not disabled changes nothing at the backend, so sending it again
//! is harmless: after a lost answer the dialog stays open, says so, and Enable may be pressed
//! again.

use leptos::prelude::*;

use super::dialog::{row_title, Modal};
use super::dialog_actions::{retry_safe_failure, DialogActions};
use super::request::Request;
use super::store::TabStore;
use super::ApiContext;
use crate::i18n::{fill, I18n, Text};
use crate::model::TokenRow;

#[component]
pub fn EnableDialog(
    row: TokenRow,
    store: TabStore,
    /// The organization's idle policy in days (`None`: none).
    idle_days: Option<i64>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error = RwSignal::new(None::<Text>);
    let request = Request::new();
    let target = row.clone();
    let enable = Action::new_local(move |_: &()| {
        let (api, row) = (ApiContext::expect(), target.clone());
        async move {
            match request.run(|| api.enable(row.source, row.id.clone())).await {
                Ok(enabled) => store.apply(|s| s.enabled(enabled)),
                Err(e) => error.set(Some(retry_safe_failure(e, |m| m.maybe_enabled))),
            }
        }
    });
    let pending = enable.pending();
    let title_row = row.clone();
    view! {
        <Modal
            title=row_title(|m| m.enable_title, &title_row)
            on_close=on_cancel
            can_escape=Signal::derive(move || !pending.get())
        >
            <p>{i18n.text(|m| m.enable_body)}</p>
            {idle_days.map(|days| view! {
                <p class="att-hint">
                    {move || fill(i18n.get().m.enable_policy, &[("days", &days.to_string())])}
                </p>
            })}
            <DialogActions
                request=request
                pending=pending
                error=error
                on_cancel=on_cancel
                on_confirm=Callback::new(move |_| {
                    error.set(None);
                    enable.dispatch(());
                })
                label=|m| m.enable_confirm
                busy_label=|m| m.enabling
            />
        </Modal>
    }
}
