//! Talking to a Frontegg-compatible token backend.
//!
//! - [`dto`]: request and response bodies exactly as Frontegg's OpenAPI spec names them.
//! - [`error`]: the one error type every call returns.
//! - [`client`]: [`HttpApi`]'s endpoints, each a path of the wire contract and a method;
//!   [`transport`]: how it sends them over `fetch` (gloo-net).
//! - [`map`]: DTOs to model values, one mapping per wire shape; nothing outside `api` sees a
//!   DTO of a response.
//! - [`prefetch`]: the first load's responses, when the page's loader fetched them ahead.
//! - [`events`]: [`events::ObservedApi`], which tells the host of every create, delete and edit.
//!
//! Components never call `fetch` directly: they use the [`TokenApi`] trait from context, so
//! browser tests can swap in an in-memory fake and still exercise every view.

pub mod bulk;
pub mod catalogs;
pub mod client;
pub mod dto;
pub mod error;
pub mod events;
pub mod map;
pub mod prefetch;
pub mod transport;

use std::future::Future;
use std::pin::Pin;

pub use error::ApiError;
pub use transport::HttpApi;

use crate::model::account::{Authorization, Profile, VendorSettings};
use crate::model::history::TokenEvent;
use crate::model::roles::RoleInfo;
use crate::model::selection::Revoked;
use crate::model::usage::TokenUsage;
use crate::model::{Secret, Source, TokenRow};

/// A boxed future of an API call. Not `Send`: browser fetch futures live on the JS thread.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// What the generate form asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewToken {
    pub description: String,
    /// `None`: never expires.
    pub expires_in_minutes: Option<i64>,
    /// Account tokens only.
    pub role_ids: Vec<String>,
    /// **Our extension**: the IP allowlist, canonical entries; empty: none (not sent).
    pub allowed_cidrs: Vec<String>,
}

/// A token just created, with its one-time secret (the access token itself for access
/// tokens).
#[derive(Debug)]
pub struct CreatedToken {
    pub row: TokenRow,
    pub secret: Secret,
}

/// What an edit changes (`None` keeps the field).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenEdit {
    pub description: Option<String>,
    /// Account client credentials only.
    pub role_ids: Option<Vec<String>>,
    /// **Our extension**: the new IP allowlist (`[]` removes it).
    pub allowed_cidrs: Option<Vec<String>>,
}

