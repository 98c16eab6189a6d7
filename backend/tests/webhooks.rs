//! Webhooks to the vendor over real HTTP (issue 33, our extension): a receiver here plays the
//! vendor's endpoint and checks every request's Standard Webhooks signature. Changes (a roll, a
//! renewal, a delete, the idle policy's disable) are delivered once each; milestones (30, 7
//! and 1 days before an expiry, the expiry, the idle warning) once each with two instances
//! running the scheduler at once; 500, 500, 200 makes three attempts and one success; a
//! refusing or unreachable endpoint never holds up a token operation; a `kill -9` while
//! sending loses nothing. Runs on SQLite and again on PostgreSQL (`ATT_TEST_POSTGRES`). Time
//! moves by writing the database (a token's expiry, a retry's due time), never by sleeping.

mod common;

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::Utc;
use common::*;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Got {
    id: String,
    body: Value,
}

/// The vendor's endpoint: answers each `token.deleted` with the next scripted status (then
/// 204) and anything else 204 (the demo data's reminders come too), keeps what it got, and
/// fails the test on a request whose signature is wrong.
struct Receiver {
    port: u16,
    got: Arc<Mutex<Vec<Got>>>,
    bad: Arc<Mutex<Vec<String>>>,
}

impl Receiver {
    fn start(script: &[u16]) -> Receiver {
        Receiver::start_on(TcpListener::bind("127.0.0.1:0").unwrap(), script, false)
    }

