//! How the client talks HTTP: [`HttpApi`]'s requests over the browser's `fetch` (gloo-net),
//! each under its own abort controller and the timeout, with the user's bearer token, the
//! first load's prefetched answers taken once, and bodies read as bytes and parsed (and wiped
//! when they may hold a secret). What each endpoint is: `client.rs`.

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use zeroize::Zeroize;

use futures::future::{select, Either};

use super::{prefetch, resource_url, ApiError, ApiFuture};
use crate::config::{AccessToken, ApiTokensConfig};

/// An HTTP method the API is called with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    /// A request of this method to `url`. Its query goes through gloo's own: gloo adds that
    /// (empty) after one written in the URL, sending `?members=all&`.
    fn request(self, url: &str) -> RequestBuilder {
        let (url, query) = split_query(url);
        let builder = match self {
            Method::Get => Request::get(url),
            Method::Post => Request::post(url),
            Method::Patch => Request::patch(url),
            Method::Delete => Request::delete(url),
        };
        builder.query(query)
    }
}

/// `url` without its query, and the query's name-value pairs. The pairs are written raw by the
/// tab's endpoints (`days=30`, `members=all`): gloo encodes them, so one already encoded would
/// be encoded twice.
fn split_query(url: &str) -> (&str, Vec<(&str, &str)>) {
    let (url, query) = url.split_once('?').unwrap_or((url, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    (url, pairs)
}

/// Calls `{base_url}/{url_prefix}/identity/resources/...` with the user's bearer token.
///
/// Every request has its own `AbortController`: it is aborted when the request takes longer than
/// the configured timeout ([`ApiError::Timeout`]), when its future is dropped (the user stopped
/// it), and by [`HttpApi::abort_all`], which the tab calls when it is unmounted. A request is
/// not sent while the browser says it is offline ([`ApiError::Offline`]).
///
/// Cheap to clone; clones share the set of requests in flight.
#[derive(Clone)]
pub struct HttpApi {
    base_url: Rc<str>,
    url_prefix: Rc<str>,
    access_token: AccessToken,
    tenant_id: Option<Rc<str>>,
    timeout_ms: u32,
    inflight: Rc<InFlight>,
}

/// The requests of one client still out, and whether the client was shut.
#[derive(Default)]
struct InFlight {
    closed: Cell<bool>,
    next: Cell<u64>,
    controllers: RefCell<Vec<(u64, web_sys::AbortController)>>,
}

/// Aborts its request unless it completed, and forgets it: dropped when the request ends,
/// times out, or its future is dropped.
struct Abort<'a> {
    inflight: &'a InFlight,
    id: u64,
    controller: web_sys::AbortController,
}

impl Drop for Abort<'_> {
    fn drop(&mut self) {
        // Aborting a request whose body has been read is a no-op.
        self.controller.abort();
        self.inflight
            .controllers
            .borrow_mut()
            .retain(|(id, _)| *id != self.id);
    }
}

impl HttpApi {
    /// A client for `config`; a missing `base_url` means the page's origin.
    pub fn new(config: &ApiTokensConfig) -> Self {
        let base_url = config.base_url.clone().unwrap_or_else(page_origin);
        Self {
            base_url: base_url.into(),
            url_prefix: config.url_prefix.as_str().into(),
            access_token: config.access_token.clone(),
            tenant_id: config.tenant_id.as_deref().map(Into::into),
            timeout_ms: config.request_timeout_ms,
            inflight: Rc::default(),
        }
    }

    /// Cancels every request of this client (and its clones) still in flight, and any later
    /// one: for a tab being unmounted.
    pub fn abort_all(&self) {
        self.inflight.closed.set(true);
        let controllers = std::mem::take(&mut *self.inflight.controllers.borrow_mut());
        for (_, c) in controllers {
            c.abort();
        }
    }

    /// The URL of resource `path`.
    pub(super) fn url(&self, path: &str) -> String {
        resource_url(&self.base_url, &self.url_prefix, path)
    }

    /// The `Authorization` header a call carries; asks the host for a token first when it
    /// provides them.
    async fn authorization(&self) -> Result<Option<String>, ApiError> {
        let token = match &self.access_token {
            AccessToken::None => None,
            AccessToken::Fixed(t) => Some(t.clone()),
            AccessToken::Provider(get) => Some(get().await.map_err(ApiError::Token)?),
        };
        Ok(token
            .filter(|t| !t.is_empty())
            .map(|t| format!("Bearer {t}")))
    }

