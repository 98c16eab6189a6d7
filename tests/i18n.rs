//! The tab in German, Arabic, French and Japanese: the list and every dialog render with no
//! English left and no unfilled placeholder, Arabic mirrors (`dir="rtl"`), plurals and numbers
//! follow each language's rules through the browser's Intl (Japanese has one form and no
//! spaces), and switching the locale at run time keeps what the user typed. The host's words
//! (`messages`): an override, a whole locale the tab does not ship, and each kind of mistake
//! refused with the key and the tag named. Runs in Chromium and in Firefox.
#![cfg(target_arch = "wasm32")]

mod common;

use api_tokens_tab::api::ApiError;
use api_tokens_tab::components::tab::ApiTokensTabWith;
use api_tokens_tab::config::options::Value;
use api_tokens_tab::embed::mount_api_tokens;
use api_tokens_tab::i18n::{fill, Entry, Locale, Messages, Tr, VendorMessages};
use common::fake::FakeApi;
use common::*;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// The demo tenant with data that reads the same in every language (so any English on screen
/// comes from the tab, not from the data).
fn neutral() -> FakeApi {
    neutral_from(FakeApi::admin())
}

/// `fake` with its role names and descriptions made language-neutral.
fn neutral_from(fake: FakeApi) -> FakeApi {
    {
        let mut s = fake.0.borrow_mut();
        for (i, r) in s.roles.iter_mut().enumerate() {
            r.name = Some(format!("R{i}"));
        }
        let names = ["α-1", "β-2", "γ-3", "δ-4", "ε-5", "ζ-6"];
        for (r, n) in s.rows.iter_mut().zip(names) {
            if r.description.is_some() {
                r.description = Some(n.to_string());
            }
        }
    }
    fake
}

fn mount_in(fake: &FakeApi, locale: RwSignal<Option<String>>) -> Mounted {
    let api = fake.as_api();
    mount(move || view! { <ApiTokensTabWith api=api locale=locale /> })
}

/// Every text a user can see or hear under `root`: text, labels, placeholders, titles.
fn everything_said(root: &Element) -> String {
    let mut out = String::new();
    texts(root, &mut out);
    let all = root.query_selector_all("*").unwrap();
    for i in 0..all.length() {
        let el: Element = all.item(i).unwrap().unchecked_into();
        for attr in ["aria-label", "placeholder", "title", "alt"] {
            if let Some(v) = el.get_attribute(attr) {
                out.push('\n');
                out.push_str(&v);
            }
        }
        if el.tag_name().eq_ignore_ascii_case("option") {
            out.push('\n');
            out.push_str(&text(&el));
        }
    }
    out
}

/// Every text node under `node`, one per line (so words of neighbouring elements stay apart).
fn texts(node: &web_sys::Node, out: &mut String) {
    let children = node.child_nodes();
    for i in 0..children.length() {
        let child = children.item(i).unwrap();
        if child.node_type() == web_sys::Node::TEXT_NODE {
            out.push_str(&child.text_content().unwrap_or_default());
            out.push('\n');
        } else {
            texts(&child, out);
        }
    }
}

/// English phrases a language rightly writes the same way (French "Description", "Type").
fn cognates(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::Fr => &["Description", "Type", "Actions", "minute", "minutes"],
        _ => &[],
    }
}

/// The English catalog's phrases (each text cut at its placeholders) found in `said` as whole
/// words. Technical names that stay the same in every language are not counted, nor `allowed`.
fn english_in(said: &str, allowed: &[&str]) -> Vec<&'static str> {
    let en = Locale::En.messages();
    let mut found = Vec::new();
    for (_, entry) in en.entries() {
        for form in entry.forms() {
            for piece in form
                .split('{')
                .map(|p| p.split_once('}').map_or(p, |(_, r)| r))
            {
                let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
                if piece.chars().filter(|c| c.is_alphabetic()).count() < 4
                    || ["API", "Client ID"].contains(&piece)
                    || allowed.contains(&piece)
                {
                    continue;
                }
                if contains_word(said, piece) && !found.contains(&piece) {
                    found.push(piece);
                }
            }
        }
    }
    found
}

