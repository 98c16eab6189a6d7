//! Form input rules: the ones the backend enforces, from `api-tokens-rules` (which it shares).

pub use api_tokens_rules::{description, hostile_char, DescriptionError, DESCRIPTION_MAX};
