//! The level rule on every write, over real HTTP (issue 32): nobody edits (any field), rolls,
//! ends the grace window of, or deletes a token above them — one that holds a role above
//! their highest or a permission they do not hold — by any route, on each source that has
//! the route. The refusal names what puts the token above them, and nothing changes.
//! Runs on SQLite and again on PostgreSQL (`ATT_TEST_POSTGRES`).

mod common;

use common::*;
use serde_json::{json, Value};

/// What the Admin (level 1, the account permissions one by one) cannot act on, each made by
/// the Owner: (source, the token with its secret, why it is above the Admin).
fn above_admin(s: &Server, owner: &str) -> Vec<(&'static str, Value, &'static str)> {
    let r_owner = s.role_id(owner, "owner");
    let by_role = "it has role Owner, which is above your highest role, Admin";
    let by_permission = "it has permission fe.secure.read.*, which you do not hold";
    vec![
        (
            TENANT_CC,
            create(
                s,
                owner,
                TENANT_CC,
                json!({"description": "owner's client", "roleIds": [r_owner], "metadata": {"team": "core"}}),
            ),
            by_role,
        ),
        (
            TENANT_AT,
            create(
                s,
                owner,
                TENANT_AT,
                json!({"description": "owner's access token", "roleIds": [r_owner]}),
            ),
            by_role,
        ),
        (
            TENANT_CC,
            create(
                s,
                owner,
                TENANT_CC,
                json!({"description": "reads everything", "permissionIds": ["perm-fe.secure.read.*"]}),
            ),
            by_permission,
        ),
    ]
}

fn refused(what: &str, why: &str) -> (u16, Value) {
    (
        403,
        json!({"errors": [format!("cannot {what} this token: {why}")], "statusCode": 403}),
    )
}

fn rotate(s: &Server, jwt: &str, base: &str, id: &str, grace: i64) -> (u16, Value) {
    s.api(
        "POST",
        &format!("{base}/v1/{id}/rotate"),
        Some(jwt),
        Some(&json!({ "graceMinutes": grace })),
    )
}

fn patch(s: &Server, jwt: &str, id: &str, body: Value) -> (u16, Value) {
    patch_at(s, jwt, TENANT_CC, id, body)
}

fn patch_at(s: &Server, jwt: &str, base: &str, id: &str, body: Value) -> (u16, Value) {
    s.api("PATCH", &format!("{base}/v1/{id}"), Some(jwt), Some(&body))
}

fn event_types(s: &Server, jwt: &str, base: &str, id: &str) -> Vec<String> {
    let (status, body) = s.api("GET", &format!("{base}/v1/{id}/events"), Some(jwt), None);
    assert_eq!(status, 200, "{body}");
    body.as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

/// Token `t` of `base` is as `before` listed it, with the history `history`, and its secret
/// `secret` still works.
fn untouched(
    s: &Server,
    owner: &str,
    base: &str,
    before: &Value,
    history: &[&str],
    secret: &Value,
) {
    let id = id_of(before);
    assert_eq!(&row(s, owner, base, &id), before, "{base} {id} changed");
    assert_eq!(event_types(s, owner, base, &id), history, "{base} {id}");
    assert_eq!(try_secret(s, before, secret, &[]).0, 200, "{base} {id}");
}

#[test]
fn the_issue_32_takeover_is_refused() {
    // The Owner's permission-only token; the Developer may not roll it, and may not make it
    // rollable by re-scoping it to their own role first.
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let t = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "owner automation", "permissionIds": ["perm-fe.secure.*"]}),
    );
    let id = id_of(&t);
    let why = "it has permission fe.secure.*, which you do not hold";
    assert_eq!(
        rotate(&s, &dev, TENANT_CC, &id, 0),
        refused("roll the secret of", why)
    );
    let r_dev = s.role_id(&dev, "developer");
    assert_eq!(
        patch(
            &s,
            &dev,
            &id,
            json!({"roleIds": [r_dev], "permissionIds": []})
        ),
        refused("edit", why)
    );
    assert_eq!(
        patch(&s, &dev, &id, json!({"permissionIds": []})),
        refused("edit", why)
    );
    assert_eq!(
        rotate(&s, &dev, TENANT_CC, &id, 0),
        refused("roll the secret of", why)
    );
    let listed = row(&s, &owner, TENANT_CC, &id);
    assert_eq!(listed["permissionIds"], json!(["perm-fe.secure.*"]));
    assert_eq!(listed["roleIds"], json!([]));
    untouched(&s, &owner, TENANT_CC, &listed, &["created"], &t["secret"]);
}

