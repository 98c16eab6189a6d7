//! Our extension of Frontegg's API over real HTTP: a token's last use (when and from where,
//! written when it authenticates, at most once a minute, listed at once), the client address
//! behind `--trust-proxy`, a tenant's expiry policy on every create route, `tokenLifecycle`
//! in the public configuration, and the demo data's last uses.

mod common;

use chrono::{Duration, Utc};
use common::*;
use serde_json::{json, Value};

/// Every create route: (path, the list it adds to).
const CREATE_ROUTES: [(&str, &str); 5] = [
    ("tenants/api-tokens/v2", TENANT_CC),
    ("tenants/api-tokens/v1", TENANT_CC),
    ("tenants/access-tokens/v1", TENANT_AT),
    ("users/api-tokens/v1", USER_CC),
    ("users/access-tokens/v1", USER_AT),
];

const GLOBEX_REFUSAL: &str = "This account allows tokens for at most 90 days (129600 minutes): expiresInMinutes is required and must be at most 129600";

/// (lastUsedAt, lastUsedIp) of token `id` as listed.
fn last_use(s: &Server, jwt: &str, base: &str, id: &str) -> (Value, Value) {
    let r = row(s, jwt, base, id);
    (r["lastUsedAt"].clone(), r["lastUsedIp"].clone())
}

/// The version of `tenant`'s tokens, read from the database file: it moves with every write
/// to them (migration 0002), so an unchanged version means nothing was written.
fn tokens_version(s: &Server, tenant: &str) -> i64 {
    s.sql().int(
        "SELECT coalesce((SELECT version FROM token_versions WHERE tenant_id = ?1), 0)",
        &[tenant],
    )
}

/// How each kind authenticates: client credentials at the exchange, access tokens through
/// X-API-KEY on the demo route.
fn authenticate(s: &Server, token: &Value, headers: &[(&str, &str)]) -> u16 {
    try_secret(s, token, &token["secret"], headers).0
}

/// A client-credentials and an access token of Acme's admin: (list, token) pairs.
fn fresh_tokens(s: &Server, admin: &str, what: &str) -> Vec<(&'static str, Value)> {
    let viewer = s.role_id(admin, "viewer");
    vec![
        (
            USER_CC,
            create(
                s,
                admin,
                USER_CC,
                json!({"description": format!("{what} cc")}),
            ),
        ),
        (
            TENANT_AT,
            create(
                s,
                admin,
                TENANT_AT,
                json!({"description": format!("{what} at"), "roleIds": [viewer]}),
            ),
        ),
    ]
}

#[test]
fn a_use_is_recorded_when_a_token_authenticates_and_listed_at_once() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for (base, token) in fresh_tokens(&s, &admin, "used") {
        let id = id_of(&token);
        assert_eq!(token["lastUsedAt"], Value::Null, "{base}: a new token");
        assert_eq!(token["lastUsedIp"], Value::Null, "{base}: a new token");
        // Read, and so kept rendered (list_cache.rs), before the use: a list served from
        // that kept rendering after the use would still say never.
        assert_eq!(
            last_use(&s, &admin, base, &id),
            (Value::Null, Value::Null),
            "{base}: never used"
        );
        assert_eq!(
            last_use(&s, &admin, base, &id),
            (Value::Null, Value::Null),
            "{base}"
        );

        // A refused attempt is no use.
        let wrong = json!("not-the-secret-not-the-secret-not-the-secret");
        let refused = try_secret(&s, &token, &wrong, &[]).0;
        assert_eq!(refused, 401, "{base}");
        assert_eq!(
            last_use(&s, &admin, base, &id),
            (Value::Null, Value::Null),
            "{base}: a refused attempt"
        );

        let before = Utc::now();
        assert_eq!(authenticate(&s, &token, &[]), 200, "{base}");
        let after = Utc::now();
        let (at, ip) = last_use(&s, &admin, base, &id);
        assert_between(&at, before, after, &format!("{base}: lastUsedAt"));
        assert_eq!(ip, "127.0.0.1", "{base}: the socket's peer");
    }
}