/// Whether `word` stands in `haystack` as a word of its own: no letter or digit of a script
/// written with spaces right before or after it. Kana and ideographs are letters too, but
/// Japanese and Chinese put no space between words: an English word glued to them ("トークンを
/// Deleteします") is still a word, and still English.
fn contains_word(haystack: &str, word: &str) -> bool {
    let joins = |c: char| c.is_alphanumeric() && !written_without_spaces(c);
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(joins) && !after.is_some_and(joins)
    })
}

/// Kana, CJK ideographs and their full- and half-width forms: scripts written without spaces
/// between words.
fn written_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}' // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    )
}

/// Fails with what is wrong when `root` says anything in English or shows a placeholder.
fn assert_translated(root: &Element, locale: Locale, state: &str) {
    let said = everything_said(root);
    let english = english_in(&said, cognates(locale));
    assert!(
        english.is_empty(),
        "{locale:?}, {state}: English left: {english:?}\n{said}"
    );
    assert!(
        !said.contains('{') && !said.contains('}'),
        "{locale:?}, {state}: an unfilled placeholder\n{said}"
    );
}

/// `said` as [`text`] reads the page: white space (French no-break spaces too) as one space.
fn as_read(said: &str) -> String {
    said.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Chooses `value` in the generate form's expiration `<select>` (its label differs per locale).
fn pick_expiration(dialog: &Element, value: &str) {
    let select = dialog.query_selector("select").unwrap().unwrap();
    choose(select.unchecked_ref(), value);
}

/// Walks the list and every dialog in `locale`, checking each state.
async fn walk(locale: Locale) {
    let m: &Messages = locale.messages();
    let fake = neutral();
    let tab = mount_in(&fake, RwSignal::new(Some(locale.code().to_string())));
    let root: Element = tab.root.clone().into();
    until("the table", || {
        root.query_selector("tbody tr").unwrap().is_some()
    })
    .await;
    let section = root.query_selector("section.att").unwrap().unwrap();
    assert_eq!(
        section.get_attribute("lang").as_deref(),
        Some(locale.code())
    );
    assert_eq!(section.get_attribute("dir").as_deref(), Some(locale.dir()));
    assert_translated(&root, locale, "the list");

    // The row menu.
    // The account client credentials row (it can be edited and deleted).
    let menu_button = find(&root, "button", &fill(m.actions_for, &[("name", "α-1")])).await;
    click(&menu_button);
    find(&root, "menu", "").await;
    assert_translated(&root, locale, "the row menu");

    // Edit, then cancel.
    click(&find(&root, "menuitem", m.edit).await);
    let dialog = find(&root, "dialog", "").await;
    assert_translated(&root, locale, "the edit dialog");
    click(&find(&dialog, "button", m.cancel).await);
    until("edit closed", || !dialog.is_connected()).await;

    // Delete, then cancel.
    click(&menu_button);
    click(&find(&root, "menuitem", m.delete).await);
    let dialog = find(&root, "alertdialog", "").await;
    assert_translated(&root, locale, "the delete dialog");
    click(&find(&dialog, "button", m.cancel).await);
    until("delete closed", || !dialog.is_connected()).await;

    // Generate: account token with the role picker; submitting empty shows every field error.
    click(&find(&root, "button", m.generate_token).await);
    let dialog = find(&root, "dialog", "").await;
    pick_expiration(&dialog, "custom");
    until("the date field", || field(&root, m.expires_on).is_some()).await;
    submit_dialog(&root);
    until("field errors", || {
        text(&dialog).contains(m.enter_description) && text(&dialog).contains(m.pick_a_role)
    })
    .await;
    assert_translated(&root, locale, "the generate form with errors");

    // A personal token: the secret dialog.
    set_checked(&field(&root, m.owner_personal).unwrap(), true);
    pick_expiration(&dialog, "30");
    type_into(&field(&root, m.description_label).unwrap(), "η-7");
    submit_dialog(&root);
    let secret = find(&root, "dialog", m.secret_title).await;
    assert_translated(&root, locale, "the secret dialog");
    set_checked(&field(&root, m.copied_it).unwrap(), true);
    let done = find(&secret, "button", m.done).await;
    until("Done enabled", || !done.has_attribute("disabled")).await;
    click(&done);
    until("secret closed", || !secret.is_connected()).await;

    // A search that matches nothing.
    type_into(&field(&root, m.search_label).unwrap(), "ω");
    until("no match", || {
        text(&root).contains(&as_read(&m.no_match.replace("{query}", "ω")))
    })
    .await;
    assert_translated(&root, locale, "no match");
    drop(tab);

    // A list that failed in part, and an empty tenant.
    let partial = neutral();
    partial.fail_with(
        "list:AccountAccess",
        ApiError::Http {
            status: 503,
            message: None,
            retry_after: None,
        },
    );
    let tab = mount_in(&partial, RwSignal::new(Some(locale.code().to_string())));
    let root: Element = tab.root.clone().into();
    find(&root, "alert", "").await;
    assert_translated(&root, locale, "a partial failure");
    drop(tab);
    let empty = neutral();
    empty.0.borrow_mut().rows.clear();
    let tab = mount_in(&empty, RwSignal::new(Some(locale.code().to_string())));
    let root: Element = tab.root.clone().into();
    find(&root, "button", m.generate_first).await;
    assert_translated(&root, locale, "the empty state");
}

#[wasm_bindgen_test]
async fn german_leaves_no_english_in_the_list_or_any_dialog() {
    walk(Locale::De).await;
}

#[wasm_bindgen_test]
async fn arabic_leaves_no_english_and_reads_right_to_left() {
    walk(Locale::Ar).await;
}

#[wasm_bindgen_test]
async fn french_leaves_no_english_in_the_list_or_any_dialog() {
    walk(Locale::Fr).await;
}

#[wasm_bindgen_test]
async fn japanese_leaves_no_english_in_the_list_or_any_dialog() {
    walk(Locale::Ja).await;
}

#[wasm_bindgen_test]
async fn the_checker_sees_english() {
    // The same walk's check on an English tab must fail: it is not blind.
    let fake = neutral();
    let tab = mount_in(&fake, RwSignal::new(Some("en".into())));
    let root: Element = tab.root.clone().into();
    until("the table", || {
        root.query_selector("tbody tr").unwrap().is_some()
    })
    .await;
    let english = english_in(&everything_said(&root), &[]);
    for phrase in [
        "Generate token",
        "Search by description, ID or role",
        "Never",
    ] {
        assert!(
            english.contains(&phrase),
            "{phrase} not seen in {english:?}"
        );
    }
}

#[wasm_bindgen_test]
fn the_checker_sees_english_glued_to_japanese() {
    // Japanese puts no space between words, so an English word in a Japanese sentence touches
    // kana or kanji on both sides: still English.
    let said = "このトークンをDeleteしますか？";
    assert_eq!(english_in(said, &[]), ["Delete"]);
    assert_eq!(english_in("トークンを削除しますか？Never", &[]), ["Never"]);
    assert!(english_in("Generate token済み", &[]).contains(&"Generate token"));
    // Inside a longer English word, or a Latin one, it is no word of its own.
    assert!(english_in("Undeleted トークン", &[]).is_empty());
    assert!(english_in("削除 Deleteur", &[]).is_empty());
    assert!(english_in(
        &Locale::Ja.messages().delete_title.replace("{name}", "α"),
        &[]
    )
    .is_empty());
}

/// The reasons an action on a token above the user is disabled, and the description form's
/// refusal of a hidden character, in every translation.
#[wasm_bindgen_test]
async fn the_level_rule_and_hidden_characters_speak_every_language() {
    for locale in [Locale::De, Locale::Ar, Locale::Fr, Locale::Ja] {
        let m: &Messages = locale.messages();
        let fake = neutral_from(FakeApi::with_level_rule());
        {
            let mut s = fake.0.borrow_mut();
            s.rows[0].role_ids = vec!["r-owner".into()];
            s.rows[4].permission_ids = vec!["perm-fe.secure.*".into()];
        }
        let tab = mount_in(&fake, RwSignal::new(Some(locale.code().to_string())));
        let root: Element = tab.root.clone().into();
        until("the table", || {
            root.query_selector("tbody tr").unwrap().is_some()
        })
        .await;
        // The first row holds the owner role (R0 here), the fifth a permission not the user's.
        for (name, reason) in [
            ("α-1", fill(m.roll_blocked, &[("role", "R0")])),
            (
                "ε-5",
                fill(m.blocked_permission, &[("permission", "perm-fe.secure.*")]),
            ),
        ] {
            let button = find(&root, "button", &fill(m.actions_for, &[("name", name)])).await;
            click(&button);
            let menu = find(&root, "menu", "").await;
            for label in [m.roll_secret, m.edit, m.delete] {
                let item = find(&menu, "menuitem", label).await;
                assert_eq!(item.get_attribute("aria-disabled").as_deref(), Some("true"));
                let id = item.get_attribute("aria-describedby").unwrap();
                assert_eq!(
                    text(&by_id(&item, &id).unwrap()),
                    as_read(&reason),
                    "{label}"
                );
            }
            assert_translated(&root, locale, "a menu of a token above the user");
            press(&menu, "Escape");
            until("the menu closed", || !menu.is_connected()).await;
        }
        // A description of only a zero width space: refused before sending, saying why.
        click(&find(&root, "button", m.generate_token).await);
        let dialog = find(&root, "dialog", "").await;
        type_into(&field(&root, m.description_label).unwrap(), "\u{200B}");
        submit_dialog(&root);
        let why = Tr::new(locale, locale.code()).description_error(
            api_tokens_tab::model::validate::DescriptionError::Hidden {
                code: 0x200B,
                at: 1,
            },
        );
        until("the refusal", || text(&dialog).contains(&as_read(&why))).await;
        assert_translated(&root, locale, "a hidden character refused");
        assert_eq!(fake.calls("create"), 0);
        drop(tab);
    }
}

#[wasm_bindgen_test]
fn plurals_and_numbers_follow_each_language() {
    let ar = Tr::new(Locale::Ar, "ar");
    let forms: Vec<String> = [0, 1, 2, 3, 11, 100]
        .into_iter()
        .map(|n| ar.count(&ar.m.token_count, n))
        .collect();
    assert_eq!(forms[0], "لا توجد رموز");
    assert_eq!(forms[1], "رمز واحد");
    assert_eq!(forms[2], "رمزان");
    let nf = |tag: &str, n: f64| {
        let f = js_sys::Intl::NumberFormat::new(
            &js_sys::Array::of1(&tag.into()),
            &js_sys::Object::new(),
        );
        f.format()
            .call1(&f, &n.into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(forms[3], format!("{} رموز", nf("ar", 3.0)), "few (3–10)");
    assert_eq!(forms[4], format!("{} رمزًا", nf("ar", 11.0)), "many (11–99)");
    assert_eq!(forms[5], format!("{} رمز", nf("ar", 100.0)), "other (100+)");

    let de = Tr::new(Locale::De, "de");
    assert_eq!(de.count(&de.m.token_count, 1), "1 Token");
    assert_eq!(de.count(&de.m.token_count, 10_000), "10.000 Tokens");
    assert_eq!(de.wait(90), "1 Minute 30 Sekunden");
    let en = Tr::new(Locale::En, "en");
    assert_eq!(en.count(&en.m.token_count, 10_000), "10,000 tokens");

    // French: "one" covers 0 and 1; numbers grouped with a narrow no-break space by Intl.
    let fr = Tr::new(Locale::Fr, "fr");
    assert_eq!(fr.count(&fr.m.token_count, 0), "0 jeton");
    assert_eq!(fr.count(&fr.m.token_count, 1), "1 jeton");
    assert_eq!(fr.count(&fr.m.token_count, 2), "2 jetons");
    assert_eq!(
        fr.count(&fr.m.token_count, 10_000),
        format!("{} jetons", nf("fr", 10_000.0))
    );
    assert_ne!(nf("fr", 10_000.0), "10000", "grouped by Intl");
    assert_eq!(fr.wait(90), "1 minute 30 secondes");
    // Japanese: one form for every count, no space anywhere.
    let ja = Tr::new(Locale::Ja, "ja");
    for n in [0, 1, 2, 5, 11] {
        assert_eq!(ja.plural_category(n), "other", "{n}");
    }
    assert_eq!(ja.count(&ja.m.token_count, 1), "1件のトークン");
    assert_eq!(ja.count(&ja.m.token_count, 10_000), "10,000件のトークン");
    assert_eq!(ja.wait(90), "1分30秒");
    assert_eq!(ja.wait(2), "2秒");

    // Relative times and dates come from Intl in the locale's words.
    // Noon UTC on 28 Nov 2026: the same day in every time zone within ±12 h.
    let now = 1_795_824_000_000 + 12 * 3_600_000;
    assert_eq!(de.relative(now + 3 * 86_400_000, now), "in 3 Tagen");
    assert_eq!(de.relative(now - 86_400_000, now), "gestern");
    assert_eq!(en.relative(now - 5 * 3_600_000, now), "5 hours ago");
    assert!(ar.relative(now + 3 * 86_400_000, now).contains("أيام"));
    assert_eq!(de.date(now), "28.11.2026");
    assert_eq!(fr.relative(now + 3 * 86_400_000, now), "dans 3 jours");
    assert_eq!(fr.relative(now - 86_400_000, now), "hier");
    // Intl's own spacing (CLDR puts a space between a number and 日 in some versions).
    let in_3 = ja.relative(now + 3 * 86_400_000, now);
    assert!(["3日後", "3 日後"].contains(&in_3.as_str()), "{in_3}");
    assert_eq!(ja.relative(now - 86_400_000, now), "昨日");
    assert_eq!(ja.date(now), "2026/11/28");
    assert!(fr.date(now).contains("nov"), "{}", fr.date(now));
    assert_eq!(
        Tr::new(Locale::De, "de-CH").date_time(now),
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&"de-CH".into()), &{
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"dateStyle".into(), &"medium".into()).unwrap();
            js_sys::Reflect::set(&o, &"timeStyle".into(), &"short".into()).unwrap();
            o
        },)
        .format()
        .call1(&JsValue::NULL, &js_sys::Date::new(&(now as f64).into()))
        .unwrap()
        .as_string()
        .unwrap(),
        "a regional tag keeps its regional format"
    );
}

