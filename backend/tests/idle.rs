//! The idle policy over real HTTP (issue 33, our extension): a tenant's
//! `disable_after_unused_days` (Globex: 90 in the demo) makes every instance's scheduler disable
//! the tokens unused that long — last used that long ago, or never used and created that long
//! ago — and only those; a disabled token is refused at the exchange and in `X-API-KEY` with
//! its own message, is listed with `disabled`, and works again once a user who may edit it
//! enables it (the level rule applies); its idle time then counts anew. Two instances running
//! the scheduler on one database disable and record each token once. Runs on SQLite and again
//! on PostgreSQL (`ATT_TEST_POSTGRES`). Time moves by writing the database, never by sleeping:
//! the scheduler runs every 50 ms here.

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::*;
use serde_json::{json, Value};

const FAST: [&str; 2] = ["--scheduler-interval-ms", "50"];
const REFUSAL: &str =
    "this token was disabled after 90 days unused: a user who may edit it can enable it again";

fn days_ago(days: i64) -> String {
    (Utc::now() - chrono::Duration::days(days))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Sets token `id`'s creation and last use (`None`: never used) behind the server's back, in
/// one statement: the scheduler runs meanwhile, and must never see half of it.
fn age(s: &Server, id: &str, created_days_ago: i64, used_days_ago: Option<i64>) {
    by_hand(
        s,
        "UPDATE tokens SET created_at = ?2, last_used_at = NULLIF(?3, '') WHERE id = ?1",
        &[
            id,
            &days_ago(created_days_ago),
            &used_days_ago.map(days_ago).unwrap_or_default(),
        ],
    );
}

/// Waits (up to 10 s) until `cond` holds for `base`'s list as `jwt` reads it.
fn until_listed(s: &Server, jwt: &str, base: &str, what: &str, cond: impl Fn(&[Value]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let rows = list(s, jwt, base);
        if cond(&rows) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {rows:#?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn disabled(rows: &[Value], id: &str) -> Option<Value> {
    rows.iter()
        .find(|t| id_of(t) == id)
        .and_then(|t| t.get("disabled").cloned())
}

fn kinds(s: &Server, jwt: &str, base: &str, id: &str) -> Vec<String> {
    history(s, jwt, base, id)
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .filter(|k| k != "refusedAttempts")
        .collect()
}

/// The `X-API-KEY` door's answer for an access token's secret.
fn whoami(s: &Server, secret: &Value) -> (u16, Value) {
    let url = format!("{}/api/demo/whoami", s.base);
    s.request(
        "GET",
        &url,
        &[("x-api-key".into(), secret.as_str().unwrap().to_string())],
        None,
    )
}

#[test]
fn the_idle_policy_disables_exactly_the_tokens_unused_that_long_and_enabling_restores_them() {
    let s = Server::start_with(&FAST);
    let owner = s.sign_in("owner@globex.test");
    let viewer = s.role_id(&owner, "viewer");
    let made = |what: &str| {
        create(
            &s,
            &owner,
            TENANT_AT,
            json!({"description": what, "roleIds": [viewer], "expiresInMinutes": 43200}),
        )
    };
    let recent = made("used 10 days ago");
    let old_use = made("used 100 days ago");
    let never_old = made("never used, 100 days old");
    let never_new = made("never used, 10 days old");
    age(&s, &id_of(&recent), 200, Some(10));
    age(&s, &id_of(&never_new), 10, None);
    // The two to catch last, so a run that sees them has seen the others too.
    age(&s, &id_of(&old_use), 200, Some(100));
    age(&s, &id_of(&never_old), 100, None);

    let caught = [id_of(&old_use), id_of(&never_old)];
    until_listed(
        &s,
        &owner,
        TENANT_AT,
        "the two idle tokens disabled",
        |rows| caught.iter().all(|id| disabled(rows, id).is_some()),
    );
    let rows = list(&s, &owner, TENANT_AT);
    for id in &caught {
        let d = disabled(&rows, id).unwrap();
        assert_eq!(d["afterUnusedDays"], 90, "{d}");
        assert!(d["at"].as_str().unwrap().ends_with('Z'), "{d}");
        assert_eq!(kinds(&s, &owner, TENANT_AT, id), ["disabled", "created"]);
        assert_eq!(
            history(&s, &owner, TENANT_AT, id)[0]["actorName"],
            Value::Null
        );
    }
    for spared in [&recent, &never_new] {
        assert_eq!(disabled(&rows, &id_of(spared)), None, "{spared}");
        assert_eq!(whoami(&s, &spared["secret"]).0, 200);
    }
    // The demo's own idle token, last used 120 days ago.
    let legacy = rows
        .iter()
        .find(|t| t["description"] == "Globex legacy export")
        .unwrap();
    assert_eq!(legacy["disabled"]["afterUnusedDays"], 90, "{legacy}");

    // Refused at the door with its own message, never deleted.
    assert_eq!(
        whoami(&s, &old_use["secret"]),
        (401, json!({"errors": [REFUSAL], "statusCode": 401}))
    );
    assert_eq!(list(&s, &owner, TENANT_AT).len(), rows.len());

    // Enabled again: it works, it is recorded, and the scheduler leaves it alone although its
    // last use is still 100 days old (its idle time counts from the enabling).
    let (status, enabled) = s.api(
        "POST",
        &format!("{TENANT_AT}/v1/{}/enable", id_of(&old_use)),
        Some(&owner),
        None,
    );
    assert_eq!(status, 200, "{enabled}");
    assert_eq!(enabled.get("disabled"), None, "{enabled}");
    assert_eq!(whoami(&s, &old_use["secret"]).0, 200);
    assert_eq!(
        kinds(&s, &owner, TENANT_AT, &id_of(&old_use)),
        ["enabled", "disabled", "created"]
    );
    assert_eq!(
        history(&s, &owner, TENANT_AT, &id_of(&old_use))[0]["actorName"],
        "Greta Globex"
    );
    // Enabling again changes nothing (a retried request).
    let (status, again) = s.api(
        "POST",
        &format!("{TENANT_AT}/v1/{}/enable", id_of(&old_use)),
        Some(&owner),
        None,
    );
    assert_eq!((status, again.get("disabled")), (200, None));
    assert_eq!(kinds(&s, &owner, TENANT_AT, &id_of(&old_use)).len(), 3);
    // A later run (it catches the 10-day-old token once aged) still spares the enabled one.
    age(&s, &id_of(&never_new), 95, None);
    until_listed(&s, &owner, TENANT_AT, "a later run", |rows| {
        disabled(rows, &id_of(&never_new)).is_some()
    });
    assert_eq!(
        disabled(&list(&s, &owner, TENANT_AT), &id_of(&old_use)),
        None
    );
}

#[test]
fn a_disabled_client_is_refused_at_the_exchange_and_its_jwt_stops() {
    let s = Server::start_with(&FAST);
    by_hand(
        &s,
        "UPDATE tenants SET disable_after_unused_days = 90 WHERE id = 'acme'",
        &[],
    );
    let owner = s.sign_in("owner@acme.test");
    let made = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "idle client", "roleIds": [s.role_id(&owner, "viewer")]}),
    );
    let (status, jwt) = try_secret(&s, &made, &made["secret"], &[]);
    assert_eq!(status, 200);
    age(&s, &id_of(&made), 100, Some(91));
    until_listed(&s, &owner, TENANT_CC, "disabled", |rows| {
        disabled(rows, &id_of(&made)).is_some()
    });
    let url = format!("{}/frontegg/identity/resources/auth/v2/api-token", s.base);
    let body = json!({"clientId": id_of(&made), "secret": made["secret"]}).to_string();
    assert_eq!(
        s.request("POST", &url, &[], Some(body)),
        (401, json!({"errors": [REFUSAL], "statusCode": 401}))
    );
    // A wrong secret learns nothing of it.
    let wrong = json!({"clientId": id_of(&made), "secret": "nope"}).to_string();
    assert_eq!(
        s.request("POST", &url, &[], Some(wrong)).1["errors"][0],
        "invalid client credentials"
    );
    // The JWT exchanged before stops too.
    let whoami = format!("{}/api/demo/whoami", s.base);
    let bearer = format!("Bearer {}", jwt.unwrap());
    assert_eq!(
        s.request("GET", &whoami, &[("authorization".into(), bearer)], None),
        (401, json!({"errors": [REFUSAL], "statusCode": 401}))
    );
}

