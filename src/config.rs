//! What a host page (or the standalone app) configures.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::events::EventHandler;
use crate::model::TokenType;

/// A future of an access token: `Err` carries a message for the user.
pub type TokenFuture = Pin<Box<dyn Future<Output = Result<String, String>>>>;

/// Where the user's JWT comes from.
#[derive(Clone, Default)]
pub enum AccessToken {
    /// No `Authorization` header (a backend that authenticates by cookie, say).
    #[default]
    None,
    /// The same token on every request.
    Fixed(String),
    /// Asked before **every** request, so a host whose session rotates never sends a stale
    /// token.
    Provider(Rc<dyn Fn() -> TokenFuture>),
}

impl AccessToken {
    pub fn is_none(&self) -> bool {
        matches!(self, AccessToken::None)
    }
}

impl PartialEq for AccessToken {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (AccessToken::None, AccessToken::None) => true,
            (AccessToken::Fixed(a), AccessToken::Fixed(b)) => a == b,
            (AccessToken::Provider(a), AccessToken::Provider(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for AccessToken {
    /// Never prints the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AccessToken::None => "None",
            AccessToken::Fixed(_) => "Fixed(<redacted>)",
            AccessToken::Provider(_) => "Provider(..)",
        })
    }
}

/// Light, dark, or whatever the user's system prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    Auto,
}

impl Theme {
    /// Reads `"light"`, `"dark"` or `"auto"`.
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            "auto" => Some(Theme::Auto),
            _ => None,
        }
    }

    /// The `data-theme` value of the widget's root.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Whether `tag` looks like a BCP 47 language tag (`en`, `de-CH`, `ar`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Settings for one mounted tab.
///
/// `base_url` defaults to the page's origin and `url_prefix` to `"frontegg"`, so requests go to
/// `{base_url}/{url_prefix}/identity/resources/...` exactly like Frontegg's own SDK.
///
/// ```no_run
/// use api_tokens_tab::{AccessToken, ApiTokensConfig, ApiTokensTab, Theme};
/// use leptos::prelude::*;
///
/// let config = ApiTokensConfig {
///     base_url: Some("https://app.example.com".into()),
///     access_token: AccessToken::Fixed("the user's JWT".into()),
///     theme: Theme::Dark,
///     ..Default::default()
/// };
/// leptos::mount::mount_to_body(move || view! { <ApiTokensTab config=config /> });
/// ```
#[derive(Clone)]
pub struct ApiTokensConfig {
    /// Origin (and optional path) of the token backend; `None` means the page's origin.
    pub base_url: Option<String>,
    /// Path segment between the base URL and `/identity/resources`.
    pub url_prefix: String,
    /// The signed-in user's JWT, sent as `Authorization: Bearer ...`.
    pub access_token: AccessToken,
    /// Sent as `frontegg-tenant-id` when set.
    pub tenant_id: Option<String>,
    /// Which type new tokens are, overriding the vendor's `machineToMachineAuthStrategy`.
    pub token_type: Option<TokenType>,
    /// BCP 47 language tag of the widget (its `lang`); `None`: the page's.
    pub locale: Option<String>,
    pub theme: Theme,
    /// Told of every create, delete, edit and error.
    pub on_event: Option<EventHandler>,
    /// How long one request may take before it is abandoned with a message (milliseconds,
    /// [`REQUEST_TIMEOUT_RANGE_MS`]; default [`DEFAULT_REQUEST_TIMEOUT_MS`]).
    pub request_timeout_ms: u32,
}

/// Default request timeout: long enough for a slow backend, short enough that a hung one is
/// reported before the user gives up on the tab.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 8_000;
/// The timeouts a host may set.
pub const REQUEST_TIMEOUT_RANGE_MS: std::ops::RangeInclusive<u32> = 1_000..=300_000;

impl Default for ApiTokensConfig {
    fn default() -> Self {
        Self {
            base_url: None,
            url_prefix: "frontegg".to_string(),
            access_token: AccessToken::None,
            tenant_id: None,
            token_type: None,
            locale: None,
            theme: Theme::Auto,
            on_event: None,
            request_timeout_ms: DEFAULT_REQUEST_TIMEOUT_MS,
        }
    }
}

impl PartialEq for ApiTokensConfig {
    fn eq(&self, other: &Self) -> bool {
        self.base_url == other.base_url
            && self.url_prefix == other.url_prefix
            && self.access_token == other.access_token
            && self.tenant_id == other.tenant_id
            && self.token_type == other.token_type
            && self.locale == other.locale
            && self.theme == other.theme
            && self.request_timeout_ms == other.request_timeout_ms
            && match (&self.on_event, &other.on_event) {
                (None, None) => true,
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                _ => false,
            }
    }
}

