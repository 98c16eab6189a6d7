//! Each token's IP allowlist over real HTTP (issue 34, our extension): `allowedCidrs` on
//! create and on `PATCH {list}/{id}` (every source), checked by the rules crate with the entry
//! named; a use with a working secret from outside is refused at the exchange and at
//! `X-API-KEY` with its own message (403), counted as a refused attempt and recorded once per
//! address and hour; IPv4, IPv6 and IPv4-mapped clients (`--trust-proxy` forwards them);
//! changes under the level rule and recorded; the tenant's `requireIpAllowlist`. Runs on
//! SQLite and again on PostgreSQL (`ATT_TEST_POSTGRES`).

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const FLAGS: [&str; 5] = [
    "--trust-proxy",
    "--attempts-per-minute",
    "100000",
    "--usage-flush-ms",
    "100",
];

fn from(s: &Server, token: &Value, secret: &Value, ip: &str) -> u16 {
    try_secret(s, token, secret, &[("x-forwarded-for", ip)]).0
}

fn patch(s: &Server, jwt: &str, base: &str, id: &str, body: Value) -> (u16, Value) {
    s.api("PATCH", &format!("{base}/v1/{id}"), Some(jwt), Some(&body))
}

fn refusals(s: &Server, jwt: &str, base: &str, id: &str) -> Vec<(String, i64)> {
    history(s, jwt, base, id)
        .into_iter()
        .filter(|e| e["type"] == "refusedAddress")
        .map(|e| {
            (
                e["ip"].as_str().unwrap().to_string(),
                e["attempts"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Today's and yesterday's refused attempts of token `id`, once the flush has them.
fn refused_count(s: &Server, jwt: &str, base: &str, id: &str, want: i64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = s.api(
            "GET",
            &format!("{base}/v1/{id}/usage?days=2"),
            Some(jwt),
            None,
        );
        assert_eq!(status, 200, "{body}");
        let refused: i64 = body["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["refused"].as_i64().unwrap())
            .sum();
        if refused == want {
            return;
        }
        assert!(Instant::now() < deadline, "{refused} refused, not {want}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_allowlist_admits_its_networks_at_both_doors_and_refuses_the_rest() {
    let s = Server::start_with(&FLAGS);
    let owner = s.sign_in("owner@acme.test");
    let viewer = s.role_id(&owner, "viewer");
    let cidrs = json!(["10.0.0.0/8", " 2001:DB8::/32", "203.0.113.7"]);
    let canonical = json!(["10.0.0.0/8", "2001:db8::/32", "203.0.113.7/32"]);
    let client = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "pinned", "roleIds": [viewer], "allowedCidrs": cidrs}),
    );
    let key = create(
        &s,
        &owner,
        USER_AT,
        json!({"description": "pinned key", "allowedCidrs": cidrs}),
    );
    assert_eq!(client["allowedCidrs"], canonical, "{client}");
    for (base, t) in [(TENANT_CC, &client), (USER_AT, &key)] {
        let id = id_of(t);
        assert_eq!(row(&s, &owner, base, &id)["allowedCidrs"], canonical);
        for ip in [
            "10.1.2.3",
            "10.255.255.255",
            "::ffff:10.9.8.7",
            "2001:db8::5",
            "2001:db8:ffff::1",
            "203.0.113.7",
            "::ffff:203.0.113.7",
        ] {
            assert_eq!(from(&s, t, &t["secret"], ip), 200, "{base} from {ip}");
        }
        for ip in [
            "198.51.100.1",
            "11.0.0.1",
            "::ffff:11.0.0.1",
            "2001:db9::1",
            "203.0.113.8",
            "198.51.100.1",
            "198.51.100.1",
        ] {
            assert_eq!(from(&s, t, &t["secret"], ip), 403, "{base} from {ip}");
        }
        // The secret is checked first: a wrong one from outside is the usual refusal, and
        // says nothing of the allowlist.
        assert_eq!(from(&s, t, &json!("wrong"), "198.51.100.1"), 401);
        // Recorded once per address (and hour), counted.
        let mut seen = refusals(&s, &owner, base, &id);
        seen.sort();
        assert_eq!(
            seen,
            [
                ("11.0.0.1".to_string(), 2),
                ("198.51.100.1".to_string(), 3),
                ("2001:db9::1".to_string(), 1),
                ("203.0.113.8".to_string(), 1),
            ],
            "{base}: ::ffff:11.0.0.1 is 11.0.0.1"
        );
        // Counted as refused attempts; the wrong secret too where it names the token (a
        // client id does; a wrong access key names none).
        refused_count(&s, &owner, base, &id, if base == TENANT_CC { 8 } else { 7 });
        // The last use is one from inside.
        assert_ne!(
            row(&s, &owner, base, &id)["lastUsedIp"],
            json!("198.51.100.1")
        );
    }
    // Its own message, at either door.
    let url = format!("{}/frontegg/identity/resources/auth/v2/api-token", s.base);
    let body = json!({"clientId": client["clientId"], "secret": client["secret"]}).to_string();
    let (status, answer) = s.request(
        "POST",
        &url,
        &[("x-forwarded-for".into(), "198.51.100.9".into())],
        Some(body),
    );
    assert_eq!(status, 403);
    assert_eq!(
        answer["errors"][0],
        "this token cannot be used from 198.51.100.9: the address is not on its IP allowlist"
    );
    // A token without a list is used from anywhere, as before.
    let open = create(&s, &owner, USER_AT, json!({"description": "open"}));
    assert!(open.get("allowedCidrs").is_none(), "{open}");
    assert_eq!(from(&s, &open, &open["secret"], "198.51.100.1"), 200);
}

#[test]
fn bad_allowlists_are_refused_naming_the_entry() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let entry = |n: usize, e: &str, why: &str| format!("allowedCidrs entry {n}, {e:?}, {why}");
    let not_an_address = "is not an IPv4 or IPv6 address, or a network such as 10.0.0.0/8";
    let cases = [
        (json!(["10.0.0.0/33"]), entry(1, "10.0.0.0/33", "has a prefix length over 32, the most this kind of address takes")),
        (json!(["10.0.0.0/8", "::/129"]), entry(2, "::/129", "has a prefix length over 128, the most this kind of address takes")),
        (json!(["1.2.3"]), entry(1, "1.2.3", not_an_address)),
        (json!(["10.0.0.1/8"]), entry(1, "10.0.0.1/8", "has bits set past its prefix length: the network is 10.0.0.0/8")),
        (json!(["0.0.0.0/0"]), entry(1, "0.0.0.0/0", "allows every address: leave the allowlist out instead")),
        (json!(["::/0"]), entry(1, "::/0", "allows every address: leave the allowlist out instead")),
        (json!(["10.0.0.0/x"]), entry(1, "10.0.0.0/x", "has a prefix length that is not a whole number")),
        (json!([""]), entry(1, "", "is empty")),
        (json!(["10.0.0.0/8", "::ffff:10.0.0.0/104"]), "allowedCidrs entry 2, \"::ffff:10.0.0.0/104\", is 10.0.0.0/8 again: name each network once".to_string()),
        (json!((0..51).map(|i| format!("10.0.{i}.0/24")).collect::<Vec<_>>()), "allowedCidrs may hold at most 50 networks (got 51)".to_string()),
    ];
    let t = create(
        &s,
        &owner,
        USER_CC,
        json!({"description": "kept", "allowedCidrs": ["192.0.2.0/24"]}),
    );
    let id = id_of(&t);
    for (cidrs, message) in cases {
        for base in SOURCES {
            let (status, body) = s.api(
                "POST",
                &create_path(base),
                Some(&owner),
                Some(&json!({"description": "x", "roleIds": [s.role_id(&owner, "viewer")], "allowedCidrs": cidrs})),
            );
            assert_eq!(
                (status, &body["errors"][0]),
                (400, &json!(message)),
                "{base} {cidrs}"
            );
        }
        let (status, body) = patch(&s, &owner, USER_CC, &id, json!({"allowedCidrs": cidrs}));
        assert_eq!((status, &body["errors"][0]), (400, &json!(message)));
    }
    // Not a list of strings: the body is refused.
    let (status, _) = patch(
        &s,
        &owner,
        USER_CC,
        &id,
        json!({"allowedCidrs": "10.0.0.0/8"}),
    );
    assert_eq!(status, 400);
    assert_eq!(
        row(&s, &owner, USER_CC, &id)["allowedCidrs"],
        json!(["192.0.2.0/24"])
    );
    assert_eq!(
        history(&s, &owner, USER_CC, &id).len(),
        1,
        "nothing recorded"
    );
    // 50 is fine.
    let fifty: Vec<String> = (0..50).map(|i| format!("10.0.{i}.0/24")).collect();
    let (status, body) = patch(&s, &owner, USER_CC, &id, json!({"allowedCidrs": fifty}));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["allowedCidrs"].as_array().unwrap().len(), 50);
}

#[test]
fn changing_an_allowlist_follows_the_level_rule_and_is_recorded() {
    let s = Server::start_with(&FLAGS);
    let owner = s.sign_in("owner@acme.test");
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.sign_in("viewer@acme.test");
    let r_owner = s.role_id(&owner, "owner");
    // Above the Admin, on every account source (PATCH is ours on access tokens).
    for base in [TENANT_CC, TENANT_AT] {
        let t = create(
            &s,
            &owner,
            base,
            json!({"description": "owner's", "roleIds": [r_owner]}),
        );
        let id = id_of(&t);
        let before = row(&s, &owner, base, &id);
        for body in [
            json!({"allowedCidrs": ["198.51.100.0/24"]}),
            json!({"allowedCidrs": []}),
            json!({"description": "renamed", "allowedCidrs": ["10.0.0.0/8"]}),
        ] {
            let (status, answer) = patch(&s, &admin, base, &id, body.clone());
            assert_eq!(status, 403, "{base} {body}");
            assert_eq!(
                answer["errors"][0],
                "cannot edit this token: it has role Owner, which is above your highest role, Admin"
            );
        }
        // A viewer may not write account tokens at all.
        let (status, _) = patch(&s, &viewer, base, &id, json!({"allowedCidrs": []}));
        assert_eq!(status, 403);
        assert_eq!(row(&s, &owner, base, &id), before, "{base}: unchanged");
        assert_eq!(from(&s, &t, &t["secret"], "203.0.113.50"), 200);
    }
    // The Owner pins their own personal token; the change is recorded, and holds at once.
    let t = create(&s, &owner, USER_CC, json!({"description": "laptop"}));
    let id = id_of(&t);
    assert_eq!(from(&s, &t, &t["secret"], "203.0.113.50"), 200);
    let (status, body) = patch(
        &s,
        &owner,
        USER_CC,
        &id,
        json!({"allowedCidrs": ["192.0.2.0/24"], "description": "laptop, office only"}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["allowedCidrs"], json!(["192.0.2.0/24"]));
    assert_eq!(body["description"], "laptop, office only");
    assert_eq!(from(&s, &t, &t["secret"], "203.0.113.50"), 403);
    assert_eq!(from(&s, &t, &t["secret"], "192.0.2.9"), 200);
    let types = |s: &Server| -> Vec<String> {
        history(s, &owner, USER_CC, &id)
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        types(&s),
        ["refusedAddress", "allowlistChanged", "updated", "created"]
    );
    let changed = &history(&s, &owner, USER_CC, &id)[1];
    assert_eq!(changed["actorName"], "Olivia Owner", "{changed}");
    // The same list again records nothing; an empty one removes it.
    patch(
        &s,
        &owner,
        USER_CC,
        &id,
        json!({"allowedCidrs": ["192.0.2.0/24"]}),
    );
    assert_eq!(types(&s).len(), 4);
    let (status, body) = patch(&s, &owner, USER_CC, &id, json!({"allowedCidrs": []}));
    assert_eq!(status, 200);
    assert!(body.get("allowedCidrs").is_none(), "{body}");
    assert_eq!(types(&s)[0], "allowlistChanged");
    assert_eq!(from(&s, &t, &t["secret"], "203.0.113.50"), 200);
    // Roles are not taken on a personal token's PATCH (ignored, as on create).
    let (status, body) = patch(&s, &owner, USER_CC, &id, json!({"roleIds": [r_owner]}));
    assert_eq!(status, 200);
    assert!(body.get("roleIds").is_none());
    // Another user's personal token is not in the caller's list.
    let (status, _) = patch(&s, &admin, USER_CC, &id, json!({"allowedCidrs": []}));
    assert_eq!(status, 404);
}

#[test]
fn a_tenant_can_require_an_allowlist_on_account_tokens() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let viewer = s.role_id(&owner, "viewer");
    let config = |s: &Server| {
        s.api("GET", "configurations/v1/public", Some(&owner), None)
            .1["tokenLifecycle"]
            .clone()
    };
    assert_eq!(config(&s)["requireIpAllowlist"], false);
    let before = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "from before", "roleIds": [viewer]}),
    );
    by_hand(
        &s,
        "UPDATE tenants SET require_ip_allowlist = 1 WHERE id = ?1",
        &["acme"],
    );
    assert_eq!(config(&s)["requireIpAllowlist"], true);
    assert_eq!(config(&s)["ipAllowlist"], true);
    let required = "allowedCidrs: your organization requires an IP allowlist on account tokens: name at least one network they may be used from";
    for base in [TENANT_CC, TENANT_AT] {
        for cidrs in [None, Some(json!([]))] {
            let mut body = json!({"description": "x", "roleIds": [viewer]});
            if let Some(c) = &cidrs {
                body["allowedCidrs"] = c.clone();
            }
            let (status, answer) = s.api("POST", &create_path(base), Some(&owner), Some(&body));
            assert_eq!(
                (status, &answer["errors"][0]),
                (400, &json!(required)),
                "{base} {cidrs:?}"
            );
        }
        let made = create(
            &s,
            &owner,
            base,
            json!({"description": "pinned", "roleIds": [viewer], "allowedCidrs": ["10.0.0.0/8"]}),
        );
        // Cannot be left without one; may be changed to another.
        let id = id_of(&made);
        let (status, answer) = patch(&s, &owner, base, &id, json!({"allowedCidrs": []}));
        assert_eq!((status, &answer["errors"][0]), (400, &json!(required)));
        let (status, _) = patch(
            &s,
            &owner,
            base,
            &id,
            json!({"allowedCidrs": ["10.1.0.0/16"]}),
        );
        assert_eq!(status, 200);
        // An edit that leaves the list alone is not asked for one.
        let (status, _) = patch(&s, &owner, base, &id, json!({"description": "renamed"}));
        assert_eq!(status, 200);
    }
    // A token from before the policy still works and may be edited; personal tokens are free.
    let (status, _) = patch(
        &s,
        &owner,
        TENANT_CC,
        &id_of(&before),
        json!({"description": "old"}),
    );
    assert_eq!(status, 200);
    create(&s, &owner, USER_CC, json!({"description": "mine"}));
    create(&s, &owner, USER_AT, json!({"description": "mine too"}));
}
