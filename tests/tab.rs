//! The tab with an in-memory API: every view and flow, selected by role and accessible name.
//! Runs in Chromium and in Firefox.
#![cfg(target_arch = "wasm32")]

mod common;

use common::fake::FakeApi;
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn input(m: &Mounted, label: &str) -> web_sys::HtmlInputElement {
    field(&m.root, label).unwrap_or_else(|| panic!("no field labelled {label:?}"))
}

#[wasm_bindgen_test]
fn the_pages_clock_is_moved_only_when_scripts_test_moves_it() {
    // performance.timeOrigin + now() is the real time; Date.now() is what the tab reads.
    common::test_clock();
    let perf = web_sys::window().unwrap().performance().unwrap();
    let real = perf.time_origin() + perf.now();
    let moved: f64 = option_env!("ATT_TEST_CLOCK_OFFSET_MS").map_or(0.0, |o| o.parse().unwrap());
    let drift = js_sys::Date::now() - real - moved;
    assert!(
        drift.abs() < 1_000.0,
        "Date.now() is {drift} ms off the moved clock"
    );
}

#[wasm_bindgen_test]
async fn the_list_merges_all_four_sources_newest_first_with_every_column() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    find(&m.root, "heading", "API Tokens").await;
    loaded(&m).await;
    let rows = table_rows(&m.root);
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "My laptop",
            "CI deploy",
            "Metrics exporter",
            "Untitled token",
            "Legacy importer"
        ]
    );
    // Description, identifier (shortened + copy), owner, type, roles, created, created by, expires.
    assert!(rows[1][1].starts_with("cc-deplo…2222"), "{:?}", rows[1]);
    assert_eq!(
        &rows[1][2..5],
        ["Account", "Client credentials", "Developer"]
    );
    // The year is the row's own (read in the viewer's zone), so this holds on any date.
    let created = fake.row("cc-deploy-0000-1111-2222").created_at.unwrap();
    let year = js_sys::Date::new(&(created as f64).into()).get_full_year();
    assert!(
        rows[1][5].starts_with("3 days ago") && rows[1][5].contains(&format!(" {year}, ")),
        "{} (created in {year})",
        rows[1][5]
    );
    assert_eq!(rows[1][7], "Never");
    assert_eq!(
        &rows[0][2..5],
        ["Personal", "Client credentials", "Your roles"]
    );
    assert_eq!(rows[0][6], "You");
    assert_eq!(rows[1][6], "You", "own account token (users/v2/me)");
    assert_eq!(
        rows[2][6], "u-someon…7890",
        "someone else's: the shortened id"
    );
    assert_eq!(&rows[2][2..4], ["Account", "Access token"]);
    assert!(
        rows[2][7].contains("Expires soon") && rows[2][7].contains("in 4 days"),
        "{}",
        rows[2][7]
    );
    assert_eq!(rows[4][7], "Expired");
    // The expiry's full date and time on hover; nothing to hover over for "Never".
    let expiry = |i: u32| {
        let tr = m
            .root
            .query_selector_all("tbody tr")
            .unwrap()
            .item(i)
            .unwrap();
        let tr: web_sys::Element = tr.unchecked_into();
        tr.query_selector(".att-expiry").unwrap().unwrap()
    };
    assert!(expiry(1).get_attribute("title").is_none(), "no empty title");
    // The Created cell's own tooltip shows the full date; no title repeats it.
    let created = m.root.query_selector("tbody .att-time").unwrap().unwrap();
    assert!(
        created.get_attribute("title").is_none(),
        "one tooltip, not two"
    );
    assert!(created.query_selector(".att-tooltip").unwrap().is_some());
    assert!(expiry(2)
        .get_attribute("title")
        .is_some_and(|t| t.contains(", ")));
    assert_eq!(fake.calls("list:"), 4, "all four lists load");
    let count = find(&m.root, "status", "tokens").await;
    assert_eq!(text(&count), "5 tokens");
    // Every row with a menu names its token.
    find(&m.root, "button", "Actions for CI deploy").await;
    find(&m.root, "button", "Copy client ID of CI deploy").await;
    find(&m.root, "button", "Copy token ID of Metrics exporter").await;
}

