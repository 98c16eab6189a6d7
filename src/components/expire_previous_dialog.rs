//! [`ExpirePreviousDialog`]: ending a token's grace window now (our extension), after a
//! confirmation that says what stops working. A 404 means no window was open any more: the
//! row is shown without one.

use leptos::prelude::*;

use super::dialog::{row_title, Modal};
use super::dialog_actions::{retry_safe_failure, DialogActions};
use super::request::Request;
use super::ApiContext;
use crate::i18n::{I18n, Text};
use crate::model::TokenRow;

#[component]
pub fn ExpirePreviousDialog(
    row: TokenRow,
    on_cancel: Callback<()>,
    /// Runs with the token as it is now (no previous secret working).
    on_expired: Callback<TokenRow>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error = RwSignal::new(None::<Text>);
    let request = Request::new();
    let target = row.clone();
    let expire = Action::new_local(move |_: &()| {
        let (api, row) = (ApiContext::expect(), target.clone());
        async move {
            match request
                .run(|| api.expire_previous_secret(row.source, row.id.clone()))
                .await
            {
                Ok(now) => on_expired.run(now),
                // Already over (it ran out, or someone ended it): the user's intent holds.
                Err(e) if e.status() == Some(404) => on_expired.run(TokenRow {
                    previous_secret_expires_at: None,
                    ..row
                }),
                // Ending it twice is harmless: the second answers 404.
                Err(e) => error.set(Some(retry_safe_failure(e, |m| m.maybe_expired))),
            }
        }
    });
    let pending = expire.pending();
    let title_row = row.clone();
    view! {
        <Modal
            title=row_title(|m| m.expire_previous_title, &title_row)
            on_close=on_cancel
            can_escape=Signal::derive(move || !pending.get())
            class="att-dialog-danger"
            role="alertdialog"
        >
            <p class="att-warning">{i18n.text(|m| m.expire_previous_body)}</p>
            <DialogActions
                request=request
                pending=pending
                error=error
                on_cancel=on_cancel
                on_confirm=Callback::new(move |_| {
                    expire.dispatch(());
                })
                label=|m| m.expire_previous_confirm
                busy_label=|m| m.expiring
                danger=true
            />
        </Modal>
    }
}