impl ApiTokensConfig {
    /// Points the tab at `base_url` (e.g. `https://app.example.com`).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the user's JWT.
    pub fn with_access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = AccessToken::Fixed(token.into());
        self
    }
}

impl std::fmt::Debug for ApiTokensConfig {
    /// Never prints the access token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiTokensConfig")
            .field("base_url", &self.base_url)
            .field("url_prefix", &self.url_prefix)
            .field("access_token", &self.access_token)
            .field("tenant_id", &self.tenant_id)
            .field("token_type", &self.token_type)
            .field("locale", &self.locale)
            .field("theme", &self.theme)
            .field("on_event", &self.on_event.is_some())
            .field("request_timeout_ms", &self.request_timeout_ms)
            .finish()
    }
}

/// The standalone app's optional `config.json` beside index.html. Every field is optional;
/// unknown fields are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuntimeConfig {
    pub base_url: Option<String>,
    pub url_prefix: Option<String>,
    pub access_token: Option<String>,
    pub tenant_id: Option<String>,
    pub locale: Option<String>,
    pub theme: Option<String>,
}

impl RuntimeConfig {
    /// Parses `config.json`, naming the field and what was expected on any mistake.
    pub fn parse(text: &str) -> Result<RuntimeConfig, String> {
        let (cfg, wrong) = match serde_json::from_slice::<ReadConfig>(text.as_bytes()) {
            Ok(ReadConfig(cfg, wrong)) => (cfg, wrong),
            // Well-formed JSON of another kind (an array, a string…).
            Err(e) if e.is_data() => {
                return Err(
                    "config.json must be a JSON object, like {\"baseUrl\": \"https://...\"}".into(),
                )
            }
            Err(e) => return Err(format!("config.json is not valid JSON: {e}")),
        };
        if let Some(field) = wrong {
            return Err(format!("config.json: {field} must be a string"));
        }
        if let Some(base) = cfg.base_url.as_deref().filter(|b| !b.is_empty()) {
            if !(base.starts_with("https://") || base.starts_with("http://")) {
                return Err(format!(
                    "config.json: baseUrl must start with https:// or http:// (got {base:?})"
                ));
            }
        }
        if let Some(locale) = cfg.locale.as_deref().filter(|l| !l.is_empty()) {
            if !is_language_tag(locale) {
                return Err(format!(
                    "config.json: locale must be a language tag like \"en\" or \"de-CH\" (got {locale:?})"
                ));
            }
        }
        if let Some(theme) = cfg.theme.as_deref() {
            if Theme::parse(theme).is_none() {
                return Err(format!(
                    "config.json: theme must be \"light\", \"dark\" or \"auto\" (got {theme:?})"
                ));
            }
        }
        Ok(cfg)
    }

    /// The tab's settings (empty strings count as absent).
    pub fn to_config(&self) -> ApiTokensConfig {
        let some = |s: &Option<String>| s.clone().filter(|v| !v.trim().is_empty());
        ApiTokensConfig {
            base_url: some(&self.base_url),
            url_prefix: self
                .url_prefix
                .clone()
                .unwrap_or_else(|| "frontegg".to_string()),
            access_token: some(&self.access_token)
                .map(AccessToken::Fixed)
                .unwrap_or_default(),
            tenant_id: some(&self.tenant_id),
            locale: some(&self.locale),
            theme: self
                .theme
                .as_deref()
                .and_then(Theme::parse)
                .unwrap_or_default(),
            ..ApiTokensConfig::default()
        }
    }
}

/// `config.json` read straight from its bytes into [`RuntimeConfig`], with the first known
/// field that held something other than a string or null. (No `serde_json::Value` tree in
/// between: it cost the standalone app 3 KB brotli.) Anything but an object is refused.
struct ReadConfig(RuntimeConfig, Option<&'static str>);

impl<'de> serde::Deserialize<'de> for ReadConfig {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> serde::de::Visitor<'de> for Object {
            type Value = ReadConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ReadConfig, A::Error> {
                let mut cfg = RuntimeConfig::default();
                let mut wrong = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let (name, slot) = match &*key {
                        "baseUrl" => ("baseUrl", &mut cfg.base_url),
                        "urlPrefix" => ("urlPrefix", &mut cfg.url_prefix),
                        "accessToken" => ("accessToken", &mut cfg.access_token),
                        "tenantId" => ("tenantId", &mut cfg.tenant_id),
                        "locale" => ("locale", &mut cfg.locale),
                        "theme" => ("theme", &mut cfg.theme),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            continue;
                        }
                    };
                    match map.next_value::<Text>()? {
                        Text(Ok(value)) => *slot = value,
                        Text(Err(())) => {
                            wrong.get_or_insert(name);
                        }
                    }
                }
                Ok(ReadConfig(cfg, wrong))
            }
        }
        d.deserialize_map(Object)
    }
}

