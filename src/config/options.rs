//! The host options, defined once: [`HOST_OPTIONS`] names each option and its kind and holds
//! its check; [`parse`] runs them. Every door goes through here: the JavaScript options object
//! of `mountApiTokens`, the `<api-tokens-tab>` element's attributes (which it turns into that
//! object) and the standalone app's `config.json`. A door only says how to read one field (as
//! a [`Value`]); the checks, the defaults (those of [`ApiTokensConfig::default`]) and the
//! messages are here.

use super::{is_language_tag, AccessToken, ApiTokensConfig, Theme, REQUEST_TIMEOUT_RANGE_MS};
use crate::i18n::VendorMessages;
use crate::model::TokenType;

/// What an option holds, as a door hands it over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string; the attribute is taken as written.
    Text,
    /// A number; the element reads the attribute with JavaScript's `Number()`.
    Number,
    /// A JavaScript function: only in the options object, neither an attribute nor a field of
    /// `config.json`.
    Function,
    /// An object (a JSON object in `config.json`); the element reads the attribute with
    /// `JSON.parse()`, and takes the same object as a property.
    Object,
}

/// One host option.
#[derive(Clone, Copy, Debug)]
pub struct HostOption {
    /// Its name in the options object and in `config.json` (`baseUrl`).
    pub name: &'static str,
    /// What kind of value it takes.
    pub kind: Kind,
    /// Checks a value that was given (never [`Value::Absent`]) and sets it on the config.
    check: fn(&HostOption, Value, Door, &mut ApiTokensConfig) -> Result<(), String>,
}

impl HostOption {
    /// The `<api-tokens-tab>` attribute that sets it (`base-url`); functions have none.
    pub fn attribute(&self) -> Option<String> {
        if self.kind == Kind::Function {
            return None;
        }
        let mut out = String::new();
        for c in self.name.chars() {
            if c.is_ascii_uppercase() {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        }
        Some(out)
    }
}

/// The host's token getter: a function answering the user's JWT, or a Promise of it.
pub const GET_ACCESS_TOKEN: &str = "getAccessToken";
/// The host's event handler.
pub const ON_EVENT: &str = "onEvent";

/// Every option a host may set, in the order they are checked (and listed in messages).
pub const HOST_OPTIONS: [HostOption; 11] = [
    HostOption {
        name: "baseUrl",
        kind: Kind::Text,
        check: base_url,
    },
    HostOption {
        name: "urlPrefix",
        kind: Kind::Text,
        check: url_prefix,
    },
    HostOption {
        name: "accessToken",
        kind: Kind::Text,
        check: access_token,
    },
    HostOption {
        name: GET_ACCESS_TOKEN,
        kind: Kind::Function,
        check: get_access_token,
    },
    HostOption {
        name: "tenantId",
        kind: Kind::Text,
        check: tenant_id,
    },
    HostOption {
        name: "tokenTypes",
        kind: Kind::Text,
        check: token_types,
    },
    HostOption {
        name: "locale",
        kind: Kind::Text,
        check: locale,
    },
    HostOption {
        name: "theme",
        kind: Kind::Text,
        check: theme,
    },
    HostOption {
        name: ON_EVENT,
        kind: Kind::Function,
        check: function,
    },
    HostOption {
        name: "requestTimeoutMs",
        kind: Kind::Number,
        check: request_timeout_ms,
    },
    HostOption {
        name: "messages",
        kind: Kind::Object,
        check: messages,
    },
];

/// Where the options come from; it says how mistakes begin and what a blank credential means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Door {
    /// `mountApiTokens(element, options)`, and the element, which calls it. A blank
    /// `accessToken` or `tenantId` is refused: a host that passes one has lost its session.
    Script,
    /// The standalone app's `config.json`. Function options are not read; a blank
    /// `accessToken` or `tenantId` counts as absent, like a template's empty placeholder.
    ConfigJson,
}

impl Door {
    /// How this door's messages begin.
    pub fn prefix(self) -> &'static str {
        match self {
            Door::Script => "api-tokens-tab: ",
            Door::ConfigJson => "config.json: ",
        }
    }
}

