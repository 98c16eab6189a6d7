//! The JavaScript door (`mountApiTokens`, feature `embed`) in a real browser against the real
//! reference backend: option validation, a token getter asked per request, two widgets side by
//! side, style isolation both ways, in-place reconfiguration, events, and 100 mounts that leave
//! nothing behind.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use api_tokens_tab::api::client::sign_in;
use api_tokens_tab::api::{HttpApi, TokenApi};
use api_tokens_tab::embed::{mount_api_tokens, EmbedHandle};
use api_tokens_tab::model::Source;
use api_tokens_tab::ApiTokensConfig;
use common::*;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn jwt(email: &str) -> String {
    let config = ApiTokensConfig::default().with_base_url(backend());
    sign_in(&config, email, "acme-demo-password")
        .await
        .expect("demo sign-in")
        .expose()
        .to_string()
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

fn js(source: &str) -> JsValue {
    js_sys::eval(source).unwrap()
}

fn host() -> HtmlElement {
    test_clock();
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

/// What a user sees of the widget: the container inside its shadow root.
fn inside(host: &Element) -> Element {
    host.shadow_root()
        .expect("a shadow root")
        .query_selector(".att-host")
        .unwrap()
        .expect("the tab's container")
}

fn error_message(e: JsError) -> String {
    let v: JsValue = e.into();
    let e = v.dyn_into::<js_sys::Error>().expect("a JS Error");
    String::from(e.message())
}

fn mount(host: &Element, options: JsValue) -> EmbedHandle {
    match mount_api_tokens(host.clone().into(), options) {
        Ok(h) => h,
        Err(e) => panic!("mount failed: {}", error_message(e)),
    }
}

async fn loaded(root: &Element) {
    wait_for(
        "the token table",
        std::time::Duration::from_secs(10),
        || root.query_selector("table").unwrap(),
    )
    .await;
}

#[wasm_bindgen_test]
async fn every_invalid_option_is_refused_with_its_name_and_what_was_expected() {
    let f = js("(() => 'x')");
    let cases: Vec<(JsValue, &str)> = vec![
        (5.into(), "options must be an object"),
        (
            obj(&[("baseURL", "x".into())]),
            "unknown option \"baseURL\"",
        ),
        (
            obj(&[("baseUrl", 5.into())]),
            "\"baseUrl\" must be a string (got a number)",
        ),
        (
            obj(&[("baseUrl", "ftp://x.test".into())]),
            "\"baseUrl\" must be an http(s) URL",
        ),
        (
            obj(&[("urlPrefix", true.into())]),
            "\"urlPrefix\" must be a string (got a boolean)",
        ),
        (
            obj(&[("accessToken", "".into())]),
            "\"accessToken\" must be a non-empty string",
        ),
        (
            obj(&[("accessToken", "a".into()), ("getAccessToken", f.clone())]),
            "either option \"accessToken\" or \"getAccessToken\", not both",
        ),
        (
            obj(&[("getAccessToken", "jwt".into())]),
            "\"getAccessToken\" must be a function (got a string)",
        ),
        (
            obj(&[("tenantId", 7.into())]),
            "\"tenantId\" must be a string",
        ),
        (
            obj(&[("tenantId", " ".into())]),
            "\"tenantId\" must be a non-empty string",
        ),
        (
            obj(&[("tokenTypes", "both".into())]),
            "\"tokenTypes\" must be \"clientCredentials\" or \"accessToken\"",
        ),
        (
            obj(&[(
                "tokenTypes",
                Array::of2(&"accessToken".into(), &"clientCredentials".into()).into(),
            )]),
            "\"tokenTypes\" must be",
        ),
        (
            obj(&[("locale", "english".into())]),
            "\"locale\" must be a language tag",
        ),
        (
            obj(&[("theme", "neon".into())]),
            "\"theme\" must be \"light\", \"dark\" or \"auto\" (got \"neon\")",
        ),
        (
            obj(&[("onEvent", Object::new().into())]),
            "\"onEvent\" must be a function (got an object)",
        ),
        (
            obj(&[("requestTimeoutMs", 999.into())]),
            "\"requestTimeoutMs\" must be a whole number of milliseconds from 1000 to 300000 (got a number)",
        ),
        (
            obj(&[("requestTimeoutMs", 1500.5.into())]),
            "\"requestTimeoutMs\" must be a whole number",
        ),
        (
            obj(&[("requestTimeoutMs", f64::NAN.into())]),
            "\"requestTimeoutMs\" must be a whole number",
        ),
        (
            obj(&[("requestTimeoutMs", "5000".into())]),
            "\"requestTimeoutMs\" must be a whole number of milliseconds from 1000 to 300000 (got a string)",
        ),
    ];
    let h = host();
    for (options, expected) in cases {
        let err = mount_api_tokens(h.clone().into(), options)
            .err()
            .expect("refused");
        let message = error_message(err);
        assert!(
            message.contains(expected),
            "{message:?} should contain {expected:?}"
        );
        assert!(message.starts_with("api-tokens-tab: "), "{message}");
    }
    assert!(
        h.shadow_root().is_none(),
        "nothing is mounted for bad options"
    );
    // The secret-looking value of a wrong accessToken is never echoed.
    let err = mount_api_tokens(h.clone().into(), obj(&[("accessToken", 42.into())])).err();
    assert!(!error_message(err.unwrap()).contains("42"));

    let not_element = mount_api_tokens("#tab".into(), JsValue::UNDEFINED).err();
    assert!(error_message(not_element.unwrap()).contains("needs a DOM element first"));
    let doc = web_sys::window().unwrap().document().unwrap();
    let input = doc.create_element("input").unwrap();
    let err = mount_api_tokens(input.into(), JsValue::UNDEFINED).err();
    assert!(error_message(err.unwrap()).contains("<input> cannot hold the tab"));
    h.remove();
}

/// A `getAccessToken` that counts its calls and answers whatever `token` holds now.
fn getter(token: Rc<RefCell<String>>, calls: Rc<RefCell<u32>>) -> Function {
    let f = Closure::<dyn FnMut() -> JsValue>::new(move || {
        *calls.borrow_mut() += 1;
        // Answer through a Promise, as hosts with async sessions do.
        Promise::resolve(&JsValue::from_str(&token.borrow())).into()
    });
    f.into_js_value().unchecked_into()
}

#[wasm_bindgen_test]
async fn the_token_getter_is_asked_before_every_request_so_a_rotated_session_is_used() {
    let admin = jwt("admin@acme.test").await;
    let dev = jwt("dev@acme.test").await;
    let token = Rc::new(RefCell::new(admin));
    let calls = Rc::new(RefCell::new(0u32));
    let events = Array::new();
    let on_event: Function = {
        let events = events.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            events.push(&js_sys::JSON::stringify(&e).unwrap());
        })
        .into_js_value()
        .unchecked_into()
    };
    let h = host();
    let handle = mount(
        &h,
        obj(&[
            ("baseUrl", backend().into()),
            (
                "getAccessToken",
                getter(token.clone(), calls.clone()).into(),
            ),
            ("onEvent", on_event.into()),
        ]),
    );
    let root = inside(&h);
    loaded(&root).await;
    // The first wave's 8, then (an admin against our backend) the 2 members' lists.
    until("the members' lists", || *calls.borrow() >= 10).await;
    gloo_timers::future::TimeoutFuture::new(50).await;
    assert_eq!(*calls.borrow(), 10, "one call per request");
    assert!(table_rows(&root).iter().any(|r| r[0] == "Adam's CLI"));

    // The host's session rotates to another user: the next request carries the new token.
    *token.borrow_mut() = dev.clone();
    let name = format!("embed rotation {}", js_sys::Date::now() as u64);
    let dialog = generate_personal(&root, &name).await;
    let secret = text(&dialog.query_selector("code.att-secret").unwrap().unwrap());
    assert_eq!(*calls.borrow(), 11);
    let as_dev = HttpApi::new(
        &ApiTokensConfig::default()
            .with_base_url(backend())
            .with_access_token(dev.clone()),
    );
    let mine = as_dev.list(Source::PersonalClients).await.unwrap();
    let created = mine
        .iter()
        .find(|r| r.description.as_deref() == Some(name.as_str()))
        .expect("the token is the developer's own: the rotated token was sent");

    close_secret_dialog(&root, &dialog).await;
    click(&find(&root, "button", &format!("Actions for {name}")).await);
    click(&find(&root, "menuitem", "Delete").await);
    let confirm = find(&root, "alertdialog", &name).await;
    click(&find(&confirm, "button", "Delete token").await);
    until("row gone", || {
        table_rows(&root).iter().all(|r| r[0] != name)
    })
    .await;

    let events: Vec<String> = events.iter().map(|e| e.as_string().unwrap()).collect();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events[0].contains("\"type\":\"created\""), "{}", events[0]);
    assert!(events[0].contains(&created.id), "{}", events[0]);
    assert!(
        events[0].contains("\"owner\":\"personal\""),
        "{}",
        events[0]
    );
    assert!(events[1].contains("\"type\":\"deleted\""), "{}", events[1]);
    for e in &events {
        assert!(!e.contains(&secret), "an event carried the secret: {e}");
    }
    drop(handle);
    h.remove();
}

