//! [`SecretDialog`]: the one-time secret. Client ID + secret for client credentials, the token
//! alone for access tokens, each with a copy button; a warning that it will not be shown
//! again; Done needs "I have copied it" first. While it is open, leaving the page asks first.
//! On close the secret leaves the DOM and its bytes are wiped.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use super::copy_button::CopyButton;
use super::dialog::Modal;
use super::unique_id;
use crate::api::CreatedToken;
use crate::model::{TokenRow, TokenType};

#[component]
pub fn SecretDialog(
    /// The token just created; the dialog owns its secret from now on.
    created: CreatedToken,
    /// Runs when the user is done (the secret is already wiped).
    on_done: Callback<()>,
    /// Runs after a copy (to announce it).
    #[prop(optional)]
    on_copied: Option<Callback<()>>,
) -> impl IntoView {
    let row: TokenRow = created.row.clone();
    let kind = row.source.kind();
    let secret = StoredValue::new_local(Some(created.secret));
    let confirmed = RwSignal::new(false);
    let secret_el: NodeRef<html::Code> = NodeRef::new();
    let confirm_id = unique_id("confirm");

    // The secret goes into the DOM straight from its buffer: no extra copies in wasm memory.
    secret_el.on_load(move |el| {
        secret.with_value(|s| {
            if let Some(s) = s {
                el.set_text_content(Some(s.expose()));
            }
        });
    });

    // Leaving the page while the secret is on screen asks first.
    let before_unload =
        Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(|ev: web_sys::BeforeUnloadEvent| {
            ev.prevent_default();
            ev.set_return_value("The secret will not be shown again.");
        });
    let _ = window()
        .add_event_listener_with_callback("beforeunload", before_unload.as_ref().unchecked_ref());
    let before_unload = StoredValue::new_local(Some(before_unload));

    let wipe = move || {
        if let Some(el) = secret_el.get_untracked() {
            el.set_text_content(None);
        }
        secret.update_value(|s| {
            if let Some(mut s) = s.take() {
                s.wipe();
            }
        });
        before_unload.update_value(|c| {
            if let Some(c) = c.take() {
                let _ = window().remove_event_listener_with_callback(
                    "beforeunload",
                    c.as_ref().unchecked_ref(),
                );
            }
        });
    };
    on_cleanup(wipe);

    let done = move || {
        if confirmed.get_untracked() {
            wipe();
            on_done.run(());
        }
    };
    let copy_secret = Callback::new(move |_| {
        Zeroizing::new(secret.with_value(|s| {
            s.as_ref()
                .map(|s| s.expose().to_string())
                .unwrap_or_default()
        }))
    });
    let id_for_copy = row.id.clone();
    let copy_id = Callback::new(move |_| Zeroizing::new(id_for_copy.clone()));
    let (secret_label, copy_label) = match kind {
        TokenType::ClientCredentials => ("Secret", "Copy secret"),
        TokenType::AccessToken => ("Access token", "Copy access token"),
    };
    let description = row.label();

    view! {
        <Modal
            title="Copy your token now".to_string()
            on_close=Callback::new(move |_| done())
            can_escape=confirmed
            class="att-secret-dialog"
        >
            <p class="att-warning" role="note">
                <strong>"This is the only time it is shown."</strong>
                " Copy it and store it somewhere safe, such as a secrets manager; once you close this dialog it cannot be shown again."
            </p>
            <p class="att-secret-for">{format!("{}: {description}", kind.label())}</p>
            <dl class="att-secret-fields">
                {(kind == TokenType::ClientCredentials).then(|| view! {
                    <div class="att-secret-field">
                        <dt>"Client ID"</dt>
                        <dd>
                            <code class="att-mono">{row.id.clone()}</code>
                            <CopyButton label="Copy client ID" value=copy_id on_copied=on_copied.unwrap_or(Callback::new(|_| ())) />
                        </dd>
                    </div>
                })}
                <div class="att-secret-field">
                    <dt>{secret_label}</dt>
                    <dd>
                        <code class="att-mono att-secret" node_ref=secret_el aria-label=secret_label></code>
                        <CopyButton label=copy_label value=copy_secret on_copied=on_copied.unwrap_or(Callback::new(|_| ())) />
                    </dd>
                </div>
            </dl>
            <div class="att-confirm">
                <input
                    type="checkbox"
                    id=confirm_id.clone()
                    prop:checked=move || confirmed.get()
                    on:change=move |ev| confirmed.set(event_target_checked(&ev))
                />
                <label for=confirm_id>"I have copied it and stored it safely"</label>
            </div>
            <div class="att-actions">
                <button type="button" class="att-button" disabled=move || !confirmed.get() on:click=move |_| done()>
                    "Done"
                </button>
            </div>
        </Modal>
    }
}
