//! The real fetch client against the real reference backend that scripts/test starts:
//! sign in, load, generate, use the token, delete, and see it refused.
#![cfg(target_arch = "wasm32")]

mod common;

use api_tokens_tab::api::client::sign_in;
use api_tokens_tab::{ApiTokensConfig, ApiTokensTab};
use common::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn whoami(api_key: &str) -> u16 {
    gloo_net::http::Request::get(&format!("{}/api/demo/whoami", backend()))
        .header("X-API-KEY", api_key)
        .send()
        .await
        .unwrap()
        .status()
}

#[wasm_bindgen_test]
async fn load_create_copy_use_and_delete_through_the_real_client() {
    let config = ApiTokensConfig::default().with_base_url(backend());
    let jwt = sign_in(&config, "admin@acme.test", "acme-demo-password")
        .await
        .expect("demo sign-in");
    let config = config.with_access_token(jwt.expose()).clone();
    let config = ApiTokensConfig {
        token_type: Some(api_tokens_tab::model::TokenType::AccessToken),
        ..config
    };
    let m = mount(move || view! { <ApiTokensTab config=config /> });

    until("demo rows", || table_rows(&m.root).len() >= 5).await;
    assert!(
        table_rows(&m.root).iter().any(|r| r[0] == "Adam's CLI"),
        "the admin's personal token"
    );
    assert!(
        table_rows(&m.root)
            .iter()
            .all(|r| r[0] != "Local development"),
        "not the developer's"
    );

    // Unique per run: the backend may be shared with earlier runs.
    let name = format!("browser test token {}", js_sys::Date::now() as u64);
    let dialog = generate_personal(&m.root, &name).await;
    let secret = text(&dialog.query_selector("code.att-secret").unwrap().unwrap());
    assert_eq!(secret.len(), 43, "a 256-bit token");
    assert_eq!(whoami(&secret).await, 200, "the new token works");

    close_secret_dialog(&m.root, &dialog).await;

    click(&find(&m.root, "button", &format!("Actions for {name}")).await);
    click(&find(&m.root, "menuitem", "Delete").await);
    let confirm = find(&m.root, "alertdialog", &name).await;
    click(&find(&confirm, "button", "Delete token").await);
    until("row gone", || {
        table_rows(&m.root).iter().all(|r| r[0] != name)
    })
    .await;
    assert_eq!(
        whoami(&secret).await,
        401,
        "deleted tokens stop working at once"
    );
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_refused_with_the_servers_message() {
    let config = ApiTokensConfig::default().with_base_url(backend());
    let err = sign_in(&config, "admin@acme.test", "wrong")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(
        err.to_string().contains("incorrect email or password"),
        "{err}"
    );
}

/// Where a secret could linger, checked by JS so the test itself never copies the secret
/// into wasm memory: the document, storage, cookies, the URL, what the console printed, the
/// IndexedDB databases, and the wasm linear memory (any 16-byte run of the secret).
const LEAK_SCAN: &str = r#"(async (secret, memory) => {
  const found = [];
  if (document.documentElement.outerHTML.includes(secret)) found.push('document');
  for (const store of [localStorage, sessionStorage]) {
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k.includes(secret) || (store.getItem(k) ?? '').includes(secret)) found.push('storage');
    }
  }
  if (document.cookie.includes(secret)) found.push('cookie');
  if (location.href.includes(secret)) found.push('url');
  if ((window.__attConsole ?? []).some((line) => line.includes(secret))) found.push('console');
  if (indexedDB.databases && (await indexedDB.databases()).length > 0) found.push('indexeddb');
  const hay = new Uint8Array(memory.buffer);
  const bytes = new TextEncoder().encode(secret);
  for (let start = 0; start + 16 <= bytes.length; start += 9) {
    const needle = bytes.subarray(start, start + 16);
    outer: for (let i = 0; i + 16 <= hay.length; i++) {
      if (hay[i] !== needle[0]) continue;
      for (let j = 1; j < 16; j++) if (hay[i + j] !== needle[j]) continue outer;
      found.push(`wasm memory at ${i}`);
      break;
    }
  }
  return found.join(', ');
})"#;

#[wasm_bindgen_test]
async fn after_the_dialog_closes_the_secret_is_nowhere_not_even_in_wasm_memory() {
    use wasm_bindgen::{JsCast, JsValue};
    // Record what the console prints from here on.
    js_sys::eval(
        "window.__attConsole = []; for (const m of ['log','info','warn','error','debug']) { \
         const o = console[m]; console[m] = (...a) => { window.__attConsole.push(a.map(String).join(' ')); o.apply(console, a); }; }",
    )
    .unwrap();
    let config = ApiTokensConfig::default().with_base_url(backend());
    let jwt = sign_in(&config, "admin@acme.test", "acme-demo-password")
        .await
        .expect("demo sign-in");
    let config = config.with_access_token(jwt.expose());
    let m = mount(move || view! { <ApiTokensTab config=config /> });
    until("rows", || table_rows(&m.root).len() >= 5).await;

    let name = format!("hygiene {}", js_sys::Date::now() as u64);
    let dialog = generate_personal(&m.root, &name).await;
    // Kept on the JS side: a Rust String here would itself be a copy in wasm memory.
    let code = dialog.query_selector("code.att-secret").unwrap().unwrap();
    let secret = js_sys::Reflect::get(&code, &"textContent".into()).unwrap();
    assert_eq!(js_sys::JsString::from(secret.clone()).length(), 43);
    let copy = find(&dialog, "button", "Copy secret").await;
    click(&copy);
    // Copied, or refused by a headless clipboard: either way the copy has been handled.
    until("the copy handled", || {
        let t = text(&copy);
        t == "Copied" || t.starts_with("Copy failed")
    })
    .await;
    close_secret_dialog(&m.root, &dialog).await;

    let scan: js_sys::Function = js_sys::eval(LEAK_SCAN).unwrap().unchecked_into();
    let found = wasm_bindgen_futures::JsFuture::from(
        scan.call2(&JsValue::NULL, &secret, &wasm_bindgen::memory())
            .unwrap()
            .unchecked_into::<js_sys::Promise>(),
    )
    .await
    .unwrap();
    assert_eq!(
        found.as_string().unwrap(),
        "",
        "the secret was found in these places"
    );

    // The scan can find it: the same check while a copy is alive in wasm memory.
    let copy = js_sys::JsString::from(secret.clone()).as_string().unwrap();
    let found = wasm_bindgen_futures::JsFuture::from(
        scan.call2(&JsValue::NULL, &secret, &wasm_bindgen::memory())
            .unwrap()
            .unchecked_into::<js_sys::Promise>(),
    )
    .await
    .unwrap();
    assert!(
        found.as_string().unwrap().contains("wasm memory"),
        "the scan works"
    );
    drop(copy);
}