#[test]
fn an_expired_token_that_tries_is_not_used() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for (base, token) in fresh_tokens(&s, &admin, "expired") {
        let id = id_of(&token);
        by_hand(
            &s,
            "UPDATE tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?1",
            &[&id],
        );
        assert_eq!(authenticate(&s, &token, &[]), 401, "{base}");
        assert_eq!(
            last_use(&s, &admin, base, &id),
            (Value::Null, Value::Null),
            "{base}"
        );
    }
}

/// Moves token `id`'s recorded last use to `seconds` ago, behind the server's back; answers
/// that time as stored.
fn used_ago(s: &Server, id: &str, seconds: i64) -> String {
    let at = (Utc::now() - Duration::seconds(seconds))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    by_hand(
        s,
        "UPDATE tokens SET last_used_at = ?2 WHERE id = ?1",
        &[id, &at],
    );
    at
}

#[test]
fn uses_within_a_minute_write_once_and_leave_the_first_time() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for (base, token) in fresh_tokens(&s, &admin, "hot") {
        let id = id_of(&token);
        assert_eq!(authenticate(&s, &token, &[]), 200, "{base}");
        let first = last_use(&s, &admin, base, &id);
        assert_ne!(first.0, Value::Null, "{base}: the first use is recorded");
        let version = tokens_version(&s, "acme");

        // Later, but within the minute: nothing is written; the first use stays, time and all.
        std::thread::sleep(std::time::Duration::from_millis(20));
        for _ in 0..3 {
            assert_eq!(authenticate(&s, &token, &[]), 200, "{base}");
        }
        assert_eq!(
            tokens_version(&s, "acme"),
            version,
            "{base}: a use within the minute wrote to the tokens"
        );
        assert_eq!(last_use(&s, &admin, base, &id), first, "{base}");

        // At 59 s, still within the minute: nothing written either.
        let recent = used_ago(&s, &id, 59);
        let version = tokens_version(&s, "acme");
        assert_eq!(authenticate(&s, &token, &[]), 200, "{base}");
        assert_eq!(
            tokens_version(&s, "acme"),
            version,
            "{base}: a use 59 s after the recorded one wrote to the tokens"
        );
        assert_eq!(last_use(&s, &admin, base, &id).0, json!(recent), "{base}");

        // Once the recorded use is over a minute old (61 s), the next one is written (and
        // listed).
        let old = used_ago(&s, &id, 61);
        assert_eq!(
            last_use(&s, &admin, base, &id).0,
            json!(old),
            "{base}: listed"
        );
        let before = Utc::now();
        assert_eq!(authenticate(&s, &token, &[]), 200, "{base}");
        let after = Utc::now();
        let (at, ip) = last_use(&s, &admin, base, &id);
        assert_between(
            &at,
            before,
            after,
            &format!("{base}: the use after a minute"),
        );
        assert_eq!(ip, "127.0.0.1");
    }
}

#[test]
fn x_forwarded_for_is_ignored_without_trust_proxy() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    for (base, token) in fresh_tokens(&s, &admin, "forged") {
        let forged = [("x-forwarded-for", "203.0.113.7")];
        assert_eq!(authenticate(&s, &token, &forged), 200, "{base}");
        assert_eq!(
            last_use(&s, &admin, base, &id_of(&token)).1,
            "127.0.0.1",
            "{base}: a forged X-Forwarded-For was believed"
        );
    }
}

