//! Our extension over real HTTP: rolling a token's secret with a grace window for the old one
//! (`POST {source}/{id}/rotate`), ending that window now (`DELETE {source}/{id}/previous-secret`),
//! and each token's history (`GET {source}/{id}/events`), on all four sources. No test waits
//! for a window to run out: it moves `previous_secret_expires_at` into the past in the
//! database file.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use chrono::{DateTime, Duration, Utc};
use common::*;
use serde_json::{json, Value};

const BAD_GRACE: &str = "graceMinutes must be a whole number from 0 to 10080: how many minutes the old secret keeps working (0: it stops at once)";
const NO_WINDOW: &str = "this token has no previous secret in a grace window";

/// A new token of `base` by `jwt` (account tokens with role `role_key`), with its secret.
fn fresh(s: &Server, jwt: &str, base: &str, role_key: &str, what: &str) -> Value {
    let mut body = json!({"description": what});
    if base.starts_with("tenants/") {
        body["roleIds"] = json!([s.role_id(jwt, role_key)]);
    }
    create(s, jwt, base, body)
}

fn rotate(s: &Server, jwt: &str, base: &str, id: &str, grace: Value) -> (u16, Value) {
    s.api(
        "POST",
        &format!("{base}/v1/{id}/rotate"),
        Some(jwt),
        Some(&json!({ "graceMinutes": grace })),
    )
}

/// Rolls and expects it to work; answers the token with its new secret.
fn rolled(s: &Server, jwt: &str, base: &str, id: &str, grace: i64) -> Value {
    let (status, t) = rotate(s, jwt, base, id, json!(grace));
    assert_eq!(status, 200, "rotate {base} {id} with {grace}: {t}");
    t
}

fn end_window(s: &Server, jwt: &str, base: &str, id: &str) -> (u16, Value) {
    s.api(
        "DELETE",
        &format!("{base}/v1/{id}/previous-secret"),
        Some(jwt),
        None,
    )
}

/// Token `id`'s history, newest first, with every event (refused attempts included).
fn all_events(s: &Server, jwt: &str, base: &str, id: &str) -> (u16, Value) {
    s.api("GET", &format!("{base}/v1/{id}/events"), Some(jwt), None)
}

/// Token `id`'s history, newest first, without the refused attempts at its secret (which the
/// tests here make on purpose; `limits.rs` tests how they are counted).
fn events(s: &Server, jwt: &str, base: &str, id: &str) -> (u16, Value) {
    let (status, body) = all_events(s, jwt, base, id);
    let changes = match body {
        Value::Array(all) => Value::Array(
            all.into_iter()
                .filter(|e| e["type"] != "refusedAttempts")
                .collect(),
        ),
        other => other,
    };
    (status, changes)
}

