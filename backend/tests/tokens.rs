//! The reference backend over real HTTP: every route's shapes, every rule it enforces.

mod common;

use common::*;
use serde_json::{json, Value};

#[test]
fn create_list_delete_all_four_kinds_with_exact_shapes() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let viewer_role = s.role_id(&owner, "viewer");

    // Tenant client credentials (v2 and v1 create alike).
    for path in ["tenants/api-tokens/v2", "tenants/api-tokens/v1"] {
        let (status, cc) = s.api(
            "POST",
            path,
            Some(&owner),
            Some(&json!({"description": "  CI  ", "roleIds": [viewer_role], "expiresInMinutes": 60, "unknownField": 1})),
        );
        assert_eq!(status, 201, "{cc}");
        assert_eq!(keys(&cc), listed_keys(TENANT_CC, true));
        assert_eq!(cc["description"], "CI");
        assert_eq!(cc["tenantId"], "acme");
        assert_eq!(cc["createdByUserId"], "acme-owner");
        assert_eq!(cc["roleIds"], json!([viewer_role]));
        assert_eq!(cc["metadata"], json!({}));
        assert_eq!(cc["secret"].as_str().unwrap().len(), 43);
        let listed: Vec<Value> = list(&s, &owner, TENANT_CC)
            .into_iter()
            .filter(|t| t["clientId"] == cc["clientId"])
            .collect();
        assert_eq!(listed.len(), 1);
        assert_eq!(keys(&listed[0]), listed_keys(TENANT_CC, false));
    }

    let at = create(
        &s,
        &owner,
        TENANT_AT,
        json!({"description": "exporter", "roleIds": [viewer_role]}),
    );
    assert_eq!(at["expires"], Value::Null);
    let (_, wrapped) = s.api("GET", "tenants/access-tokens/v1", Some(&owner), None);
    assert!(wrapped["accessTokens"].is_array(), "{wrapped}");
    let ucc = create(
        &s,
        &owner,
        USER_CC,
        json!({"description": "laptop", "expiresInMinutes": 1440}),
    );
    let uat = create(&s, &owner, USER_AT, json!({"description": "cli"}));
    // Each answers its create with its own keys and the secret, and lists the same without.
    for (base, tok) in [(TENANT_AT, &at), (USER_CC, &ucc), (USER_AT, &uat)] {
        assert_eq!(keys(tok), listed_keys(base, true), "{base}");
        let listed = row(&s, &owner, base, &id_of(tok));
        assert_eq!(keys(&listed), listed_keys(base, false), "{base}");
    }

    // Newest first.
    let all = list(&s, &owner, USER_AT);
    let times: Vec<&str> = all
        .iter()
        .map(|t| t["createdAt"].as_str().unwrap())
        .collect();
    let mut sorted_times = times.clone();
    sorted_times.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted_times);

    // Delete each: 200, then gone, then 404.
    for (base, tok) in [(TENANT_AT, &at), (USER_CC, &ucc), (USER_AT, &uat)] {
        let id = id_of(tok);
        let (status, _) = s.api("DELETE", &format!("{base}/v1/{id}"), Some(&owner), None);
        assert_eq!(status, 200);
        assert!(list(&s, &owner, base).iter().all(|t| id_of(t) != id));
        let (status, body) = s.api("DELETE", &format!("{base}/v1/{id}"), Some(&owner), None);
        assert_eq!(status, 404);
        assert_eq!(body["errors"], json!(["token not found"]));
    }
}

#[test]
fn secrets_are_stored_only_as_hashes() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let role = s.role_id(&owner, "viewer");
    let secrets: Vec<String> = [
        create(
            &s,
            &owner,
            TENANT_CC,
            json!({"description": "a", "roleIds": [role]}),
        ),
        create(
            &s,
            &owner,
            TENANT_AT,
            json!({"description": "b", "roleIds": [role]}),
        ),
        create(&s, &owner, USER_CC, json!({"description": "c"})),
        create(&s, &owner, USER_AT, json!({"description": "d"})),
    ]
    .iter()
    .map(|t| t["secret"].as_str().unwrap().to_string())
    .collect();
    // No list ever carries a secret.
    for base in [TENANT_CC, TENANT_AT, USER_CC, USER_AT] {
        assert!(list(&s, &owner, base)
            .iter()
            .all(|t| t.get("secret").is_none()));
    }
    // Neither the database files nor the log hold any secret, the password or a JWT.
    let bytes = s.sql().stored(s.dir.path());
    // Every create is logged before its answer and nothing since logs, so once the log (read
    // on another thread) shows all four, it holds everything this test made the server write.
    let log = s.wait_log("token created", secrets.len());
    for secret in &secrets {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "secret in the database"
        );
        assert!(!log.contains(secret.as_str()), "secret in the log");
    }
    assert!(!log.contains(&owner), "JWT in the log");
    assert!(!log.contains(PASSWORD), "password in the log");
}