#[test]
fn behind_a_trusted_proxy_the_address_it_appended_is_the_client() {
    let s = Server::start_with(&["--trust-proxy"]);
    let admin = s.sign_in("admin@acme.test");
    for (i, (header, want)) in [
        // The right-most entry is the proxy's; what the client wrote before it proves nothing.
        (Some("198.51.100.1, 203.0.113.7"), "203.0.113.7"),
        (Some("2001:db8::5"), "2001:db8::5"),
        // Absent or not an address: the socket's peer.
        (None, "127.0.0.1"),
        (Some("garbage"), "127.0.0.1"),
    ]
    .into_iter()
    .enumerate()
    {
        let headers: Vec<(&str, &str)> =
            header.map(|h| ("x-forwarded-for", h)).into_iter().collect();
        for (base, token) in fresh_tokens(&s, &admin, &format!("proxied {i}")) {
            assert_eq!(authenticate(&s, &token, &headers), 200, "{base}");
            assert_eq!(
                last_use(&s, &admin, base, &id_of(&token)).1,
                want,
                "{base} with X-Forwarded-For {header:?}"
            );
        }
    }
}

#[test]
fn the_per_address_limit_counts_the_proxys_address_only_with_trust_proxy() {
    let url = |s: &Server| format!("{}/frontegg/identity/resources/auth/v1/user", s.base);
    let ok = json!({"email": "viewer@acme.test", "password": PASSWORD}).to_string();
    let sign_in = |s: &Server, from: &str| {
        let headers = [("x-forwarded-for".to_string(), from.to_string())];
        s.raw("POST", &url(s), &headers, Some(ok.clone())).0
    };
    // Without the flag a new forged address buys no new attempts.
    let s = Server::start_with(&["--attempts-per-minute", "2"]);
    assert_eq!(sign_in(&s, "203.0.113.1"), 200);
    assert_eq!(sign_in(&s, "203.0.113.1"), 200);
    assert_eq!(sign_in(&s, "203.0.113.2"), 429);
    drop(s);
    // With it, each client behind the proxy has attempts of its own.
    let s = Server::start_with(&["--attempts-per-minute", "2", "--trust-proxy"]);
    assert_eq!(sign_in(&s, "203.0.113.1"), 200);
    assert_eq!(sign_in(&s, "203.0.113.1"), 200);
    assert_eq!(sign_in(&s, "203.0.113.1"), 429);
    assert_eq!(sign_in(&s, "192.0.2.9, 203.0.113.2"), 200);
}

#[test]
fn an_expiry_policy_holds_on_every_create_route() {
    let s = Server::start();
    let globex = s.sign_in("owner@globex.test");
    let role = s.role_id(&globex, "viewer");
    for (path, base) in CREATE_ROUTES {
        let before = list(&s, &globex, base).len();
        for expiry in [
            None,
            Some(json!(null)),
            Some(json!(129_601)),
            Some(json!(5_256_000)),
        ] {
            let mut body = json!({"description": "policy", "roleIds": [role]});
            if let Some(e) = &expiry {
                body["expiresInMinutes"] = e.clone();
            }
            let (status, resp) = s.api("POST", path, Some(&globex), Some(&body));
            assert_eq!(
                (status, resp),
                (400, json!({"errors": [GLOBEX_REFUSAL], "statusCode": 400})),
                "POST {path} with expiresInMinutes {expiry:?}"
            );
        }
        assert_eq!(
            list(&s, &globex, base).len(),
            before,
            "{path}: nothing created"
        );
        // A malformed expiry is still refused for what it is.
        let (status, resp) = s.api(
            "POST",
            path,
            Some(&globex),
            Some(&json!({"description": "policy", "roleIds": [role], "expiresInMinutes": "60"})),
        );
        assert_eq!(status, 400);
        assert!(
            resp["errors"][0]
                .as_str()
                .unwrap()
                .starts_with("expiresInMinutes must be a whole number"),
            "{resp}"
        );
        // Within the limit, up to it exactly: created, expiring when asked.
        for minutes in [129_600, 60] {
            let t = create_at(
                &s,
                &globex,
                path,
                json!({"description": "within", "roleIds": [role], "expiresInMinutes": minutes}),
            );
            assert_eq!(
                (time(&t["expires"]) - time(&t["createdAt"])).num_minutes(),
                minutes,
                "{path}"
            );
        }
        assert_eq!(list(&s, &globex, base).len(), before + 2, "{path}");
    }
}