/// A personal token's descriptions as `jwt` lists them (`users/api-tokens/v1`).
async fn personal_descriptions(jwt: &str) -> String {
    gloo_net::http::Request::get(&format!(
        "{}/frontegg/identity/resources/users/api-tokens/v1",
        backend()
    ))
    .header("Authorization", &format!("Bearer {jwt}"))
    .send()
    .await
    .unwrap()
    .text()
    .await
    .unwrap()
}

/// The Leptos door as a Leptos app uses it: a config derived from the app's own signals. A new
/// theme, locale or token getter (a closure made anew with each config) takes effect in place,
/// keeping what was typed; the getter asked is the latest one, and so is `on_event`; a new
/// timeout reloads the tab.
#[wasm_bindgen_test]
async fn a_config_signal_changes_in_place_and_only_a_new_connection_reloads() {
    use api_tokens_tab::{AccessToken, Theme, VendorMessages};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;

    let jwt = |email: &'static str| async move {
        let base = ApiTokensConfig::default().with_base_url(backend());
        let jwt = sign_in(&base, email, "acme-demo-password").await;
        jwt.expect("demo sign-in").expose().to_string()
    };
    let owner = jwt("owner@acme.test").await;
    let session = RwSignal::new(jwt("admin@acme.test").await);
    let theme = RwSignal::new(Theme::Light);
    let locale = RwSignal::new(None::<String>);
    let timeout = RwSignal::new(8_000);
    let heard: Rc<RefCell<Vec<String>>> = Rc::default();
    let words = VendorMessages::from_texts(&[("en", &[("title", "Machine keys")])]).unwrap();
    let config = {
        let heard = heard.clone();
        Signal::derive_local(move || {
            // Made anew on every change: the tab must ask this one, not the first.
            let token = session.get();
            let heard = heard.clone();
            let said = format!("{:?}", theme.get());
            ApiTokensConfig {
                base_url: Some(backend().into()),
                access_token: AccessToken::provider(move || {
                    let token = token.clone();
                    async move { Ok(token) }
                }),
                theme: theme.get(),
                locale: locale.get(),
                messages: Some(words.clone()),
                on_event: Some(Rc::new(move |e: &api_tokens_tab::TabEvent| {
                    heard
                        .borrow_mut()
                        .push(format!("{} under {said}", e.kind()))
                })),
                request_timeout_ms: timeout.get(),
                ..Default::default()
            }
        })
    };
    let m = mount(move || view! { <ApiTokensTab config=config /> });
    until("rows", || table_rows(&m.root).len() >= 5).await;
    find(&m.root, "heading", "Machine keys").await;
    let section = m.root.query_selector("section.att").unwrap().unwrap();
    assert_eq!(
        section.get_attribute("data-theme").as_deref(),
        Some("light")
    );
    let search = field(&m.root, "Search tokens").unwrap();
    type_into(&search, "CI deploy");

    theme.set(Theme::Dark);
    until("dark", || {
        section.get_attribute("data-theme").as_deref() == Some("dark")
    })
    .await;
    locale.set(Some("de".into()));
    let german = wait_for("German", std::time::Duration::from_secs(5), || {
        field(&m.root, "Tokens durchsuchen")
    })
    .await;
    assert!(
        search.is_connected()
            && german.unchecked_ref::<web_sys::Node>() == search.unchecked_ref::<web_sys::Node>(),
        "the same field, not a reloaded tab"
    );
    assert_eq!(german.value(), "CI deploy", "what was typed stays");
    locale.set(None);
    find(&m.root, "heading", "Machine keys").await;
    type_into(&search, "");

    // Another user's session, in place: the next request carries the new token.
    session.set(owner.clone());
    let name = format!("in-place session {}", js_sys::Date::now() as u64);
    let dialog = generate_personal(&m.root, &name).await;
    close_secret_dialog(&m.root, &dialog).await;
    assert!(search.is_connected(), "no reload for a new getter");
    assert!(
        personal_descriptions(&owner).await.contains(&name),
        "made with the owner's token, the getter of the latest config"
    );
    assert_eq!(
        *heard.borrow(),
        ["created under Dark"],
        "the latest on_event heard it"
    );

    // A new connection (here a timeout) reloads the tab: it loads again, the search afresh.
    type_into(&search, "typed before the reload");
    timeout.set(9_000);
    until("reloaded", || !search.is_connected()).await;
    until("rows again", || table_rows(&m.root).len() >= 5).await;
    assert_eq!(field(&m.root, "Search tokens").unwrap().value(), "");
}
