//! # api-tokens-rules
//!
//! The rules about API tokens that the tab (`api-tokens-tab`, in the browser) and the reference
//! backend (`api-tokens-backend`) both apply, written once: the tab uses them to offer only
//! what will be accepted, the backend to enforce them.
//!
//! - [`vocab`]: whose token ([`Owner`]), which type ([`TokenType`]), and the four sources
//!   ([`Source`]) they make.
//! - [`permissions`]: the permission keys ([`permission_key`]) and wildcards ([`covers`]).
//! - [`levels`]: the role-level rule ([`user_level`], [`may_assign`]) and the one decision
//!   whether a user may act on a token ([`may_act_on`]).
//! - [`mod@description`]: what a token's description may be ([`description()`]): visible text,
//!   no control character, nothing hidden outside the emoji, flag and script sequences it
//!   belongs to.
//! - [`expiry`]: the bounds of `expiresInMinutes` ([`expires_in_minutes`]) and an
//!   organization's expiry policy ([`within_policy`]).
//! - [`mod@allowlist`]: a token's IP allowlist ([`allowlist()`]), each entry an IPv4 or IPv6
//!   network ([`cidr()`]), and whether it lets an address use the token ([`allows`]).
//! - [`wire`]: the contract on the wire, each name once: the identity API's paths (each
//!   source's among them, [`Source::list_path`]), the kinds of a token's events
//!   ([`wire::EventKind`]) and the names of the `tokenLifecycle` settings.
//!
//! Pure Rust without dependencies: it is compiled into the tab's WebAssembly.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The README (the crate's page on crates.io) holds an example: compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct Readme;

pub mod allowlist;
pub mod description;
pub mod expiry;
pub mod levels;
pub mod permissions;
pub mod vocab;
pub mod wire;

pub use allowlist::{allowlist, allows, cidr, AllowlistError, Cidr, CidrError, ALLOWLIST_MAX};
pub use description::{
    description, hidden_char, hostile_char, is_bidi_control, DescriptionError, DESCRIPTION_MAX,
};
pub use expiry::{
    expires_in_minutes, within_policy, ExpiresError, PolicyError, MAX_EXPIRES_MINUTES,
    MAX_GRACE_MINUTES, MIN_EXPIRES_MINUTES,
};
pub use levels::{may_act_on, may_assign, user_level, Above};
pub use permissions::{
    covers, has_permission, permission_key, Action, DELETE_USERS, MANAGE_MEMBER_TOKENS,
};
pub use vocab::{Owner, Source, TokenType};