#[test]
fn a_tenant_without_a_policy_is_unaffected_and_the_policy_is_each_tenants_own() {
    let s = Server::start();
    let acme = s.sign_in("owner@acme.test");
    let globex = s.sign_in("owner@globex.test");
    let role = s.role_id(&acme, "viewer");
    for (path, _) in CREATE_ROUTES {
        let never = create_at(
            &s,
            &acme,
            path,
            json!({"description": "never", "roleIds": [role]}),
        );
        assert_eq!(never["expires"], Value::Null, "{path}");
        create_at(
            &s,
            &acme,
            path,
            json!({"description": "ten years", "roleIds": [role], "expiresInMinutes": 5_256_000}),
        );
    }
    // The setting is read on every create, per tenant: a day for Globex, none for Acme at once.
    by_hand(
        &s,
        "UPDATE tenants SET max_expires_in_minutes = 1440 WHERE id = 'globex'",
        &[],
    );
    by_hand(
        &s,
        "UPDATE tenants SET max_expires_in_minutes = NULL WHERE id = 'acme'",
        &[],
    );
    let (status, resp) = s.api(
        "POST",
        "users/access-tokens/v1",
        Some(&globex),
        Some(&json!({"description": "a day and a minute", "expiresInMinutes": 1441})),
    );
    assert_eq!(
        (status, resp["errors"].clone()),
        (
            400,
            json!(["This account allows tokens for at most 1 day (1440 minutes): expiresInMinutes is required and must be at most 1440"])
        )
    );
    create_at(
        &s,
        &globex,
        "users/access-tokens/v1",
        json!({"description": "a day", "expiresInMinutes": 1440}),
    );
    create_at(
        &s,
        &acme,
        "users/access-tokens/v1",
        json!({"description": "still never"}),
    );
    // And Acme with a policy of its own is held to it.
    by_hand(
        &s,
        "UPDATE tenants SET max_expires_in_minutes = 60 WHERE id = 'acme'",
        &[],
    );
    let (status, resp) = s.api(
        "POST",
        "users/api-tokens/v1",
        Some(&acme),
        Some(&json!({"description": "never"})),
    );
    assert_eq!(status, 400);
    assert_eq!(
        resp["errors"],
        json!(["This account allows tokens for at most 1 hour (60 minutes): expiresInMinutes is required and must be at most 60"])
    );
}

#[test]
fn token_lifecycle_is_discovered_with_the_callers_policy() {
    let s = Server::start();
    let lifecycle = |jwt: Option<&str>| {
        let (status, cfg) = s.api("GET", "configurations/v1/public", jwt, None);
        assert_eq!(status, 200, "{cfg}");
        cfg["tokenLifecycle"].clone()
    };
    let expect = |max: Value, idle: Value| {
        json!({"lastUsed": true, "rotation": true, "history": true, "maxExpiresInMinutes": max,
            "levelRuleOnEdit": true, "levelRuleOnDelete": true, "renew": true,
            "disableAfterUnusedDays": idle, "webhooks": false, "usage": true,
            "ipAllowlist": true, "requireIpAllowlist": false, "bulkDelete": true,
            "memberTokens": true})
    };
    let acme = s.sign_in("dev@acme.test");
    let globex = s.sign_in("owner@globex.test");
    assert_eq!(lifecycle(Some(&acme)), expect(Value::Null, Value::Null));
    assert_eq!(lifecycle(Some(&globex)), expect(json!(129_600), json!(90)));
    // Not signed in (or not validly): no tenant, so no policy to tell.
    assert_eq!(lifecycle(None), expect(Value::Null, Value::Null));
    assert_eq!(lifecycle(Some("garbage")), expect(Value::Null, Value::Null));
    by_hand(
        &s,
        "UPDATE tenants SET max_expires_in_minutes = 43200 WHERE id = 'acme'",
        &[],
    );
    assert_eq!(lifecycle(Some(&acme)), expect(json!(43_200), Value::Null));
}

