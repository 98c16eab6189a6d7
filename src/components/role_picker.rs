//! [`RolePicker`]: the roles a new account token may carry. Roles at the user's level or below
//! can be ticked; roles above it are shown disabled with the reason.

use leptos::prelude::*;

use super::unique_id;
use crate::model::roles::RoleOption;

/// Checkboxes for `options`, writing the ticked role ids into `selected`. `error` is shown
/// under the list (e.g. "Pick at least one role").
#[component]
pub fn RolePicker(
    #[prop(into)] options: Signal<Vec<RoleOption>>,
    selected: RwSignal<Vec<String>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] required: Signal<bool>,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
) -> impl IntoView {
    let error_id = unique_id("roles-error");
    let error_id2 = error_id.clone();
    view! {
        <fieldset
            class="att-roles"
            aria-invalid=move || error.get().is_some().then_some("true")
            aria-describedby=move || error.get().is_some().then(|| error_id2.clone())
        >
            <legend>
                "Roles"
                {move || required.get().then_some(view! { <span class="att-required">" (at least one)"</span> })}
            </legend>
            <p class="att-hint">"A token can only get roles at your level or below."</p>
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
                        let level = match o.role.level {
                            Some(l) => format!("Level {l}"),
                            None => "No level".to_string(),
                        };
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
                                {o.reason.clone().map(|r| view! { <span class="att-role-reason" id=reason_id.clone()>{r}</span> })}
                            </li>
                        }
                    }
                />
            </ul>
            {move || error.get().map(|e| view! { <p class="att-field-error" id=error_id.clone()>{e}</p> })}
        </fieldset>
    }
}