#[test]
fn an_edit_of_any_field_of_a_token_above_is_refused() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let r_admin = s.role_id(&owner, "admin");
    for (base, t, why) in above_admin(&s, &owner) {
        // Frontegg's PATCH on client credentials; ours (description and IP allowlist) on
        // access tokens.
        let id = id_of(&t);
        let before = row(&s, &owner, base, &id);
        for body in [
            json!({"description": "renamed by the admin"}),
            json!({"metadata": {"team": "admin's now"}}),
            json!({"description": "both", "metadata": {}}),
            json!({"roleIds": [r_admin]}),
            json!({"permissionIds": []}),
            json!({"allowedCidrs": ["198.51.100.0/24"]}),
            json!({"allowedCidrs": []}),
            json!({}),
        ] {
            assert_eq!(
                patch_at(&s, &admin, base, &id, body.clone()),
                refused("edit", why),
                "{body}"
            );
        }
        untouched(&s, &owner, base, &before, &["created"], &t["secret"]);
        // The Owner may.
        let (status, body) = patch_at(&s, &owner, base, &id, json!({"description": "renamed"}));
        assert_eq!((status, &body["description"]), (200, &json!("renamed")));
    }
}

#[test]
fn a_roll_of_a_token_above_is_refused() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    for (base, t, why) in above_admin(&s, &owner) {
        let id = id_of(&t);
        let before = row(&s, &owner, base, &id);
        for grace in [0, 60] {
            assert_eq!(
                rotate(&s, &admin, base, &id, grace),
                refused("roll the secret of", why),
                "{base} {grace}"
            );
        }
        untouched(&s, &owner, base, &before, &["created"], &t["secret"]);
        let (status, _) = rotate(&s, &owner, base, &id, 0);
        assert_eq!(status, 200, "the Owner may");
    }
}

#[test]
fn ending_the_window_of_a_token_above_is_refused() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    for (base, t, why) in above_admin(&s, &owner) {
        let id = id_of(&t);
        // The Owner rolls it with a window: both secrets work, and the Admin may not cut the
        // old one short.
        let (status, rolled) = rotate(&s, &owner, base, &id, 60);
        assert_eq!(status, 200, "{rolled}");
        let before = row(&s, &owner, base, &id);
        assert!(before["previousSecretExpiresAt"].is_string());
        let (status, body) = s.api(
            "DELETE",
            &format!("{base}/v1/{id}/previous-secret"),
            Some(&admin),
            None,
        );
        assert_eq!(
            (status, body),
            refused("end the grace window of", why),
            "{base}"
        );
        untouched(
            &s,
            &owner,
            base,
            &before,
            &["rotated", "created"],
            &t["secret"],
        );
        assert_eq!(try_secret(&s, &t, &rolled["secret"], &[]).0, 200);
    }
}

#[test]
fn a_delete_of_a_token_above_is_refused() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    for (base, t, why) in above_admin(&s, &owner) {
        let id = id_of(&t);
        let before = row(&s, &owner, base, &id);
        let (status, body) = s.api("DELETE", &format!("{base}/v1/{id}"), Some(&admin), None);
        assert_eq!((status, body), refused("delete", why), "{base}");
        untouched(&s, &owner, base, &before, &["created"], &t["secret"]);
        let (status, _) = s.api("DELETE", &format!("{base}/v1/{id}"), Some(&owner), None);
        assert_eq!(status, 200, "the Owner may");
    }
}

#[test]
fn tokens_at_or_below_the_user_stay_theirs_and_the_rule_is_advertised() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let (r_admin, r_viewer) = (s.role_id(&owner, "admin"), s.role_id(&owner, "viewer"));
    // The Admin's own level, below, and a permission the Admin holds: every route works.
    for (base, body) in [
        (
            TENANT_CC,
            json!({"description": "admin level", "roleIds": [r_admin]}),
        ),
        (
            TENANT_AT,
            json!({"description": "viewer level", "roleIds": [r_viewer]}),
        ),
        (
            TENANT_CC,
            json!({"description": "reads tokens", "permissionIds": ["perm-fe.secure.read.tenantApiTokens"]}),
        ),
    ] {
        let t = create(&s, &owner, base, body);
        let id = id_of(&t);
        if base == TENANT_CC {
            let (status, edited) = patch(&s, &admin, &id, json!({"description": "edited"}));
            assert_eq!((status, &edited["description"]), (200, &json!("edited")));
        }
        assert_eq!(rotate(&s, &admin, base, &id, 60).0, 200, "{base}");
        let (status, _) = s.api(
            "DELETE",
            &format!("{base}/v1/{id}/previous-secret"),
            Some(&admin),
            None,
        );
        assert_eq!(status, 200, "{base}");
        let (status, _) = s.api("DELETE", &format!("{base}/v1/{id}"), Some(&admin), None);
        assert_eq!(status, 200, "{base}");
    }
    // The tab is told the rule holds on edit and on delete (our extension).
    let (_, cfg) = s.api("GET", "configurations/v1/public", Some(&admin), None);
    assert_eq!(cfg["tokenLifecycle"]["levelRuleOnEdit"], json!(true));
    assert_eq!(cfg["tokenLifecycle"]["levelRuleOnDelete"], json!(true));
    let (_, cfg) = s.api("GET", "configurations/v1/public", None, None);
    assert_eq!(cfg["tokenLifecycle"]["levelRuleOnDelete"], json!(true));
}
