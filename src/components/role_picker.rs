//! [`RolePicker`]: the roles a new account token may carry. Roles at the user's level or below
//! can be ticked; roles above it are shown disabled with the reason.

use leptos::prelude::*;

use super::unique_id;
use crate::i18n::{fill, I18n, Text};
use crate::model::roles::RoleOption;

/// Checkboxes for `options`, writing the ticked role ids into `selected`. `error` is shown
/// under the list (e.g. "Pick at least one role").
#[component]
pub fn RolePicker(
    #[prop(into)] options: Signal<Vec<RoleOption>>,
    selected: RwSignal<Vec<String>>,
    #[prop(into)] error: Signal<Option<Text>>,
    #[prop(into)] required: Signal<bool>,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let error_id = unique_id("roles-error");
    let error_id2 = error_id.clone();
    view! {
        <fieldset
            class="att-roles"
            aria-invalid=move || error.get().is_some().then_some("true")
            aria-describedby=move || error.get().is_some().then(|| error_id2.clone())
        >
            <legend>
                {i18n.text(|m| m.roles_legend)}
                {move || required.get().then_some(view! { {i18n.text(|m| m.sentence_gap)} <span class="att-required">{i18n.text(|m| m.at_least_one)}</span> })}
            </legend>
            <p class="att-hint">{i18n.text(|m| m.roles_hint)}</p>
            <ul class="att-role-list">
                <For
                    each=move || options.get()
                    key=|o| (o.role.id.clone(), o.selectable)
                    children=move |o| {
                        let id = o.role.id.clone();
                        let id_check = id.clone();
                        let id_toggle = id.clone();
                        let input_id = unique_id("role");
                        let reason_id = unique_id("role-reason");
                        let level = o.role.level;
                        let level = move || {
                            let t = i18n.get();
                            match level {
                                Some(l) => fill(t.m.level, &[("n", &t.number(l))]),
                                None => t.m.no_level.to_string(),
                            }
                        };
                        let reason = o.reason.clone();
                        view! {
                            <li class="att-role" class:att-role-disabled=!o.selectable>
                                <input
                                    type="checkbox"
                                    id=input_id.clone()
                                    disabled=move || !o.selectable || disabled.get()
                                    aria-describedby=o.reason.as_ref().map(|_| reason_id.clone())
                                    prop:checked=move || selected.with(|s| s.contains(&id_check))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.update(|s| {
                                            s.retain(|x| x != &id_toggle);
                                            if on {
                                                s.push(id_toggle.clone());
                                            }
                                        });
                                    }
                                />
                                <label for=input_id>
                                    <span class="att-role-name">{o.role.name.clone()}</span>
                                    <span class="att-role-level">{level}</span>
                                </label>
                                {reason.map(|r| view! { <span class="att-role-reason" id=reason_id.clone()>{move || i18n.get().m.blocked(&r)}</span> })}
                            </li>
                        }
                    }
                />
            </ul>
            {move || error.get().map(|e| view! { <p class="att-field-error" id=error_id.clone()>{e.say(i18n.get())}</p> })}
        </fieldset>
    }
}
