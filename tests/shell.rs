//! Walking skeleton: the tab's shell mounts, talks to an API (a fake one, then the real
//! reference backend over fetch) and shows what it got. Runs in Chromium and in Firefox.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use api_tokens_tab::api::{dto, ApiError, ApiFuture, TokenApi};
use api_tokens_tab::components::tab::ApiTokensTabWith;
use api_tokens_tab::{ApiTokensConfig, ApiTokensTab};
use common::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Answers with `strategy`, after failing the first `failures` calls with a 503.
struct FakeApi {
    strategy: &'static str,
    failures: Cell<u32>,
    calls: Rc<Cell<u32>>,
}

impl TokenApi for FakeApi {
    fn public_configuration(&self) -> ApiFuture<dto::PublicConfiguration> {
        self.calls.set(self.calls.get() + 1);
        let fail = self.failures.get() > 0;
        if fail {
            self.failures.set(self.failures.get() - 1);
        }
        let strategy = self.strategy.to_string();
        Box::pin(async move {
            if fail {
                return Err(ApiError::from_response(
                    503,
                    r#"{"errors":["maintenance window"]}"#,
                ));
            }
            Ok(dto::PublicConfiguration {
                machine_to_machine_auth_strategy: Some(strategy),
                force_permissions: Some(false),
            })
        })
    }
}

fn fake(strategy: &'static str, failures: u32) -> (Rc<dyn TokenApi>, Rc<Cell<u32>>) {
    let calls = Rc::new(Cell::new(0));
    let api = FakeApi {
        strategy,
        failures: Cell::new(failures),
        calls: calls.clone(),
    };
    (Rc::new(api), calls)
}

#[wasm_bindgen_test]
async fn shell_mounts_with_its_heading_and_region() {
    let (api, _) = fake("AccessToken", 0);
    let m = mount(move || view! { <ApiTokensTabWith api=api /> });
    find(&m.root, "heading", "API Tokens").await;
    find(&m.root, "region", "API Tokens").await;
    let status = find(&m.root, "status", "Connected").await;
    assert_eq!(
        name_of(&status),
        "Connected. New tokens are of type: Access token."
    );
}

#[wasm_bindgen_test]
async fn a_failed_load_shows_the_server_message_and_retry_recovers() {
    let (api, calls) = fake("ClientCredentials", 1);
    let m = mount(move || view! { <ApiTokensTabWith api=api /> });
    let alert = find(&m.root, "alert", "maintenance window").await;
    assert!(name_of(&alert).contains("The token service had a problem"));
    assert_eq!(calls.get(), 1);

    click(&find(&m.root, "button", "Retry").await);
    let status = find(&m.root, "status", "Connected").await;
    assert!(name_of(&status).contains("Client credentials"));
    assert_eq!(calls.get(), 2);
    assert!(by_role(&m.root, "alert", "").is_none());
}

/// The real fetch path against the reference backend that scripts/test starts.
#[wasm_bindgen_test]
async fn the_real_client_reaches_the_reference_backend() {
    let Some(base) = option_env!("ATT_TEST_BACKEND_URL") else {
        panic!("ATT_TEST_BACKEND_URL is not set: run the browser tests through scripts/test, which starts the reference backend");
    };
    let config = ApiTokensConfig::default().with_base_url(base);
    let m = mount(move || view! { <ApiTokensTab config=config /> });
    let status = find(&m.root, "status", "Connected").await;
    assert!(name_of(&status).contains("Client credentials"));
}