/// The level rule on enabling: the Admin cannot enable a token holding Owner, and is told
/// why; nothing changes. Reading is not enough either.
#[test]
fn nobody_enables_a_token_above_them() {
    let s = Server::start_with(&FAST);
    by_hand(
        &s,
        "UPDATE tenants SET disable_after_unused_days = 90 WHERE id = 'acme'",
        &[],
    );
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.sign_in("viewer@acme.test");
    let above = create(
        &s,
        &owner,
        TENANT_AT,
        json!({"description": "owner's", "roleIds": [s.role_id(&owner, "owner")]}),
    );
    let id = id_of(&above);
    age(&s, &id, 100, None);
    until_listed(&s, &owner, TENANT_AT, "disabled", |rows| {
        disabled(rows, &id).is_some()
    });
    let enable = |jwt: &str| {
        s.api(
            "POST",
            &format!("{TENANT_AT}/v1/{id}/enable"),
            Some(jwt),
            None,
        )
    };
    assert_eq!(
        enable(&admin),
        (
            403,
            json!({"errors": ["cannot enable this token: it has role Owner, which is above your highest role, Admin"], "statusCode": 403})
        )
    );
    assert_eq!(enable(&viewer).0, 403);
    assert!(disabled(&list(&s, &owner, TENANT_AT), &id).is_some());
    assert_eq!(enable(&owner).0, 200);
    assert_eq!(enable(&owner).0, 200, "twice: harmless");
    assert_eq!(
        kinds(&s, &owner, TENANT_AT, &id),
        ["enabled", "disabled", "created"]
    );
}