#[wasm_bindgen_test]
async fn without_a_locale_the_browser_language_speaks_and_a_runtime_switch_keeps_input() {
    let fake = neutral();
    let locale = RwSignal::new(None::<String>);
    let tab = mount_in(&fake, locale);
    let root: Element = tab.root.clone().into();
    until("the table", || {
        root.query_selector("tbody tr").unwrap().is_some()
    })
    .await;
    let section = root.query_selector("section.att").unwrap().unwrap();
    let browser = web_sys::window().unwrap().navigator().language().unwrap();
    assert_eq!(
        section.get_attribute("lang"),
        Some(browser.clone()),
        "the browser's tag"
    );

    // An unsupported request falls back to the browser's language: not to a raw key, and not
    // to the language asked for before it (German first, so the change is seen to happen).
    let de = Locale::De.messages();
    locale.set(Some("de".into()));
    find(&root, "button", de.generate_token).await;
    assert_eq!(section.get_attribute("lang").as_deref(), Some("de"));
    locale.set(Some("pt".into()));
    let (spoken, _) = Locale::negotiate(None, std::slice::from_ref(&browser));
    find(&root, "button", spoken.messages().generate_token).await;
    assert_eq!(
        section.get_attribute("lang"),
        Some(browser.clone()),
        "pt is not spoken: the browser's tag again"
    );
    let en = Locale::En.messages();

    // Type in the generate form, then switch to Arabic and back: the dialog stays open,
    // re-labelled, with the text and choices intact.
    click(&find(&root, "button", en.generate_token).await);
    find(&root, "dialog", en.generate_client_credentials).await;
    type_into(&field(&root, en.description_label).unwrap(), "keep me");
    let ar = Locale::Ar.messages();
    locale.set(Some("ar".into()));
    let dialog = find(&root, "dialog", ar.generate_client_credentials).await;
    assert_eq!(section.get_attribute("dir").as_deref(), Some("rtl"));
    let input = field(&root, ar.description_label).expect("the Arabic label");
    assert_eq!(input.value(), "keep me");
    assert_translated(&root, Locale::Ar, "after switching at run time");
    locale.set(Some("en".into()));
    find(&dialog, "button", en.generate_token).await;
    assert_eq!(section.get_attribute("dir").as_deref(), Some("ltr"));
    assert_eq!(
        field(&root, en.description_label).unwrap().value(),
        "keep me"
    );
}