#[wasm_bindgen_test]
async fn search_sort_and_the_expired_toggle() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    let search = input(&m, "Search tokens");
    type_into(&search, "DEVELOPER");
    until("one match", || table_rows(&m.root).len() == 1).await;
    assert_eq!(table_rows(&m.root)[0][0], "CI deploy");
    assert_eq!(
        text(&find(&m.root, "status", "Showing").await),
        "Showing 1 of 5 tokens"
    );
    type_into(&search, "at-metrics");
    until("id match", || {
        table_rows(&m.root)
            .first()
            .is_some_and(|r| r[0] == "Metrics exporter")
    })
    .await;
    type_into(&search, "nothing like this");
    find(&m.root, "button", "Clear search and filters").await;
    assert!(m
        .root
        .text_content()
        .unwrap()
        .contains("No tokens match “nothing like this”"));
    click(&find(&m.root, "button", "Clear search and filters").await);
    until("all rows back", || table_rows(&m.root).len() == 5).await;
    assert_eq!(search.value(), "");

    // Hide expired.
    set_checked(&input(&m, "Show expired"), false);
    until("expired hidden", || table_rows(&m.root).len() == 4).await;
    assert!(table_rows(&m.root)
        .iter()
        .all(|r| r[0] != "Legacy importer"));
    set_checked(&input(&m, "Show expired"), true);
    until("expired shown", || table_rows(&m.root).len() == 5).await;

    // Sort by expiry: the expired one first, never-expiring last.
    choose(&input(&m, "Sort"), "expires-soonest");
    until("sorted by expiry", || {
        table_rows(&m.root)[0][0] == "Legacy importer"
    })
    .await;
    let names: Vec<String> = table_rows(&m.root).iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        &names[..3],
        ["Legacy importer", "Metrics exporter", "My laptop"]
    );
    choose(&input(&m, "Sort"), "oldest");
    until("oldest first", || {
        table_rows(&m.root)[0][0] == "Legacy importer" && table_rows(&m.root)[4][0] == "My laptop"
    })
    .await;
}

#[wasm_bindgen_test]
async fn one_failing_source_does_not_blank_the_list() {
    let fake = FakeApi::admin();
    fake.fail("list:AccountAccess", 403, "missing permission");
    let m = mount_tab(&fake);
    loaded(&m).await;
    let alert = find(&m.root, "alert", "could not be loaded").await;
    assert!(
        text(&alert).contains("account access tokens"),
        "{}",
        text(&alert)
    );
    assert_eq!(table_rows(&m.root).len(), 4);
    fake.heal("list:AccountAccess");
    click(&find(&m.root, "button", "Retry").await);
    until("all five", || table_rows(&m.root).len() == 5).await;
    assert!(by_role(&m.root, "alert", "").is_none());
}

#[wasm_bindgen_test]
async fn a_failed_load_shows_the_error_and_retry_recovers() {
    let fake = FakeApi::admin();
    fake.fail("me", 503, "maintenance window");
    let m = mount_tab(&fake);
    let alert = find(&m.root, "alert", "maintenance window").await;
    assert!(text(&alert).contains("The tokens could not be loaded"));
    fake.heal("me");
    click(&find(&m.root, "button", "Retry").await);
    loaded(&m).await;
    assert!(by_role(&m.root, "alert", "").is_none());
}

#[wasm_bindgen_test]
async fn loading_shows_a_skeleton_then_the_empty_state_invites_generating() {
    let fake = FakeApi::admin();
    fake.0.borrow_mut().rows.clear();
    let m = mount_tab(&fake);
    // The skeleton is there before the wave answers.
    assert!(
        by_role(&m.root, "status", "Loading tokens").is_some()
            || m.root.query_selector(".att-skeleton").unwrap().is_some()
    );
    let invite = find(&m.root, "button", "Generate your first token").await;
    assert!(text(&m.root).contains("No API tokens yet"));
    click(&invite);
    find(&m.root, "dialog", "Generate client credentials").await;
}

#[wasm_bindgen_test]
async fn a_viewer_sees_tokens_but_no_generate_and_no_row_menu() {
    let fake = FakeApi::admin();
    {
        let mut s = fake.0.borrow_mut();
        s.permissions = vec!["fe.secure.read.*".into()];
        s.my_roles = vec!["r-viewer".into()];
    }
    let m = mount_tab(&fake);
    loaded(&m).await;
    assert_eq!(table_rows(&m.root).len(), 5);
    assert!(by_role(&m.root, "button", "Generate token").is_none());
    assert!(all_by_role(&m.root, "button", "Actions for").is_empty());
}