#[test]
fn the_demo_tokens_were_used_over_the_past_year_and_some_not_for_months() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let now = Utc::now();
    let mut account = list(&s, &owner, TENANT_CC);
    account.extend(list(&s, &owner, TENANT_AT));
    let mut all = account.clone();
    for email in [
        "owner@acme.test",
        "admin@acme.test",
        "dev@acme.test",
        "owner@globex.test",
    ] {
        let jwt = s.sign_in(email);
        all.extend(list(&s, &jwt, USER_CC));
        all.extend(list(&s, &jwt, USER_AT));
    }
    let globex = s.sign_in("owner@globex.test");
    all.extend(list(&s, &globex, TENANT_CC));
    all.extend(list(&s, &globex, TENANT_AT));
    for t in &all {
        let (at, ip) = (&t["lastUsedAt"], &t["lastUsedIp"]);
        assert_eq!(at.is_null(), ip.is_null(), "{t}");
        if !at.is_null() {
            let used = time(at);
            assert!(used <= now, "{t}: used in the future");
            assert!(
                used >= now - Duration::days(366),
                "{t}: within the past year"
            );
            assert!(
                used >= time(&t["createdAt"]),
                "{t}: used before it was created"
            );
            assert!(
                ip.as_str().unwrap().parse::<std::net::IpAddr>().is_ok(),
                "{t}"
            );
        }
    }
    // Every Acme user sees the account's tokens: some unused for 90 days or more (never used
    // counts once the token is that old), some used within the week, some never.
    let ninety = now - Duration::days(90);
    let stale = account
        .iter()
        .filter(|t| match t["lastUsedAt"].as_str() {
            Some(_) => time(&t["lastUsedAt"]) < ninety,
            None => time(&t["createdAt"]) < ninety,
        })
        .count();
    assert!(stale >= 3, "{stale} account tokens unused for 90 days");
    let recent = account
        .iter()
        .filter(|t| !t["lastUsedAt"].is_null() && time(&t["lastUsedAt"]) > now - Duration::days(7))
        .count();
    assert!(recent >= 2, "{recent} account tokens used this week");
    assert!(
        account.iter().any(|t| t["lastUsedAt"].is_null()),
        "one never used"
    );
}

/// docs/api.md: "calls with the JWT an exchange gave are not new uses". The exchange is the use; a
/// call with the JWT it gave writes nothing, even when the recorded use is old enough to be
/// replaced.
#[test]
fn calls_with_the_jwt_an_exchange_gave_are_not_new_uses() {
    let s = Server::start();
    let admin = s.sign_in("admin@acme.test");
    let token = create(&s, &admin, USER_CC, json!({"description": "exchanged"}));
    let id = id_of(&token);
    let (status, jwt) = try_secret(&s, &token, &token["secret"], &[]);
    assert_eq!(status, 200);
    let jwt = jwt.expect("the exchange gave a JWT");
    // A use recorded long enough ago that any new use would be written.
    let old = used_ago(&s, &id, 61);
    let version = tokens_version(&s, "acme");
    let url = format!("{}/api/demo/whoami", s.base);
    let headers = header_list(Some(&jwt));
    for _ in 0..3 {
        let (status, body) = s.request("GET", &url, &headers, None);
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(
        tokens_version(&s, "acme"),
        version,
        "a call with an exchanged JWT wrote to the tokens"
    );
    assert_eq!(
        last_use(&s, &admin, USER_CC, &id),
        (json!(old), json!("127.0.0.1")),
        "a call with an exchanged JWT moved the last use"
    );
    // The exchange itself is a use: written now.
    assert_eq!(try_secret(&s, &token, &token["secret"], &[]).0, 200);
    assert_ne!(last_use(&s, &admin, USER_CC, &id).0, json!(old));
}
