//! Helpers shared by the browser tests: mount into a fresh container, find elements by role
//! and accessible name (as a user or a screen reader would), click, and wait.
#![allow(dead_code)]

pub mod fake;

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

/// Moves the page's clock when the tests were built with `ATT_TEST_CLOCK_OFFSET_MS` (scripts/test
/// sets it from `ATT_CLOCK`, and moves the servers' clocks by the same offset): `Date.now()` and
/// `new Date()` then read that much later, in the tab and in the tests alike. Firefox does not
/// start under libfaketime, so the browsers' clock is moved here, once per page, before anything
/// reads it (the fake's rows, every mount, every embed host). Without the variable it does
/// nothing.
pub fn test_clock() {
    let Some(offset) = option_env!("ATT_TEST_CLOCK_OFFSET_MS") else {
        return;
    };
    let offset: i64 = offset
        .parse()
        .expect("ATT_TEST_CLOCK_OFFSET_MS: milliseconds");
    js_sys::eval(&format!(
        "(() => {{
  if (window.__attClock) return;
  const Real = Date, offset = {offset};
  class Shifted extends Real {{
    constructor(...a) {{ super(...(a.length ? a : [Real.now() + offset])); }}
    static now() {{ return Real.now() + offset; }}
  }}
  window.Date = Shifted;
  window.__attClock = offset;
}})()"
    ))
    .expect("the test clock");
}

/// Mounts `view` into a fresh container appended to `<body>`.
pub fn mount<F, N>(view: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    test_clock();
    let document = web_sys::window().unwrap().document().unwrap();
    // The tab's real stylesheet, once, so layout and CSS-dependent behaviour are what users get.
    if document.get_element_by_id("att-test-css").is_none() {
        let style = document.create_element("style").unwrap();
        style.set_id("att-test-css");
        style.set_text_content(Some(include_str!("../../style/tab.css")));
        document.head().unwrap().append_child(&style).unwrap();
    }
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), view);
    Mounted {
        root,
        handle: Some(Box::new(handle)),
    }
}

/// The tab over the in-memory `fake`.
pub fn mount_tab(fake: &fake::FakeApi) -> Mounted {
    let api = fake.as_api();
    mount(move || view! { <api_tokens_tab::components::tab::ApiTokensTabWith api=api /> })
}

