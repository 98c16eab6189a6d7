//! The two kinds of machine-to-machine token (defined in `api-tokens-rules`, which the backend
//! shares).

pub use api_tokens_rules::TokenType;