#[test]
fn every_token_route_requires_a_valid_user_jwt() {
    let s = Server::start();
    let routes = [
        ("GET", "tenants/api-tokens/v1"),
        ("POST", "tenants/api-tokens/v2"),
        ("PATCH", "tenants/api-tokens/v1/x"),
        ("DELETE", "tenants/api-tokens/v1/x"),
        ("GET", "tenants/access-tokens/v1"),
        ("POST", "tenants/access-tokens/v1"),
        ("DELETE", "tenants/access-tokens/v1/x"),
        ("GET", "users/api-tokens/v1"),
        ("POST", "users/api-tokens/v1"),
        ("DELETE", "users/api-tokens/v1/x"),
        ("GET", "users/access-tokens/v1"),
        ("POST", "users/access-tokens/v1"),
        ("DELETE", "users/access-tokens/v1/x"),
        ("POST", "tenants/api-tokens/v1/x/rotate"),
        ("DELETE", "tenants/api-tokens/v1/x/previous-secret"),
        ("GET", "tenants/api-tokens/v1/x/events"),
        ("POST", "tenants/access-tokens/v1/x/rotate"),
        ("DELETE", "tenants/access-tokens/v1/x/previous-secret"),
        ("GET", "tenants/access-tokens/v1/x/events"),
        ("POST", "users/api-tokens/v1/x/rotate"),
        ("DELETE", "users/api-tokens/v1/x/previous-secret"),
        ("GET", "users/api-tokens/v1/x/events"),
        ("POST", "users/access-tokens/v1/x/rotate"),
        ("DELETE", "users/access-tokens/v1/x/previous-secret"),
        ("GET", "users/access-tokens/v1/x/events"),
        ("GET", "roles/v1"),
        ("GET", "users/v1/me/authorization"),
        ("GET", "users/v2/me"),
    ];
    let jwt = s.sign_in("owner@acme.test");
    // Change the signature's first character: all six of its bits are signature bits. (The
    // last character carries two padding bits, so changing it can make the token malformed
    // rather than wrongly signed, which made this test fail one run in sixteen.)
    let sig_at = jwt.rfind('.').unwrap() + 1;
    let first = jwt.as_bytes()[sig_at];
    let mut tampered = jwt.clone();
    tampered.replace_range(sig_at..=sig_at, if first == b'A' { "B" } else { "A" });
    let expired = forge(
        &s,
        json!({"sub": "acme-owner", "tenantId": "acme", "typ": "user", "iat": 0, "exp": 1}),
    );
    let api_token_jwt = forge(
        &s,
        json!({"sub": "acme-owner", "tenantId": "acme", "typ": "api-token", "iat": 0, "exp": 4_000_000_000i64}),
    );
    for (method, path) in routes {
        let body = (method == "POST" || method == "PATCH").then(|| json!({"description": "x"}));
        for (bearer, why) in [
            (None, "missing Authorization: Bearer token"),
            (Some("garbage"), "malformed token"),
            (Some(tampered.as_str()), "invalid token signature"),
            (Some(expired.as_str()), "token expired"),
            (Some(api_token_jwt.as_str()), "not a user token"),
        ] {
            let (status, resp) = s.api(method, path, bearer, body.as_ref());
            assert_eq!(status, 401, "{method} {path} with {why}: {resp}");
            assert_eq!(resp["errors"], json!([why]), "{method} {path}");
        }
    }
}

/// Signs `claims` with the server's own JWT key, read from its database.
fn forge(s: &Server, claims: Value) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let key = s
        .sql()
        .bytes("SELECT value FROM server_keys WHERE name = 'jwt'", &[])
        .unwrap();
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

#[test]
fn permissions_gate_each_route_and_name_what_is_missing() {
    let s = Server::start();
    let viewer = s.sign_in("viewer@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let owner = s.sign_in("owner@acme.test");
    let role = s.role_id(&owner, "viewer");

    // The viewer reads everything it may, writes and deletes nothing.
    for base in [TENANT_CC, TENANT_AT, USER_CC, USER_AT] {
        list(&s, &viewer, base);
    }
    for (base, perm) in [
        (TENANT_CC, "fe.secure.write.tenantApiTokens"),
        (TENANT_AT, "fe.secure.write.tenantApiTokens"),
        (USER_CC, "fe.secure.write.userApiTokens"),
        (USER_AT, "fe.secure.write.userApiTokens"),
    ] {
        let (status, body) = s.api(
            "POST",
            &create_path(base),
            Some(&viewer),
            Some(&json!({"description": "x", "roleIds": [role]})),
        );
        assert_eq!(status, 403, "{base}");
        assert_eq!(
            body["errors"],
            json!([format!("missing permission {perm}")])
        );
    }
    let victim = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "keep", "roleIds": [role]}),
    );
    let path = format!(
        "tenants/api-tokens/v1/{}",
        victim["clientId"].as_str().unwrap()
    );
    let (status, body) = s.api("DELETE", &path, Some(&viewer), None);
    assert_eq!(
        (status, body["errors"].clone()),
        (
            403,
            json!(["missing permission fe.secure.delete.tenantApiTokens"])
        )
    );
    let (status, _) = s.api(
        "PATCH",
        &path,
        Some(&viewer),
        Some(&json!({"description": "x"})),
    );
    assert_eq!(status, 403);
    // The developer may create account tokens but not delete them; personal ones both.
    let (status, body) = s.api("DELETE", &path, Some(&dev), None);
    assert_eq!(
        (status, body["errors"].clone()),
        (
            403,
            json!(["missing permission fe.secure.delete.tenantApiTokens"])
        )
    );
    let mine = create(&s, &dev, USER_AT, json!({"description": "mine"}));
    let (status, _) = s.api(
        "DELETE",
        &format!("users/access-tokens/v1/{}", mine["id"].as_str().unwrap()),
        Some(&dev),
        None,
    );
    assert_eq!(status, 200);
    // The owner's wildcard fe.secure.* covers delete.
    let (status, _) = s.api("DELETE", &path, Some(&owner), None);
    assert_eq!(status, 200);
}