#[wasm_bindgen_test]
async fn the_role_picker_offers_only_roles_at_or_below_the_users_level() {
    let fake = FakeApi::admin();
    fake.0.borrow_mut().my_roles = vec!["r-dev".into()];
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    let dialog = find(&m.root, "dialog", "Generate client credentials").await;
    let boxes: Vec<(String, bool)> = ["Owner", "Admin", "Developer", "Viewer", "Auditor"]
        .iter()
        .map(|n| (n.to_string(), input(&m, n).disabled()))
        .collect();
    assert_eq!(
        boxes,
        [
            ("Owner", true),
            ("Admin", true),
            ("Developer", false),
            ("Viewer", false),
            ("Auditor", false)
        ]
        .map(|(n, d)| (n.to_string(), d))
    );
    let owner_box = input(&m, "Owner");
    let reason_id = owner_box
        .get_attribute("aria-describedby")
        .expect("disabled roles say why");
    let reason = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .get_element_by_id(&reason_id)
        .unwrap();
    assert_eq!(text(&reason), "Above your highest role, Developer");
    assert!(text(&dialog).contains("Level 0") && text(&dialog).contains("No level"));
}

#[wasm_bindgen_test]
async fn generating_an_account_token_shows_its_secret_once() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate client credentials").await;

    // Validation first: nothing is sent.
    submit_dialog(&m.root);
    until("errors", || text(&m.root).contains("Enter a description")).await;
    assert!(text(&m.root).contains("Pick at least one role for an account token."));
    assert_eq!(fake.calls("create"), 0);
    assert_eq!(
        input(&m, "Description")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    type_into(&input(&m, "Description"), "  Billing sync  ");
    set_checked(&input(&m, "Viewer"), true);
    set_checked(&input(&m, "Auditor"), true);
    choose(&input(&m, "Expiration"), "90");
    submit_dialog(&m.root);

    let dialog = find(&m.root, "dialog", "Copy your token now").await;
    let created = fake.0.borrow().created[0].clone();
    assert_eq!(created.description, "Billing sync");
    assert_eq!(created.expires_in_minutes, Some(90 * 1440));
    let mut roles = created.role_ids.clone();
    roles.sort();
    assert_eq!(roles, ["r-auditor", "r-viewer"]);
    assert!(
        text(&dialog).contains("new-1-0000-1111-2222"),
        "client id shown"
    );
    assert!(
        text(&dialog).contains("fake-secret-1-Zq9xK2pL"),
        "secret shown"
    );
    assert!(text(&dialog).contains("only time it is shown"));
    find(&dialog, "button", "Copy client ID").await;
    find(&dialog, "button", "Copy secret").await;
    // The new token is already in the list.
    assert!(table_rows(&m.root).iter().any(|r| r[0] == "Billing sync"));

    // Done needs the confirmation; Escape does nothing before it.
    let done = find(&dialog, "button", "Done").await;
    assert!(done
        .unchecked_ref::<web_sys::HtmlButtonElement>()
        .disabled());
    press(&dialog, "Escape");
    fire(&dialog, "cancel");
    // No sleep: the tick below is handled after Escape and cancel, so once Done shows it
    // enabled, a close they caused would have happened too.
    set_checked(&input(&m, "I have copied it"), true);
    until("done enabled", || {
        !done
            .unchecked_ref::<web_sys::HtmlButtonElement>()
            .disabled()
    })
    .await;
    assert!(
        dialog.is_connected() && by_role(&m.root, "dialog", "Copy your token now").is_some(),
        "Escape and cancel closed the secret dialog before the confirmation"
    );
    click(&done);
    until("dialog gone", || {
        by_role(&m.root, "dialog", "Copy your token now").is_none()
    })
    .await;
    let html = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap()
        .outer_html();
    assert!(
        !html.contains("fake-secret-1-Zq9xK2pL"),
        "the secret left the DOM"
    );
    assert!(text(&m.root).contains("Billing sync"));
}

