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

/// `POST auth/v1/user` with `email` and `password`, from `from` (an `X-Forwarded-For` entry,
/// which counts with `--trust-proxy`) or the socket's address: (status, body, headers).
fn sign_in_from(
    s: &Server,
    email: &str,
    password: &str,
    from: Option<&str>,
) -> (u16, String, Vec<(String, String)>) {
    let url = format!("{}/frontegg/identity/resources/auth/v1/user", s.base);
    let headers: Vec<(String, String)> = from
        .map(|ip| vec![("x-forwarded-for".to_string(), ip.to_string())])
        .unwrap_or_default();
    s.raw(
        "POST",
        &url,
        &headers,
        Some(json!({"email": email, "password": password}).to_string()),
    )
}

/// `POST auth/v2/api-token` for `client_id` with `secret` from `from` (as [`sign_in_from`]).
fn exchange_from(s: &Server, client_id: &str, secret: &str, from: &str) -> (u16, String) {
    let url = format!("{}/frontegg/identity/resources/auth/v2/api-token", s.base);
    let (status, body, _) = s.raw(
        "POST",
        &url,
        &[("x-forwarded-for".to_string(), from.to_string())],
        Some(json!({"clientId": client_id, "secret": secret}).to_string()),
    );
    (status, body)
}

#[test]
fn ten_failed_sign_ins_lock_that_address_out_of_the_account_for_a_while_with_retry_after() {
    let s = Server::start_with(&["--trust-proxy"]);
    let guesser = Some("203.0.113.9");
    for _ in 0..10 {
        assert_eq!(sign_in_from(&s, "admin@acme.test", "guess", guesser).0, 401);
    }
    // Now even the right password is refused from there, so a guesser learns nothing.
    let (status, body, h) = sign_in_from(&s, "admin@acme.test", PASSWORD, guesser);
    assert_eq!(status, 429, "{body}");
    let retry: u64 = header(&h, "retry-after").unwrap().parse().unwrap();
    assert!((290..=300).contains(&retry), "{retry}");
    assert!(body.contains("Too many failed attempts"), "{body}");
    assert!(body.contains("\"statusCode\":429"), "{body}");
    // Upper case is the same account; other accounts are not affected.
    assert_eq!(
        sign_in_from(&s, "ADMIN@acme.test", PASSWORD, guesser).0,
        429
    );
    assert_eq!(sign_in_from(&s, "dev@acme.test", PASSWORD, guesser).0, 200);
    // The account's owner, from an address that has not failed, signs in.
    assert_eq!(
        sign_in_from(&s, "admin@acme.test", PASSWORD, Some("198.51.100.7")).0,
        200
    );
    s.wait_log("attempt refused by the rate limit", 1);
}

/// Issue 32, item 3: the count was checked before the slow password check and incremented
/// after it, so attempts arriving together were all checked.
#[test]
fn forty_concurrent_wrong_passwords_for_one_account_are_checked_at_most_ten_times() {
    let s = Server::start();
    let statuses = forty_wrong_passwords_at_once(&[&s]);
    assert_eq!(
        checked_and_refused(&statuses),
        (10, 30),
        "of 40 at once, checked (401) and refused (429): {statuses:?}"
    );
    // And the address stays locked out of the account, the right password included.
    assert_eq!(sign_in_from(&s, "owner@acme.test", PASSWORD, None).0, 429);
}