#[test]
fn role_levels_are_enforced_on_create_and_on_patch() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let [r_owner, r_admin, r_dev, r_viewer, r_auditor] =
        ["owner", "admin", "developer", "viewer", "auditor"].map(|k| s.role_id(&owner, k));

    for base in [TENANT_CC, TENANT_AT] {
        // Above the caller: refused, with the reason.
        let (status, body) = s.api(
            "POST",
            &create_path(base),
            Some(&dev),
            Some(&json!({"description": "x", "roleIds": [r_admin]})),
        );
        assert_eq!(status, 403, "{body}");
        assert_eq!(
            body["errors"],
            json!(["cannot assign role Admin: it is above your highest role, Developer"])
        );
        let (status, _) = s.api(
            "POST",
            &create_path(base),
            Some(&dev),
            Some(&json!({"description": "x", "roleIds": [r_viewer, r_owner]})),
        );
        assert_eq!(status, 403);
        // Same level, lower, and no level: allowed.
        create(
            &s,
            &dev,
            base,
            json!({"description": "same", "roleIds": [r_dev]}),
        );
        create(
            &s,
            &dev,
            base,
            json!({"description": "lower", "roleIds": [r_viewer, r_auditor]}),
        );
        // Unknown ids: 400.
        let (status, body) = s.api(
            "POST",
            &create_path(base),
            Some(&dev),
            Some(&json!({"description": "x", "roleIds": ["nope"]})),
        );
        assert_eq!(
            (status, body["errors"].clone()),
            (400, json!(["unknown role id(s): nope"]))
        );
        // Another tenant's role is unknown here.
        let (status, _) = s.api(
            "POST",
            &create_path(base),
            Some(&owner),
            Some(&json!({"description": "x", "roleIds": ["globex-viewer"]})),
        );
        assert_eq!(status, 400);
    }

    // PATCH: the same rule, and nobody re-scopes a token above their level.
    let low = create(
        &s,
        &admin,
        TENANT_CC,
        json!({"description": "low", "roleIds": [r_viewer]}),
    );
    let high = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "high", "roleIds": [r_admin]}),
    );
    let low_path = format!(
        "tenants/api-tokens/v1/{}",
        low["clientId"].as_str().unwrap()
    );
    let high_path = format!(
        "tenants/api-tokens/v1/{}",
        high["clientId"].as_str().unwrap()
    );

    let (status, body) = s.api(
        "PATCH",
        &low_path,
        Some(&admin),
        Some(&json!({"roleIds": [r_owner]})),
    );
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        body["errors"],
        json!(["cannot assign role Owner: it is above your highest role, Admin"])
    );
    let (status, body) = s.api(
        "PATCH",
        &low_path,
        Some(&admin),
        Some(&json!({"roleIds": [r_admin, r_dev], "description": " renamed "})),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["description"], "renamed");
    let mut expect = vec![r_admin.clone(), r_dev.clone()];
    expect.sort();
    assert_eq!(body["roleIds"], json!(expect));
    assert!(body.get("secret").is_none());
    let listed = list(&s, &admin, TENANT_CC)
        .into_iter()
        .find(|t| t["clientId"] == low["clientId"])
        .unwrap();
    assert_eq!(listed["roleIds"], json!(expect));

    let (status, body) = s.api(
        "PATCH",
        &high_path,
        Some(&dev),
        Some(&json!({"roleIds": [r_viewer]})),
    );
    assert_eq!(status, 403, "{body}");
    // Nor re-describes it (the level rule holds on every write: see level_rule.rs).
    let (status, body) = s.api(
        "PATCH",
        &high_path,
        Some(&dev),
        Some(&json!({"description": "noted"})),
    );
    assert_eq!(
        (status, body["errors"].clone()),
        (
            403,
            json!(["cannot edit this token: it has role Admin, which is above your highest role, Developer"])
        )
    );
    let (status, _) = s.api(
        "PATCH",
        &high_path,
        Some(&dev),
        Some(&json!({"roleIds": ["nope"]})),
    );
    assert_eq!(status, 403);
    let (status, body) = s.api(
        "PATCH",
        &low_path,
        Some(&owner),
        Some(&json!({"roleIds": ["nope"]})),
    );
    assert_eq!(
        (status, body["errors"].clone()),
        (400, json!(["unknown role id(s): nope"]))
    );
    let (status, _) = s.api(
        "PATCH",
        "tenants/api-tokens/v1/missing",
        Some(&owner),
        Some(&json!({"description": "x"})),
    );
    assert_eq!(status, 404);
}

#[test]
fn permission_ids_cannot_grant_more_than_the_caller_holds() {
    let s = Server::start();
    let dev = s.sign_in("dev@acme.test");
    let owner = s.sign_in("owner@acme.test");
    let (status, body) = s.api(
        "POST",
        "tenants/api-tokens/v2",
        Some(&dev),
        Some(&json!({"description": "p", "permissionIds": ["perm-fe.secure.*"]})),
    );
    assert_eq!(status, 403, "{body}");
    let (status, body) = s.api(
        "POST",
        "tenants/api-tokens/v2",
        Some(&dev),
        Some(&json!({"description": "p", "permissionIds": ["perm-nope"]})),
    );
    assert_eq!(
        (status, body["errors"].clone()),
        (400, json!(["unknown permission id: perm-nope"]))
    );
    let t = create(
        &s,
        &dev,
        TENANT_CC,
        json!({"description": "p", "permissionIds": ["perm-fe.secure.read.tenantApiTokens"]}),
    );
    assert_eq!(
        t["permissionIds"],
        json!(["perm-fe.secure.read.tenantApiTokens"])
    );
    // roleIds win when both are sent.
    let r = s.role_id(&owner, "viewer");
    let t = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "both", "roleIds": [r], "permissionIds": ["perm-fe.secure.*"]}),
    );
    assert_eq!(t["permissionIds"], json!([]));
    assert_eq!(t["roleIds"], json!([r]));
}