#[wasm_bindgen_test]
fn a_browser_without_relative_time_formatting_still_gets_words() {
    // Safari before 14 has no Intl.RelativeTimeFormat: the tab must not panic. A tag not used
    // elsewhere in the tests, so its formatters are built while the constructor is missing.
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).unwrap();
    let saved = js_sys::Reflect::get(&intl, &"RelativeTimeFormat".into()).unwrap();
    js_sys::Reflect::delete_property(
        intl.unchecked_ref::<js_sys::Object>(),
        &"RelativeTimeFormat".into(),
    )
    .unwrap();
    let t = Tr::new(Locale::En, "en-NZ");
    let now = 1_795_824_000_000 + 12 * 3_600_000;
    let said = t.relative(now + 3 * 86_400_000, now);
    let dated = t.date(now);
    js_sys::Reflect::set(&intl, &"RelativeTimeFormat".into(), &saved).unwrap();
    assert_eq!(said, "in 3 days");
    assert!(
        dated.contains("2026"),
        "the other formatters still work: {dated}"
    );
}

/// Our extension in every translation: the Last used column, its sorts, the unused filter and
/// its count, and the expiry policy's rule and refusal.
#[wasm_bindgen_test]
async fn the_lifecycle_extension_speaks_every_language() {
    for locale in [Locale::De, Locale::Ar, Locale::Fr, Locale::Ja] {
        let m: &Messages = locale.messages();
        let fake = neutral_from(FakeApi::with_lifecycle(Some(90.0 * 1440.0)));
        if let Some(l) = fake.0.borrow_mut().lifecycle.as_mut() {
            l.rotation = Some(true);
            l.history = Some(true);
        }
        let tab = mount_in(&fake, RwSignal::new(Some(locale.code().to_string())));
        let root: Element = tab.root.clone().into();
        until("the table", || {
            root.query_selector("tbody tr").unwrap().is_some()
        })
        .await;
        assert!(text(&root).contains(m.col_last_used) && text(&root).contains(m.never_used));
        set_checked(&field(&root, m.unused_filter).unwrap(), true);
        assert_translated(
            &root,
            locale,
            "the list with last use and the unused filter",
        );

        click(&find(&root, "button", m.generate_token).await);
        let dialog = find(&root, "dialog", "").await;
        pick_expiration(&dialog, "custom");
        until("the date field", || field(&root, m.expires_on).is_some()).await;
        // 120 days ahead: within ten years, past the policy.
        let far = js_sys::Date::new(&(common::fake::js_now() as f64 + 120.0 * 86_400_000.0).into());
        let far = format!(
            "{:04}-{:02}-{:02}",
            far.get_full_year(),
            far.get_month() + 1,
            far.get_date()
        );
        type_into(&field(&root, m.expires_on).unwrap(), &far);
        submit_dialog(&root);
        let refusal = Tr::new(locale, locale.code()).expiry_error(
            api_tokens_tab::model::time::ExpiryError::BeyondPolicy {
                max_minutes: 90 * 1440,
            },
        );
        until("the policy's refusal", || {
            text(&dialog).contains(&as_read(&refusal))
        })
        .await;
        assert_translated(&root, locale, "the generate form under a policy");
        click(&find(&dialog, "button", m.cancel).await);
        until("generate closed", || !dialog.is_connected()).await;

        // A roll, its secret, the grace window on the row, ending it, the details.
        set_checked(&field(&root, m.unused_filter).unwrap(), false);
        let menu_button = find(&root, "button", &fill(m.actions_for, &[("name", "α-1")])).await;
        click(&menu_button);
        find(&root, "menu", "").await;
        assert_translated(&root, locale, "the row menu with rolls and details");
        click(&find(&root, "menuitem", m.roll_secret).await);
        let dialog = find(&root, "dialog", "").await;
        assert_translated(&root, locale, "the roll dialog");
        click(&find(&dialog, "button", m.roll_confirm).await);
        let secret = find(&root, "dialog", m.secret_title).await;
        set_checked(&field(&root, m.copied_it).unwrap(), true);
        let done = find(&secret, "button", m.done).await;
        until("Done enabled", || !done.has_attribute("disabled")).await;
        click(&done);
        until("secret closed", || !secret.is_connected()).await;
        assert_translated(&root, locale, "a row in a grace window");
        // The row was built again with its window: its menu button is a new one.
        let menu_button = find(&root, "button", &fill(m.actions_for, &[("name", "α-1")])).await;
        click(&menu_button);
        click(&find(&root, "menuitem", m.expire_previous).await);
        let dialog = find(&root, "alertdialog", "").await;
        assert_translated(&root, locale, "ending the previous secret");
        click(&find(&dialog, "button", m.cancel).await);
        until("expire closed", || !dialog.is_connected()).await;
        click(&menu_button);
        click(&find(&root, "menuitem", m.details).await);
        let dialog = find(&root, "dialog", "").await;
        until("the history", || text(&dialog).contains(m.history_empty)).await;
        assert_translated(&root, locale, "the details");
        drop(tab);
    }
}

