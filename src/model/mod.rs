//! Pure logic of the tab: no web-sys, no I/O. Unit-tested natively with `cargo test`.
//!
//! - [`account`]: who is signed in, what they may do, the vendor's settings.
//! - [`allowlist`]: the IP allowlist field: its entries checked, recent addresses added.
//! - [`token`]: one row of the combined list, whatever its source.
//! - [`list`]: merging the four sources, sorting, searching, hiding expired tokens.
//! - [`owner`]: members' personal tokens for an admin, and the Owner filter.
//! - [`roles`]: the level rule of the role picker.
//! - [`selection`]: the rows picked for a bulk revoke.
//! - [`permissions`]: what the user may do, from permission keys (with wildcards).
//! - [`time`]: timestamps, expiry status and labels, expiration choices.
//! - [`usage`]: a token's use per day and its recent addresses (our extension).
//! - [`validate`]: form input rules.
//!
//! The rules the backend enforces too (owner, token type and source, permission keys, the level
//! rule, descriptions, expiry bounds) live once in the `api-tokens-rules` crate; these modules
//! re-export them.

pub mod account;
pub mod allowlist;
pub mod history;
pub mod list;
pub mod owner;
pub mod permissions;
pub mod roles;
pub mod secret;
pub mod selection;
pub mod time;
pub mod token;
pub mod token_type;
pub mod usage;
pub mod validate;

pub use permissions::Abilities;
pub use secret::Secret;
pub use token::{Owner, Source, TokenRow};
pub use token_type::TokenType;