/// Everything the tab asks of a token backend, in the model's terms.
pub trait TokenApi {
    /// `GET users/v1/me/authorization`: the user's roles and permissions.
    fn me_authorization(&self) -> ApiFuture<Authorization>;
    /// `GET users/v2/me`: who is signed in (to say "You" in Created by).
    fn me(&self) -> ApiFuture<Profile>;
    /// `GET roles/v1`: the roles a token may be given.
    fn roles(&self) -> ApiFuture<Vec<RoleInfo>>;
    /// `GET configurations/v1/public`: the vendor's token settings.
    fn public_configuration(&self) -> ApiFuture<VendorSettings>;
    /// The tokens of one source.
    fn list(&self, source: Source) -> ApiFuture<Vec<TokenRow>>;
    /// **Our extension** (`tokenLifecycle.memberTokens`), `GET {source}?members=all`: every
    /// member's tokens of personal `source`, the user's own among them, each with its
    /// [`member`](TokenRow::member) owner; for a user holding `api-tokens.members.manage`.
    fn list_members(&self, source: Source) -> ApiFuture<Vec<TokenRow>>;
    /// Creates a token in `source`.
    fn create(&self, source: Source, token: NewToken) -> ApiFuture<CreatedToken>;
    /// Deletes token `id` (client id or token id) of `source`.
    fn delete(&self, source: Source, id: String) -> ApiFuture<()>;
    /// `PATCH {source}/{id}`: Frontegg's on account client credentials; on the other sources
    /// our extension (`tokenLifecycle.ipAllowlist`: the description and the allowlist).
    fn update(&self, source: Source, id: String, edit: TokenEdit) -> ApiFuture<TokenRow>;
    /// **Our extension**, `POST {source}/{id}/rotate`: a new secret for token `id`; the old one
    /// keeps working for `grace_minutes`. Never sent twice by the tab.
    fn rotate(&self, source: Source, id: String, grace_minutes: u32) -> ApiFuture<CreatedToken>;
    /// **Our extension**, `DELETE {source}/{id}/previous-secret`: ends a grace window now.
    fn expire_previous_secret(&self, source: Source, id: String) -> ApiFuture<TokenRow>;
    /// **Our extension**, `GET {source}/{id}/events`: the token's history, newest first.
    fn events(&self, source: Source, id: String) -> ApiFuture<Vec<TokenEvent>>;
    /// **Our extension** (`tokenLifecycle.renew`): a new expiry, `expires_in_minutes` from
    /// now, for a token that expires; the same id and secret. Safe to send again.
    fn renew(&self, source: Source, id: String, expires_in_minutes: i64) -> ApiFuture<TokenRow>;
    /// **Our extension**: a token the idle policy disabled works again. Safe to send again.
    fn enable(&self, source: Source, id: String) -> ApiFuture<TokenRow>;
    /// **Our extension**: token `id`'s use over the last `days` days and its recent addresses.
    fn usage(&self, source: Source, id: String, days: u32) -> ApiFuture<TokenUsage>;
    /// **Our extension** (`tokenLifecycle.bulkDelete`), `POST {source}/bulk-delete`: each of
    /// `ids` deleted in a transaction of its own, or with `dry_run` what would happen; each
    /// id's outcome, in order. Safe to send again: one already deleted is `NotFound`.
    fn bulk_delete(
        &self,
        source: Source,
        ids: Vec<String>,
        dry_run: bool,
    ) -> ApiFuture<Vec<(String, Revoked)>>;
}

/// Joins `base_url`, `url_prefix` and a resource path into
/// `{base}/{prefix}/identity/resources/{path}`, tolerating stray slashes on every part and an
/// empty prefix.
pub fn resource_url(base_url: &str, url_prefix: &str, path: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let prefix = url_prefix.trim_matches('/');
    let path = path.trim_start_matches('/');
    let resources = api_tokens_rules::wire::RESOURCES;
    if prefix.is_empty() {
        format!("{base}/{resources}/{path}")
    } else {
        format!("{base}/{prefix}/{resources}/{path}")
    }
}

/// Percent-encodes an id for use as one path segment.
pub fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_urls_follow_the_frontegg_layout() {
        assert_eq!(
            resource_url(
                "https://app.example.com",
                "frontegg",
                "tenants/api-tokens/v1"
            ),
            "https://app.example.com/frontegg/identity/resources/tenants/api-tokens/v1"
        );
        assert_eq!(
            resource_url("https://app.example.com/", "/frontegg/", "/roles/v1"),
            "https://app.example.com/frontegg/identity/resources/roles/v1"
        );
        assert_eq!(
            resource_url("http://127.0.0.1:8080", "", "roles/v1"),
            "http://127.0.0.1:8080/identity/resources/roles/v1"
        );
        assert_eq!(
            resource_url("https://x.test/portal", "api/fe", "roles/v1"),
            "https://x.test/portal/api/fe/identity/resources/roles/v1"
        );
    }

    #[test]
    fn ids_are_encoded_as_one_segment() {
        assert_eq!(path_segment("7df3-ab_c.d~e"), "7df3-ab_c.d~e");
        assert_eq!(path_segment("../admin?x=1#y"), "..%2Fadmin%3Fx%3D1%23y");
        assert_eq!(path_segment("é"), "%C3%A9");
    }

    #[test]
    fn tenant_client_credentials_are_created_through_v2() {
        assert_eq!(
            Source::AccountClients.create_path(),
            "tenants/api-tokens/v2"
        );
        assert_eq!(Source::PersonalAccess.list_path(), "users/access-tokens/v1");
    }
}