/// The types of token `id`'s events, newest first.
fn event_types(s: &Server, jwt: &str, base: &str, id: &str) -> Vec<String> {
    let (status, body) = events(s, jwt, base, id);
    assert_eq!(status, 200, "events of {base} {id}: {body}");
    body.as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

fn works(s: &Server, token: &Value, secret: &Value) -> u16 {
    try_secret(s, token, secret, &[]).0
}

/// Authenticates as `token` with `secret`, which must work: for client credentials, the JWT
/// the exchange gave (there must be one: a 200 without it fails here, rather than skip every
/// check of that JWT); for an access token, used as it is, `None`.
fn exchanged(s: &Server, token: &Value, secret: &Value) -> Option<String> {
    let (status, jwt) = try_secret(s, token, secret, &[]);
    assert_eq!(status, 200, "{token}: the secret works");
    if token.get("clientId").is_some() {
        Some(
            jwt.unwrap_or_else(|| panic!("{token}: an exchange answered 200 without access_token")),
        )
    } else {
        assert_eq!(jwt, None);
        None
    }
}

/// `GET /api/demo/whoami` with an exchanged JWT; answers the status and the error, if any.
fn call_with_jwt(s: &Server, jwt: &str) -> (u16, Value) {
    let url = format!("{}/api/demo/whoami", s.base);
    let (status, body) = s.request("GET", &url, &header_list(Some(jwt)), None);
    (status, body["errors"].clone())
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Moves the end of token `id`'s grace window to now; answers that time as stored.
fn run_out(s: &Server, id: &str) -> String {
    // Now, to the millisecond: the server's next check is later, so the window is over then;
    // and it is after everything that happened to the token before this call.
    let past = stamp(Utc::now());
    by_hand(
        s,
        "UPDATE tokens SET previous_secret_expires_at = ?2 WHERE id = ?1",
        &[id, &past],
    );
    past
}

/// The stored (secret_hash, previous_secret_hash) of token `id`.
fn stored_hashes(s: &Server, id: &str) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut db = s.sql();
    let current = db.bytes("SELECT secret_hash FROM tokens WHERE id = ?1", &[id]);
    let previous = db.bytes(
        "SELECT previous_secret_hash FROM tokens WHERE id = ?1",
        &[id],
    );
    (current.expect("a secret hash"), previous)
}

/// HMAC-SHA256 of `secret` under the server's key, read from its database: what it stores.
fn hash_of(s: &Server, secret: &str) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let key = s
        .sql()
        .bytes(
            "SELECT value FROM server_keys WHERE name = 'secret-hmac'",
            &[],
        )
        .unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(secret.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[test]
fn a_roll_on_each_source_gives_a_new_secret_and_the_old_one_works_until_its_window_ends() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for base in SOURCES {
        let t = fresh(&s, &admin, base, "viewer", "rolled");
        let id = id_of(&t);
        let old = t["secret"].clone();
        assert_eq!(t["previousSecretExpiresAt"], Value::Null, "{base}: new");
        // Listed (and so kept rendered) before the roll: a kept list must not hide it.
        assert_eq!(
            row(&s, &admin, base, &id)["previousSecretExpiresAt"],
            Value::Null
        );
        let old_jwt = exchanged(&s, &t, &old);

        let before = Utc::now();
        let r = rolled(&s, &admin, base, &id, 60);
        let after = Utc::now();
        assert_eq!(keys(&r), listed_keys(base, true), "{base}: {r}");
        assert_eq!(id_of(&r), id, "{base}: the token keeps its id");
        let new = r["secret"].clone();
        assert_eq!(new.as_str().unwrap().len(), 43, "{base}");
        assert_ne!(new, old, "{base}");
        assert_between(
            &r["previousSecretExpiresAt"],
            before + Duration::minutes(60),
            after + Duration::minutes(60),
            &format!("{base}: previousSecretExpiresAt"),
        );
        for field in ["description", "createdAt", "expires", "roleIds", "metadata"] {
            assert_eq!(r.get(field), t.get(field), "{base}: {field} unchanged");
        }

        // Listed at once, in the list's own shape.
        let listed = row(&s, &admin, base, &id);
        assert_eq!(keys(&listed), listed_keys(base, false), "{base}");
        assert_eq!(
            listed["previousSecretExpiresAt"], r["previousSecretExpiresAt"],
            "{base}: the list right after the roll shows the window"
        );

        // Inside the window both secrets authenticate, and a JWT exchanged from the old one
        // still works.
        assert_eq!(works(&s, &t, &old), 200, "{base}: the old secret");
        assert_eq!(works(&s, &t, &new), 200, "{base}: the new secret");
        let old_jwt_in_window = exchanged(&s, &t, &old);
        let new_jwt = exchanged(&s, &t, &new);
        for jwt in [&old_jwt, &old_jwt_in_window, &new_jwt]
            .into_iter()
            .flatten()
        {
            assert_eq!(call_with_jwt(&s, jwt).0, 200, "{base}");
        }

        // A second before the window ends the old secret still works; from its end it does
        // not (the end is stored to the millisecond, so the boundary is tried to about that).
        let end = loop {
            let end = Utc::now() + Duration::seconds(1);
            by_hand(
                &s,
                "UPDATE tokens SET previous_secret_expires_at = ?2 WHERE id = ?1",
                &[&id, &stamp(end)],
            );
            let status = works(&s, &t, &old);
            // (On a machine so busy that the try took the whole second, set it again.)
            if Utc::now() < end {
                assert_eq!(
                    status, 200,
                    "{base}: the old secret a second before its end"
                );
                break end;
            }
        };
        std::thread::sleep((end - Utc::now()).to_std().unwrap_or_default());
        assert_eq!(
            works(&s, &t, &old),
            401,
            "{base}: the old secret at its end"
        );

        // After it, the old one (and what it was exchanged for) is refused; the new one works.
        let ended = run_out(&s, &id);
        let (status, _) = try_secret(&s, &t, &old, &[]);
        assert_eq!(status, 401, "{base}: the old secret after its window");
        assert_eq!(works(&s, &t, &new), 200, "{base}: the new secret");
        for jwt in [&old_jwt, &old_jwt_in_window].into_iter().flatten() {
            assert_eq!(
                call_with_jwt(&s, jwt),
                (
                    401,
                    json!(["the secret this token was issued for no longer works: exchange the client credentials again"])
                ),
                "{base}: a JWT of the old secret"
            );
        }
        if let Some(jwt) = &new_jwt {
            assert_eq!(call_with_jwt(&s, jwt).0, 200, "{base}");
        }

        // The window that ran out is closed when next read: listed as none, and its end is in
        // the history at the moment it ran out, by nobody.
        assert_eq!(
            row(&s, &admin, base, &id)["previousSecretExpiresAt"],
            Value::Null,
            "{base}"
        );
        let (_, history) = events(&s, &admin, base, &id);
        assert_eq!(
            history[0],
            json!({"type": "previousSecretExpired", "at": ended, "actorUserId": null, "actorName": null, "ip": null}),
            "{base}: {history}"
        );
        assert_eq!(
            event_types(&s, &admin, base, &id),
            ["previousSecretExpired", "rotated", "created"],
            "{base}"
        );
        assert_eq!(works(&s, &t, &old), 401, "{base}: still refused");
        // The three refusals of the old secret at the exchange are in the history, counted
        // (an access token's key names no token when it is wrong: nothing to count it in).
        let expected = if t.get("clientId").is_some() { 3 } else { 0 };
        let refused = refused_attempts(&s, &admin, base, &id, expected);
        assert!(
            refused.len() <= 1,
            "{base}: one event for the hour: {refused:?}"
        );
    }
}

#[test]
fn a_roll_without_grace_stops_the_old_secret_at_once() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for base in SOURCES {
        let t = fresh(&s, &admin, base, "viewer", "no grace");
        let id = id_of(&t);
        let old = t["secret"].clone();
        let old_jwt = exchanged(&s, &t, &old);
        row(&s, &admin, base, &id);
        // The answer in the source's own order (the spec's fields, then ours), secret last.
        let url = format!(
            "{}/frontegg/identity/resources/{base}/v1/{id}/rotate",
            s.base
        );
        let (status, text, _) = s.raw(
            "POST",
            &url,
            &header_list(Some(&admin)),
            Some(r#"{"graceMinutes": 0}"#.into()),
        );
        assert_eq!(status, 200, "{base}: {text}");
        let first = if base.ends_with("api-tokens") {
            "{\"clientId\":"
        } else {
            "{\"id\":"
        };
        assert!(text.starts_with(first), "{base}: {text}");
        assert!(
            text.contains(r#","previousSecretExpiresAt":null,"secret":""#),
            "{base}: {text}"
        );
        let r: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(r["previousSecretExpiresAt"], Value::Null, "{base}: {r}");
        assert_eq!(works(&s, &t, &old), 401, "{base}: the old secret");
        assert_eq!(works(&s, &t, &r["secret"]), 200, "{base}: the new secret");
        if let Some(jwt) = old_jwt {
            assert_eq!(
                call_with_jwt(&s, &jwt).0,
                401,
                "{base}: the old secret's JWT"
            );
        }
        assert_eq!(
            row(&s, &admin, base, &id)["previousSecretExpiresAt"],
            Value::Null
        );
        assert_eq!(stored_hashes(&s, &id).1, None, "{base}: nothing kept");
        assert_eq!(
            event_types(&s, &admin, base, &id),
            ["rotated", "created"],
            "{base}"
        );
        // No window, so none to end.
        assert_eq!(
            end_window(&s, &admin, base, &id),
            (404, json!({"errors": [NO_WINDOW], "statusCode": 404})),
            "{base}"
        );
    }
}

#[test]
fn a_second_roll_ends_the_first_window_at_once() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for base in SOURCES {
        let t = fresh(&s, &admin, base, "viewer", "twice");
        let id = id_of(&t);
        let s0 = t["secret"].clone();
        let first = rolled(&s, &admin, base, &id, 120);
        let s1 = first["secret"].clone();
        assert_eq!(works(&s, &t, &s0), 200, "{base}: inside the first window");
        let second = rolled(&s, &admin, base, &id, 30);
        let s2 = second["secret"].clone();
        assert_eq!(works(&s, &t, &s0), 401, "{base}: the first window ended");
        assert_eq!(works(&s, &t, &s1), 200, "{base}: now the previous one");
        assert_eq!(works(&s, &t, &s2), 200, "{base}: the current one");
        assert!(
            time(&second["previousSecretExpiresAt"]) < time(&first["previousSecretExpiresAt"]),
            "{base}: the second window is the second roll's own"
        );
        assert_eq!(
            row(&s, &admin, base, &id)["previousSecretExpiresAt"],
            second["previousSecretExpiresAt"]
        );
        let (_, history) = events(&s, &admin, base, &id);
        let types: Vec<&str> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            types,
            ["rotated", "previousSecretExpired", "rotated", "created"],
            "{base}"
        );
        // The first window ended with the second roll, by the one who rolled.
        assert_eq!(history[1]["at"], history[0]["at"], "{base}");
        assert_eq!(history[1]["actorUserId"], "acme-admin", "{base}");

        // A roll without grace during a window ends it too, and keeps nothing.
        rolled(&s, &admin, base, &id, 0);
        assert_eq!(works(&s, &t, &s1), 401, "{base}");
        assert_eq!(works(&s, &t, &s2), 401, "{base}");
        assert_eq!(
            &event_types(&s, &admin, base, &id)[..2],
            ["rotated", "previousSecretExpired"],
            "{base}"
        );
    }
}

