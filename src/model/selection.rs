//! The rows the user picked for a bulk revoke (issue 35): picked one by one, as a range
//! (shift: from the last one picked to this one, in the order shown), all of those shown, or
//! the unused or expired ones; kept across sorting and searching, and pruned of rows that
//! went. What a bulk revoke did to each, [`Revoked`].

use std::collections::HashSet;

use super::{Source, TokenRow};

/// A row's identity ([`TokenRow::key`], owned).
pub type Key = (Source, String);

pub fn key_of(row: &TokenRow) -> Key {
    (row.source, row.id.clone())
}

/// The keys of `rows[i]` for each of `indices` (the rows shown), in that order.
pub fn keys_at(rows: &[TokenRow], indices: &[usize]) -> Vec<Key> {
    indices.iter().map(|&i| key_of(&rows[i])).collect()
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    keys: HashSet<Key>,
    /// The row last picked or unpicked one by one: where a range starts.
    anchor: Option<Key>,
}

impl Selection {
    pub fn contains(&self, row: &TokenRow) -> bool {
        // Borrowed lookups would need the key's parts apart; a clone of an id is cheap.
        self.keys.contains(&key_of(row))
    }

    pub fn has(&self, key: &Key) -> bool {
        self.keys.contains(key)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Picks `key`, or unpicks it when picked; it becomes the anchor of a range.
    pub fn toggle(&mut self, key: Key) {
        if !self.keys.remove(&key) {
            self.keys.insert(key.clone());
        }
        self.anchor = Some(key);
    }

    /// Picks every row from the anchor to `to` in `shown`'s order (both included), as the
    /// anchor now is (picked or not); without an anchor shown, picks `to` alone.
    pub fn extend_to(&mut self, shown: &[Key], to: Key) {
        let at = |k: &Key| shown.iter().position(|s| s == k);
        let (Some(from), Some(end)) = (self.anchor.as_ref().and_then(at), at(&to)) else {
            return self.toggle(to);
        };
        let pick = self.anchor.as_ref().is_none_or(|a| self.keys.contains(a));
        let (lo, hi) = if from <= end {
            (from, end)
        } else {
            (end, from)
        };
        for k in &shown[lo..=hi] {
            if pick {
                self.keys.insert(k.clone());
            } else {
                self.keys.remove(k);
            }
        }
        self.anchor = Some(to);
    }

    /// Picks every row of `shown`, or, when all are picked already, unpicks them.
    pub fn toggle_all(&mut self, shown: &[Key]) {
        if self.all_of(shown) {
            shown.iter().for_each(|k| {
                self.keys.remove(k);
            });
        } else {
            self.keys.extend(shown.iter().cloned());
        }
    }

    /// Exactly `keys`, nothing else (the unused ones, the expired ones).
    pub fn only(&mut self, keys: Vec<Key>) {
        self.keys = keys.into_iter().collect();
        self.anchor = None;
    }

    pub fn clear(&mut self) {
        self.keys.clear();
        self.anchor = None;
    }

    /// Whether every one of `shown` (and at least one) is picked.
    pub fn all_of(&self, shown: &[Key]) -> bool {
        !shown.is_empty() && shown.iter().all(|k| self.keys.contains(k))
    }

    /// How many of `shown` are picked.
    pub fn count_of(&self, shown: &[Key]) -> usize {
        shown.iter().filter(|k| self.keys.contains(*k)).count()
    }

    /// Forgets the picked rows that are no longer in `rows`.
    pub fn retain_in(&mut self, rows: &[TokenRow]) {
        if self.keys.is_empty() {
            return;
        }
        let there: HashSet<Key> = rows.iter().map(key_of).collect();
        self.keys.retain(|k| there.contains(k));
        if self.anchor.as_ref().is_some_and(|a| !there.contains(a)) {
            self.anchor = None;
        }
    }

    /// The picked rows, in `rows`' order.
    pub fn rows_in(&self, rows: &[TokenRow]) -> Vec<TokenRow> {
        rows.iter().filter(|r| self.contains(r)).cloned().collect()
    }
}

/// What a bulk revoke did (or, checked first, would do) to one token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revoked {
    /// Revoked (or will be).
    Yes,
    /// It was gone already: nothing left to revoke.
    NotFound,
    /// The backend, or the tab's own check against a backend that has none, says the user may
    /// not: why.
    NotAllowed(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(id: &str) -> Key {
        (Source::AccountClients, id.to_string())
    }

    fn shown(ids: &[&str]) -> Vec<Key> {
        ids.iter().map(|i| k(i)).collect()
    }

    #[test]
    fn one_by_one_and_ranges_in_the_order_shown() {
        let order = shown(&["a", "b", "c", "d", "e"]);
        let mut s = Selection::default();
        s.toggle(k("b"));
        s.extend_to(&order, k("d"));
        assert_eq!(s.count_of(&order), 3, "b, c and d");
        assert!(!s.has(&k("a")) && !s.has(&k("e")));
        // Backwards from the new anchor, d: up to a.
        s.extend_to(&order, k("a"));
        assert_eq!(s.count_of(&order), 4);
        // A range from an unpicked anchor unpicks.
        s.toggle(k("c"));
        s.extend_to(&order, k("e"));
        assert!(!s.has(&k("c")) && !s.has(&k("d")) && !s.has(&k("e")));
        assert!(s.has(&k("a")) && s.has(&k("b")));
        // In another order (sorted otherwise), the range follows what is shown.
        let mut s = Selection::default();
        s.toggle(k("e"));
        s.extend_to(&shown(&["e", "a", "c"]), k("c"));
        assert_eq!(s.len(), 3);
        // Without an anchor among those shown, a shift-click picks the one row.
        let mut s = Selection::default();
        s.extend_to(&order, k("c"));
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn all_shown_only_some_and_what_is_kept() {
        let order = shown(&["a", "b", "c"]);
        let mut s = Selection::default();
        s.toggle(k("z")); // picked, then searched away: kept
        s.toggle_all(&order);
        assert!(s.all_of(&order));
        assert_eq!(s.len(), 4);
        s.toggle_all(&order);
        assert_eq!(s.len(), 1, "all shown unpicked; the hidden one stays");
        assert!(!s.all_of(&[]), "nothing shown is not all picked");
        s.only(shown(&["b", "c"]));
        assert_eq!(s.len(), 2);
        assert!(!s.has(&k("z")));
        let rows: Vec<TokenRow> = ["a", "c"]
            .iter()
            .map(|id| TokenRow::new(Source::AccountClients, *id))
            .collect();
        s.retain_in(&rows);
        assert_eq!(s.len(), 1, "b went");
        assert_eq!(s.rows_in(&rows), vec![rows[1].clone()]);
        // The same id in another source is another row.
        assert!(!s.has(&(Source::PersonalClients, "c".to_string())));
        s.clear();
        assert!(s.is_empty());
    }
}
