//! Our extension over real HTTP: renewing a token in place (`POST {source}/{id}/renew`,
//! issue 33): a new expiry from now within the tenant's policy, the same id and secret, and
//! `renewed` in its history; on all four sources. Refused for a token that never expires, past
//! the policy, without the write permission, and by the level rule for a token above the user.
//! Runs on SQLite and again on PostgreSQL (`ATT_TEST_POSTGRES`). No test waits for a token to
//! expire: it moves `expires_at` into the past in the database.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use serde_json::{json, Value};

fn renew(s: &Server, jwt: &str, base: &str, id: &str, body: Value) -> (u16, Value) {
    s.api(
        "POST",
        &format!("{base}/v1/{id}/renew"),
        Some(jwt),
        Some(&body),
    )
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a time: {v}"))
}

fn error(status: u16, message: &str) -> (u16, Value) {
    (status, json!({"errors": [message], "statusCode": status}))
}

/// A token of `base` by `jwt` expiring in a day (account tokens with role `role_key`).
fn expiring(s: &Server, jwt: &str, base: &str, role_key: &str, what: &str) -> Value {
    let mut body = json!({"description": what, "expiresInMinutes": 1440});
    if base.starts_with("tenants/") {
        body["roleIds"] = json!([s.role_id(jwt, role_key)]);
    }
    create(s, jwt, base, body)
}

#[test]
fn a_renewed_token_keeps_its_id_secret_and_history_on_every_source() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    for base in SOURCES {
        let made = expiring(&s, &owner, base, "viewer", "renew me");
        let id = id_of(&made);
        let listed_before = list(&s, &owner, base).len();
        // Expired an hour ago: renewing brings it back.
        let hour_ago = (Utc::now() - chrono::Duration::hours(1))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        by_hand(
            &s,
            "UPDATE tokens SET expires_at = ?2 WHERE id = ?1",
            &[&id, &hour_ago],
        );
        assert_eq!(
            try_secret(&s, &made, &made["secret"], &[]).0,
            401,
            "{base}: expired"
        );

        let before = Utc::now();
        let (status, renewed) = renew(&s, &owner, base, &id, json!({"expiresInMinutes": 43200}));
        assert_eq!(status, 200, "{base}: {renewed}");
        assert_eq!(id_of(&renewed), id, "{base}: the same token");
        assert!(
            renewed.get("secret").is_none(),
            "{base}: no secret: {renewed}"
        );
        let until = time(&renewed["expires"]);
        let minutes = (until - before).num_minutes();
        assert!(
            (43199..=43200).contains(&minutes),
            "{base}: {minutes} minutes"
        );
        assert_eq!(
            row(&s, &owner, base, &id)["expires"],
            renewed["expires"],
            "{base}"
        );
        assert_eq!(
            list(&s, &owner, base).len(),
            listed_before,
            "{base}: nothing added"
        );

        // The same secret works again.
        assert_eq!(
            try_secret(&s, &made, &made["secret"], &[]).0,
            200,
            "{base}: renewed"
        );
        let kinds: Vec<String> = history(&s, &owner, base, &id)
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_string())
            .filter(|k| k != "refusedAttempts")
            .collect();
        assert_eq!(kinds, ["renewed", "created"], "{base}");
        let last = &history(&s, &owner, base, &id)[0];
        assert_eq!(last["type"], "renewed");
        assert_eq!(last["actorName"], "Olivia Owner", "{base}: {last}");
    }
}

