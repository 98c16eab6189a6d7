//! Our extension's rolls and history over the in-memory API: the roll dialog and each grace
//! choice (the window's end on screen to the minute, in the page's time zone), the roll refused
//! with its reason, every write on a token above the user disabled with its reason (and, from a
//! backend that does not advertise the rule, edit and delete left to it), the secret after a
//! roll, the grace window and ending it, a roll whose answer is lost (never sent again) with
//! each of its three outcomes, the details and history; and none of it without the extension.
//! Runs in Chromium and in Firefox.
#![cfg(target_arch = "wasm32")]

mod common;

use api_tokens_tab::api::ApiError;
use api_tokens_tab::i18n::{fill, Tr};
use api_tokens_tab::model::history::{EventKind, Reminder, TokenEvent};
use api_tokens_tab::model::token::Disabled;
use api_tokens_tab::model::usage::{DayUse, RecentAddress, TokenUsage};
use api_tokens_tab::model::Source;
use common::fake::{js_now, FakeApi};
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const DEPLOY: &str = "cc-deploy-0000-1111-2222";

/// Opens `name`'s row menu and answers the names of its items.
async fn menu_of(m: &Mounted, name: &str) -> Vec<String> {
    click(&find(&m.root, "button", &format!("Actions for {name}")).await);
    let menu = find(&m.root, "menu", "").await;
    let items = menu.query_selector_all("[role=menuitem]").unwrap();
    (0..items.length())
        .map(|i| text(&items.item(i).unwrap().unchecked_into()))
        .collect()
}