#[test]
fn a_window_can_be_ended_now_and_then_there_is_none() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.sign_in("viewer@acme.test");
    for base in SOURCES {
        let t = fresh(&s, &admin, base, "viewer", "end now");
        let id = id_of(&t);
        // Never rolled: no window.
        assert_eq!(
            end_window(&s, &admin, base, &id),
            (404, json!({"errors": [NO_WINDOW], "statusCode": 404})),
            "{base}"
        );
        let r = rolled(&s, &admin, base, &id, 60);
        row(&s, &admin, base, &id);
        if base.starts_with("tenants/") {
            // Ending it is a write.
            let (status, body) = end_window(&s, &viewer, base, &id);
            assert_eq!(
                (status, body["errors"].clone()),
                (
                    403,
                    json!(["missing permission fe.secure.write.tenantApiTokens"])
                ),
                "{base}"
            );
            assert_eq!(works(&s, &t, &t["secret"]), 200, "{base}: not ended");
        }
        let (status, ended) = end_window(&s, &admin, base, &id);
        assert_eq!(status, 200, "{base}: {ended}");
        assert_eq!(keys(&ended), listed_keys(base, false), "{base}: {ended}");
        assert_eq!(id_of(&ended), id);
        assert_eq!(ended["previousSecretExpiresAt"], Value::Null, "{base}");
        assert_eq!(works(&s, &t, &t["secret"]), 401, "{base}: the old secret");
        assert_eq!(works(&s, &t, &r["secret"]), 200, "{base}: the new secret");
        assert_eq!(
            row(&s, &admin, base, &id)["previousSecretExpiresAt"],
            Value::Null,
            "{base}: listed at once"
        );
        assert_eq!(
            end_window(&s, &admin, base, &id),
            (404, json!({"errors": [NO_WINDOW], "statusCode": 404})),
            "{base}: ended already"
        );
        let (_, history) = events(&s, &admin, base, &id);
        assert_eq!(history[0]["type"], "previousSecretExpired", "{base}");
        assert_eq!(history[0]["actorUserId"], "acme-admin", "{base}");
        assert_eq!(
            event_types(&s, &admin, base, &id),
            ["previousSecretExpired", "rotated", "created"]
        );

        // A window that ran out by itself is not open either.
        rolled(&s, &admin, base, &id, 60);
        run_out(&s, &id);
        assert_eq!(end_window(&s, &admin, base, &id).0, 404, "{base}: ran out");
    }
}