#[wasm_bindgen_test]
async fn a_personal_access_token_shows_the_token_alone_and_takes_no_roles() {
    let fake = FakeApi::admin();
    fake.0.borrow_mut().strategy = Some("AccessToken".into());
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate access token").await;
    set_checked(&input(&m, "Personal"), true);
    until("own roles shown", || {
        text(&m.root).contains("acts with your own roles: Admin")
    })
    .await;
    assert!(
        field(&m.root, "Viewer").is_none(),
        "no role picker for personal tokens"
    );
    type_into(&input(&m, "Description"), "laptop cli");
    choose(&input(&m, "Expiration"), "never");
    let submit = m
        .root
        .query_selector("dialog form button[type=submit]")
        .unwrap()
        .unwrap();
    click(&submit);
    let dialog = find(&m.root, "dialog", "Copy your token now").await;
    assert!(text(&dialog).contains("Access token"));
    assert!(by_role(&dialog, "button", "Copy client ID").is_none());
    find(&dialog, "button", "Copy access token").await;
    let created = fake.0.borrow().created[0].clone();
    assert_eq!(
        (created.expires_in_minutes, created.role_ids.len()),
        (None, 0)
    );
    assert_eq!(
        fake.0.borrow().rows.last().unwrap().source,
        api_tokens_tab::model::Source::PersonalAccess
    );
}

#[wasm_bindgen_test]
async fn a_double_click_creates_one_token_and_a_server_error_keeps_the_input() {
    let fake = FakeApi::admin();
    fake.0.borrow_mut().delay_ms = 200;
    fake.fail("create", 400, "description too fancy");
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate client credentials").await;
    type_into(&input(&m, "Description"), "twice");
    set_checked(&input(&m, "Viewer"), true);
    let submit = m
        .root
        .query_selector("dialog form button[type=submit]")
        .unwrap()
        .unwrap();
    click(&submit);
    click(&submit);
    let alert = find(&m.root, "alert", "description too fancy").await;
    assert!(text(&alert).contains("The request was rejected (400)"));
    assert_eq!(fake.calls("create"), 1, "one request for a double click");
    assert_eq!(input(&m, "Description").value(), "twice");
    assert!(input(&m, "Viewer").checked());

    // Closing and reopening keeps the draft; a retry goes through.
    click(&find(&m.root, "button", "Cancel").await);
    until("closed", || {
        by_role(&m.root, "dialog", "Generate").is_none()
    })
    .await;
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate client credentials").await;
    assert_eq!(input(&m, "Description").value(), "twice");
    fake.heal("create");
    submit_dialog(&m.root);
    find(&m.root, "dialog", "Copy your token now").await;
    assert_eq!(fake.0.borrow().created.len(), 1);
}

#[wasm_bindgen_test]
async fn delete_confirms_with_no_undo_then_removes_the_row() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Actions for CI deploy").await);
    click(&find(&m.root, "menuitem", "Delete").await);
    let dialog = find(&m.root, "alertdialog", "Delete “CI deploy”?").await;
    let t = text(&dialog);
    assert!(
        t.contains("cannot be undone") && t.contains("stops working"),
        "{t}"
    );
    assert!(
        t.contains("Account token · Client credentials") && t.contains("Developer"),
        "{t}"
    );

    // A failure keeps the row and shows the error.
    fake.fail("delete", 500, "database busy");
    click(&find(&dialog, "button", "Delete token").await);
    find(&dialog, "alert", "database busy").await;
    assert!(table_rows(&m.root).iter().any(|r| r[0] == "CI deploy"));
    fake.heal("delete");
    click(&find(&dialog, "button", "Delete token").await);
    until("row gone", || {
        table_rows(&m.root).iter().all(|r| r[0] != "CI deploy")
    })
    .await;
    assert!(by_role(&m.root, "alertdialog", "Delete").is_none());
    assert!(text(&m.root).contains("“CI deploy” was deleted."));
    assert_eq!(
        fake.0
            .borrow()
            .rows
            .iter()
            .filter(|r| r.id.starts_with("cc-deploy"))
            .count(),
        0
    );
}

#[wasm_bindgen_test]
async fn deleting_a_token_that_is_already_gone_says_so_and_drops_the_row() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    fake.0
        .borrow_mut()
        .rows
        .retain(|r| r.description.as_deref() != Some("My laptop"));
    click(&find(&m.root, "button", "Actions for My laptop").await);
    click(&find(&m.root, "menuitem", "Delete").await);
    let dialog = find(&m.root, "alertdialog", "My laptop").await;
    assert!(text(&dialog).contains("Your roles"));
    click(&find(&dialog, "button", "Delete token").await);
    until("row gone", || {
        table_rows(&m.root).iter().all(|r| r[0] != "My laptop")
    })
    .await;
    assert!(text(&m.root).contains("“My laptop” had already been deleted."));
}

