//! What a host page (or the standalone app) configures.

use crate::model::TokenType;

/// Settings for one mounted tab.
///
/// `base_url` defaults to the page's origin and `url_prefix` to `"frontegg"`, so requests go to
/// `{base_url}/{url_prefix}/identity/resources/...` exactly like Frontegg's own SDK.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiTokensConfig {
    /// Origin (and optional path) of the token backend; `None` means the page's origin.
    pub base_url: Option<String>,
    /// Path segment between the base URL and `/identity/resources`.
    pub url_prefix: String,
    /// The signed-in user's JWT, sent as `Authorization: Bearer ...`.
    pub access_token: Option<String>,
    /// Sent as `frontegg-tenant-id` when set.
    pub tenant_id: Option<String>,
    /// Which type new tokens are, overriding the vendor's `machineToMachineAuthStrategy`.
    pub token_type: Option<TokenType>,
}

impl Default for ApiTokensConfig {
    fn default() -> Self {
        Self {
            base_url: None,
            url_prefix: "frontegg".to_string(),
            access_token: None,
            tenant_id: None,
            token_type: None,
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

impl std::fmt::Debug for ApiTokensConfig {
    /// Never prints the access token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiTokensConfig")
            .field("base_url", &self.base_url)
            .field("url_prefix", &self.url_prefix)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "<redacted>"),
            )
            .field("tenant_id", &self.tenant_id)
            .field("token_type", &self.token_type)
            .finish()
    }
}

/// The standalone app's optional `config.json` beside index.html. Every field is optional;
/// unknown fields are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
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
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("config.json is not valid JSON: {e}"))?;
        let obj = value
            .as_object()
            .ok_or("config.json must be a JSON object, like {\"baseUrl\": \"https://...\"}")?;
        for (field, v) in obj {
            let known = [
                "baseUrl",
                "urlPrefix",
                "accessToken",
                "tenantId",
                "locale",
                "theme",
            ];
            if known.contains(&field.as_str()) && !(v.is_string() || v.is_null()) {
                return Err(format!("config.json: {field} must be a string"));
            }
        }
        let cfg: RuntimeConfig = serde_json::from_value(value)
            .map_err(|e| format!("config.json could not be read: {e}"))?;
        if let Some(base) = cfg.base_url.as_deref().filter(|b| !b.is_empty()) {
            if !(base.starts_with("https://") || base.starts_with("http://")) {
                return Err(format!(
                    "config.json: baseUrl must start with https:// or http:// (got {base:?})"
                ));
            }
        }
        if let Some(theme) = cfg.theme.as_deref() {
            if !["light", "dark", "auto"].contains(&theme) {
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
            access_token: some(&self.access_token),
            tenant_id: some(&self.tenant_id),
            token_type: None,
        }
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
        assert_eq!(a.access_token.as_deref(), Some("jwt"));
        assert_eq!(a.tenant_id.as_deref(), Some("t1"));
        assert_eq!(
            RuntimeConfig::parse("{}").unwrap().to_config(),
            ApiTokensConfig::default()
        );
        let blank = RuntimeConfig::parse(r#"{"accessToken":"","baseUrl":null}"#).unwrap();
        assert_eq!(blank.to_config().access_token, None);
    }

    #[test]
    fn runtime_config_mistakes_name_the_field() {
        assert!(RuntimeConfig::parse("{")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(RuntimeConfig::parse("[]")
            .unwrap_err()
            .contains("must be a JSON object"));
        assert_eq!(
            RuntimeConfig::parse(r#"{"baseUrl":5}"#).unwrap_err(),
            "config.json: baseUrl must be a string"
        );
        assert!(RuntimeConfig::parse(r#"{"baseUrl":"ftp://x"}"#)
            .unwrap_err()
            .contains("baseUrl must start with https://"));
        assert!(RuntimeConfig::parse(r#"{"theme":"neon"}"#)
            .unwrap_err()
            .contains("theme must be"));
    }

    #[test]
    fn debug_never_prints_the_access_token() {
        let c = ApiTokensConfig::default().with_access_token("very-secret-jwt");
        assert!(!format!("{c:?}").contains("very-secret-jwt"));
    }
}
