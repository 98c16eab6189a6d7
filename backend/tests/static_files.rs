//! Static files as served: precompressed variants by Accept-Encoding, caching and revalidation,
//! and the security headers on every answer.

mod common;

use std::path::Path;

use common::*;

const HASHED_JS: &str = "app-0123456789abcdef.js";
const HASHED_WASM: &str = "app-0123456789abcdef_bg.wasm";
const HASHED_CSS: &str = "tab-fedcba9876543210.css";
const INDEX: &str = "<!doctype html><title>tab</title><script src=\"app.js\"></script>";

/// A site like dist/: index.html, config.json, hashed assets, the embed's un-hashed files, and
/// `.br` / `.gz` beside each. The server sends those files' bytes as they are (it never
/// compresses), so distinct marker bytes stand in for real compressed data: an answer equal to
/// them can only have come from that file.
fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let p = site.path();
    std::fs::create_dir(p.join("embed")).unwrap();
    let files: [(&str, &[u8]); 7] = [
        ("index.html", INDEX.as_bytes()),
        ("config.json", b"{\"baseUrl\": \"\"}"),
        (HASHED_JS, b"console.log('hashed')"),
        (HASHED_WASM, b"\0asm\x01\0\0\0"),
        (HASHED_CSS, b"body { margin: 0 }"),
        ("embed/element.js", b"customElements.define('x', class {})"),
        ("embed/api-tokens-tab_bg.wasm", b"\0asm\x01\0\0\0embed"),
    ];
    for (name, bytes) in files {
        std::fs::write(p.join(name), bytes).unwrap();
        std::fs::write(p.join(format!("{name}.br")), br_of(name)).unwrap();
        std::fs::write(p.join(format!("{name}.gz")), gz_of(name)).unwrap();
    }
    site
}

/// The stand-in brotli bytes of `name` (not valid UTF-8, so no text reading can hide them).
fn br_of(name: &str) -> Vec<u8> {
    [b"\xce\xb2\xff br of ".as_slice(), name.as_bytes()].concat()
}

/// The stand-in gzip bytes of `name`.
fn gz_of(name: &str) -> Vec<u8> {
    [b"\x1f\x8b\x08\xff gz of ".as_slice(), name.as_bytes()].concat()
}

fn start(site: &Path) -> Server {
    Server::start_with(&["--static", site.to_str().unwrap()])
}

/// The value of header `name` (the last one if repeated), if any.
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The CSP and nosniff that every answer carries, whatever its status.
fn assert_security_headers(what: &str, headers: &[(String, String)]) {
    let csp = header(headers, "content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{what}: CSP {csp:?} in {headers:?}"
    );
    assert_eq!(
        header(headers, "x-content-type-options"),
        Some("nosniff"),
        "{what}: {headers:?}"
    );
    assert_eq!(
        header(headers, "x-frame-options"),
        Some("DENY"),
        "{what}: {headers:?}"
    );
}

fn assert_varies_on_encoding(what: &str, headers: &[(String, String)]) {
    let vary = header(headers, "vary").unwrap_or_default().to_lowercase();
    assert!(
        vary.split(',').any(|v| v.trim() == "accept-encoding"),
        "{what}: vary {vary:?} in {headers:?}"
    );
}

/// A file and the SPA fallback, each compressed with `encoding` for a client that accepts it
/// (alone or among others): the variant's exact bytes, Content-Encoding and Vary.
fn assert_variant(encoding: &str, accepts: &[&str], variant_of: fn(&str) -> Vec<u8>) {
    let site = site();
    let s = start(site.path());
    for accept in accepts {
        for (path, file) in [
            (format!("/{HASHED_JS}"), HASHED_JS),
            (format!("/{HASHED_WASM}"), HASHED_WASM),
            ("/embed/element.js".to_string(), "embed/element.js"),
            ("/".to_string(), "index.html"),
            ("/config.json".to_string(), "config.json"),
            ("/some/client/route".to_string(), "index.html"),
        ] {
            let what = format!("GET {path} accepting {accept:?}");
            let (status, body, headers) =
                s.get_bytes(&format!("{}{path}", s.base), &[("accept-encoding", accept)]);
            assert_eq!(status, 200, "{what}");
            assert!(body == variant_of(file), "{what}: {body:?}");
            assert_eq!(
                header(&headers, "content-encoding"),
                Some(encoding),
                "{what}: {headers:?}"
            );
            assert_varies_on_encoding(&what, &headers);
            assert_security_headers(&what, &headers);
        }
    }
}

#[test]
fn brotli_is_sent_to_a_client_that_accepts_it() {
    assert_variant(
        "br",
        &["br", "gzip, deflate, br, zstd", "gzip;q=0.5, br"],
        br_of,
    );
}

#[test]
fn gzip_is_sent_to_a_client_that_accepts_it_but_not_brotli() {
    assert_variant("gzip", &["gzip", "gzip, deflate", "br;q=0, gzip"], gz_of);
}