/// A field's value: a string or null (`Ok`), or anything else (`Err`, read and skipped).
struct Text(Result<Option<String>, ()>);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess};
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Ok(Some(v.to_string()))))
            }
            fn visit_unit<E>(self) -> Result<Text, E> {
                Ok(Text(Ok(None)))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Text, E> {
                Ok(Text(Err(())))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Text, E> {
                Ok(Text(Err(())))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Text, E> {
                Ok(Text(Err(())))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Text, E> {
                Ok(Text(Err(())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Text(Err(())))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text(Err(())))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_config_reads_every_field_and_ignores_unknown_ones() {
        let c = RuntimeConfig::parse(
            r#"{"baseUrl":"https://api.example.com","urlPrefix":"fe","accessToken":"jwt","tenantId":"t1","locale":"de","theme":"dark","x":1}"#,
        )
        .unwrap();
        let a = c.to_config();
        assert_eq!(a.base_url.as_deref(), Some("https://api.example.com"));
        assert_eq!(a.url_prefix, "fe");
        assert_eq!(a.access_token, AccessToken::Fixed("jwt".into()));
        assert_eq!(a.locale.as_deref(), Some("de"));
        assert_eq!(a.theme, Theme::Dark);
        assert_eq!(a.tenant_id.as_deref(), Some("t1"));
        assert_eq!(
            RuntimeConfig::parse("{}").unwrap().to_config(),
            ApiTokensConfig::default()
        );
        let blank = RuntimeConfig::parse(r#"{"accessToken":"","baseUrl":null}"#).unwrap();
        assert!(blank.to_config().access_token.is_none());
    }

    #[test]
    fn runtime_config_mistakes_name_the_field() {
        assert!(RuntimeConfig::parse("{")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(RuntimeConfig::parse("[]")
            .unwrap_err()
            .contains("must be a JSON object"));
        assert!(RuntimeConfig::parse(r#""{}""#)
            .unwrap_err()
            .contains("must be a JSON object"));
        assert!(RuntimeConfig::parse(r#"{} x"#)
            .unwrap_err()
            .contains("not valid JSON"));
        assert_eq!(
            RuntimeConfig::parse(r#"{"baseUrl":5}"#).unwrap_err(),
            "config.json: baseUrl must be a string"
        );
        // Every kind of non-string is named, after unknown fields of any shape are skipped.
        for wrong in ["true", "1.5", "-3", "[\"a\"]", "{\"a\":[1]}"] {
            let text = format!(r#"{{"x":{{"y":[1,{{}}]}},"theme":"dark","tenantId":{wrong}}}"#);
            assert_eq!(
                RuntimeConfig::parse(&text).unwrap_err(),
                "config.json: tenantId must be a string",
                "{text}"
            );
        }
        // Escapes are decoded; the last of a repeated field wins.
        let c = RuntimeConfig::parse(r#"{"tenantId":"a","tenantId":"t\u00e9\n"}"#).unwrap();
        assert_eq!(c.tenant_id.as_deref(), Some("t\u{e9}\n"));
        assert!(RuntimeConfig::parse(r#"{"baseUrl":"ftp://x"}"#)
            .unwrap_err()
            .contains("baseUrl must start with https://"));
        assert!(RuntimeConfig::parse(r#"{"theme":"neon"}"#)
            .unwrap_err()
            .contains("theme must be"));
        assert!(RuntimeConfig::parse(r#"{"locale":"english please"}"#)
            .unwrap_err()
            .contains("locale must be a language tag"));
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "de-CH", "ar", "zh-Hant-TW", "es-419"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english",
            "de_CH",
            "de-",
            "-de",
            "de-toolongsubtag",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn debug_never_prints_the_access_token() {
        let c = ApiTokensConfig::default().with_access_token("very-secret-jwt");
        assert!(!format!("{c:?}").contains("very-secret-jwt"));
    }
}
