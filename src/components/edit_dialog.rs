//! [`EditDialog`]: change an account client-credentials token's description and roles
//! (`PATCH tenants/api-tokens/v1/{clientId}`), under the same level rule as generating.

use leptos::prelude::*;

use super::dialog::{row_title, Modal};
use super::request::{Request, RetryNotice, StopOrCancel};
use super::role_picker::RolePicker;
use super::{unique_id, ApiContext};
use crate::api::TokenEdit;
use crate::i18n::{fill, I18n, Text};
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
    let i18n = I18n::expect();
    let description_error = RwSignal::new(None::<Text>);
    let roles_error = RwSignal::new(None::<Text>);
    let server_error = RwSignal::new(None::<Text>);
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
                Err(e) if e.outcome_unknown() => server_error.set(Some(Text::new(move |t| {
                    fill(t.m.maybe_saved, &[("error", &e.message(t))])
                }))),
                Err(e) => server_error.set(Some(e.into())),
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
        description_error.set(
            d.as_ref()
                .err()
                .map(|&e| Text::new(move |t| t.description_error(e))),
        );
        let mut picked = roles.get_untracked();
        picked.sort();
        let roles_ok = !(force_roles && picked.is_empty());
        roles_error.set((!roles_ok).then(|| Text::of(|m| m.pick_a_role)));
        if let (Ok(d), true) = (d, roles_ok) {
            let role_ids = (picked != original_roles).then_some(picked);
            save.dispatch(TokenEdit {
                description: Some(d),
                role_ids,
            });
        }
    };
    let title_row = row.clone();

    view! {
        <Modal
            title=row_title(|m| m.edit_title, &title_row)
            on_close=on_cancel can_escape=Signal::derive(move || !pending.get())>
            <form class="att-form" novalidate on:submit=submit>
                <div class="att-field">
                    <label for=description_id.clone()>{i18n.text(|m| m.description_label)}</label>
                    <input
                        id=description_id
                        type="text"
                        required
                        maxlength=validate::DESCRIPTION_MAX
                        autocomplete="off"
                        aria-invalid=move || description_error.get().is_some().then_some("true")
                        aria-describedby=description_err_id.clone()
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                    <p class="att-field-error" id=description_err_id>{move || description_error.get().map(|e| e.say(i18n.get()))}</p>
                </div>
                <RolePicker options=role_options selected=roles error=roles_error required=force_roles disabled=pending />
                {move || server_error.get().map(|e| view! { <p class="att-error" role="alert">{move || e.say(i18n.get())}</p> })}
                <RetryNotice request=request />
                <div class="att-actions">
                    <StopOrCancel request=request pending=pending on_cancel=on_cancel />
                    <button type="submit" class="att-button" disabled=move || pending.get()>
                        {move || { let m = i18n.get().m; if pending.get() { m.saving } else { m.save_changes } }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