#[test]
fn nobody_rolls_a_token_that_holds_more_than_they_do() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let viewer = s.sign_in("viewer@acme.test");
    let refused = |what: &str, role: &str| {
        format!("cannot {what} this token: it has role {role}, which is above your highest role, Developer")
    };
    for base in [TENANT_CC, TENANT_AT] {
        // An Admin-role token: above the developer's level (2).
        let admin_token = fresh(&s, &owner, base, "admin", "admin power");
        let id = id_of(&admin_token);
        let (status, body) = rotate(&s, &dev, base, &id, json!(60));
        assert_eq!(
            (status, body),
            (
                403,
                json!({"errors": [refused("roll the secret of", "Admin")], "statusCode": 403})
            ),
            "{base}"
        );
        assert_eq!(
            works(&s, &admin_token, &admin_token["secret"]),
            200,
            "{base}: unchanged"
        );
        assert_eq!(stored_hashes(&s, &id).1, None, "{base}");
        assert_eq!(
            event_types(&s, &owner, base, &id),
            ["created"],
            "{base}: nothing happened"
        );
        // Nor end its window: the owner rolls it, the developer may not cut it short.
        let r = rolled(&s, &owner, base, &id, 60);
        let (status, body) = end_window(&s, &dev, base, &id);
        assert_eq!(
            (status, body["errors"].clone()),
            (403, json!([refused("end the grace window of", "Admin")])),
            "{base}"
        );
        assert_eq!(works(&s, &admin_token, &admin_token["secret"]), 200);
        assert_eq!(works(&s, &admin_token, &r["secret"]), 200);

        // A token at the developer's own level or below: theirs to roll.
        for role in ["developer", "viewer", "auditor"] {
            let t = fresh(&s, &owner, base, role, role);
            let r = rolled(&s, &dev, base, &id_of(&t), 0);
            assert_eq!(works(&s, &t, &r["secret"]), 200, "{base} {role}");
        }

        // Without the write permission, not at all.
        let t = fresh(&s, &owner, base, "viewer", "viewer's");
        let (status, body) = rotate(&s, &viewer, base, &id_of(&t), json!(60));
        assert_eq!(
            (status, body["errors"].clone()),
            (
                403,
                json!(["missing permission fe.secure.write.tenantApiTokens"])
            ),
            "{base}"
        );
    }
    // A token that carries a permission the caller does not hold: refused likewise.
    let (status, t) = s.api(
        "POST",
        "tenants/api-tokens/v2",
        Some(&owner),
        Some(&json!({"description": "all of it", "permissionIds": ["perm-fe.secure.*"]})),
    );
    assert_eq!(status, 201, "{t}");
    let (status, body) = rotate(&s, &dev, TENANT_CC, &id_of(&t), json!(0));
    assert_eq!(
        (status, body["errors"].clone()),
        (
            403,
            json!(["cannot roll the secret of this token: it has permission fe.secure.*, which you do not hold"])
        )
    );
    assert_eq!(works(&s, &t, &t["secret"]), 200);
    // The owner holds everything.
    rolled(&s, &owner, TENANT_CC, &id_of(&t), 0);
}