/// Waits until the tab shows its rows: the first page whole (the table no longer busy).
pub async fn loaded(m: &Mounted) {
    until("the table", || {
        m.root.query_selector("tbody tr").unwrap().is_some() && !busy(&m.root)
    })
    .await;
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
        "ul" | "ol" => "list",
        "td" => "cell",
        "tr" => "row",
        "code" => "code",
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
        ids.split_whitespace()
            .filter_map(|id| by_id(el, id))
            .map(|e| e.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        el.text_content().unwrap_or_default()
    };
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The element with `id` in `near`'s tree: its document, or the shadow root it lives in.
pub fn by_id(near: &Element, id: &str) -> Option<Element> {
    let root = near.get_root_node();
    let get = js_sys::Reflect::get(&root, &"getElementById".into()).ok()?;
    let get: js_sys::Function = get.dyn_into().ok()?;
    get.call1(&root, &id.into()).ok()?.dyn_into().ok()
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

/// The form control labelled `label` (via `<label for>`, or `aria-label`).
pub fn field(root: &Element, label: &str) -> Option<web_sys::HtmlInputElement> {
    let labels = root.query_selector_all("label").unwrap();
    for i in 0..labels.length() {
        let l: Element = labels.item(i).unwrap().unchecked_into();
        let text = l.text_content().unwrap_or_default();
        if text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(label)
        {
            if let Some(inner) = l.query_selector("input, select, textarea").unwrap() {
                return Some(inner.unchecked_into());
            }
            if let Some(id) = l.get_attribute("for") {
                if let Some(el) = by_id(&l, &id) {
                    return Some(el.unchecked_into());
                }
            }
        }
    }
    let list = root.query_selector_all("[aria-label]").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<Element>())
        .find(|e| e.get_attribute("aria-label").as_deref() == Some(label))
        .map(|e| e.unchecked_into())
}

/// Types `value` into a text field (sets it and fires `input`).
pub fn type_into(el: &web_sys::HtmlInputElement, value: &str) {
    el.set_value(value);
    fire(el, "input");
}

/// Ticks or unticks a checkbox or radio and fires `change`.
pub fn set_checked(el: &web_sys::HtmlInputElement, on: bool) {
    el.set_checked(on);
    fire(el, "change");
}

/// Picks an option of a `<select>` and fires `change`.
pub fn choose(el: &web_sys::HtmlInputElement, value: &str) {
    js_sys::Reflect::set(el, &"value".into(), &value.into()).unwrap();
    fire(el, "change");
}

pub fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// Presses a key on `el` (keydown, bubbling).
pub fn press(el: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// The text of `el`, whitespace folded.
pub fn text(el: &Element) -> String {
    el.text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body rows of the token table a user can see, as their cells' texts (not the previous
/// rows a hidden `<tbody>` keeps while the rest of a page is built).
pub fn table_rows(root: &Element) -> Vec<Vec<String>> {
    let rows = root.query_selector_all("tbody:not([hidden]) tr").unwrap();
    (0..rows.length())
        .map(|i| {
            let tr: Element = rows.item(i).unwrap().unchecked_into();
            let cells = tr.query_selector_all("td").unwrap();
            (0..cells.length())
                .map(|j| text(&cells.item(j).unwrap().unchecked_into()))
                .collect()
        })
        .collect()
}

/// Whether the token table says it is still building its page (`aria-busy`).
pub fn busy(root: &Element) -> bool {
    root.query_selector("table[aria-busy=true]")
        .unwrap()
        .is_some()
}

/// Lets pending reactive work run, microtask turns only (no timer or animation frame can run
/// in between), until `cond` holds; panics naming `what` when 50 turns were not enough.
pub async fn within_microtasks(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..50 {
        if cond() {
            return;
        }
        leptos::task::tick().await;
    }
    assert!(cond(), "not within 50 microtask turns: {what}");
}

/// Waits (up to 5 s) until `cond` holds.
pub async fn until(what: &str, mut cond: impl FnMut() -> bool) {
    wait_for(what, Duration::from_secs(5), || cond().then_some(())).await
}

/// The reference backend scripts/test starts for the browser tests.
pub fn backend() -> &'static str {
    let Some(base) = option_env!("ATT_TEST_BACKEND_URL") else {
        panic!("ATT_TEST_BACKEND_URL is not set: run the browser tests through scripts/test, which starts the reference backend");
    };
    base
}

/// Clicks the submit button of the open dialog's form.
pub fn submit_dialog(root: &Element) {
    click(
        &root
            .query_selector("dialog form button[type=submit]")
            .unwrap()
            .unwrap(),
    );
}

/// Generates a personal token named `name` through the UI; answers the secret dialog.
pub async fn generate_personal(root: &Element, name: &str) -> Element {
    click(&find(root, "button", "Generate token").await);
    find(root, "dialog", "Generate").await;
    set_checked(&field(root, "Personal").unwrap(), true);
    type_into(&field(root, "Description").unwrap(), name);
    submit_dialog(root);
    find(root, "dialog", "Copy your").await
}

/// Confirms "I have copied it", clicks Done once it is enabled, and waits for the secret
/// dialog to go.
pub async fn close_secret_dialog(root: &Element, dialog: &Element) {
    set_checked(&field(root, "I have copied it").unwrap(), true);
    let done = find(dialog, "button", "Done").await;
    until("Done enabled", || !done.has_attribute("disabled")).await;
    click(&done);
    until("the secret dialog closed", || !dialog.is_connected()).await;
}
