//! Limits: on the two doors a guesser would knock on (sign-in and the client-credentials
//! exchange), and on a signed-in user's writes.
//!
//! - **Per client address, any account**: at most `--attempts-per-minute` attempts a minute on
//!   the two doors together. A throughput limit, counted in each instance's memory ([`Limiter`]).
//! - **Per account and address** (an email or client id, and the address the attempt came
//!   from): at most [`FAILURES`] checks of a password or secret that did not succeed in
//!   [`FAILURE_WINDOW_MS`]; then that address is refused for that account until the window
//!   ends, even with the right password or secret, so a guesser cannot tell when it found it.
//!   Another address is not: whoever knows a client id (it is shown to viewers and written to
//!   logs) cannot lock its owner out, nor can replicas still sending a secret that was rolled.
//! - **Per account, from every address together**: past [`CEILING`] such checks in the window,
//!   one check every [`SLOWED_EVERY_MS`] for that account, whoever sends it; the others are
//!   refused with `Retry-After` of the wait. A guess spread over many addresses is slowed to
//!   that pace, while the right secret from an address that has not failed still gets through.
//!
//! Both account limits are counted in the database (`limit_windows`, migration 0006), so they
//! hold across instances sharing it, and **before** the password or secret is checked: each
//! attempt takes its place in the counts inside one transaction ([`reserve_check`]), a check
//! that succeeds gives its place back ([`release`]), one that fails keeps it. So of 40
//! attempts arriving at once only 10 are checked, whichever instance each reaches. An attempt
//! refused by a limit is not counted.
//!
//! - **A user's writes** (create, edit, roll, end a window, delete): at most
//!   `--writes-per-minute` a minute per user, counted in the database too ([`count_write`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::db::{Conn, Result};
use crate::params;

/// `--attempts-per-minute`'s default.
pub const ATTEMPTS_PER_MINUTE: u32 = 300;
/// `--writes-per-minute`'s default.
pub const WRITES_PER_MINUTE: u32 = 120;
/// `--max-tokens-per-tenant`'s default.
pub const TOKENS_PER_TENANT: u32 = 1000;
/// `--max-tokens-per-user`'s default.
pub const TOKENS_PER_USER: u32 = 100;

/// Checks per account and address that did not succeed before that address is refused.
pub const FAILURES: i64 = 10;
/// The window those are counted in, and that a lockout lasts at most (milliseconds).
pub const FAILURE_WINDOW_MS: i64 = 300_000;
/// Checks per account from every address in [`FAILURE_WINDOW_MS`] before they are slowed.
pub const CEILING: i64 = 100;
/// Past the [`CEILING`], one check per account this often (milliseconds).
pub const SLOWED_EVERY_MS: i64 = 1_000;
/// The window a user's writes are counted in (milliseconds).
pub const WRITE_WINDOW_MS: i64 = 60_000;

const IP_WINDOW: Duration = Duration::from_secs(60);
/// Above this many keys, expired windows are swept on the next hit.
const SWEEP_AT: usize = 10_000;

/// The per-address attempt rate, in this instance's memory (fixed windows; a restart forgets
/// them, which is fine for a throughput limit).
#[derive(Default)]
pub struct Limiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

/// A refusal: answers 429 with `Retry-After` and Frontegg's error shape.
#[derive(Debug, PartialEq, Eq)]
pub struct TooMany {
    pub retry_after_secs: u64,
    pub message: String,
}

impl IntoResponse for TooMany {
    fn into_response(self) -> Response {
        let unit = if self.retry_after_secs == 1 {
            "second"
        } else {
            "seconds"
        };
        let body = json!({
            "errors": [format!("{} Try again in {} {unit}.", self.message, self.retry_after_secs)],
            "statusCode": 429,
        });
        let mut resp = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
        resp.headers_mut().insert(
            "retry-after",
            HeaderValue::from(self.retry_after_secs.max(1)),
        );
        resp
    }
}

