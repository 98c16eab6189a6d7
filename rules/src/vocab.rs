//! Whose token, which type, and the four sources of a Frontegg-compatible backend.

/// Whose token: the account's (tenant) or the user's own (personal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// The account's (Frontegg's tenant tokens): shared by the account's admins.
    Account,
    /// The signed-in user's own.
    Personal,
}

/// Which kind of machine-to-machine token: a row's, or the one new tokens are (the vendor's
/// `machineToMachineAuthStrategy`).
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

    /// The `machineToMachineAuthStrategy` value that names this type.
    pub fn strategy(self) -> &'static str {
        match self {
            TokenType::ClientCredentials => "ClientCredentials",
            TokenType::AccessToken => "AccessToken",
        }
    }
}

/// One of the four token sources of a Frontegg-compatible backend: an [`Owner`] and a
/// [`TokenType`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// `tenants/api-tokens`
    AccountClients,
    /// `tenants/access-tokens`
    AccountAccess,
    /// `users/api-tokens`
    PersonalClients,
    /// `users/access-tokens`
    PersonalAccess,
}

impl Source {
    /// The four, in the order a tab lists and loads them.
    pub const ALL: [Source; 4] = [
        Source::AccountClients,
        Source::AccountAccess,
        Source::PersonalClients,
        Source::PersonalAccess,
    ];

    /// The source of `owner`'s tokens of type `kind`.
    pub fn new(owner: Owner, kind: TokenType) -> Source {
        match (owner, kind) {
            (Owner::Account, TokenType::ClientCredentials) => Source::AccountClients,
            (Owner::Account, TokenType::AccessToken) => Source::AccountAccess,
            (Owner::Personal, TokenType::ClientCredentials) => Source::PersonalClients,
            (Owner::Personal, TokenType::AccessToken) => Source::PersonalAccess,
        }
    }

    /// Whose tokens it holds.
    pub fn owner(self) -> Owner {
        match self {
            Source::AccountClients | Source::AccountAccess => Owner::Account,
            Source::PersonalClients | Source::PersonalAccess => Owner::Personal,
        }
    }

    /// Which type its tokens are.
    pub fn kind(self) -> TokenType {
        match self {
            Source::AccountClients | Source::PersonalClients => TokenType::ClientCredentials,
            Source::AccountAccess | Source::PersonalAccess => TokenType::AccessToken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_round_trip_owner_and_kind() {
        for s in Source::ALL {
            assert_eq!(Source::new(s.owner(), s.kind()), s);
        }
        assert_eq!(Source::AccountAccess.owner(), Owner::Account);
        assert_eq!(Source::PersonalClients.kind(), TokenType::ClientCredentials);
    }

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
        for t in [TokenType::ClientCredentials, TokenType::AccessToken] {
            assert_eq!(TokenType::from_strategy(Some(t.strategy())), t);
        }
    }
}
