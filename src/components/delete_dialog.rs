//! [`DeleteDialog`]: the confirmation before deleting a token. It names the token, its type
//! and roles, and says there is no undo and that anything using it stops working.

use leptos::prelude::*;

use super::dialog::Modal;
use super::request::{Request, RetryNotice};
use super::ApiContext;
use crate::model::token::short_id;
use crate::model::{Owner, TokenRow};

#[component]
pub fn DeleteDialog(
    row: TokenRow,
    /// The names of the token's roles ("Your roles" for personal tokens).
    roles_text: String,
    on_cancel: Callback<()>,
    /// Runs after the backend deleted it (or said it was already gone: `true`).
    on_deleted: Callback<(TokenRow, bool)>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let row_for_action = row.clone();
    let request = Request::new();
    let delete = Action::new_local(move |_: &()| {
        let api = ApiContext::expect();
        let row = row_for_action.clone();
        async move {
            match request.run(|| api.delete(row.source, row.id.clone())).await {
                Ok(()) => on_deleted.run((row, false)),
                // Already gone: the user's intent is fulfilled; say so and drop the row.
                Err(e) if e.status() == Some(404) => on_deleted.run((row, true)),
                // Deleting twice is harmless: the second answers 404, "already deleted".
                Err(e) if e.outcome_unknown() => error.set(Some(format!(
                    "{e} It may or may not have been deleted: try again to make sure."
                ))),
                Err(e) => error.set(Some(e.to_string())),
            }
        }
    });
    // Set at the click, so a double click sends one request.
    let pending = delete.pending();
    let name = row.label();
    let kind = row.source.kind().label();
    let owner = match row.source.owner() {
        Owner::Account => "Account token",
        Owner::Personal => "Personal token",
    };

    view! {
        <Modal
            title=format!("Delete “{name}”?")
            on_close=on_cancel
            can_escape=Signal::derive(move || !pending.get())
            class="att-dialog-danger"
            role="alertdialog"
        >
            <dl class="att-summary">
                <div><dt>"Type"</dt><dd>{format!("{owner} · {kind}")}</dd></div>
                <div><dt>"Identifier"</dt><dd class="att-mono" title=row.id.clone()>{short_id(&row.id)}</dd></div>
                <div><dt>"Roles"</dt><dd>{roles_text}</dd></div>
            </dl>
            <p class="att-warning">
                <strong>"This cannot be undone."</strong>
                " Anything that uses this token stops working at once."
            </p>
            {move || error.get().map(|e| view! { <p class="att-error" role="alert">{e}</p> })}
            <RetryNotice request=request />
            <div class="att-actions">
                <button
                    type="button"
                    class="att-button att-button-secondary"
                    disabled=move || pending.get() && !request.busy.get()
                    on:click=move |_| if request.busy.get_untracked() { request.stop() } else { on_cancel.run(()) }
                >
                    {move || if request.busy.get() { "Stop" } else { "Cancel" }}
                </button>
                <button
                    type="button"
                    class="att-button att-button-danger"
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().then_some("true")
                    on:click=move |_| {
                        error.set(None);
                        delete.dispatch(());
                    }
                >
                    {move || if pending.get() { "Deleting…" } else { "Delete token" }}
                </button>
            </div>
        </Modal>
    }
}
