//! [`DeleteDialog`]: the confirmation before deleting a token. It names the token, its type
//! and roles, and says there is no undo and that anything using it stops working.

use leptos::prelude::*;

use super::dialog::{row_title, Modal};
use super::dialog_actions::DialogActions;
use super::request::Request;
use super::ApiContext;
use crate::i18n::{fill, I18n, Text};
use crate::model::token::short_id;
use crate::model::{Owner, TokenRow};

#[component]
pub fn DeleteDialog(
    row: TokenRow,
    /// The names of the token's roles ("Your roles" for personal tokens).
    #[prop(into)]
    roles_text: Signal<String>,
    on_cancel: Callback<()>,
    /// Runs after the backend deleted it (or said it was already gone: `true`).
    on_deleted: Callback<(TokenRow, bool)>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error = RwSignal::new(None::<Text>);
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
                Err(e) if e.outcome_unknown() => error.set(Some(Text::new(move |t| {
                    fill(t.m.maybe_deleted, &[("error", &e.message(t))])
                }))),
                Err(e) => error.set(Some(e.into())),
            }
        }
    });
    // Set at the click, so a double click sends one request.
    let pending = delete.pending();
    let (kind, owner) = (row.source.kind(), row.source.owner());
    let type_text = move || {
        let m = i18n.get().m;
        let owner = match owner {
            Owner::Account => m.account_token,
            Owner::Personal => m.personal_token,
        };
        format!("{owner} · {}", m.kind(kind))
    };
    let title_row = row.clone();

    view! {
        <Modal
            title=row_title(|m| m.delete_title, &title_row)
            on_close=on_cancel
            can_escape=Signal::derive(move || !pending.get())
            class="att-dialog-danger"
            role="alertdialog"
        >
            <dl class="att-summary">
                <div><dt>{i18n.text(|m| m.type_label)}</dt><dd>{type_text}</dd></div>
                <div><dt>{i18n.text(|m| m.col_identifier)}</dt><dd class="att-mono" title=row.id.clone()>{short_id(&row.id)}</dd></div>
                <div><dt>{i18n.text(|m| m.col_roles)}</dt><dd>{move || roles_text.get()}</dd></div>
            </dl>
            <p class="att-warning">
                <strong>{i18n.text(|m| m.no_undo)}</strong>
                {i18n.text(|m| m.sentence_gap)}
                {i18n.text(|m| m.stops_working)}
            </p>
            <DialogActions
                request=request
                pending=pending
                error=error
                on_cancel=on_cancel
                on_confirm=Callback::new(move |_| {
                    delete.dispatch(());
                })
                label=|m| m.delete_token
                busy_label=|m| m.deleting
                danger=true
            />
        </Modal>
    }
}