#[wasm_bindgen_test]
async fn a_failing_token_getter_is_reported_in_the_tab_and_to_the_host() {
    let (events, on_event) = event_recorder();
    let h = host();
    let handle = mount(
        &h,
        obj(&[
            ("baseUrl", backend().into()),
            (
                "getAccessToken",
                js("(() => Promise.reject(new Error('session gone')))"),
            ),
            ("onEvent", on_event.into()),
        ]),
    );
    let root = inside(&h);
    let alert = wait_for("the error", std::time::Duration::from_secs(5), || {
        root.query_selector("[role=alert]").unwrap()
    })
    .await;
    assert!(
        text(&alert).contains("getAccessToken failed: session gone"),
        "{}",
        text(&alert)
    );
    assert!(by_role(&root, "button", "Retry").is_some());
    let first = events.get(0);
    assert_eq!(Reflect::get(&first, &"type".into()).unwrap(), "error");
    assert_eq!(Reflect::get(&first, &"operation".into()).unwrap(), "load");

    // A getter that answers nonsense is named as the culprit.
    handle
        .update(obj(&[
            ("baseUrl", backend().into()),
            ("getAccessToken", js("(() => 42)")),
        ]))
        .unwrap();
    click(&find(&root, "button", "Retry").await);
    until("the new message", || {
        text(&root).contains(
            "getAccessToken must return a non-empty string or a Promise of one (got a number)",
        )
    })
    .await;
    drop(handle);
    h.remove();
}

