//! [`HttpApi`]: the real client, over the browser's `fetch` (gloo-net).

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;

use super::{dto, resource_url, ApiError, ApiFuture, TokenApi};
use crate::config::ApiTokensConfig;

/// Calls `{base_url}/{url_prefix}/identity/resources/...` with the user's bearer token.
#[derive(Clone, Debug)]
pub struct HttpApi {
    base_url: String,
    url_prefix: String,
    access_token: Option<String>,
    tenant_id: Option<String>,
}

impl HttpApi {
    /// A client for `config`; a missing `base_url` means the page's origin.
    pub fn new(config: &ApiTokensConfig) -> Self {
        let base_url = config.base_url.clone().unwrap_or_else(page_origin);
        Self {
            base_url,
            url_prefix: config.url_prefix.clone(),
            access_token: config.access_token.clone(),
            tenant_id: config.tenant_id.clone(),
        }
    }

    fn url(&self, path: &str) -> String {
        resource_url(&self.base_url, &self.url_prefix, path)
    }

    fn authorize(&self, mut req: RequestBuilder) -> RequestBuilder {
        req = req.header("Accept", "application/json");
        if let Some(token) = &self.access_token {
            req = req.header("Authorization", &format!("Bearer {token}"));
        }
        if let Some(tenant) = &self.tenant_id {
            req = req.header("frontegg-tenant-id", tenant);
        }
        req
    }

    fn get<T: DeserializeOwned + 'static>(&self, path: &str) -> ApiFuture<T> {
        let req = self.authorize(Request::get(&self.url(path)));
        Box::pin(async move {
            let resp = req
                .send()
                .await
                .map_err(|e| ApiError::Network(e.to_string()))?;
            let status = resp.status();
            let body = resp
                .text()
                .await
                .map_err(|e| ApiError::Network(e.to_string()))?;
            if !(200..300).contains(&status) {
                return Err(ApiError::from_response(status, &body));
            }
            serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))
        })
    }
}

impl TokenApi for HttpApi {
    fn public_configuration(&self) -> ApiFuture<dto::PublicConfiguration> {
        self.get("configurations/v1/public")
    }
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
