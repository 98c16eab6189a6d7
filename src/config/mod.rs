//! What a host page (or the standalone app) configures: [`ApiTokensConfig`], and in
//! [`options`] the host options that fill it from JavaScript, the `<api-tokens-tab>` element's
//! attributes and `config.json`.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::events::EventHandler;
pub use crate::i18n::is_language_tag;
use crate::i18n::VendorMessages;
use crate::model::TokenType;

#[doc(hidden)]
pub mod js;
pub mod messages;
pub mod options;

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
    /// A getter the tab asks before every request, from an async closure:
    ///
    /// ```
    /// # use api_tokens_tab::AccessToken;
    /// let token = AccessToken::provider(|| async { Ok::<_, String>("the user's JWT".to_string()) });
    /// assert!(matches!(token, AccessToken::Provider(_)));
    /// ```
    ///
    /// An `Err` is shown to the user (and told to `on_event`) as the reason the request was not
    /// made.
    pub fn provider<F, T>(get: F) -> AccessToken
    where
        F: Fn() -> T + 'static,
        T: Future<Output = Result<String, String>> + 'static,
    {
        AccessToken::Provider(Rc::new(move || Box::pin(get())))
    }

    /// Whether requests go without an `Authorization` header.
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
    /// Dark text on light surfaces.
    Light,
    /// Light text on dark surfaces.
    Dark,
    /// The user's system preference (`prefers-color-scheme`), followed as it changes.
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
    /// The host's words: messages overridden, or whole catalogs, by language tag
    /// ([`VendorMessages::from_texts`] checks them).
    pub messages: Option<VendorMessages>,
    /// Light, dark, or the system's: the tab's `data-theme`, restyled in place when it changes.
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
            messages: None,
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
            && self.messages == other.messages
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
            .field("messages", &self.messages.is_some())
            .field("theme", &self.theme)
            .field("on_event", &self.on_event.is_some())
            .field("request_timeout_ms", &self.request_timeout_ms)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