#[test]
fn foreign_ids_are_missing_on_rotate_previous_secret_and_events() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let acme = s.sign_in("owner@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let globex = s.sign_in("owner@globex.test");
    let tokens: Vec<(&str, Value)> = SOURCES
        .iter()
        .map(|base| (*base, fresh(&s, &admin, base, "viewer", "foreign")))
        .collect();
    for (base, t) in &tokens {
        let id = id_of(t);
        rolled(&s, &admin, base, &id, 60);
    }
    let not_found = json!({"errors": ["token not found"], "statusCode": 404});
    let all_three = |who: &str, base: &str, id: &str| {
        assert_eq!(
            rotate(&s, who, base, id, json!(60)),
            (404, not_found.clone()),
            "rotate {base} {id}"
        );
        assert_eq!(
            end_window(&s, who, base, id),
            (404, not_found.clone()),
            "previous-secret {base} {id}"
        );
        assert_eq!(
            events(&s, who, base, id),
            (404, not_found.clone()),
            "events {base} {id}"
        );
    };
    for (base, t) in &tokens {
        let id = id_of(t);
        // Another tenant.
        all_three(&globex, base, &id);
        if base.starts_with("users/") {
            // Another user of the same tenant. The account's owner, who manages members'
            // tokens (issue 35), reads its history but can change nothing of it.
            all_three(&dev, base, &id);
            assert_eq!(
                rotate(&s, &acme, base, &id, json!(60)),
                (404, not_found.clone())
            );
            assert_eq!(end_window(&s, &acme, base, &id), (404, not_found.clone()));
            assert_eq!(events(&s, &acme, base, &id).0, 200, "events {base} {id}");
        }
    }
    // An id through another source is not that source's.
    let tenant_cc = id_of(&tokens[0].1);
    all_three(&admin, USER_CC, &tenant_cc);
    all_three(&admin, TENANT_AT, &tenant_cc);
    let user_at = id_of(&tokens[3].1);
    all_three(&admin, TENANT_AT, &user_at);
    all_three(&admin, TENANT_CC, "never-existed");

    // None of that touched them: each still has its own window and two events.
    for (base, t) in &tokens {
        let id = id_of(t);
        assert_ne!(
            row(&s, &admin, base, &id)["previousSecretExpiresAt"],
            Value::Null
        );
        assert_eq!(works(&s, t, &t["secret"]), 200, "{base}");
        assert_eq!(
            event_types(&s, &admin, base, &id),
            ["rotated", "created"],
            "{base}"
        );
    }
}