#[wasm_bindgen_test]
async fn host_events_stay_english_while_the_tab_speaks_german() {
    let (events, on_event) = event_recorder();
    let h = host();
    let handle = mount(
        &h,
        obj(&[
            ("baseUrl", backend().into()),
            ("locale", "de".into()),
            (
                "getAccessToken",
                js("(() => Promise.reject(new Error('session gone')))"),
            ),
            ("onEvent", on_event.into()),
        ]),
    );
    let root = inside(&h);
    let alert = wait_for("the error", std::time::Duration::from_secs(5), || {
        root.query_selector("[role=alert]").unwrap()
    })
    .await;
    // The user reads German...
    assert!(
        text(&alert).contains("Die Tokens konnten nicht geladen werden.")
            && text(&alert).contains("session gone"),
        "{}",
        text(&alert)
    );
    // ...the host's log gets the same failure in English.
    assert_eq!(events.length(), 1);
    let event = events.get(0);
    assert_eq!(Reflect::get(&event, &"operation".into()).unwrap(), "load");
    let message = Reflect::get(&event, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        message.contains("getAccessToken failed: session gone"),
        "{message}"
    );
    assert!(!message.contains("Sitzung"), "{message}");
    drop(handle);
    h.remove();
}

/// Makes every fetch of a URL holding `/stalled-by-the-test/` hang until it is aborted, like a
/// server that never answers; every other fetch goes through.
const STALL: &str = r#"(() => {
  if (window.__attStall) return;
  window.__attStall = true;
  const f = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.includes('/stalled-by-the-test/')) return f.apply(this, arguments);
    const signal = (init && init.signal) || (input instanceof Request ? input.signal : null);
    return new Promise((_, reject) => {
      signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  };
})()"#;

#[wasm_bindgen_test]
async fn a_custom_request_timeout_is_applied() {
    js(STALL);
    let h = host();
    let started = js_sys::Date::now();
    let handle = mount(
        &h,
        obj(&[
            ("baseUrl", "http://127.0.0.1:9/stalled-by-the-test".into()),
            ("accessToken", "header.payload.signature".into()),
            ("requestTimeoutMs", 1500.into()),
        ]),
    );
    let root = inside(&h);
    // Well before the default 8 s.
    let alert = wait_for("the timeout", std::time::Duration::from_secs(5), || {
        root.query_selector("[role=alert]").unwrap()
    })
    .await;
    let waited = js_sys::Date::now() - started;
    assert!(
        text(&alert).contains("did not answer within 2 seconds"),
        "1.5 s, said in whole seconds: {}",
        text(&alert)
    );
    assert!(
        waited >= 1500.0,
        "gave up after {waited} ms, before its 1.5 s"
    );
    drop(handle);
    h.remove();
}