#[test]
fn tenants_and_users_are_isolated_and_foreign_ids_look_missing() {
    let s = Server::start();
    let acme = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let globex = s.sign_in("owner@globex.test");
    let role = s.role_id(&acme, "viewer");

    let acme_cc = create(
        &s,
        &acme,
        TENANT_CC,
        json!({"description": "acme cc", "roleIds": [role]}),
    );
    let acme_at = create(
        &s,
        &acme,
        TENANT_AT,
        json!({"description": "acme at", "roleIds": [role]}),
    );
    let admin_pat = create(&s, &admin, USER_AT, json!({"description": "admin pat"}));
    let admin_pcc = create(&s, &admin, USER_CC, json!({"description": "admin pcc"}));

    // Globex sees only Globex tokens; Acme users see only their own personal tokens.
    for base in [TENANT_CC, TENANT_AT] {
        let g = list(&s, &globex, base);
        assert!(!g.is_empty());
        assert!(g
            .iter()
            .all(|t| t.get("tenantId").is_none_or(|x| x == "globex")));
        let a_ids: Vec<String> = list(&s, &acme, base).iter().map(id_of).collect();
        assert!(g.iter().all(|t| !a_ids.contains(&id_of(t))));
    }
    assert!(list(&s, &dev, USER_AT)
        .iter()
        .all(|t| t["id"] != admin_pat["id"]));
    assert!(list(&s, &dev, USER_CC)
        .iter()
        .all(|t| t["clientId"] != admin_pcc["clientId"]));

    let missing = |who: &str, method: &str, path: String| {
        let body = (method == "PATCH").then(|| json!({"description": "hijack"}));
        let (status, resp) = s.api(method, &path, Some(who), body.as_ref());
        assert_eq!(status, 404, "{method} {path}: {resp}");
        assert_eq!(resp["errors"], json!(["token not found"]));
    };
    missing(
        &globex,
        "DELETE",
        format!(
            "tenants/api-tokens/v1/{}",
            acme_cc["clientId"].as_str().unwrap()
        ),
    );
    missing(
        &globex,
        "PATCH",
        format!(
            "tenants/api-tokens/v1/{}",
            acme_cc["clientId"].as_str().unwrap()
        ),
    );
    missing(
        &globex,
        "DELETE",
        format!(
            "tenants/access-tokens/v1/{}",
            acme_at["id"].as_str().unwrap()
        ),
    );
    missing(
        &dev,
        "DELETE",
        format!(
            "users/access-tokens/v1/{}",
            admin_pat["id"].as_str().unwrap()
        ),
    );
    missing(
        &dev,
        "DELETE",
        format!(
            "users/api-tokens/v1/{}",
            admin_pcc["clientId"].as_str().unwrap()
        ),
    );
    // A tenant token id is not a personal token id, and an id of one kind is not of the other.
    missing(
        &acme,
        "DELETE",
        format!(
            "users/api-tokens/v1/{}",
            acme_cc["clientId"].as_str().unwrap()
        ),
    );
    missing(
        &acme,
        "DELETE",
        format!(
            "tenants/access-tokens/v1/{}",
            acme_cc["clientId"].as_str().unwrap()
        ),
    );
    missing(
        &acme,
        "DELETE",
        "tenants/api-tokens/v1/never-existed".to_string(),
    );

    // Everything is still there for its owners.
    assert!(list(&s, &acme, TENANT_CC)
        .iter()
        .any(|t| t["clientId"] == acme_cc["clientId"] && t["description"] == "acme cc"));
    assert!(list(&s, &admin, USER_AT)
        .iter()
        .any(|t| t["id"] == admin_pat["id"]));
}

#[test]
fn control_and_text_direction_characters_are_refused_on_create_and_edit() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let role = s.role_id(&owner, "viewer");
    let cc = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "clean", "roleIds": [role]}),
    );
    let id = id_of(&cc);
    // One of each class: C0 (NUL, a line break inside), C1, a bidi override, a bidi isolate.
    for (c, class) in [
        ('\0', "C0"),
        ('\n', "C0"),
        ('\u{85}', "C1"),
        ('\u{2029}', "paragraph separator"),
        ('\u{202E}', "bidi override"),
        ('\u{2067}', "bidi isolate"),
    ] {
        let description = format!("evil{c}txt.exe");
        let said = format!("U+{:04X} at character 5", c as u32);
        for base in [TENANT_CC, TENANT_AT, USER_CC, USER_AT] {
            let mut body = json!({ "description": description });
            if base.starts_with("tenants") {
                body["roleIds"] = json!([role]);
            }
            let (status, resp) = s.api("POST", &create_path(base), Some(&owner), Some(&body));
            assert_eq!(status, 400, "{class} on {base}: {resp}");
            let msg = resp["errors"][0].as_str().unwrap_or_default();
            assert!(
                msg.contains("control or text-direction characters") && msg.contains(&said),
                "{class} on {base}: {msg}"
            );
        }
        let (status, resp) = s.api(
            "PATCH",
            &format!("{TENANT_CC}/v1/{id}"),
            Some(&owner),
            Some(&json!({ "description": description })),
        );
        assert_eq!(status, 400, "{class} on edit: {resp}");
        for base in [TENANT_CC, TENANT_AT, USER_CC, USER_AT] {
            assert!(
                list(&s, &owner, base)
                    .iter()
                    .all(|t| t["description"].as_str() != Some(description.as_str())),
                "{class}: nothing stored in {base}"
            );
        }
    }
    // Right-to-left text and the directional marks are descriptions like any other.
    let t = create(
        &s,
        &owner,
        USER_AT,
        json!({"description": "ترحيل \u{200F}البيانات"}),
    );
    assert_eq!(t["description"], "ترحيل \u{200F}البيانات");
}

