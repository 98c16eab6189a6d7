//! What a host page (or the standalone app) configures.

/// Settings for one mounted tab.
///
/// `base_url` defaults to the page's origin and `url_prefix` to `"frontegg"`, so requests go to
/// `{base_url}/{url_prefix}/identity/resources/...` exactly like Frontegg's own SDK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokensConfig {
    /// Origin (and optional path) of the token backend; `None` means the page's origin.
    pub base_url: Option<String>,
    /// Path segment between the base URL and `/identity/resources`.
    pub url_prefix: String,
    /// The signed-in user's JWT, sent as `Authorization: Bearer ...`.
    pub access_token: Option<String>,
    /// Sent as `frontegg-tenant-id` when set.
    pub tenant_id: Option<String>,
}

impl Default for ApiTokensConfig {
    fn default() -> Self {
        Self {
            base_url: None,
            url_prefix: "frontegg".to_string(),
            access_token: None,
            tenant_id: None,
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
        self.access_token = Some(token.into());
        self
    }
}
