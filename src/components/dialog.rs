//! [`Modal`]: a real modal dialog (`<dialog>` opened with `showModal()`): labelled by its
//! heading, the rest of the page inert, focus inside, Escape closes unless the caller says
//! not yet, and focus goes back to the element that opened it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::unique_id;
use crate::i18n::{fill, I18n, Messages};
use crate::model::TokenRow;

/// A dialog's title about `row`: `template` (with `{name}`) filled with the token's name, in
/// the locale of the moment.
pub fn row_title(
    template: fn(&'static Messages) -> &'static str,
    row: &TokenRow,
) -> Signal<String> {
    let (i18n, row) = (I18n::expect(), row.clone());
    Signal::derive(move || {
        let m = i18n.get().m;
        fill(template(m), &[("name", &m.name(&row))])
    })
}

thread_local! {
    /// The opener of each open dialog, by its title id (`data-att-dialog`).
    static OPENERS: std::cell::RefCell<std::collections::HashMap<String, web_sys::HtmlElement>> =
        Default::default();
}

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
    // Whoever had focus before (the opener) gets it back when the dialog goes away. A dialog
    // opened from another one (generate → secret) inherits that one's opener, which outlives
    // both.
    let opener = super::active_element().and_then(|active| {
        let parent_opener = active
            .closest("dialog[data-att-dialog]")
            .ok()
            .flatten()
            .and_then(|d| d.get_attribute("data-att-dialog"))
            .and_then(|id| OPENERS.with(|o| o.borrow().get(&id).cloned()));
        parent_opener.or_else(|| active.dyn_into::<web_sys::HtmlElement>().ok())
    });
    if let Some(o) = &opener {
        OPENERS.with(|m| m.borrow_mut().insert(title_id.clone(), o.clone()));
    }
    let registered = title_id.clone();
    // A row built again while the dialog was open (edited, rolled) has a new menu button for
    // the same token (`data-att-row`): focus goes there when the opener itself is gone.
    let opener_row = opener
        .as_ref()
        .and_then(|o| o.get_attribute("data-att-row"));
    // on_cleanup wants Send; everything runs on the browser's one thread.
    let opener = send_wrapper::SendWrapper::new(opener);
    // If the opener is gone by then (its row was deleted), focus lands on the tab's heading
    // instead of falling to <body>.
    let fallback = std::rc::Rc::new(std::cell::RefCell::new(None::<web_sys::HtmlElement>));
    let fallback_slot = send_wrapper::SendWrapper::new(fallback.clone());
    let fallback = send_wrapper::SendWrapper::new(fallback);

    let tab_root = std::rc::Rc::new(std::cell::RefCell::new(None::<web_sys::Element>));
    let tab_slot = send_wrapper::SendWrapper::new(tab_root.clone());
    let tab_root = send_wrapper::SendWrapper::new(tab_root);
    dialog.on_load(move |el| {
        let tab = el.closest(".att").ok().flatten();
        let heading = tab
            .as_ref()
            .and_then(|tab| tab.query_selector(".att-title").ok().flatten())
            .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
        *fallback_slot.borrow_mut() = heading;
        *tab_slot.borrow_mut() = tab;
        if !el.open() {
            let _ = el.show_modal();
        }
    });
    on_cleanup(move || {
        OPENERS.with(|m| m.borrow_mut().remove(&registered));
        // Close it properly first: removing an open modal dialog lets the browser move
        // focus to <body> after ours.
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
        let renewed = || {
            let row = opener_row.as_deref()?;
            let tab = tab_root.borrow_mut().take()?;
            let buttons = tab.query_selector_all("button[data-att-row]").ok()?;
            (0..buttons.length())
                .filter_map(|i| buttons.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
                .find(|b| b.get_attribute("data-att-row").as_deref() == Some(row))
        };
        match opener
            .take()
            .filter(|el| el.is_connected())
            .or_else(renewed)
        {
            Some(el) => {
                let _ = el.focus();
            }
            None => {
                if let Some(h) = fallback.borrow_mut().take() {
                    let _ = h.focus();
                }
            }
        }
    });

    view! {
        <dialog
            node_ref=dialog
            class=format!("att-dialog {class}")
            role=role
            aria-modal="true"
            aria-labelledby=labelled_by.clone()
            data-att-dialog=labelled_by
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Tab" {
                    if let Some(d) = dialog.get_untracked() {
                        wrap_tab(&d, &ev);
                    }
                }
            }
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

/// Keeps Tab inside the dialog: past the last control it wraps to the first, and Shift+Tab
/// before the first wraps to the last (a modal `<dialog>` alone lets focus leave for the
/// browser's own UI).
fn wrap_tab(dialog: &web_sys::HtmlDialogElement, ev: &web_sys::KeyboardEvent) {
    const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), \
        select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
    let Ok(nodes) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        // Rendered ones only (not display:none, not in a closed <details>).
        .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = super::active_element();
    let is = |e: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
    };
    let inside = active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.unchecked_ref())));
    let target = match (ev.shift_key(), inside) {
        (false, true) if is(last) => Some(first),
        (true, true) if is(first) => Some(last),
        (false, false) => Some(first),
        (true, false) => Some(last),
        _ => None,
    };
    if let Some(t) = target {
        ev.prevent_default();
        let _ = t.focus();
    }
}