#[test]
fn invisible_characters_are_refused_on_create_and_edit_unless_they_belong() {
    // Issue 32: a description of only U+200B (or U+FEFF, U+2060, U+3164, U+00AD…) was accepted.
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let role = s.role_id(&owner, "viewer");
    let cc = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "clean", "roleIds": [role]}),
    );
    let id = id_of(&cc);
    let refusal = |said: &str| {
        format!("description must not contain invisible characters that can hide text ({said}); they are allowed only where they belong: in emoji and flag sequences, and between letters of scripts that join them")
    };
    for (description, said) in [
        ("\u{200B}", "U+200B zero width space at character 1"),
        (
            "\u{FEFF}",
            "U+FEFF zero width no-break space at character 1",
        ),
        ("\u{2060}\u{2060}", "U+2060 word joiner at character 1"),
        ("\u{3164}", "U+3164 Hangul filler at character 1"),
        ("\u{00AD}", "U+00AD soft hyphen at character 1"),
        ("\u{2800}", "U+2800 braille pattern blank at character 1"),
        (
            "CI de\u{200D}ploy",
            "U+200D zero width joiner at character 6",
        ),
        ("deploy\u{E0041}", "U+E0041 tag at character 7"),
    ] {
        for base in SOURCES {
            let mut body = json!({ "description": description });
            if base.starts_with("tenants") {
                body["roleIds"] = json!([role]);
            }
            let (status, resp) = s.api("POST", &create_path(base), Some(&owner), Some(&body));
            assert_eq!(
                (status, resp["errors"].clone()),
                (400, json!([refusal(said)])),
                "{description:?} on {base}"
            );
        }
        let (status, resp) = s.api(
            "PATCH",
            &format!("{TENANT_CC}/v1/{id}"),
            Some(&owner),
            Some(&json!({ "description": description })),
        );
        assert_eq!(
            (status, resp["errors"].clone()),
            (400, json!([refusal(said)])),
            "{description:?} on edit"
        );
    }
    for base in SOURCES {
        assert!(
            list(&s, &owner, base).iter().all(|t| t["description"]
                .as_str()
                .unwrap_or("")
                .chars()
                .all(|c| !api_tokens_rules::hidden_char(c))),
            "nothing hidden stored in {base}"
        );
    }
    assert_eq!(row(&s, &owner, TENANT_CC, &id)["description"], "clean");
    // Where they belong they are kept as sent: an emoji ZWJ sequence, a flag's tags, Persian's
    // non-joiner.
    let scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
    for description in [
        "deploy 👩🏽\u{200D}💻".to_string(),
        format!("{scotland} rugby"),
        "می\u{200C}خواهم".to_string(),
    ] {
        let t = create(&s, &owner, USER_AT, json!({ "description": description }));
        assert_eq!(t["description"], description.as_str());
        let (status, edited) = s.api(
            "PATCH",
            &format!("{TENANT_CC}/v1/{id}"),
            Some(&owner),
            Some(&json!({ "description": description })),
        );
        assert_eq!((status, &edited["description"]), (200, &json!(description)));
    }
}

#[test]
fn input_is_validated_with_clear_messages() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let role = s.role_id(&owner, "viewer");
    let bad = |body: Value, msg: &str| {
        let (status, resp) = s.api("POST", "users/access-tokens/v1", Some(&owner), Some(&body));
        assert_eq!(status, 400, "{body}: {resp}");
        let got = resp["errors"][0].as_str().unwrap_or("").to_string();
        assert!(got.contains(msg), "{body}: {got:?} lacks {msg:?}");
    };
    bad(json!({}), "description is required");
    bad(json!({"description": "   "}), "description is required");
    bad(json!({"description": null}), "description is required");
    bad(
        json!({"description": "a".repeat(256)}),
        "at most 255 characters",
    );
    bad(json!({"description": 5}), "invalid request body");
    for e in [
        json!(0),
        json!(-1),
        json!(5_256_001),
        json!(1.5),
        json!("60"),
        json!([1]),
    ] {
        bad(
            json!({"description": "x", "expiresInMinutes": e}),
            "expiresInMinutes must be a whole number",
        );
    }
    bad(
        json!({"description": "x", "metadata": "str"}),
        "metadata must be a JSON object",
    );
    // Limits are inclusive; null means never.
    let t = create(
        &s,
        &owner,
        USER_AT,
        json!({"description": "é".repeat(255), "expiresInMinutes": 5_256_000}),
    );
    assert!(t["expires"].as_str().unwrap() > "2036");
    let t = create(
        &s,
        &owner,
        USER_AT,
        json!({"description": "never", "expiresInMinutes": null}),
    );
    assert_eq!(t["expires"], Value::Null);

    let url = format!(
        "{}/frontegg/identity/resources/users/access-tokens/v1",
        s.base
    );
    let auth = header_list(Some(&owner));
    let (status, resp) = s.request("POST", &url, &auth, Some("{not json".into()));
    assert_eq!(status, 400);
    assert!(
        resp["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("malformed JSON"),
        "{resp}"
    );
    let (status, resp) = s.request("POST", &url, &auth, Some(String::new()));
    assert_eq!(
        (status, resp["errors"].clone()),
        (
            400,
            json!(["request body is empty: expected a JSON object"])
        )
    );
    let big = json!({"description": "x", "metadata": {"pad": "a".repeat(20_000)}}).to_string();
    let (status, resp) = s.request("POST", &url, &auth, Some(big));
    assert_eq!(status, 413, "{resp}");
    assert!(resp["errors"][0].as_str().unwrap().contains("too large"));

    // forcePermissions is on for Acme: account tokens need a role.
    for base in [TENANT_CC, TENANT_AT] {
        let (status, resp) = s.api(
            "POST",
            &create_path(base),
            Some(&owner),
            Some(&json!({"description": "x"})),
        );
        assert_eq!(
            (status, resp["errors"].clone()),
            (
                400,
                json!(["roleIds: at least one role is required for account tokens"])
            )
        );
        let (status, _) = s.api(
            "POST",
            &create_path(base),
            Some(&owner),
            Some(&json!({"description": "x", "roleIds": []})),
        );
        assert_eq!(status, 400);
    }
    // Globex does not force roles (it requires an expiry: see lifecycle.rs).
    let g = s.sign_in("owner@globex.test");
    create(
        &s,
        &g,
        TENANT_AT,
        json!({"description": "no roles", "expiresInMinutes": 60}),
    );
    let _ = role;
}

#[test]
fn expiry_is_computed_from_minutes() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let before = chrono::Utc::now();
    let t = create(
        &s,
        &owner,
        USER_CC,
        json!({"description": "x", "expiresInMinutes": 90}),
    );
    let after = chrono::Utc::now();
    let created = chrono::DateTime::parse_from_rfc3339(t["createdAt"].as_str().unwrap()).unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(t["expires"].as_str().unwrap()).unwrap();
    assert_eq!((expires - created).num_minutes(), 90);
    assert!(
        created >= before - chrono::Duration::seconds(1)
            && created <= after + chrono::Duration::seconds(1)
    );
}

