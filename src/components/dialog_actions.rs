//! [`DialogActions`]: the foot of a dialog that acts on a token — what went wrong (said in
//! the locale of the moment), the 429 countdown, Stop or Cancel, and the action's button,
//! disabled and busy while it runs (a double click sends one request).

use leptos::prelude::*;

use super::request::{Request, RetryNotice, StopOrCancel};
use crate::api::ApiError;
use crate::i18n::{fill, I18n, Messages, Text};

/// What the foot says when a request that is safe to send again failed: its error, and for a
/// lost answer (it may have been carried out) `maybe` after it, which says so and that trying
/// again is safe.
pub fn retry_safe_failure(e: ApiError, maybe: fn(&'static Messages) -> &'static str) -> Text {
    if e.outcome_unknown() {
        Text::new(move |t| fill(maybe(t.m), &[("error", &e.message(t))]))
    } else {
        e.into()
    }
}

#[component]
pub fn DialogActions(
    request: Request,
    /// The action is under way (set at the click).
    #[prop(into)]
    pending: Signal<bool>,
    /// The last failure; cleared when the action runs again.
    error: RwSignal<Option<Text>>,
    on_cancel: Callback<()>,
    on_confirm: Callback<()>,
    /// The button's words, and while the action runs.
    label: fn(&'static Messages) -> &'static str,
    busy_label: fn(&'static Messages) -> &'static str,
    /// Drawn as destructive.
    #[prop(optional)]
    danger: bool,
    /// The action is no longer offered (only Cancel stays).
    #[prop(into, default = Signal::stored(false))]
    withdrawn: Signal<bool>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let class = if danger {
        "att-button att-button-danger"
    } else {
        "att-button"
    };
    view! {
        {move || error.get().map(|e| view! { <p class="att-error" role="alert">{move || e.say(i18n.get())}</p> })}
        <RetryNotice request=request />
        <div class="att-actions">
            <StopOrCancel request=request pending=pending on_cancel=on_cancel />
            <Show when=move || !withdrawn.get()>
                <button
                    type="button"
                    class=class
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().then_some("true")
                    on:click=move |_| {
                        error.set(None);
                        on_confirm.run(());
                    }
                >
                    {move || { let m = i18n.get().m; if pending.get() { busy_label(m) } else { label(m) } }}
                </button>
            </Show>
        </div>
    }
}
