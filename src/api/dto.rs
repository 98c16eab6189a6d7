//! Request and response bodies, named and shaped exactly as Frontegg's identity API
//! (`../shared/reference/frontegg-identity-api-tokens.openapi.json`).
//!
//! Every response type tolerates `null`, absent optional fields and unknown extra fields.

use serde::{Deserialize, Serialize};

/// `GET configurations/v1/public` (only the fields the tab uses).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PublicConfiguration {
    /// `"ClientCredentials"` or `"AccessToken"`: which type new tokens are.
    pub machine_to_machine_auth_strategy: Option<String>,
    /// When on, roles are shown and required on tenant tokens.
    pub force_permissions: Option<bool>,
}

/// Error body: `{"errors": ["message", ...], "errorCode"?: "...", "statusCode"?: n}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorBody {
    pub errors: Option<Vec<String>>,
    pub error_code: Option<String>,
    pub status_code: Option<u16>,
    /// Some servers (and proxies) answer `{"message": "..."}` instead.
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_configuration_tolerates_nulls_absent_and_unknown_fields() {
        let c: PublicConfiguration = serde_json::from_str(
            r#"{"machineToMachineAuthStrategy":"AccessToken","forcePermissions":true,"other":1}"#,
        )
        .unwrap();
        assert_eq!(
            c.machine_to_machine_auth_strategy.as_deref(),
            Some("AccessToken")
        );
        assert_eq!(c.force_permissions, Some(true));

        let c: PublicConfiguration =
            serde_json::from_str(r#"{"machineToMachineAuthStrategy":null}"#).unwrap();
        assert_eq!(c, PublicConfiguration::default());
        let c: PublicConfiguration = serde_json::from_str("{}").unwrap();
        assert_eq!(c, PublicConfiguration::default());
    }

    #[test]
    fn error_body_parses_frontegg_errors() {
        let e: ErrorBody = serde_json::from_str(
            r#"{"errors":["Missing permission","Try again"],"errorCode":"ER-1","statusCode":403}"#,
        )
        .unwrap();
        assert_eq!(
            e.errors,
            Some(vec!["Missing permission".into(), "Try again".into()])
        );
        assert_eq!(e.status_code, Some(403));
    }
}
