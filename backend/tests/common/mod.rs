//! A real `api-tokens-backend` process on a random port with a temporary database, and a small
//! HTTP client for it. Every backend test talks to the server over real HTTP.
//!
//! The database is a SQLite file in a temporary folder, or with `ATT_TEST_POSTGRES` set (a
//! PostgreSQL URL without a database, `postgres://user:password@127.0.0.1:port`; scripts/test's
//! `postgres` stage sets it) a new database of its own on that cluster: the same tests run on
//! both engines.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

pub const PASSWORD: &str = "acme-demo-password";

/// Flags that lift the limits on writes (rate, tokens per tenant and per user), for tests of
/// something else that write more than a person would.
pub const NO_WRITE_LIMITS: [&str; 6] = [
    "--writes-per-minute",
    "0",
    "--max-tokens-per-tenant",
    "0",
    "--max-tokens-per-user",
    "0",
];

/// How long a server may take to start listening (it creates and seeds its database first).
pub const STARTUP_SECONDS: u64 = 30;

/// How long a log line may take to arrive from the server's stderr reader.
const LOG_SECONDS: u64 = 10;

pub struct Server {
    child: Child,
    pub base: String,
    pub dir: tempfile::TempDir,
    /// What `--db` was: the SQLite file's path or the PostgreSQL database's URL.
    pub db: String,
    /// What the server printed on stdout so far (URL, demo sign-ins).
    pub output: Arc<Mutex<String>>,
    /// What the server logged on stderr so far (tracing).
    pub logs: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

impl Server {
    /// A server with a fresh demo database.
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// A server with extra flags.
    pub fn start_with(args: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh_db(&dir);
        Server::start_on(dir, &db, args)
    }