#[wasm_bindgen_test]
async fn two_widgets_on_one_page_stay_independent() {
    let (acme, globex) = (jwt("admin@acme.test").await, jwt("owner@globex.test").await);
    let (a, b) = (host(), host());
    let ha = mount(
        &a,
        obj(&[("baseUrl", backend().into()), ("accessToken", acme.into())]),
    );
    let hb = mount(
        &b,
        obj(&[
            ("baseUrl", backend().into()),
            ("accessToken", globex.into()),
            ("theme", "dark".into()),
        ]),
    );
    let (ra, rb) = (inside(&a), inside(&b));
    loaded(&ra).await;
    loaded(&rb).await;
    let names = |r: &Element| {
        table_rows(r)
            .into_iter()
            .map(|row| row[0].clone())
            .collect::<Vec<_>>()
    };
    assert!(names(&ra).contains(&"Support dashboard".to_string()));
    assert!(names(&ra).iter().all(|n| !n.starts_with("Globex")));
    assert!(names(&rb).contains(&"Globex warehouse feed".to_string()));
    assert!(names(&rb).iter().all(|n| n != "Support dashboard"));

    let before_b = names(&rb);
    type_into(&field(&ra, "Search").unwrap(), "Support");
    until("A filtered", || {
        names(&ra) == vec!["Support dashboard".to_string()]
    })
    .await;
    assert_eq!(names(&rb), before_b, "B did not see A's search");

    drop(ha);
    assert_eq!(
        a.shadow_root().unwrap().child_element_count(),
        0,
        "A is gone"
    );
    type_into(&field(&rb, "Search").unwrap(), "payroll");
    until("B still works", || {
        names(&rb) == vec!["Globex payroll".to_string()]
    })
    .await;
    drop(hb);
    a.remove();
    b.remove();
}

fn att_style(root: &Element, selector: &str, property: &str) -> String {
    let el = root.query_selector(selector).unwrap().expect(selector);
    web_sys::window()
        .unwrap()
        .get_computed_style(&el)
        .unwrap()
        .unwrap()
        .get_property_value(property)
        .unwrap()
}

#[wasm_bindgen_test]
async fn host_css_does_not_reach_in_and_the_tabs_css_does_not_leak_out() {
    let doc = web_sys::window().unwrap().document().unwrap();
    // The host's own button, styled by nobody but the browser.
    let outside = host();
    outside.set_inner_html(
        "<button class=\"att-button\">host</button><p class=\"att-lead\">host text</p>",
    );
    let host_button = outside.query_selector("button").unwrap().unwrap();
    let host_p = outside.query_selector("p").unwrap().unwrap();
    let style_of = |el: &Element| {
        let cs = web_sys::window()
            .unwrap()
            .get_computed_style(el)
            .unwrap()
            .unwrap();
        [
            "background-color",
            "color",
            "font-size",
            "border-radius",
            "padding-top",
        ]
        .map(|p| cs.get_property_value(p).unwrap())
    };
    let (button_before, p_before) = (style_of(&host_button), style_of(&host_p));

    let hostile = doc.create_element("style").unwrap();
    hostile.set_text_content(Some(
        "button, dialog { display: none !important } \
         div { font-size: 40px !important; color: rgb(255, 0, 0) !important; letter-spacing: 9px !important } \
         .att, .att-button { display: none !important }",
    ));
    doc.head().unwrap().append_child(&hostile).unwrap();

    let token = jwt("admin@acme.test").await;
    let h = host();
    let handle = mount(
        &h,
        obj(&[("baseUrl", backend().into()), ("accessToken", token.into())]),
    );
    let root = inside(&h);
    loaded(&root).await;
    let generate = find(&root, "button", "Generate token").await;
    assert!(
        generate.unchecked_ref::<HtmlElement>().offset_width() > 0,
        "visible despite the host's rules"
    );
    assert_eq!(att_style(&root, ".att", "font-size"), "15px");
    assert_eq!(att_style(&root, ".att", "letter-spacing"), "normal");
    assert_ne!(att_style(&root, ".att", "color"), "rgb(255, 0, 0)");

    hostile.remove();
    assert_eq!(
        style_of(&host_button),
        button_before,
        "our .att-button rules stay in the shadow root"
    );
    assert_eq!(style_of(&host_p), p_before);
    drop(handle);
    h.remove();
    outside.remove();
}

