//! [`EditDialog`]: change a token. Frontegg's edit is of account client credentials' description
//! and roles (`PATCH tenants/api-tokens/v1/{clientId}`), under the same level rule as
//! generating; a backend with IP allowlists (our extension) edits every source's description
//! and allowlist too (`PATCH {source}/{id}`). Before a new allowlist that leaves out the address
//! the token was last used from is saved, the dialog says so and asks again.

use leptos::prelude::*;

use super::allowlist_field::AllowlistField;
use super::dialog::{row_title, Modal};
use super::request::{Request, RetryNotice, StopOrCancel};
use super::role_picker::RolePicker;
use super::{unique_id, ApiContext};
use crate::api::TokenEdit;
use crate::i18n::{fill, I18n, Text};
use crate::model::allowlist::{check, excludes, text_of};
use crate::model::roles::RoleOption;
use crate::model::{validate, Owner, Source, TokenRow};

#[component]
pub fn EditDialog(
    row: TokenRow,
    #[prop(into)] role_options: Signal<Vec<RoleOption>>,
    force_roles: bool,
    /// The backend takes an IP allowlist (our extension), and requires one on account tokens.
    allowlist: bool,
    require_allowlist: bool,
    /// The backend tells each token's recent addresses (our extension).
    usage: bool,
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
    // Roles are Frontegg's edit, of account client credentials only.
    let edits_roles = row.source == Source::AccountClients;
    let allowlist_text = RwSignal::new(text_of(&row.allowed_cidrs));
    let allowlist_shown = RwSignal::new(false);
    let allowlist_required = require_allowlist && row.source.owner() == Owner::Account;
    // Warned of (the address the list leaves out) for this list; saving it again goes ahead.
    let excluded = RwSignal::new(None::<(String, Vec<String>)>);
    let recent = RwSignal::new(row.last_used_ip.clone().into_iter().collect::<Vec<_>>());
    if allowlist && usage {
        let (source, id, api) = (row.source, row.id.clone(), ApiContext::expect());
        leptos::task::spawn_local(async move {
            if let Ok(used) = api.usage(source, id, 30).await {
                let ips: Vec<String> = used.addresses.into_iter().map(|a| a.ip).collect();
                if !ips.is_empty() {
                    recent.try_set(ips);
                }
            }
        });
    }
    let row_for_action = row.clone();
    let request = Request::new();

    let save = Action::new_local(move |edit: &TokenEdit| {
        let api = ApiContext::expect();
        let (row, edit) = (row_for_action.clone(), edit.clone());
        async move {
            match request
                .run(|| api.update(row.source, row.id.clone(), edit.clone()))
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

    let original_cidrs = row.allowed_cidrs.clone();
    let last_ip = row.last_used_ip.clone();
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
        let roles_ok = !(edits_roles && force_roles && picked.is_empty());
        roles_error.set((!roles_ok).then(|| Text::of(|m| m.pick_a_role)));
        let cidrs = if allowlist {
            allowlist_text.with_untracked(|t| check(t, allowlist_required))
        } else {
            Ok(original_cidrs.clone())
        };
        allowlist_shown.set(cidrs.is_err());
        let (Ok(d), true, Ok(cidrs)) = (d, roles_ok, cidrs) else {
            return;
        };
        let cidrs_changed = cidrs != original_cidrs;
        // A new list that leaves out the last address: said once, then saved if asked again.
        if let Some(ip) = last_ip.as_deref().filter(|ip| excludes(&cidrs, ip)) {
            let warned = excluded.with_untracked(|w| w.as_ref().is_some_and(|(_, l)| *l == cidrs));
            if cidrs_changed && !warned {
                excluded.set(Some((ip.to_string(), cidrs)));
                return;
            }
        }
        let role_ids = (edits_roles && picked != original_roles).then_some(picked);
        save.dispatch(TokenEdit {
            description: Some(d),
            role_ids,
            allowed_cidrs: cidrs_changed.then_some(cidrs),
        });
    };
    // The warning stands while the list is the one it was given for: typing another list
    // takes it back.
    let warning = Memo::new(move |_| {
        excluded.get().and_then(|(ip, list)| {
            let now = allowlist_text.with(|t| check(t, allowlist_required));
            (now.as_ref() == Ok(&list)).then_some(ip)
        })
    });
    let title_row = row.clone();
    let warned = move || warning.with(Option::is_some);

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
                {edits_roles.then(|| view! {
                    <RolePicker options=role_options selected=roles error=roles_error required=force_roles disabled=pending />
                })}
                {allowlist.then(|| view! {
                    <AllowlistField
                        text=allowlist_text
                        required=allowlist_required
                        shown=allowlist_shown
                        recent=recent
                        excluded=warning
                        disabled=pending
                    />
                })}
                {move || server_error.get().map(|e| view! { <p class="att-error" role="alert">{move || e.say(i18n.get())}</p> })}
                <RetryNotice request=request />
                <div class="att-actions">
                    <StopOrCancel request=request pending=pending on_cancel=on_cancel />
                    <button type="submit" class="att-button" disabled=move || pending.get()>
                        {move || {
                            let m = i18n.get().m;
                            if pending.get() { m.saving } else if warned() { m.save_anyway } else { m.save_changes }
                        }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
