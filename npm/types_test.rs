//! The npm package's hand-written TypeScript declarations (`npm/*.d.ts`) held to the Rust they
//! describe, on every `cargo test`: the options to [`HOST_OPTIONS`], the element's attributes to
//! their attribute names, the `onEvent` union to [`TabEvent`] (each event's `type` and fields).
//! `npm/test/types.test.mjs` checks the other side: that hosts' TypeScript compiles against them.

use crate::config::options::HOST_OPTIONS;
use crate::events::TabEvent;
use crate::model::{Owner, TokenType};

const MODULE: &str = include_str!("api-tokens-tab.d.ts");
const ELEMENT: &str = include_str!("element.d.ts");

/// The body of the declaration that starts with `start` (up to its closing `}` at column 0).
fn body<'a>(src: &'a str, start: &str) -> &'a str {
    src.split_once(start)
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .unwrap_or_else(|| panic!("no `{start} ... }}` in the declarations"))
        .0
}

/// The property names of an interface body, in order (comments skipped, quotes and `?` off).
fn properties(body: &str) -> Vec<String> {
    body.lines()
        .map(str::trim)
        .filter(|l| !(l.is_empty() || l.starts_with("/") || l.starts_with('*')))
        .filter_map(|l| l.split_once(':').map(|(name, _)| name))
        .map(|name| name.trim_end_matches('?').trim_matches('"').to_string())
        .collect()
}

/// `token_type` -> `tokenType`.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_option_types_are_the_host_options() {
    let declared = properties(body(MODULE, "export interface ApiTokensOptionTypes {"));
    let options: Vec<&str> = HOST_OPTIONS.iter().map(|o| o.name).collect();
    assert_eq!(
        declared, options,
        "ApiTokensOptionTypes in npm/api-tokens-tab.d.ts (same names, same order as HOST_OPTIONS)"
    );
}

#[test]
fn the_element_attributes_are_the_host_options() {
    let declared = properties(body(ELEMENT, "export interface ApiTokensTabAttributes {"));
    let attributes: Vec<String> = HOST_OPTIONS.iter().filter_map(|o| o.attribute()).collect();
    assert_eq!(
        declared, attributes,
        "ApiTokensTabAttributes in npm/element.d.ts"
    );
}

/// One of each event, with the fields the embed's `event_object` sends (the Rust fields in
/// camelCase). A new variant fails to compile here until it is added, and then this test until
/// the declarations have it.
fn every_event() -> Vec<TabEvent> {
    let (id, owner, token_type) = (String::from("t"), Owner::Account, TokenType::AccessToken);
    let events = vec![
        TabEvent::Created {
            id: id.clone(),
            owner,
            token_type,
        },
        TabEvent::Deleted {
            id: id.clone(),
            owner,
            token_type,
            already_gone: false,
        },
        TabEvent::Updated { id: id.clone() },
        TabEvent::Rotated {
            id,
            owner,
            token_type,
        },
        TabEvent::Error {
            operation: "load",
            message: String::new(),
            status: None,
        },
    ];
    for e in &events {
        match e {
            TabEvent::Created { .. }
            | TabEvent::Deleted { .. }
            | TabEvent::Updated { .. }
            | TabEvent::Rotated { .. }
            | TabEvent::Error { .. } => {}
        }
    }
    events
}

#[test]
fn the_event_union_is_the_tab_events_with_their_fields() {
    let union = MODULE
        .split_once("export type ApiTokensEvent =")
        .and_then(|(_, rest)| rest.split_once(';'))
        .expect("npm/api-tokens-tab.d.ts declares `export type ApiTokensEvent = ...;`")
        .0;
    let members: Vec<&str> = union
        .split('|')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    let events = every_event();
    assert_eq!(members.len(), events.len(), "ApiTokensEvent: {members:?}");
    for e in &events {
        // The Rust fields, from the Debug form: `Created { id: "t", owner: Account, ... }`.
        let debug = format!("{e:?}");
        let fields: Vec<String> = debug
            .split_once('{')
            .map(|(_, f)| f.trim_end_matches('}'))
            .unwrap_or("")
            .split(", ")
            .filter_map(|f| f.split_once(':').map(|(name, _)| camel(name.trim())))
            .collect();
        let mut expected = vec!["type".to_string()];
        expected.extend(fields);
        let member = members
            .iter()
            .find(|m| {
                body(MODULE, &format!("export interface {m} {{"))
                    .contains(&format!("type: \"{}\";", e.kind()))
            })
            .unwrap_or_else(|| panic!("no member of ApiTokensEvent has type \"{}\"", e.kind()));
        let declared = properties(body(MODULE, &format!("export interface {member} {{")));
        assert_eq!(
            declared,
            expected,
            "the fields of {member} (\"{}\")",
            e.kind()
        );
    }
}

/// The members of `export type NAME = | "a" | "b";`.
fn literals(src: &str, name: &str) -> Vec<String> {
    src.split_once(&format!("export type {name} ="))
        .and_then(|(_, rest)| rest.split_once(';'))
        .unwrap_or_else(|| panic!("no `export type {name} = ...;` in npm/api-tokens-tab.d.ts"))
        .0
        .split('|')
        .map(|m| m.trim().trim_matches('"').to_string())
        .filter(|m| !m.is_empty())
        .collect()
}

#[test]
fn the_message_keys_are_the_catalogs_keys() {
    use crate::i18n::{Entry, Locale, Messages};
    let english = Locale::En.messages();
    let (mut text, mut plural) = (Vec::new(), Vec::new());
    for (i, key) in Messages::KEYS.iter().enumerate() {
        match english.entry(i).expect("a key has an entry") {
            Entry::Text(_) => text.push(key.to_string()),
            Entry::Plural(_) => plural.push(key.to_string()),
        }
    }
    assert_eq!(
        literals(MODULE, "ApiTokensTextKey"),
        text,
        "ApiTokensTextKey in npm/api-tokens-tab.d.ts: the text messages of Messages::KEYS, in order"
    );
    assert_eq!(
        literals(MODULE, "ApiTokensPluralKey"),
        plural,
        "ApiTokensPluralKey in npm/api-tokens-tab.d.ts: the plural messages of Messages::KEYS, in order"
    );
}