#[test]
fn events_say_who_acted_from_where_and_outlive_the_token() {
    let s = Server::start_with(&["--trust-proxy"]);
    let admin = s.sign_in("admin@acme.test");
    let owner = s.sign_in("owner@acme.test");
    let viewer = s.sign_in("viewer@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let globex = s.sign_in("owner@globex.test");
    let role = s.role_id(&admin, "viewer");
    // Each request from its own address, behind the proxy.
    let call = |jwt: &str, from: &str, method: &str, path: &str, body: Option<Value>| {
        let url = format!("{}/frontegg/identity/resources/{path}", s.base);
        let mut headers = header_list(Some(jwt));
        headers.push(("x-forwarded-for".into(), from.into()));
        let (status, resp) = s.request(method, &url, &headers, body.map(|b| b.to_string()));
        assert!(status < 300, "{method} {path}: {status} {resp}");
        resp
    };
    for base in SOURCES {
        let start = Utc::now();
        let create_path = if base == TENANT_CC {
            format!("{base}/v2")
        } else {
            format!("{base}/v1")
        };
        let t = call(
            &admin,
            "198.51.100.1",
            "POST",
            &create_path,
            Some(json!({"description": "audited", "roleIds": [role]})),
        );
        let id = id_of(&t);
        let path = format!("{base}/v1/{id}");
        let mut expected = vec![("created", "acme-admin", "Adam Admin", "198.51.100.1")];
        if base == TENANT_CC {
            call(
                &owner,
                "2001:db8::2",
                "PATCH",
                &path,
                Some(json!({"description": "audited, renamed"})),
            );
            expected.push(("updated", "acme-owner", "Olivia Owner", "2001:db8::2"));
        }
        call(
            &admin,
            "198.51.100.3",
            "POST",
            &format!("{path}/rotate"),
            Some(json!({"graceMinutes": 60})),
        );
        expected.push(("rotated", "acme-admin", "Adam Admin", "198.51.100.3"));
        call(
            &admin,
            "198.51.100.4",
            "DELETE",
            &format!("{path}/previous-secret"),
            None,
        );
        expected.push((
            "previousSecretExpired",
            "acme-admin",
            "Adam Admin",
            "198.51.100.4",
        ));
        // A personal token is deleted by its owner; an account one by whoever may.
        let deleter = if base.starts_with("users/") {
            (&admin, "acme-admin", "Adam Admin")
        } else {
            (&owner, "acme-owner", "Olivia Owner")
        };
        call(deleter.0, "198.51.100.5", "DELETE", &path, None);
        expected.push(("deleted", deleter.1, deleter.2, "198.51.100.5"));
        let end = Utc::now();
        expected.reverse();

        // Gone from the list; its history stays, newest first.
        assert!(list(&s, &admin, base).iter().all(|x| id_of(x) != id));
        let (status, history) = events(&s, &admin, base, &id);
        assert_eq!(status, 200, "{base}: {history}");
        let got: Vec<(String, String, String, String)> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert_eq!(
                    keys(e),
                    sorted(&["type", "at", "actorUserId", "actorName", "ip"])
                );
                let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                (
                    text("type"),
                    text("actorUserId"),
                    text("actorName"),
                    text("ip"),
                )
            })
            .collect();
        let want: Vec<(String, String, String, String)> = expected
            .iter()
            .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
            .collect();
        assert_eq!(got, want, "{base}");
        let times: Vec<DateTime<Utc>> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|e| time(&e["at"]))
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] >= w[1]),
            "{base}: newest first"
        );
        for e in history.as_array().unwrap() {
            assert_between(&e["at"], start, end, base);
        }

        // Whoever may read the source reads it (for a personal token: its owner only).
        if base.starts_with("tenants/") {
            assert_eq!(events(&s, &viewer, base, &id), (200, history.clone()));
            assert_eq!(events(&s, &dev, base, &id), (200, history.clone()));
        } else {
            assert_eq!(events(&s, &dev, base, &id).0, 404, "{base}");
            assert_eq!(events(&s, &owner, base, &id).0, 404, "{base}");
        }
        assert_eq!(events(&s, &globex, base, &id).0, 404, "{base}");
        // And only through the source it was in.
        let other = if base.ends_with("api-tokens") {
            base.replace("api-tokens", "access-tokens")
        } else {
            base.replace("access-tokens", "api-tokens")
        };
        assert_eq!(events(&s, &admin, &other, &id).0, 404, "{base}");
        // A deleted token is not rolled again, nor its window ended.
        assert_eq!(rotate(&s, &admin, base, &id, json!(0)).0, 404, "{base}");
        assert_eq!(end_window(&s, &admin, base, &id).0, 404, "{base}");
    }
}