#[wasm_bindgen_test]
async fn theme_and_locale_change_in_place_without_losing_input() {
    let token = jwt("admin@acme.test").await;
    let h = host();
    let options = |theme: &str, locale: &str| {
        obj(&[
            ("baseUrl", backend().into()),
            ("accessToken", token.clone().into()),
            ("theme", theme.into()),
            ("locale", locale.into()),
        ])
    };
    let handle = mount(&h, options("light", "en"));
    let root = inside(&h);
    loaded(&root).await;
    let section = root.query_selector(".att").unwrap().unwrap();
    assert_eq!(
        att_style(&root, ".att", "background-color"),
        "rgb(255, 255, 255)"
    );
    let search = field(&root, "Search").unwrap();
    type_into(&search, "CI deploy");

    handle.update(options("dark", "de")).unwrap();
    until("dark", || {
        section.get_attribute("data-theme").as_deref() == Some("dark")
    })
    .await;
    assert_eq!(
        att_style(&root, ".att", "background-color"),
        "rgb(22, 27, 34)"
    );
    assert_eq!(section.get_attribute("lang").as_deref(), Some("de"));
    until("German labels", || {
        field(&root, "Tokens durchsuchen").is_some()
    })
    .await;
    assert!(field(&root, "Search").is_none(), "no English label left");
    assert_eq!(
        field(&root, "Tokens durchsuchen").unwrap().value(),
        "CI deploy",
        "input kept"
    );
    assert!(
        root.contains(Some(&search)),
        "the same input: nothing was re-mounted"
    );

    // Host variables theme it.
    h.style().set_property("--att-bg", "rgb(1, 2, 3)").unwrap();
    assert_eq!(att_style(&root, ".att", "background-color"), "rgb(1, 2, 3)");
    drop(handle);
    h.remove();
}

/// Counts live event listeners (on window, document and connected nodes), pending timers and
/// animation frames, fetches in flight, and the page's element count.
const PROBE: &str = r#"(() => {
  if (window.__attProbe) return window.__attProbe;
  const listeners = new Map();
  const timers = new Set();
  const frames = new Set();
  let fetches = 0;
  const key = (type, fn, options) => type + '|' + (typeof options === 'boolean' ? options : !!(options && options.capture));
  const addL = EventTarget.prototype.addEventListener;
  const remL = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    if (fn) {
      if (!listeners.has(this)) listeners.set(this, new Map());
      const m = listeners.get(this);
      const k = key(type, fn, options);
      if (!m.has(k)) m.set(k, new Set());
      m.get(k).add(fn);
    }
    return addL.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    listeners.get(this)?.get(key(type, fn, options))?.delete(fn);
    return remL.call(this, type, fn, options);
  };
  const st = window.setTimeout, ct = window.clearTimeout, raf = window.requestAnimationFrame, caf = window.cancelAnimationFrame;
  window.setTimeout = function (fn, ms, ...args) {
    const id = st.call(window, (...a) => { timers.delete(id); if (typeof fn === 'function') fn(...a); }, ms, ...args);
    timers.add(id);
    return id;
  };
  window.clearTimeout = function (id) { timers.delete(id); return ct.call(window, id); };
  window.requestAnimationFrame = function (fn) {
    const id = raf.call(window, (t) => { frames.delete(id); fn(t); });
    frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = function (id) { frames.delete(id); return caf.call(window, id); };
  const f = window.fetch;
  window.fetch = function (...args) {
    fetches++;
    return f.apply(window, args).finally(() => { fetches--; });
  };
  const live = () => {
    let n = 0;
    for (const [target, m] of listeners) {
      const attached = target === window || target === document || (target instanceof Node && target.isConnected);
      if (!attached) continue;
      for (const set of m.values()) n += set.size;
    }
    return n;
  };
  window.__attProbe = () => ({
    listeners: live(),
    timers: timers.size,
    frames: frames.size,
    fetches,
    elements: document.getElementsByTagName('*').length,
  });
  return window.__attProbe;
})()"#;