/// One field as a door read it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Missing, `null` or `undefined`: the default.
    Absent,
    /// A string.
    Str(String),
    /// A number.
    Num(f64),
    /// A function (the door keeps the function itself).
    Func,
    /// An array, with its items.
    List(Vec<Value>),
    /// An object, with its fields in order.
    Map(Vec<(String, Value)>),
    /// Anything else, in the words of [`Value::describe`].
    Other(&'static str),
}

impl Value {
    /// `"a string"`, `"a number"`, `"an object"`: what was given, never its value (it may be a
    /// token).
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Absent => "null",
            Value::Str(_) => "a string",
            Value::Num(_) => "a number",
            Value::Func => "a function",
            Value::List(_) => "an array",
            Value::Map(_) => "an object",
            Value::Other(what) => what,
        }
    }
}

/// Checks the options `get` reads (by name) and answers the tab's settings: what was not given
/// keeps its default. A mistake is one sentence naming the option and what it must be, begun
/// with [`Door::prefix`]. Function options are only checked to be functions: the JavaScript
/// door takes them itself.
pub fn parse(
    door: Door,
    get: &mut dyn FnMut(&'static str) -> Value,
) -> Result<ApiTokensConfig, String> {
    let mut config = ApiTokensConfig::default();
    for option in &HOST_OPTIONS {
        if door == Door::ConfigJson && option.kind == Kind::Function {
            continue;
        }
        match get(option.name) {
            Value::Absent => {}
            value => (option.check)(option, value, door, &mut config)
                .map_err(|m| format!("{}{m}", door.prefix()))?,
        }
    }
    Ok(config)
}

/// `option "name" must be {expected} (got {got})`.
fn must(option: &HostOption, expected: &str, got: &str) -> String {
    format!("option \"{}\" must be {expected} (got {got})", option.name)
}

/// The string, or the mistake of giving something else.
fn text(option: &HostOption, value: Value) -> Result<String, String> {
    match value {
        Value::Str(s) => Ok(s),
        other => Err(must(option, "a string", other.describe())),
    }
}

/// A string that must not be blank (the value is never echoed: it may be a token).
fn non_blank(
    option: &HostOption,
    value: Value,
    door: Door,
    what: &str,
) -> Result<Option<String>, String> {
    let s = text(option, value)?;
    if !s.trim().is_empty() {
        Ok(Some(s))
    } else if door == Door::ConfigJson {
        Ok(None)
    } else {
        Err(format!(
            "option \"{}\" must be a non-empty string{what}",
            option.name
        ))
    }
}

/// `https://host…` or `http://host…`, with a host and no whitespace.
fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with(['/', '?', '#']))
        && !url.contains(char::is_whitespace)
}

fn base_url(o: &HostOption, v: Value, _: Door, c: &mut ApiTokensConfig) -> Result<(), String> {
    let url = text(o, v)?;
    if url.is_empty() {
        return Ok(());
    }
    if !is_http_url(&url) {
        return Err(must(
            o,
            "an http(s) URL like \"https://api.example.com\"",
            &format!("{url:?}"),
        ));
    }
    c.base_url = Some(url);
    Ok(())
}

/// Any string: an empty one puts nothing between the base URL and `/identity`.
fn url_prefix(o: &HostOption, v: Value, _: Door, c: &mut ApiTokensConfig) -> Result<(), String> {
    c.url_prefix = text(o, v)?;
    Ok(())
}

fn access_token(o: &HostOption, v: Value, d: Door, c: &mut ApiTokensConfig) -> Result<(), String> {
    if let Some(token) = non_blank(o, v, d, " (the user's JWT)")? {
        c.access_token = AccessToken::Fixed(token);
    }
    Ok(())
}

fn get_access_token(
    o: &HostOption,
    v: Value,
    d: Door,
    c: &mut ApiTokensConfig,
) -> Result<(), String> {
    function(o, v, d, c)?;
    if !c.access_token.is_none() {
        return Err(format!(
            "give either option \"accessToken\" or \"{}\", not both",
            o.name
        ));
    }
    Ok(())
}