#[wasm_bindgen_test]
async fn escape_and_cancel_close_dialogs_and_return_focus() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    let opener = find(&m.root, "button", "Actions for CI deploy").await;
    click(&opener);
    let item = find(&m.root, "menuitem", "Delete").await;
    item.unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    click(&item);
    let dialog = find(&m.root, "alertdialog", "CI deploy").await;
    let active = || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
    };
    until("focus inside the dialog", || {
        active().is_some_and(|a| dialog.contains(Some(&a)))
    })
    .await;
    fire(&dialog, "cancel");
    until("closed", || {
        by_role(&m.root, "alertdialog", "CI deploy").is_none()
    })
    .await;
    assert_eq!(fake.calls("delete"), 0);
    until("focus back on the opener", || {
        active().is_some_and(|a| a == opener)
    })
    .await;

    // Cancel in the generate dialog returns focus to its opener too.
    let generate = find(&m.root, "button", "Generate token").await;
    generate
        .unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    click(&generate);
    find(&m.root, "dialog", "Generate client credentials").await;
    click(&find(&m.root, "button", "Cancel").await);
    until("generate closed", || {
        by_role(&m.root, "dialog", "Generate").is_none()
    })
    .await;
    until("focus back on Generate", || {
        active().is_some_and(|a| a == generate)
    })
    .await;
}

/// Puts a clipboard on `navigator` that records what it is given and accepts (`true`) or
/// refuses (`false`), so a copy's outcome does not depend on the headless browser's
/// permissions; [`real_clipboard`] takes it away again.
fn fake_clipboard(accepts: bool) {
    js_sys::Function::new_with_args(
        "accepts",
        "window.__copied = []; Object.defineProperty(navigator, 'clipboard', { configurable: true, \
         value: { writeText: (t) => { window.__copied.push(t); \
         return accepts ? Promise.resolve() : Promise.reject(new Error('refused')); } } });",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &accepts.into())
    .unwrap();
}

fn real_clipboard() {
    js_sys::Function::new_no_args("delete navigator.clipboard; delete window.__copied;")
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

/// The texts of the live regions in `root` that speak of a copy.
fn copy_announcements(root: &web_sys::Element) -> Vec<String> {
    let regions = root
        .query_selector_all("[role=status], [role=alert], [aria-live]")
        .unwrap();
    (0..regions.length())
        .filter_map(|i| regions.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .filter(|t| {
            let t = t.to_lowercase();
            t.contains("copied") || t.contains("could not copy")
        })
        .collect()
}

#[wasm_bindgen_test]
async fn copy_buttons_give_visible_feedback() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    fake_clipboard(true);
    let copy = find(&m.root, "button", "Copy client ID of CI deploy").await;
    copy.unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    click(&copy);
    until("feedback", || text(&copy) == "Copied").await;
    // The whole identifier went to the clipboard (the cell shows a short one).
    let full = copy
        .parent_element()
        .and_then(|td| td.query_selector("code").ok().flatten())
        .and_then(|c| c.get_attribute("title"))
        .unwrap();
    let copied = js_sys::Reflect::get(&js_sys::global(), &"__copied".into()).unwrap();
    assert_eq!(
        js_sys::Array::from(&copied).to_vec(),
        vec![wasm_bindgen::JsValue::from(full.as_str())]
    );
    // Said once, by the button's own status region: nothing else repeats it.
    let status = find(&m.root, "status", "Copy client ID of CI deploy:").await;
    assert!(text(&status).ends_with("copied"), "{}", text(&status));
    assert_eq!(copy_announcements(&m.root), [text(&status)]);
    // The label returns after a moment.
    wait_for("label back", std::time::Duration::from_secs(4), || {
        (text(&copy) == "Copy").then_some(())
    })
    .await;

    // A clipboard that refuses: the selection fallback copies, or the button says it could
    // not, and says so once.
    fake_clipboard(false);
    click(&copy);
    until("feedback", || {
        let t = text(&copy);
        t == "Copied" || t.starts_with("Copy failed")
    })
    .await;
    let said = copy_announcements(&m.root);
    real_clipboard();
    assert_eq!(said.len(), 1, "copy announced by {said:?}");
    assert!(
        said[0].ends_with("copied") || said[0].ends_with("could not copy"),
        "{said:?}"
    );
}

#[wasm_bindgen_test]
async fn editing_changes_description_and_roles_under_the_level_rule() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Actions for CI deploy").await);
    click(&find(&m.root, "menuitem", "Edit").await);
    find(&m.root, "dialog", "Edit “CI deploy”").await;
    assert!(input(&m, "Owner").disabled(), "above the admin's level");
    assert!(input(&m, "Developer").checked());
    type_into(&input(&m, "Description"), "CI deploy (prod)");
    set_checked(&input(&m, "Developer"), false);
    set_checked(&input(&m, "Viewer"), true);
    click(&find(&m.root, "button", "Save changes").await);
    until("row updated", || {
        table_rows(&m.root)
            .iter()
            .any(|r| r[0] == "CI deploy (prod)" && r[4] == "Viewer")
    })
    .await;
    assert!(fake.calls("update") == 1);
    // Personal and access tokens have no Edit.
    click(&find(&m.root, "button", "Actions for My laptop").await);
    find(&m.root, "menuitem", "Delete").await;
    assert!(by_role(&m.root, "menuitem", "Edit").is_none());
}

