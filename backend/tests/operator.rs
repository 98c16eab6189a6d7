//! What an operator expects of a server (issue 38, item 6): `/metrics` in the Prometheus text
//! format on its own address, read by a text-format parser with the counters moving as
//! requests are made; JSON-lines logs that never hold a secret, a password or a JWT; and TLS
//! to PostgreSQL as the URL's `sslmode` says, against the throwaway cluster's certificate and
//! its self-signed CA (made when scripts/test started it), a plain connection refused where
//! TLS is required.

mod common;

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use serde_json::{json, Value};

/// The address of `/metrics` the server printed.
fn metrics_url(s: &Server) -> String {
    s.stdout()
        .lines()
        .find_map(|l| l.strip_prefix("metrics on "))
        .unwrap_or_else(|| panic!("no metrics line: {}", s.stdout()))
        .to_string()
}

/// One scrape of `url`, parsed as a scraper would: (metric name, its labels sorted) → value
/// (a histogram by its `+Inf` bucket, the count of what it measured).
fn scrape(s: &Server, url: &str) -> HashMap<(String, Vec<(String, String)>), f64> {
    let (status, text, headers) = s.raw("GET", url, &[], None);
    assert_eq!(status, 200, "{text}");
    assert!(
        headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/plain; version=0.0.4")),
        "{headers:?}"
    );
    let parsed = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_string())))
        .unwrap_or_else(|e| panic!("not the text format: {e}\n{text}"));
    assert!(
        parsed.docs.contains_key("att_http_requests_total"),
        "{text}"
    );
    let mut out = HashMap::new();
    for sample in parsed.samples {
        let mut labels: Vec<(String, String)> = sample
            .labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        labels.sort();
        let value = match sample.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            prometheus_parse::Value::Histogram(buckets) => buckets
                .iter()
                .find(|b| b.less_than.is_infinite())
                .map(|b| b.count)
                .expect("a +Inf bucket"),
            prometheus_parse::Value::Summary(_) => continue,
        };
        out.insert((sample.metric, labels), value);
    }
    out
}

fn key(metric: &str, labels: &[(&str, &str)]) -> (String, Vec<(String, String)>) {
    let mut l: Vec<(String, String)> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    l.sort();
    (metric.to_string(), l)
}

const API: &str = "/frontegg/identity/resources";

#[test]
fn metrics_are_served_apart_in_the_text_format_and_move_with_the_requests() {
    let s = Server::start_with(&["--metrics-listen", "127.0.0.1:0"]);
    let url = metrics_url(&s);
    assert!(url.starts_with("http://127.0.0.1:") && !url.starts_with(&s.base));
    // Not on the public port.
    let (status, text, _) = s.raw("GET", &format!("{}/metrics", s.base), &[], None);
    assert_ne!(status, 200, "{text}");
    assert!(!text.contains("att_http_requests_total"));

    let before = scrape(&s, &url);
    let at = |m: &HashMap<_, f64>, metric: &str, labels: &[(&str, &str)]| {
        m.get(&key(metric, labels)).copied().unwrap_or(0.0)
    };
    let sign_in_route = format!("{API}/auth/v1/user");
    let list_route = format!("{API}/tenants/api-tokens/v1");
    let events_route = format!("{API}/tenants/api-tokens/v1/:id/events");

    let admin = s.sign_in("admin@acme.test");
    for _ in 0..2 {
        let (status, _) = s.api(
            "POST",
            "auth/v1/user",
            None,
            Some(&json!({"email": "admin@acme.test", "password": "wrong"})),
        );
        assert_eq!(status, 401);
    }
    let (status, _) = s.api(
        "POST",
        "auth/v2/api-token",
        None,
        Some(&json!({"clientId": "nobody", "secret": "wrong"})),
    );
    assert_eq!(status, 401);
    let first = list(&s, &admin, TENANT_CC);
    list(&s, &admin, TENANT_CC);
    let id = id_of(&first[0]);
    history(&s, &admin, TENANT_CC, &id);

    let after = scrape(&s, &url);
    let moved = |metric: &str, labels: &[(&str, &str)]| {
        at(&after, metric, labels) - at(&before, metric, labels)
    };
    let requests = "att_http_requests_total";
    let post = |status| {
        [
            ("route", sign_in_route.as_str()),
            ("method", "POST"),
            ("status", status),
        ]
    };
    assert_eq!(moved(requests, &post("200")), 1.0);
    assert_eq!(moved(requests, &post("401")), 2.0);
    let get_list = [
        ("route", list_route.as_str()),
        ("method", "GET"),
        ("status", "200"),
    ];
    assert_eq!(moved(requests, &get_list), 2.0);
    let get_events = [
        ("route", events_route.as_str()),
        ("method", "GET"),
        ("status", "200"),
    ];
    assert_eq!(moved(requests, &get_events), 1.0, "{after:#?}");
    // Latencies: a histogram per route, counting each request.
    let latency = "att_http_request_duration_seconds";
    assert_eq!(moved(latency, &[("route", list_route.as_str())]), 2.0);
    assert_eq!(
        at(
            &after,
            &format!("{latency}_count"),
            &[("route", list_route.as_str())]
        ),
        at(&after, latency, &[("route", list_route.as_str())])
    );
    assert!(
        at(
            &after,
            &format!("{latency}_sum"),
            &[("route", list_route.as_str())]
        ) > 0.0
    );
    // The first read of the list after the start rendered it, the second was kept.
    assert_eq!(moved("att_list_cache_total", &[("result", "miss")]), 1.0);
    assert_eq!(moved("att_list_cache_total", &[("result", "hit")]), 1.0);
    assert_eq!(moved("att_refused_total", &[("door", "sign-in")]), 2.0);
    assert_eq!(moved("att_refused_total", &[("door", "exchange")]), 1.0);
    // The pools: open connections, none waiting now.
    let open = at(&after, "att_db_connections", &[("state", "idle")])
        + at(&after, "att_db_connections", &[("state", "in_use")]);
    assert!(open >= 1.0, "{after:#?}");
    assert_eq!(at(&after, "att_db_waiting", &[]), 0.0);
    // No label holds an id or anything a caller sent.
    for (metric, labels) in after.keys() {
        for (_, v) in labels {
            assert!(!v.contains(&id) && !v.contains("nobody"), "{metric} {v}");
        }
    }
    // Without the flag, nothing is served.
    let plain = Server::start();
    assert!(!plain.stdout().contains("metrics on"));
}

