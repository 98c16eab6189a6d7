//! Our extension (`tokenLifecycle`) over the in-memory API: the Last used column, its sorts,
//! the unused filter and its count, the expiry policy's form; and, without the extension,
//! none of it. Runs in Chromium and in Firefox.
#![cfg(target_arch = "wasm32")]

mod common;

use common::fake::{js_now, FakeApi};
use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn input(m: &Mounted, label: &str) -> web_sys::HtmlInputElement {
    field(&m.root, label).unwrap_or_else(|| panic!("no field labelled {label:?}"))
}

/// The column headers of the token table.
fn headers(m: &Mounted) -> Vec<String> {
    let ths = m.root.query_selector_all("thead th").unwrap();
    (0..ths.length())
        .map(|i| text(&ths.item(i).unwrap().unchecked_into()))
        .collect()
}

/// The values a `<select>` offers.
fn options(select: &web_sys::HtmlInputElement) -> Vec<String> {
    let list = select.query_selector_all("option").unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("value")
                .unwrap_or_default()
        })
        .collect()
}

fn descriptions(m: &Mounted) -> Vec<String> {
    table_rows(&m.root)
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

/// Waits until the table shows `expected` (by description), in that order.
async fn rows_become(m: &Mounted, expected: &[&str]) {
    let deadline = js_sys::Date::now() + 5_000.0;
    while descriptions(m) != expected {
        assert!(
            js_sys::Date::now() < deadline,
            "the rows stayed {:?}, not {expected:?}",
            descriptions(m)
        );
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
}

/// The count beside the unused filter.
fn unused_count(m: &Mounted) -> String {
    text(
        &m.root
            .query_selector(".att-unused-count")
            .unwrap()
            .expect("the unused count"),
    )
}

#[wasm_bindgen_test]
async fn without_the_extension_the_tab_is_as_against_frontegg() {
    let fake = FakeApi::admin();
    let m = mount_tab(&fake);
    loaded(&m).await;
    assert_eq!(
        headers(&m),
        [
            "Description",
            "Identifier",
            "Owner",
            "Type",
            "Roles",
            "Created",
            "Created by",
            "Expires",
            "Actions"
        ]
    );
    assert!(field(&m.root, "Unused for 90+ days").is_none());
    assert!(m
        .root
        .query_selector(".att-unused-count")
        .unwrap()
        .is_none());
    assert_eq!(
        options(&input(&m, "Sort")),
        ["newest", "oldest", "expires-soonest", "expires-latest"]
    );
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate client credentials").await;
    let expiration = input(&m, "Expiration");
    assert_eq!(
        options(&expiration),
        ["never", "1", "7", "30", "90", "365", "custom"]
    );
    assert_eq!(expiration.value(), "30");
    assert!(!text(&m.root).contains("Your organization allows"));
}

#[wasm_bindgen_test]
async fn the_last_used_column_says_when_and_from_where() {
    let fake = FakeApi::with_lifecycle(None);
    let m = mount_tab(&fake);
    loaded(&m).await;
    let h = headers(&m);
    assert_eq!(h[7], "Last used", "{h:?}");
    let rows = table_rows(&m.root);
    let row = |name: &str| rows.iter().find(|r| r[0] == name).unwrap().clone();
    assert!(
        row("CI deploy")[7].starts_with("2 hours ago"),
        "{:?}",
        row("CI deploy")
    );
    assert_eq!(row("Metrics exporter")[7], "Never used");
    assert!(
        row("Legacy importer")[7].starts_with("4 months ago"),
        "{:?}",
        row("Legacy importer")
    );
    // On hover and focus: the full time and the address, also in the accessible name.
    let cell = m
        .root
        .query_selector("tbody tr:nth-child(2) td.att-col-last-used .att-time");
    let cell = cell.unwrap().expect("CI deploy's last use is focusable");
    assert_eq!(cell.get_attribute("tabindex").as_deref(), Some("0"));
    let name = name_of(&cell);
    assert!(
        name.starts_with("2 hours ago, ") && name.ends_with(" from 203.0.113.7"),
        "{name}"
    );
    let tooltip = text(&cell.query_selector(".att-tooltip").unwrap().unwrap());
    assert!(tooltip.ends_with("from 203.0.113.7"), "{tooltip}");
    // A use without an address says the time alone.
    let laptop = m
        .root
        .query_selector("tbody tr:nth-child(1) td.att-col-last-used .att-time");
    let laptop = laptop.unwrap().expect("My laptop's last use");
    assert!(!name_of(&laptop).contains("from"), "{}", name_of(&laptop));
}

#[wasm_bindgen_test]
async fn tokens_sort_by_last_use_both_ways() {
    let fake = FakeApi::with_lifecycle(None);
    let m = mount_tab(&fake);
    loaded(&m).await;
    let sort = input(&m, "Sort");
    assert_eq!(options(&sort)[4..], ["last-used", "least-recently-used"]);
    choose(&sort, "last-used");
    rows_become(
        &m,
        &[
            "CI deploy",
            "My laptop",
            "Legacy importer",
            // Never used: by identifier (at-metrics…, pa-cli…).
            "Metrics exporter",
            "Untitled token",
        ],
    )
    .await;
    choose(&sort, "least-recently-used");
    // Never used first (ties by id), then the longest unused.
    rows_become(
        &m,
        &[
            "Metrics exporter",
            "Untitled token",
            "Legacy importer",
            "My laptop",
            "CI deploy",
        ],
    )
    .await;
}

#[wasm_bindgen_test]
async fn the_unused_filter_counts_and_combines_with_search_and_expired() {
    let fake = FakeApi::with_lifecycle(None);
    let m = mount_tab(&fake);
    loaded(&m).await;
    // The legacy importer (used 120 days ago, expired) and the CLI token (never used, 150 days
    // old) are unused; the metrics exporter was never used but is only 10 days old.
    assert_eq!(unused_count(&m), "2 unused for 90+ days");
    let status = m.root.query_selector(".att-unused-count").unwrap().unwrap();
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    set_checked(&input(&m, "Unused for 90+ days"), true);
    rows_become(&m, &["Untitled token", "Legacy importer"]).await;
    type_into(&input(&m, "Search tokens"), "legacy");
    until("unused and searched", || {
        descriptions(&m) == ["Legacy importer"]
    })
    .await;
    type_into(&input(&m, "Search tokens"), "");
    set_checked(&input(&m, "Show expired"), false);
    until("unused, not expired", || {
        descriptions(&m) == ["Untitled token"]
    })
    .await;
    assert_eq!(unused_count(&m), "1 unused for 90+ days");
    // Deleting it changes the count a screen reader hears.
    click(&find(&m.root, "button", "Actions for Untitled token").await);
    click(&find(&m.root, "menuitem", "Delete").await);
    let dialog = find(&m.root, "alertdialog", "Delete “Untitled token”?").await;
    click(&by_role(&dialog, "button", "Delete token").unwrap());
    until("the count follows", || {
        unused_count(&m) == "0 unused for 90+ days"
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_policy_offers_only_lifetimes_within_it() {
    let fake = FakeApi::with_lifecycle(Some(90.0 * 1440.0));
    let m = mount_tab(&fake);
    loaded(&m).await;
    click(&find(&m.root, "button", "Generate token").await);
    find(&m.root, "dialog", "Generate client credentials").await;
    let expiration = input(&m, "Expiration");
    assert_eq!(
        options(&expiration),
        ["1", "7", "30", "90", "custom"],
        "no Never, nothing past 90 days"
    );
    assert_eq!(
        expiration.value(),
        "90",
        "the longest preset within the limit and 90 days"
    );
    let rule = m
        .root
        .query_selector(".att-policy")
        .unwrap()
        .expect("the rule is said");
    assert_eq!(
        text(&rule),
        "Your organization allows tokens for up to 90 days."
    );
    let described = expiration.get_attribute("aria-describedby").unwrap();
    assert!(described.contains(&rule.id()), "{described}");

    // A date past the limit is refused at the form, and nothing is sent.
    choose(&expiration, "custom");
    until("the date field", || field(&m.root, "Expires on").is_some()).await;
    let date = input(&m, "Expires on");
    let max = date
        .get_attribute("max")
        .expect("the date input's max is the last allowed day");
    assert_eq!(max.len(), 10, "{max}");
    let far = js_sys::Date::new(&(js_now() as f64 + 120.0 * 86_400_000.0).into());
    let far = format!(
        "{:04}-{:02}-{:02}",
        far.get_full_year(),
        far.get_month() + 1,
        far.get_date()
    );
    type_into(&date, &far);
    type_into(&input(&m, "Description"), "Too long");
    set_checked(&input(&m, "Viewer"), true);
    submit_dialog(&m.root);
    until("the policy's message", || {
        text(&m.root).contains("Pick a date within 90 days: your organization allows no longer.")
    })
    .await;
    assert_eq!(fake.calls("create"), 0);

    // The server's own refusal (a host that bypasses the picker) still shows at the form.
    fake.fail(
        "create",
        400,
        "This account allows tokens for at most 90 days",
    );
    choose(&expiration, "30");
    submit_dialog(&m.root);
    until("the server's refusal", || {
        text(&m.root).contains("This account allows tokens for at most 90 days")
    })
    .await;
    assert_eq!(
        input(&m, "Description").value(),
        "Too long",
        "nothing typed is lost"
    );
}

// ---- Picking tokens and revoking them in bulk (issue 35) ------------------------------------

use api_tokens_tab::model::{Source, TokenRow};

/// The admin's tokens and `n` more account client credentials, "Bulk 1"…
fn with_more(fake: FakeApi, n: usize) -> FakeApi {
    {
        let mut s = fake.0.borrow_mut();
        for i in 1..=n {
            s.rows.push(TokenRow {
                description: Some(format!("Bulk {i}")),
                created_at: Some(js_now() - i as i64 * 60_000),
                ..TokenRow::new(Source::AccountClients, format!("bulk-{i}-0000-1111"))
            });
        }
    }
    fake
}

fn checkbox(m: &Mounted, name: &str) -> web_sys::HtmlInputElement {
    by_role(&m.root, "checkbox", &format!("Select {name}"))
        .unwrap_or_else(|| panic!("no checkbox for {name}"))
        .unchecked_into()
}

fn shift_click(el: &web_sys::Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_shift_key(true);
    let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

/// What the bar says is picked ("3 selected"; empty: nothing).
fn picked(m: &Mounted) -> String {
    text(
        &m.root
            .query_selector(".att-selected-count")
            .unwrap()
            .unwrap(),
    )
}

#[wasm_bindgen_test]
async fn rows_are_picked_one_by_one_as_a_range_and_all_shown_and_kept_across_search() {
    let fake = with_more(FakeApi::admin(), 3);
    let m = mount_tab(&fake);
    loaded(&m).await;
    let names: Vec<String> = table_rows(&m.root).iter().map(|r| r[0].clone()).collect();
    assert!(picked(&m).is_empty());
    click(&checkbox(&m, &names[1]));
    until("one picked", || picked(&m) == "1 selected").await;
    // Shift: the range from the last one picked, in the order shown.
    shift_click(&checkbox(&m, &names[4]));
    until("a range", || picked(&m) == "4 selected").await;
    assert!(checkbox(&m, &names[3]).checked() && !checkbox(&m, &names[0]).checked());
    find(&m.root, "button", "Revoke 4 tokens…").await;
    // A search keeps what is picked; the header picks what is shown.
    type_into(&input(&m, "Search tokens"), "Bulk 3");
    until("one shown", || table_rows(&m.root).len() == 1).await;
    assert_eq!(picked(&m), "4 selected");
    let all = find(&m.root, "checkbox", "Select the 1 token shown").await;
    assert!(
        all.unchecked_ref::<web_sys::HtmlInputElement>().checked()
            == checkbox(&m, "Bulk 3").checked()
    );
    type_into(&input(&m, "Search tokens"), "");
    until("all shown", || table_rows(&m.root).len() == names.len()).await;
    let all: web_sys::HtmlInputElement = find(
        &m.root,
        "checkbox",
        &format!("Select all {} tokens shown", names.len()),
    )
    .await
    .unchecked_into();
    assert!(all.indeterminate(), "some picked");
    click(&all);
    until("all picked", || {
        picked(&m) == format!("{} selected", names.len())
    })
    .await;
    click(&all);
    until("none picked", || picked(&m).is_empty()).await;
    // The unused ones and the expired ones: exactly those.
    click(&find(&m.root, "button", "Select the expired ones").await);
    until("the expired one", || picked(&m) == "1 selected").await;
    assert!(checkbox(&m, "Legacy importer").checked());
    click(&find(&m.root, "button", "Clear selection").await);
    until("cleared", || picked(&m).is_empty()).await;
}

#[wasm_bindgen_test]
async fn a_classic_backend_gets_single_deletes_four_at_a_time_each_sent_once() {
    let fake = with_more(FakeApi::admin(), 6);
    {
        let mut s = fake.0.borrow_mut();
        s.delay_ms = 60;
        s.refuse_delete
            .insert("bulk-2-0000-1111".into(), "not today".into());
    }
    let m = mount_tab(&fake);
    loaded(&m).await;
    for i in 1..=6 {
        click(&checkbox(&m, &format!("Bulk {i}")));
    }
    until("six picked", || picked(&m) == "6 selected").await;
    click(&find(&m.root, "button", "Revoke 6 tokens…").await);
    let dialog = find(&m.root, "alertdialog", "Revoke the selected tokens?").await;
    // The tab's own count first: no request yet.
    until("the plan", || text(&dialog).contains("6 will be revoked:")).await;
    assert!(text(&dialog).contains("This cannot be undone."));
    assert!(fake.0.borrow().deletes.is_empty());
    click(&find(&dialog, "button", "Revoke 6 tokens").await);
    until("done", || text(&dialog).contains("5 tokens revoked.")).await;
    let alert = find(&dialog, "alert", "").await;
    assert!(
        text(&alert).starts_with("1 could not be revoked:"),
        "{}",
        text(&alert)
    );
    assert!(text(&alert).contains("Bulk 2"));
    assert!(text(&alert).contains("not today"));
    {
        let s = fake.0.borrow();
        assert_eq!(s.most_in_flight, 4, "at most four at a time");
        let mut sent = s.deletes.clone();
        sent.sort();
        sent.dedup();
        assert_eq!(
            sent.len(),
            s.deletes.len(),
            "none sent twice: {:?}",
            s.deletes
        );
        assert_eq!(s.deletes.len(), 6);
    }
    // The five left the list; the failed one stays, picked, for a retry.
    let left: Vec<String> = table_rows(&m.root).iter().map(|r| r[0].clone()).collect();
    assert!(left.contains(&"Bulk 2".to_string()) && !left.contains(&"Bulk 1".to_string()));
    assert_eq!(picked(&m), "1 selected");
    fake.0.borrow_mut().refuse_delete.clear();
    click(&find(&dialog, "button", "Retry the failed ones").await);
    until("the dialog closes", || {
        by_role(&m.root, "alertdialog", "").is_none()
    })
    .await;
    assert_eq!(
        fake.0.borrow().deletes.len(),
        7,
        "the retry sent the failed one only"
    );
    until("gone", || {
        !table_rows(&m.root).iter().any(|r| r[0] == "Bulk 2")
    })
    .await;
    assert!(text(&m.root).contains("1 token revoked."));
}

#[wasm_bindgen_test]
async fn a_backend_that_deletes_in_bulk_counts_with_a_dry_run_then_revokes_in_one_request() {
    let fake = with_more(FakeApi::with_lifecycle(None), 3);
    {
        let mut s = fake.0.borrow_mut();
        if let Some(l) = s.lifecycle.as_mut() {
            l.bulk_delete = Some(true);
        }
        s.refuse_delete.insert(
            "bulk-3-0000-1111".into(),
            "cannot delete this token: it has role Owner, which is above your highest role, Admin"
                .into(),
        );
    }
    let m = mount_tab(&fake);
    loaded(&m).await;
    for i in 1..=3 {
        click(&checkbox(&m, &format!("Bulk {i}")));
    }
    click(&find(&m.root, "button", "Revoke 3 tokens…").await);
    let dialog = find(&m.root, "alertdialog", "Revoke the selected tokens?").await;
    until("the dry run", || {
        text(&dialog).contains("2 will be revoked:")
    })
    .await;
    let said = text(&dialog);
    assert!(said.contains("1 cannot be revoked by you:"), "{said}");
    assert!(
        said.contains("Bulk 3 — cannot delete this token: it has role Owner"),
        "{said}"
    );
    assert!(fake
        .0
        .borrow()
        .calls
        .iter()
        .any(|c| c == "bulk:dry:bulk-1-0000-1111,bulk-2-0000-1111,bulk-3-0000-1111"));
    assert_eq!(
        table_rows(&m.root)
            .iter()
            .filter(|r| r[0].starts_with("Bulk"))
            .count(),
        3,
        "a dry run changes nothing"
    );
    click(&find(&dialog, "button", "Revoke 2 tokens").await);
    until("the dialog closes", || {
        by_role(&m.root, "alertdialog", "").is_none()
    })
    .await;
    let calls = fake.0.borrow().calls.clone();
    assert!(
        calls
            .iter()
            .any(|c| c == "bulk:real:bulk-1-0000-1111,bulk-2-0000-1111"),
        "{calls:?}"
    );
    assert!(fake.0.borrow().deletes.is_empty(), "no single deletes");
    let left: Vec<String> = table_rows(&m.root).iter().map(|r| r[0].clone()).collect();
    assert!(left.contains(&"Bulk 3".to_string()) && !left.contains(&"Bulk 1".to_string()));
    assert!(text(&m.root).contains("2 tokens revoked."));
}

#[wasm_bindgen_test]
async fn a_token_made_by_a_removed_member_says_so_in_created_by() {
    let fake = FakeApi::admin();
    {
        let mut s = fake.0.borrow_mut();
        s.rows[0].created_by_user_id = Some("u-left-the-company".into());
        s.rows[0].created_by_former_member = true;
    }
    let name = fake.0.borrow().rows[0].description.clone().unwrap();
    let m = mount_tab(&fake);
    loaded(&m).await;
    let row = table_rows(&m.root)
        .into_iter()
        .find(|r| r[0] == name)
        .unwrap();
    assert!(row.iter().any(|c| c == "A former member"), "{row:?}");
    assert!(!row.iter().any(|c| c.contains("u-left")), "{row:?}");
}

// ---- An admin's view of every member's personal tokens (issue 35) ---------------------------

use api_tokens_tab::model::owner::Member;

/// Acme from a backend that lists every member's tokens to an admin holding the permission:
/// Jane (a developer) has two personal tokens, Olivia (the owner, above the admin) one.
fn with_members(permitted: bool) -> FakeApi {
    // Rolling and history on: a member's row still offers neither Roll nor Edit.
    let fake = FakeApi::with_rotation();
    {
        let mut s = fake.0.borrow_mut();
        if let Some(l) = s.lifecycle.as_mut() {
            l.member_tokens = Some(true);
            l.level_rule_on_delete = Some(true);
        }
        if permitted {
            s.permissions.push("api-tokens.members.manage".into());
        }
        let member = |id: &str, name: &str, role: &str| {
            Some(std::sync::Arc::new(Member {
                user_id: id.into(),
                name: Some(name.into()),
                email: Some(format!("{id}@acme.test")),
                role_ids: vec![role.into()],
            }))
        };
        let jane = member("u-jane", "Jane Dev", "r-dev");
        let olivia = member("u-olivia", "Olivia Owner", "r-owner");
        for (source, id, desc, owner) in [
            (
                Source::PersonalClients,
                "jane-laptop-0000",
                "Jane's laptop",
                &jane,
            ),
            (
                Source::PersonalAccess,
                "jane-ci-0000-1111",
                "Jane's CI",
                &jane,
            ),
            (
                Source::PersonalAccess,
                "olivia-key-0000",
                "Olivia's key",
                &olivia,
            ),
        ] {
            s.rows.push(TokenRow {
                description: Some(desc.into()),
                created_at: Some(js_now() - 60_000),
                member: owner.clone(),
                ..TokenRow::new(source, id)
            });
        }
    }
    fake
}

#[wasm_bindgen_test]
async fn an_admin_picks_a_member_and_revokes_their_tokens_but_not_those_of_one_above() {
    let fake = with_members(true);
    let m = mount_tab(&fake);
    loaded(&m).await;
    let owner = input(&m, "Owner");
    // Theirs come after the first wave; by default the list is the admin's and the account's.
    until("the members", || options(&owner).len() == 4).await;
    assert_eq!(
        options(&owner),
        ["mine", "everyone", "member:u-jane", "member:u-olivia"]
    );
    assert!(
        text(&owner).contains("Jane Dev (2 tokens)"),
        "{}",
        text(&owner)
    );
    assert!(!descriptions(&m).iter().any(|d| d.starts_with("Jane")));
    choose(&owner, "everyone");
    until("everyone's", || descriptions(&m).len() == 8).await;
    // The owner column names the member; their row offers Delete only.
    let row = table_rows(&m.root)
        .into_iter()
        .find(|r| r[0] == "Jane's CI")
        .unwrap();
    assert_eq!(row[2], "Jane Dev");
    // It acts with her roles, and she made it.
    assert_eq!(
        (row[4].as_str(), row[6].as_str()),
        ("Developer", "Jane Dev")
    );
    click(&find(&m.root, "button", "Actions for Jane's CI").await);
    let menu = find(&m.root, "menu", "").await;
    let items = menu.query_selector_all("[role=menuitem]").unwrap();
    let items: Vec<String> = (0..items.length())
        .map(|i| text(&items.item(i).unwrap().unchecked_into()))
        .collect();
    assert_eq!(items, ["Details", "Delete"]);
    press(&find(&menu, "menuitem", "Delete").await, "Escape");
    until("the menu closes", || by_role(&m.root, "menu", "").is_none()).await;
    // The owner is above the admin: deleting her token is disabled, saying why.
    click(&find(&m.root, "button", "Actions for Olivia's key").await);
    let item = find(&m.root, "menuitem", "Delete").await;
    assert_eq!(item.get_attribute("aria-disabled").as_deref(), Some("true"));
    let reason = by_id(&item, &item.get_attribute("aria-describedby").unwrap()).unwrap();
    assert_eq!(
        text(&reason),
        "Its owner holds “Owner”, above your highest role"
    );
    press(&item, "Escape");
    until("the menu closes", || by_role(&m.root, "menu", "").is_none()).await;
    // Found by the member's name; one member's: exactly theirs, all picked, revoked.
    type_into(&input(&m, "Search tokens"), "olivia@");
    until("olivia's", || descriptions(&m) == ["Olivia's key"]).await;
    type_into(&input(&m, "Search tokens"), "");
    choose(&owner, "member:u-jane");
    until("jane's", || descriptions(&m).len() == 2).await;
    click(&find(&m.root, "checkbox", "Select all 2 tokens shown").await);
    click(&find(&m.root, "button", "Revoke 2 tokens…").await);
    let dialog = find(&m.root, "alertdialog", "Revoke the selected tokens?").await;
    until("the plan", || text(&dialog).contains("2 will be revoked:")).await;
    click(&find(&dialog, "button", "Revoke 2 tokens").await);
    until("the dialog closes", || {
        by_role(&m.root, "alertdialog", "").is_none()
    })
    .await;
    let mut sent = fake.0.borrow().deletes.clone();
    sent.sort();
    assert_eq!(sent, ["jane-ci-0000-1111", "jane-laptop-0000"]);
    // She stays in the filter, with none left.
    until("none left", || text(&owner).contains("Jane Dev (0 tokens)")).await;
    assert!(descriptions(&m).is_empty());
}

#[wasm_bindgen_test]
async fn without_the_permission_no_members_tokens_are_asked_for() {
    let fake = with_members(false);
    let m = mount_tab(&fake);
    loaded(&m).await;
    gloo_timers::future::TimeoutFuture::new(50).await;
    assert!(field(&m.root, "Owner").is_none());
    assert!(!fake
        .0
        .borrow()
        .calls
        .iter()
        .any(|c| c.starts_with("members:")));
    assert!(!descriptions(&m).iter().any(|d| d.contains("Jane")));
}

#[wasm_bindgen_test]
async fn the_owner_chosen_and_its_members_outlive_a_failed_part_and_a_retry() {
    let fake = with_members(true);
    fake.0.borrow_mut().fail.insert(
        "members:PersonalAccess".into(),
        api_tokens_tab::api::ApiError::Http {
            status: 503,
            message: Some("maintenance".into()),
            retry_after: None,
        },
    );
    let m = mount_tab(&fake);
    loaded(&m).await;
    // One part failed, said with its reason; the other's members are offered.
    let alert = find(&m.root, "alert", "").await;
    until("the failed part", || text(&alert).contains("maintenance")).await;
    until("Jane", || {
        options(&input(&m, "Owner")).contains(&"member:u-jane".to_string())
    })
    .await;
    choose(&input(&m, "Owner"), "member:u-jane");
    until("her laptop", || descriptions(&m) == ["Jane's laptop"]).await;
    // Her tokens revoked elsewhere, then retried whole (the list built again): she is still
    // chosen and offered, at 0, and Olivia has both parts now.
    {
        let mut s = fake.0.borrow_mut();
        s.fail.clear();
        s.rows.retain(|r| !r.id.starts_with("jane-"));
    }
    click(&find(&m.root, "button", "Retry").await);
    until("the failure gone", || {
        by_role(&m.root, "alert", "").is_none()
    })
    .await;
    let owner = input(&m, "Owner");
    until("Olivia", || text(&owner).contains("Olivia Owner (1 token)")).await;
    assert_eq!(owner.value(), "member:u-jane");
    assert!(
        text(&owner).contains("Jane Dev (0 tokens)"),
        "{}",
        text(&owner)
    );
    assert!(descriptions(&m).is_empty());
    find(&m.root, "button", "Clear search and filters").await;
    let asked = fake.0.borrow().calls.clone();
    let members = asked.iter().filter(|c| c.starts_with("members:")).count();
    assert_eq!(members, 4, "each part once per wave: {asked:?}");
}
