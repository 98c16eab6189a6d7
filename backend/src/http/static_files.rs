//! The built SPA: its files, precompressed when the client takes it, and its index.html for
//! any other path (client-side routes).

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeader;

/// Cache-Control of content-hashed assets: their name changes whenever their bytes do.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The files under `dir`, and its index.html for any other path (client-side routes). Each is
/// sent brotli- or gzip-compressed when the client accepts it and `FILE.br` / `FILE.gz` lies
/// beside it (written at build time, see `precompress` in scripts/lib.sh), else as it is.
/// Content-hashed assets may be cached for a year; everything else (index.html, config.json,
/// the embed's un-hashed files, the SPA fallback) is revalidated on every use with its
/// Last-Modified, which answers 304 when unchanged.
pub fn static_files(dir: &std::path::Path) -> Router {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    // Set here, not by path: a missing hashed name gets index.html, which must not stick.
    let index = SetResponseHeader::overriding(
        index,
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(static_headers))
}

/// Vary and Cache-Control for [`static_files`]' answers.
async fn static_headers(req: Request, next: Next) -> Response {
    let hashed = is_content_hashed(req.uri().path());
    let mut res = next.run(req).await;
    let ok = matches!(
        res.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    );
    let headers = res.headers_mut();
    // Any file may have a compressed variant, so every answer depends on Accept-Encoding.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        let value = if hashed && ok { IMMUTABLE } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

/// Whether the last segment of `path` carries a content hash the way the release build
/// (build/dist, 16 hex digits) and Trunk (scripts/dev) write one: a `-`
/// and the hash in hex before the extension or `_bg.` (`app-8f9c5eea67745348.js`,
/// `app-8f9c5eea67745348_bg.wasm`, `tab-5118367035c74499.css`). Trunk prints a 64-bit hash
/// without leading zeros, so it has 16 hex digits or (one build in 16) fewer: 12 to 16 are
/// taken as a hash, which no word in this project's file names looks like.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.match_indices('-').any(|(i, _)| {
        let rest = &name[i + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        let after = &rest[digits..];
        (12..=16).contains(&digits) && (after.starts_with('.') || after.starts_with("_bg."))
    })
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn content_hashes_are_told_from_plain_names() {
        for hashed in [
            "/api-tokens-tab-8f9c5eea67745348.js",
            "/api-tokens-tab-8f9c5eea67745348_bg.wasm",
            "/tab-5118367035c74499.css",
            "/page-c130d9fbc2238f8.css",
            "/a/b/x-0123456789ab.js",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/config.json",
            "/embed/api-tokens-tab.js",
            "/embed/api-tokens-tab_bg.wasm",
            "/embed/element.js",
            "/public/boot.js",
            "/x-deadbeef.js",
            "/x-0123456789abcdef0.js",
            "/x-8f9c5eea67745348",
            "/8f9c5eea67745348.js",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }
}
