//! The database under stress (issue 38): every connection held (a request is refused in time,
//! 503 with Retry-After, never left waiting), PostgreSQL restarted while two instances serve 8
//! clients (503 while it is down, back on their own within seconds, nothing acknowledged lost,
//! no dead connection handed out after it is back), and SQLite on a full disk (writes 507,
//! reads go on, nothing corrupted, writes again once there is room).
//!
//! Each test here may take the database away, so they run one at a time ([`ONE_AT_A_TIME`]).
//! Bounded: a fixed time under load, every request under the client's deadline.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `POST` of a new account token through `s` by `jwt` with role `role`: (status, body, headers).
fn try_create(
    s: &Server,
    jwt: &str,
    role: &str,
    what: &str,
) -> (u16, Value, Vec<(String, String)>) {
    let url = format!(
        "{}/frontegg/identity/resources/tenants/api-tokens/v2",
        s.base
    );
    let body = json!({ "description": what, "roleIds": [role] }).to_string();
    let (status, text, headers) = s.raw("POST", &url, &header_list(Some(jwt)), Some(body));
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    )
}

/// `GET url`'s status.
fn status_of(s: &Server, path: &str) -> u16 {
    s.raw("GET", &format!("{}{path}", s.base), &[], None).0
}

#[test]
fn a_request_that_gets_no_connection_in_time_is_503_with_retry_after_never_left_waiting() {
    let _one = one_at_a_time();
    let mut args = vec!["--db-pool-size", "1", "--db-acquire-timeout-ms", "500"];
    args.extend(NO_WRITE_LIMITS);
    let s = Server::start_with(&args);
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.role_id(&admin, "viewer");

    // Behind the server's back, a transaction that holds what a create writes: SQLite's write
    // lock, PostgreSQL's table of token versions. The first create takes the one connection it
    // may write on (PostgreSQL: the only connection) and waits there.
    let mut holder = s.sql();
    holder.batch(if on_postgres() {
        "BEGIN; LOCK TABLE token_versions IN ACCESS EXCLUSIVE MODE"
    } else {
        "BEGIN IMMEDIATE"
    });
    std::thread::scope(|scope| {
        let first = scope.spawn(|| try_create(&s, &admin, &viewer, "waits for the lock"));
        std::thread::sleep(Duration::from_millis(400));
        let asked = Instant::now();
        let (status, body, headers) = try_create(&s, &admin, &viewer, "finds no connection");
        let took = asked.elapsed();
        assert_eq!(status, 503, "{body}");
        assert!(
            took < Duration::from_secs(3),
            "refused after {took:?}, with a 500 ms acquire timeout"
        );
        let retry: u64 = header(&headers, "retry-after")
            .and_then(|r| r.parse().ok())
            .unwrap_or_else(|| panic!("no Retry-After: {headers:?}"));
        assert!((1..=60).contains(&retry), "Retry-After: {retry}");
        assert_eq!(body["statusCode"], 503, "{body}");
        assert!(
            body["errors"][0].as_str().unwrap().contains("unavailable"),
            "{body}"
        );

        // The lock goes: the first create, which waited with its connection, is made, and the
        // pool serves the next one at once.
        holder.batch("ROLLBACK");
        let (status, body, _) = first.join().unwrap();
        assert_eq!(status, 201, "{body}");
    });
    let (status, body, _) = try_create(&s, &admin, &viewer, "after");
    assert_eq!(status, 201, "{body}");
    assert!(s.log().contains("database unavailable"), "{}", s.log());
}

/// What one client's request got, and when.
struct Answer {
    instance: usize,
    at: Instant,
    took: Duration,
    status: u16,
    /// A create's new token id, when it was acknowledged.
    created: Option<String>,
}

