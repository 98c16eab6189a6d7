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
use crate::i18n::{fill, I18n};
use crate::model::{TokenRow, TokenType};

#[component]
pub fn SecretDialog(
    /// The token just created; the dialog owns its secret from now on.
    created: CreatedToken,
    /// Runs when the user is done (the secret is already wiped).
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
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
    let leave = i18n.get_untracked().m.leave_warning;
    let before_unload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |ev: web_sys::BeforeUnloadEvent| {
            ev.prevent_default();
            ev.set_return_value(leave);
        },
    );
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
    let secret_label = move || {
        let m = i18n.get().m;
        match kind {
            TokenType::ClientCredentials => m.secret,
            TokenType::AccessToken => m.type_access_token,
        }
    };
    let copy_label = Signal::derive(move || {
        let m = i18n.get().m;
        match kind {
            TokenType::ClientCredentials => m.copy_secret,
            TokenType::AccessToken => m.copy_access_token,
        }
        .to_string()
    });
    let for_row = row.clone();
    let secret_for = move || {
        let m = i18n.get().m;
        fill(
            m.secret_for,
            &[("type", m.kind(kind)), ("name", &m.name(&for_row))],
        )
    };

    view! {
        <Modal
            title=Signal::derive(move || i18n.get().m.secret_title.to_string())
            on_close=Callback::new(move |_| done())
            can_escape=confirmed
            class="att-secret-dialog"
        >
            <p class="att-warning" role="note">
                <strong>{i18n.text(|m| m.shown_once)}</strong>
                {i18n.text(|m| m.sentence_gap)}
                {i18n.text(|m| m.store_it)}
            </p>
            <p class="att-secret-for">{secret_for}</p>
            <dl class="att-secret-fields">
                {(kind == TokenType::ClientCredentials).then(|| view! {
                    <div class="att-secret-field">
                        <dt>{i18n.text(|m| m.client_id)}</dt>
                        <dd>
                            <code class="att-mono">{row.id.clone()}</code>
                            <CopyButton label=Signal::derive(move || i18n.get().m.copy_client_id.to_string()) value=copy_id />
                        </dd>
                    </div>
                })}
                <div class="att-secret-field">
                    <dt>{secret_label}</dt>
                    <dd>
                        <code class="att-mono att-secret" node_ref=secret_el aria-label=secret_label></code>
                        <CopyButton label=copy_label value=copy_secret />
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
                <label for=confirm_id>{i18n.text(|m| m.copied_it)}</label>
            </div>
            <div class="att-actions">
                <button type="button" class="att-button" disabled=move || !confirmed.get() on:click=move |_| done()>
                    {i18n.text(|m| m.done)}
                </button>
            </div>
        </Modal>
    }
}