fn function(o: &HostOption, v: Value, _: Door, _: &mut ApiTokensConfig) -> Result<(), String> {
    match v {
        Value::Func => Ok(()),
        other => Err(must(o, "a function", other.describe())),
    }
}

fn tenant_id(o: &HostOption, v: Value, d: Door, c: &mut ApiTokensConfig) -> Result<(), String> {
    c.tenant_id = non_blank(o, v, d, "")?;
    Ok(())
}

/// `"clientCredentials"` or `"accessToken"` (any case, a few spellings), or an array of one.
fn token_types(o: &HostOption, v: Value, _: Door, c: &mut ApiTokensConfig) -> Result<(), String> {
    const EXPECTED: &str = "\"clientCredentials\" or \"accessToken\" (or an array holding one)";
    let one = match v {
        Value::List(mut items) if items.len() == 1 => items.remove(0),
        list @ Value::List(_) => return Err(must(o, EXPECTED, list.describe())),
        one => one,
    };
    let Value::Str(s) = one else {
        return Err(must(o, EXPECTED, one.describe()));
    };
    c.token_type = Some(match s.to_ascii_lowercase().as_str() {
        "clientcredentials" | "client-credentials" => TokenType::ClientCredentials,
        "accesstoken" | "accesstokens" | "access-token" => TokenType::AccessToken,
        _ => return Err(must(o, EXPECTED, &format!("{s:?}"))),
    });
    Ok(())
}

/// A BCP 47 tag; empty: the page's language.
fn locale(o: &HostOption, v: Value, _: Door, c: &mut ApiTokensConfig) -> Result<(), String> {
    let tag = text(o, v)?;
    if tag.is_empty() {
        return Ok(());
    }
    if !is_language_tag(&tag) {
        return Err(must(
            o,
            "a language tag like \"en\" or \"de-CH\"",
            &format!("{tag:?}"),
        ));
    }
    c.locale = Some(tag);
    Ok(())
}

/// `light`, `dark` or `auto`; empty: `auto`.
fn theme(o: &HostOption, v: Value, _: Door, c: &mut ApiTokensConfig) -> Result<(), String> {
    let name = text(o, v)?;
    if name.is_empty() {
        return Ok(());
    }
    c.theme = Theme::parse(&name)
        .ok_or_else(|| must(o, "\"light\", \"dark\" or \"auto\"", &format!("{name:?}")))?;
    Ok(())
}

/// The host's words by language tag ([`VendorMessages::parse`] checks them).
fn messages(o: &HostOption, v: Value, _: Door, c: &mut ApiTokensConfig) -> Result<(), String> {
    let checked = VendorMessages::parse(v).map_err(|m| format!("option \"{}\"{m}", o.name))?;
    c.messages = Some(checked);
    Ok(())
}