#[wasm_bindgen_test]
async fn the_row_menu_works_from_the_keyboard() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    let active = || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .map(|a| name_of(&a))
            .unwrap_or_default()
    };
    let button = find(&m.root, "button", "Actions for CI deploy").await;
    button
        .unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    click(&button);
    until("first item focused", || active() == "Edit").await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let menu = find(&m.root, "menu", "Actions for CI deploy").await;
    press(&menu, "ArrowDown");
    assert_eq!(active(), "Delete");
    press(&menu, "ArrowDown");
    assert_eq!(active(), "Edit", "wraps around");
    press(&menu, "ArrowUp");
    assert_eq!(active(), "Delete");
    press(&menu, "Home");
    assert_eq!(active(), "Edit");
    press(&menu, "End");
    assert_eq!(active(), "Delete");
    press(&menu, "Escape");
    until("menu closed", || by_role(&m.root, "menu", "").is_none()).await;
    assert_eq!(
        active(),
        "Actions for CI deploy",
        "focus back on the menu button"
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
}

/// Whether the characters of `el` (one left-to-right line) are drawn in their logical order:
/// each one's box starts right of the one before it.
const VISUAL_ORDER: &str = "const range = document.createRange(); const xs = [];
const walk = (n) => {
  if (n.nodeType !== 3) { n.childNodes.forEach(walk); return; }
  for (let i = 0; i < n.data.length; i++) {
    if (/\\s/.test(n.data[i])) continue;
    range.setStart(n, i); range.setEnd(n, i + 1);
    const box = range.getBoundingClientRect();
    if (box.width > 0) xs.push(box.left);
  }
};
walk(el);
return xs.length > 5 && xs.every((x, i) => i === 0 || x > xs[i - 1]);";

#[wasm_bindgen_test]
async fn control_and_text_direction_characters_are_refused_before_sending() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate").await;
    set_checked(&input(&m, "Personal"), true);
    // One of each class (a text input drops line breaks by itself, so C0 is an escape here).
    for (c, class) in [
        ('\u{1B}', "C0"),
        ('\u{85}', "C1"),
        ('\u{2028}', "line separator"),
        ('\u{202E}', "bidi override"),
        ('\u{2067}', "bidi isolate"),
    ] {
        let typed = format!("evil{c}txt.exe");
        type_into(&input(&m, "Description"), &typed);
        submit_dialog(&m.root);
        let said = format!("Remove U+{:04X} (character 5)", c as u32);
        until(class, || text(&m.root).contains(&said)).await;
        assert_eq!(
            input(&m, "Description").value(),
            typed,
            "{class}: input kept"
        );
    }
    assert_eq!(fake.calls("create"), 0, "nothing was sent");
    // Without it, the same description goes through.
    type_into(&input(&m, "Description"), "evil txt.exe");
    submit_dialog(&m.root);
    find(&m.root, "dialog", "Copy your").await;
    assert_eq!(fake.0.borrow().created.len(), 1);
}

