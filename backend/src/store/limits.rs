//! The limits' counts in the database (`limit_windows`, migration 0006), so they hold across
//! instances sharing it: failed checks of a password or secret per account and address and per
//! account, and a user's writes. What each limit is: `service::limits`.

use crate::db::{Conn, Result};
use crate::domain::TooMany;
use crate::params;

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
    crate::crypto::secrets::hash(hmac_key, &parts.join("\u{0}"))
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
        crate::db::migrate::migrate_for_tests(&c);
        c
    }

    const KEY: &[u8] = b"test key";

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