fn request_timeout_ms(
    o: &HostOption,
    v: Value,
    _: Door,
    c: &mut ApiTokensConfig,
) -> Result<(), String> {
    let range = REQUEST_TIMEOUT_RANGE_MS;
    match v {
        Value::Num(ms)
            if ms.fract() == 0.0 && range.contains(&(ms.clamp(0.0, u32::MAX.into()) as u32)) =>
        {
            c.request_timeout_ms = ms as u32;
            Ok(())
        }
        other => Err(must(
            o,
            &format!(
                "a whole number of milliseconds from {} to {}",
                range.start(),
                range.end()
            ),
            other.describe(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `fields` (name and value pairs) through `door`.
    fn parse_with(door: Door, fields: Vec<(&str, Value)>) -> Result<ApiTokensConfig, String> {
        parse(door, &mut |name| {
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Absent)
        })
    }

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn every_option_is_read_into_the_config_and_the_rest_keep_their_defaults() {
        let c = parse_with(
            Door::Script,
            vec![
                ("baseUrl", s("https://api.example.com")),
                ("urlPrefix", s("")),
                ("accessToken", s("jwt")),
                ("tenantId", s("t1")),
                ("tokenTypes", Value::List(vec![s("Access-Token")])),
                ("locale", s("de-CH")),
                ("theme", s("dark")),
                ("onEvent", Value::Func),
                ("requestTimeoutMs", Value::Num(1500.0)),
                (
                    "messages",
                    Value::Map(vec![(
                        "en".into(),
                        Value::Map(vec![("title".into(), s("API keys"))]),
                    )]),
                ),
            ],
        )
        .unwrap();
        assert_eq!(
            c.messages,
            Some(VendorMessages::from_texts(&[("en", &[("title", "API keys")])]).unwrap())
        );
        assert_eq!(c.base_url.as_deref(), Some("https://api.example.com"));
        assert_eq!(c.url_prefix, "");
        assert_eq!(c.access_token, AccessToken::Fixed("jwt".into()));
        assert_eq!(c.tenant_id.as_deref(), Some("t1"));
        assert_eq!(c.token_type, Some(TokenType::AccessToken));
        assert_eq!(c.locale.as_deref(), Some("de-CH"));
        assert_eq!(c.theme, Theme::Dark);
        assert_eq!(c.request_timeout_ms, 1500);
        for door in [Door::Script, Door::ConfigJson] {
            assert_eq!(
                parse_with(door, vec![]).unwrap(),
                ApiTokensConfig::default()
            );
            // Empty means the default where there is one.
            let empty = ["baseUrl", "locale", "theme"].map(|n| (n, s("")));
            assert_eq!(
                parse_with(door, empty.to_vec()).unwrap(),
                ApiTokensConfig::default()
            );
        }
    }

    #[test]
    fn mistakes_name_the_option_and_what_it_must_be_the_same_in_every_door() {
        let cases: Vec<(Vec<(&str, Value)>, &str)> = vec![
            (
                vec![("baseUrl", Value::Num(5.0))],
                "option \"baseUrl\" must be a string (got a number)",
            ),
            (
                vec![("baseUrl", s("ftp://x.test"))],
                "option \"baseUrl\" must be an http(s) URL like \"https://api.example.com\" (got \"ftp://x.test\")",
            ),
            (
                vec![("urlPrefix", Value::Other("a boolean"))],
                "option \"urlPrefix\" must be a string (got a boolean)",
            ),
            (
                vec![("tenantId", Value::List(vec![]))],
                "option \"tenantId\" must be a string (got an array)",
            ),
            (
                vec![("tokenTypes", s("both"))],
                "option \"tokenTypes\" must be \"clientCredentials\" or \"accessToken\" (or an array holding one) (got \"both\")",
            ),
            (
                vec![("tokenTypes", Value::List(vec![s("accessToken"), s("clientCredentials")]))],
                "option \"tokenTypes\" must be \"clientCredentials\" or \"accessToken\" (or an array holding one) (got an array)",
            ),
            (
                vec![("tokenTypes", Value::List(vec![Value::Num(1.0)]))],
                "option \"tokenTypes\" must be \"clientCredentials\" or \"accessToken\" (or an array holding one) (got a number)",
            ),
            (
                vec![("locale", s("english"))],
                "option \"locale\" must be a language tag like \"en\" or \"de-CH\" (got \"english\")",
            ),
            (
                vec![("theme", s("neon"))],
                "option \"theme\" must be \"light\", \"dark\" or \"auto\" (got \"neon\")",
            ),
            (
                vec![("requestTimeoutMs", Value::Num(999.0))],
                "option \"requestTimeoutMs\" must be a whole number of milliseconds from 1000 to 300000 (got a number)",
            ),
            (
                vec![("requestTimeoutMs", Value::Num(1500.5))],
                "option \"requestTimeoutMs\" must be a whole number",
            ),
            (
                vec![("requestTimeoutMs", Value::Num(f64::NAN))],
                "option \"requestTimeoutMs\" must be a whole number",
            ),
            (
                vec![("messages", s("{}"))],
                "option \"messages\" must be an object of catalogs by language tag",
            ),
            (
                vec![(
                    "messages",
                    Value::Map(vec![(
                        "de".into(),
                        Value::Map(vec![("titel".into(), s("Schlüssel"))]),
                    )]),
                )],
                "option \"messages\": unknown message \"titel\" in \"de\"",
            ),
            (
                vec![("requestTimeoutMs", s("5000"))],
                "option \"requestTimeoutMs\" must be a whole number of milliseconds from 1000 to 300000 (got a string)",
            ),
        ];
        for (fields, expected) in cases {
            for door in [Door::Script, Door::ConfigJson] {
                let message = parse_with(door, fields.clone()).unwrap_err();
                assert!(
                    message.starts_with(door.prefix()) && message.contains(expected),
                    "{message:?} should contain {expected:?}"
                );
            }
        }
    }

    #[test]
    fn functions_and_blank_credentials_depend_on_the_door() {
        let script = |fields| parse_with(Door::Script, fields).unwrap_err();
        assert_eq!(
            script(vec![("accessToken", s(" "))]),
            "api-tokens-tab: option \"accessToken\" must be a non-empty string (the user's JWT)"
        );
        assert_eq!(
            script(vec![("tenantId", s(""))]),
            "api-tokens-tab: option \"tenantId\" must be a non-empty string"
        );
        assert_eq!(
            script(vec![
                ("accessToken", s("a")),
                ("getAccessToken", Value::Func)
            ]),
            "api-tokens-tab: give either option \"accessToken\" or \"getAccessToken\", not both"
        );
        assert_eq!(
            script(vec![("getAccessToken", s("jwt"))]),
            "api-tokens-tab: option \"getAccessToken\" must be a function (got a string)"
        );
        assert_eq!(
            script(vec![("onEvent", Value::Other("an object"))]),
            "api-tokens-tab: option \"onEvent\" must be a function (got an object)"
        );
        // A wrong access token is described, never echoed.
        assert!(!script(vec![("accessToken", Value::Num(42.0))]).contains("42"));
        let getter = parse_with(Door::Script, vec![("getAccessToken", Value::Func)]).unwrap();
        assert!(getter.access_token.is_none(), "the door keeps the function");

        // config.json: a blank credential is left out, and functions are not its options.
        let json = parse_with(
            Door::ConfigJson,
            vec![
                ("accessToken", s("")),
                ("tenantId", s("  ")),
                ("getAccessToken", s("x")),
                ("onEvent", Value::Num(1.0)),
            ],
        )
        .unwrap();
        assert_eq!(json, ApiTokensConfig::default());
    }

    #[test]
    fn a_base_url_is_http_or_https_with_a_host() {
        for ok in [
            "https://api.example.com",
            "http://127.0.0.1:8080",
            "http://a",
            "https://x.test/base/",
        ] {
            assert!(is_http_url(ok), "{ok}");
        }
        for bad in [
            "ftp://x.test",
            "https://",
            "http://",
            "https:///path",
            "https://?q",
            "api.example.com",
            "https://a b.test",
            " https://x.test",
            "HTTPS://X.TEST",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    /// `element.js` is JavaScript and cannot read this table; it must list the same
    /// attributes, for the same options, and convert exactly the number options.
    #[test]
    fn the_elements_attributes_are_the_host_options() {
        let js = include_str!("../embed/element.js");
        let expected: Vec<(String, &str)> = HOST_OPTIONS
            .iter()
            .filter_map(|o| Some((o.attribute()?, o.name)))
            .collect();

        let table = js
            .split_once("const ATTRIBUTES = {")
            .and_then(|(_, rest)| rest.split_once("};"))
            .expect("element.js has `const ATTRIBUTES = { ... };`")
            .0;
        let listed: Vec<(String, &str)> = table
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (attribute, option) = l
                    .trim_end_matches(',')
                    .split_once(':')
                    .unwrap_or_else(|| panic!("not `attribute: \"option\"`: {l}"));
                (
                    attribute.trim().trim_matches('"').to_string(),
                    option.trim().trim_matches('"'),
                )
            })
            .collect();
        assert_eq!(listed, expected, "ATTRIBUTES in src/embed/element.js");

        let comment = js
            .lines()
            .skip_while(|l| !l.starts_with("// Attributes: "))
            .take_while(|l| !l.starts_with("// Property"))
            .flat_map(|l| {
                l.trim_start_matches("// Attributes: ")
                    .trim_start_matches("//")
                    .split(',')
            })
            .map(|a| a.trim().trim_end_matches('.'))
            .filter(|a| !a.is_empty())
            .collect::<Vec<_>>();
        let attributes: Vec<&str> = expected.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(
            comment, attributes,
            "the attribute list in element.js's header"
        );

        let numbers: Vec<&str> = HOST_OPTIONS
            .iter()
            .filter(|o| o.kind == Kind::Number)
            .map(|o| o.name)
            .collect();
        let converted: Vec<&str> = js
            .lines()
            .find(|l| l.contains("Number(value)"))
            .expect("element.js converts number attributes with Number(value)")
            .split("option === \"")
            .skip(1)
            .filter_map(|s| s.split_once('"').map(|(name, _)| name))
            .collect();
        assert_eq!(
            converted, numbers,
            "the attributes element.js reads as numbers"
        );
        let objects: Vec<&str> = HOST_OPTIONS
            .iter()
            .filter(|o| o.kind == Kind::Object)
            .map(|o| o.name)
            .collect();
        let parsed: Vec<&str> = js
            .lines()
            .filter(|l| l.contains("json(attribute, value)"))
            .flat_map(|l| l.split("option === \"").skip(1))
            .filter_map(|s| s.split_once('"').map(|(name, _)| name))
            .collect();
        assert_eq!(parsed, objects, "the attributes element.js reads as JSON");
    }

    /// docs/embedding.md documents each door's options: the module's example names every
    /// option, the element's list every attribute, the `config.json` example every field it
    /// reads.
    #[test]
    fn the_docs_document_every_option() {
        let page = include_str!("../../docs/embedding.md");
        let module = page
            .split_once("mountApiTokens(document.getElementById")
            .and_then(|(_, rest)| rest.split_once("});"))
            .expect("docs/embedding.md has the ES module example")
            .0;
        for o in &HOST_OPTIONS {
            assert!(
                module.contains(&format!("    {}:", o.name))
                    || module.contains(&format!("// {}:", o.name)),
                "docs/embedding.md's ES module example lacks {}",
                o.name
            );
        }
        let attributes: Vec<&str> = page
            .split_once("Attributes: ")
            .and_then(|(_, rest)| rest.split_once(';'))
            .expect("docs/embedding.md lists the element's attributes")
            .0
            .split(',')
            .map(|a| a.trim().trim_matches('`'))
            .collect();
        let expected: Vec<String> = HOST_OPTIONS
            .iter()
            .filter_map(HostOption::attribute)
            .collect();
        assert_eq!(attributes, expected, "docs/embedding.md's attribute list");
        let json = page
            .split_once("reads an optional `config.json`")
            .and_then(|(_, rest)| rest.split_once("```json\n"))
            .and_then(|(_, rest)| rest.split_once("\n```"))
            .expect("docs/embedding.md shows a config.json")
            .0;
        // The object's own fields: strings at depth 1 followed by a colon.
        let mut fields: Vec<&str> = Vec::new();
        let (mut depth, mut in_string, mut start) = (0, false, 0);
        for (i, c) in json.char_indices() {
            match c {
                '"' if in_string => {
                    in_string = false;
                    if depth == 1 && json[i + 1..].trim_start().starts_with(':') {
                        fields.push(&json[start..i]);
                    }
                }
                '"' => (in_string, start) = (true, i + 1),
                '{' if !in_string => depth += 1,
                '}' if !in_string => depth -= 1,
                _ => {}
            }
        }
        let read: Vec<&str> = HOST_OPTIONS
            .iter()
            .filter(|o| o.kind != Kind::Function)
            .map(|o| o.name)
            .collect();
        assert_eq!(fields, read, "docs/embedding.md's config.json example");
    }
}
