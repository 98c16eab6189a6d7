//! [`AllowlistField`]: a token's IP allowlist (our extension) in the generate form and in Edit:
//! one address or network per line, each entry checked as it is typed (shown once the field
//! was left, or the form submitted) with the line and entry named; "Add the addresses this
//! token was used from" when there are any; and the warning before saving a list that leaves
//! out the address the token was last used from.

use leptos::prelude::*;

use super::unique_id;
use crate::i18n::{fill, I18n};
use crate::model::allowlist::{check, with_addresses};

/// The field, writing what is typed into `text`. `shown` turns the problems on (the dialog sets
/// it at a submit); `excluded` is an address the list leaves out, to warn of.
#[component]
pub fn AllowlistField(
    text: RwSignal<String>,
    #[prop(into)] required: Signal<bool>,
    shown: RwSignal<bool>,
    /// The addresses the token was used from, latest first; none: no button.
    #[prop(into, default = Signal::stored(Vec::new()))]
    recent: Signal<Vec<String>>,
    #[prop(into, default = Signal::stored(None))] excluded: Signal<Option<String>>,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let id = unique_id("allowlist");
    let hint_id = unique_id("allowlist-hint");
    let errors_id = unique_id("allowlist-errors");
    let warning_id = unique_id("allowlist-warning");
    let problems = Memo::new(move |_| {
        text.with(|t| check(t, required.get()))
            .err()
            .unwrap_or_default()
    });
    let invalid = move || shown.get() && !problems.with(Vec::is_empty);
    let described = {
        let (hint_id, errors_id, warning_id) =
            (hint_id.clone(), errors_id.clone(), warning_id.clone());
        move || {
            let mut ids = vec![hint_id.clone()];
            if invalid() {
                ids.push(errors_id.clone());
            }
            if excluded.with(Option::is_some) {
                ids.push(warning_id.clone());
            }
            ids.join(" ")
        }
    };
    let add_recent = move |_| {
        let recent = recent.get_untracked();
        text.update(|t| *t = with_addresses(t, &recent));
    };
    view! {
        <div class="att-field att-allowlist">
            <label for=id.clone()>{i18n.text(|m| m.allowlist_label)}</label>
            <p class="att-hint" id=hint_id>
                {move || {
                    let m = i18n.get().m;
                    if required.get() { m.allowlist_required_hint } else { m.allowlist_hint }
                }}
            </p>
            <textarea
                id=id
                class="att-mono"
                rows="4"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                dir="ltr"
                required=move || required.get()
                disabled=move || disabled.get()
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=described
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:blur=move |_| shown.set(true)
            ></textarea>
            <Show when=move || !recent.with(Vec::is_empty)>
                <button
                    type="button"
                    class="att-button att-button-secondary att-allowlist-add"
                    disabled=move || disabled.get()
                    on:click=add_recent
                >
                    {i18n.text(|m| m.allowlist_add_recent)}
                </button>
            </Show>
            <ul class="att-field-error att-allowlist-errors" id=errors_id>
                {move || invalid().then(|| {
                    let t = i18n.get();
                    problems.get().iter().map(|p| view! { <li>{t.allowlist_problem(p)}</li> }).collect_view()
                })}
            </ul>
            {move || excluded.get().map(|ip| view! {
                <p class="att-warning" role="alert" id=warning_id.clone()>
                    {fill(i18n.get().m.allowlist_excludes_last, &[("ip", &ip)])}
                </p>
            })}
        </div>
    }
}