#[test]
fn the_file_itself_is_sent_to_a_client_that_accepts_neither() {
    let site = site();
    let s = start(site.path());
    for accept in [
        None,
        Some("identity"),
        Some("deflate"),
        Some("br;q=0, gzip;q=0"),
    ] {
        for (path, file) in [
            (format!("/{HASHED_JS}"), HASHED_JS),
            (format!("/{HASHED_WASM}"), HASHED_WASM),
            (
                "/embed/api-tokens-tab_bg.wasm".to_string(),
                "embed/api-tokens-tab_bg.wasm",
            ),
            ("/".to_string(), "index.html"),
            ("/some/client/route".to_string(), "index.html"),
        ] {
            let what = format!("GET {path} accepting {accept:?}");
            let headers: Vec<(&str, &str)> =
                accept.iter().map(|a| ("accept-encoding", *a)).collect();
            let (status, body, headers) = s.get_bytes(&format!("{}{path}", s.base), &headers);
            assert_eq!(status, 200, "{what}");
            assert!(
                body == std::fs::read(site.path().join(file)).unwrap(),
                "{what}: {body:?}"
            );
            assert_eq!(
                header(&headers, "content-encoding"),
                None,
                "{what}: {headers:?}"
            );
            assert_varies_on_encoding(&what, &headers);
            assert_security_headers(&what, &headers);
        }
    }
}

#[test]
fn hashed_assets_are_immutable_and_everything_else_is_revalidated() {
    let site = site();
    let s = start(site.path());
    let immutable = "public, max-age=31536000, immutable";
    let cases = [
        (format!("/{HASHED_JS}"), immutable),
        (format!("/{HASHED_WASM}"), immutable),
        (format!("/{HASHED_CSS}"), immutable),
        ("/".to_string(), "no-cache"),
        ("/index.html".to_string(), "no-cache"),
        ("/config.json".to_string(), "no-cache"),
        ("/embed/element.js".to_string(), "no-cache"),
        ("/embed/api-tokens-tab_bg.wasm".to_string(), "no-cache"),
        ("/some/client/route".to_string(), "no-cache"),
        // A hashed name that is not there gets index.html, which must not be kept for a year.
        ("/gone-0123456789abcdef.js".to_string(), "no-cache"),
    ];
    for accept in [None, Some("br, gzip")] {
        for (path, expected) in &cases {
            let what = format!("GET {path} accepting {accept:?}");
            let headers: Vec<(&str, &str)> =
                accept.iter().map(|a| ("accept-encoding", *a)).collect();
            let (status, _, headers) = s.get_bytes(&format!("{}{path}", s.base), &headers);
            assert_eq!(status, 200, "{what}");
            assert_eq!(
                header(&headers, "cache-control"),
                Some(*expected),
                "{what}: {headers:?}"
            );
            assert_security_headers(&what, &headers);
        }
    }
}

#[test]
fn revalidating_an_unchanged_page_answers_304() {
    let site = site();
    let s = start(site.path());
    for accept in [None, Some("br, gzip"), Some("gzip")] {
        for path in [
            "/",
            "/index.html",
            "/config.json",
            "/embed/element.js",
            "/some/client/route",
        ] {
            let what = format!("GET {path} accepting {accept:?}");
            let url = format!("{}{path}", s.base);
            let mut headers: Vec<(&str, &str)> =
                accept.iter().map(|a| ("accept-encoding", *a)).collect();
            let (status, _, first) = s.get_bytes(&url, &headers);
            assert_eq!(status, 200, "{what}");
            assert_eq!(
                header(&first, "cache-control"),
                Some("no-cache"),
                "{what}: {first:?}"
            );
            let last_modified = header(&first, "last-modified")
                .unwrap_or_else(|| panic!("{what}: no last-modified in {first:?}"))
                .to_string();

            headers.push(("if-modified-since", &last_modified));
            let (status, body, again) = s.get_bytes(&url, &headers);
            let what = format!("{what} if modified since {last_modified}");
            assert_eq!(status, 304, "{what}: {again:?}");
            assert!(body.is_empty(), "{what}: {body:?}");
            assert_security_headers(&what, &again);
            assert_varies_on_encoding(&what, &again);

            // Only an unchanged file: one older than the copy asked about is sent again.
            headers.pop();
            headers.push(("if-modified-since", "Thu, 01 Jan 1970 00:00:00 GMT"));
            let (status, body, _) = s.get_bytes(&url, &headers);
            assert_eq!(status, 200, "{what} (1970)");
            assert!(!body.is_empty(), "{what} (1970)");
        }
    }
}

#[test]
fn api_answers_are_still_never_stored() {
    let site = site();
    let s = start(site.path());
    let jwt = s.sign_in("owner@acme.test");
    for (path, bearer) in [
        ("/frontegg/identity/resources/roles/v1", Some(jwt.as_str())),
        ("/frontegg/identity/resources/roles/v1", None),
        ("/frontegg/identity/resources/no/such/route", None),
    ] {
        let auth = bearer.map(|b| format!("Bearer {b}"));
        let mut headers = vec![("accept-encoding", "br, gzip")];
        if let Some(a) = &auth {
            headers.push(("authorization", a));
        }
        let what = format!("GET {path} signed in: {}", bearer.is_some());
        let (_, _, headers) = s.get_bytes(&format!("{}{path}", s.base), &headers);
        assert_eq!(
            header(&headers, "cache-control"),
            Some("no-store"),
            "{what}: {headers:?}"
        );
        assert_eq!(
            header(&headers, "content-encoding"),
            None,
            "{what}: {headers:?}"
        );
        assert_security_headers(&what, &headers);
    }
}