#[test]
fn without_a_proxy_the_socket_peer_is_recorded() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let t = fresh(&s, &admin, USER_AT, "viewer", "local");
    let id = id_of(&t);
    let url = format!(
        "{}/frontegg/identity/resources/{USER_AT}/v1/{id}/rotate",
        s.base
    );
    let mut headers = header_list(Some(&admin));
    headers.push(("x-forwarded-for".into(), "203.0.113.9".into()));
    let (status, _) = s.request("POST", &url, &headers, Some(r#"{"graceMinutes":5}"#.into()));
    assert_eq!(status, 200);
    let url = format!(
        "{}/frontegg/identity/resources/{USER_AT}/v1/{id}/events",
        s.base
    );
    let (_, text, _) = s.raw("GET", &url, &header_list(Some(&admin)), None);
    assert!(
        text.starts_with(r#"[{"type":"rotated","at":""#),
        "in the documented order: {text}"
    );
    let (_, history) = events(&s, &admin, USER_AT, &id);
    for e in history.as_array().unwrap() {
        assert_eq!(
            e["ip"], "127.0.0.1",
            "a forged X-Forwarded-For was believed: {e}"
        );
    }
}

#[test]
fn grace_minutes_must_be_a_whole_number_up_to_a_week() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for base in SOURCES {
        let t = fresh(&s, &admin, base, "viewer", "grace");
        let id = id_of(&t);
        let url = format!("{base}/v1/{id}/rotate");
        for body in [
            json!({"graceMinutes": -1}),
            json!({"graceMinutes": 10_081}),
            json!({"graceMinutes": 1.5}),
            json!({"graceMinutes": "60"}),
            json!({"graceMinutes": null}),
            json!({"graceMinutes": true}),
            json!({}),
            json!({"grace": 60}),
        ] {
            let (status, resp) = s.api("POST", &url, Some(&admin), Some(&body));
            assert_eq!(
                (status, resp),
                (400, json!({"errors": [BAD_GRACE], "statusCode": 400})),
                "{base} {body}"
            );
        }
        let raw = format!("{}/frontegg/identity/resources/{url}", s.base);
        for (body, starts) in [
            ("{\"graceMinutes\": ", "malformed JSON"),
            ("", "request body is empty"),
            ("\"sixty\"", "invalid request body"),
        ] {
            let (status, resp) =
                s.request("POST", &raw, &header_list(Some(&admin)), Some(body.into()));
            assert_eq!(status, 400, "{base} {body:?}: {resp}");
            assert!(
                resp["errors"][0].as_str().unwrap().starts_with(starts),
                "{base} {body:?}: {resp}"
            );
        }
        // Nothing was rolled.
        assert_eq!(works(&s, &t, &t["secret"]), 200, "{base}");
        assert_eq!(event_types(&s, &admin, base, &id), ["created"], "{base}");

        // A week exactly is the longest.
        let before = Utc::now();
        let r = rolled(&s, &admin, base, &id, 10_080);
        assert_between(
            &r["previousSecretExpiresAt"],
            before + Duration::days(7),
            Utc::now() + Duration::days(7),
            base,
        );
    }
}

#[test]
fn an_expired_token_is_not_rolled() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let t = fresh(&s, &admin, USER_CC, "viewer", "expired");
    let id = id_of(&t);
    by_hand(
        &s,
        "UPDATE tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1",
        &[&id],
    );
    assert_eq!(
        rotate(&s, &admin, USER_CC, &id, json!(60)),
        (
            400,
            json!({"errors": ["this token has expired: a new secret would not make it work again (create a new token instead)"], "statusCode": 400})
        )
    );
    assert_eq!(
        stored_hashes(&s, &id).0,
        hash_of(&s, t["secret"].as_str().unwrap())
    );
}

