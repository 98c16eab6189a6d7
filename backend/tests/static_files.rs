//! Static files as served: precompressed variants by Accept-Encoding, caching and revalidation,
//! the security headers on every answer, no redirect that leaves the origin; and beside them
//! the API, every answer of which is `no-store`.

mod common;

use std::path::Path;

use common::*;
use serde_json::json;

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

/// `GET path` written by hand on a socket (no client normalises or follows anything):
/// answers the status and the `Location` header, if any.
fn raw_get(s: &Server, path: &str) -> (u16, Option<String>) {
    use std::io::{Read, Write};
    let host = s.base.trim_start_matches("http://");
    let mut socket = std::net::TcpStream::connect(host).unwrap();
    socket
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        socket,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    let head = answer.split("\r\n\r\n").next().unwrap_or_default();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("GET {path}: no status in {head:?}"));
    let location = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("location")
            .then(|| v.trim().to_string())
    });
    (status, location)
}

#[test]
fn no_redirect_names_another_host() {
    // Issue 32: `GET //pack` answered `307 location: //pack/` (the trailing-slash redirect of a
    // folder), which a browser follows to `http://pack/`.
    let site = site();
    let p = site.path();
    std::fs::create_dir(p.join("pack")).unwrap();
    std::fs::write(p.join("pack/api-tokens-tab-0.1.0.tgz"), b"tgz").unwrap();
    std::fs::create_dir_all(p.join("examples/vendor-app")).unwrap();
    std::fs::write(p.join("examples/vendor-app/index.html"), b"vendor app").unwrap();
    let s = start(p);
    // Where a browser would go: a Location starting with two slashes, or a slash and a
    // backslash (browsers read `\` as `/`), names a host; one with a tab or line break in it
    // too, once the browser drops those.
    let names_a_host = |l: &str| {
        let l: String = l
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        !l.starts_with('/') || l[1..].starts_with(['/', '\\'])
    };
    for path in [
        "//pack",
        "///pack",
        "////pack",
        "//pack/",
        "//embed",
        "//examples/vendor-app",
        "//examples//vendor-app",
        "/%2Fpack",
        "/%2F%2Fpack",
        "/%5Cpack",
        "/%5C%5Cpack",
        "/%09/pack",
        "/pack",
        "/embed",
        "/examples/vendor-app",
    ] {
        let (status, location) = raw_get(&s, path);
        if let Some(l) = &location {
            assert!(!names_a_host(l), "GET {path}: {status} location {l}");
        }
        assert!(
            !(300..400).contains(&status) || location.is_some(),
            "GET {path}: {status} without a location"
        );
    }
    // Same-origin folder redirects still lead where they did, and the folder's page loads.
    assert_eq!(
        raw_get(&s, "/examples/vendor-app"),
        (307, Some("/examples/vendor-app/".to_string()))
    );
    assert_eq!(
        raw_get(&s, "//examples/vendor-app"),
        (307, Some("/examples/vendor-app/".to_string()))
    );
    assert_eq!(raw_get(&s, "//pack"), (307, Some("/pack/".to_string())));
    let (status, page, _) = s.get_bytes(&format!("{}/examples/vendor-app/", s.base), &[]);
    assert_eq!((status, page.as_slice()), (200, b"vendor app".as_slice()));
}

/// The API's routes as the contract lists them (docs/api.md) (`| `METHOD path` |` rows; `{source}`
/// stands for each source's `…/v1`; "(and `v1`)" adds that version): (method, path), the path
/// absolute (`/api/…`, `/healthz`) or under `/frontegg/identity/resources/`.
fn contract_routes() -> Vec<(String, String)> {
    let contract = include_str!("../../docs/api.md");
    let mut routes = Vec::new();
    for line in contract.lines().filter(|l| l.starts_with("| `")) {
        let Some((method, path)) = line[3..].split('`').next().and_then(|r| r.split_once(' '))
        else {
            continue;
        };
        if !matches!(method, "GET" | "POST" | "PATCH" | "PUT" | "DELETE") {
            continue;
        }
        let mut paths = vec![path.to_string()];
        if line.contains("(and `v1`)") {
            paths.push(path.replace("/v2", "/v1"));
        }
        for path in paths {
            if path.contains("{source}") {
                for base in SOURCES {
                    routes.push((
                        method.to_string(),
                        path.replace("{source}", &format!("{base}/v1")),
                    ));
                }
            } else {
                routes.push((method.to_string(), path));
            }
        }
    }
    routes
}

