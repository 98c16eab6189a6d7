//! [`EditDialog`]: change an account client-credentials token's description and roles
//! (`PATCH tenants/api-tokens/v1/{clientId}`), under the same level rule as generating.

use leptos::prelude::*;

use super::dialog::Modal;
use super::request::{Request, RetryNotice};
use super::role_picker::RolePicker;
use super::{unique_id, ApiContext};
use crate::api::TokenEdit;
use crate::model::roles::RoleOption;
use crate::model::{validate, TokenRow};

#[component]
pub fn EditDialog(
    row: TokenRow,
    #[prop(into)] role_options: Signal<Vec<RoleOption>>,
    force_roles: bool,
    on_cancel: Callback<()>,
    on_saved: Callback<TokenRow>,
    /// The backend says the token no longer exists (404): the tab drops the row.
    on_gone: Callback<TokenRow>,
) -> impl IntoView {
    let description = RwSignal::new(row.description.clone().unwrap_or_default());
    let roles = RwSignal::new(row.role_ids.clone());
    let description_error = RwSignal::new(None::<String>);
    let roles_error = RwSignal::new(None::<String>);
    let server_error = RwSignal::new(None::<String>);
    let description_id = unique_id("edit-description");
    let description_err_id = unique_id("edit-description-error");
    let original_roles = {
        let mut r = row.role_ids.clone();
        r.sort();
        r
    };
    let row_for_action = row.clone();
    let request = Request::new();

    let save = Action::new_local(move |edit: &TokenEdit| {
        let api = ApiContext::expect();
        let (row, edit) = (row_for_action.clone(), edit.clone());
        async move {
            match request
                .run(|| api.update(row.id.clone(), edit.clone()))
                .await
            {
                Ok(row) => on_saved.run(row),
                Err(e) if e.status() == Some(404) => on_gone.run(row),
                // Saving the same values twice is harmless.
                Err(e) if e.outcome_unknown() => server_error.set(Some(format!(
                    "{e} The change may or may not have been saved: save again to make sure. \
                     Your changes are kept."
                ))),
                Err(e) => server_error.set(Some(e.to_string())),
            }
        }
    });
    // Set at the click, so a double click sends one request.
    let pending = save.pending();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        server_error.set(None);
        let d = validate::description(&description.get_untracked());
        description_error.set(d.as_ref().err().cloned());
        let mut picked = roles.get_untracked();
        picked.sort();
        let roles_ok = !(force_roles && picked.is_empty());
        roles_error
            .set((!roles_ok).then(|| "Pick at least one role for an account token.".to_string()));
        if let (Ok(d), true) = (d, roles_ok) {
            let role_ids = (picked != original_roles).then_some(picked);
            save.dispatch(TokenEdit {
                description: Some(d),
                role_ids,
            });
        }
    };
    let name = row.label();

    view! {
        <Modal title=format!("Edit “{name}”") on_close=on_cancel can_escape=Signal::derive(move || !pending.get())>
            <form class="att-form" novalidate on:submit=submit>
                <div class="att-field">
                    <label for=description_id.clone()>"Description"</label>
                    <input
                        id=description_id
                        type="text"
                        required
                        maxlength="255"
                        autocomplete="off"
                        aria-invalid=move || description_error.get().is_some().then_some("true")
                        aria-describedby=description_err_id.clone()
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                    <p class="att-field-error" id=description_err_id>{move || description_error.get()}</p>
                </div>
                <RolePicker options=role_options selected=roles error=roles_error required=force_roles disabled=pending />
                {move || server_error.get().map(|e| view! { <p class="att-error" role="alert">{e}</p> })}
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
                    <button type="submit" class="att-button" disabled=move || pending.get()>
                        {move || if pending.get() { "Saving…" } else { "Save changes" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
