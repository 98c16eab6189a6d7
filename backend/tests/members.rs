//! The account admin's view over real HTTP (issue 35, our extension): every member's personal
//! tokens listed (`?members=all`) for users holding `api-tokens.members.manage`, revoked under
//! the level rule by their owner's roles; removing a member (`DELETE users/v1/{userId}`)
//! revokes exactly their personal tokens, atomically, refused above the caller and for the
//! last Owner; `POST {source}/bulk-delete` whose dry run changes nothing and says what the
//! real run does, and which two instances running the same 500 ids at once carry out once
//! each. Runs on SQLite and again on PostgreSQL (`ATT_TEST_POSTGRES`).

mod common;

use common::*;
use serde_json::{json, Value};

/// No limit on writes, nor on exchanges from one address: these tests make hundreds.
fn no_limits() -> Vec<&'static str> {
    [&NO_WRITE_LIMITS[..], &["--attempts-per-minute", "100000"]].concat()
}

fn members(s: &Server, jwt: &str, base: &str) -> (u16, Value) {
    let (status, body) = s.api("GET", &format!("{base}/v1?members=all"), Some(jwt), None);
    let items = match &body {
        Value::Object(o) if o.contains_key("accessTokens") => body["accessTokens"].clone(),
        other => other.clone(),
    };
    (status, items)
}

fn bulk(s: &Server, jwt: &str, base: &str, ids: &[String], dry_run: bool) -> (u16, Value) {
    s.api(
        "POST",
        &format!("{base}/v1/bulk-delete"),
        Some(jwt),
        Some(&json!({"ids": ids, "dryRun": dry_run})),
    )
}

fn types(s: &Server, jwt: &str, base: &str, id: &str) -> Vec<String> {
    history(s, jwt, base, id)
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_admin_lists_and_revokes_members_tokens_but_not_above_them() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let viewer = s.sign_in("viewer@acme.test");
    let devs = create(&s, &dev, USER_CC, json!({"description": "dev's laptop"}));
    let owners = create(&s, &owner, USER_AT, json!({"description": "owner's key"}));
    let (status, listed) = members(&s, &admin, USER_CC);
    assert_eq!(status, 200, "{listed}");
    let mine = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["clientId"] == devs["clientId"])
        .expect("the developer's token is listed");
    assert_eq!(mine["ownerUserId"], "acme-dev");
    assert_eq!(mine["ownerEmail"], "dev@acme.test");
    // The owner's roles, by id: the tab tells which members are above the admin from them.
    assert_eq!(mine["ownerRoleIds"], json!(["acme-developer"]));
    assert!(mine["ownerName"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(mine.get("secret").is_none());
    // As the tab's fetch sends it (an empty part after), or beside another parameter.
    for query in ["members=all&", "x=1&members=all"] {
        let (status, again) = s.api("GET", &format!("{USER_CC}/v1?{query}"), Some(&admin), None);
        assert_eq!((status, &again), (200, &listed), "{query}");
    }
    // Every member's, of this tenant only.
    let owners_listed = members(&s, &admin, USER_AT).1;
    assert!(owners_listed
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == owners["id"]
            && t["ownerUserId"] == "acme-owner"
            && t["ownerRoleIds"] == json!(["acme-owner"])));
    let globex = s.sign_in("owner@globex.test");
    let theirs = members(&s, &globex, USER_CC).1;
    assert!(theirs
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["ownerEmail"].as_str().unwrap().ends_with("@globex.test")));
    // Their history and use read as the member's own are, by the admin; by nobody else.
    let devs_id = id_of(&devs);
    let events = history(&s, &admin, USER_CC, &devs_id);
    assert_eq!(events.last().unwrap()["type"], "created");
    let usage = format!("{USER_CC}/v1/{devs_id}/usage");
    assert_eq!(s.api("GET", &usage, Some(&admin), None).0, 200);
    assert_eq!(
        history(&s, &dev, USER_CC, &devs_id),
        events,
        "reading it is recorded nowhere"
    );
    for jwt in [&viewer, &globex] {
        let events = format!("{USER_CC}/v1/{devs_id}/events");
        assert_eq!(s.api("GET", &events, Some(jwt), None).0, 404);
        assert_eq!(s.api("GET", &usage, Some(jwt), None).0, 404);
    }
    // Not through the other personal source (the type must match).
    let crossed = format!("{USER_AT}/v1/{devs_id}/events");
    assert_eq!(s.api("GET", &crossed, Some(&admin), None).0, 404);
    // Without the permission: refused, naming it; not for account sources.
    for jwt in [&dev, &viewer] {
        let (status, body) = members(&s, jwt, USER_CC);
        assert_eq!(status, 403, "{body}");
    }
    assert_eq!(members(&s, &admin, TENANT_CC).0, 400);
    // Revoked by the admin through the personal source's DELETE, recorded with them.
    let id = id_of(&devs);
    let (status, body) = s.api("DELETE", &format!("{USER_CC}/v1/{id}"), Some(&admin), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(try_secret(&s, &devs, &devs["secret"], &[]).0, 401);
    let events = history(&s, &dev, USER_CC, &id);
    assert_eq!(events[0]["type"], "deleted");
    assert_eq!(events[0]["actorUserId"], "acme-admin");
    // Not the owner's: the owner is above the admin.
    let (status, body) = s.api(
        "DELETE",
        &format!("{USER_AT}/v1/{}", id_of(&owners)),
        Some(&admin),
        None,
    );
    assert_eq!(status, 403);
    assert_eq!(
        body["errors"][0],
        "cannot delete this token: its owner has role Owner, which is above your highest role, Admin"
    );
    assert_eq!(try_secret(&s, &owners, &owners["secret"], &[]).0, 200);
    // A developer (no permission) cannot reach another member's token at all.
    let devs2 = create(&s, &dev, USER_CC, json!({"description": "dev's other"}));
    let admins = create(&s, &admin, USER_CC, json!({"description": "admin's"}));
    let (status, _) = s.api(
        "DELETE",
        &format!("{USER_CC}/v1/{}", id_of(&admins)),
        Some(&dev),
        None,
    );
    assert_eq!(status, 404);
    assert_eq!(try_secret(&s, &admins, &admins["secret"], &[]).0, 200);
    assert_eq!(try_secret(&s, &devs2, &devs2["secret"], &[]).0, 200);
}

