//! What every answer carries and which callers are let in: the security headers, redirects
//! kept on this origin, and CORS for the origins `--allow-origin` names.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

/// Sent with every response. The CSP allows only this origin's own scripts (plus compiling
/// its wasm) and styles: no inline script or style anywhere in the app.
pub const SECURITY_HEADERS: [(&str, &str); 6] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    ),
];

/// Keeps every redirect on this origin. A folder's trailing-slash redirect is built from the
/// path asked for, so `GET //pack` would answer `Location: //pack/`, which a browser follows to
/// the host `pack`; `/\pack/` likewise (browsers read `\` as `/`). A `Location` is made a path
/// of this origin: the slashes and backslashes it starts with become one slash (`/pack/`), and
/// one holding a control character or white space (which a browser would drop, joining what it
/// separated) becomes `/`.
pub async fn same_origin_redirects(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if let Some(location) = res.headers().get(header::LOCATION) {
        let safe = match location.to_str() {
            Ok(l) if !l.chars().any(|c| c.is_control() || c.is_whitespace()) => {
                format!("/{}", l.trim_start_matches(['/', '\\']))
            }
            _ => "/".to_string(),
        };
        if location.as_bytes() != safe.as_bytes() {
            let safe = HeaderValue::from_str(&safe).unwrap_or(HeaderValue::from_static("/"));
            res.headers_mut().insert(header::LOCATION, safe);
        }
    }
    res
}

pub fn cors_layer(origins: &[String]) -> Result<Option<CorsLayer>, String> {
    if origins.is_empty() {
        return Ok(None);
    }
    let base = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        // Named: the Fetch standard does not let `*` cover Authorization. What the tab sends
        // (src/api/client.rs, src/embed/element.js), and X-API-KEY of the demo route.
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("frontegg-tenant-id"),
            HeaderName::from_static("x-api-key"),
        ])
        // A browser hides response headers from cross-origin scripts unless exposed: the tab
        // reads Retry-After to say when it will try again.
        .expose_headers([axum::http::header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600));
    if origins.iter().any(|o| o == "*") {
        return Ok(Some(base.allow_origin(Any)));
    }
    let list = origins
        .iter()
        .map(|o| {
            HeaderValue::from_str(o.trim_end_matches('/'))
                .map_err(|_| format!("--allow-origin {o:?} is not a valid origin"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(base.allow_origin(AllowOrigin::list(list))))
}