/// Sends a rotate over a socket of its own and reads nothing back (yet): a client whose answer
/// is lost. Answers the socket, still open.
fn rotate_unread(s: &Server, jwt: &str, base: &str, id: &str) -> TcpStream {
    let host = s.base.trim_start_matches("http://");
    let body = r#"{"graceMinutes":60}"#;
    let mut sock = TcpStream::connect(host).unwrap();
    write!(
        sock,
        "POST /frontegg/identity/resources/{base}/v1/{id}/rotate HTTP/1.1\r\nHost: {host}\r\n\
         Authorization: Bearer {jwt}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    sock.flush().unwrap();
    sock
}

/// Waits (up to 10 s) until token `id` has been rolled `n` times, by its history.
fn wait_rolled(s: &Server, jwt: &str, base: &str, id: &str, n: usize) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let types = event_types(s, jwt, base, id);
        let rolls = types.iter().filter(|t| *t == "rotated").count();
        if rolls >= n {
            assert_eq!(rolls, n, "{base}: {types:?}");
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{base}: the roll was not applied within 10 s: {types:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn a_roll_whose_answer_was_never_read_leaves_exactly_one_new_secret() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for base in SOURCES {
        let t = fresh(&s, &admin, base, "viewer", "lost answer");
        let id = id_of(&t);
        let old = t["secret"].as_str().unwrap().to_string();
        let old_hash = hash_of(&s, &old);
        assert_eq!(stored_hashes(&s, &id), (old_hash.clone(), None));

        // The answer is lost: the client goes away without reading it.
        let sock = rotate_unread(&s, &admin, base, &id);
        wait_rolled(&s, &admin, base, &id, 1);
        drop(sock);
        // The client never sends it again; what it finds is one roll: the old secret is the
        // previous one, inside its window, and exactly one new secret took its place.
        let (current, previous) = stored_hashes(&s, &id);
        assert_eq!(
            previous,
            Some(old_hash.clone()),
            "{base}: the old secret is the previous one"
        );
        assert_ne!(current, old_hash, "{base}");
        assert_eq!(
            event_types(&s, &admin, base, &id),
            ["rotated", "created"],
            "{base}"
        );
        let listed = row(&s, &admin, base, &id);
        assert_ne!(listed["previousSecretExpiresAt"], Value::Null, "{base}");
        assert_eq!(works(&s, &t, &json!(old)), 200, "{base}: within the window");
        run_out(&s, &id);
        assert_eq!(works(&s, &t, &json!(old)), 401, "{base}: after the window");

        // The same again on a fresh token, this time reading the answer late, once the server
        // is done: its secret is the one new secret stored, and it works.
        let t = fresh(&s, &admin, base, "viewer", "late answer");
        let id = id_of(&t);
        let mut sock = rotate_unread(&s, &admin, base, &id);
        wait_rolled(&s, &admin, base, &id, 1);
        let mut answer = String::new();
        sock.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{base}: {head}");
        let r: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"));
        let new = r["secret"].as_str().unwrap();
        assert_eq!(
            stored_hashes(&s, &id),
            (
                hash_of(&s, new),
                Some(hash_of(&s, t["secret"].as_str().unwrap()))
            ),
            "{base}"
        );
        assert_eq!(works(&s, &t, &r["secret"]), 200, "{base}");
        assert_eq!(event_types(&s, &admin, base, &id), ["rotated", "created"]);
    }
}

#[test]
fn every_roll_and_window_end_reaches_a_list_kept_rendered() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for base in SOURCES {
        let t = fresh(&s, &admin, base, "viewer", "kept");
        let id = id_of(&t);
        let window = |s: &Server| row(s, &admin, base, &id)["previousSecretExpiresAt"].clone();
        assert_eq!(window(&s), Value::Null);
        assert_eq!(window(&s), Value::Null, "read twice: served as kept");
        let r = rolled(&s, &admin, base, &id, 60);
        assert_eq!(
            window(&s),
            r["previousSecretExpiresAt"],
            "{base}: after a roll"
        );
        assert_eq!(window(&s), r["previousSecretExpiresAt"]);
        assert_eq!(end_window(&s, &admin, base, &id).0, 200, "{base}");
        assert_eq!(window(&s), Value::Null, "{base}: after ending it");
        let r = rolled(&s, &admin, base, &id, 60);
        assert_eq!(
            window(&s),
            r["previousSecretExpiresAt"],
            "{base}: a second roll"
        );
        // Run out: the next read closes it, whatever was kept.
        run_out(&s, &id);
        assert_eq!(window(&s), Value::Null, "{base}: ran out");
    }
}

#[test]
fn the_demo_data_has_a_token_in_a_grace_window_and_histories() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let now = Utc::now();
    let mut account: Vec<(&str, Value)> = Vec::new();
    for base in [TENANT_CC, TENANT_AT] {
        account.extend(list(&s, &owner, base).into_iter().map(|t| (base, t)));
    }
    let open: Vec<&Value> = account
        .iter()
        .map(|(_, t)| t)
        .filter(|t| !t["previousSecretExpiresAt"].is_null())
        .collect();
    assert_eq!(open.len(), 1, "one demo token in a grace window");
    let until = time(&open[0]["previousSecretExpiresAt"]);
    assert!(
        until > now && until < now + Duration::days(1),
        "its window ends within a day: {until}"
    );
    let (_, history) = events(&s, &owner, TENANT_CC, &id_of(open[0]));
    assert_eq!(history[0]["type"], "rotated", "{history}");
    assert_eq!(history[0]["actorName"], "Adam Admin", "{history}");
    assert!(time(&history[0]["at"]) < now, "{history}");
    // Every demo token has a history that starts with its creation, by its creator.
    for (base, t) in &account {
        let (status, history) = events(&s, &owner, base, &id_of(t));
        assert_eq!(status, 200, "{history}");
        let history = history.as_array().unwrap();
        let created = history.last().unwrap();
        assert_eq!(created["type"], "created", "{t}");
        assert_eq!(created["at"], t["createdAt"], "{t}");
        assert_eq!(created["actorUserId"], t["createdByUserId"], "{t}");
        assert!(created["ip"].is_string(), "{t}");
        assert!(history.iter().all(|e| time(&e["at"]) <= now), "{t}");
    }
    let rolled_ones = account
        .iter()
        .filter(|(base, t)| event_types(&s, &owner, base, &id_of(t)).len() > 1)
        .count();
    assert!(
        rolled_ones >= 3,
        "{rolled_ones} demo tokens with more than a creation"
    );
}