#[test]
fn postgres_restarted_under_load_answers_503_then_recovers_and_loses_nothing() {
    let _one = one_at_a_time();
    let (Some(_), Some(ctl)) = (postgres_cluster(), postgres_ctl()) else {
        eprintln!(
            "not run: PostgreSQL only, with ATT_TEST_POSTGRES_CTL (scripts/test's postgres stage)"
        );
        return;
    };
    let mut args = vec![
        "--db-acquire-timeout-ms",
        "1000",
        "--attempts-per-minute",
        "100000",
    ];
    args.extend(NO_WRITE_LIMITS);
    let (a, b) = two_instances_with(&args);
    let servers = [&a, &b];
    let admin = a.sign_in("admin@acme.test");
    let viewer = a.role_id(&admin, "viewer");
    let stop = AtomicBool::new(false);
    let answers: Mutex<Vec<Answer>> = Mutex::new(Vec::new());
    let pg = |what: &str| {
        let out = std::process::Command::new(&ctl).arg(what).output().unwrap();
        assert!(out.status.success(), "{ctl} {what}: {out:?}");
    };

    let (stopped, started, ready) = std::thread::scope(|scope| {
        for client in 0..8 {
            let (s, instance) = (servers[client % 2], client % 2);
            let (stop, answers, admin, viewer) = (&stop, &answers, &admin, &viewer);
            scope.spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let at = Instant::now();
                    let what = format!("load {client} {n}");
                    let (status, body, _) = try_create(s, admin, viewer, &what);
                    let created = (status == 201).then(|| id_of(&body));
                    answers.lock().unwrap().push(Answer {
                        instance,
                        at,
                        took: at.elapsed(),
                        status,
                        created,
                    });
                    n += 1;
                    // Not a busy loop while the database is down.
                    if status != 201 {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(1500));
        pg("stop");
        let stopped = Instant::now();
        // While it is down: not ready, and refused in time.
        std::thread::sleep(Duration::from_millis(1500));
        for s in servers {
            assert_eq!(status_of(s, "/readyz"), 503, "{}", s.log());
            assert_eq!(status_of(s, "/healthz"), 200);
        }
        std::thread::sleep(Duration::from_millis(1000));
        pg("start");
        let started = Instant::now();
        // Each instance ready again, on its own.
        let mut ready = [None, None];
        while ready.iter().any(Option::is_none) && started.elapsed() < Duration::from_secs(30) {
            for (i, s) in servers.iter().enumerate() {
                if ready[i].is_none() && status_of(s, "/readyz") == 200 {
                    ready[i] = Some(started.elapsed());
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(2000));
        stop.store(true, Ordering::Relaxed);
        (stopped, started, ready)
    });

    let answers = answers.into_inner().unwrap();
    for (i, r) in ready.iter().enumerate() {
        let r =
            r.unwrap_or_else(|| panic!("instance {i} not ready 30 s after the database came back"));
        eprintln!(
            "instance {i}: ready {} ms after the database came back",
            r.as_millis()
        );
    }
    // Every answer a 201 or, while the database was away, a 503; none kept waiting.
    for x in &answers {
        assert!(
            x.status == 201 || x.status == 503,
            "instance {} answered {} at {:?} after the stop",
            x.instance,
            x.status,
            x.at.checked_duration_since(stopped)
        );
        assert!(
            x.took < Duration::from_secs(5),
            "a request took {:?}",
            x.took
        );
    }
    let down: Vec<&Answer> = answers
        .iter()
        .filter(|x| x.at > stopped + Duration::from_millis(200) && x.at + x.took < started)
        .collect();
    assert!(!down.is_empty() && down.iter().all(|x| x.status == 503));
    for i in 0..2 {
        let mine = || answers.iter().filter(move |x| x.instance == i);
        assert!(
            mine().any(|x| x.at < stopped && x.status == 201),
            "instance {i} served before"
        );
        // Back on its own, and from its first success on, never again an error: no connection
        // that died with the server was handed out after it came back.
        let first_ok = mine()
            .filter(|x| x.at >= started && x.status == 201)
            .map(|x| x.at)
            .min()
            .unwrap_or_else(|| panic!("instance {i} never created after the restart"));
        let recovered = first_ok.duration_since(started);
        eprintln!(
            "instance {i}: first acknowledged create {} ms after the database came back",
            recovered.as_millis()
        );
        assert!(
            recovered < Duration::from_secs(10),
            "instance {i}: {recovered:?}"
        );
        let failed_after: Vec<u16> = mine()
            .filter(|x| x.at > first_ok && x.status != 201)
            .map(|x| x.status)
            .collect();
        assert!(
            failed_after.is_empty(),
            "instance {i} after recovering: {failed_after:?}"
        );
    }
    // Nothing acknowledged lost, nothing twice.
    let listed: Vec<String> = list(&a, &admin, TENANT_CC).iter().map(id_of).collect();
    let acknowledged: Vec<&String> = answers.iter().filter_map(|x| x.created.as_ref()).collect();
    assert!(acknowledged.len() > 20, "{} creates", acknowledged.len());
    for id in &acknowledged {
        assert_eq!(
            listed.iter().filter(|l| l == id).count(),
            1,
            "acknowledged {id} listed"
        );
    }
    assert_eq!(list(&b, &admin, TENANT_CC).len(), listed.len());
    eprintln!(
        "{} creates acknowledged, {} answered 503",
        acknowledged.len(),
        answers.iter().filter(|x| x.status == 503).count()
    );
}

#[test]
fn after_a_restart_at_most_one_request_meets_a_dead_connection() {
    let _one = one_at_a_time();
    let (Some(_), Some(ctl)) = (postgres_cluster(), postgres_ctl()) else {
        eprintln!(
            "not run: PostgreSQL only, with ATT_TEST_POSTGRES_CTL (scripts/test's postgres stage)"
        );
        return;
    };
    let mut args = vec!["--db-pool-size", "4", "--db-acquire-timeout-ms", "2000"];
    args.extend(NO_WRITE_LIMITS);
    let s = Server::start_with(&args);
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.role_id(&admin, "viewer");
    // Four connections open and idle: three creates wait on a lock with theirs, a list takes
    // the fourth, then the lock goes.
    let mut holder = s.sql();
    holder.batch("BEGIN; LOCK TABLE token_versions IN ACCESS EXCLUSIVE MODE");
    std::thread::scope(|scope| {
        let waiting: Vec<_> = (0..3)
            .map(|i| {
                let (s, admin, viewer) = (&s, &admin, &viewer);
                scope.spawn(move || try_create(s, admin, viewer, &format!("warm {i}")).0)
            })
            .collect();
        std::thread::sleep(Duration::from_millis(500));
        holder.batch("ROLLBACK");
        for w in waiting {
            assert_eq!(w.join().unwrap(), 201);
        }
    });
    drop(holder);
    let pg = |what: &str| {
        let out = std::process::Command::new(&ctl).arg(what).output().unwrap();
        assert!(out.status.success(), "{ctl} {what}: {out:?}");
    };
    // Down and back while nobody asks: every idle connection died with the server.
    pg("stop");
    pg("start");
    let statuses: Vec<u16> = (0..8)
        .map(|i| try_create(&s, &admin, &viewer, &format!("after {i}")).0)
        .collect();
    let failed = statuses.iter().filter(|st| **st != 201).count();
    assert!(failed <= 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .skip_while(|st| **st != 201)
            .all(|st| *st == 201),
        "{statuses:?}"
    );
}

/// A small tmpfs mounted at `dir` (as root), unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    /// `None` when this user may not mount (not root).
    fn mount(dir: &std::path::Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .ok()?;
        if out.status.success() {
            return Some(Tmpfs(dir.to_path_buf()));
        }
        let id = std::process::Command::new("id").arg("-u").output().unwrap();
        let root = String::from_utf8_lossy(&id.stdout).trim() == "0";
        assert!(!root, "root, but mount failed: {out:?}");
        None
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// Writes `path` until the disk it is on is full.
fn fill(path: &std::path::Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    loop {
        match f.write(&chunk) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
            Err(e) => panic!("filling {}: {e}", path.display()),
        }
    }
    let _ = f.sync_all();
}

#[test]
fn on_a_full_disk_writes_are_507_reads_go_on_nothing_is_corrupted_and_writes_come_back() {
    let _one = one_at_a_time();
    if on_postgres() {
        eprintln!("not run: a SQLite file on a full disk (a tmpfs)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&dir.path().join("disk"), "16m") else {
        eprintln!("not run: mounting a tmpfs needs root");
        return;
    };
    let db = disk.0.join("db.sqlite");
    let s = Server::start_on(
        tempfile::tempdir().unwrap(),
        db.to_str().unwrap(),
        &NO_WRITE_LIMITS,
    );
    let admin = s.sign_in("admin@acme.test");
    let viewer = s.role_id(&admin, "viewer");
    let (status, before, _) = try_create(&s, &admin, &viewer, "before the disk filled");
    assert_eq!(status, 201, "{before}");

    fill(&disk.0.join("filler"));
    for i in 0..3 {
        let (status, body, _) = try_create(&s, &admin, &viewer, &format!("on a full disk {i}"));
        assert_eq!(status, 507, "{body}");
        assert!(
            body["errors"][0].as_str().unwrap().contains("out of space"),
            "{body}"
        );
    }
    // Reads go on.
    let listed = list(&s, &admin, TENANT_CC);
    assert!(listed.iter().any(|t| id_of(t) == id_of(&before)));
    assert!(!listed.iter().any(|t| t["description"]
        .as_str()
        .unwrap()
        .starts_with("on a full disk")));
    assert_eq!(history(&s, &admin, TENANT_CC, &id_of(&before)).len(), 1);
    assert_eq!(status_of(&s, "/readyz"), 200);
    let integrity = |db: &std::path::Path| -> String {
        let c =
            rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(integrity(&db), "ok");

    // Room again: writes work, without a restart.
    std::fs::remove_file(disk.0.join("filler")).unwrap();
    let (status, after, _) = try_create(&s, &admin, &viewer, "after the disk had room");
    assert_eq!(status, 201, "{after}");
    let listed: Vec<String> = list(&s, &admin, TENANT_CC).iter().map(id_of).collect();
    assert!(listed.contains(&id_of(&before)) && listed.contains(&id_of(&after)));
    assert_eq!(integrity(&db), "ok");
    drop(s);
}
