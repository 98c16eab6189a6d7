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
//! Both account limits are counted in the database (`limit_windows`, migration 0006; `store::limits`), so they
//! hold across instances sharing it, and **before** the password or secret is checked: each
//! attempt takes its place in the counts inside one transaction ([`reserve_check`]), a check
//! that succeeds gives its place back ([`release`]), one that fails keeps it. So of 40
//! attempts arriving at once only 10 are checked, whichever instance each reaches. An attempt
//! refused by a limit is not counted.
//!
//! - **A user's writes** (create, edit, roll, end a window, delete): at most
//!   `--writes-per-minute` a minute per user, counted in the database too ([`count_write`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Service;
use crate::db::Conn;
use crate::domain::{Error, Result, TooMany};
use crate::store;
use crate::store::limits::{now_ms, Reservation};

/// `--attempts-per-minute`'s default.
pub const ATTEMPTS_PER_MINUTE: u32 = 300;
/// `--writes-per-minute`'s default.
pub const WRITES_PER_MINUTE: u32 = 120;
/// `--max-tokens-per-tenant`'s default.
pub const TOKENS_PER_TENANT: u32 = 1000;
/// `--max-tokens-per-user`'s default.
pub const TOKENS_PER_USER: u32 = 100;

const IP_WINDOW: Duration = Duration::from_secs(60);
/// Above this many keys, expired windows are swept on the next hit.
const SWEEP_AT: usize = 10_000;

/// The per-address attempt rate, in this instance's memory (fixed windows; a restart forgets
/// them, which is fine for a throughput limit).
#[derive(Default)]
pub struct Limiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
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

impl Service {
    /// Counts a write by user `user_id` against `--writes-per-minute`: [`Error::TooMany`] when
    /// it is one too many (then it is not counted).
    pub async fn count_write(&self, user_id: String) -> Result<()> {
        let per_minute = self.config.writes_per_minute;
        if per_minute == 0 {
            return Ok(());
        }
        let key = self.keys.clone();
        self.write(move |c| {
            store::limits::count_write(c, &key.secret, &user_id, per_minute, now_ms())?
                .map_err(Error::TooMany)
        })
        .await
    }

    /// Runs `attempt` at `door` ("sign-in", "exchange") for `account` from `ip` unless a limit
    /// refuses it: the attempt is counted in the database before its password or secret is
    /// checked, and gives its place back unless it was refused (401).
    pub(super) async fn limited<T>(
        &self,
        door: &'static str,
        ip: IpAddr,
        account: &str,
        attempt: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        let ip = ip.to_string();
        self.limiter
            .per_address(&ip, self.config.attempts_per_minute)
            .map_err(|too_many| {
                tracing::info!(route = door, "attempt refused by the rate limit");
                Error::TooMany(too_many)
            })?;
        let (keys, account) = (self.keys.clone(), account.to_string());
        let reservation: Reservation = self
            .write(move |c| {
                store::limits::reserve_check(c, &keys.secret, door, &account, &ip, now_ms())?
                    .map_err(|too_many| {
                        tracing::info!(route = door, "attempt refused by the rate limit");
                        Error::TooMany(too_many)
                    })
            })
            .await?;
        let result = attempt.await;
        if !matches!(&result, Err(Error::Unauthorized(_))) {
            // Not a failed check: its place goes back. Failing to give it back costs the
            // account one attempt in this window, no more: logged, and the answer stands.
            let given_back = self
                .write(move |c| Ok(store::limits::release(c, &reservation)?))
                .await;
            if given_back.is_err() {
                tracing::warn!("an attempt's place was not given back");
            }
        }
        result
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
) -> Result<()> {
    if per_tenant == 0 && per_user == 0 {
        return Ok(());
    }
    store::lock_tenant_tokens(c, tenant_id)?;
    let (tenant, by_user) = store::token_counts(c, tenant_id, user_id)?;
    let conflict = Error::Conflict;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