#[test]
fn every_api_answer_is_no_store() {
    // Issue 32: `GET /api/demo/whoami` answered without `Cache-Control: no-store`. Every route
    // of the contract (docs/api.md), signed in (mostly a success) and not (mostly an error), and the
    // answers no route gives on purpose: unknown paths, a wrong method, bad and large bodies.
    let site = site();
    let s = start(site.path());
    let owner = s.sign_in("owner@acme.test");
    let viewer_role = s.role_id(&owner, "viewer");
    let fresh = |base: &str| {
        // Expiring, so that it can be renewed.
        let mut body = json!({"description": "no-store", "expiresInMinutes": 600});
        if base.starts_with("tenants/") {
            body["roleIds"] = json!([viewer_role]);
        }
        create(&s, &owner, base, body)
    };
    let access = fresh(TENANT_AT);
    let routes = contract_routes();
    assert!(routes.len() >= 30, "the contract's routes: {routes:?}");
    let mut checked = Vec::new();
    for (method, template) in &routes {
        let mut succeeded = false;
        for signed_in in [true, false] {
            let mut headers = if signed_in {
                header_list(Some(&owner))
            } else {
                vec![]
            };
            let mut path = template.clone();
            let mut body = None;
            if let Some(i) = path.find('{').filter(|_| !path.starts_with("auth/")) {
                let base = path[..i].trim_end_matches('/').trim_end_matches("/v1");
                // `DELETE users/v1/{userId}` removes a member (the Viewer, whom nothing
                // below needs); every other template names a token.
                let id = if base == "users" {
                    "acme-viewer".to_string()
                } else {
                    id_of(&fresh(base))
                };
                if path.ends_with("/previous-secret") {
                    // A window to end.
                    let (status, _) = s.api(
                        "POST",
                        &format!("{base}/v1/{id}/rotate"),
                        Some(&owner),
                        Some(&json!({"graceMinutes": 60})),
                    );
                    assert_eq!(status, 200);
                }
                let end = path[i..].find('}').unwrap() + i;
                path.replace_range(i..=end, &id);
            }
            match (method.as_str(), path.as_str()) {
                ("POST", "auth/v1/user") => {
                    let password = if signed_in { PASSWORD } else { "wrong" };
                    body = Some(json!({"email": "owner@acme.test", "password": password}));
                }
                ("POST", "auth/v2/api-token") => {
                    let t = fresh(TENANT_CC);
                    let secret = if signed_in {
                        t["secret"].clone()
                    } else {
                        json!("wrong")
                    };
                    body = Some(json!({"clientId": t["clientId"], "secret": secret}));
                }
                ("GET", "/api/demo/whoami") if signed_in => {
                    headers = vec![(
                        "x-api-key".into(),
                        access["secret"].as_str().unwrap().into(),
                    )];
                }
                ("POST", p) if p.ends_with("/rotate") => body = Some(json!({"graceMinutes": 60})),
                ("POST", p) if p.ends_with("/bulk-delete") => {
                    body = Some(json!({"ids": ["no-such-token"], "dryRun": true}))
                }
                ("POST", p) if p.ends_with("/renew") => {
                    body = Some(json!({"expiresInMinutes": 60}))
                }
                ("PATCH", _) => body = Some(json!({"description": "renamed"})),
                ("POST", _) => {
                    body = Some(json!({"description": "no-store", "roleIds": [viewer_role]}))
                }
                _ => {}
            }
            let url = if path.starts_with('/') {
                format!("{}{path}", s.base)
            } else {
                format!("{}/frontegg/identity/resources/{path}", s.base)
            };
            let (status, text, h) = s.raw(method, &url, &headers, body.map(|b| b.to_string()));
            let what = format!("{method} {path} signed in: {signed_in}: {status} {text}");
            assert_eq!(
                header(&h, "cache-control"),
                Some("no-store"),
                "{what}: {h:?}"
            );
            succeeded |= (200..300).contains(&status);
            checked.push(status);
        }
        assert!(succeeded, "{method} {template}: no success was checked");
    }
    assert!(checked.contains(&401), "refusals were checked: {checked:?}");
    let api = |p: &str| format!("{}/frontegg/identity/resources/{p}", s.base);
    let bearer = header_list(Some(&owner));
    for (method, url, body, expected) in [
        ("GET", api("no/such/route"), None, 404),
        ("GET", format!("{}/api/no/such/route", s.base), None, 404),
        ("PUT", format!("{}/api/demo/whoami", s.base), None, 405),
        ("PUT", api("roles/v1"), None, 405),
        (
            "POST",
            api("users/api-tokens/v1"),
            Some("{not json".to_string()),
            400,
        ),
        (
            "POST",
            api("users/api-tokens/v1"),
            Some("x".repeat(20_000)),
            413,
        ),
    ] {
        let (status, text, h) = s.raw(method, &url, &bearer, body);
        let what = format!("{method} {url}: {status} {text}");
        assert_eq!(status, expected, "{what}");
        assert_eq!(
            header(&h, "cache-control"),
            Some("no-store"),
            "{what}: {h:?}"
        );
    }
}