    /// With `hang`, the first `token.deleted` is read and never answered.
    fn start_on(listener: TcpListener, script: &[u16], hang: bool) -> Receiver {
        let port = listener.local_addr().unwrap().port();
        let (got, bad) = (
            Arc::new(Mutex::new(Vec::new())),
            Arc::new(Mutex::new(Vec::new())),
        );
        let script = Arc::new(Mutex::new(script.iter().copied().collect::<VecDeque<_>>()));
        let (g, b) = (got.clone(), bad.clone());
        std::thread::spawn(move || {
            let mut hung = Vec::new();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut headers = HashMap::new();
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                assert!(
                    line.starts_with("POST /hooks/tokens?source=test HTTP/1.1"),
                    "{line}"
                );
                loop {
                    line.clear();
                    reader.read_line(&mut line).unwrap();
                    let l = line.trim_end();
                    if l.is_empty() {
                        break;
                    }
                    let (k, v) = l.split_once(':').unwrap();
                    headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                }
                let length: usize = headers["content-length"].parse().unwrap();
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let body = String::from_utf8(body).unwrap();
                let parsed: Value = serde_json::from_str(&body).unwrap();
                let scripted = parsed["type"] == "token.deleted";
                match verify(&headers, &body) {
                    Ok(()) => g.lock().unwrap().push(Got {
                        id: headers["webhook-id"].clone(),
                        body: parsed,
                    }),
                    Err(why) => b.lock().unwrap().push(why),
                }
                if scripted && hang && hung.is_empty() {
                    hung.push(stream);
                    continue;
                }
                let next = scripted
                    .then(|| script.lock().unwrap().pop_front())
                    .flatten();
                let status = next.unwrap_or(204);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
            }
        });
        Receiver { port, got, bad }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hooks/tokens?source=test", self.port)
    }

    /// What it got about token `id` so far.
    fn about(&self, id: &str) -> Vec<Got> {
        assert!(self.bad.lock().unwrap().is_empty(), "{:?}", self.bad);
        let got = self.got.lock().unwrap();
        got.iter()
            .filter(|g| g.body["data"]["token"]["id"] == id)
            .cloned()
            .collect()
    }

    /// Waits (up to 15 s) until it got `n` requests about token `id`.
    fn wait_for(&self, id: &str, n: usize) -> Vec<Got> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let got = self.about(id);
            if got.len() >= n {
                return got;
            }
            assert!(Instant::now() < deadline, "{id}: {n} wanted, got {got:#?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The vendor's check, as Standard Webhooks describes it: the signature over
/// `{id}.{timestamp}.{body}` with the secret's key, and a timestamp within five minutes.
fn verify(headers: &HashMap<String, String>, body: &str) -> Result<(), String> {
    let id = headers.get("webhook-id").ok_or("no webhook-id")?;
    let ts = headers
        .get("webhook-timestamp")
        .ok_or("no webhook-timestamp")?;
    let signature = headers
        .get("webhook-signature")
        .ok_or("no webhook-signature")?;
    let age = Utc::now().timestamp() - ts.parse::<i64>().map_err(|e| e.to_string())?;
    if age.abs() > 300 {
        return Err(format!("timestamp {age} s off"));
    }
    let key = B64.decode(SECRET.trim_start_matches("whsec_")).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.{body}").as_bytes());
    let expected = format!("v1,{}", B64.encode(mac.finalize().into_bytes()));
    if signature.split(' ').any(|s| s == expected) {
        Ok(())
    } else {
        Err(format!("bad signature {signature} on {body}"))
    }
}

fn hooked(url: &str) -> Vec<String> {
    [
        "--webhook-url",
        url,
        "--webhook-secret",
        SECRET,
        "--webhook-poll-ms",
        "50",
        "--scheduler-interval-ms",
        "50",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn days_from_now(days: f64) -> String {
    iso(Utc::now() + chrono::Duration::minutes((days * 1440.0) as i64))
}

/// The tenant's deliveries as `jwt` reads them.
fn deliveries(s: &Server, jwt: &str) -> Vec<Value> {
    let (status, body) = s.api("GET", "webhooks/v1/deliveries", Some(jwt), None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["webhooks"], true);
    body["items"].as_array().unwrap().clone()
}

/// Waits (up to 15 s) until the delivery of `type` about token `id` satisfies `cond`.
fn delivery_until(
    s: &Server,
    jwt: &str,
    id: &str,
    kind: &str,
    cond: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let found = deliveries(s, jwt)
            .into_iter()
            .find(|d| d["tokenId"] == id && d["type"] == kind);
        if let Some(d) = found.filter(&cond) {
            return d;
        }
        assert!(
            Instant::now() < deadline,
            "{id} {kind}: {:#?}",
            deliveries(s, jwt)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn types(got: &[Got]) -> Vec<String> {
    got.iter()
        .map(|g| g.body["type"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn changes_are_signed_delivered_once_each_and_never_carry_a_secret() {
    let hook = Receiver::start(&[]);
    let s = Server::start_with(&args(&hooked(&hook.url())));
    let owner = s.sign_in("owner@acme.test");
    let (_, config) = s.api("GET", "configurations/v1/public", Some(&owner), None);
    assert_eq!(config["tokenLifecycle"]["webhooks"], true, "{config}");

    let made = create(
        &s,
        &owner,
        TENANT_CC,
        json!({"description": "nightly export", "expiresInMinutes": 1440,
               "roleIds": [s.role_id(&owner, "viewer")]}),
    );
    let id = id_of(&made);
    let base = format!("{TENANT_CC}/v1/{id}");
    let (status, rolled) = s.api(
        "POST",
        &format!("{base}/rotate"),
        Some(&owner),
        Some(&json!({"graceMinutes": 0})),
    );
    assert_eq!(status, 200, "{rolled}");
    let (status, _) = s.api(
        "POST",
        &format!("{base}/renew"),
        Some(&owner),
        Some(&json!({"expiresInMinutes": 2880})),
    );
    assert_eq!(status, 200);
    let (status, _) = s.api("DELETE", &base, Some(&owner), None);
    assert!(status == 200 || status == 204, "{status}");

    let got = hook.wait_for(&id, 3);
    let mut kinds = types(&got);
    kinds.sort();
    assert_eq!(kinds, ["token.deleted", "token.renewed", "token.rotated"]);
    let ids: std::collections::HashSet<_> = got.iter().map(|g| &g.id).collect();
    assert_eq!(ids.len(), 3, "one id per event");
    for g in &got {
        let text = g.body.to_string();
        for secret in [&made["secret"], &rolled["secret"]] {
            assert!(
                !text.contains(secret.as_str().unwrap()),
                "a secret in {text}"
            );
        }
        let data = &g.body["data"];
        assert_eq!(data["tenant"]["id"], "acme");
        assert_eq!(data["token"]["description"], "nightly export");
        assert_eq!(data["token"]["owner"], "account");
        assert_eq!(data["token"]["type"], "clientCredentials");
        assert_eq!(data["notify"]["creator"]["email"], "owner@acme.test");
        let admins: Vec<_> = data["notify"]["admins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["email"].as_str().unwrap())
            .collect();
        assert!(
            admins.contains(&"owner@acme.test") && admins.contains(&"admin@acme.test"),
            "{admins:?}"
        );
        assert!(!admins.contains(&"viewer@acme.test"), "{admins:?}");
        assert_eq!(data["actor"]["name"], "Olivia Owner", "{text}");
        assert!(g.id.starts_with("msg_"));
    }
    // Listed for who may manage account tokens, delivered at the first attempt; refused to
    // a viewer.
    for kind in ["token.rotated", "token.renewed", "token.deleted"] {
        let d = delivery_until(&s, &owner, &id, kind, |d| d["status"] == "delivered");
        assert_eq!(d["attempts"], 1, "{d}");
        assert_eq!(d["lastStatus"], 204, "{d}");
    }
    let viewer = s.sign_in("viewer@acme.test");
    let (status, body) = s.api("GET", "webhooks/v1/deliveries", Some(&viewer), None);
    assert_eq!(status, 403, "{body}");
    // Nothing more: each change once.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(hook.about(&id).len(), 3);
}

#[test]
fn an_endpoint_failing_twice_gets_three_attempts_and_one_success() {
    let hook = Receiver::start(&[500, 500]);
    let s = Server::start_with(&args(&hooked(&hook.url())));
    let owner = s.sign_in("owner@acme.test");
    let made = create(&s, &owner, USER_AT, json!({"description": "flaky"}));
    let id = id_of(&made);
    let (status, _) = s.api("DELETE", &format!("{USER_AT}/v1/{id}"), Some(&owner), None);
    assert!(status == 200 || status == 204, "{status}");

    let first = delivery_until(&s, &owner, &id, "token.deleted", |d| {
        d["attempts"] == 1 && d["lastStatus"] == 500
    });
    assert_eq!(first["status"], "pending");
    // Tried again 5 s later; then 30 s after the second: moved to now by hand.
    let wait = |d: &Value| time(&d["nextAttemptAt"]) - time(&d["lastAttemptAt"]);
    assert_eq!(wait(&first).num_seconds(), 5, "{first}");
    let due = "UPDATE webhook_outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE token_id = ?1";
    by_hand(&s, due, &[&id]);
    let second = delivery_until(&s, &owner, &id, "token.deleted", |d| {
        // (The attempt is counted when it starts; its answer is in once a retry is set.)
        d["attempts"] == 2 && d["lastStatus"] == 500 && wait(d).num_seconds() > 0
    });
    assert_eq!(wait(&second).num_seconds(), 30, "{second}");
    by_hand(&s, due, &[&id]);
    let done = delivery_until(&s, &owner, &id, "token.deleted", |d| {
        d["status"] == "delivered"
    });
    assert_eq!(done["attempts"], 3, "{done}");
    assert_eq!(done["nextAttemptAt"], Value::Null);
    let got = hook.wait_for(&id, 3);
    assert_eq!(got.len(), 3);
    assert!(
        got.iter().all(|g| g.id == got[0].id),
        "the same message each time"
    );
}

#[test]
fn a_refusing_or_unreachable_endpoint_never_holds_up_a_token_operation() {
    // A 401 (the vendor checks with another secret): failed at once, not retried.
    let refusing = Receiver::start(&[401]);
    let s = Server::start_with(&args(&hooked(&refusing.url())));
    let owner = s.sign_in("owner@acme.test");
    let made = create(&s, &owner, USER_AT, json!({"description": "refused"}));
    let id = id_of(&made);
    s.api("DELETE", &format!("{USER_AT}/v1/{id}"), Some(&owner), None);
    let d = delivery_until(&s, &owner, &id, "token.deleted", |d| {
        d["status"] == "failed"
    });
    assert_eq!(
        (d["attempts"].as_i64(), d["lastStatus"].as_i64()),
        (Some(1), Some(401)),
        "{d}"
    );

    // Nothing listening (port 1: never a test's receiver): every operation answers as
    // quickly, the event waits for a retry.
    let s = Server::start_with(&args(&hooked(
        "http://127.0.0.1:1/hooks/tokens?source=test",
    )));
    let owner = s.sign_in("owner@acme.test");
    for n in 0..5 {
        let started = Instant::now();
        let made = create(
            &s,
            &owner,
            USER_AT,
            json!({"description": format!("unreachable {n}")}),
        );
        let id = id_of(&made);
        let (status, _) = s.api("DELETE", &format!("{USER_AT}/v1/{id}"), Some(&owner), None);
        assert!(status == 200 || status == 204, "{status}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        let d = delivery_until(&s, &owner, &id, "token.deleted", |d| {
            d["lastError"].is_string()
        });
        assert_eq!(d["status"], "pending", "{d}");
        // The tenant's admins are not told the vendor's network; the operator's log is.
        assert_eq!(
            d["lastError"], "the endpoint did not answer (the server's log says why)",
            "{d}"
        );
        assert!(
            s.log().contains("cannot connect to 127.0.0.1:1"),
            "{}",
            s.log()
        );
    }
}

#[test]
fn an_instance_killed_while_sending_loses_no_event() {
    // The endpoint reads the first request and never answers: the instance is killed then.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let hook = Receiver::start_on(listener, &[], true);
    let flags = hooked(&hook.url());
    let s = Server::start_with(&args(&flags));
    let owner = s.sign_in("owner@acme.test");
    let made = create(&s, &owner, USER_AT, json!({"description": "killed"}));
    let id = id_of(&made);
    s.api("DELETE", &format!("{USER_AT}/v1/{id}"), Some(&owner), None);
    hook.wait_for(&id, 1);
    let db = s.db.clone();
    let dir = s.kill();
    // Its claim would run out in a minute: moved to now by hand.
    let mut sql = TestDb::open(&db);
    let claimed = sql.int(
        "SELECT COUNT(*) FROM webhook_outbox WHERE token_id = ?1 AND status = 'pending' AND claimed_until IS NOT NULL",
        &[&id],
    );
    assert_eq!(claimed, 1, "held by the killed instance");
    sql.execute(
        "UPDATE webhook_outbox SET claimed_until = '2000-01-01T00:00:00.000Z' WHERE token_id = ?1",
        &[&id],
    );
    let s = Server::start_on(dir, &db, &args(&flags));
    let owner = s.sign_in("owner@acme.test");
    let d = delivery_until(&s, &owner, &id, "token.deleted", |d| {
        d["status"] == "delivered"
    });
    assert_eq!(d["attempts"], 2, "{d}");
    let got = hook.wait_for(&id, 2);
    assert_eq!(got[0].id, got[1].id, "the same message, sent again");
}

#[test]
fn each_milestone_is_sent_once_with_two_instances_running_the_scheduler() {
    let hook = Receiver::start(&[]);
    let flags = hooked(&hook.url());
    let (a, b) = two_instances_with(&args(&flags));
    let owner = a.sign_in("owner@acme.test");
    let token = |what: &str| id_of(&create(&a, &owner, USER_AT, json!({"description": what})));
    // (days from now it expires, days ago it was made): the milestone due.
    let cases = [
        ("in 29 days", 29.0, 60, Some(("token.expiring", Some(30)))),
        ("in 6 days", 6.0, 60, Some(("token.expiring", Some(7)))),
        ("in 12 hours", 0.5, 60, Some(("token.expiring", Some(1)))),
        (
            "an hour ago",
            -1.0 / 24.0,
            60,
            Some(("token.expired", None)),
        ),
        ("made with 5 days left", 5.0, 1, None),
        ("in 40 days", 40.0, 60, None),
    ];
    let mut ids = Vec::new();
    for (what, expires, made, _) in cases {
        let id = token(what);
        by_hand(
            &a,
            "UPDATE tokens SET expires_at = ?2, created_at = ?3 WHERE id = ?1",
            &[&id, &days_from_now(expires), &days_from_now(-(made as f64))],
        );
        ids.push(id);
    }
    // Globex's idle policy (90 days): one warned 7 days ahead, one disabled (and told so).
    let globex = a.sign_in("owner@globex.test");
    let idle = |what: &str, days: f64| {
        let body = json!({"description": what, "expiresInMinutes": 129600});
        let id = id_of(&create(&a, &globex, USER_AT, body));
        by_hand(
            &a,
            "UPDATE tokens SET created_at = ?2, last_used_at = NULL WHERE id = ?1",
            &[&id, &days_from_now(-days)],
        );
        id
    };
    let warned = idle("unused 85 days", 85.0);
    let caught = idle("unused 95 days", 95.0);
    let fresh = idle("unused 80 days", 80.0);

    for ((what, _, _, due), id) in cases.iter().zip(&ids) {
        if let Some((kind, days)) = due {
            let got = hook.wait_for(id, 1);
            assert_eq!(types(&got), [*kind], "{what}");
            let data = &got[0].body["data"];
            assert_eq!(data["milestone"], json!(days), "{what}");
            if let Some(days) = days {
                let left = data["daysLeft"].as_i64().unwrap();
                assert!((0..*days).contains(&left), "{what}: {left} days left");
            }
        }
    }
    let got = hook.wait_for(&warned, 1);
    assert_eq!(types(&got), ["token.idle"]);
    assert_eq!(got[0].body["data"]["disableAfterUnusedDays"], 90);
    let disables = time(&got[0].body["data"]["disablesAt"]) - Utc::now();
    assert!((4..=5).contains(&disables.num_days()), "{disables}");
    assert_eq!(
        got[0].body["data"]["notify"]["creator"]["email"],
        "owner@globex.test"
    );
    assert_eq!(types(&hook.wait_for(&caught, 1)), ["token.disabled"]);

    // Many turns of both schedulers later, still once each.
    std::thread::sleep(Duration::from_millis(600));
    for ((what, _, _, due), id) in cases.iter().zip(&ids) {
        assert_eq!(
            hook.about(id).len(),
            usize::from(due.is_some()),
            "{what}: {:#?}",
            hook.about(id)
        );
    }
    assert_eq!(hook.about(&warned).len(), 1);
    assert_eq!(hook.about(&caught).len(), 1);
    assert!(hook.about(&fresh).is_empty());

    // Time moves on for the 29-day token: its 7-day reminder, once.
    by_hand(
        &b,
        "UPDATE tokens SET expires_at = ?2 WHERE id = ?1",
        &[&ids[0], &days_from_now(6.5)],
    );
    let got = hook.wait_for(&ids[0], 2);
    assert_eq!(got[1].body["data"]["milestone"], 7);
    assert_eq!(got[1].body["data"]["daysLeft"], 6);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(hook.about(&ids[0]).len(), 2);

    // The reminders delivered are in the token's history, where they fall.
    let id = &ids[0];
    delivery_until(&a, &owner, id, "token.expiring", |d| {
        d["status"] == "delivered" && d["milestone"] == 7
    });
    let (status, history) = a.api(
        "GET",
        &format!("{USER_AT}/v1/{}/events", ids[0]),
        Some(&owner),
        None,
    );
    assert_eq!(status, 200);
    let reminders: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "reminderSent")
        .map(|e| (e["reminder"].clone(), e["milestone"].clone()))
        .collect();
    assert_eq!(
        reminders,
        [
            (json!("token.expiring"), json!(7)),
            (json!("token.expiring"), json!(30))
        ],
        "{history:#}"
    );
}