/// The row whose first cell is `name`, as its cells' texts.
fn row_of(m: &Mounted, name: &str) -> Vec<String> {
    table_rows(&m.root)
        .into_iter()
        .find(|r| r[0] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

/// The grace window `name`'s row shows (`None`: none).
fn grace_of(m: &Mounted, name: &str) -> Option<String> {
    let rows = m.root.query_selector_all("tbody tr").unwrap();
    (0..rows.length())
        .map(|i| rows.item(i).unwrap().unchecked_into::<Element>())
        .find(|r| {
            r.is_connected()
                && r.query_selector("td")
                    .unwrap()
                    .is_some_and(|c| text(&c) == name)
        })
        .unwrap_or_else(|| panic!("no row {name}"))
        .query_selector(".att-grace")
        .unwrap()
        .map(|g| text(&g))
}

/// `ms` as English dates and times read in the page's own time zone, formatted here by `Intl`
/// itself (medium date, short time), not by the tab.
fn local_date_time(ms: i64) -> String {
    js_sys::eval(&format!(
        "new Intl.DateTimeFormat('en', {{ dateStyle: 'medium', timeStyle: 'short' }}).format(new Date({ms}))"
    ))
    .unwrap()
    .as_string()
    .unwrap()
}

/// What the open dialog's alert says.
async fn alert_in(dialog: &Element) -> String {
    text(&find(dialog, "alert", "").await)
}

/// Rolls `name` with the grace choice labelled `choice`, answering the secret dialog.
async fn roll(m: &Mounted, name: &str, choice: &str) -> Element {
    menu_of(m, name).await;
    click(&find(&m.root, "menuitem", "Roll secret…").await);
    let dialog = find(&m.root, "dialog", &format!("Roll the secret of “{name}”?")).await;
    set_checked(&field(&dialog, choice).unwrap(), true);
    click(&find(&dialog, "button", "Roll secret").await);
    find(&m.root, "dialog", "Copy your token now").await
}

#[wasm_bindgen_test]
async fn without_rotation_nothing_of_it_shows() {
    for fake in [FakeApi::admin(), FakeApi::with_lifecycle(None)] {
        // Even a row that says it has a window (a backend that sends the field without
        // offering rolls) shows none.
        fake.0.borrow_mut().rows[0].previous_secret_expires_at = Some(js_now() + 3_600_000);
        let m = mount_tab(&fake);
        loaded(&m).await;
        assert_eq!(menu_of(&m, "CI deploy").await, ["Edit", "Delete"]);
        assert_eq!(grace_of(&m, "CI deploy"), None);
        assert!(!text(&m.root).contains("Previous secret"));
    }
}

#[wasm_bindgen_test]
async fn each_grace_choice_is_sent_and_the_new_secret_shown_once() {
    let fake = FakeApi::with_rotation();
    let m = mount_tab(&fake);
    loaded(&m).await;
    assert_eq!(
        menu_of(&m, "CI deploy").await,
        ["Details", "Roll secret…", "Edit", "Delete"]
    );
    press(
        &m.root.query_selector("[role=menu]").unwrap().unwrap(),
        "Escape",
    );
    // The dialog starts at 24 hours and says what happens.
    menu_of(&m, "CI deploy").await;
    click(&find(&m.root, "menuitem", "Roll secret…").await);
    let dialog = find(&m.root, "dialog", "Roll the secret of “CI deploy”?").await;
    assert!(text(&dialog).contains("Services still using the old one keep working"));
    assert!(field(&dialog, "For 24 hours").unwrap().checked());
    click(&find(&dialog, "button", "Cancel").await);
    until("the roll dialog closed", || !dialog.is_connected()).await;
    assert!(fake.0.borrow().rotated.is_empty(), "cancel sends nothing");

    for (choice, minutes) in [
        ("For 1 hour", 60),
        ("For 7 days", 10_080),
        ("For 24 hours", 1440),
        ("No longer: it stops now", 0),
    ] {
        let sent_from = js_now();
        let secret = roll(&m, "CI deploy", choice).await;
        let sent_to = js_now();
        assert!(
            text(&secret).contains("rolled-secret-"),
            "{}",
            text(&secret)
        );
        assert_eq!(
            fake.0.borrow().rotated.last().cloned(),
            Some((DEPLOY.to_string(), minutes)),
            "{choice}"
        );
        close_secret_dialog(&m.root, &secret).await;
        // The row was built again (its window changed); focus is on its new menu button.
        until("focus back on the row's menu button", || {
            api_tokens_tab::components::active_element()
                .is_some_and(|e| e.is_connected() && name_of(&e) == "Actions for CI deploy")
        })
        .await;
        // The window's end, to the minute, in the page's time zone: the roll's moment plus the
        // choice, as Intl says it (either side of a minute boundary the roll straddled).
        let grace = grace_of(&m, "CI deploy");
        if minutes == 0 {
            assert_eq!(grace, None, "{choice}");
        } else {
            let length = i64::from(minutes) * 60_000;
            let said: Vec<String> = [sent_from + length, sent_to + length]
                .map(|at| format!("Previous secret valid until {}", local_date_time(at)))
                .into();
            assert!(
                grace.as_ref().is_some_and(|g| said.contains(g)),
                "{choice}: {grace:?}, expected one of {said:?}"
            );
        }
    }
    assert_eq!(fake.0.borrow().rotated.len(), 4, "one request per roll");
}

#[wasm_bindgen_test]
async fn a_token_holding_a_role_above_the_users_cannot_be_rolled() {
    let fake = FakeApi::with_rotation();
    fake.0.borrow_mut().rows[4].role_ids = vec!["r-viewer".into(), "r-owner".into()];
    let m = mount_tab(&fake);
    loaded(&m).await;
    menu_of(&m, "Legacy importer").await;
    let item = find(&m.root, "menuitem", "Roll secret…").await;
    assert_eq!(item.get_attribute("aria-disabled").as_deref(), Some("true"));
    let reason = by_id(&item, &item.get_attribute("aria-describedby").unwrap()).unwrap();
    assert_eq!(text(&reason), "Holds “Owner”, above your highest role");
    click(&item);
    // A chosen item closes its menu and opens its dialog within the reactive turns that
    // follow the click (no timer involved): through all of them, neither happens.
    for _ in 0..50 {
        leptos::task::tick().await;
        assert!(by_role(&m.root, "dialog", "Roll the secret").is_none());
        assert!(item.is_connected(), "the menu stays open");
    }
    assert_eq!(fake.calls("rotate"), 0);
}

/// The items of `name`'s menu, each with why it is disabled (`None`: it is not): the reason
/// is what `aria-describedby` names, and a disabled item says `aria-disabled`. The menu is
/// closed again.
async fn reasons_of(m: &Mounted, name: &str) -> Vec<(String, Option<String>)> {
    click(&find(&m.root, "button", &format!("Actions for {name}")).await);
    let menu = find(&m.root, "menu", "").await;
    let items = menu.query_selector_all("[role=menuitem]").unwrap();
    let said = (0..items.length())
        .map(|i| {
            let item: Element = items.item(i).unwrap().unchecked_into();
            let label = item.first_child().unwrap().text_content().unwrap();
            let reason = item.get_attribute("aria-describedby").map(|id| {
                assert_eq!(
                    item.get_attribute("aria-disabled").as_deref(),
                    Some("true"),
                    "{name}: {label} says why but is not disabled"
                );
                text(&by_id(&item, &id).expect("the reason is on the page"))
            });
            if reason.is_none() {
                assert_eq!(item.get_attribute("aria-disabled"), None, "{name}: {label}");
            }
            (label.trim().to_string(), reason)
        })
        .collect();
    press(&menu, "Escape");
    until("the menu closed", || !menu.is_connected()).await;
    said
}

/// Acme as the admin sees it, with a token holding the Owner role (in a grace window), one
/// holding a permission the admin does not hold, and one holding a permission they do.
fn above_the_admin(fake: FakeApi) -> FakeApi {
    {
        let mut s = fake.0.borrow_mut();
        s.rows[0].role_ids = vec!["r-owner".into()];
        s.rows[0].previous_secret_expires_at = Some(js_now() + 3_600_000);
        s.rows[4].permission_ids = vec!["perm-fe.secure.*".into()];
        s.rows[4].expires_at = None;
        s.rows[1].permission_ids = vec!["perm-fe.secure.read.tenantApiTokens".into()];
    }
    fake
}

#[wasm_bindgen_test]
async fn every_write_on_a_token_above_the_user_is_disabled_with_its_reason() {
    let fake = above_the_admin(FakeApi::with_level_rule());
    let m = mount_tab(&fake);
    loaded(&m).await;
    let owner = Some("Holds “Owner”, above your highest role".to_string());
    assert_eq!(
        reasons_of(&m, "CI deploy").await,
        [
            ("Details".to_string(), None),
            ("Roll secret…".to_string(), owner.clone()),
            ("Expire previous secret now".to_string(), owner.clone()),
            ("Edit".to_string(), owner.clone()),
            ("Delete".to_string(), owner.clone()),
        ]
    );
    let permission =
        Some("Holds the permission “perm-fe.secure.*”, which you do not have".to_string());
    assert_eq!(
        reasons_of(&m, "Legacy importer").await,
        [
            ("Details".to_string(), None),
            ("Roll secret…".to_string(), permission.clone()),
            ("Edit".to_string(), permission.clone()),
            ("Delete".to_string(), permission),
        ]
    );
    // A permission the admin holds, a role at their level: every item may be chosen.
    assert!(reasons_of(&m, "Metrics exporter")
        .await
        .iter()
        .all(|(_, reason)| reason.is_none()));
    // The reason is on screen, under the item, and choosing the item does nothing: no dialog,
    // no request.
    for label in [
        "Roll secret…",
        "Expire previous secret now",
        "Edit",
        "Delete",
    ] {
        click(&find(&m.root, "button", "Actions for CI deploy").await);
        let item = find(&m.root, "menuitem", label).await;
        let reason = by_id(&item, &item.get_attribute("aria-describedby").unwrap()).unwrap();
        assert!(
            reason
                .unchecked_ref::<web_sys::HtmlElement>()
                .offset_height()
                > 0,
            "{label}: the reason is visible"
        );
        click(&item);
        for _ in 0..50 {
            leptos::task::tick().await;
            assert!(item.is_connected(), "{label}: the menu stays open");
            assert!(m
                .root
                .query_selector("[role=dialog], [role=alertdialog]")
                .unwrap()
                .is_none());
        }
        press(&item, "Escape");
        until("the menu closed", || !item.is_connected()).await;
    }
    for call in ["rotate", "expire-previous", "update", "delete"] {
        assert_eq!(fake.calls(call), 0, "{call}");
    }
}

#[wasm_bindgen_test]
async fn a_backend_that_does_not_advertise_the_rule_decides_edit_and_delete_itself() {
    // Rolling and ending a window are refused wherever they are offered; edit and delete stay
    // as they were: against a classic backend nothing is disabled.
    let rolls = above_the_admin(FakeApi::with_rotation());
    let m = mount_tab(&rolls);
    loaded(&m).await;
    let owner = Some("Holds “Owner”, above your highest role".to_string());
    assert_eq!(
        reasons_of(&m, "CI deploy").await,
        [
            ("Details".to_string(), None),
            ("Roll secret…".to_string(), owner.clone()),
            ("Expire previous secret now".to_string(), owner),
            ("Edit".to_string(), None),
            ("Delete".to_string(), None),
        ]
    );
    drop(m);
    let classic = above_the_admin(FakeApi::admin());
    let m = mount_tab(&classic);
    loaded(&m).await;
    for name in ["CI deploy", "Legacy importer"] {
        assert_eq!(
            reasons_of(&m, name).await,
            [("Edit".to_string(), None), ("Delete".to_string(), None)],
            "{name}"
        );
    }
    click(&find(&m.root, "button", "Actions for CI deploy").await);
    click(&find(&m.root, "menuitem", "Edit").await);
    find(&m.root, "dialog", "Edit").await;
}

#[wasm_bindgen_test]
async fn a_grace_window_shows_on_its_row_and_can_be_ended_now() {
    let fake = FakeApi::with_rotation();
    let m = mount_tab(&fake);
    loaded(&m).await;
    let secret = roll(&m, "CI deploy", "For 1 hour").await;
    close_secret_dialog(&m.root, &secret).await;
    assert!(row_of(&m, "CI deploy")[8].contains("Previous secret valid until"));
    assert!(menu_of(&m, "CI deploy")
        .await
        .contains(&"Expire previous secret now".to_string()));
    click(&find(&m.root, "menuitem", "Expire previous secret now").await);
    let dialog = find(
        &m.root,
        "alertdialog",
        "End the previous secret of “CI deploy” now?",
    )
    .await;
    assert!(text(&dialog).contains("stop working at once"));
    click(&find(&dialog, "button", "Expire previous secret").await);
    until("the window ended", || {
        !dialog.is_connected() && !row_of(&m, "CI deploy")[8].contains("Previous secret")
    })
    .await;
    assert_eq!(fake.calls("expire-previous"), 1);
    assert!(!menu_of(&m, "CI deploy")
        .await
        .contains(&"Expire previous secret now".to_string()));
}

#[wasm_bindgen_test]
async fn a_roll_whose_answer_is_lost_is_not_sent_again() {
    let fake = FakeApi::with_rotation();
    fake.0.borrow_mut().lose_rotate_answer = Some(ApiError::Timeout { seconds: 8 });
    let m = mount_tab(&fake);
    loaded(&m).await;
    menu_of(&m, "CI deploy").await;
    click(&find(&m.root, "menuitem", "Roll secret…").await);
    let dialog = find(&m.root, "dialog", "Roll the secret of “CI deploy”?").await;
    click(&find(&dialog, "button", "Roll secret").await);
    // The window the reload found, said with its end.
    let said = alert_in(&dialog).await;
    let until = fake.row(DEPLOY).previous_secret_expires_at.unwrap();
    let en = Tr::en();
    let lost = ApiError::Timeout { seconds: 8 };
    assert_eq!(
        said,
        fill(
            en.m.roll_lost_rolled,
            &[
                ("error", &lost.headline(en)),
                ("date", &local_date_time(until))
            ]
        )
    );
    assert_eq!(fake.0.borrow().rotated.len(), 1, "never sent twice");
    assert!(
        fake.calls("list:AccountClients") >= 2,
        "its source was loaded again"
    );
    assert!(
        by_role(&dialog, "button", "Roll secret").is_none(),
        "rolling again is the user's decision, from the row"
    );
    assert!(by_role(&m.root, "dialog", "Copy your token now").is_none());
    assert!(row_of(&m, "CI deploy")[8].contains("Previous secret valid until"));
}

/// Rolls "CI deploy" in a dialog and answers the dialog once its alert says something.
async fn roll_lost(m: &Mounted, choice: &str) -> (Element, String) {
    menu_of(m, "CI deploy").await;
    click(&find(&m.root, "menuitem", "Roll secret…").await);
    let dialog = find(&m.root, "dialog", "Roll the secret of “CI deploy”?").await;
    set_checked(&field(&dialog, choice).unwrap(), true);
    click(&find(&dialog, "button", "Roll secret").await);
    let said = alert_in(&dialog).await;
    (dialog, said)
}

#[wasm_bindgen_test]
async fn a_lost_roll_that_leaves_no_new_window_is_unclear_and_not_sent_again() {
    let en = Tr::en();
    let lost = ApiError::Timeout { seconds: 8 };
    let unclear = fill(en.m.roll_lost_unclear, &[("error", &lost.headline(en))]);

    // Rolled with no grace: the reload finds no window, which cannot tell a roll apart.
    let fake = FakeApi::with_rotation();
    fake.0.borrow_mut().lose_rotate_answer = Some(lost.clone());
    let m = mount_tab(&fake);
    loaded(&m).await;
    let (dialog, said) = roll_lost(&m, "No longer: it stops now").await;
    assert_eq!(said, unclear);
    assert_eq!(
        fake.0.borrow().rotated.len(),
        1,
        "applied once, never sent again"
    );
    assert!(
        fake.calls("list:AccountClients") >= 2,
        "its source was loaded again"
    );
    assert!(by_role(&dialog, "button", "Roll secret").is_none());
    assert!(by_role(&m.root, "dialog", "Copy your token now").is_none());
    drop(m);

    // Not applied at all, while the token already had a window: the reload finds that same
    // window, which is not this roll's.
    let fake = FakeApi::with_rotation();
    let had = js_now() + 5 * 3_600_000;
    fake.0.borrow_mut().rows[0].previous_secret_expires_at = Some(had);
    fake.fail_with("rotate", lost.clone());
    let m = mount_tab(&fake);
    loaded(&m).await;
    let (dialog, said) = roll_lost(&m, "For 1 hour").await;
    assert_eq!(
        said, unclear,
        "the window it already had is no sign of a roll"
    );
    assert!(fake.0.borrow().rotated.is_empty());
    assert_eq!(fake.calls("rotate"), 1, "never sent again");
    assert!(by_role(&dialog, "button", "Roll secret").is_none());
    assert_eq!(
        grace_of(&m, "CI deploy"),
        Some(format!(
            "Previous secret valid until {}",
            local_date_time(had)
        ))
    );
}

#[wasm_bindgen_test]
async fn a_lost_roll_whose_check_fails_says_it_could_not_be_checked() {
    let fake = FakeApi::with_rotation();
    let lost = ApiError::Timeout { seconds: 8 };
    fake.0.borrow_mut().lose_rotate_answer = Some(lost.clone());
    let m = mount_tab(&fake);
    loaded(&m).await;
    // The first load went through; the reload after the lost roll fails.
    let down = ApiError::Network("connection refused".into());
    fake.fail_next("list:AccountClients", vec![down.clone()]);
    let (dialog, said) = roll_lost(&m, "For 1 hour").await;
    let en = Tr::en();
    assert_eq!(
        said,
        fill(
            en.m.roll_unchecked,
            &[
                ("error", &lost.headline(en)),
                ("check", down.headline(en).trim_end_matches('.'))
            ]
        )
    );
    assert_eq!(fake.0.borrow().rotated.len(), 1, "never sent again");
    assert!(by_role(&dialog, "button", "Roll secret").is_none());
    // The list was not changed by a check that did not happen: no window is shown, though
    // the fake applied the roll.
    assert_eq!(grace_of(&m, "CI deploy"), None);
}

#[wasm_bindgen_test]
async fn details_show_everything_about_a_token_and_its_history_in_order() {
    let fake = FakeApi::with_rotation();
    let now = js_now();
    let event = |kind, minutes_ago: i64, name: Option<&str>| TokenEvent {
        kind,
        at: Some(now - minutes_ago * 60_000),
        actor_user_id: Some("u-admin".into()),
        actor_name: name.map(Into::into),
        ip: Some("203.0.113.7".into()),
    };
    // Refused attempts at its secret, counted by the backend: by nobody, from the last's address.
    let refused = TokenEvent {
        actor_user_id: None,
        ip: Some("203.0.113.9".into()),
        ..event(EventKind::RefusedAttempts(16), 30, None)
    };
    fake.0.borrow_mut().events.insert(
        DEPLOY.into(),
        vec![
            event(EventKind::Rotated, 5, Some("Adam Admin")),
            refused,
            event(EventKind::Updated, 60, None),
            event(EventKind::Created, 3 * 1440, Some("Adam Admin")),
        ],
    );
    let m = mount_tab(&fake);
    loaded(&m).await;
    menu_of(&m, "CI deploy").await;
    click(&find(&m.root, "menuitem", "Details").await);
    let dialog = find(&m.root, "dialog", "Details of “CI deploy”").await;
    let said = text(&dialog);
    assert!(said.contains(DEPLOY), "the full identifier: {said}");
    assert!(by_role(&dialog, "button", "Copy").is_some());
    assert!(said.contains("Developer (level 2)"), "{said}");
    assert!(said.contains("from 203.0.113.7"), "last used: {said}");
    until("the history", || {
        dialog.query_selector("ol li").unwrap().is_some()
    })
    .await;
    let items = dialog.query_selector_all("ol.att-history li").unwrap();
    let history: Vec<String> = (0..items.length())
        .map(|i| text(&items.item(i).unwrap().unchecked_into()))
        .collect();
    assert_eq!(history.len(), 4);
    assert!(
        history[0].starts_with("Secret rolled · 5 minutes ago"),
        "{history:?}"
    );
    assert!(
        history[0].ends_with("by Adam Admin · from 203.0.113.7"),
        "{history:?}"
    );
    assert!(
        history[1].starts_with("16 attempts refused · 30 minutes ago")
            && history[1].ends_with(" · from 203.0.113.9")
            && !history[1].contains("by "),
        "{history:?}"
    );
    assert!(
        history[2].starts_with("Updated") && history[2].contains("by u-admin"),
        "{history:?}"
    );
    assert!(
        history[3].starts_with("Created · 3 days ago"),
        "{history:?}"
    );
    click(&find(&dialog, "button", "Close").await);
    until("details closed", || !dialog.is_connected()).await;
}

// Renewing a token in place (issue 33, `tokenLifecycle.renew`).

/// Closes the open row menu and waits until it is gone.
async fn close_menu(m: &Mounted) {
    let menu = m.root.query_selector("[role=menu]").unwrap().unwrap();
    press(&menu, "Escape");
    until("the menu closed", || !menu.is_connected()).await;
}

/// The open expiration field's choices (the `<select>`'s values).
fn expiration_choices(dialog: &Element) -> Vec<String> {
    let select = field(dialog, "Expiration").expect("the expiration field");
    let list = select.query_selector_all("option").unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .get_attribute("value")
                .unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn renew_is_offered_for_tokens_that_expire_and_only_by_a_backend_that_renews() {
    let fake = FakeApi::with_renewal(None);
    let m = mount_tab(&fake);
    loaded(&m).await;
    assert_eq!(
        menu_of(&m, "Metrics exporter").await,
        ["Details", "Roll secret…", "Renew…", "Delete"]
    );
    close_menu(&m).await;
    // An expired token may be renewed (it works again); one that never expires may not.
    assert!(menu_of(&m, "Legacy importer")
        .await
        .contains(&"Renew…".to_string()));
    close_menu(&m).await;
    assert!(!menu_of(&m, "CI deploy")
        .await
        .contains(&"Renew…".to_string()));
    // The same tokens from a backend that does not renew: no item.
    let without = FakeApi::with_level_rule();
    let m = mount_tab(&without);
    loaded(&m).await;
    assert!(!menu_of(&m, "Metrics exporter")
        .await
        .contains(&"Renew…".to_string()));
}

#[wasm_bindgen_test]
async fn a_renewal_sends_the_chosen_expiry_keeps_the_row_in_place_and_is_announced() {
    let fake = FakeApi::with_renewal(None);
    let m = mount_tab(&fake);
    loaded(&m).await;
    let order = table_rows(&m.root)
        .into_iter()
        .map(|r| r[0].clone())
        .collect::<Vec<_>>();
    assert!(row_of(&m, "Metrics exporter")
        .iter()
        .any(|c| c.contains("in 4 days")));
    menu_of(&m, "Metrics exporter").await;
    click(&find(&m.root, "menuitem", "Renew…").await);
    let dialog = find(&m.root, "dialog", "Renew “Metrics exporter”").await;
    assert!(
        text(&dialog).contains("keeps its ID and its secret"),
        "{}",
        text(&dialog)
    );
    // No "Never": a renewal is an expiry.
    assert_eq!(
        expiration_choices(&dialog),
        ["1", "7", "30", "90", "365", "custom"]
    );
    click(&find(&dialog, "button", "Cancel").await);
    until("the dialog closed", || !dialog.is_connected()).await;
    assert!(fake.0.borrow().renewed.is_empty(), "cancel sends nothing");

    menu_of(&m, "Metrics exporter").await;
    click(&find(&m.root, "menuitem", "Renew…").await);
    let dialog = find(&m.root, "dialog", "Renew “Metrics exporter”").await;
    choose(&field(&dialog, "Expiration").unwrap(), "90");
    click(&find(&dialog, "button", "Renew").await);
    until("the dialog closed", || !dialog.is_connected()).await;
    assert_eq!(
        fake.0.borrow().renewed,
        [("at-metrics-3333-4444-5555".to_string(), 90 * 1440)]
    );
    let after = table_rows(&m.root)
        .into_iter()
        .map(|r| r[0].clone())
        .collect::<Vec<_>>();
    assert_eq!(after, order, "every row keeps its place");
    until("the row shows its new expiry", || {
        !row_of(&m, "Metrics exporter")
            .iter()
            .any(|c| c.contains("in 4 days"))
    })
    .await;
    let said = || {
        let live = m.root.query_selector_all("[aria-live]").unwrap();
        (0..live.length())
            .map(|i| text(&live.item(i).unwrap().unchecked_into()))
            .collect::<Vec<_>>()
    };
    until("the renewal announced", || {
        said()
            .iter()
            .any(|t| t.starts_with("“Metrics exporter” was renewed: it now expires on "))
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_renewal_stays_within_the_policy_and_a_refused_date_says_why() {
    // 30 days at most.
    let fake = FakeApi::with_renewal(Some(43_200.0));
    let m = mount_tab(&fake);
    loaded(&m).await;
    menu_of(&m, "Metrics exporter").await;
    click(&find(&m.root, "menuitem", "Renew…").await);
    let dialog = find(&m.root, "dialog", "Renew “Metrics exporter”").await;
    assert_eq!(expiration_choices(&dialog), ["1", "7", "30", "custom"]);
    assert!(
        text(&dialog).contains("Your organization allows"),
        "{}",
        text(&dialog)
    );
    choose(&field(&dialog, "Expiration").unwrap(), "custom");
    until("the date field", || field(&dialog, "Expires on").is_some()).await;
    let date = field(&dialog, "Expires on").unwrap();
    // A year from now: beyond the policy.
    let far = js_sys::eval("new Date(Date.now() + 365 * 864e5).toISOString().slice(0, 10)")
        .unwrap()
        .as_string()
        .unwrap();
    type_into(&date, &far);
    click(&find(&dialog, "button", "Renew").await);
    until("the field says why", || {
        dialog
            .query_selector(".att-field-error")
            .unwrap()
            .is_some_and(|e| !text(&e).is_empty())
    })
    .await;
    assert!(dialog.is_connected());
    assert!(fake.0.borrow().renewed.is_empty(), "nothing sent");
}

#[wasm_bindgen_test]
async fn renewing_a_token_above_the_user_is_disabled_with_its_reason() {
    let fake = above_the_admin(FakeApi::with_renewal(None));
    fake.0.borrow_mut().rows[0].expires_at = Some(js_now() + 3 * 86_400_000);
    let m = mount_tab(&fake);
    loaded(&m).await;
    let owner = Some("Holds “Owner”, above your highest role".to_string());
    let reasons = reasons_of(&m, "CI deploy").await;
    assert!(
        reasons.contains(&("Renew…".to_string(), owner)),
        "{reasons:?}"
    );
    click(&find(&m.root, "button", "Actions for CI deploy").await);
    click(&find(&m.root, "menuitem", "Renew…").await);
    for _ in 0..50 {
        leptos::task::tick().await;
        assert!(m.root.query_selector("[role=dialog]").unwrap().is_none());
    }
    assert_eq!(fake.calls("renew"), 0);
}

/// The first cells (descriptions) of the table's rows, in order.
fn descriptions(m: &Mounted) -> Vec<String> {
    table_rows(&m.root)
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

#[wasm_bindgen_test]
async fn the_expiring_filter_counts_tokens_expiring_within_thirty_days() {
    // Only from a backend that renews tokens.
    let m = mount_tab(&FakeApi::with_level_rule());
    loaded(&m).await;
    assert!(field(&m.root, "Expiring in 30 days").is_none());
    assert!(m
        .root
        .query_selector(".att-expiring-count")
        .unwrap()
        .is_none());

    let fake = FakeApi::with_renewal(None);
    let m = mount_tab(&fake);
    loaded(&m).await;
    // The metrics exporter expires in four and a half days; the laptop's token in 90, the
    // legacy importer has expired, the others never expire.
    let count = m
        .root
        .query_selector(".att-expiring-count")
        .unwrap()
        .unwrap();
    assert_eq!(text(&count), "1 expiring in 30 days");
    assert_eq!(count.get_attribute("aria-live").as_deref(), Some("polite"));
    set_checked(&field(&m.root, "Expiring in 30 days").unwrap(), true);
    until("only the expiring token", || {
        descriptions(&m) == ["Metrics exporter"]
    })
    .await;
    // Renewed for 90 days, it no longer expires within 30: the count follows.
    menu_of(&m, "Metrics exporter").await;
    click(&find(&m.root, "menuitem", "Renew…").await);
    let dialog = find(&m.root, "dialog", "Renew “Metrics exporter”").await;
    choose(&field(&dialog, "Expiration").unwrap(), "90");
    click(&find(&dialog, "button", "Renew").await);
    until("the count follows", || {
        text(&count) == "0 expiring in 30 days"
    })
    .await;
    set_checked(&field(&m.root, "Expiring in 30 days").unwrap(), false);
    until("every token again", || descriptions(&m).len() == 5).await;
}

// A token the backend's idle policy disabled (issue 33, `tokenLifecycle.disableAfterUnusedDays`).

/// [`FakeApi::with_renewal`] under a 90-day idle policy, with the metrics exporter disabled by
/// it two days ago.
fn with_disabled_metrics() -> FakeApi {
    let fake = FakeApi::with_renewal(None);
    {
        let mut s = fake.0.borrow_mut();
        if let Some(l) = s.lifecycle.as_mut() {
            l.disable_after_unused_days = Some(90.0);
        }
        s.rows[1].disabled = Some(Disabled {
            at: Some(js_now() - 2 * 86_400_000),
            after_unused_days: Some(90),
        });
    }
    fake
}

#[wasm_bindgen_test]
async fn a_disabled_token_says_why_and_since_when_and_works_again_once_enabled() {
    let fake = with_disabled_metrics();
    let m = mount_tab(&fake);
    loaded(&m).await;
    let expires = row_of(&m, "Metrics exporter").join(" | ");
    assert!(
        expires.contains("Disabled") && expires.contains("after 90 days unused"),
        "{expires}"
    );
    assert!(m
        .root
        .query_selector("tr.att-row-disabled")
        .unwrap()
        .is_some());
    assert!(!row_of(&m, "My laptop").join(" ").contains("Disabled"));
    assert_eq!(
        menu_of(&m, "Metrics exporter").await,
        [
            "Details",
            "Roll secret…",
            "Enable again…",
            "Renew…",
            "Delete"
        ]
    );
    click(&find(&m.root, "menuitem", "Enable again…").await);
    let dialog = find(&m.root, "dialog", "Enable “Metrics exporter” again?").await;
    let said = text(&dialog);
    assert!(said.contains("Its secret works again from now"), "{said}");
    assert!(
        said.contains("If it goes unused for 90 days, it is disabled again."),
        "{said}"
    );
    click(&find(&dialog, "button", "Enable").await);
    until("the dialog closed", || !dialog.is_connected()).await;
    assert_eq!(fake.0.borrow().enabled, ["at-metrics-3333-4444-5555"]);
    until("the row is no longer disabled", || {
        !row_of(&m, "Metrics exporter")
            .join(" ")
            .contains("Disabled")
    })
    .await;
    assert!(m
        .root
        .query_selector("tr.att-row-disabled")
        .unwrap()
        .is_none());
    assert!(!menu_of(&m, "Metrics exporter")
        .await
        .contains(&"Enable again…".to_string()));
}

#[wasm_bindgen_test]
async fn enabling_a_token_above_the_user_is_disabled_with_its_reason() {
    let fake = above_the_admin(with_disabled_metrics());
    fake.0.borrow_mut().rows[0].disabled = Some(Disabled {
        at: None,
        after_unused_days: Some(90),
    });
    let m = mount_tab(&fake);
    loaded(&m).await;
    let owner = Some("Holds “Owner”, above your highest role".to_string());
    let reasons = reasons_of(&m, "CI deploy").await;
    assert!(
        reasons.contains(&("Enable again…".to_string(), owner)),
        "{reasons:?}"
    );
    assert_eq!(fake.calls("enable"), 0);
}

/// A renewal or an enabling whose answer is lost: both are safe to send again, so the dialog
/// stays open, says it may have happened, and the same button sends it again.
#[wasm_bindgen_test]
async fn a_lost_renewal_or_enabling_says_so_and_may_be_sent_again() {
    for (item, title, button, call, maybe) in [
        (
            "Renew…",
            "Renew “Metrics exporter”",
            "Renew",
            "renew",
            "It may have been renewed already: renewing again is safe.",
        ),
        (
            "Enable again…",
            "Enable “Metrics exporter” again?",
            "Enable",
            "enable",
            "It may have been enabled already: enabling again is safe.",
        ),
    ] {
        let fake = with_disabled_metrics();
        fake.fail_next(call, vec![ApiError::Network("connection reset".into())]);
        let m = mount_tab(&fake);
        loaded(&m).await;
        menu_of(&m, "Metrics exporter").await;
        click(&find(&m.root, "menuitem", item).await);
        let dialog = find(&m.root, "dialog", title).await;
        click(&find(&dialog, "button", button).await);
        let said = alert_in(&dialog).await;
        assert!(said.ends_with(maybe), "{call}: {said}");
        assert!(dialog.is_connected(), "{call}: the dialog stays open");
        click(&find(&dialog, "button", button).await);
        until("sent again, and done", || !dialog.is_connected()).await;
        assert_eq!(fake.calls(call), 2, "{call}");
    }
}

#[wasm_bindgen_test]
async fn details_name_renewals_disables_enablings_and_the_reminders_sent() {
    let fake = with_disabled_metrics();
    let now = js_now();
    let event = |kind: EventKind, minutes_ago: i64, by: Option<&str>| TokenEvent {
        kind,
        at: Some(now - minutes_ago * 60_000),
        actor_user_id: by.map(|_| "u-admin".to_string()),
        actor_name: by.map(str::to_string),
        ip: by.map(|_| "203.0.113.7".to_string()),
    };
    fake.0.borrow_mut().events.insert(
        "at-metrics-3333-4444-5555".into(),
        vec![
            event(EventKind::Renewed, 5, Some("Adam Admin")),
            event(EventKind::Enabled, 10, Some("Adam Admin")),
            event(EventKind::ReminderSent(Reminder::Expiring(1)), 30, None),
            event(EventKind::Disabled, 60, None),
            event(EventKind::ReminderSent(Reminder::Expiring(7)), 120, None),
            event(EventKind::ReminderSent(Reminder::Idle), 180, None),
        ],
    );
    let m = mount_tab(&fake);
    loaded(&m).await;
    menu_of(&m, "Metrics exporter").await;
    click(&find(&m.root, "menuitem", "Details").await);
    let dialog = find(&m.root, "dialog", "Details of “Metrics exporter”").await;
    until("the history", || {
        dialog
            .query_selector("ol.att-history li")
            .unwrap()
            .is_some()
    })
    .await;
    let items = dialog.query_selector_all("ol.att-history li").unwrap();
    let history: Vec<String> = (0..items.length())
        .map(|i| text(&items.item(i).unwrap().unchecked_into()))
        .collect();
    assert_eq!(history.len(), 6, "{history:?}");
    assert!(
        history[0].starts_with("Expiry renewed · 5 minutes ago"),
        "{history:?}"
    );
    assert!(
        history[1].starts_with("Enabled again · 10 minutes ago"),
        "{history:?}"
    );
    assert!(
        history[2].starts_with("Reminder sent: 1 day before expiry · 30 minutes ago")
            && !history[2].contains("by "),
        "{history:?}"
    );
    assert!(
        history[3].starts_with("Disabled (unused) · 1 hour ago") && !history[3].contains("by "),
        "{history:?}"
    );
    assert!(
        history[4].starts_with("Reminder sent: 7 days before expiry · 2 hours ago"),
        "{history:?}"
    );
    assert!(
        history[5].starts_with("Reminder sent: unused, disabled soon · 3 hours ago"),
        "{history:?}"
    );
}

/// A backend that counts each token's use (`tokenLifecycle.usage`), with 30 days of it for
/// "CI deploy": 20 uses (8 on the busiest day, 4 days ago) and 2 refused attempts, from two
/// addresses.
fn with_usage() -> FakeApi {
    let fake = FakeApi::with_rotation();
    let day = 86_400_000;
    let noon = js_now() - js_now().rem_euclid(day) + day / 2;
    let days = (0..30)
        .map(|n| {
            let at = noon - (29 - n) * day;
            let (uses, refused) = match n {
                25 => (8, 0),
                18 => (5, 2),
                9 => (7, 0),
                _ => (0, 0),
            };
            DayUse {
                date: format!("day {n}"),
                at: Some(at),
                uses,
                refused,
            }
        })
        .collect();
    let hour = 3_600_000;
    let addresses = vec![
        RecentAddress {
            ip: "203.0.113.7".into(),
            first_seen: Some(js_now() - 20 * day),
            last_seen: Some(js_now() - 2 * hour),
            uses: 18,
        },
        RecentAddress {
            ip: "2001:db8::5".into(),
            first_seen: Some(js_now() - 9 * day),
            last_seen: Some(js_now() - 9 * day),
            uses: 2,
        },
    ];
    {
        let mut s = fake.0.borrow_mut();
        if let Some(l) = s.lifecycle.as_mut() {
            l.usage = Some(true);
        }
        s.usage.insert(
            "cc-deploy-0000-1111-2222".into(),
            TokenUsage { days, addresses },
        );
    }
    fake
}

async fn open_details(m: &Mounted, name: &str) -> Element {
    menu_of(m, name).await;
    click(&find(&m.root, "menuitem", "Details").await);
    find(&m.root, "dialog", &format!("Details of “{name}”")).await
}

#[wasm_bindgen_test]
async fn details_draw_the_use_of_30_days_said_in_words_and_the_recent_addresses() {
    let fake = with_usage();
    let m = mount_tab(&fake);
    loaded(&m).await;
    let dialog = open_details(&m, "CI deploy").await;
    until("the use", || {
        dialog
            .query_selector(".att-usage figcaption")
            .unwrap()
            .is_some()
    })
    .await;
    assert!(fake.0.borrow().calls.contains(&"usage:30".to_string()));
    assert!(text(&dialog).contains("Use in the last 30 days"));
    // The words say what the bars show: the chart itself is hidden from screen readers.
    let said = text(
        &dialog
            .query_selector(".att-usage-summary")
            .unwrap()
            .unwrap(),
    );
    let busiest =
        Tr::en().date(js_now() - js_now().rem_euclid(86_400_000) - 4 * 86_400_000 + 43_200_000);
    assert_eq!(
        said,
        format!(
            "20 uses and 2 refused attempts in the last 30 days. Busiest day: {busiest}, 8 uses."
        )
    );
    let svg = dialog.query_selector(".att-usage svg").unwrap().unwrap();
    assert_eq!(svg.get_attribute("aria-hidden").as_deref(), Some("true"));
    let bars = svg.query_selector_all("rect.att-bar-uses").unwrap();
    assert_eq!(bars.length(), 30, "a bar a day");
    let height = |i: u32| -> f64 {
        let bar: Element = bars.item(i).unwrap().unchecked_into();
        bar.get_attribute("height").unwrap().parse().unwrap()
    };
    // The busiest day is the full height; the others on its scale; no use, no bar.
    assert_eq!((height(25), height(9), height(0)), (40.0, 35.0, 0.0));
    let refused = svg.query_selector_all("rect.att-bar-refused").unwrap();
    let stacked: Element = refused.item(18).unwrap().unchecked_into();
    assert_eq!(stacked.get_attribute("height").as_deref(), Some("10"));
    let items = dialog.query_selector_all(".att-addresses li").unwrap();
    let lines: Vec<String> = (0..items.length())
        .map(|i| text(&items.item(i).unwrap().unchecked_into()))
        .collect();
    assert_eq!(
        lines,
        [
            "203.0.113.7 · 18 uses · last 2 hours ago",
            "2001:db8::5 · 2 uses · last 9 days ago"
        ]
    );
}

#[wasm_bindgen_test]
async fn the_use_is_asked_for_only_when_offered_and_a_failure_leaves_the_history() {
    // A backend without the extension: nothing asked, nothing shown.
    let fake = FakeApi::with_rotation();
    let m = mount_tab(&fake);
    loaded(&m).await;
    let dialog = open_details(&m, "CI deploy").await;
    until("the history", || {
        text(&dialog).contains("Nothing recorded yet")
    })
    .await;
    assert!(!text(&dialog).contains("Use in the last 30 days"));
    assert!(!fake.0.borrow().calls.iter().any(|c| c.starts_with("usage")));
    drop(m);

    let fake = with_usage();
    fake.0
        .borrow_mut()
        .fail
        .insert("usage:30".into(), ApiError::Network("offline".into()));
    let m = mount_tab(&fake);
    loaded(&m).await;
    let dialog = open_details(&m, "CI deploy").await;
    until("the failure", || {
        text(&dialog).contains("The use could not be loaded.")
    })
    .await;
    until("the history", || {
        text(&dialog).contains("Nothing recorded yet")
    })
    .await;
}

async fn wait_for_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Types `value` into the textarea `el` (sets it and fires `input`).
fn type_lines(el: &Element, value: &str) {
    js_sys::Reflect::set(el, &"value".into(), &value.into()).unwrap();
    fire(el, "input");
}

fn value_of(el: &Element) -> String {
    js_sys::Reflect::get(el, &"value".into())
        .unwrap()
        .as_string()
        .unwrap()
}

/// The problems the allowlist field lists.
fn allowlist_problems(dialog: &Element) -> Vec<String> {
    let items = dialog
        .query_selector_all(".att-allowlist-errors li")
        .unwrap();
    (0..items.length())
        .map(|i| text(&items.item(i).unwrap().unchecked_into()))
        .collect()
}

#[wasm_bindgen_test]
async fn an_allowlist_is_checked_as_typed_and_sent_with_a_new_token() {
    let fake = FakeApi::with_allowlist(false);
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    let dialog = find(&m.root, "dialog", "Generate").await;
    set_checked(&field(&m.root, "Personal").unwrap(), true);
    type_into(&field(&m.root, "Description").unwrap(), "Pinned CLI");
    let list: Element = field(&dialog, "IP allowlist").unwrap().unchecked_into();
    assert_eq!(list.tag_name(), "TEXTAREA");
    type_lines(&list, "10.0.0.1/8\n\n1.2.3, ::/0\n10.0.0.0/33");
    // Said once the field is left, each entry by its line.
    assert!(allowlist_problems(&dialog).is_empty());
    fire(&list, "blur");
    until("the problems", || allowlist_problems(&dialog).len() == 4).await;
    assert_eq!(
        allowlist_problems(&dialog),
        [
            "Line 1, “10.0.0.1/8”: bits are set past the prefix length. Did you mean 10.0.0.0/8?",
            "Line 3, “1.2.3”: not an IPv4 or IPv6 address, or a network such as 10.0.0.0/8.",
            "Line 3, “::/0”: this allows every address. Leave the list empty instead.",
            "Line 4, “10.0.0.0/33”: the prefix length can be at most 32.",
        ]
    );
    assert_eq!(list.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = list.get_attribute("aria-describedby").unwrap();
    let errors = dialog
        .query_selector(".att-allowlist-errors")
        .unwrap()
        .unwrap();
    assert!(described.split(' ').any(|id| id == errors.id()));
    submit_dialog(&m.root);
    wait_for_ms(100).await;
    assert!(fake.0.borrow().created.is_empty(), "nothing sent");
    // Fixed as typed, the problems go; what was typed is kept.
    type_lines(&list, "10.0.0.0/8\n203.0.113.7");
    until("no problems", || allowlist_problems(&dialog).is_empty()).await;
    submit_dialog(&m.root);
    let secret = find(&m.root, "dialog", "Copy your").await;
    assert_eq!(
        fake.0.borrow().created[0].allowed_cidrs,
        ["10.0.0.0/8", "203.0.113.7/32"]
    );
    close_secret_dialog(&m.root, &secret).await;
    // Marked in the list, and found by its networks.
    until("the marker", || {
        text(&m.root).contains("IP allowlist: 2 entries")
    })
    .await;
    type_into(&field(&m.root, "Search").unwrap(), "203.0.113");
    until("found by its network", || {
        table_rows(&m.root)
            .iter()
            .map(|r| r[0].as_str())
            .collect::<Vec<_>>()
            == ["Pinned CLI IP allowlist: 2 entries"]
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_organization_that_requires_a_list_asks_for_one_on_account_tokens() {
    let fake = FakeApi::with_allowlist(true);
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    let dialog = find(&m.root, "dialog", "Generate").await;
    set_checked(&field(&m.root, "Account").unwrap(), true);
    type_into(&field(&m.root, "Description").unwrap(), "Shared");
    until("the requirement", || {
        text(&dialog).contains("Your organization requires at least one on account tokens.")
    })
    .await;
    submit_dialog(&m.root);
    until("the problem", || {
        allowlist_problems(&dialog)
            == ["Add at least one address or network: your organization requires an IP allowlist on account tokens."]
    })
    .await;
    assert!(fake.0.borrow().created.is_empty());
    // A personal token needs none.
    set_checked(&field(&m.root, "Personal").unwrap(), true);
    submit_dialog(&m.root);
    find(&m.root, "dialog", "Copy your").await;
    assert_eq!(fake.0.borrow().created.len(), 1);
    assert!(fake.0.borrow().created[0].allowed_cidrs.is_empty());
}

#[wasm_bindgen_test]
async fn edit_adds_the_recent_addresses_and_warns_before_leaving_out_the_last_one() {
    let fake = with_usage();
    if let Some(l) = fake.0.borrow_mut().lifecycle.as_mut() {
        l.ip_allowlist = Some(true);
        l.require_ip_allowlist = Some(false);
    }
    fake.0.borrow_mut().events.insert(
        DEPLOY.into(),
        vec![
            TokenEvent {
                kind: EventKind::RefusedAddress(3),
                at: Some(js_now() - 60_000),
                actor_user_id: None,
                actor_name: None,
                ip: Some("198.51.100.1".into()),
            },
            TokenEvent {
                kind: EventKind::AllowlistChanged,
                at: Some(js_now() - 120_000),
                actor_user_id: None,
                actor_name: Some("Adam Admin".into()),
                ip: None,
            },
        ],
    );
    let m = mount_tab(&fake);
    loaded(&m).await;
    // Every source is edited by such a backend: a personal token too.
    assert_eq!(
        menu_of(&m, "My laptop").await,
        ["Details", "Roll secret…", "Edit", "Delete"]
    );
    close_menu(&m).await;
    menu_of(&m, "CI deploy").await;
    click(&find(&m.root, "menuitem", "Edit").await);
    let dialog = find(&m.root, "dialog", "Edit “CI deploy”").await;
    let list: Element = field(&dialog, "IP allowlist").unwrap().unchecked_into();
    let add = find(
        &dialog,
        "button",
        "Add the addresses this token was used from",
    )
    .await;
    // Asked once the dialog opened: the recent addresses, latest first. Until they are in,
    // the button adds the last address alone: clicked again (it adds each address once)
    // until both are there.
    until("added", || {
        click(&add);
        value_of(&list) == "203.0.113.7\n2001:db8::5"
    })
    .await;
    assert!(fake.0.borrow().calls.contains(&"usage:30".to_string()));
    click(&add);
    wait_for_ms(50).await;
    assert_eq!(value_of(&list), "203.0.113.7\n2001:db8::5", "added once");
    // A list without 203.0.113.7, the last address: warned, and saved when asked again.
    type_lines(&list, "10.0.0.0/8");
    submit_dialog(&m.root);
    let warning = find(&dialog, "alert", "").await;
    assert_eq!(
        text(&warning),
        "This list does not include 203.0.113.7, the address this token was last used from: uses from there will be refused. Save anyway, or add it."
    );
    assert!(list
        .get_attribute("aria-describedby")
        .unwrap()
        .split(' ')
        .any(|id| id == warning.id()));
    assert!(fake.0.borrow().edits.is_empty(), "not saved yet");
    find(&dialog, "button", "Save anyway").await;
    submit_dialog(&m.root);
    until("saved", || fake.0.borrow().edits.len() == 1).await;
    let (source, id, edit) = fake.0.borrow().edits[0].clone();
    assert_eq!((source, id.as_str()), (Source::AccountClients, DEPLOY));
    assert_eq!(edit.allowed_cidrs, Some(vec!["10.0.0.0/8".to_string()]));
    assert_eq!(edit.role_ids, None, "roles untouched");
    until("the marker", || {
        text(&m.root).contains("IP allowlist: 1 entry")
    })
    .await;
    // Details list it, and name the refusals and the change.
    let details = open_details(&m, "CI deploy").await;
    until("the history", || {
        text(&details).contains("IP allowlist changed")
    })
    .await;
    let said = text(&details);
    let entries = details
        .query_selector(".att-allowlist-entries")
        .unwrap()
        .unwrap();
    assert_eq!(text(&entries), "10.0.0.0/8");
    assert!(
        said.contains("3 uses refused: address not on the IP allowlist"),
        "{said}"
    );
    assert!(said.contains("from 198.51.100.1"), "{said}");
}

#[wasm_bindgen_test]
async fn without_the_extension_no_allowlist_is_offered() {
    let fake = FakeApi::with_rotation();
    let m = mount_tab(&fake);
    loaded(&m).await;
    assert_eq!(
        menu_of(&m, "My laptop").await,
        ["Details", "Roll secret…", "Delete"]
    );
    close_menu(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    let dialog = find(&m.root, "dialog", "Generate").await;
    assert!(field(&dialog, "IP allowlist").is_none());
    assert!(!text(&dialog).contains("IP allowlist"));
}