    /// The headers every call carries.
    fn authorize(&self, mut req: RequestBuilder, authorization: Option<&str>) -> RequestBuilder {
        req = req.header("Accept", "application/json");
        if let Some(authorization) = authorization {
            req = req.header("Authorization", authorization);
        }
        if let Some(tenant) = &self.tenant_id {
            req = req.header("frontegg-tenant-id", tenant);
        }
        req
    }

    /// `GET path`, its JSON answer read.
    pub(super) fn get<T: DeserializeOwned + 'static>(&self, path: &str) -> ApiFuture<T> {
        let this = self.clone();
        let url = self.url(path);
        // Lists and profiles carry no secret: parsed, not wiped (a 10,000-token list is
        // 2.5 MB; wiping it byte by byte cost more than parsing it).
        Box::pin(async move { decode(this.call(Method::Get, url, None).await?, false) })
    }

    /// `method path` with `body` as JSON, its JSON answer read and then wiped (it may hold a
    /// secret).
    pub(super) fn send_json<T: DeserializeOwned + 'static>(
        &self,
        method: Method,
        path: &str,
        body: &impl Serialize,
    ) -> ApiFuture<T> {
        let this = self.clone();
        let url = self.url(path);
        let body = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()));
        Box::pin(async move { decode(this.call(method, url, Some(body?)).await?, true) })
    }

    /// One call. When the host provides tokens (`getAccessToken`) and the server answers 401,
    /// the host is asked once more and the call repeated once: its session may have rotated
    /// since. A second 401 is final ("session expired"). A 401 means the server did nothing,
    /// so repeating a create cannot make two tokens.
    pub(super) async fn call(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
    ) -> Result<Vec<u8>, ApiError> {
        let retries = usize::from(matches!(self.access_token, AccessToken::Provider(_)));
        let mut attempt = 0;
        loop {
            let authorization = self.authorization().await?;
            // The first load's GETs may already be on their way (api::prefetch).
            let prefetched = if method == Method::Get && attempt == 0 {
                let key = prefetch::key(&url, authorization.as_deref(), self.tenant_id.as_deref());
                prefetch::take(&key).await
            } else {
                None
            };
            let result = match prefetched {
                Some(resp) => self.guarded(read(resp.into())).await,
                None => {
                    let mut req = self.authorize(method.request(&url), authorization.as_deref());
                    if body.is_some() {
                        req = req.header("Content-Type", "application/json");
                    }
                    self.send_once(req, body.clone()).await
                }
            };
            match result {
                Err(e) if e.status() == Some(401) && attempt < retries => attempt += 1,
                other => return other,
            }
        }
    }

    /// One fetch under its own abort controller and the timeout.
    async fn send_once(
        &self,
        req: RequestBuilder,
        body: Option<String>,
    ) -> Result<Vec<u8>, ApiError> {
        if self.inflight.closed.get() {
            return Err(ApiError::Cancelled { sent: false });
        }
        if is_offline() {
            return Err(ApiError::Offline);
        }
        let controller = web_sys::AbortController::new()
            .map_err(|_| ApiError::Network("no AbortController".into()))?;
        let id = self.inflight.next.get();
        self.inflight.next.set(id + 1);
        self.inflight
            .controllers
            .borrow_mut()
            .push((id, controller.clone()));
        let guard = Abort {
            inflight: &self.inflight,
            id,
            controller,
        };
        let req = req.abort_signal(Some(&guard.controller.signal()));
        let result = self.guarded(send(req, body)).await;
        drop(guard);
        match result {
            // Aborted by abort_all while out.
            Err(ApiError::Network(_)) if self.inflight.closed.get() => {
                Err(ApiError::Cancelled { sent: true })
            }
            other => other,
        }
    }
}

impl HttpApi {
    /// `call` under the timeout; cancelled when the client was shut.
    async fn guarded(
        &self,
        call: impl std::future::Future<Output = Result<Vec<u8>, ApiError>>,
    ) -> Result<Vec<u8>, ApiError> {
        if self.inflight.closed.get() {
            return Err(ApiError::Cancelled { sent: true });
        }
        let call = std::pin::pin!(call);
        let timeout = gloo_timers::future::TimeoutFuture::new(self.timeout_ms);
        match select(call, timeout).await {
            Either::Left((result, _)) => result,
            Either::Right(_) => Err(ApiError::Timeout {
                seconds: self.timeout_ms.div_ceil(1000),
            }),
        }
    }
}