#[wasm_bindgen_test]
async fn invisible_characters_are_refused_before_sending_unless_they_belong() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate").await;
    set_checked(&input(&m, "Personal"), true);
    let why = "it is invisible and can hide text. Invisible characters are allowed only inside emoji, flags and scripts that join letters.";
    for (typed, said) in [
        ("\u{200B}", "Remove U+200B (character 1)"),
        ("\u{3164}", "Remove U+3164 (character 1)"),
        ("CI\u{00AD}deploy", "Remove U+00AD (character 3)"),
        ("de\u{200D}ploy \u{FEFF}", "Remove U+200D (character 3)"),
    ] {
        type_into(&input(&m, "Description"), typed);
        submit_dialog(&m.root);
        let error = format!("{said}: {why}");
        let field = input(&m, "Description");
        until(said, || {
            field
                .get_attribute("aria-describedby")
                .and_then(|id| by_id(&field, &id))
                .is_some_and(|e| text(&e) == error)
        })
        .await;
        assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(field.value(), typed, "the input is kept");
    }
    assert_eq!(fake.calls("create"), 0, "nothing was sent");
    // Where they belong (a joiner inside an emoji), the description goes through as typed.
    type_into(&input(&m, "Description"), "deploy 👩\u{200D}💻");
    submit_dialog(&m.root);
    find(&m.root, "dialog", "Copy your").await;
    assert_eq!(
        fake.0.borrow().created[0].description,
        "deploy 👩\u{200D}💻"
    );
}