#[test]
fn json_logs_are_one_object_a_line_and_never_hold_a_secret_a_password_or_a_jwt() {
    let s = Server::start_with(&["--log-format", "json"]);
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.role_id(&admin, "viewer");
    let made = create(
        &s,
        &admin,
        TENANT_CC,
        json!({"description": "logged", "roleIds": [viewer]}),
    );
    let secret = made["secret"].as_str().unwrap().to_string();
    let (status, jwt) = try_secret(&s, &made, &made["secret"], &[]);
    assert_eq!(status, 200);
    let jwt = jwt.unwrap();
    let url = format!("{}/api/demo/whoami", s.base);
    assert_eq!(
        s.request("GET", &url, &header_list(Some(&jwt)), None).0,
        200
    );
    let (status, _) = s.api(
        "POST",
        "auth/v2/api-token",
        None,
        Some(&json!({"clientId": id_of(&made), "secret": "a-wrong-guess"})),
    );
    assert_eq!(status, 401);
    s.wait_log("client credentials exchanged", 1);
    let log = s.wait_log("token created", 1);

    let mut messages = Vec::new();
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            v["timestamp"].is_string() && v["level"].is_string(),
            "{line}"
        );
        messages.push(v["message"].as_str().unwrap_or_default().to_string());
        if v["message"] == "token created" {
            assert_eq!(v["token_id"], made["clientId"], "{line}");
        }
    }
    assert!(messages.iter().any(|m| m == "signed in"), "{messages:?}");
    let mut never = vec![
        PASSWORD.to_string(),
        secret,
        jwt,
        admin,
        "a-wrong-guess".to_string(),
    ];
    if let Some(cluster) = postgres_cluster() {
        // The database's password.
        let password = cluster
            .split("://")
            .nth(1)
            .unwrap()
            .split('@')
            .next()
            .unwrap();
        never.push(password.split(':').nth(1).unwrap().to_string());
    }
    for secret in never {
        assert!(!log.contains(&secret), "the log holds {secret}:\n{log}");
    }
}

/// The tests' cluster with TLS: its URL (without a database) and its certificate.
fn tls_cluster() -> Option<(String, String)> {
    let ca = std::env::var("ATT_TEST_POSTGRES_CA")
        .ok()
        .filter(|c| !c.is_empty());
    match (postgres_cluster(), ca) {
        (Some(cluster), Some(ca)) => Some((cluster, ca)),
        _ => None,
    }
}

