//! Where and how much each token is used, over real HTTP (issue 34, our extension): uses and
//! refused attempts per day and the recent addresses, counted in each instance's memory and
//! added to the database every `--usage-flush-ms` (100 ms here), so that 8 clients using one
//! token through two instances are counted exactly; the latest 10 addresses kept; refusals
//! counted for tokens that exist only; `GET {source}/{id}/usage?days=` read by whoever may read
//! the source (a personal token by its owner only). Runs on SQLite and again on PostgreSQL (`ATT_TEST_POSTGRES`).

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::*;
use serde_json::{json, Value};

const FAST: [&str; 4] = ["--attempts-per-minute", "100000", "--usage-flush-ms", "100"];

fn usage(s: &Server, jwt: &str, base: &str, id: &str, query: &str) -> (u16, Value) {
    s.api(
        "GET",
        &format!("{base}/v1/{id}/usage{query}"),
        Some(jwt),
        None,
    )
}

/// (uses, refused) of token `id` as `jwt` reads them, today's and yesterday's together (a test
/// running across midnight UTC counts on two days).
fn today(s: &Server, jwt: &str, base: &str, id: &str) -> (i64, i64) {
    let (status, body) = usage(s, jwt, base, id, "?days=2");
    assert_eq!(status, 200, "{body}");
    let days = body["days"].as_array().unwrap();
    assert_eq!(days.len(), 2, "{body}");
    days.iter().fold((0, 0), |(u, r), d| {
        (
            u + d["uses"].as_i64().unwrap(),
            r + d["refused"].as_i64().unwrap(),
        )
    })
}

