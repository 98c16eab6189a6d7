//! The server as a process: CLI errors, static files, CORS, health, restarts, shutdown.

mod common;

use std::process::{Command, Stdio};

use common::*;
use serde_json::json;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_api-tokens-backend"));
    for v in [
        "ATT_LISTEN",
        "ATT_DB",
        "ATT_STATIC",
        "ATT_ALLOW_ORIGINS",
        "ATT_DEMO",
    ] {
        c.env_remove(v);
    }
    c
}

/// Runs the binary with `args`, expecting it to exit by itself; answers (code, stderr).
fn run_to_exit(args: &[&str]) -> (i32, String) {
    let out = bin()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_flags_unusable_paths_and_busy_ports_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let db = db.to_str().unwrap();

    let (code, err) = run_to_exit(&["--no-such-flag"]);
    assert_ne!(code, 0);
    assert!(err.contains("--no-such-flag"), "{err}");

    let (code, err) = run_to_exit(&["--listen", "not-an-address", "--db", db]);
    assert_ne!(code, 0);
    assert!(err.contains("invalid socket address"), "{err}");

    let (code, err) = run_to_exit(&["--listen", "127.0.0.1:0", "--db", "/proc/no/such/db.sqlite"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("cannot open database /proc/no/such/db.sqlite"),
        "{err}"
    );

    let (code, err) = run_to_exit(&[
        "--listen",
        "127.0.0.1:0",
        "--db",
        db,
        "--static",
        "/no/such/dir",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("no index.html"), "{err}");

    let (code, err) = run_to_exit(&[
        "--listen",
        "127.0.0.1:0",
        "--db",
        db,
        "--allow-origin",
        "bad\norigin",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("is not a valid origin"), "{err}");

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let (code, err) = run_to_exit(&["--listen", &addr, "--db", db]);
    assert_ne!(code, 0);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
}

#[test]
fn a_db_url_is_a_database_or_refused_never_a_file_and_its_password_is_never_shown() {
    // Run in an empty folder, to see that nothing is made there (once a `postgres:` folder was,
    // with a SQLite file inside).
    let cwd = tempfile::tempdir().unwrap();
    let run_in = |db: &str| {
        let out = bin()
            .current_dir(cwd.path())
            .args(["--listen", "127.0.0.1:0", "--db", db])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for refused in [
        "mysql://db.example/tokens",
        "sqlite:tokens.sqlite",
        "https://x/y",
    ] {
        let (code, err) = run_in(refused);
        assert_ne!(code, 0, "{refused}");
        assert!(
            err.contains("looks like a URL") && err.contains("postgres://"),
            "{refused}: {err}"
        );
    }
    // Nobody listens on port 1: the URL is taken as PostgreSQL's, and the failure says so
    // without the password.
    let (code, err) = run_in("postgres://att:hunter2@127.0.0.1:1/tokens");
    assert_ne!(code, 0);
    assert!(
        err.contains("cannot open database postgres://att:***@127.0.0.1:1/tokens"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
    let made: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert!(made.is_empty(), "made in the working folder: {made:?}");
}

#[test]
fn health_and_the_spa_with_its_fallback() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<!doctype html><title>tab</title>",
    )
    .unwrap();
    std::fs::write(site.path().join("app.js"), "console.log(1)").unwrap();
    let s = Server::start_with(&["--static", site.path().to_str().unwrap()]);

    let (status, body, _) = s.raw("GET", &format!("{}/healthz", s.base), &[], None);
    assert_eq!((status, body.as_str()), (200, r#"{"status":"ok"}"#));
    let (status, body, headers) = s.raw("GET", &format!("{}/app.js", s.base), &[], None);
    assert_eq!((status, body.as_str()), (200, "console.log(1)"));
    assert!(headers
        .iter()
        .any(|(k, v)| k == "content-type" && v.contains("javascript")));
    for path in ["/", "/tokens/some/client/route"] {
        let (status, body, _) = s.raw("GET", &format!("{}{path}", s.base), &[], None);
        assert_eq!(status, 200, "{path}");
        assert!(body.contains("<title>tab</title>"), "{path}: {body}");
    }
    // API paths never fall back to the SPA.
    let (status, _) = s.api("GET", "no/such/route", None, None);
    assert_eq!(status, 404);
}

#[test]
fn cors_is_same_origin_unless_origins_are_allowed() {
    let preflight = |s: &Server, origin: &str| {
        let headers = vec![
            ("origin".to_string(), origin.to_string()),
            (
                "access-control-request-method".to_string(),
                "POST".to_string(),
            ),
            (
                "access-control-request-headers".to_string(),
                "authorization,content-type".to_string(),
            ),
        ];
        let (_, _, h) = s.raw(
            "OPTIONS",
            &format!("{}/frontegg/identity/resources/users/api-tokens/v1", s.base),
            &headers,
            None,
        );
        h.into_iter()
            .find(|(k, _)| k == "access-control-allow-origin")
            .map(|(_, v)| v)
    };
    let closed = Server::start();
    assert_eq!(preflight(&closed, "https://vendor.example"), None);

    let open = Server::start_with(&["--allow-origin", "https://vendor.example"]);
    assert_eq!(
        preflight(&open, "https://vendor.example").as_deref(),
        Some("https://vendor.example")
    );
    assert_eq!(preflight(&open, "https://evil.example"), None);

    // Retry-After is readable by the vendor's page (the tab's countdown needs it).
    let (_, _, h) = open.raw(
        "GET",
        &format!("{}/frontegg/identity/resources/roles/v1", open.base),
        &[("origin".to_string(), "https://vendor.example".to_string())],
        None,
    );
    let exposed = h
        .into_iter()
        .find(|(k, _)| k == "access-control-expose-headers")
        .map(|(_, v)| v.to_ascii_lowercase());
    assert_eq!(exposed.as_deref(), Some("retry-after"));
}

/// Issue 32: the preflight answered `Access-Control-Allow-Headers: *`, which the Fetch
/// standard says does not cover `Authorization`; the headers are named.
#[test]
fn a_preflight_names_every_header_the_tab_sends_and_every_method() {
    for allowed in ["https://vendor.example", "*"] {
        let s = Server::start_with(&["--allow-origin", allowed]);
        let (status, _, h) = s.raw(
            "OPTIONS",
            &format!(
                "{}/frontegg/identity/resources/tenants/api-tokens/v1/x",
                s.base
            ),
            &[
                ("origin".to_string(), "https://vendor.example".to_string()),
                (
                    "access-control-request-method".to_string(),
                    "PATCH".to_string(),
                ),
                (
                    "access-control-request-headers".to_string(),
                    "authorization,content-type,frontegg-tenant-id".to_string(),
                ),
            ],
            None,
        );
        assert_eq!(status, 200, "{allowed}");
        let value = |name: &str| {
            h.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.to_ascii_lowercase())
                .unwrap_or_else(|| panic!("{allowed}: no {name} in {h:?}"))
        };
        let names =
            |v: String| -> Vec<String> { v.split(',').map(|x| x.trim().to_string()).collect() };
        let headers = names(value("access-control-allow-headers"));
        for needed in ["authorization", "content-type", "frontegg-tenant-id"] {
            assert!(
                headers.iter().any(|x| x == needed),
                "{allowed}: {headers:?}"
            );
        }
        assert!(!headers.iter().any(|x| x == "*"), "{allowed}: {headers:?}");
        let methods = names(value("access-control-allow-methods"));
        for needed in ["get", "post", "patch", "delete"] {
            assert!(
                methods.iter().any(|x| x == needed),
                "{allowed}: {methods:?}"
            );
        }
    }
}

#[test]
fn data_survives_a_restart_and_demo_data_is_not_recreated() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let (status, t) = s.api(
        "POST",
        "users/access-tokens/v1",
        Some(&owner),
        Some(&json!({"description": "kept"})),
    );
    assert_eq!(status, 201);
    let db = s.db.clone();
    let dir = s.kill();
    let s = Server::start_on(dir, &db, &[]);
    // Same server keys: the JWT from before still works, and so does the token.
    let (status, list) = s.api("GET", "users/access-tokens/v1", Some(&owner), None);
    assert_eq!(status, 200, "{list}");
    assert!(list["accessTokens"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == t["id"]));
    let key = vec![(
        "x-api-key".to_string(),
        t["secret"].as_str().unwrap().to_string(),
    )];
    assert_eq!(
        s.request("GET", &format!("{}/api/demo/whoami", s.base), &key, None)
            .0,
        200
    );
    assert!(!s.stdout().contains("demo data created"));

    // --demo starts over.
    let db = s.db.clone();
    let dir = s.kill();
    let s = Server::start_on(dir, &db, &["--demo"]);
    assert!(s.stdout().contains("demo data created"));
    let owner = s.sign_in("owner@acme.test");
    let (_, list) = s.api("GET", "users/access-tokens/v1", Some(&owner), None);
    assert!(list["accessTokens"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["id"] != t["id"]));
}

#[test]
fn sigterm_shuts_down_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = bin()
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("db.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    // Kills the process if an assertion below fails, so no server outlives the test.
    struct Guard(std::process::Child);
    impl Drop for Guard {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Guard(child);
    let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    read_stdout(stdout, output.clone())
        .recv_timeout(std::time::Duration::from_secs(STARTUP_SECONDS))
        .unwrap_or_else(|_| panic!("no listening line: {}", output.lock().unwrap()));
    let ok = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let status = child.0.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
}