/// Every message of `source` under `tag`, as a host would give a whole catalog for a language
/// the tab does not ship (plurals by their forms).
fn whole_catalog(tag: &str, source: Locale) -> VendorMessages {
    let text = |t: &str| Value::Str(t.to_string());
    let words = source
        .messages()
        .entries()
        .into_iter()
        .map(|(key, entry)| {
            let said = match entry {
                Entry::Text(t) => text(t),
                Entry::Plural(p) => Value::Map(vec![
                    ("one".into(), text(p.one)),
                    ("other".into(), text(p.other)),
                ]),
            };
            (key.to_string(), said)
        })
        .collect();
    VendorMessages::parse(Value::Map(vec![(tag.into(), Value::Map(words))])).unwrap()
}

#[wasm_bindgen_test]
async fn a_whole_locale_of_the_hosts_speaks_in_the_list_and_the_dialogs() {
    // French words under a tag the tab does not ship: none of ours may show through.
    let m = Locale::Fr.messages();
    let messages = RwSignal::new(Some(whole_catalog("pt-BR", Locale::Fr)));
    let locale = RwSignal::new(Some("pt-BR".to_string()));
    let fake = neutral();
    let api = fake.as_api();
    let tab = mount(move || view! { <ApiTokensTabWith api=api locale=locale messages=messages /> });
    let root: Element = tab.root.clone().into();
    until("the table", || {
        root.query_selector("tbody tr").unwrap().is_some()
    })
    .await;
    let section = root.query_selector("section.att").unwrap().unwrap();
    assert_eq!(section.get_attribute("lang").as_deref(), Some("pt-BR"));
    assert_eq!(section.get_attribute("dir").as_deref(), Some("ltr"));
    assert_translated(&root, Locale::Fr, "a host's whole locale: the list");
    click(&find(&root, "button", m.generate_token).await);
    let dialog = find(&root, "dialog", m.generate_client_credentials).await;
    submit_dialog(&root);
    until("field errors", || {
        text(&dialog).contains(m.enter_description)
    })
    .await;
    assert_translated(
        &root,
        Locale::Fr,
        "a host's whole locale: the generate form",
    );
    type_into(&field(&root, m.description_label).unwrap(), "garder");

    // Without the host's words the tag is not spoken: English (the browser's language in
    // the test browsers), the dialog still open with what was typed.
    messages.set(None);
    let en = Locale::En.messages();
    find(&root, "dialog", en.generate_client_credentials).await;
    assert_eq!(
        field(&root, en.description_label).unwrap().value(),
        "garder"
    );
}

