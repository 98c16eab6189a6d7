//! Talking to a Frontegg-compatible token backend.
//!
//! - [`dto`]: request and response bodies exactly as Frontegg's OpenAPI spec names them.
//! - [`error`]: the one error type every call returns.
//! - [`client`]: [`HttpApi`], the real client over `fetch` (gloo-net).
//!
//! Components never call `fetch` directly: they use the [`TokenApi`] trait from context, so
//! browser tests can swap in an in-memory fake and still exercise every view.

pub mod client;
pub mod dto;
pub mod error;

use std::future::Future;
use std::pin::Pin;

pub use client::HttpApi;
pub use error::ApiError;

/// A boxed future of an API call. Not `Send`: browser fetch futures live on the JS thread.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// Everything the tab asks of a token backend.
pub trait TokenApi {
    /// `GET configurations/v1/public`: the vendor's token settings.
    fn public_configuration(&self) -> ApiFuture<dto::PublicConfiguration>;
}

/// Joins `base_url`, `url_prefix` and a resource path into
/// `{base}/{prefix}/identity/resources/{path}`, tolerating stray slashes on every part and an
/// empty prefix.
pub fn resource_url(base_url: &str, url_prefix: &str, path: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let prefix = url_prefix.trim_matches('/');
    let path = path.trim_start_matches('/');
    if prefix.is_empty() {
        format!("{base}/identity/resources/{path}")
    } else {
        format!("{base}/{prefix}/identity/resources/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::resource_url;

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
}