#[test]
fn renewing_is_refused_with_a_clear_reason_and_changes_nothing() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let viewer = s.sign_in("viewer@acme.test");
    let made = expiring(&s, &owner, TENANT_CC, "viewer", "kept");
    let id = id_of(&made);
    let never = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "forever", "roleIds": [s.role_id(&owner, "viewer")]}),
    );
    let bad = "expiresInMinutes must be a whole number from 1 to 5256000, or absent for a token that never expires";
    let required = "expiresInMinutes is required: the new expiry, in minutes from now";
    for (body, expected) in [
        (json!({}), error(400, required)),
        (json!({"expiresInMinutes": null}), error(400, required)),
        (json!({"expiresInMinutes": 0}), error(400, bad)),
        (json!({"expiresInMinutes": "60"}), error(400, bad)),
        (json!({"expiresInMinutes": 1.5}), error(400, bad)),
    ] {
        assert_eq!(
            renew(&s, &owner, TENANT_CC, &id, body.clone()),
            expected,
            "{body}"
        );
    }
    assert_eq!(
        renew(
            &s,
            &owner,
            TENANT_CC,
            &id_of(&never),
            json!({"expiresInMinutes": 60})
        ),
        error(400, "this token never expires: there is nothing to renew")
    );
    assert_eq!(
        renew(
            &s,
            &owner,
            TENANT_CC,
            "no-such-token",
            json!({"expiresInMinutes": 60})
        )
        .0,
        404
    );
    // Reading is not writing.
    assert_eq!(
        renew(&s, &viewer, TENANT_CC, &id, json!({"expiresInMinutes": 60})).0,
        403
    );
    // Another user's personal token is not in the caller's list.
    let mine = expiring(&s, &owner, USER_AT, "viewer", "owner's own");
    let admin = s.sign_in("admin@acme.test");
    assert_eq!(
        renew(
            &s,
            &admin,
            USER_AT,
            &id_of(&mine),
            json!({"expiresInMinutes": 60})
        )
        .0,
        404
    );
    assert_eq!(row(&s, &owner, TENANT_CC, &id)["expires"], made["expires"]);
    let kinds: Vec<Value> = history(&s, &owner, TENANT_CC, &id)
        .iter()
        .map(|e| e["type"].clone())
        .collect();
    assert_eq!(kinds, [json!("created")]);
}

/// The level rule: the Admin (level 1) cannot renew the Owner's token with role Owner (0), and
/// the refusal names why; the Owner can.
#[test]
fn nobody_renews_a_token_above_them() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    for base in [TENANT_CC, TENANT_AT] {
        let above = expiring(&s, &owner, base, "owner", "owner's");
        let id = id_of(&above);
        assert_eq!(
            renew(&s, &admin, base, &id, json!({"expiresInMinutes": 60})),
            error(
                403,
                "cannot renew this token: it has role Owner, which is above your highest role, Admin"
            ),
            "{base}"
        );
        assert_eq!(
            row(&s, &owner, base, &id)["expires"],
            above["expires"],
            "{base}"
        );
        let (status, _) = renew(&s, &owner, base, &id, json!({"expiresInMinutes": 60}));
        assert_eq!(status, 200, "{base}");
        // At their level or below: the Admin may.
        let own_level = expiring(&s, &owner, base, "admin", "admin's level");
        let (status, body) = renew(
            &s,
            &admin,
            base,
            &id_of(&own_level),
            json!({"expiresInMinutes": 60}),
        );
        assert_eq!(status, 200, "{base}: {body}");
    }
}

/// The tenant's expiry policy holds on a renewal as on a create (Globex: 90 days at most).
#[test]
fn a_renewal_stays_within_the_tenants_policy() {
    let s = Server::start();
    let globex = s.sign_in("owner@globex.test");
    let role = s.role_id(&globex, "viewer");
    let made = create(
        &s,
        &globex,
        TENANT_AT,
        json!({"description": "policy", "roleIds": [role], "expiresInMinutes": 60}),
    );
    let id = id_of(&made);
    let (status, body) = renew(
        &s,
        &globex,
        TENANT_AT,
        &id,
        json!({"expiresInMinutes": 129_601}),
    );
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["errors"][0],
        "This account allows tokens for at most 90 days (129600 minutes): expiresInMinutes is required and must be at most 129600"
    );
    let (status, body) = renew(
        &s,
        &globex,
        TENANT_AT,
        &id,
        json!({"expiresInMinutes": 129_600}),
    );
    assert_eq!(status, 200, "{body}");
}
