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

fn backend() -> &'static str {
    let Some(base) = option_env!("ATT_TEST_BACKEND_URL") else {
        panic!("ATT_TEST_BACKEND_URL is not set: run the browser tests through scripts/test, which starts the reference backend");
    };
    base
}

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
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate access token").await;
    set_checked(&field(&m.root, "Personal").unwrap(), true);
    type_into(&field(&m.root, "Description").unwrap(), &name);
    click(
        &m.root
            .query_selector("dialog form button[type=submit]")
            .unwrap()
            .unwrap(),
    );
    let dialog = find(&m.root, "dialog", "Copy your token now").await;
    let secret = text(&dialog.query_selector("code.att-secret").unwrap().unwrap());
    assert_eq!(secret.len(), 43, "a 256-bit token");
    assert_eq!(whoami(&secret).await, 200, "the new token works");

    set_checked(&field(&m.root, "I have copied it").unwrap(), true);
    let done = find(&dialog, "button", "Done").await;
    until("Done enabled", || !done.has_attribute("disabled")).await;
    click(&done);
    until("closed", || {
        by_role(&m.root, "dialog", "Copy your token now").is_none()
    })
    .await;

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