/// The server's exit code and stderr when it starts on `db` with `args` and cannot.
fn refused_start(db: &str, args: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_api-tokens-backend"))
        .args(["--listen", "127.0.0.1:0", "--db", db])
        .args(args)
        .env_remove("ATT_DB")
        .env_remove("ATT_DB_CA_FILE")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            assert!(!status.success(), "started: {err}");
            return err;
        }
        if std::time::Instant::now() > deadline {
            // Not left running when this fails.
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How many of the connections to `db`'s database other than the asker's use TLS, and how
/// many do not.
fn tls_connections(db: &str) -> (i64, i64) {
    let mut c = postgres::Client::connect(db, postgres::NoTls).unwrap();
    let row = c
        .query_one(
            "SELECT count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT s.ssl) \
             FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
             WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()",
            &[],
        )
        .unwrap();
    (row.get(0), row.get(1))
}

#[test]
fn tls_to_postgresql_is_used_checked_and_required_as_the_url_says() {
    let Some((_, ca)) = tls_cluster() else {
        eprintln!("not run: PostgreSQL with TLS only (scripts/test's postgres stage sets ATT_TEST_POSTGRES_CA)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&dir);
    let with = |query: &str| format!("{db}?{query}");
    let encoded_ca = ca.replace('/', "%2F");

    // verify-full against the cluster's CA (its certificate names 127.0.0.1): served, over TLS.
    let s = Server::start_on(
        tempfile::tempdir().unwrap(),
        &with(&format!("sslmode=verify-full&sslrootcert={encoded_ca}")),
        &[],
    );
    let admin = s.sign_in("admin@acme.test");
    assert!(!list(&s, &admin, TENANT_CC).is_empty());
    let (tls, plain) = tls_connections(&db);
    assert!(tls >= 1 && plain == 0, "{tls} over TLS, {plain} plain");
    assert!(!s.log().contains("sslrootcert"), "{}", s.log());
    drop(s);

    // The CA file from the flag, the host by another name: verify-ca takes it, verify-full
    // refuses (the certificate names 127.0.0.1, not localhost).
    let by_name = with("sslmode=verify-ca").replace("127.0.0.1", "localhost");
    let s = Server::start_on(
        tempfile::tempdir().unwrap(),
        &by_name,
        &["--db-ca-file", &ca],
    );
    s.sign_in("admin@acme.test");
    drop(s);
    let err = refused_start(
        &with("sslmode=verify-full").replace("127.0.0.1", "localhost"),
        &["--db-ca-file", &ca],
    );
    assert!(err.contains("cannot open database"), "{err}");

    // Another CA (a certificate made now): refused, whatever the name.
    let other = dir.path().join("other-ca.pem");
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args([
            "-subj",
            "/CN=another CA",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .arg("-keyout")
        .arg(dir.path().join("other.key"))
        .arg("-out")
        .arg(&other)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let err = refused_start(
        &with("sslmode=verify-full"),
        &["--db-ca-file", other.to_str().unwrap()],
    );
    assert!(err.contains("cannot open database"), "{err}");
    // verify-full without a CA file says what is missing.
    let err = refused_start(&with("sslmode=verify-full"), &[]);
    assert!(err.contains("a CA file is needed"), "{err}");

    // sslmode=disable: plain.
    let s = Server::start_on(tempfile::tempdir().unwrap(), &with("sslmode=disable"), &[]);
    s.sign_in("admin@acme.test");
    let (tls, plain) = tls_connections(&db);
    assert!(tls == 0 && plain >= 1, "{tls} over TLS, {plain} plain");
    drop(s);

    // A server without TLS (one that answers "N" to the request for it, as PostgreSQL built
    // or configured without it does): sslmode=require refuses to go on in the clear, never
    // sending its start-up message (the user, the database); prefer goes on in the clear.
    let (plain_for_require, err) = without_tls(&with("sslmode=require"));
    assert!(err.contains("cannot open database"), "{err}");
    assert!(err.contains("server does not support TLS"), "{err}");
    assert!(
        !plain_for_require,
        "sslmode=require sent its start-up message in the clear"
    );
    let (plain_for_prefer, _) = without_tls(&with("sslmode=prefer"));
    assert!(
        plain_for_prefer,
        "the stand-in saw no start-up message at all"
    );
}

/// Starts a server on `db` with its address pointed at a stand-in on 127.0.0.1 that declines
/// TLS; answers whether a start-up message came in the clear, and what the server said.
fn without_tls(db: &str) -> (bool, String) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let at = db
        .split('@')
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let db = db.replace(&at, &format!("127.0.0.1:{port}"));
    let stand_in = std::thread::spawn(move || {
        let (mut c, _) = listener.accept().unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut request = [0u8; 8];
        c.read_exact(&mut request).unwrap();
        // SSLRequest: length 8, code 80877103.
        assert_eq!(
            request,
            [0, 0, 0, 8, 4, 210, 22, 47],
            "not a request for TLS"
        );
        c.write_all(b"N").unwrap();
        let mut next = [0u8; 64];
        matches!(c.read(&mut next), Ok(n) if n > 0)
    });
    let mut child = Command::new(env!("CARGO_BIN_EXE_api-tokens-backend"))
        .args(["--listen", "127.0.0.1:0", "--db", &db])
        .env_remove("ATT_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let plain = stand_in.join().unwrap();
    // Whatever came of it, the stand-in answers nothing more: the server stops or is stopped.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    (plain, err)
}
