//! How the tab behaves when calls fail in the ways that leave it unsure (rate limits, lost
//! answers, the user stopping a call), with the in-memory API: no duplicate token, nothing
//! typed lost, a message that says what happened. Runs in Chromium and in Firefox; the same
//! faults over real HTTP are injected into the real backend's traffic by e2e/faults.test.mjs.
#![cfg(target_arch = "wasm32")]

mod common;

use api_tokens_tab::api::ApiError;
use common::fake::FakeApi;
use common::*;
use std::time::Duration;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn rate_limited(seconds: u32) -> ApiError {
    ApiError::Http {
        status: 429,
        message: None,
        retry_after: Some(seconds),
    }
}

/// Opens the generate form for a personal token and types `name`.
async fn fill_personal(m: &Mounted, name: &str) {
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate").await;
    set_checked(&field(&m.root, "Personal").unwrap(), true);
    type_into(&field(&m.root, "Description").unwrap(), name);
}

fn rows_named(m: &Mounted, name: &str) -> usize {
    table_rows(&m.root).iter().filter(|r| r[0] == name).count()
}

#[wasm_bindgen_test]
async fn a_rate_limited_create_counts_down_and_tries_again_by_itself() {
    let fake = FakeApi::admin();
    fake.fail_next("create", vec![rate_limited(2)]);
    let m = mount_tab(&fake);
    loaded(&m).await;
    fill_personal(&m, "patient bot").await;
    submit_dialog(&m.root);
    let status = find(&m.root, "status", "Trying again by itself in 2 seconds").await;
    assert!(status.is_connected());
    until("the countdown", || {
        text(&m.root).contains("Too many requests. Trying again in 2 s…")
    })
    .await;
    until("the countdown goes on", || {
        text(&m.root).contains("Trying again in 1 s…")
    })
    .await;
    // No user action: the second try creates it.
    wait_for(
        "the secret dialog",
        std::time::Duration::from_secs(6),
        || by_role(&m.root, "dialog", "Copy your"),
    )
    .await;
    assert_eq!(fake.calls("create"), 2);
    assert_eq!(fake.0.borrow().created.len(), 1, "one token");
}

#[wasm_bindgen_test]
async fn a_long_rate_limit_is_shown_with_its_time_and_not_waited_out() {
    let fake = FakeApi::admin();
    fake.fail_next("create", vec![rate_limited(600)]);
    let m = mount_tab(&fake);
    loaded(&m).await;
    fill_personal(&m, "impatient bot").await;
    submit_dialog(&m.root);
    let alert = find(&m.root, "alert", "You can try again in 10 minutes").await;
    assert!(text(&alert).contains("Too many requests"));
    assert_eq!(
        field(&m.root, "Description").unwrap().value(),
        "impatient bot"
    );
    // The limit lifted (the fake heals after one): the same form, one more click.
    submit_dialog(&m.root);
    find(&m.root, "dialog", "Copy your").await;
    assert_eq!(fake.0.borrow().created.len(), 1);
}

#[wasm_bindgen_test]
async fn a_create_whose_answer_is_lost_is_found_in_the_list_and_never_sent_again() {
    let fake = FakeApi::admin();
    fake.lose_create_answer(Some(ApiError::Network("connection reset".into())));
    let m = mount_tab(&fake);
    loaded(&m).await;
    let lists_before = fake.calls("list:PersonalClients");
    fill_personal(&m, "lost in transit").await;
    submit_dialog(&m.root);
    let alert = find(
        &m.root,
        "alert",
        "was created, but the answer carrying its secret was lost",
    )
    .await;
    assert!(
        text(&alert).contains("“lost in transit”") && text(&alert).contains("delete it"),
        "{}",
        text(&alert)
    );
    assert_eq!(fake.calls("create"), 1, "never re-POSTed");
    assert_eq!(
        fake.calls("list:PersonalClients"),
        lists_before + 1,
        "its list was loaded again"
    );
    // The user sees it in the list behind the dialog; no secret dialog opened.
    assert_eq!(rows_named(&m, "lost in transit"), 1);
    assert!(by_role(&m.root, "dialog", "Copy your").is_none());
    assert_eq!(
        field(&m.root, "Description").unwrap().value(),
        "lost in transit"
    );
}

