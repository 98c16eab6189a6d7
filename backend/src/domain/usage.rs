//! Where and how much each token is used (issue 34, our extension): the uses and refused
//! attempts counted in an instance's memory between two flushes ([`UsageCounts`]), and what is
//! read back (per day, and the recent addresses). Counting in memory keeps the exchange from
//! waiting on a write per use; the flush adds the counts to the database, so several
//! instances add up and a crash loses at most one flush interval.

use std::collections::HashMap;

use super::Timestamp;

/// How many recent addresses are kept per token.
pub const RECENT_ADDRESSES: usize = 10;

/// How many days of counts are kept, and the most a read may ask for.
pub const USAGE_DAYS: i64 = 90;

/// A day as stored and sent: `YYYY-MM-DD`, in UTC.
pub fn day_of(t: Timestamp) -> String {
    t.datetime().format("%Y-%m-%d").to_string()
}

/// One address a token was used from, between flushes or as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub first: Timestamp,
    pub last: Timestamp,
    pub uses: i64,
}

/// The counts since the last flush.
#[derive(Debug, Default)]
pub struct UsageCounts {
    /// (token id, day) → (uses, refused).
    pub days: HashMap<(String, String), (i64, i64)>,
    /// (token id, address) → when and how often.
    pub addresses: HashMap<(String, String), Seen>,
}

impl UsageCounts {
    /// Token `id` authenticated from `ip` at `at`.
    pub fn note_use(&mut self, id: &str, ip: &str, at: Timestamp) {
        self.days.entry((id.to_string(), day_of(at))).or_default().0 += 1;
        let seen = self
            .addresses
            .entry((id.to_string(), ip.to_string()))
            .or_insert(Seen {
                first: at,
                last: at,
                uses: 0,
            });
        seen.first = seen.first.min(at);
        seen.last = seen.last.max(at);
        seen.uses += 1;
    }

    /// An attempt with token `id`'s id or secret was refused at `at` (a wrong secret, expired,
    /// disabled). Only for a token that exists: nobody fills the table with made-up ids.
    pub fn note_refused(&mut self, id: &str, at: Timestamp) {
        self.days.entry((id.to_string(), day_of(at))).or_default().1 += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty() && self.addresses.is_empty()
    }

    /// Adds `other` (counts a failed flush could not write) back in.
    pub fn merge(&mut self, other: UsageCounts) {
        for (key, (uses, refused)) in other.days {
            let d = self.days.entry(key).or_default();
            d.0 += uses;
            d.1 += refused;
        }
        for (key, seen) in other.addresses {
            let s = self.addresses.entry(key).or_insert(Seen {
                uses: 0,
                ..seen.clone()
            });
            s.first = s.first.min(seen.first);
            s.last = s.last.max(seen.last);
            s.uses += seen.uses;
        }
    }
}

/// One day of a token's use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageDay {
    pub day: String,
    pub uses: i64,
    pub refused: i64,
}

/// A token's use: every day of the range asked for, oldest first (days without use as 0), and
/// its recent addresses, the latest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    pub days: Vec<UsageDay>,
    pub addresses: Vec<(String, Seen)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_per_token_day_and_address_and_merge_back_after_a_failed_flush() {
        let t0 = Timestamp::parse("2026-12-05T23:59:59.000Z").unwrap();
        let t1 = t0.plus_minutes(1);
        let mut c = UsageCounts::default();
        c.note_use("a", "192.0.2.1", t1);
        c.note_use("a", "192.0.2.1", t0);
        c.note_refused("a", t0);
        c.note_use("b", "2001:db8::1", t1);
        assert_eq!(c.days[&("a".into(), "2026-12-05".into())], (1, 1));
        assert_eq!(c.days[&("a".into(), "2026-12-06".into())], (1, 0));
        let seen = &c.addresses[&("a".into(), "192.0.2.1".into())];
        assert_eq!((seen.first, seen.last, seen.uses), (t0, t1, 2));

        let mut again = UsageCounts::default();
        again.note_use("a", "192.0.2.1", t1.plus_minutes(5));
        again.merge(c);
        assert_eq!(again.days[&("a".into(), "2026-12-06".into())], (2, 0));
        let seen = &again.addresses[&("a".into(), "192.0.2.1".into())];
        assert_eq!(
            (seen.first, seen.last, seen.uses),
            (t0, t1.plus_minutes(5), 3)
        );
        assert!(!again.is_empty() && UsageCounts::default().is_empty());
    }
}