#[test]
fn generated_tokens_work_until_deleted_or_expired() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let dev_role = s.role_id(&admin, "developer");
    let whoami = format!("{}/api/demo/whoami", s.base);
    let exchange = |client_id: &Value, secret: &Value| {
        s.api(
            "POST",
            "auth/v2/api-token",
            None,
            Some(&json!({"clientId": client_id, "secret": secret})),
        )
    };

    // Client credentials: exchange, then call with the JWT.
    let cc = create(
        &s,
        &admin,
        TENANT_CC,
        json!({"description": "svc", "roleIds": [dev_role]}),
    );
    let (status, ex) = exchange(&cc["clientId"], &cc["secret"]);
    assert_eq!(status, 200, "{ex}");
    assert_eq!(
        keys(&ex),
        sorted(&["access_token", "refresh_token", "expires_in", "expires"])
    );
    let jwt = ex["access_token"].as_str().unwrap().to_string();
    let bearer = header_list(Some(&jwt));
    let (status, me) = s.request("GET", &whoami, &bearer, None);
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["tenantId"], "acme");
    assert_eq!(me["tokenType"], "ClientCredentials");
    assert_eq!(me["owner"]["type"], "tenant");
    assert_eq!(me["roles"][0]["name"], "Developer");
    // A wrong secret, an unknown client: the same 401.
    for (id, secret) in [
        (cc["clientId"].clone(), json!("wrong")),
        (json!("nope"), cc["secret"].clone()),
    ] {
        let (status, body) = exchange(&id, &secret);
        assert_eq!(
            (status, body["errors"].clone()),
            (401, json!(["invalid client credentials"]))
        );
    }
    // A user's JWT is not an API token.
    let (status, _) = s.request("GET", &whoami, &header_list(Some(&admin)), None);
    assert_eq!(status, 401);

    // Access token in X-API-KEY; a personal one acts with its owner's roles.
    let pat = create(&s, &admin, USER_AT, json!({"description": "pat"}));
    let key = vec![(
        "x-api-key".to_string(),
        pat["secret"].as_str().unwrap().to_string(),
    )];
    let (status, me) = s.request("GET", &whoami, &key, None);
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["tokenType"], "AccessToken");
    assert_eq!(me["owner"]["email"], "admin@acme.test");
    assert_eq!(me["roles"][0]["name"], "Admin");

    // Delete: refused at once, with the JWT already issued too.
    let (status, _) = s.api(
        "DELETE",
        &format!("tenants/api-tokens/v1/{}", cc["clientId"].as_str().unwrap()),
        Some(&admin),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(s.request("GET", &whoami, &bearer, None).0, 401);
    assert_eq!(exchange(&cc["clientId"], &cc["secret"]).0, 401);
    let (status, _) = s.api(
        "DELETE",
        &format!("users/access-tokens/v1/{}", pat["id"].as_str().unwrap()),
        Some(&admin),
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(s.request("GET", &whoami, &key, None).0, 401);

    // Expiry: refused at once.
    let cc2 = create(
        &s,
        &admin,
        USER_CC,
        json!({"description": "soon", "expiresInMinutes": 5}),
    );
    let at2 = create(
        &s,
        &admin,
        TENANT_AT,
        json!({"description": "soon", "roleIds": [dev_role], "expiresInMinutes": 5}),
    );
    let (status, ex2) = exchange(&cc2["clientId"], &cc2["secret"]);
    assert_eq!(status, 200);
    let bearer2 = header_list(ex2["access_token"].as_str());
    let key2 = vec![(
        "x-api-key".to_string(),
        at2["secret"].as_str().unwrap().to_string(),
    )];
    assert_eq!(s.request("GET", &whoami, &bearer2, None).0, 200);
    assert_eq!(s.request("GET", &whoami, &key2, None).0, 200);
    s.sql().execute(
        "UPDATE tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id IN (?1, ?2)",
        &[
            cc2["clientId"].as_str().unwrap(),
            at2["id"].as_str().unwrap(),
        ],
    );
    assert_eq!(s.request("GET", &whoami, &bearer2, None).0, 401);
    assert_eq!(s.request("GET", &whoami, &key2, None).0, 401);
    assert_eq!(exchange(&cc2["clientId"], &cc2["secret"]).0, 401);
    assert_eq!(s.request("GET", &whoami, &[], None).0, 401);
}

#[test]
fn identity_routes_answer_in_frontegg_shapes() {
    let s = Server::start();
    let dev = s.sign_in("dev@acme.test");

    let (status, roles) = s.api("GET", "roles/v1", Some(&dev), None);
    assert_eq!(status, 200);
    let roles = roles.as_array().unwrap();
    let names: Vec<&str> = roles.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Owner", "Admin", "Developer", "Viewer", "Auditor"]);
    assert_eq!(roles[4]["level"], Value::Null);
    assert_eq!(
        keys(&roles[0]),
        sorted(&[
            "id",
            "vendorId",
            "tenantId",
            "key",
            "name",
            "description",
            "isDefault",
            "firstUserRole",
            "level",
            "createdAt",
            "updatedAt",
            "permissions"
        ])
    );

    let (status, me) = s.api("GET", "users/v1/me/authorization", Some(&dev), None);
    assert_eq!(status, 200);
    assert_eq!(keys(&me), sorted(&["roles", "permissions"]));
    assert_eq!(me["roles"].as_array().unwrap().len(), 1);
    assert_eq!(me["roles"][0]["key"], "developer");
    let mut perms: Vec<&str> = me["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    perms.sort();
    // Every permission the developer holds, the ones their wildcard covers included.
    assert_eq!(
        perms,
        [
            "fe.secure.read.*",
            "fe.secure.read.tenantApiTokens",
            "fe.secure.read.userApiTokens",
            "fe.secure.write.tenantApiTokens",
            "fe.secure.write.userApiTokens",
            "fe.secure.delete.userApiTokens"
        ]
        .iter()
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    let owner = s.sign_in("owner@acme.test");
    let (_, me_owner) = s.api("GET", "users/v1/me/authorization", Some(&owner), None);
    assert_eq!(
        me_owner["permissions"].as_array().unwrap().len(),
        10,
        "fe.secure.* and our members' permission hold all ten: {me_owner}"
    );
    assert_eq!(
        keys(&me["permissions"][0]),
        sorted(&[
            "id",
            "key",
            "name",
            "description",
            "createdAt",
            "updatedAt",
            "roleIds",
            "categoryId",
            "fePermission"
        ])
    );

    let (status, profile) = s.api("GET", "users/v2/me", Some(&dev), None);
    assert_eq!(status, 200);
    assert_eq!(profile["email"], "dev@acme.test");
    assert_eq!(profile["name"], "Dana Developer");
    assert_eq!(profile["id"], "acme-dev");

    let (_, cfg) = s.api("GET", "configurations/v1/public", Some(&dev), None);
    assert_eq!(
        cfg,
        json!({
            "machineToMachineAuthStrategy": "ClientCredentials",
            "forcePermissions": true,
            "tokenLifecycle": {
                "lastUsed": true,
                "rotation": true,
                "history": true,
                "maxExpiresInMinutes": null,
                "levelRuleOnEdit": true,
                "levelRuleOnDelete": true,
                "renew": true,
                "disableAfterUnusedDays": null,
                "webhooks": false,
                "usage": true,
                "ipAllowlist": true,
                "requireIpAllowlist": false,
                "bulkDelete": true,
                "memberTokens": true
            }
        })
    );
    let globex = s.sign_in("owner@globex.test");
    let (_, cfg) = s.api("GET", "configurations/v1/public", Some(&globex), None);
    assert_eq!(
        cfg,
        json!({
            "machineToMachineAuthStrategy": "AccessToken",
            "forcePermissions": false,
            "tokenLifecycle": {
                "lastUsed": true,
                "rotation": true,
                "history": true,
                "maxExpiresInMinutes": 129600,
                "levelRuleOnEdit": true,
                "levelRuleOnDelete": true,
                "renew": true,
                "disableAfterUnusedDays": 90,
                "webhooks": false,
                "usage": true,
                "ipAllowlist": true,
                "requireIpAllowlist": false,
                "bulkDelete": true,
                "memberTokens": true
            }
        })
    );
    let (status, cfg) = s.api("GET", "configurations/v1/public", None, None);
    assert_eq!(status, 200);
    assert_eq!(cfg["machineToMachineAuthStrategy"], "ClientCredentials");
}

#[test]
fn sign_in_checks_the_password_and_says_nothing_about_which_part_was_wrong() {
    let s = Server::start();
    let (status, ok) = s.api(
        "POST",
        "auth/v1/user",
        None,
        Some(&json!({"email": " Owner@Acme.test ", "password": PASSWORD})),
    );
    assert_eq!(status, 200, "{ok}");
    assert_eq!(
        keys(&ok),
        sorted(&["accessToken", "refreshToken", "expiresIn", "mfaRequired"])
    );
    assert_eq!(ok["expiresIn"], 3600);
    for body in [
        json!({"email": "owner@acme.test", "password": "wrong"}),
        json!({"email": "nobody@acme.test", "password": PASSWORD}),
        json!({}),
    ] {
        let (status, resp) = s.api("POST", "auth/v1/user", None, Some(&body));
        assert_eq!(
            (status, resp["errors"].clone()),
            (401, json!(["incorrect email or password"])),
            "{body}"
        );
    }
}

#[test]
fn the_demo_data_matches_the_readme() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let week = (chrono::Utc::now() + chrono::Duration::days(7))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut tenant: Vec<Value> = list(&s, &owner, TENANT_CC);
    tenant.extend(list(&s, &owner, TENANT_AT));
    let mut all = tenant.clone();
    for who in [&owner, &admin, &dev] {
        all.extend(list(&s, who, USER_CC));
        all.extend(list(&s, who, USER_AT));
    }
    assert!(all.len() >= 11, "{} demo tokens", all.len());
    assert!(!list(&s, &owner, TENANT_AT).is_empty() && !list(&s, &admin, USER_CC).is_empty());
    let expires: Vec<Option<&str>> = all.iter().map(|t| t["expires"].as_str()).collect();
    assert!(
        expires.iter().any(|e| e.is_some_and(|e| e < now.as_str())),
        "one expired"
    );
    assert!(
        expires
            .iter()
            .any(|e| e.is_some_and(|e| e > now.as_str() && e < week.as_str())),
        "one expiring within a week"
    );
    assert!(expires.iter().any(Option::is_none), "one never expiring");
    for email in ["dev@acme.test", "viewer@acme.test", "owner@globex.test"] {
        s.sign_in(email);
    }
    assert!(
        s.stdout().contains("acme-demo-password"),
        "the demo password is printed on start"
    );
    assert!(
        s.stdout().contains("dev@acme.test"),
        "the demo sign-ins are printed on start"
    );
}

#[test]
fn concurrent_creates_and_deletes_leave_the_database_consistent() {
    use std::sync::Mutex;
    let s = Server::start_with(&NO_WRITE_LIMITS);
    let owner = s.sign_in("owner@acme.test");
    let role = s.role_id(&owner, "viewer");
    let created = Mutex::new(Vec::<(String, String)>::new());
    let deleted = Mutex::new(Vec::<String>::new());
    // 200 creates from 8 threads, each thread deleting every other token it created while
    // the others keep creating.
    std::thread::scope(|scope| {
        for t in 0..8 {
            let (s, owner, role, created, deleted) = (&s, &owner, &role, &created, &deleted);
            scope.spawn(move || {
                for i in 0..25 {
                    let base = [TENANT_CC, TENANT_AT, USER_CC, USER_AT][(t + i) % 4];
                    let tok = create(
                        s,
                        owner,
                        base,
                        json!({"description": format!("load {t}-{i}"), "roleIds": [role]}),
                    );
                    let id = id_of(&tok);
                    created.lock().unwrap().push((base.to_string(), id.clone()));
                    if i % 2 == 0 {
                        let (status, body) =
                            s.api("DELETE", &format!("{base}/v1/{id}"), Some(owner), None);
                        assert_eq!(status, 200, "{body}");
                        deleted.lock().unwrap().push(id);
                    }
                }
            });
        }
    });
    let created = created.into_inner().unwrap();
    let deleted = deleted.into_inner().unwrap();
    assert_eq!(created.len(), 200);
    assert_eq!(deleted.len(), 104);
    for base in [TENANT_CC, TENANT_AT, USER_CC, USER_AT] {
        let ids: Vec<String> = list(&s, &owner, base).iter().map(id_of).collect();
        for (b, id) in created.iter().filter(|(b, _)| b == base) {
            let n = ids.iter().filter(|x| *x == id).count();
            let want = usize::from(!deleted.contains(id));
            assert_eq!(n, want, "{b} {id} listed {n} times");
        }
    }
}

#[test]
fn lists_are_fresh_after_every_change_and_never_shared_between_owners() {
    // Lists are kept rendered between changes (list_cache.rs); each read here comes after a
    // read that filled the cache, so a missed invalidation shows as a stale list.
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let globex = s.sign_in("owner@globex.test");
    let viewer = s.role_id(&admin, "viewer");
    let ids = |jwt: &str, base: &str| -> Vec<String> {
        list(&s, jwt, base).iter().map(id_of).collect::<Vec<_>>()
    };
    for base in [TENANT_CC, TENANT_AT, USER_CC, USER_AT] {
        let before = ids(&admin, base);
        let dev_before = ids(&dev, base);
        let globex_before = ids(&globex, base);
        let t = create(
            &s,
            &admin,
            base,
            json!({"description": "fresh", "roleIds": [viewer]}),
        );
        let id = id_of(&t);
        let after = ids(&admin, base);
        assert_eq!(
            after.len(),
            before.len() + 1,
            "{base}: the new token is listed"
        );
        assert!(after.contains(&id));
        // A personal list is its owner's alone; an account list is the whole account's.
        let dev_after = ids(&dev, base);
        if base.starts_with("users/") {
            assert_eq!(
                dev_after, dev_before,
                "{base}: another user's personal list"
            );
        } else {
            assert!(
                dev_after.contains(&id),
                "{base}: the account's list for a colleague"
            );
        }
        assert_eq!(ids(&globex, base), globex_before, "{base}: another tenant");
        if base == TENANT_CC {
            let (status, _) = s.api(
                "PATCH",
                &format!("{base}/v1/{id}"),
                Some(&admin),
                Some(&json!({"description": "renamed"})),
            );
            assert_eq!(status, 200);
            let listed = list(&s, &admin, base);
            let row = listed.iter().find(|r| id_of(r) == id).unwrap();
            assert_eq!(row["description"], "renamed", "a PATCH shows at once");
        }
        let (status, _) = s.api("DELETE", &format!("{base}/v1/{id}"), Some(&admin), None);
        assert_eq!(status, 200);
        assert_eq!(
            ids(&admin, base),
            before,
            "{base}: the deleted token is gone"
        );
        // A refused change leaves the list as it was, and readable.
        let (status, _) = s.api("DELETE", &format!("{base}/v1/{id}"), Some(&admin), None);
        assert_eq!(status, 404);
        assert_eq!(ids(&admin, base), before);
    }
}

#[test]
fn lists_are_never_served_stale_even_after_a_change_the_server_did_not_make() {
    // Lists are kept rendered (list_cache.rs). Here the changes go straight into the database
    // behind the server's back, as another process or a future code path might: each list read
    // after one comes after a read that filled the cache, so a stale list would show.
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let mut conn = s.sql();
    let row = |base: &str, id: &str| -> Option<Value> {
        list(&s, &admin, base).into_iter().find(|r| id_of(r) == id)
    };

    let first = list(&s, &admin, TENANT_CC);
    assert_eq!(list(&s, &admin, TENANT_CC), first, "read twice, kept once");
    let id = first
        .iter()
        .find(|r| r["roleIds"].as_array().is_some_and(|a| !a.is_empty()))
        .map(id_of)
        .expect("a seeded account token with roles");
    conn.execute(
        "UPDATE tokens SET description = 'changed behind its back' WHERE id = ?1",
        &[&id],
    );
    assert_eq!(
        row(TENANT_CC, &id).unwrap()["description"],
        "changed behind its back"
    );
    conn.execute("DELETE FROM token_roles WHERE token_id = ?1", &[&id]);
    assert_eq!(row(TENANT_CC, &id).unwrap()["roleIds"], json!([]));
    conn.execute("DELETE FROM tokens WHERE id = ?1", &[&id]);
    assert_eq!(row(TENANT_CC, &id), None, "deleted behind its back");
    assert_eq!(list(&s, &admin, TENANT_CC).len(), first.len() - 1);

    // A personal access token inserted by hand shows in its owner's (wrapped) list.
    let before = list(&s, &admin, USER_AT);
    conn.execute(
        "INSERT INTO tokens (id, tenant_id, owner_user_id, kind, description, secret_hash, \
         created_at) SELECT 'by-hand', tenant_id, id, 'access_token', 'by hand', \
         randomblob(32), '2026-01-01T00:00:00.000Z' FROM users WHERE email = 'admin@acme.test'",
        &[],
    );
    assert_eq!(list(&s, &admin, USER_AT).len(), before.len() + 1);
    assert_eq!(row(USER_AT, "by-hand").unwrap()["description"], "by hand");
}