/// Issue 32, item 4: ten wrong secrets from anywhere locked the client id for everyone.
#[test]
fn wrong_secrets_from_other_addresses_do_not_lock_the_right_secret_out_and_are_in_the_history() {
    let s = Server::start_with(&["--trust-proxy"]);
    let admin = s.sign_in("admin@acme.test");
    let token = create(
        &s,
        &admin,
        TENANT_CC,
        json!({"description": "guessed at", "roleIds": [s.role_id(&admin, "viewer")]}),
    );
    let (client_id, secret) = (id_of(&token), token["secret"].as_str().unwrap().to_string());
    // 15 wrong secrets from a guesser's address: 10 checked, then that address is locked out.
    let mut answers = Vec::new();
    for _ in 0..15 {
        answers.push(exchange_from(&s, &client_id, "wrong secret", "203.0.113.9").0);
    }
    assert_eq!(answers, [[401; 10].as_slice(), &[429; 5]].concat());
    // Still locked for the guesser, even with the right secret...
    assert_eq!(exchange_from(&s, &client_id, &secret, "203.0.113.9").0, 429);
    // ...while the owner's client, from its own address, gets its JWT, and it works.
    let (status, body) = exchange_from(&s, &client_id, &secret, "198.51.100.7");
    assert_eq!(status, 200, "{body}");
    let jwt: serde_json::Value = serde_json::from_str(&body).unwrap();
    let jwt = jwt["access_token"].as_str().expect("an access_token");
    let (status, _, _) = s.raw(
        "GET",
        &format!("{}/api/demo/whoami", s.base),
        &header_list(Some(jwt)),
        None,
    );
    assert_eq!(status, 200);
    // The token's history has the 16 refused attempts as one event, counted (the owner's
    // exchange from 198.51.100.7 was no refusal: 16, not 17), from the guesser's address.
    let refused = refused_attempts(&s, &admin, TENANT_CC, &client_id, 16);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["ip"], "203.0.113.9", "{refused:?}");
    assert!(refused[0]["lastAt"].as_str().unwrap() >= refused[0]["at"].as_str().unwrap());
    let events = history(&s, &admin, TENANT_CC, &client_id);
    assert_eq!(events[0], refused[0], "newest first: {events:?}");
}

#[test]
fn a_guess_spread_over_many_addresses_is_slowed_to_one_check_a_second_not_locked() {
    let s = Server::start_with(&["--trust-proxy"]);
    let admin = s.sign_in("admin@acme.test");
    let token = create(&s, &admin, USER_CC, json!({"description": "spread guess"}));
    let (client_id, secret) = (id_of(&token), token["secret"].as_str().unwrap().to_string());
    // 100 wrong secrets, 10 from each of 10 addresses: every one checked.
    for i in 0..100 {
        let from = format!("203.0.113.{}", i / 10);
        assert_eq!(exchange_from(&s, &client_id, "wrong", &from).0, 401, "{i}");
    }
    // Past the ceiling: one check a second for the client id, whoever sends it.
    assert_eq!(exchange_from(&s, &client_id, "wrong", "192.0.2.1").0, 401);
    let (status, body) = exchange_from(&s, &client_id, &secret, "192.0.2.2");
    assert_eq!(status, 429, "{body}");
    assert!(
        body.contains("they are checked one a second. Try again in 1 second."),
        "{body}"
    );
    // Slowed, not locked: a second later the right secret gets through.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(exchange_from(&s, &client_id, &secret, "192.0.2.2").0, 200);
}

