//! [`MenuButton`]: a "⋯" button that opens a menu of actions, after the WAI-ARIA menu button
//! pattern: opening focuses the first item; arrows, Home and End move between items; Escape
//! closes and returns focus to the button; focus leaving the menu closes it. Closed, it is a
//! button in a box (a keystroke in search builds dozens); the menu, its items included, is
//! worked out and built when it opens.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::unique_id;
use crate::i18n::{I18n, Messages};

/// One action of a menu, run with the menu's value. Its callback is shared by every row's
/// menu: a row builds no closure of its own.
pub struct MenuItem<T: 'static> {
    pub label: fn(&'static Messages) -> &'static str,
    /// Drawn as destructive.
    pub danger: bool,
    pub on_select: Callback<T>,
    /// Why it cannot be chosen, said under it (it stays focusable, `aria-disabled`).
    pub disabled: Option<String>,
    /// Run when the item is pointed at or focused, before it is chosen: fetches the code of
    /// what it opens ([`super::dialogs::Chunk::preload`]).
    pub prepare: fn(),
}

impl<T> Clone for MenuItem<T> {
    fn clone(&self) -> Self {
        MenuItem {
            label: self.label,
            danger: self.danger,
            on_select: self.on_select,
            disabled: self.disabled.clone(),
            prepare: self.prepare,
        }
    }
}

#[component]
pub fn MenuButton<T: Clone + Send + Sync + 'static>(
    /// The button's and the menu's accessible name.
    label: String,
    /// The items, asked for each time the menu opens (a load builds 50 closed menus: what
    /// each would offer, and why an item is disabled, is worked out only for the one opened).
    items: Callback<(), Vec<MenuItem<T>>>,
    /// What the items act on.
    value: T,
    /// Names what the menu is for across rebuilds (`data-att-row`): a dialog it opened gives
    /// focus back to the menu button of the same thing when its own is gone.
    #[prop(optional)]
    key: Option<String>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let menu_id = unique_id("menu");
    let button: NodeRef<leptos::html::Button> = NodeRef::new();
    let list: NodeRef<leptos::html::Div> = NodeRef::new();
    let back_to_button = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            request_animation_frame(move || {
                if let Some(first) = list
                    .get_untracked()
                    .and_then(|l| menu_items(&l).into_iter().next())
                {
                    let _ = first.focus();
                }
            });
        }
    };
    let menu = {
        let (menu_id, label) = (menu_id.clone(), label.clone());
        move || {
            open.get().then(|| {
                let i18n = I18n::expect();
                let items = items.run(()).into_iter().map(|item| {
                    let value = value.clone();
                    let on_select = item.on_select;
                    let prepare = item.prepare;
                    let blocked = item.disabled.is_some();
                    // Focus goes back to the menu button before the action runs, so a dialog
                    // it opens returns focus there (the item itself is about to disappear).
                    let choose = move |_| {
                        if !blocked {
                            back_to_button();
                            on_select.run(value.clone());
                        }
                    };
                    let class = if item.danger {
                        "att-menu-item att-menu-danger"
                    } else {
                        "att-menu-item"
                    };
                    let reason_id = item.disabled.as_ref().map(|_| unique_id("reason"));
                    let described_by = reason_id.clone();
                    view! {
                        <button
                            type="button"
                            role="menuitem"
                            tabindex="-1"
                            class=class
                            aria-disabled=blocked.then_some("true")
                            aria-describedby=described_by
                            on:click=choose
                            on:pointerenter=move |_| prepare()
                            on:focus=move |_| prepare()
                        >
                            {i18n.text(item.label)}
                            {item.disabled.map(|reason| view! { <span class="att-hint att-menu-reason" id=reason_id>{reason}</span> })}
                        </button>
                    }
                });
                view! {
                    <div class="att-menu-list" role="menu" id=menu_id.clone() node_ref=list aria-label=label.clone()>
                        {items.collect_view()}
                    </div>
                }
            })
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if !open.try_get_untracked().unwrap_or(false) {
            return;
        }
        let key = ev.key();
        if key == "Escape" {
            ev.stop_propagation();
            ev.prevent_default();
            back_to_button();
            return;
        }
        let Some(l) = list.get_untracked() else {
            return;
        };
        let items = menu_items(&l);
        if items.is_empty() {
            return;
        }
        let active = super::active_element();
        let current = items.iter().position(|i| {
            active
                .as_ref()
                .is_some_and(|a| a == i.unchecked_ref::<web_sys::Element>())
        });
        let last = items.len() - 1;
        let next = match key.as_str() {
            "ArrowDown" => Some(current.map_or(0, |c| if c == last { 0 } else { c + 1 })),
            "ArrowUp" => Some(current.map_or(last, |c| if c == 0 { last } else { c - 1 })),
            "Home" => Some(0),
            "End" => Some(last),
            _ => None,
        };
        if let Some(n) = next {
            ev.prevent_default();
            let _ = items[n].focus();
        }
    };
    // Close when focus leaves the menu entirely.
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        if !open.try_get_untracked().unwrap_or(false) {
            return;
        }
        let node =
            |t: Option<web_sys::EventTarget>| t.and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = node(ev.related_target())
            .zip(node(ev.current_target()))
            .is_some_and(|(t, me)| me.contains(Some(&t)));
        if !inside {
            open.set(false);
        }
    };
    view! {
        <div class="att-menu" on:keydown=on_keydown on:focusout=on_focusout>
            <button
                type="button"
                node_ref=button
                class="att-icon-button"
                aria-haspopup="menu"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=menu_id
                aria-label=label
                data-att-row=key
                on:click=toggle
            >
                "⋯"
            </button>
            {menu}
        </div>
    }
}

/// The items of an open menu, in order.
fn menu_items(list: &web_sys::HtmlDivElement) -> Vec<web_sys::HtmlElement> {
    let Ok(nodes) = list.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}