/// Two instances on one database, both running the scheduler often: each idle token is
/// disabled, and its `disabled` recorded, once.
#[test]
fn two_schedulers_at_once_disable_each_token_once() {
    let first = Server::start_with(&FAST);
    let second = Server::start_on(tempfile::tempdir().unwrap(), &first.db, &FAST);
    let owner = first.sign_in("owner@globex.test");
    let viewer = first.role_id(&owner, "viewer");
    let ids: Vec<String> = (0..6)
        .map(|i| {
            let t = create(
                &first,
                &owner,
                TENANT_AT,
                json!({"description": format!("idle {i}"), "roleIds": [viewer], "expiresInMinutes": 600}),
            );
            id_of(&t)
        })
        .collect();
    for id in &ids {
        age(&first, id, 120, Some(100));
    }
    until_listed(&second, &owner, TENANT_AT, "all six disabled", |rows| {
        ids.iter().all(|id| disabled(rows, id).is_some())
    });
    // Let both run a few more times over them.
    let spare = create(
        &first,
        &owner,
        TENANT_AT,
        json!({"description": "later", "roleIds": [viewer], "expiresInMinutes": 600}),
    );
    age(&first, &id_of(&spare), 120, None);
    until_listed(&first, &owner, TENANT_AT, "a later run", |rows| {
        disabled(rows, &id_of(&spare)).is_some()
    });
    for id in &ids {
        assert_eq!(
            kinds(&first, &owner, TENANT_AT, id),
            ["disabled", "created"],
            "{id}"
        );
    }
}

#[test]
fn the_public_configuration_tells_the_callers_idle_policy() {
    let s = Server::start();
    let idle = |jwt: &str| {
        let (_, cfg) = s.api("GET", "configurations/v1/public", Some(jwt), None);
        cfg["tokenLifecycle"]["disableAfterUnusedDays"].clone()
    };
    assert_eq!(idle(&s.sign_in("owner@globex.test")), 90);
    assert_eq!(idle(&s.sign_in("owner@acme.test")), Value::Null);
}
