//! Token lists kept rendered: a tenant with 10,000 tokens is read far more often than it
//! changes, and reading plus serialising those rows costs ~90 ms where handing out the kept
//! bytes costs almost nothing.
//!
//! Each list is kept with the version of its tenant's tokens it was read at, and handed out
//! only while that version is still the current one, which every request reads (one indexed
//! row, `store::tokens_version`, in the same snapshot as the rows when they are read). The
//! version is bumped by triggers in the same transaction as any change to the tenant's tokens
//! (`migrations/0002_token_versions.sql`, and the same triggers on PostgreSQL in
//! `migrations/postgres/0001_schema.sql`), so no write can leave a stale list behind: not a
//! new code path that forgets to say so, not another process or instance writing the same
//! database, not a change made by hand (`tests/instances.rs` checks each instance's next list
//! after every write through the other).

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

use crate::domain::ListId;

/// Lists kept at most; past this, everything kept is dropped (cheap, and rare).
pub const MAX_LISTS: usize = 1024;

#[derive(Default)]
pub struct ListCache {
    /// Each list's rendering, with the version of its tenant's tokens it was read at.
    lists: Mutex<HashMap<ListId, (i64, Bytes)>>,
}

impl ListCache {
    /// The rendering of `list` kept at `version`, its tenant's current one; a rendering kept at
    /// another version is stale and dropped.
    pub fn get(&self, list: &ListId, version: i64) -> Option<Bytes> {
        let mut lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        match lists.get(list) {
            Some((kept, body)) if *kept == version => Some(body.clone()),
            Some(_) => {
                lists.remove(list);
                None
            }
            None => None,
        }
    }

    /// Keeps `body`, rendered from `list`'s rows read at `version` (read before the rows),
    /// unless a rendering read at a later version is kept already.
    pub fn put(&self, list: ListId, version: i64, body: Bytes) {
        let mut lists = self.lists.lock().unwrap_or_else(|e| e.into_inner());
        if lists.get(&list).is_some_and(|(kept, _)| *kept > version) {
            return;
        }
        if lists.len() >= MAX_LISTS && !lists.contains_key(&list) {
            lists.clear();
        }
        lists.insert(list, (version, body));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_tokens_rules::Source;

    fn list(tenant: &str, user: Option<&str>) -> ListId {
        match user {
            Some(user) => ListId::seen_by(Source::PersonalClients, tenant, user),
            None => ListId::seen_by(Source::AccountClients, tenant, "u0"),
        }
    }

    #[test]
    fn a_list_is_served_only_at_the_version_it_was_read_at() {
        let c = ListCache::default();
        c.put(list("acme", None), 3, Bytes::from_static(b"[1]"));
        c.put(list("acme", Some("u1")), 3, Bytes::from_static(b"[2]"));
        c.put(list("globex", None), 0, Bytes::from_static(b"[3]"));
        assert_eq!(c.get(&list("acme", None), 3).as_deref(), Some(&b"[1]"[..]));
        // The tenant's tokens changed: stale, and dropped.
        assert_eq!(c.get(&list("acme", None), 4), None);
        assert_eq!(c.get(&list("acme", None), 3), None);
        assert_eq!(
            c.get(&list("acme", Some("u1")), 3).as_deref(),
            Some(&b"[2]"[..])
        );
        assert_eq!(c.get(&list("acme", Some("u2")), 3), None);
        assert_eq!(
            c.get(&list("globex", None), 0).as_deref(),
            Some(&b"[3]"[..])
        );
    }

    #[test]
    fn an_older_rendering_never_replaces_a_newer_one() {
        let c = ListCache::default();
        // Two readers raced with a change: the one that read after it finished first.
        c.put(list("acme", None), 5, Bytes::from_static(b"[new]"));
        c.put(list("acme", None), 4, Bytes::from_static(b"[old]"));
        assert_eq!(
            c.get(&list("acme", None), 5).as_deref(),
            Some(&b"[new]"[..])
        );
        c.put(list("acme", None), 6, Bytes::from_static(b"[newer]"));
        assert_eq!(
            c.get(&list("acme", None), 6).as_deref(),
            Some(&b"[newer]"[..])
        );
    }

    #[test]
    fn the_number_of_kept_lists_is_bounded() {
        let c = ListCache::default();
        for i in 0..MAX_LISTS + 10 {
            c.put(list(&format!("t{i}"), None), 0, Bytes::new());
        }
        assert!(c.lists.lock().unwrap().len() <= MAX_LISTS);
    }
}