/// The tab's `<h2>` title inside `host`'s shadow root, once it is there.
async fn title_in(host: &Element) -> String {
    until("the tab", || {
        host.shadow_root()
            .and_then(|r| r.query_selector("h2.att-title").ok().flatten())
            .is_some()
    })
    .await;
    let h2 = host
        .shadow_root()
        .unwrap()
        .query_selector("h2.att-title")
        .unwrap()
        .unwrap();
    text(&h2)
}

fn new_host() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    host
}

fn js(source: &str) -> JsValue {
    js_sys::eval(&format!("({source})")).unwrap()
}

fn error_message(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    String::from(v.dyn_into::<js_sys::Error>().expect("a JS Error").message())
}

#[wasm_bindgen_test]
async fn the_hosts_override_replaces_its_message_and_update_changes_it_in_place() {
    // Through the JavaScript door, with a plain object (no backend: the list fails to load,
    // the header is there all the same).
    let host = new_host();
    let handle = mount_api_tokens(
        host.clone().into(),
        js("{ locale: 'en', messages: { en: { title: 'API keys', lead: 'Keys for your services.' } } }"),
    )
    .unwrap_or_else(|e| panic!("{}", error_message(e)));
    assert_eq!(title_in(&host).await, "API keys");
    let root = host.shadow_root().unwrap();
    let lead = root.query_selector(".att-lead").unwrap().unwrap();
    assert_eq!(text(&lead), "Keys for your services.");
    let en = Locale::En.messages();

    // German is not English: its own title. Then other words, then none.
    handle
        .update(js(
            "{ locale: 'de', messages: { en: { title: 'API keys' } } }",
        ))
        .unwrap();
    until("German", || {
        text(&root.query_selector("h2").unwrap().unwrap()) == "API-Tokens"
    })
    .await;
    handle
        .update(js(
            "{ locale: 'en-GB', messages: { en: { title: 'Keys' } } }",
        ))
        .unwrap();
    until("the new words", || {
        text(&root.query_selector("h2").unwrap().unwrap()) == "Keys"
    })
    .await;
    handle.update(js("{ locale: 'en' }")).unwrap();
    until("ours again", || {
        text(&root.query_selector("h2").unwrap().unwrap()) == en.title
    })
    .await;
    // A mistake in an update is refused and changes nothing.
    let refused = handle
        .update(js("{ messages: { en: { titel: 'x' } } }"))
        .unwrap_err();
    assert!(error_message(refused).contains("unknown message \"titel\" in \"en\""));
    assert_eq!(text(&root.query_selector("h2").unwrap().unwrap()), en.title);
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
fn each_kind_of_mistake_in_the_hosts_words_is_refused_naming_the_key_and_the_locale() {
    let o = "api-tokens-tab: option \"messages\"";
    let cases = [
        (
            "{ en: { titel: 'API keys' } }",
            format!("{o}: unknown message \"titel\" in \"en\" (docs/messages.md lists the keys)"),
        ),
        (
            "{ 'pt-BR': { deleted_notice: 'Excluído.' } }",
            format!("{o}: message \"deleted_notice\" in \"pt-BR\" lacks the placeholder {{name}}"),
        ),
        (
            "{ fr: { title: 'Jetons de {org}' } }",
            format!("{o}: message \"title\" in \"fr\" has {{org}}, which it cannot fill (it takes no placeholder)"),
        ),
        (
            "{ ja: { delete_title: '「{nom}」を削除しますか？' } }",
            format!("{o}: message \"delete_title\" in \"ja\" has {{nom}}, which it cannot fill (its placeholders: {{name}})"),
        ),
        (
            "{ en: { token_count: { one: '{n} key' } } }",
            format!("{o}: message \"token_count\" in \"en\" needs its \"other\" form (the one said for any count)"),
        ),
        (
            "{ en: { token_count: { one: '{n} key', other: '{n} keys', lots: 'x' } } }",
            format!("{o}: message \"token_count\" in \"en\" has no plural form \"lots\" (its forms: zero, one, two, few, many, other)"),
        ),
        (
            "{ en: { title: 42 } }",
            format!("{o}: message \"title\" in \"en\" must be a string (got a number)"),
        ),
        (
            "{ de: { title: '' } }",
            format!("{o}: message \"title\" in \"de\" is empty"),
        ),
        (
            "{ english: { title: 'x' } }",
            format!("{o}: \"english\" is not a language tag like \"en\" or \"pt-BR\""),
        ),
        (
            "{ en: 'API keys' }",
            format!("{o}: \"en\" must be an object of messages by key (got a string)"),
        ),
        (
            "[{ en: {} }]",
            format!("{o} must be an object of catalogs by language tag, like {{ en: {{ title: \"API keys\" }} }} (got an array)"),
        ),
    ];
    for (messages, expected) in cases {
        let host = new_host();
        let refused = mount_api_tokens(
            host.clone().into(),
            js(&format!("{{ messages: {messages} }}")),
        );
        match refused {
            Ok(_) => panic!("{messages} was taken"),
            Err(e) => assert_eq!(error_message(e), expected, "{messages}"),
        }
        assert!(
            host.shadow_root().is_none(),
            "nothing mounted for {messages}"
        );
        host.remove();
    }
}
