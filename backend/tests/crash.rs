//! SIGKILL in the middle of concurrent creates and deletes: after a restart on the same
//! database, no acknowledged create is lost and no acknowledged delete comes back.

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const BASES: [&str; 2] = ["users/api-tokens", "tenants/access-tokens"];

fn ids(s: &Server, jwt: &str, base: &str) -> Vec<String> {
    let (status, body) = s.api("GET", &format!("{base}/v1"), Some(jwt), None);
    assert_eq!(status, 200, "{body}");
    let list = match body {
        Value::Array(a) => a,
        Value::Object(o) => o["accessTokens"].as_array().unwrap().clone(),
        other => panic!("{other}"),
    };
    list.iter()
        .map(|t| {
            t.get("clientId")
                .or_else(|| t.get("id"))
                .and_then(Value::as_str)
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn a_sigkill_during_concurrent_writes_loses_no_acknowledged_change() {
    let s = Server::start();
    let owner = s.sign_in("owner@acme.test");
    let role = s.role_id(&owner, "viewer");
    let created = Mutex::new(Vec::<(usize, String)>::new());
    let deleted = Mutex::new(HashSet::<String>::new());
    // Deletes sent but never answered (the kill came first): either outcome is correct.
    let unanswered = Mutex::new(HashSet::<String>::new());
    let stop = AtomicBool::new(false);
    let acked = AtomicUsize::new(0);

    std::thread::scope(|scope| {
        for t in 0..6 {
            let (s, owner, role, created, deleted, unanswered, stop, acked) = (
                &s,
                &owner,
                &role,
                &created,
                &deleted,
                &unanswered,
                &stop,
                &acked,
            );
            scope.spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let b = (t + i) % 2;
                    let body = if b == 1 {
                        json!({"description": format!("crash {t}-{i}"), "roleIds": [role]})
                    } else {
                        json!({"description": format!("crash {t}-{i}")})
                    };
                    let Some((status, tok)) = s.try_api(
                        "POST",
                        &format!("{}/v1", BASES[b]),
                        Some(owner),
                        Some(&body),
                    ) else {
                        return; // the server is gone
                    };
                    assert_eq!(status, 201, "{tok}");
                    let id = tok
                        .get("clientId")
                        .or_else(|| tok.get("id"))
                        .and_then(Value::as_str)
                        .unwrap()
                        .to_string();
                    created.lock().unwrap().push((b, id.clone()));
                    acked.fetch_add(1, Ordering::Relaxed);
                    if i % 3 == 0 {
                        let path = format!("{}/v1/{id}", BASES[b]);
                        match s.try_api("DELETE", &path, Some(owner), None) {
                            Some((200, _)) => {
                                deleted.lock().unwrap().insert(id);
                            }
                            Some((status, body)) => panic!("delete: {status} {body}"),
                            None => {
                                unanswered.lock().unwrap().insert(id);
                                return;
                            }
                        }
                    }
                    i += 1;
                }
            });
        }
        // Let a good number of writes through, then pull the plug mid-stream. Workers that
        // fail stop acknowledging: give up after a deadline rather than wait for ever.
        let deadline = Instant::now() + Duration::from_secs(60);
        while acked.load(Ordering::Relaxed) < 60 {
            if Instant::now() > deadline {
                stop.store(true, Ordering::Relaxed);
                panic!(
                    "only {} of 60 creates acknowledged within 60 s; the server's log:\n{}",
                    acked.load(Ordering::Relaxed),
                    s.log()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &s.pid().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        stop.store(true, Ordering::Relaxed);
    });

    let created = created.into_inner().unwrap();
    let deleted = deleted.into_inner().unwrap();
    let unanswered = unanswered.into_inner().unwrap();
    assert!(
        created.len() >= 60,
        "{} creates acknowledged",
        created.len()
    );
    let db = s.db.clone();
    let dir = s.kill();
    let s = Server::start_on(dir, &db, &[]);
    let owner = s.sign_in("owner@acme.test");
    for (b, base) in BASES.iter().enumerate() {
        let listed: Vec<String> = ids(&s, &owner, base);
        for (_, id) in created.iter().filter(|(cb, _)| *cb == b) {
            let n = listed.iter().filter(|x| *x == id).count();
            if unanswered.contains(id) {
                assert!(n <= 1, "{base} {id} listed {n} times");
            } else if deleted.contains(id) {
                assert_eq!(n, 0, "{base} {id}: an acknowledged delete came back");
            } else {
                assert_eq!(n, 1, "{base} {id}: an acknowledged create was lost");
            }
        }
    }
}