/// The browser says it has no network (`navigator.onLine` is false).
fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// Sends, reads the whole body, maps non-2xx to [`ApiError::Http`]. The body stays bytes: a
/// copy out of the browser's buffer, where a JS string would be re-encoded into UTF-8.
async fn send(req: RequestBuilder, body: Option<String>) -> Result<Vec<u8>, ApiError> {
    let req = match body {
        Some(b) => req.body(b),
        None => req.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;
    let resp = req
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    read(resp).await
}

/// Reads a response's whole body; maps non-2xx to [`ApiError::Http`].
async fn read(resp: gloo_net::http::Response) -> Result<Vec<u8>, ApiError> {
    let status = resp.status();
    let retry_after = resp.headers().get("retry-after");
    let bytes = resp
        .binary()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !(200..300).contains(&status) {
        return Err(
            ApiError::from_response(status, &String::from_utf8_lossy(&bytes))
                .with_retry_after(retry_after.as_deref(), js_sys::Date::now()),
        );
    }
    Ok(bytes)
}

/// Parses a body, then wipes it when asked: a create response holds a secret. An empty body
/// is an error: every call that reads one expects JSON. Read as the browser's `text()` would:
/// a leading byte-order mark is skipped and bytes that are not UTF-8 become U+FFFD.
pub(super) fn decode<T: DeserializeOwned>(mut body: Vec<u8>, wipe: bool) -> Result<T, ApiError> {
    let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&body);
    let parsed = if json.trim_ascii().is_empty() {
        Err(ApiError::Decode("the response body is empty".into()))
    } else {
        serde_json::from_slice(json).or_else(|e| {
            if std::str::from_utf8(json).is_ok() {
                return Err(ApiError::Decode(e.to_string()));
            }
            // Room for every byte to become a 3-byte U+FFFD: the text never moves, so wiping
            // it wipes the only copy.
            let mut text = String::with_capacity(json.len() * 3);
            for chunk in json.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    text.push('\u{FFFD}');
                }
            }
            // from_slice, like the happy path: from_str would compile every DTO's parser twice.
            let parsed = serde_json::from_slice(text.as_bytes())
                .map_err(|e| ApiError::Decode(e.to_string()));
            if wipe {
                text.zeroize();
            }
            parsed
        })
    };
    if wipe {
        body.zeroize();
    }
    parsed
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dto;

    #[test]
    fn a_urls_query_is_split_into_its_pairs() {
        let base = "https://x.test/fe/identity/resources/users/api-tokens/v1";
        assert_eq!(
            split_query(&format!("{base}?members=all")),
            (base, vec![("members", "all")])
        );
        assert_eq!(
            split_query(&format!("{base}/t/usage?days=30&x&")),
            (&*format!("{base}/t/usage"), vec![("days", "30"), ("x", "")])
        );
        assert_eq!(split_query(base), (base, vec![]));
        assert_eq!(split_query("u?a=b=c"), ("u", vec![("a", "b=c")]));
    }

    #[test]
    fn bodies_parse_from_bytes_and_bad_utf8_reads_as_replacement_characters() {
        let list: Vec<dto::TokenDto> = decode(
            br#"[{"clientId": "c1", "description": "caf\u00e9 ok"}]"#.to_vec(),
            false,
        )
        .unwrap();
        assert_eq!(list[0].description.as_deref(), Some("café ok"));
        // A Latin-1 byte where UTF-8 was due: shown as U+FFFD, as the browser's text() would.
        let list: Vec<dto::TokenDto> = decode(
            b"[{\"clientId\": \"c1\", \"description\": \"caf\xe9\"}]".to_vec(),
            true,
        )
        .unwrap();
        assert_eq!(list[0].description.as_deref(), Some("caf\u{fffd}"));
        // A byte-order mark in front, as some servers and proxies send.
        let list: Vec<dto::TokenDto> =
            decode(b"\xEF\xBB\xBF[{\"clientId\": \"c1\"}]".to_vec(), false).unwrap();
        assert_eq!(list[0].client_id.as_deref(), Some("c1"));
    }

    #[test]
    fn empty_and_malformed_bodies_are_decode_errors() {
        for body in [&b""[..], b"  \n", b"\xEF\xBB\xBF", b"{", b"\xff{"] {
            let r = decode::<dto::TokenDto>(body.to_vec(), false);
            assert!(matches!(r, Err(ApiError::Decode(_))), "{body:?}");
        }
    }
}