#[wasm_bindgen_test]
async fn a_create_that_failed_unseen_is_reported_as_not_created_and_can_be_retried() {
    let fake = FakeApi::admin();
    fake.fail_next("create", vec![ApiError::Timeout { seconds: 8 }]);
    let m = mount_tab(&fake);
    loaded(&m).await;
    fill_personal(&m, "second chance").await;
    submit_dialog(&m.root);
    let alert = find(&m.root, "alert", "it was not created").await;
    assert!(
        text(&alert).contains("did not answer within 8 seconds")
            && text(&alert).contains("Your input is kept"),
        "{}",
        text(&alert)
    );
    assert_eq!(
        field(&m.root, "Description").unwrap().value(),
        "second chance"
    );
    assert_eq!(rows_named(&m, "second chance"), 0);
    submit_dialog(&m.root);
    let dialog = find(&m.root, "dialog", "Copy your").await;
    close_secret_dialog(&m.root, &dialog).await;
    assert_eq!(rows_named(&m, "second chance"), 1, "exactly one");
}

#[wasm_bindgen_test]
async fn stopping_a_slow_create_keeps_the_form_and_checks_the_list() {
    let fake = FakeApi::admin();
    fake.0.borrow_mut().delay_ms = 5_000;
    let m = mount_tab(&fake);
    loaded(&m).await;
    fill_personal(&m, "slowpoke").await;
    let lists_before = fake.calls("list:PersonalClients");
    submit_dialog(&m.root);
    let stop = find(&m.root, "button", "Stop").await;
    click(&stop);
    let alert = find(&m.root, "alert", "Stopped.").await;
    assert!(text(&alert).contains("not created"), "{}", text(&alert));
    assert_eq!(fake.calls("list:PersonalClients"), lists_before + 1);
    assert_eq!(field(&m.root, "Description").unwrap().value(), "slowpoke");
    // The call was dropped before it reached the fake server, so it can never complete.
    until("the stopped create dropped", || {
        fake.calls("dropped:create") == 1
    })
    .await;
    assert_eq!(fake.calls("create"), 0, "it never reached the server");
    assert!(fake.0.borrow().created.is_empty());
    // And the dialog still closes normally.
    click(&find(&m.root, "button", "Cancel").await);
    until("closed", || {
        by_role(&m.root, "dialog", "Generate").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_rate_limited_load_counts_down_and_loads() {
    let fake = FakeApi::admin();
    fake.fail_next("me", vec![rate_limited(1)]);
    let m = mount_tab(&fake);
    until("the countdown", || {
        text(&m.root).contains("Trying again in 1 s…")
    })
    .await;
    wait_for("the list", std::time::Duration::from_secs(5), || {
        m.root.query_selector("tbody tr").unwrap()
    })
    .await;
    assert_eq!(fake.calls("me"), 2);
    assert!(by_role(&m.root, "alert", "").is_none());
}

#[wasm_bindgen_test]
async fn a_fourth_rate_limit_in_a_row_is_shown_not_waited_out_and_the_input_is_kept() {
    // Three waits are taken by themselves; the fourth 429 in a row is the user's to retry.
    let fake = FakeApi::admin();
    fake.fail_next("create", vec![rate_limited(1); 4]);
    let m = mount_tab(&fake);
    loaded(&m).await;
    fill_personal(&m, "persistent bot").await;
    submit_dialog(&m.root);
    let alert = wait_for("the fourth 429 shown", Duration::from_secs(10), || {
        by_role(&m.root, "alert", "Too many requests")
    })
    .await;
    assert_eq!(fake.calls("create"), 4, "one try and three by itself");
    assert!(fake.0.borrow().created.is_empty());
    assert_eq!(
        field(&m.root, "Description").unwrap().value(),
        "persistent bot"
    );
    // It does not go on by itself: the user's submit is the fifth call, and it works.
    assert!(
        !text(&m.root).contains("Trying again in"),
        "{}",
        text(&alert)
    );
    submit_dialog(&m.root);
    find(&m.root, "dialog", "Copy your").await;
    assert_eq!(fake.calls("create"), 5);
    assert_eq!(fake.0.borrow().created.len(), 1, "one token");
}

#[wasm_bindgen_test]
async fn stop_loading_drops_the_load_says_so_and_retry_loads() {
    let fake = FakeApi::admin();
    fake.0.borrow_mut().list_delay_ms = 30_000;
    let m = mount_tab(&fake);
    let stop = find(&m.root, "button", "Stop loading").await;
    until("the four lists out", || fake.calls("waiting:list") == 4).await;
    click(&stop);
    let alert = find(&m.root, "alert", "You stopped loading.").await;
    assert!(m.root.query_selector("tbody tr").unwrap().is_none());
    // The four lists were dropped while they waited: none of them can still answer.
    until("the four lists dropped", || fake.calls("dropped:list") == 4).await;
    assert_eq!(fake.calls("list:"), 0, "no list reached the server");
    fake.0.borrow_mut().list_delay_ms = 0;
    click(&find(&alert, "button", "Retry").await);
    loaded(&m).await;
    assert_eq!(table_rows(&m.root).len(), 5);
    assert!(by_role(&m.root, "alert", "").is_none(), "{}", text(&m.root));
}

#[wasm_bindgen_test]
async fn a_partial_retry_keeps_the_search_typed() {
    let fake = FakeApi::admin();
    fake.fail("list:AccountAccess", 502, "bad gateway");
    let m = mount_tab(&fake);
    loaded(&m).await;
    find(&m.root, "alert", "could not be loaded").await;
    let search = field(&m.root, "Search tokens").unwrap();
    type_into(&search, "metrics");
    fake.heal("list:AccountAccess");
    click(&find(&m.root, "button", "Retry").await);
    until("the healed source's row", || {
        rows_named(&m, "Metrics exporter") == 1
    })
    .await;
    assert_eq!(field(&m.root, "Search tokens").unwrap().value(), "metrics");
    assert_eq!(table_rows(&m.root).len(), 1, "still filtered");
}

#[wasm_bindgen_test]
async fn editing_a_token_deleted_elsewhere_drops_it_and_says_so() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Actions for CI deploy").await);
    click(&find(&m.root, "menuitem", "Edit").await);
    find(&m.root, "dialog", "Edit").await;
    // Someone else deletes it meanwhile.
    fake.0
        .borrow_mut()
        .rows
        .retain(|r| r.description.as_deref() != Some("CI deploy"));
    submit_dialog(&m.root);
    let notice = find(&m.root, "status", "had already been deleted").await;
    assert!(text(&notice).contains("CI deploy"));
    until("the row is gone", || rows_named(&m, "CI deploy") == 0).await;
}

/// A dialog whose code has to be fetched first (the release artefacts carry each dialog in a
/// chunk of its own: e2e/chunks.test.mjs over the real build): its frame while the code comes,
/// the message and Retry in its place when it could not be had (again when Retry fails too),
/// then the dialog itself; what was typed elsewhere stays. Here with a loader of the test's
/// own, so the frame is held to this in both browsers without a split wasm.
#[wasm_bindgen_test]
async fn a_dialog_whose_code_cannot_be_fetched_says_so_and_retry_brings_it() {
    use api_tokens_tab::components::lazy_dialog::{lazy_view, ChunkError, Loading};
    use api_tokens_tab::i18n::I18n;
    use leptos::prelude::*;
    use std::cell::Cell;
    use std::rc::Rc;

    let attempts = Rc::new(Cell::new(0));
    let tries = attempts.clone();
    let load = move || -> Loading {
        tries.set(tries.get() + 1);
        match tries.get() {
            // The first fetch takes a while, then fails; the second fails at once.
            1 => Box::pin(async {
                gloo_timers::future::sleep(Duration::from_millis(300)).await;
                Err(ChunkError)
            }),
            2 => Box::pin(async { Err(ChunkError) }),
            _ => Box::pin(async {
                Ok(
                    Box::new(|| view! { <p class="the-dialog">"The dialog itself"</p> }.into_any())
                        as Box<dyn FnOnce() -> AnyView>,
                )
            }),
        }
    };
    let m = mount(move || {
        provide_context(I18n::new(Signal::stored(None), Signal::stored(None)));
        let title = Signal::stored("Edit “bot”".to_string());
        view! {
            <input aria-label="Elsewhere" value="typed" />
            {lazy_view(title, load, Callback::new(move |_| {}))}
        }
    });
    let dialog = find(&m.root, "dialog", "Edit “bot”").await;
    assert!(
        by_role(&dialog, "status", "Loading…").is_some(),
        "{}",
        text(&dialog)
    );
    let failed = "This part of the tab could not be loaded. Check your connection and try again.";
    find(&dialog, "alert", failed).await;
    let retry = find(&dialog, "button", "Retry").await;
    until("focus on Retry", || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .is_some_and(|a| a == retry)
    })
    .await;
    click(&retry);
    // Failed again: the message again, a new Retry.
    until("the second attempt", || attempts.get() == 2).await;
    let retry = find(&m.root, "button", "Retry").await;
    find(&m.root, "alert", failed).await;
    click(&retry);
    until("the dialog itself", || {
        m.root.query_selector(".the-dialog").unwrap().is_some()
    })
    .await;
    assert_eq!(attempts.get(), 3);
    assert!(
        by_role(&m.root, "alert", failed).is_none(),
        "the frame is gone"
    );
    assert_eq!(field(&m.root, "Elsewhere").unwrap().value(), "typed");
}