#[test]
fn removing_a_member_revokes_exactly_their_personal_tokens() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let dev = s.sign_in("dev@acme.test");
    let viewer_role = s.role_id(&owner, "viewer");
    let personal = [
        create(&s, &dev, USER_CC, json!({"description": "dev cc"})),
        create(&s, &dev, USER_AT, json!({"description": "dev at"})),
    ];
    let account = create(
        &s,
        &dev,
        TENANT_CC,
        json!({"description": "made by dev", "roleIds": [viewer_role]}),
    );
    let others = create(&s, &admin, USER_CC, json!({"description": "admin's own"}));
    let dev_seed: Vec<String> = list(&s, &dev, USER_CC)
        .iter()
        .chain(list(&s, &dev, USER_AT).iter())
        .map(id_of)
        .collect();
    assert!(dev_seed.len() >= 2);

    // Above the caller: refused, nothing changes.
    let (status, body) = s.api("DELETE", "users/v1/acme-owner", Some(&admin), None);
    assert_eq!(status, 403, "{body}");
    // Unknown, or another tenant's: not found.
    assert_eq!(
        s.api("DELETE", "users/v1/nobody", Some(&admin), None).0,
        404
    );
    assert_eq!(
        s.api("DELETE", "users/v1/globex-owner", Some(&admin), None)
            .0,
        404
    );
    // Without Frontegg's permission: refused.
    assert_eq!(
        s.api("DELETE", "users/v1/acme-viewer", Some(&dev), None).0,
        403
    );

    let (status, body) = s.api("DELETE", "users/v1/acme-dev", Some(&admin), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["revokedTokens"], dev_seed.len());
    for t in &personal {
        assert_eq!(try_secret(&s, t, &t["secret"], &[]).0, 401, "{t}");
    }
    // Their history says why, and who.
    let events = s.api(
        "GET",
        &format!("{USER_CC}/v1/{}/events", id_of(&personal[0])),
        Some(&owner),
        None,
    );
    // (A removed member's personal history is read by nobody's list: checked in the table.)
    assert!(events.0 == 404 || events.0 == 200);
    let recorded = s.sql().int(
        "SELECT COUNT(*) FROM token_events WHERE type = 'ownerRemoved' AND actor_user_id = ?1",
        &["acme-admin"],
    );
    assert_eq!(recorded as usize, dev_seed.len());
    // The account token they made stays and works; so does everyone else's.
    assert_eq!(try_secret(&s, &account, &account["secret"], &[]).0, 200);
    let made = row(&s, &owner, TENANT_CC, &id_of(&account));
    assert_eq!(made["createdByUserId"], "acme-dev");
    assert_eq!(made["createdByFormerMember"], true, "{made}");
    assert!(row(&s, &admin, USER_CC, &id_of(&others))
        .get("createdByFormerMember")
        .is_none());
    assert_eq!(try_secret(&s, &others, &others["secret"], &[]).0, 200);
    // Their session ends.
    assert_eq!(s.api("GET", "users/v2/me", Some(&dev), None).0, 401);
    // Gone: a second removal is 404.
    assert_eq!(
        s.api("DELETE", "users/v1/acme-dev", Some(&admin), None).0,
        404
    );

    // The last Owner cannot be removed, even by themselves.
    let (status, body) = s.api("DELETE", "users/v1/acme-owner", Some(&owner), None);
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["errors"][0],
        "cannot remove Olivia Owner: they are the last member with role Owner; give another member that role first"
    );
}

