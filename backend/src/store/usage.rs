//! A token's use (issue 34): the counts an instance kept since its last flush added to the
//! database (so instances add up), read back per day with the recent addresses, and pruned
//! after 90 days.

use std::collections::{BTreeMap, BTreeSet};

use crate::db::{Conn, Result};
use crate::domain::usage::{day_of, Seen, Usage, UsageCounts, UsageDay, RECENT_ADDRESSES};
use crate::domain::Timestamp;
use crate::params;

/// Adds `counts` to the stored ones, and keeps each token's [`RECENT_ADDRESSES`] latest
/// addresses. Call inside a transaction.
pub fn add_usage(c: &Conn, counts: &UsageCounts) -> Result<()> {
    // In key order: two instances flushing at once take the rows' locks in the same order.
    let days: BTreeMap<_, _> = counts.days.iter().collect();
    for ((id, day), (uses, refused)) in days {
        c.execute(
            "INSERT INTO token_usage_days (token_id, day, uses, refused) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (token_id, day) DO UPDATE SET \
                 uses = token_usage_days.uses + excluded.uses, \
                 refused = token_usage_days.refused + excluded.refused",
            params![id, day, uses, refused],
        )?;
    }
    let addresses: BTreeMap<_, _> = counts.addresses.iter().collect();
    let mut tokens = BTreeSet::new();
    for ((id, ip), seen) in addresses {
        c.execute(
            "INSERT INTO token_addresses (token_id, ip, first_seen, last_seen, uses) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (token_id, ip) DO UPDATE SET \
                 first_seen = CASE WHEN excluded.first_seen < token_addresses.first_seen \
                     THEN excluded.first_seen ELSE token_addresses.first_seen END, \
                 last_seen = CASE WHEN excluded.last_seen > token_addresses.last_seen \
                     THEN excluded.last_seen ELSE token_addresses.last_seen END, \
                 uses = token_addresses.uses + excluded.uses",
            params![id, ip, seen.first, seen.last, seen.uses],
        )?;
        tokens.insert(id);
    }
    for id in tokens {
        c.execute(
            "DELETE FROM token_addresses WHERE token_id = ?1 AND ip NOT IN \
             (SELECT ip FROM token_addresses WHERE token_id = ?1 \
              ORDER BY last_seen DESC, ip LIMIT ?2)",
            params![id, RECENT_ADDRESSES as i64],
        )?;
    }
    Ok(())
}

/// Token `id`'s use over the `days` days up to `now` (today included), and its recent
/// addresses.
pub fn token_usage(c: &Conn, id: &str, days: i64, now: Timestamp) -> Result<Usage> {
    let first = now.plus_minutes(-(days - 1) * 1440);
    let stored: BTreeMap<String, (i64, i64)> = c
        .query(
            "SELECT day, uses, refused FROM token_usage_days WHERE token_id = ?1 AND day >= ?2",
            params![id, day_of(first)],
        )?
        .map(|r| Ok((r.get("day")?, (r.get("uses")?, r.get("refused")?))))?
        .into_iter()
        .collect();
    let days = (0..days)
        .map(|n| {
            let day = day_of(first.plus_minutes(n * 1440));
            let (uses, refused) = stored.get(&day).copied().unwrap_or_default();
            UsageDay { day, uses, refused }
        })
        .collect();
    let addresses = c
        .query(
            "SELECT ip, first_seen, last_seen, uses FROM token_addresses WHERE token_id = ?1 \
             ORDER BY last_seen DESC, ip",
            params![id],
        )?
        .map(|r| {
            Ok((
                r.get("ip")?,
                Seen {
                    first: r.get("first_seen")?,
                    last: r.get("last_seen")?,
                    uses: r.get("uses")?,
                },
            ))
        })?;
    Ok(Usage { days, addresses })
}

/// Deletes the counts of days before `before`, and the addresses last seen before it.
pub fn prune_usage(c: &Conn, before: Timestamp) -> Result<usize> {
    let days = c.execute(
        "DELETE FROM token_usage_days WHERE day < ?1",
        params![day_of(before)],
    )?;
    let addresses = c.execute(
        "DELETE FROM token_addresses WHERE last_seen < ?1",
        params![before],
    )?;
    Ok(days + addresses)
}
