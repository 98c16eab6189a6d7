//! Several instances on one database (issue 23): two backend processes share a SQLite file, or
//! with `ATT_TEST_POSTGRES` a PostgreSQL database, as instances behind a load balancer would.
//! Nothing acknowledged is lost or listed twice, every list is current whichever instance
//! wrote last (each keeps its own list cache), every secret works through the other instance,
//! and a `kill -9` of one instance leaves nothing half-written while the other keeps serving.
//!
//! Bounded: a fixed number of operations, each run under a deadline, loopback only.

mod common;

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

/// The per-address sign-in and exchange limit is not what is tested here (every secret is
/// tried once), nor are the limits on writes.
fn args() -> Vec<&'static str> {
    let mut args = vec!["--attempts-per-minute", "100000"];
    args.extend(NO_WRITE_LIMITS);
    args
}

/// The operations of the first run, over all workers.
const OPERATIONS: usize = 400;
const WORKERS: usize = 4;

/// How long a run may take at most.
const DEADLINE: Duration = Duration::from_secs(240);

/// Two instances started at the same moment on one new database: both migrate and create
/// the demo data under the start lock, one after the other.
fn two_instances() -> (Server, Server) {
    two_instances_with(&args())
}

/// A small deterministic generator (no test depends on luck, and a failure replays).
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn ids(s: &Server, jwt: &str, base: &str) -> Vec<String> {
    list(s, jwt, base).iter().map(id_of).collect()
}

fn count(ids: &[String], id: &str) -> usize {
    ids.iter().filter(|x| *x == id).count()
}

/// A token the first run created, as acknowledged.
struct Created {
    base: &'static str,
    /// The create's answer (its id and secret).
    token: Value,
    /// Which instance created it.
    via: usize,
}