/// Waits (up to 10 s) until today's counts are `want`, then a few flushes more: still `want`.
fn settles_at(s: &Server, jwt: &str, base: &str, id: &str, want: (i64, i64)) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while today(s, jwt, base, id) != want {
        assert!(
            Instant::now() < deadline,
            "{:?}, not {want:?}",
            today(s, jwt, base, id)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(today(s, jwt, base, id), want, "counted once");
}

#[test]
fn uses_and_refusals_through_two_instances_add_up_exactly() {
    let (a, b) = two_instances_with(&FAST);
    let owner = a.sign_in("owner@acme.test");
    let made = create(
        &a,
        &owner,
        TENANT_CC,
        json!({"description": "busy", "roleIds": [a.role_id(&owner, "viewer")]}),
    );
    let id = id_of(&made);
    // 8 clients, 25 exchanges each, every other one through the other instance.
    std::thread::scope(|scope| {
        for client in 0..8 {
            let (a, b, made) = (&a, &b, &made);
            scope.spawn(move || {
                for n in 0..25 {
                    let s = if (client + n) % 2 == 0 { a } else { b };
                    let (status, _) = try_secret(s, made, &made["secret"], &[]);
                    assert_eq!(status, 200);
                }
            });
        }
    });
    for _ in 0..3 {
        assert_eq!(try_secret(&b, &made, &json!("wrong"), &[]).0, 401);
    }
    settles_at(&a, &owner, TENANT_CC, &id, (200, 3));
    let (_, body) = usage(&b, &owner, TENANT_CC, &id, "");
    let addresses = body["addresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 1, "{body}");
    assert_eq!(addresses[0]["ip"], "127.0.0.1");
    assert_eq!(addresses[0]["uses"], 200);
    assert!(time(&addresses[0]["firstSeen"]) <= time(&addresses[0]["lastSeen"]));

    // An access token in X-API-KEY counts too.
    let key = create(&a, &owner, USER_AT, json!({"description": "key"}));
    for s in [&a, &b, &a] {
        assert_eq!(try_secret(s, &key, &key["secret"], &[]).0, 200);
    }
    settles_at(&b, &owner, USER_AT, &id_of(&key), (3, 0));
}

#[test]
fn the_latest_ten_addresses_are_kept_and_refusals_count_for_real_tokens_only() {
    let mut flags = FAST.to_vec();
    flags.push("--trust-proxy");
    let s = Server::start_with(&flags);
    let owner = s.sign_in("owner@acme.test");
    let key = create(&s, &owner, USER_AT, json!({"description": "travels"}));
    let id = id_of(&key);
    for n in 1..=12 {
        let from = format!("192.0.2.{n}");
        let used = try_secret(&s, &key, &key["secret"], &[("x-forwarded-for", &from)]);
        assert_eq!(used.0, 200);
        // Each address seen after the one before, to the millisecond.
        std::thread::sleep(Duration::from_millis(3));
    }
    settles_at(&s, &owner, USER_AT, &id, (12, 0));
    let (_, body) = usage(&s, &owner, USER_AT, &id, "");
    let ips: Vec<_> = body["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ip"].as_str().unwrap().to_string())
        .collect();
    let latest: Vec<_> = (3..=12).rev().map(|n| format!("192.0.2.{n}")).collect();
    assert_eq!(ips, latest, "the latest ten, the latest first");

    // Expired: refused, and counted.
    let hour_ago = iso(Utc::now() - chrono::Duration::hours(1));
    by_hand(
        &s,
        "UPDATE tokens SET expires_at = ?2 WHERE id = ?1",
        &[&id, &hour_ago],
    );
    assert_eq!(try_secret(&s, &key, &key["secret"], &[]).0, 401);
    settles_at(&s, &owner, USER_AT, &id, (12, 1));
    // A made-up client id is refused and leaves nothing behind.
    let nobody = json!({"clientId": "no-such-client"});
    assert_eq!(try_secret(&s, &nobody, &json!("x"), &[]).0, 401);
    std::thread::sleep(Duration::from_millis(300));
    let rows = s.sql().int(
        "SELECT COUNT(*) FROM token_usage_days WHERE token_id = ?1",
        &["no-such-client"],
    );
    assert_eq!(rows, 0);
}

#[test]
fn usage_is_read_by_who_may_read_the_source_for_1_to_90_days() {
    let s = Server::start_with(&FAST);
    let owner = s.sign_in("owner@acme.test");
    let account = create(
        &s,
        &owner,
        TENANT_AT,
        json!({"description": "shared", "roleIds": [s.role_id(&owner, "viewer")]}),
    );
    let personal = create(&s, &owner, USER_AT, json!({"description": "mine"}));
    let (status, body) = usage(&s, &owner, TENANT_AT, &id_of(&account), "");
    assert_eq!(status, 200, "{body}");
    let days = body["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    assert_eq!(days[29]["date"], Utc::now().format("%Y-%m-%d").to_string());
    assert!(days.iter().all(|d| d["uses"] == 0 && d["refused"] == 0));
    assert_eq!(body["addresses"], json!([]));
    let (status, body) = usage(&s, &owner, TENANT_AT, &id_of(&account), "?days=90");
    assert_eq!((status, body["days"].as_array().unwrap().len()), (200, 90));
    for bad in ["0", "91", "abc", "7.5", ""] {
        let (status, body) = usage(
            &s,
            &owner,
            TENANT_AT,
            &id_of(&account),
            &format!("?days={bad}"),
        );
        assert_eq!(status, 400, "days={bad}: {body}");
        assert_eq!(
            body["errors"][0],
            "days must be a whole number from 1 to 90: how many days of use to show, today included"
        );
    }
    // A viewer reads the account's; nobody reads another's personal token.
    let viewer = s.sign_in("viewer@acme.test");
    assert_eq!(usage(&s, &viewer, TENANT_AT, &id_of(&account), "").0, 200);
    assert_eq!(usage(&s, &viewer, USER_AT, &id_of(&personal), "").0, 404);
    // Nor without a sign-in.
    let (status, _) = s.api(
        "GET",
        &format!("{TENANT_AT}/v1/{}/usage", id_of(&account)),
        None,
        None,
    );
    assert_eq!(status, 401);
    // A token of another source or tenant is not found either.
    assert_eq!(usage(&s, &owner, TENANT_CC, &id_of(&account), "").0, 404);
    let globex = s.sign_in("owner@globex.test");
    assert_eq!(usage(&s, &globex, TENANT_AT, &id_of(&account), "").0, 404);
}

#[test]
fn a_server_that_does_not_count_use_says_so_and_counts_nothing() {
    let mut flags = FAST.to_vec();
    flags.push("--no-usage");
    let s = Server::start_with(&flags);
    let owner = s.sign_in("owner@acme.test");
    let (_, cfg) = s.api("GET", "configurations/v1/public", Some(&owner), None);
    assert_eq!(cfg["tokenLifecycle"]["usage"], false, "{cfg}");
    let key = create(&s, &owner, USER_AT, json!({"description": "uncounted"}));
    let id = id_of(&key);
    assert_eq!(try_secret(&s, &key, &key["secret"], &[]).0, 200);
    assert_eq!(try_secret(&s, &key, &json!("wrong"), &[]).0, 401);
    std::thread::sleep(Duration::from_millis(300));
    let (status, body) = usage(&s, &owner, USER_AT, &id, "");
    assert_eq!(status, 404);
    assert_eq!(
        body["errors"][0],
        "this server does not count tokens' use (--no-usage)"
    );
    let rows = s.sql().int(
        "SELECT COUNT(*) FROM token_usage_days WHERE token_id = ?1",
        &[&id],
    );
    assert_eq!(rows, 0);
    // Last use is still recorded.
    assert_eq!(row(&s, &owner, USER_AT, &id)["lastUsedIp"], "127.0.0.1");
}