fn probe(p: &Function) -> String {
    js_sys::JSON::stringify(&p.call0(&JsValue::NULL).unwrap())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn mounting_and_unmounting_100_times_leaves_nothing_behind() {
    let p: Function = js(PROBE).unchecked_into();
    let token = jwt("admin@acme.test").await;
    let idle = |p: &Function| probe(p).contains("\"fetches\":0,");
    wait_for(
        "the sign-in fetch to settle",
        std::time::Duration::from_secs(5),
        || idle(&p).then_some(()),
    )
    .await;
    let baseline = probe(&p);
    // What a page sees of a panic in a task of a tab already unmounted: an uncaught error.
    let errors = js("(() => { const e = []; \
        addEventListener('error', (x) => e.push(String(x.message))); \
        addEventListener('unhandledrejection', (x) => e.push(String(x.reason))); \
        return e; })()");
    let mut hosts = Vec::new();
    for i in 0..100 {
        let h = host();
        let handle = mount(
            &h,
            obj(&[
                ("baseUrl", backend().into()),
                ("accessToken", token.clone().into()),
            ]),
        );
        if i % 2 == 0 {
            // Half of them load fully; the other half are removed with requests in flight.
            loaded(&inside(&h)).await;
        }
        drop(handle);
        h.remove();
        hosts.push(h);
    }
    // Cancelled requests settle, and with them every listener, timer and frame they held.
    let mut last = String::new();
    let back = std::time::Duration::from_secs(5);
    let what = format!("listeners, timers, frames, fetches, elements back to {baseline}");
    wait_for(&what, back, || {
        last = probe(&p);
        (last == baseline).then_some(())
    })
    .await;
    assert_eq!(last, baseline);
    for h in &hosts {
        assert_eq!(h.shadow_root().unwrap().child_element_count(), 0);
    }
    // Half were unmounted in the task that mounted them, before their load began.
    assert_eq!(Array::from(&errors).to_vec(), Vec::<JsValue>::new());
}

#[wasm_bindgen_test]
async fn a_401_asks_the_getter_once_more_and_retries_once_then_says_the_session_expired() {
    let fresh = jwt("admin@acme.test").await;
    // The host's first answer is a stale token, every later one fresh.
    let calls = Rc::new(RefCell::new(0u32));
    let getter: Function = {
        let calls = calls.clone();
        Closure::<dyn FnMut() -> JsValue>::new(move || {
            *calls.borrow_mut() += 1;
            let token = if *calls.borrow() == 1 {
                "stale.jwt.value"
            } else {
                fresh.as_str()
            };
            Promise::resolve(&JsValue::from_str(token)).into()
        })
        .into_js_value()
        .unchecked_into()
    };
    let h = host();
    let handle = mount(
        &h,
        obj(&[
            ("baseUrl", backend().into()),
            ("getAccessToken", getter.into()),
        ]),
    );
    let root = inside(&h);
    loaded(&root).await;
    assert!(by_role(&root, "alert", "").is_none(), "{}", text(&root));
    until("the members' lists", || *calls.borrow() >= 11).await;
    gloo_timers::future::TimeoutFuture::new(50).await;
    assert_eq!(
        *calls.borrow(),
        11,
        "the first wave's 8 and the 2 members' lists, and one more ask after the 401"
    );
    drop(handle);

    // Only stale tokens: each request is tried twice, then the user is told.
    let stale_calls = Rc::new(RefCell::new(0u32));
    let h2 = host();
    let handle = mount(
        &h2,
        obj(&[
            ("baseUrl", backend().into()),
            (
                "getAccessToken",
                getter_of(stale_calls.clone(), "stale.jwt.value").into(),
            ),
        ]),
    );
    let root = inside(&h2);
    let alert = wait_for("the error", std::time::Duration::from_secs(5), || {
        root.query_selector("[role=alert]").unwrap()
    })
    .await;
    assert!(
        text(&alert).contains("Your session has expired"),
        "{}",
        text(&alert)
    );
    // The error shows once all eight first-load requests have answered (they are joined), so
    // the count is final here: every request asked once, and each 401 asked once more. Only
    // the public configuration needs no session and is not refused.
    assert_eq!(
        *stale_calls.borrow(),
        8 + 7,
        "each refused request is retried once, never more"
    );
    drop(handle);
    h.remove();
    h2.remove();
}

/// An `onEvent` handler for the host options, and the array it pushes every event into.
fn event_recorder() -> (Array, Function) {
    let events = Array::new();
    let sink = events.clone();
    let on_event = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        sink.push(&e);
    })
    .into_js_value()
    .unchecked_into();
    (events, on_event)
}

fn getter_of(calls: Rc<RefCell<u32>>, token: &'static str) -> Function {
    Closure::<dyn FnMut() -> JsValue>::new(move || {
        *calls.borrow_mut() += 1;
        Promise::resolve(&JsValue::from_str(token)).into()
    })
    .into_js_value()
    .unchecked_into()
}