#[wasm_bindgen_test]
async fn hostile_descriptions_and_role_names_render_as_inert_truncated_text() {
    use api_tokens_tab::model::Source;
    let fake = FakeApi::admin();
    let html = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";
    let rtl = "\u{202E}gnp.exe";
    let long = "A".repeat(10_000);
    {
        let mut s = fake.0.borrow_mut();
        s.rows.push(common::fake::row(
            Source::AccountClients,
            "h1",
            Some(html),
            0,
            None,
            &["r-viewer"],
        ));
        s.rows.push(common::fake::row(
            Source::AccountClients,
            "h2",
            Some(rtl),
            0,
            None,
            &[],
        ));
        s.rows.push(common::fake::row(
            Source::AccountClients,
            "h3",
            Some(long.as_str()),
            0,
            None,
            &[],
        ));
        s.roles.push(common::fake::role(
            "r-evil",
            "<b onmouseover=alert(1)>Evil</b>",
            Some(5.0),
        ));
    }
    let m = mount_tab(&fake);
    loaded(&m).await;
    until("the hostile rows", || table_rows(&m.root).len() >= 8).await;
    // Shown as text: no element was made from it, nothing ran.
    assert!(m.root.query_selector("img, script, b").unwrap().is_none());
    assert!(
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into())
            .unwrap()
            .is_undefined()
    );
    assert!(table_rows(&m.root).iter().any(|r| r[0] == html));
    // Isolated, so the override cannot reorder the cells after it.
    let cell = m.root.query_selector(".att-description").unwrap().unwrap();
    let bidi = web_sys::window()
        .unwrap()
        .get_computed_style(&cell)
        .unwrap()
        .unwrap()
        .get_property_value("unicode-bidi")
        .unwrap();
    assert_eq!(bidi, "isolate");
    // Quoted in a sentence, the name comes without its override, so the sentence reads in
    // order: every character of the delete dialog's title lies right of the one before it.
    click(&find(&m.root, "button", "Actions for gnp.exe").await);
    click(&find(&m.root, "menuitem", "Delete").await);
    let confirm = find(&m.root, "alertdialog", "gnp.exe").await;
    let title = confirm.query_selector("h2").unwrap().unwrap();
    assert!(!text(&title).contains('\u{202E}'), "{:?}", text(&title));
    let in_order = js_sys::Function::new_with_args("el", VISUAL_ORDER)
        .call1(&wasm_bindgen::JsValue::NULL, &title)
        .unwrap();
    assert_eq!(in_order, true, "drawn out of order: {:?}", text(&title));
    click(&find(&confirm, "button", "Cancel").await);
    until("the confirmation closed", || {
        by_role(&m.root, "alertdialog", "").is_none()
    })
    .await;
    // 10,000 characters: a short cell, a bounded tooltip and a short accessible name.
    let long_row = table_rows(&m.root)
        .into_iter()
        .find(|r| r[0].starts_with("AAAA"))
        .unwrap();
    assert!(long_row[0].chars().count() <= 200, "{}", long_row[0].len());
    let actions = all_by_role(&m.root, "button", "Actions for AAAA");
    assert_eq!(actions.len(), 1);
    let name = name_of(&actions[0]);
    assert!(name.chars().count() < 100 && name.ends_with('…'), "{name}");
    let span = m.root.query_selector_all(".att-description").unwrap();
    let widest = (0..span.length())
        .filter_map(|i| span.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>().offset_width())
        .max()
        .unwrap();
    assert!(
        widest <= 14 * 16,
        "cells are cut with an ellipsis ({widest}px)"
    );

    // The role picker shows the hostile role name as text too.
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate").await;
    assert!(text(&m.root).contains("<b onmouseover=alert(1)>Evil</b>"));
    assert!(m.root.query_selector("dialog b").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_long_list_renders_one_page_at_a_time_and_search_covers_all() {
    use api_tokens_tab::components::token_list::FIRST_ROWS;
    use api_tokens_tab::model::Source;
    let fake = FakeApi::admin();
    {
        let mut s = fake.0.borrow_mut();
        for i in 0..245 {
            s.rows.push(common::fake::row(
                Source::PersonalAccess,
                &format!("bulk-{i:04}-0000-1111-2222"),
                Some(&format!("bulk token {i:04}")),
                30,
                None,
                &[],
            ));
        }
    }
    let m = mount_tab(&fake);
    loaded(&m).await;
    assert_eq!(table_rows(&m.root).len(), 50, "one page in the DOM");
    assert_eq!(text(&find(&m.root, "status", "tokens").await), "250 tokens");
    find(&m.root, "button", "Show 50 more").await;
    assert!(text(&m.root).contains("200 not shown yet"));
    for shown in [100, 150, 200, 250] {
        click(&find(&m.root, "button", "more").await);
        // A click builds the whole new page at once, so focus lands on a table that is not
        // busy.
        within_microtasks("one more page", || table_rows(&m.root).len() == shown).await;
        assert_eq!(table_rows(&m.root).len(), shown, "one more page, whole");
        assert!(!busy(&m.root));
        // Focus moves to the first new row, where reading continues.
        let first_new = &table_rows(&m.root)[shown - 50][0];
        until("focus on the first new row", || {
            api_tokens_tab::components::active_element()
                .is_some_and(|e| name_of(&e).ends_with(&format!("of {first_new}")))
        })
        .await;
    }
    assert!(by_role(&m.root, "button", "more").is_none(), "all shown");

    // Search runs over every token, also those never rendered; a new search starts at page one.
    let search = input(&m, "Search tokens");
    type_into(&search, "bulk token 0244");
    until("the last one found", || {
        table_rows(&m.root).len() == 1 && table_rows(&m.root)[0][0] == "bulk token 0244"
    })
    .await;
    type_into(&search, "bulk");
    // The frame that answers the keystroke holds a screenful and the table says it is busy...
    within_microtasks("a screenful", || table_rows(&m.root).len() == FIRST_ROWS).await;
    assert_eq!(table_rows(&m.root).len(), FIRST_ROWS, "a screenful first");
    assert!(busy(&m.root), "busy while the page is incomplete");
    // ...and the rest of the page follows in the next frame.
    until("one page again", || {
        table_rows(&m.root).len() == 50 && !busy(&m.root)
    })
    .await;
    assert_eq!(
        text(&find(&m.root, "status", "Showing").await),
        "Showing 245 of 250 tokens"
    );
    find(&m.root, "button", "Show 50 more").await;

    // From one whole page to another: the answering frame replaces the first rows only; the
    // previous rest stays, hidden, until the new rest replaces it.
    let before: Vec<String> = table_rows(&m.root)[FIRST_ROWS..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    type_into(&search, "bulk token 01");
    within_microtasks("a screenful", || table_rows(&m.root).len() == FIRST_ROWS).await;
    assert!(busy(&m.root));
    let kept = m
        .root
        .query_selector_all("tbody[hidden] tr td:first-child")
        .unwrap();
    let kept: Vec<String> = (0..kept.length())
        .map(|i| text(&kept.item(i).unwrap().unchecked_into()))
        .collect();
    assert_eq!(kept, before, "the previous rest, untouched and hidden");
    assert!(table_rows(&m.root)
        .iter()
        .all(|r| r[0].starts_with("bulk token 01")));
    until("the new rest", || {
        table_rows(&m.root).len() == 50 && !busy(&m.root)
    })
    .await;
    assert!(table_rows(&m.root)
        .iter()
        .all(|r| r[0].starts_with("bulk token 01")));
    assert!(m.root.query_selector("tbody[hidden]").unwrap().is_none());
}
