//! [`CopyButton`]: copies a value with the Clipboard API (or the selection fallback where it
//! is unavailable), and says "Copied" for a moment.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::i18n::{fill, I18n};

/// Copies whatever `value` returns when clicked (wiped from memory right after). `label`
/// names what is copied for screen readers ("Copy client ID"). Its own status region is the
/// one announcement of the outcome ("Copy client ID: copied"); the tab does not repeat it.
#[component]
pub fn CopyButton(
    #[prop(into)] label: Signal<String>,
    value: Callback<(), Zeroizing<String>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let (state, set_state) = signal(CopyState::Idle);
    let click = move |_| {
        let text = value.run(());
        leptos::task::spawn_local(async move {
            let ok = copy_text(&text).await;
            // Wiped now, not after the "Copied" pause below: the dialog may close meanwhile.
            drop(text);
            set_state.set(if ok {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
            sleep_ms(2000).await;
            set_state.set(CopyState::Idle);
        });
    };
    view! {
        <button type="button" class="att-button att-button-small att-copy" aria-label=move || label.get() on:click=click>
            {move || {
                let m = i18n.get().m;
                match state.get() {
                    CopyState::Idle => m.copy,
                    CopyState::Copied => m.copied,
                    CopyState::Failed => m.copy_failed,
                }
            }}
        </button>
        <span class="att-visually-hidden" role="status">
            {move || {
                let m = i18n.get().m;
                let label = label.get();
                match state.get() {
                    CopyState::Copied => fill(m.label_copied, &[("label", &label)]),
                    CopyState::Failed => fill(m.label_not_copied, &[("label", &label)]),
                    CopyState::Idle => String::new(),
                }
            }}
        </span>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Writes `text` to the clipboard: the async Clipboard API when present, else a hidden
/// textarea and `execCommand("copy")`.
pub async fn copy_text(text: &str) -> bool {
    let window = window();
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    if clipboard.is_some() {
        let promise = window.navigator().clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    fallback_copy(text)
}

fn fallback_copy(text: &str) -> bool {
    let doc = document();
    let Ok(area) = doc.create_element("textarea") else {
        return false;
    };
    let area: web_sys::HtmlElement = area.unchecked_into();
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("aria-hidden", "true");
    // A class, not a style attribute: the CSP allows no inline style.
    area.set_class_name("att-offscreen");
    let _ = js_sys::Reflect::set(&area, &"value".into(), &text.into());
    let parent = doc.body();
    let Some(parent) = parent else { return false };
    let _ = parent.append_child(&area);
    let _ = js_sys::Reflect::get(&area, &"select".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .map(|f| f.call0(&area));
    let ok = doc
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    // Leave nothing behind.
    let _ = js_sys::Reflect::set(&area, &"value".into(), &"".into());
    area.remove();
    ok
}

/// Sleeps `ms` on the browser's timer.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
