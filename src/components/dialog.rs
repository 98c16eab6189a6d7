//! [`Modal`]: a real modal dialog (`<dialog>` opened with `showModal()`): labelled by its
//! heading, the rest of the page inert, focus inside, Escape closes unless the caller says
//! not yet, and focus goes back to the element that opened it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::unique_id;

/// A modal dialog titled `title`. `on_close` runs when the user dismisses it (Escape, or a
/// button of the caller's). While `can_escape` is false, Escape does nothing.
#[component]
pub fn Modal(
    #[prop(into)] title: Signal<String>,
    on_close: Callback<()>,
    #[prop(into, default = Signal::stored(true))] can_escape: Signal<bool>,
    /// Extra class for the dialog (e.g. `att-dialog-danger`).
    #[prop(optional)]
    class: &'static str,
    /// `alertdialog` for confirmations.
    #[prop(default = "dialog")]
    role: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog: NodeRef<html::Dialog> = NodeRef::new();
    let title_id = unique_id("dialog-title");
    let labelled_by = title_id.clone();
    // Whoever had focus before (the opener) gets it back when the dialog goes away.
    let opener = super::active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    // on_cleanup wants Send; everything runs on the browser's one thread.
    let opener = send_wrapper::SendWrapper::new(opener);

    dialog.on_load(move |el| {
        if !el.open() {
            let _ = el.show_modal();
        }
    });
    on_cleanup(move || {
        // Close it properly first: removing an open modal dialog lets the browser move
        // focus to <body> after ours.
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
        if let Some(el) = opener.take() {
            let _ = el.focus();
        }
    });

    view! {
        <dialog
            node_ref=dialog
            class=format!("att-dialog {class}")
            role=role
            aria-modal="true"
            aria-labelledby=labelled_by
            on:cancel=move |ev: leptos::ev::Event| {
                // Escape: never let the browser close it behind our back.
                ev.prevent_default();
                if can_escape.get_untracked() {
                    on_close.run(());
                }
            }
        >
            <h2 class="att-dialog-title" id=title_id>{move || title.get()}</h2>
            {children()}
        </dialog>
    }
}
