//! Security headers, no-store on the API, and the rate limits on sign-in and the exchange,
//! over real HTTP against the real server.

mod common;

use common::*;
use serde_json::json;

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn every_response_has_the_security_headers_and_api_answers_are_never_cached() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<!doctype html><title>t</title>",
    )
    .unwrap();
    let s = Server::start_with(&["--static", site.path().to_str().unwrap()]);
    let jwt = s.sign_in("admin@acme.test");
    let api = format!(
        "{}/frontegg/identity/resources/tenants/api-tokens/v1",
        s.base
    );
    let bearer = header_list(Some(&jwt));
    for (url, hdrs) in [
        (format!("{}/", s.base), vec![]),
        (format!("{}/healthz", s.base), vec![]),
        (api.clone(), bearer.clone()),
        (
            format!("{}/frontegg/identity/resources/nope", s.base),
            vec![],
        ),
    ] {
        let (_, _, h) = s.raw("GET", &url, &hdrs, None);
        let csp = header(&h, "content-security-policy").unwrap_or_else(|| panic!("{url}: no CSP"));
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("style-src 'self';"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(
            header(&h, "x-content-type-options"),
            Some("nosniff"),
            "{url}"
        );
        assert_eq!(header(&h, "referrer-policy"), Some("no-referrer"), "{url}");
        assert_eq!(header(&h, "x-frame-options"), Some("DENY"), "{url}");
    }
    let (_, _, h) = s.raw("GET", &api, &bearer, None);
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    // A create answer carries a secret: never cached either.
    let (_, _, h) = s.raw(
        "POST",
        &format!("{}/frontegg/identity/resources/users/api-tokens/v1", s.base),
        &bearer,
        Some(json!({"description": "cache test"}).to_string()),
    );
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
}

#[test]
fn ten_failed_sign_ins_lock_the_account_for_a_while_with_retry_after() {
    let s = Server::start();
    let url = format!("{}/frontegg/identity/resources/auth/v1/user", s.base);
    let attempt = |email: &str, password: &str| {
        s.raw(
            "POST",
            &url,
            &[],
            Some(json!({"email": email, "password": password}).to_string()),
        )
    };
    for _ in 0..10 {
        assert_eq!(attempt("admin@acme.test", "guess").0, 401);
    }
    // Now even the right password is refused, so a guesser learns nothing.
    let (status, body, h) = attempt("admin@acme.test", "acme-demo-password");
    assert_eq!(status, 429, "{body}");
    let retry: u64 = header(&h, "retry-after").unwrap().parse().unwrap();
    assert!((290..=300).contains(&retry), "{retry}");
    assert!(body.contains("Too many failed attempts"), "{body}");
    assert!(body.contains("\"statusCode\":429"), "{body}");
    // Upper case is the same account; other accounts are not affected.
    assert_eq!(attempt("ADMIN@acme.test", "acme-demo-password").0, 429);
    assert_eq!(attempt("dev@acme.test", "acme-demo-password").0, 200);
    s.wait_log("attempt refused by the rate limit", 1);
}

#[test]
fn failed_exchanges_are_limited_per_client_id() {
    let s = Server::start();
    let url = format!("{}/frontegg/identity/resources/auth/v2/api-token", s.base);
    let body = json!({"clientId": "guessed-client", "secret": "nope"}).to_string();
    for _ in 0..10 {
        assert_eq!(s.raw("POST", &url, &[], Some(body.clone())).0, 401);
    }
    let (status, _, h) = s.raw("POST", &url, &[], Some(body));
    assert_eq!(status, 429);
    assert!(header(&h, "retry-after").is_some());
}

#[test]
fn one_address_gets_its_attempts_per_minute() {
    let s = Server::start_with(&["--attempts-per-minute", "3"]);
    let url = format!("{}/frontegg/identity/resources/auth/v1/user", s.base);
    let ok = json!({"email": "viewer@acme.test", "password": "acme-demo-password"}).to_string();
    for _ in 0..3 {
        assert_eq!(s.raw("POST", &url, &[], Some(ok.clone())).0, 200);
    }
    let (status, body, h) = s.raw("POST", &url, &[], Some(ok));
    assert_eq!(status, 429, "{body}");
    assert!(
        body.contains("Too many requests from this address"),
        "{body}"
    );
    let retry: u64 = header(&h, "retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
}