impl Limiter {
    /// Counts one event for `key`; `Some(seconds)` when that makes more than `max` in the
    /// current `window`.
    pub fn hit(&self, key: &str, max: u32, window: Duration) -> Option<u64> {
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > SWEEP_AT {
            map.retain(|_, (start, _)| now.duration_since(*start) < IP_WINDOW);
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        let left = window.saturating_sub(now.duration_since(entry.0));
        (entry.1 > max).then(|| left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// Counts an attempt from `ip` against its `per_minute` allowance.
    pub fn per_address(&self, ip: &str, per_minute: u32) -> std::result::Result<(), TooMany> {
        match self.hit(&format!("ip|{ip}"), per_minute, IP_WINDOW) {
            Some(s) => Err(TooMany {
                retry_after_secs: s,
                message: "Too many requests from this address.".into(),
            }),
            None => Ok(()),
        }
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Whole seconds from `now` to `until` (milliseconds), at least 1.
fn seconds_until(until: i64, now: i64) -> u64 {
    (((until - now).max(0) + 999) / 1000).max(1) as u64
}

/// The stored key of a limit: an HMAC of its parts under the server's secret key, so that no
/// email, client id, address or anything a guesser typed is stored in clear.
fn limit_key(hmac_key: &[u8], parts: &[&str]) -> Vec<u8> {
    crate::secrets::hash(hmac_key, &parts.join("\u{0}"))
}

/// One window after counting a hit in it.
struct Counted {
    hits: i64,
    ends_at: i64,
    next_check_at: i64,
}

/// Counts one hit for `key` in its current window of `window_ms` (a new one when the last has
/// ended), atomically on both engines (one upsert: concurrent hits wait on the row).
fn count(c: &Conn, key: &[u8], window_ms: i64, now: i64) -> Result<Counted> {
    c.query_row(
        "INSERT INTO limit_windows (key, ends_at, hits, next_check_at) VALUES (?1, ?2, 1, 0) \
         ON CONFLICT (key) DO UPDATE SET \
             hits = CASE WHEN limit_windows.ends_at <= ?3 THEN 1 \
                 ELSE limit_windows.hits + 1 END, \
             next_check_at = CASE WHEN limit_windows.ends_at <= ?3 THEN 0 \
                 ELSE limit_windows.next_check_at END, \
             ends_at = CASE WHEN limit_windows.ends_at <= ?3 THEN ?2 \
                 ELSE limit_windows.ends_at END \
         RETURNING hits, ends_at, next_check_at",
        params![key, now + window_ms, now],
        |r| {
            Ok(Counted {
                hits: r.get("hits")?,
                ends_at: r.get("ends_at")?,
                next_check_at: r.get("next_check_at")?,
            })
        },
    )
}

/// The places an attempt took in the counts, given back by [`release`] when it succeeds.
#[derive(Debug)]
pub struct Reservation {
    places: Vec<(Vec<u8>, i64)>,
}

/// Counts an attempt at `door` ("sign-in", "exchange") for `account` from `ip`, before its
/// password or secret is checked: `Ok(Err(..))` when a limit refuses it (then nothing is
/// counted). Its own transaction.
pub fn reserve_check(
    c: &Conn,
    hmac_key: &[u8],
    door: &str,
    account: &str,
    ip: &str,
    now: i64,
) -> Result<std::result::Result<Reservation, TooMany>> {
    let tx = c.transaction()?;
    let from_here = limit_key(hmac_key, &[door, "account+address", account, ip]);
    let here = count(&tx, &from_here, FAILURE_WINDOW_MS, now)?;
    if here.hits > FAILURES {
        // Dropped uncommitted: the refused attempt counts nowhere.
        return Ok(Err(TooMany {
            retry_after_secs: seconds_until(here.ends_at, now),
            message: "Too many failed attempts.".into(),
        }));
    }
    let everywhere = limit_key(hmac_key, &[door, "account", account]);
    let all = count(&tx, &everywhere, FAILURE_WINDOW_MS, now)?;
    if all.hits > CEILING {
        if now < all.next_check_at {
            return Ok(Err(TooMany {
                retry_after_secs: seconds_until(all.next_check_at, now),
                message: "Too many failed attempts for this account from many addresses: \
                          they are checked one a second."
                    .into(),
            }));
        }
        tx.execute(
            "UPDATE limit_windows SET next_check_at = ?2 WHERE key = ?1",
            params![everywhere, now + SLOWED_EVERY_MS],
        )?;
    }
    tx.commit()?;
    Ok(Ok(Reservation {
        places: vec![(from_here, here.ends_at), (everywhere, all.ends_at)],
    }))
}

/// Gives back the places of an attempt whose check succeeded (in the windows it was counted
/// in; a window that has ended since is left alone).
pub fn release(c: &Conn, reservation: &Reservation) -> Result<()> {
    for (key, ends_at) in &reservation.places {
        c.execute(
            "UPDATE limit_windows SET hits = hits - 1 WHERE key = ?1 AND ends_at = ?2 AND hits > 0",
            params![key, ends_at],
        )?;
    }
    Ok(())
}

/// Counts a write by `user_id` against `per_minute` (0: no limit): `Ok(Err(..))` when it is
/// one too many (then it is not counted).
pub fn count_write(
    c: &Conn,
    hmac_key: &[u8],
    user_id: &str,
    per_minute: u32,
    now: i64,
) -> Result<std::result::Result<(), TooMany>> {
    if per_minute == 0 {
        return Ok(Ok(()));
    }
    let tx = c.transaction()?;
    let w = count(
        &tx,
        &limit_key(hmac_key, &["writes", user_id]),
        WRITE_WINDOW_MS,
        now,
    )?;
    if w.hits > i64::from(per_minute) {
        return Ok(Err(TooMany {
            retry_after_secs: seconds_until(w.ends_at, now),
            message: format!("Too many changes: at most {per_minute} a minute per user."),
        }));
    }
    tx.commit()?;
    Ok(Ok(()))
}

/// Middleware of the token routes: a write (any method but GET, HEAD and OPTIONS) by a
/// signed-in user is counted against `--writes-per-minute` before it is handled, and refused
/// with 429 past it. A request without a valid user JWT goes on to be refused by its handler.
pub async fn limit_writes(
    axum::extract::State(state): axum::extract::State<crate::app::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::http::Method;
    let reads = [Method::GET, Method::HEAD, Method::OPTIONS];
    if state.writes_per_minute == 0 || reads.contains(req.method()) {
        return next.run(req).await;
    }
    let user = crate::auth::bearer_in(req.headers())
        .and_then(|jwt| crate::auth::verify(&state.keys.jwt, jwt, crate::auth::now_secs()).ok())
        .filter(|claims| claims.typ == crate::auth::TYP_USER);
    let Some(claims) = user else {
        return next.run(req).await;
    };
    let (keys, per_minute) = (state.keys.clone(), state.writes_per_minute);
    let counted = state
        .db(move |c| count_write(c, &keys.secret, &claims.sub, per_minute, now_ms()))
        .await;
    match counted {
        Ok(Ok(())) => next.run(req).await,
        Ok(Err(too_many)) => {
            tracing::info!("write refused by the rate limit");
            too_many.into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// 409 when a new token would take `tenant_id` past `per_tenant` tokens, or its creator
/// `user_id` past `per_user` tokens created that still exist (0: no limit). Call inside the
/// transaction that creates: what it counts holds until that transaction ends.
pub fn check_token_counts(
    c: &Conn,
    tenant_id: &str,
    user_id: &str,
    per_tenant: u32,
    per_user: u32,
) -> crate::error::AppResult<()> {
    if per_tenant == 0 && per_user == 0 {
        return Ok(());
    }
    crate::store::lock_tenant_tokens(c, tenant_id)?;
    let (tenant, by_user) = crate::store::token_counts(c, tenant_id, user_id)?;
    let conflict = |m: String| crate::error::AppError::new(StatusCode::CONFLICT, m);
    if per_tenant > 0 && tenant >= i64::from(per_tenant) {
        return Err(conflict(format!(
            "This account has {tenant} tokens, the most it may have ({per_tenant}): delete \
             one before creating another."
        )));
    }
    if per_user > 0 && by_user >= i64::from(per_user) {
        return Err(conflict(format!(
            "You have created {by_user} tokens that still exist, the most one user may have \
             ({per_user}): delete one before creating another."
        )));
    }
    Ok(())
}

/// Deletes the windows that ended before `now`.
pub fn prune(c: &Conn, now: i64) -> Result<usize> {
    c.execute(
        "DELETE FROM limit_windows WHERE ends_at <= ?1",
        params![now],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Conn {
        let c = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        crate::db::migrate_for_tests(&c);
        c
    }

    const KEY: &[u8] = b"test key";

    #[test]
    fn an_address_gets_its_per_minute_allowance() {
        let l = Limiter::default();
        for _ in 0..5 {
            assert_eq!(l.per_address("9.9.9.9", 5), Ok(()));
        }
        let refused = l.per_address("9.9.9.9", 5).unwrap_err();
        assert!(refused.retry_after_secs >= 59 && refused.retry_after_secs <= 60);
        assert_eq!(l.per_address("8.8.8.8", 5), Ok(()));
    }

    #[test]
    fn a_window_resets() {
        let l = Limiter::default();
        assert_eq!(l.hit("k", 1, Duration::from_millis(30)), None);
        assert!(l.hit("k", 1, Duration::from_millis(30)).is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(l.hit("k", 1, Duration::from_millis(30)), None);
    }

    #[test]
    fn failures_lock_the_address_for_the_account_until_the_window_ends() {
        let c = db();
        let t0 = 1_000_000;
        for i in 0..FAILURES {
            assert!(reserve_check(&c, KEY, "sign-in", "a@x", "1.1.1.1", t0 + i)
                .unwrap()
                .is_ok());
        }
        let refused = reserve_check(&c, KEY, "sign-in", "a@x", "1.1.1.1", t0 + 20)
            .unwrap()
            .unwrap_err();
        assert_eq!(refused.retry_after_secs, 300);
        assert_eq!(refused.message, "Too many failed attempts.");
        // Another address, another account, the other door: not locked.
        for (door, account, ip) in [
            ("sign-in", "a@x", "2.2.2.2"),
            ("sign-in", "b@x", "1.1.1.1"),
            ("exchange", "a@x", "1.1.1.1"),
        ] {
            assert!(
                reserve_check(&c, KEY, door, account, ip, t0 + 30)
                    .unwrap()
                    .is_ok(),
                "{door} {account} {ip}"
            );
        }
        // The window ends: the address may try again.
        assert!(
            reserve_check(&c, KEY, "sign-in", "a@x", "1.1.1.1", t0 + FAILURE_WINDOW_MS)
                .unwrap()
                .is_ok()
        );
    }

    #[test]
    fn a_check_that_succeeds_gives_its_place_back() {
        let c = db();
        for i in 0..3 * FAILURES {
            let r = reserve_check(&c, KEY, "exchange", "c1", "1.1.1.1", 1000 + i)
                .unwrap()
                .unwrap();
            release(&c, &r).unwrap();
        }
        let hits: i64 = c
            .query_row("SELECT sum(hits) FROM limit_windows", params![], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(hits, 0);
    }

    #[test]
    fn past_the_ceiling_an_account_is_slowed_not_locked() {
        let c = db();
        let t0 = 5_000_000;
        // CEILING failures from CEILING / FAILURES addresses, each at its own limit.
        for i in 0..CEILING {
            let ip = format!("10.0.0.{}", i / FAILURES);
            assert!(reserve_check(&c, KEY, "exchange", "c1", &ip, t0)
                .unwrap()
                .is_ok());
        }
        // A new address: one check now, the next a second later.
        assert!(reserve_check(&c, KEY, "exchange", "c1", "192.0.2.1", t0)
            .unwrap()
            .is_ok());
        let slowed = reserve_check(&c, KEY, "exchange", "c1", "192.0.2.2", t0 + 10)
            .unwrap()
            .unwrap_err();
        assert_eq!(slowed.retry_after_secs, 1);
        assert!(
            slowed.message.contains("many addresses"),
            "{}",
            slowed.message
        );
        // A refused attempt counted nowhere: 192.0.2.2 has its 10 once the second is up.
        let r = reserve_check(&c, KEY, "exchange", "c1", "192.0.2.2", t0 + SLOWED_EVERY_MS)
            .unwrap()
            .unwrap();
        release(&c, &r).unwrap();
        // Another account is not slowed.
        assert!(
            reserve_check(&c, KEY, "exchange", "c2", "192.0.2.2", t0 + 10)
                .unwrap()
                .is_ok()
        );
    }

    #[test]
    fn writes_are_counted_per_user_and_minute() {
        let c = db();
        for i in 0..3 {
            assert_eq!(count_write(&c, KEY, "u1", 3, 1000 + i).unwrap(), Ok(()));
        }
        let refused = count_write(&c, KEY, "u1", 3, 2000).unwrap().unwrap_err();
        assert_eq!(refused.retry_after_secs, 59);
        assert!(
            refused.message.contains("at most 3 a minute"),
            "{}",
            refused.message
        );
        assert_eq!(count_write(&c, KEY, "u2", 3, 2000).unwrap(), Ok(()));
        assert_eq!(count_write(&c, KEY, "u1", 0, 2000).unwrap(), Ok(()));
        assert_eq!(
            count_write(&c, KEY, "u1", 3, 1000 + WRITE_WINDOW_MS).unwrap(),
            Ok(())
        );
        // Pruning forgets ended windows only.
        assert_eq!(prune(&c, 2000 + WRITE_WINDOW_MS).unwrap(), 1, "u2's");
        assert_eq!(prune(&c, 2000 + WRITE_WINDOW_MS).unwrap(), 0);
    }
}
