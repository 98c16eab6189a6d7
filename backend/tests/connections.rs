//! Slow clients (issue 32, item 5): a request head or body trickled in, a connection that says
//! nothing, more connections than the cap. Each is cut off within its limit while the server
//! goes on answering everyone else. Raw sockets on loopback; every wait is bounded.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;

/// How long any one socket here is kept at most before the test gives up on it.
const GIVE_UP: Duration = Duration::from_secs(8);

/// The server's `host:port`.
fn addr(s: &Server) -> String {
    s.base.trim_start_matches("http://").to_string()
}

/// One read of `c` (its read timeout set): the bytes that came (none when nothing came in
/// time), or `None` once the server has closed it.
fn read_once(c: &mut TcpStream, buf: &mut [u8]) -> Option<usize> {
    match c.read(buf) {
        Ok(0) => None,
        Ok(n) => Some(n),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            Some(0)
        }
        Err(_) => None,
    }
}

/// Sends `head`, then `drip` every 200 ms, until the server closes the connection (or
/// [`GIVE_UP`]); answers how long that took and what the server sent before closing.
fn trickle(addr: &str, head: &str, drip: &[u8]) -> (Duration, String) {
    let start = Instant::now();
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    c.write_all(head.as_bytes()).unwrap();
    let (mut got, mut buf) = (Vec::new(), [0u8; 1024]);
    while start.elapsed() < GIVE_UP {
        // A write fails once the server has reset the connection.
        let Some(n) = c
            .write_all(drip)
            .ok()
            .and_then(|()| read_once(&mut c, &mut buf))
        else {
            break;
        };
        got.extend_from_slice(&buf[..n]);
    }
    (start.elapsed(), String::from_utf8_lossy(&got).into_owned())
}

/// Waits, without sending anything more, until the server closes `c` (or [`GIVE_UP`]);
/// answers how long that took from `start`.
fn closed_after(mut c: TcpStream, start: Instant) -> Duration {
    c.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let mut buf = [0u8; 1024];
    while start.elapsed() < GIVE_UP && read_once(&mut c, &mut buf).is_some() {}
    start.elapsed()
}

#[test]
fn twenty_clients_trickling_heads_or_bodies_are_cut_off_in_time_while_others_are_answered() {
    let s = Server::start_with(&["--header-timeout", "1", "--body-timeout", "1"]);
    let at = addr(&s);
    let head_only = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    let body_first = "POST /frontegg/identity/resources/auth/v1/user HTTP/1.1\r\nHost: x\r\n\
                      Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
    let (slow, answered) = std::thread::scope(|scope| {
        let slow: Vec<_> = (0..20)
            .map(|i| {
                let at = &at;
                scope.spawn(move || {
                    if i % 2 == 0 {
                        ("head", trickle(at, head_only, b"X-Slow: 1\r\n"))
                    } else {
                        ("body", trickle(at, body_first, b" "))
                    }
                })
            })
            .collect();
        // Meanwhile everyone else is answered, promptly.
        let mut answered = Vec::new();
        for _ in 0..15 {
            let started = Instant::now();
            let (status, _, _) = s.raw("GET", &format!("{}/healthz", s.base), &[], None);
            answered.push((status, started.elapsed()));
            std::thread::sleep(Duration::from_millis(100));
        }
        let slow: Vec<_> = slow.into_iter().map(|h| h.join().unwrap()).collect();
        (slow, answered)
    });
    for (status, took) in &answered {
        assert_eq!(*status, 200);
        assert!(*took < Duration::from_secs(1), "a healthz took {took:?}");
    }
    for (what, (took, got)) in &slow {
        // Cut off within the 1 s timeout and the watchdog's tick, with room for a busy machine.
        assert!(
            *took >= Duration::from_millis(900) && *took < Duration::from_millis(2500),
            "a trickled {what} was cut off after {took:?}"
        );
        if *what == "body" {
            assert!(got.starts_with("HTTP/1.1 408"), "{got}");
            assert!(
                got.contains("the request body did not arrive in time"),
                "{got}"
            );
        } else {
            assert_eq!(got, "", "a head never completed gets no answer");
        }
    }
}

#[test]
fn a_connection_that_sends_nothing_is_closed_after_the_idle_timeout_and_so_is_one_kept_alive() {
    let s = Server::start_with(&["--idle-timeout", "1"]);
    let start = Instant::now();
    let silent = TcpStream::connect(addr(&s)).unwrap();
    let took = closed_after(silent, start);
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(2500),
        "a silent connection was closed after {took:?}"
    );
    // One request, answered and kept alive; then idle.
    let mut kept = TcpStream::connect(addr(&s)).unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let mut buf = [0u8; 1024];
    let n = kept.read(&mut buf).unwrap();
    let answered = Instant::now();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"), "{:?}", &buf[..n]);
    let took = closed_after(kept, answered);
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(2500),
        "a kept-alive connection was closed {took:?} after its answer"
    );
}

#[test]
fn past_the_connection_cap_a_new_connection_waits_until_one_closes() {
    let s = Server::start_with(&["--max-connections", "2", "--idle-timeout", "2"]);
    // Two connections that say nothing hold the two places until the idle timeout.
    let held = [
        TcpStream::connect(addr(&s)).unwrap(),
        TcpStream::connect(addr(&s)).unwrap(),
    ];
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    let mut third = TcpStream::connect(addr(&s)).unwrap();
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    third.set_read_timeout(Some(GIVE_UP)).unwrap();
    let mut answer = String::new();
    third.read_to_string(&mut answer).unwrap();
    let waited = start.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        waited >= Duration::from_millis(1500) && waited < Duration::from_secs(4),
        "the third connection was answered after {waited:?}: it should wait for a place"
    );
    drop(held);
}