#[test]
fn a_dry_run_changes_nothing_and_says_what_the_real_run_does() {
    let s = Server::start_with(&no_limits());
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.role_id(&owner, "viewer");
    let r_owner = s.role_id(&owner, "owner");
    let mine = create(
        &s,
        &admin,
        TENANT_CC,
        json!({"description": "admin's", "roleIds": [viewer]}),
    );
    let above = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "owner's", "roleIds": [r_owner]}),
    );
    let ids = vec![
        id_of(&mine),
        "no-such-token".to_string(),
        id_of(&above),
        id_of(&mine),
    ];
    let before = list(&s, &owner, TENANT_CC);
    let (status, dry) = bulk(&s, &admin, TENANT_CC, &ids, true);
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["dryRun"], true);
    let expected = json!([
        {"id": id_of(&mine), "outcome": "deleted"},
        {"id": "no-such-token", "outcome": "notFound"},
        {"id": id_of(&above), "outcome": "notAllowed",
         "reason": "cannot delete this token: it has role Owner, which is above your highest role, Admin"},
    ]);
    assert_eq!(dry["items"], expected, "each id once, in order");
    assert_eq!(
        list(&s, &owner, TENANT_CC),
        before,
        "a dry run changes nothing"
    );
    assert_eq!(types(&s, &owner, TENANT_CC, &id_of(&mine)), ["created"]);
    let (status, real) = bulk(&s, &admin, TENANT_CC, &ids, false);
    assert_eq!(status, 200);
    assert_eq!(
        real["items"], expected,
        "the real run does what the dry run said"
    );
    assert_eq!(try_secret(&s, &mine, &mine["secret"], &[]).0, 401);
    assert_eq!(try_secret(&s, &above, &above["secret"], &[]).0, 200);
    assert_eq!(types(&s, &owner, TENANT_CC, &id_of(&mine))[0], "deleted");
    // Without the source's delete permission, the whole request is refused; too many ids too.
    let dev = s.sign_in("dev@acme.test");
    assert_eq!(bulk(&s, &dev, TENANT_CC, &ids, true).0, 403);
    let many: Vec<String> = (0..501).map(|i| format!("t{i}")).collect();
    let (status, body) = bulk(&s, &admin, TENANT_CC, &many, true);
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"][0],
        "ids: at most 500 tokens at once (got 501)"
    );
}

#[test]
fn two_instances_revoking_the_same_500_tokens_at_once_delete_each_once() {
    let (a, b) = two_instances_with(&no_limits());
    let admin = a.sign_in("admin@acme.test");
    let ids: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let (a, admin) = (&a, &admin);
                scope.spawn(move || {
                    (0..125)
                        .map(|n| {
                            id_of(&create(
                                a,
                                admin,
                                USER_AT,
                                json!({"description": format!("bulk {w}-{n}")}),
                            ))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(ids.len(), 500);
    let (left, right) = std::thread::scope(|scope| {
        let one = scope.spawn(|| bulk(&a, &admin, USER_AT, &ids, false));
        let two = scope.spawn(|| bulk(&b, &admin, USER_AT, &ids, false));
        (one.join().unwrap(), two.join().unwrap())
    });
    assert_eq!((left.0, right.0), (200, 200));
    let outcome = |v: &Value, id: &str| -> String {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["outcome"].as_str().unwrap().to_string())
            .unwrap()
    };
    for id in &ids {
        let both = [outcome(&left.1, id), outcome(&right.1, id)];
        assert!(
            both == ["deleted", "notFound"] || both == ["notFound", "deleted"],
            "{id}: {both:?}"
        );
    }
    assert!(list(&a, &admin, USER_AT)
        .iter()
        .all(|t| !ids.contains(&id_of(t))));
    let deleted = a.sql().int(
        "SELECT COUNT(*) FROM token_events WHERE type = 'deleted' AND actor_user_id = ?1",
        &["acme-admin"],
    );
    assert_eq!(deleted, 500, "one deleted event per token");
}
