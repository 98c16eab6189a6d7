//! The two kinds of machine-to-machine token.

/// Which kind of token a row is, or which kind new tokens are
/// (the vendor's `machineToMachineAuthStrategy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// A client id plus a secret, exchanged for a JWT at `auth/v2/api-token`.
    ClientCredentials,
    /// One opaque token, sent in the `X-API-KEY` header.
    AccessToken,
}

impl TokenType {
    /// Reads Frontegg's `machineToMachineAuthStrategy`. Anything unknown or absent falls back to
    /// client credentials, Frontegg's default.
    pub fn from_strategy(strategy: Option<&str>) -> Self {
        match strategy.map(str::trim) {
            Some(s) if s.eq_ignore_ascii_case("AccessToken") => TokenType::AccessToken,
            _ => TokenType::ClientCredentials,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategy_is_read_case_insensitively_and_defaults_to_client_credentials() {
        assert_eq!(
            TokenType::from_strategy(Some("AccessToken")),
            TokenType::AccessToken
        );
        assert_eq!(
            TokenType::from_strategy(Some(" accesstoken ")),
            TokenType::AccessToken
        );
        assert_eq!(
            TokenType::from_strategy(Some("ClientCredentials")),
            TokenType::ClientCredentials
        );
        assert_eq!(
            TokenType::from_strategy(Some("SomethingNew")),
            TokenType::ClientCredentials
        );
        assert_eq!(TokenType::from_strategy(None), TokenType::ClientCredentials);
    }
}