    /// A server on an existing database (e.g. after a restart): a file path or a URL.
    pub fn start_on(dir: tempfile::TempDir, db: &str, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_api-tokens-backend"))
            .args(["--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(args)
            .env_remove("ATT_LISTEN")
            .env_remove("ATT_DB")
            .env_remove("ATT_STATIC")
            .env_remove("ATT_ALLOW_ORIGINS")
            .env_remove("ATT_TRUST_PROXY")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start api-tokens-backend");
        let output = Arc::new(Mutex::new(String::new()));
        let logs = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let out2 = logs.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut o = out2.lock().unwrap();
                o.push_str(&line);
                o.push('\n');
            }
        });
        let rx = read_stdout(child.stdout.take().unwrap(), output.clone());
        let base = rx
            .recv_timeout(Duration::from_secs(STARTUP_SECONDS))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "server did not say it was listening within {STARTUP_SECONDS} s:\n{}{}",
                    output.lock().unwrap(),
                    logs.lock().unwrap()
                )
            });
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            // A fresh connection per request. When the server answers before reading a
            // request's body (a 401 to a POST), hyper may close that connection; a pooled
            // client can then send the next request into the closed socket ("Peer
            // disconnected", one run in twenty). Browsers retry such requests by themselves.
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .build()
            .into();
        Server {
            child,
            base,
            dir,
            db: db.to_string(),
            output,
            logs,
            agent,
        }
    }

    /// A connection to the server's database, behind its back.
    pub fn sql(&self) -> TestDb {
        TestDb::open(&self.db)
    }

    /// Kills the process with SIGKILL (no graceful shutdown) and hands back its folder.
    pub fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.dir, dir)
    }

    /// The server's process id (to kill it from another thread).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Like [`Server::api`], but `None` when no answer came (the server is gone).
    pub fn try_api(
        &self,
        method: &str,
        path: &str,
        bearer: Option<&str>,
        body: Option<&Value>,
    ) -> Option<(u16, Value)> {
        let url = format!(
            "{}/frontegg/identity/resources/{}",
            self.base,
            path.trim_start_matches('/')
        );
        let mut req = ureq::http::Request::builder().method(method).uri(&url);
        for (k, v) in header_list(bearer) {
            req = req.header(k, v);
        }
        let resp = match body {
            Some(b) => self.agent.run(
                req.header("content-type", "application/json")
                    .body(b.to_string())
                    .unwrap(),
            ),
            None => self.agent.run(req.body(()).unwrap()),
        };
        let mut resp = resp.ok()?;
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().ok()?;
        Some((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    /// `METHOD /frontegg/identity/resources/{path}` with an optional bearer and JSON body.
    pub fn api(
        &self,
        method: &str,
        path: &str,
        bearer: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let url = format!(
            "{}/frontegg/identity/resources/{}",
            self.base,
            path.trim_start_matches('/')
        );
        self.request(
            method,
            &url,
            &header_list(bearer),
            body.map(|b| b.to_string()),
        )
    }

    /// Any request; `body` is sent raw. Answers (status, JSON or Null when not JSON).
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: Option<String>,
    ) -> (u16, Value) {
        let (status, text, _) = self.raw(method, url, headers, body);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Any request; answers (status, body text, headers).
    pub fn raw(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: Option<String>,
    ) -> (u16, String, Vec<(String, String)>) {
        let mut req = ureq::http::Request::builder().method(method).uri(url);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let resp = match body {
            Some(b) => self.agent.run(
                req.header("content-type", "application/json")
                    .body(b)
                    .unwrap(),
            ),
            None => self.agent.run(req.body(()).unwrap()),
        };
        let mut resp = resp.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = resp.status().as_u16();
        let hdrs = header_pairs(resp.headers());
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        (status, text, hdrs)
    }

    /// `GET url` with `headers`; answers (status, body, headers) with the body's bytes as the
    /// server sent them: this client (ureq without its gzip and brotli features) neither asks
    /// for a content encoding by itself nor decodes one.
    pub fn get_bytes(
        &self,
        url: &str,
        headers: &[(&str, &str)],
    ) -> (u16, Vec<u8>, Vec<(String, String)>) {
        let mut req = ureq::http::Request::builder().method("GET").uri(url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut resp = self
            .agent
            .run(req.body(()).unwrap())
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = resp.status().as_u16();
        let hdrs = header_pairs(resp.headers());
        let body = resp
            .body_mut()
            .read_to_vec()
            .unwrap_or_else(|e| panic!("GET {url}: reading the body: {e}"));
        (status, body, hdrs)
    }

    /// Signs in as a demo user; answers the user JWT.
    pub fn sign_in(&self, email: &str) -> String {
        let (status, body) = self.api(
            "POST",
            "auth/v1/user",
            None,
            Some(&serde_json::json!({ "email": email, "password": PASSWORD })),
        );
        assert_eq!(status, 200, "sign-in as {email}: {body}");
        body["accessToken"].as_str().unwrap().to_string()
    }

    /// The id of role `key` ("owner", "admin", "developer", "viewer", "auditor").
    pub fn role_id(&self, jwt: &str, key: &str) -> String {
        let (_, roles) = self.api("GET", "roles/v1", Some(jwt), None);
        roles
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("no role {key}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The structured log (stderr) so far.
    pub fn log(&self) -> String {
        self.logs.lock().unwrap().clone()
    }

    /// The structured log once it holds `needle` `times` times. stderr is read by another
    /// thread, so a line the server wrote may not be here yet: wait for it (up to 10 s), then
    /// fail naming it.
    pub fn wait_log(&self, needle: &str, times: usize) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(LOG_SECONDS);
        loop {
            let log = self.log();
            let seen = log.matches(needle).count();
            if seen >= times {
                return log;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{seen} of {times} {needle:?} in the server's log after {LOG_SECONDS} s:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// What was printed on stdout so far.
    pub fn stdout(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a server's stdout into `output` on a thread of its own and hands the address of its
/// "listening on" line over the channel, so a waiter can give up after a deadline
/// (`recv_timeout`) instead of blocking on a server that never says it.
pub fn read_stdout(
    stdout: std::process::ChildStdout,
    output: Arc<Mutex<String>>,
) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let mut o = output.lock().unwrap();
            o.push_str(&line);
            o.push('\n');
            if let Some(rest) = line.trim().strip_prefix("api-tokens-backend listening on ") {
                let _ = tx.send(rest.to_string());
            }
        }
    });
    rx
}

/// A response's headers as (name, value) pairs; a value that is not text reads as "".
fn header_pairs(headers: &ureq::http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect()
}

pub fn header_list(bearer: Option<&str>) -> Vec<(String, String)> {
    bearer
        .map(|b| vec![("authorization".to_string(), format!("Bearer {b}"))])
        .unwrap_or_default()
}

/// The sorted keys of a JSON object.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    k.sort();
    k
}

/// The sorted list of `names`.
pub fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

// The four token sources and what the token tests do with them, written once for
// tokens.rs, token_lifecycle.rs and rotation.rs (each uses a part).

pub const TENANT_CC: &str = "tenants/api-tokens";
pub const TENANT_AT: &str = "tenants/access-tokens";
pub const USER_CC: &str = "users/api-tokens";
pub const USER_AT: &str = "users/access-tokens";
pub const SOURCES: [&str; 4] = [TENANT_CC, TENANT_AT, USER_CC, USER_AT];

/// The tokens of source `base` as `jwt` lists them (unwrapped from `accessTokens`).
pub fn list(s: &Server, jwt: &str, base: &str) -> Vec<Value> {
    let (status, body) = s.api("GET", &format!("{base}/v1"), Some(jwt), None);
    assert_eq!(status, 200, "GET {base}: {body}");
    match body {
        Value::Array(a) => a,
        Value::Object(o) => o["accessTokens"].as_array().expect("accessTokens").clone(),
        other => panic!("unexpected list body {other}"),
    }
}

/// A token's id: `clientId` for client credentials, `id` for access tokens.
pub fn id_of(v: &Value) -> String {
    v.get("clientId")
        .or_else(|| v.get("id"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_string()
}

/// The row of token `id` in `base`'s list as `jwt` reads it.
pub fn row(s: &Server, jwt: &str, base: &str, id: &str) -> Value {
    list(s, jwt, base)
        .into_iter()
        .find(|t| id_of(t) == id)
        .unwrap_or_else(|| panic!("{id} not in {base}"))
}

/// Where source `base` creates (tenant client credentials: v2; v1 creates alike).
pub fn create_path(base: &str) -> String {
    if base == TENANT_CC {
        format!("{base}/v2")
    } else {
        format!("{base}/v1")
    }
}

/// `POST path` by `jwt`, expecting 201; answers the new token with its secret.
pub fn create_at(s: &Server, jwt: &str, path: &str, body: Value) -> Value {
    let (status, resp) = s.api("POST", path, Some(jwt), Some(&body));
    assert_eq!(status, 201, "POST {path} {body}: {resp}");
    resp
}

/// A new token of source `base` by `jwt`, with its secret.
pub fn create(s: &Server, jwt: &str, base: &str, body: Value) -> Value {
    create_at(s, jwt, &create_path(base), body)
}

/// The keys each source lists, and with `secret` the keys of its create and rotate answers.
pub fn listed_keys(base: &str, secret: bool) -> Vec<String> {
    let mut k: Vec<&str> = match base {
        TENANT_CC => vec![
            "clientId",
            "description",
            "tenantId",
            "createdByUserId",
            "metadata",
            "createdAt",
            "permissionIds",
            "roleIds",
            "expires",
        ],
        TENANT_AT => vec![
            "id",
            "description",
            "createdAt",
            "expires",
            "roleIds",
            "createdByUserId",
        ],
        USER_CC => vec![
            "clientId",
            "description",
            "metadata",
            "createdAt",
            "expires",
        ],
        _ => vec!["id", "description", "createdAt", "expires"],
    };
    k.extend(["lastUsedAt", "lastUsedIp", "previousSecretExpiresAt"]);
    if secret {
        k.push("secret");
    }
    sorted(&k)
}

/// Authenticates as `token` (a client id or access token id) with `secret`, from `headers`:
/// client credentials at the exchange, access tokens in X-API-KEY. Answers the status and,
/// for an exchange, the JWT it gave.
pub fn try_secret(
    s: &Server,
    token: &Value,
    secret: &Value,
    headers: &[(&str, &str)],
) -> (u16, Option<String>) {
    let mut all: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    match token.get("clientId") {
        Some(client_id) => {
            let body = serde_json::json!({"clientId": client_id, "secret": secret}).to_string();
            let url = format!("{}/frontegg/identity/resources/auth/v2/api-token", s.base);
            let (status, resp) = s.request("POST", &url, &all, Some(body));
            (status, resp["access_token"].as_str().map(str::to_string))
        }
        None => {
            all.push((
                "x-api-key".into(),
                secret.as_str().unwrap_or_default().to_string(),
            ));
            let url = format!("{}/api/demo/whoami", s.base);
            (s.request("GET", &url, &all, None).0, None)
        }
    }
}

/// Token `id`'s history as `jwt` reads it through source `base`, newest first.
pub fn history(s: &Server, jwt: &str, base: &str, id: &str) -> Vec<Value> {
    let (status, events) = s.api("GET", &format!("{base}/v1/{id}/events"), Some(jwt), None);
    assert_eq!(status, 200, "events of {base} {id}: {events}");
    events.as_array().expect("an array of events").clone()
}

/// Token `id`'s refused attempts at its secret, as its history counts them (the sum over its
/// `refusedAttempts` events) once that is `expected`: the server records them just after it
/// answers, so this waits for them (up to 10 s), then fails naming what it found.
pub fn refused_attempts(s: &Server, jwt: &str, base: &str, id: &str, expected: i64) -> Vec<Value> {
    let deadline = std::time::Instant::now() + Duration::from_secs(LOG_SECONDS);
    loop {
        let refused: Vec<Value> = history(s, jwt, base, id)
            .into_iter()
            .filter(|e| e["type"] == "refusedAttempts")
            .collect();
        let counted: i64 = refused.iter().filter_map(|e| e["attempts"].as_i64()).sum();
        if counted == expected {
            return refused;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{base} {id}: {counted} refused attempts counted, not {expected}: {refused:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// 40 sign-ins with a wrong password for one account sent at once, spread in turn over
/// `servers` (instances on one database); answers each one's status.
pub fn forty_wrong_passwords_at_once(servers: &[&Server]) -> Vec<u16> {
    let statuses = Mutex::new(Vec::new());
    let together = std::sync::Barrier::new(40);
    std::thread::scope(|scope| {
        for i in 0..40 {
            let (s, statuses, together) = (servers[i % servers.len()], &statuses, &together);
            scope.spawn(move || {
                let url = format!("{}/frontegg/identity/resources/auth/v1/user", s.base);
                let body = serde_json::json!({"email": "owner@acme.test", "password": "guess"});
                together.wait();
                let (status, _) = s.request("POST", &url, &[], Some(body.to_string()));
                statuses.lock().unwrap().push(status);
            });
        }
    });
    statuses.into_inner().unwrap()
}

/// How many of `statuses` were checked and failed (401), and how many refused unchecked (429).
pub fn checked_and_refused(statuses: &[u16]) -> (usize, usize) {
    (
        statuses.iter().filter(|s| **s == 401).count(),
        statuses.iter().filter(|s| **s == 429).count(),
    )
}

/// Runs `sql` on the server's database behind its back.
pub fn by_hand(s: &Server, sql: &str, params: &[&str]) {
    s.sql().execute(sql, params);
}

/// The PostgreSQL cluster the tests run on (`ATT_TEST_POSTGRES`), if any.
pub fn postgres_cluster() -> Option<String> {
    std::env::var("ATT_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|u| u.trim_end_matches('/').to_string())
}

/// A new, empty database for one server: a file in `dir`, or a database of its own on the
/// PostgreSQL cluster.
pub fn fresh_db(dir: &tempfile::TempDir) -> String {
    let Some(cluster) = postgres_cluster() else {
        return dir.path().join("db.sqlite").to_str().unwrap().to_string();
    };
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!(
        "att_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        Utc::now().timestamp_micros()
    );
    let mut admin = postgres::Client::connect(&format!("{cluster}/postgres"), postgres::NoTls)
        .unwrap_or_else(|e| panic!("ATT_TEST_POSTGRES: cannot connect: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    format!("{cluster}/{name}")
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_cluster().is_some()
}

/// The script that stops and starts the tests' PostgreSQL cluster (`ATT_TEST_POSTGRES_CTL`,
/// scripts/lib-postgres.sh's `PG_CTL`), for tests that take it down under load.
pub fn postgres_ctl() -> Option<String> {
    std::env::var("ATT_TEST_POSTGRES_CTL")
        .ok()
        .filter(|c| !c.is_empty())
}

/// Two instances started at the same moment on one new database, with `args`: both migrate
/// and create the demo data under the start lock, one after the other.
pub fn two_instances_with(args: &[&str]) -> (Server, Server) {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&dir);
    let other = tempfile::tempdir().unwrap();
    std::thread::scope(|scope| {
        let a = scope.spawn(|| Server::start_on(dir, &db, args));
        let b = scope.spawn(|| Server::start_on(other, &db, args));
        (a.join().unwrap(), b.join().unwrap())
    })
}

/// A connection to a server's database, behind its back. Statements are written once with
/// `?N` placeholders and text arguments; `randomblob(32)` is SQLite's, and spelled for
/// PostgreSQL here.
pub enum TestDb {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

impl TestDb {
    pub fn open(db: &str) -> TestDb {
        if db.starts_with("postgres://") {
            TestDb::Postgres(postgres::Client::connect(db, postgres::NoTls).unwrap())
        } else {
            TestDb::Sqlite(rusqlite::Connection::open(db).unwrap())
        }
    }

    fn postgres_sql(sql: &str) -> String {
        let mut out = String::new();
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
                out.push('$');
            } else {
                out.push(c);
            }
        }
        out.replace(
            "randomblob(32)",
            "decode(md5(random()::text) || md5(random()::text), 'hex')",
        )
    }

    /// Runs `sql`, one or more statements without arguments (a transaction may stay open
    /// across calls).
    pub fn batch(&mut self, sql: &str) {
        match self {
            TestDb::Sqlite(c) => c.execute_batch(sql),
            TestDb::Postgres(c) => {
                return c
                    .batch_execute(sql)
                    .unwrap_or_else(|e| panic!("{sql}: {e}"))
            }
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Runs `sql`; answers the number of rows changed.
    pub fn execute(&mut self, sql: &str, params: &[&str]) -> usize {
        match self {
            TestDb::Sqlite(c) => c
                .execute(sql, rusqlite::params_from_iter(params))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            TestDb::Postgres(c) => {
                c.execute(&TestDb::postgres_sql(sql), &pg_args(params))
                    .unwrap_or_else(|e| panic!("{sql}: {e}")) as usize
            }
        }
    }

    /// The bytes in the first column of `sql`'s one row (`None`: NULL).
    pub fn bytes(&mut self, sql: &str, params: &[&str]) -> Option<Vec<u8>> {
        self.first(sql, params)
    }

    /// The integer in the first column of `sql`'s one row.
    pub fn int(&mut self, sql: &str, params: &[&str]) -> i64 {
        self.first(sql, params)
    }

    /// The first column of `sql`'s one row, on either engine.
    fn first<T>(&mut self, sql: &str, params: &[&str]) -> T
    where
        T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>,
    {
        match self {
            TestDb::Sqlite(c) => c
                .query_row(sql, rusqlite::params_from_iter(params), |r| r.get(0))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
            TestDb::Postgres(c) => c
                .query_one(&TestDb::postgres_sql(sql), &pg_args(params))
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .get(0),
        }
    }

    /// Everything the database stores, as bytes to search: the files of a SQLite database
    /// (in `dir`), every row of every table of a PostgreSQL one as text.
    pub fn stored(&mut self, dir: &Path) -> Vec<u8> {
        match self {
            TestDb::Sqlite(_) => {
                let mut bytes = Vec::new();
                for entry in std::fs::read_dir(dir).unwrap() {
                    bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
                }
                bytes
            }
            TestDb::Postgres(c) => {
                let tables: Vec<String> = c
                    .query(
                        "SELECT table_name::text FROM information_schema.tables \
                         WHERE table_schema = 'public'",
                        &[],
                    )
                    .unwrap()
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                assert!(tables.len() >= 10, "tables: {tables:?}");
                let mut bytes = Vec::new();
                for t in tables {
                    let rows = c
                        .query(&format!("SELECT x::text FROM \"{t}\" x"), &[])
                        .unwrap();
                    for r in rows {
                        bytes.extend(r.get::<_, String>(0).into_bytes());
                    }
                }
                bytes
            }
        }
    }
}

/// `t` as the server stores and sends times (`2026-12-05T09:00:00.000Z`), for writing behind its
/// back.
pub fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
        .unwrap_or_else(|e| panic!("{v}: {e}"))
        .with_timezone(&Utc)
}

/// Asserts `v` is a time from `from` to `to` (give or take the server's millisecond rounding).
pub fn assert_between(v: &Value, from: DateTime<Utc>, to: DateTime<Utc>, what: &str) {
    let t = time(v);
    assert!(
        t >= from - chrono::Duration::milliseconds(1)
            && t <= to + chrono::Duration::milliseconds(1),
        "{what}: {t} not within {from} .. {to}"
    );
}

/// `params` as the PostgreSQL client takes them.
fn pg_args<'a>(params: &'a [&'a str]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}
