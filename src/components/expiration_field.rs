//! [`ExpirationField`]: when a new token expires — never, a preset number of days, or a
//! date the user picks — with the field's error under it. Under an organization's expiry
//! policy it offers only what the policy allows (never "Never") and says the rule.

use leptos::prelude::*;

use super::{now_ms, tz_offset_min, unique_id};
use crate::i18n::{I18n, Text};
use crate::model::time::{last_allowed_day, preset_days};

#[component]
pub fn ExpirationField(
    /// `never`, a number of days, or `custom`.
    choice: RwSignal<String>,
    /// `YYYY-MM-DD` when `choice` is `custom`.
    custom_date: RwSignal<String>,
    #[prop(into)] error: Signal<Option<Text>>,
    /// The organization's longest token lifetime in minutes (`None`: no policy).
    #[prop(default = None)]
    max_minutes: Option<i64>,
    /// Whether "Never" is offered (when no policy forbids it): not for a renewal.
    #[prop(default = true)]
    allow_never: bool,
) -> impl IntoView {
    let i18n = I18n::expect();
    let select_id = unique_id("expiration");
    let custom_id = unique_id("custom-date");
    let error_id = unique_id("expiration-error");
    let error_b = error_id.clone();
    let custom_for = custom_id.clone();
    let policy_id = unique_id("expiration-policy");
    let described_by = match max_minutes {
        Some(_) => format!("{policy_id} {error_id}"),
        None => error_id.clone(),
    };
    let max_day = max_minutes.map(|m| last_allowed_day(m, now_ms(), tz_offset_min()));
    let policy = max_minutes.map(|max| {
        view! { <p class="att-hint att-policy" id=policy_id>{move || i18n.get().policy_text(max)}</p> }
    });
    view! {
        <div class="att-field">
            <label for=select_id.clone()>{i18n.text(|m| m.expiration_label)}</label>
            <select
                id=select_id
                aria-describedby=described_by
                prop:value=move || choice.get()
                on:change=move |ev| choice.set(event_target_value(&ev))
            >
                {(allow_never && max_minutes.is_none()).then(|| view! { <option value="never">{i18n.text(|m| m.never)}</option> })}
                {preset_days(max_minutes).into_iter().map(|d| {
                    let label = move || {
                        let t = i18n.get();
                        t.count(&t.m.days, d as usize)
                    };
                    view! { <option value=d.to_string()>{label}</option> }
                }).collect_view()}
                <option value="custom">{i18n.text(|m| m.custom_date)}</option>
            </select>
            <Show when=move || choice.get() == "custom">
                <label for=custom_for.clone() class="att-sublabel">{i18n.text(|m| m.expires_on)}</label>
                <input
                    id=custom_id.clone()
                    type="date"
                    max=max_day.clone()
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=error_b.clone()
                    prop:value=move || custom_date.get()
                    on:input=move |ev| custom_date.set(event_target_value(&ev))
                />
            </Show>
            {policy}
            <p class="att-field-error" id=error_id>
                {move || error.with(|e| e.as_ref().map(|e| e.say(i18n.get())))}
            </p>
        </div>
    }
}
