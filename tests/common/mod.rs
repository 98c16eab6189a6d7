//! Helpers shared by the browser tests: mount into a fresh container, find elements by role
//! and accessible name (as a user or a screen reader would), click, and wait.
#![allow(dead_code)]

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A mounted view in its own `<div>`; dropping it unmounts and removes the container.
pub struct Mounted {
    pub root: HtmlElement,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.take();
        self.root.remove();
    }
}

/// Mounts `view` into a fresh container appended to `<body>`.
pub fn mount<F, N>(view: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), view);
    Mounted {
        root,
        handle: Some(Box::new(handle)),
    }
}

/// The ARIA role of `el`: its `role` attribute or the implicit role of its tag.
pub fn role_of(el: &Element) -> String {
    if let Some(role) = el.get_attribute("role") {
        return role;
    }
    match el.tag_name().to_ascii_lowercase().as_str() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "heading",
        "button" => "button",
        "a" if el.has_attribute("href") => "link",
        "table" => "table",
        "dialog" => "dialog",
        "section" if el.has_attribute("aria-label") || el.has_attribute("aria-labelledby") => {
            "region"
        }
        "input" => match el.get_attribute("type").as_deref() {
            Some("checkbox") => "checkbox",
            Some("radio") => "radio",
            Some("search") => "searchbox",
            _ => "textbox",
        },
        "select" => "combobox",
        "textarea" => "textbox",
        _ => "",
    }
    .to_string()
}

/// The accessible name of `el` (aria-label, aria-labelledby, else its text), whitespace folded.
pub fn name_of(el: &Element) -> String {
    let raw = if let Some(label) = el.get_attribute("aria-label") {
        label
    } else if let Some(ids) = el.get_attribute("aria-labelledby") {
        let doc = el.owner_document().unwrap();
        ids.split_whitespace()
            .filter_map(|id| doc.get_element_by_id(id))
            .map(|e| e.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        el.text_content().unwrap_or_default()
    };
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every element under `root` with `role` whose accessible name contains `name`.
pub fn all_by_role(root: &Element, role: &str, name: &str) -> Vec<Element> {
    let list = root.query_selector_all("*").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter(|e| role_of(e) == role && name_of(e).contains(name))
        .collect()
}

/// The one element with `role` and a name containing `name`, if exactly one exists.
pub fn by_role(root: &Element, role: &str, name: &str) -> Option<Element> {
    let mut found = all_by_role(root, role, name);
    match found.len() {
        1 => found.pop(),
        0 => None,
        n => panic!("{n} elements with role {role:?} and name {name:?}"),
    }
}

/// Clicks `el` like a user would.
pub fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

/// Polls `probe` every 10 ms until it returns `Some`, or panics after `timeout` with `what`.
pub async fn wait_for<T>(what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let start = js_sys_now();
    loop {
        if let Some(v) = probe() {
            return v;
        }
        if js_sys_now() - start > timeout.as_millis() as f64 {
            panic!("timed out after {timeout:?} waiting for {what}");
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
}

fn js_sys_now() -> f64 {
    web_sys::window()
        .unwrap()
        .performance()
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Waits (up to 5 s) for an element with `role` and a name containing `name`.
pub async fn find(root: &Element, role: &str, name: &str) -> Element {
    wait_for(
        &format!("{role} named {name:?}"),
        Duration::from_secs(5),
        || by_role(root, role, name),
    )
    .await
}