#[test]
fn two_instances_on_one_database_lose_nothing_duplicate_nothing_and_list_each_others_writes() {
    let (a, b) = two_instances();
    let servers = [&a, &b];
    // Both found the demo data the first of them made: the same tokens, once.
    let owner = a.sign_in("owner@acme.test");
    for base in [TENANT_CC, USER_CC] {
        let (from_a, from_b) = (ids(&a, &owner, base), ids(&b, &owner, base));
        assert!(base != TENANT_CC || !from_a.is_empty(), "no demo tokens");
        assert_eq!(
            from_a, from_b,
            "{base}: the two instances list different tokens"
        );
        let unique: HashSet<&String> = from_a.iter().collect();
        assert_eq!(unique.len(), from_a.len(), "{base}: a demo token twice");
    }
    // One server key: a JWT from one instance is good at the other.
    let role = b.role_id(&owner, "viewer");

    let created = Mutex::new(Vec::<Created>::new());
    let deleted = Mutex::new(Vec::<(&'static str, String)>::new());
    // The last acknowledged description of each renamed token (each worker renames only its
    // own tokens, one request at a time, so "last" is well defined).
    let renamed = Mutex::new(HashMap::<String, String>::new());
    let done = AtomicUsize::new(0);
    let start = Instant::now();

    std::thread::scope(|scope| {
        for w in 0..WORKERS {
            let (servers, owner, role, created, deleted, renamed, done) =
                (&servers, &owner, &role, &created, &deleted, &renamed, &done);
            scope.spawn(move || {
                let mut rng = Lcg(w as u64 + 1);
                // This worker's live tokens: (base, id).
                let mut live: Vec<(&'static str, String)> = vec![];
                for i in 0..OPERATIONS / WORKERS {
                    assert!(start.elapsed() < DEADLINE, "worker {w}: over the deadline");
                    let via = rng.below(2) as usize;
                    let (s, other) = (servers[via], servers[1 - via]);
                    let op = rng.below(10);
                    if live.len() < 3 || op < 5 {
                        let base = if rng.below(2) == 0 {
                            TENANT_CC
                        } else {
                            USER_CC
                        };
                        let body = if base == TENANT_CC {
                            json!({"description": format!("w{w}-{i}"), "roleIds": [role]})
                        } else {
                            json!({"description": format!("w{w}-{i}")})
                        };
                        let token = create(s, owner, base, body);
                        let id = id_of(&token);
                        // In the other instance's very next list, once.
                        assert_eq!(
                            count(&ids(other, owner, base), &id),
                            1,
                            "{base} {id} created through instance {via}, listed by the other"
                        );
                        live.push((base, id));
                        created.lock().unwrap().push(Created { base, token, via });
                    } else if op < 7 && live.iter().any(|(b, _)| *b == TENANT_CC) {
                        let mine: Vec<&String> = live
                            .iter()
                            .filter(|(b, _)| *b == TENANT_CC)
                            .map(|(_, id)| id)
                            .collect();
                        let id = mine[rng.below(mine.len() as u64) as usize].clone();
                        let description = format!("w{w}-{i} renamed");
                        let (status, body) = s.api(
                            "PATCH",
                            &format!("{TENANT_CC}/v1/{id}"),
                            Some(owner),
                            Some(&json!({ "description": description })),
                        );
                        assert_eq!(status, 200, "rename {id}: {body}");
                        assert_eq!(
                            row(other, owner, TENANT_CC, &id)["description"],
                            json!(description),
                            "{id} renamed through instance {via}, as the other lists it"
                        );
                        renamed.lock().unwrap().insert(id, description);
                    } else {
                        let (base, id) = live.swap_remove(rng.below(live.len() as u64) as usize);
                        let (status, body) =
                            s.api("DELETE", &format!("{base}/v1/{id}"), Some(owner), None);
                        assert_eq!(status, 200, "delete {base} {id}: {body}");
                        assert_eq!(
                            count(&ids(other, owner, base), &id),
                            0,
                            "{base} {id} deleted through instance {via}, listed by the other"
                        );
                        deleted.lock().unwrap().push((base, id));
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(done.load(Ordering::Relaxed), OPERATIONS);

    let created = created.into_inner().unwrap();
    let deleted: HashSet<(&str, String)> = deleted.into_inner().unwrap().into_iter().collect();
    let renamed = renamed.into_inner().unwrap();
    assert!(created.len() >= OPERATIONS / 3, "{} creates", created.len());
    assert!(
        deleted.len() >= OPERATIONS / 10,
        "{} deletes",
        deleted.len()
    );
    assert!(renamed.len() >= 10, "{} tokens renamed", renamed.len());
    for base in [TENANT_CC, USER_CC] {
        let from_a = list(&a, &owner, base);
        let from_b = list(&b, &owner, base);
        assert_eq!(from_a, from_b, "{base}: the instances list different rows");
        let listed: Vec<String> = from_a.iter().map(id_of).collect();
        for c in created.iter().filter(|c| c.base == base) {
            let id = id_of(&c.token);
            let n = count(&listed, &id);
            if deleted.contains(&(base, id.clone())) {
                assert_eq!(n, 0, "{base} {id}: an acknowledged delete is listed");
            } else {
                assert_eq!(n, 1, "{base} {id}: an acknowledged create listed {n} times");
            }
        }
        for (id, description) in &renamed {
            if let Some(r) = from_a.iter().find(|r| id_of(r) == *id) {
                assert_eq!(r["description"], json!(description), "{id}");
            }
        }
    }
    // Every secret issued works through the other instance while its token lives, and no
    // longer once it is deleted.
    for c in &created {
        let id = id_of(&c.token);
        let other = servers[1 - c.via];
        let (status, _) = try_secret(other, &c.token, &c.token["secret"], &[]);
        let expected = if deleted.contains(&(c.base, id.clone())) {
            401
        } else {
            200
        };
        assert_eq!(
            status, expected,
            "{} {id}'s secret through the other instance",
            c.base
        );
    }
}

/// Sends instance `s` a create whose body is half sent, and checks that it is still
/// unanswered: a request in flight, held open (the body timeout is 10 s).
fn half_sent_create(s: &Server, jwt: &str) -> std::net::TcpStream {
    let mut conn = std::net::TcpStream::connect(s.base.trim_start_matches("http://")).unwrap();
    let body = json!({"description": "in flight at the kill"}).to_string();
    let head = format!(
        "POST /frontegg/identity/resources/{TENANT_CC}/v2 HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {jwt}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).unwrap();
    conn.write_all(&body.as_bytes()[..body.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    conn.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    match conn.read(&mut byte) {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("the half-sent create was answered or closed before the kill: {other:?}"),
    }
    conn
}

#[test]
fn a_kill_9_of_one_instance_loses_no_acknowledged_write_half_writes_nothing_and_the_other_serves_on(
) {
    let (a, b) = two_instances();
    let servers = [&a, &b];
    let owner = a.sign_in("owner@acme.test");
    let role = a.role_id(&owner, "viewer");
    let before: HashSet<String> = ids(&b, &owner, TENANT_CC).into_iter().collect();

    // (id, via) of acknowledged creates; ids of acknowledged deletes; deletes never answered.
    let created = Mutex::new(Vec::<(String, usize)>::new());
    let deleted = Mutex::new(HashSet::<String>::new());
    let in_doubt = Mutex::new(HashSet::<String>::new());
    let killed = AtomicBool::new(false);
    let acked = AtomicUsize::new(0);
    let after_kill_by_b = AtomicUsize::new(0);
    let start = Instant::now();

    std::thread::scope(|scope| {
        for w in 0..WORKERS {
            let (servers, owner, role, created, deleted, in_doubt, killed, acked, after) = (
                &servers,
                &owner,
                &role,
                &created,
                &deleted,
                &in_doubt,
                &killed,
                &acked,
                &after_kill_by_b,
            );
            scope.spawn(move || {
                let mut rng = Lcg(100 + w as u64);
                for i in 0..OPERATIONS / WORKERS {
                    assert!(start.elapsed() < DEADLINE, "worker {w}: over the deadline");
                    // Before the kill, either instance; after it, only the survivor.
                    let was_killed = killed.load(Ordering::SeqCst);
                    let via = if was_killed { 1 } else { rng.below(2) as usize };
                    let s = servers[via];
                    let body = json!({"description": format!("kill w{w}-{i}"), "roleIds": [role]});
                    let Some((status, token)) =
                        s.try_api("POST", &format!("{TENANT_CC}/v2"), Some(owner), Some(&body))
                    else {
                        assert_eq!(via, 0, "instance 1 (the survivor) did not answer");
                        continue; // instance 0 died with this create unanswered
                    };
                    assert_eq!(status, 201, "create through instance {via}: {token}");
                    let id = id_of(&token);
                    created.lock().unwrap().push((id.clone(), via));
                    acked.fetch_add(1, Ordering::Relaxed);
                    if was_killed {
                        after.fetch_add(1, Ordering::Relaxed);
                    }
                    if rng.below(3) == 0 {
                        let path = format!("{TENANT_CC}/v1/{id}");
                        match s.try_api("DELETE", &path, Some(owner), None) {
                            Some((200, _)) => {
                                deleted.lock().unwrap().insert(id);
                            }
                            Some((status, body)) => panic!("delete through {via}: {status} {body}"),
                            None => {
                                assert_eq!(via, 0, "instance 1 (the survivor) did not answer");
                                in_doubt.lock().unwrap().insert(id);
                            }
                        }
                    }
                }
            });
        }
        // A good number of writes through both, then instance 0 goes, mid-stream.
        while acked.load(Ordering::Relaxed) < 80 {
            assert!(
                start.elapsed() < DEADLINE,
                "only {} creates acknowledged",
                acked.load(Ordering::Relaxed)
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        // A create that instance 0 is in the middle of (its body half sent, so it waits for
        // the rest) when it is killed, besides whatever the workers have in flight there.
        let mut held = half_sent_create(&a, &owner);
        let status = std::process::Command::new("kill")
            .args(["-KILL", &a.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        killed.store(true, Ordering::SeqCst);
        held.set_nonblocking(false).unwrap();
        let mut answer = Vec::new();
        let _ = held.read_to_end(&mut answer);
        assert!(
            answer.is_empty(),
            "instance 0 answered the create it was reading when killed: {}",
            String::from_utf8_lossy(&answer)
        );
    });

    let created = created.into_inner().unwrap();
    let deleted = deleted.into_inner().unwrap();
    let in_doubt = in_doubt.into_inner().unwrap();
    assert!(
        created.iter().any(|(_, via)| *via == 0),
        "nothing was acknowledged by the killed instance"
    );
    assert!(
        after_kill_by_b.load(Ordering::Relaxed) >= 20,
        "the surviving instance served {} creates after the kill",
        after_kill_by_b.load(Ordering::Relaxed)
    );

    // The survivor lists every acknowledged create once and no acknowledged delete.
    let rows = list(&b, &owner, TENANT_CC);
    let listed: Vec<String> = rows.iter().map(id_of).collect();
    let unique: HashSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a token listed twice");
    for (id, via) in &created {
        let n = count(&listed, id);
        if in_doubt.contains(id) {
            assert!(n <= 1, "{id} listed {n} times");
        } else if deleted.contains(id) {
            assert_eq!(
                n, 0,
                "{id}: a delete acknowledged by instance {via} came back"
            );
        } else {
            assert_eq!(
                n, 1,
                "{id}: a create acknowledged by instance {via} was lost"
            );
        }
    }
    // Nothing half-written: every token this test made that is there at all (acknowledged or
    // not) has its role and its one `created` event; every acknowledged delete left its
    // `deleted` event.
    // A token's history, newest first, as its event types.
    let event_types = |id: &str| -> Vec<String> {
        history(&b, &owner, TENANT_CC, id)
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_string())
            .collect()
    };
    for r in rows.iter().filter(|r| !before.contains(&id_of(r))) {
        let id = id_of(r);
        assert_eq!(r["roleIds"], json!([role]), "{id}: {r}");
        assert_eq!(event_types(&id), ["created"], "{id}");
    }
    for id in &deleted {
        assert_eq!(event_types(id), ["deleted", "created"], "{id}");
    }
}

/// Issue 32, item 3: each instance counted failed sign-ins in its own memory, after checking
/// the password, so attempts arriving together at two instances were all checked.
#[test]
fn forty_wrong_passwords_at_once_split_over_two_instances_are_checked_at_most_ten_times() {
    let (a, b) = two_instances();
    let servers = [&a, &b];
    let statuses = forty_wrong_passwords_at_once(&servers);
    assert_eq!(
        checked_and_refused(&statuses),
        (10, 30),
        "of 40 at once, 20 to each instance: {statuses:?}"
    );
    // Both instances refuse the right password from this address now.
    for s in servers {
        let url = format!("{}/frontegg/identity/resources/auth/v1/user", s.base);
        let body = json!({"email": "owner@acme.test", "password": PASSWORD});
        assert_eq!(s.request("POST", &url, &[], Some(body.to_string())).0, 429);
    }
}