#[test]
fn failed_exchanges_of_an_unknown_client_id_are_limited_too() {
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

/// Issue 32, item 9: nothing limited a signed-in user's writes (2,743 creates in 3 s).
#[test]
fn a_users_writes_are_limited_per_minute_with_retry_after() {
    let s = Server::start_with(&["--writes-per-minute", "4"]);
    let dev = s.sign_in("dev@acme.test");
    let had = list(&s, &dev, USER_CC).len();
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(id_of(&create(
            &s,
            &dev,
            USER_CC,
            json!({"description": format!("w{i}")}),
        )));
    }
    // Reads are not writes.
    for _ in 0..5 {
        list(&s, &dev, USER_CC);
    }
    let (status, body) = s.api(
        "DELETE",
        &format!("{USER_CC}/v1/{}", ids[0]),
        Some(&dev),
        None,
    );
    assert_eq!(status, 200, "{body}");
    // The fifth write in the minute, of any kind: 429, saying when to try again.
    let url = format!(
        "{}/frontegg/identity/resources/{USER_CC}/v1/{}/rotate",
        s.base, ids[1]
    );
    let (status, body, h) = s.raw(
        "POST",
        &url,
        &header_list(Some(&dev)),
        Some(json!({"graceMinutes": 0}).to_string()),
    );
    assert_eq!(status, 429, "{body}");
    assert!(
        body.contains("Too many changes: at most 4 a minute per user"),
        "{body}"
    );
    let retry: u64 = header(&h, "retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // It was not made, and another user is not affected.
    assert_eq!(list(&s, &dev, USER_CC).len(), had + 2);
    let admin = s.sign_in("admin@acme.test");
    create(&s, &admin, USER_CC, json!({"description": "another user"}));
}

/// The number of tokens of `tenant` (all four sources) and of those `user` created.
fn token_counts(s: &Server, tenant: &str, user: &str) -> (i64, i64) {
    let mut db = s.sql();
    (
        db.int(
            "SELECT count(*) FROM tokens WHERE tenant_id = ?1",
            &[tenant],
        ),
        db.int(
            "SELECT count(*) FROM tokens WHERE created_by_user_id = ?1",
            &[user],
        ),
    )
}

/// A create of a personal token by `jwt` that a token limit refuses (409): its message.
fn refused_create(s: &Server, jwt: &str) -> String {
    let (status, body) = s.api(
        "POST",
        &create_path(USER_CC),
        Some(jwt),
        Some(&json!({"description": "one too many"})),
    );
    assert_eq!(status, 409, "{body}");
    body["errors"][0].as_str().unwrap().to_string()
}

#[test]
fn a_tenant_and_a_user_may_have_so_many_tokens_then_409_says_why() {
    // Acme's tokens today, then a server allowing Acme two more.
    let s = Server::start();
    let (tenant, _) = token_counts(&s, "acme", "acme-dev");
    let db = s.db.clone();
    let dir = s.kill();
    let allowed = (tenant + 2).to_string();
    let s = Server::start_on(dir, &db, &["--max-tokens-per-tenant", &allowed]);
    let dev = s.sign_in("dev@acme.test");
    let dev_id = "acme-dev";
    let (_, dev_before) = token_counts(&s, "acme", dev_id);
    let first = create(&s, &dev, USER_CC, json!({"description": "one"}));
    create(&s, &dev, USER_AT, json!({"description": "two"}));
    // Acme is full: 409 naming its limit, for every user and source.
    assert_eq!(
        refused_create(&s, &dev),
        format!(
            "This account has {allowed} tokens, the most it may have ({allowed}): delete one \
             before creating another."
        )
    );
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.role_id(&admin, "viewer");
    let (status, _) = s.api(
        "POST",
        &create_path(TENANT_CC),
        Some(&admin),
        Some(&json!({"description": "x", "roleIds": [viewer]})),
    );
    assert_eq!(status, 409);
    assert_eq!(
        token_counts(&s, "acme", dev_id),
        (tenant + 2, dev_before + 2)
    );
    // Another tenant is not full.
    let globex = s.sign_in("owner@globex.test");
    create(
        &s,
        &globex,
        USER_CC,
        json!({"description": "globex", "expiresInMinutes": 60}),
    );

    // A delete makes room; the user's own limit holds too.
    let (status, _) = s.api(
        "DELETE",
        &format!("{USER_CC}/v1/{}", id_of(&first)),
        Some(&dev),
        None,
    );
    assert_eq!(status, 200);
    let per_user = (dev_before + 2).to_string();
    let s2 = {
        let db = s.db.clone();
        let dir = s.kill();
        Server::start_on(dir, &db, &["--max-tokens-per-user", &per_user])
    };
    let dev = s2.sign_in("dev@acme.test");
    create(&s2, &dev, USER_CC, json!({"description": "three"}));
    assert_eq!(
        refused_create(&s2, &dev),
        format!(
            "You have created {per_user} tokens that still exist, the most one user may have \
             ({per_user}): delete one before creating another."
        )
    );
}

#[test]
fn events_older_than_the_retention_are_pruned_by_the_server() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let token = create(&s, &admin, USER_CC, json!({"description": "kept"}));
    let id = id_of(&token);
    let old = (chrono::Utc::now() - chrono::Duration::days(31))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    by_hand(
        &s,
        "INSERT INTO token_events (token_id, tenant_id, owner_user_id, kind, type, at) \
         VALUES (?1, 'acme', 'acme-admin', 'client_credentials', 'updated', ?2)",
        &[&id, &old],
    );
    let types = |s: &Server, jwt: &str| -> Vec<String> {
        history(s, jwt, USER_CC, &id)
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(types(&s, &admin), ["created", "updated"]);
    // Kept for 30 days: the server prunes the old one when it starts (and hourly).
    let db = s.db.clone();
    let dir = s.kill();
    let s = Server::start_on(dir, &db, &["--event-retention-days", "30"]);
    s.wait_log("pruned", 1);
    let admin = s.sign_in("admin@acme.test");
    assert_eq!(types(&s, &admin), ["created"]);
}
